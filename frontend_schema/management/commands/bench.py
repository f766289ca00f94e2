"""``make bench``: the GraphQL API against Wagtail's API v2 over HTTP, on one production server.

Builds the data set (``load_demo --extra-*``), counts each scenario's SQL queries in-process,
starts gunicorn with ``deploy/gunicorn.conf.py`` and ``cms.settings.bench`` (production settings,
DEBUG off, plus Wagtail's API v2), drives every scenario of ``cms.bench.workload`` at each
number of clients, interleaved and repeated, checks every answer, and prints throughput, p50 and
p99 latency, the ratios, SQL counts and the workers' memory. The server is stopped on exit.
Exits with an error if any answer was wrong.
"""

import http.client
import multiprocessing
import os
import signal
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from wagtail.images import get_image_model

from campaign.models import CampaignPostPage, OrganisationPage, SupporterPage
from cms.bench.load import GunicornServer, Measurement, free_port, load_run
from cms.bench.urls import PLAIN_BODY_FILE
from cms.bench.workload import (
    expected_from,
    graphql_home_content,
    scenarios_build,
    sql_queries_count,
    targets_find,
    v2_home_content,
)

# The size issue 10 measured: --full.
FULL_SIZE = {"posts": 5000, "organisations": 1075, "supporters": 2000}
HOST = "127.0.0.1"
# (label, numerator, denominator, target) scenario pairs whose throughput ratios are printed,
# with the target for each: uncached GraphQL at least twice Wagtail's API v2, a cached
# GET at least 0.8 of the plain view answering the same bytes from memory.
RATIOS = (
    ("home: GraphQL / v2", "graphql home", "v2 home", 2.0),
    ("20 posts: GraphQL / v2", "graphql posts", "v2 posts", 2.0),
    ("cached GET / plain view", "cached GET", "plain view", 0.8),
)
# The issue's bound on the home page query's SQL queries (also tests' HOME_PAGE_QUERIES).
HOME_SQL_TARGET = 8


def client_counts(value: str) -> list[int]:
    counts = [int(part) for part in value.split(",") if part.strip()]
    if not counts or min(counts) < 1:
        raise ValueError(value)
    return counts


class Command(BaseCommand):
    help = (
        "Benchmark the GraphQL API against Wagtail's API v2 over HTTP on one gunicorn server "
        "(run with DJANGO_SETTINGS_MODULE=cms.settings.bench, as `make bench` does)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--posts", type=int, default=500, help="Synthetic posts (at least).")
        parser.add_argument(
            "--organisations", type=int, default=200, help="Synthetic organisations (at least)."
        )
        parser.add_argument(
            "--supporters", type=int, default=200, help="Synthetic supporters (at least)."
        )
        parser.add_argument(
            "--full",
            action="store_true",
            help="The data set of issue 10: 5,000 posts, 1,075 organisations, 2,000 supporters.",
        )
        parser.add_argument(
            "--clients",
            type=client_counts,
            default=[1, 4, 16],
            help="Concurrent clients, comma-separated (default 1,4,16).",
        )
        parser.add_argument(
            "--duration", type=float, default=3.0, help="Seconds per measurement (default 3)."
        )
        parser.add_argument(
            "--rounds", type=int, default=3, help="Rounds over every scenario (default 3)."
        )
        parser.add_argument(
            "--warmup", type=float, default=1.0, help="Seconds of warm-up per scenario."
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=multiprocessing.cpu_count() * 2 + 1,
            help="gunicorn workers (default: deploy/gunicorn.conf.py's, 2 × cores + 1).",
        )
        parser.add_argument("--port", type=int, default=0, help="Port (default: a free one).")

    def handle(self, *args, **options):
        if settings.ROOT_URLCONF != "cms.bench.urls":
            raise CommandError(
                "Run the benchmark with DJANGO_SETTINGS_MODULE=cms.settings.bench "
                "(`make bench` does)."
            )
        bench_dir = Path(settings.BENCH_DIR)
        bench_dir.mkdir(parents=True, exist_ok=True)
        Path(settings.STATIC_ROOT).mkdir(exist_ok=True)
        # Ctrl-C and SIGTERM both end in the `with` blocks' exits, which stop the server.
        signal.signal(signal.SIGTERM, signal.default_int_handler)
        size = FULL_SIZE if options["full"] else {k: options[k] for k in FULL_SIZE}
        self.data_set_build(size)
        targets = targets_find()
        client = Client(HTTP_HOST=HOST)
        sql = self.in_process_checks(client, targets)
        expected, scenarios, sql_counts = sql
        port = options["port"] or free_port(HOST)
        plain_body_file = bench_dir / "plain-body.json"
        plain_body_file.unlink(missing_ok=True)
        env = {
            "DJANGO_SETTINGS_MODULE": "cms.settings.bench",
            "GUNICORN_WORKERS": str(options["workers"]),
            "GUNICORN_LOG_LEVEL": "warning",
            "RUNTIME_DIRECTORY": str(bench_dir),
            PLAIN_BODY_FILE: str(plain_body_file),
        }
        load_before = _load_average()
        self.stdout.write(f"\nStarting gunicorn ({options['workers']} workers) on {HOST}:{port}")
        # The database connection is not inherited by the workers; close it before they fork.
        connection.close()
        with GunicornServer(host=HOST, port=port, env=env, log_path=bench_dir / "gunicorn.log") as (
            server
        ):
            self.plain_body_write(server, scenarios, plain_body_file)
            results = self.measure(server, scenarios, **options)
        self.report(results, scenarios, sql_counts, options["clients"])
        self.stdout.write(
            f"Machine: {os.cpu_count()} cores; load average {load_before} before the server "
            f"started, {_load_average()} at the end (the load generator runs on it too)."
        )
        failed = sum(
            m.failed for by_clients in results["runs"].values() for m in by_clients.values()
        )
        if failed:
            raise CommandError(f"{failed} answers were wrong (see above).")

    def data_set_build(self, size: dict[str, int]) -> None:
        self.stdout.write(f"Database: {connection.vendor} ({connection.settings_dict['NAME']})")
        call_command("migrate", interactive=False, verbosity=0)
        call_command(
            "load_demo",
            extra_posts=size["posts"],
            extra_organisations=size["organisations"],
            extra_supporters=size["supporters"],
            verbosity=1,
            stdout=self.stdout,
        )
        posts = CampaignPostPage.objects.live()
        organisations = OrganisationPage.objects.live()
        self.stdout.write(
            f"Data set: {posts.count()} posts ({posts.filter(hero_image__isnull=False).count()} "
            f"with a hero image), {organisations.count()} organisations "
            f"({organisations.filter(logo__isnull=False).count()} with a logo), "
            f"{SupporterPage.objects.live().count()} supporters, "
            f"{get_image_model().objects.count()} images"
        )

    def in_process_checks(self, client, targets):
        """Run every scenario in-process: renditions made, answers compared, SQL counted."""
        draft = scenarios_build(targets, expected=None)
        home_body = sql_queries_count(client, draft["graphql home"])[0][0]
        posts_body = sql_queries_count(client, draft["graphql posts"])[0][0]
        expected = expected_from(home_body, posts_body)
        scenarios = scenarios_build(targets, expected)
        sql_counts = {}
        for name, scenario in scenarios.items():
            if name == "plain view":
                continue
            sql_queries_count(client, scenario)  # the first run makes renditions
            bodies, counts = sql_queries_count(client, scenario)
            problem = scenario.check(bodies)
            if problem:
                raise CommandError(f"{name}: {problem}")
            sql_counts[name] = counts
        sql_counts["plain view"] = [0]
        graphql = graphql_home_content(home_body)
        v2 = v2_home_content(sql_queries_count(client, scenarios["v2 home"])[0])
        self.stdout.write(
            f"Home page: {expected.demands} demands, {expected.home_posts} posts, "
            f"{expected.organisations} organisations; page of posts: {expected.page_posts}"
        )
        different = [key for key in graphql if graphql[key] != v2[key]]
        self.stdout.write(
            "GraphQL and API v2 home pages: "
            + (f"DIFFERENT {', '.join(different)}" if different else f"same {', '.join(graphql)}")
        )
        return expected, scenarios, sql_counts

    def plain_body_write(self, server, scenarios, plain_body_file: Path) -> None:
        """The plain view's bytes: the server's own answer to the cached GET."""
        request = scenarios["cached GET"].requests[0]
        connection = http.client.HTTPConnection(server.host, server.port, timeout=120)
        connection.request(request.method, request.path, headers=request.headers)
        response = connection.getresponse()
        body = response.read()
        connection.close()
        if response.status != 200:
            raise CommandError(f"The GraphQL GET answered {response.status}.")
        plain_body_file.write_bytes(body)

    def measure(self, server, scenarios, *, clients, duration, rounds, warmup, **options):
        names = list(scenarios)
        run = {"host": server.host, "port": server.port}
        self.stdout.write(f"Warm-up: {warmup} s per scenario")
        for name in names:
            load_run(**run, scenario=scenarios[name], clients=min(4, max(clients)), duration=warmup)
        memory_start = server.workers_rss()
        runs = {name: {count: Measurement() for count in clients} for name in names}
        for round_number in range(rounds):
            # Every other round runs the scenarios in reverse order, so that no scenario always
            # follows the same one (drift in the machine's load falls on both sides).
            order = names if round_number % 2 == 0 else names[::-1]
            self.stdout.write(f"Round {round_number + 1} of {rounds}")
            for count in clients:
                for name in order:
                    measurement = load_run(
                        **run, scenario=scenarios[name], clients=count, duration=duration
                    )
                    runs[name][count].add(measurement)
        return {"runs": runs, "memory": (memory_start, server.workers_rss())}

    def report(self, results, scenarios, sql_counts, clients) -> None:
        runs = results["runs"]
        write = self.stdout.write
        write("\nThroughput (pages/s) and latency (ms) per page; a page is every request listed.")
        write(
            f"{'scenario':15} {'clients':>7} {'pages/s':>9} {'p50 ms':>8} {'p99 ms':>8} "
            f"{'pages':>7} {'wrong':>6}"
        )
        for name, by_clients in runs.items():
            for count, m in by_clients.items():
                write(
                    f"{name:15} {count:7d} {m.throughput:9.1f} {m.percentile(0.5) * 1000:8.1f} "
                    f"{m.percentile(0.99) * 1000:8.1f} {m.units:7d} {m.failed:6d}"
                )
                for failure in m.failures:
                    write(f"  wrong answer: {failure}")
        write("\nRatios (throughput; p50 and p99 latency, numerator / denominator)")
        write(f"{'':26} {'clients':>7} {'pages/s':>8} {'p50':>7} {'p99':>7}")
        for label, top, bottom, _target in RATIOS:
            for count in clients:
                a, b = runs[top][count], runs[bottom][count]
                write(
                    f"{label:26} {count:7d} {_ratio(a.throughput, b.throughput):>8} "
                    f"{_ratio(a.percentile(0.5), b.percentile(0.5)):>7} "
                    f"{_ratio(a.percentile(0.99), b.percentile(0.99)):>7}"
                )
        write("\nSQL queries per page (in-process, second run; per request for API v2)")
        for name, counts in sql_counts.items():
            detail = f" ({' + '.join(map(str, counts))})" if len(counts) > 1 else ""
            write(f"  {name:15} {sum(counts):5d}{detail}")
        uncached, repeat = sum(sql_counts["graphql home"]), sum(sql_counts["cached GET"])
        if uncached == 0:
            write("  The server answered the repeated POST from a cache too: 'graphql home' is not")
            write("  an uncached figure, and neither are the GraphQL / v2 ratios.")
        if repeat == 0:
            write("  The server answered the repeated GET from a cache (no SQL queries).")
        else:
            write(
                f"  The server does not cache GraphQL answers: a repeated GET ran {repeat} SQL "
                f"queries ({uncached} for the POST), so 'cached GET' is an uncached GET."
            )
        start, end = results["memory"]
        write(f"\nWorker memory (RSS, MiB): after warm-up {_mib(start)}; at the end {_mib(end)}")
        self.targets_report(runs, sql_counts, clients)

    def targets_report(self, runs, sql_counts, clients) -> None:
        """Whether each target of the issue was met in this run, at every number of clients."""
        write = self.stdout.write
        write("\nTargets (throughput ratios of this run, at every number of clients)")
        for label, top, bottom, target in RATIOS:
            ratios = [
                runs[top][count].throughput / runs[bottom][count].throughput
                if runs[bottom][count].throughput
                else 0.0
                for count in clients
            ]
            met = all(ratio >= target for ratio in ratios)
            shown = ", ".join(f"{ratio:.2f}" for ratio in ratios)
            write(f"  {'MET    ' if met else 'NOT MET'} {label} >= {target}: {shown}")
        home_sql = sum(sql_counts["graphql home"])
        met = home_sql <= HOME_SQL_TARGET
        write(
            f"  {'MET    ' if met else 'NOT MET'} home page SQL queries <= {HOME_SQL_TARGET}: "
            f"{home_sql}"
        )


def _load_average() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def _ratio(top: float, bottom: float) -> str:
    if not bottom:
        return "-"
    # Two decimals, or two significant digits for the small ratios of an uncached GET.
    return f"{top / bottom:.2f}" if top / bottom >= 0.1 else f"{top / bottom:.2g}"


def _mib(sizes: list[int]) -> str:
    return ", ".join(f"{size / 1024:.0f}" for size in sizes) or "-"
