"""deploy/varnish.vcl in front of the CMS, end to end: Apollo Client with its persisted-queries
link asks through Varnish on loopback, gunicorn serves, an editor publishes a post in Wagtail's
admin, the task worker (``db_worker``) sends the purge by cache tag through the project's
``wagtail.contrib.frontend_cache`` backend, and the next query shows the post.

Needs Debian's varnish and varnish-modules (vmod-xkey), which `make test` installs
(`make system-packages`), Node.js and the packages of tests/clients. Without them the test
fails, saying what is missing; it never skips. It runs on the suite's database: SQLite (copied
to a file the servers share) or PostgreSQL, with Redis when REDIS_URL is set.
"""

import glob
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from django.contrib.auth import get_user_model
from django.db import connection

from campaign import factories
from tests.real_clients import run_client

ROOT = Path(__file__).resolve().parents[2]
VCL = ROOT / "deploy" / "varnish.vcl"
GUNICORN = Path(sys.executable).with_name("gunicorn")
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
# vmod-xkey, under the multiarch directory (x86_64-linux-gnu, aarch64-linux-gnu...).
XKEY = "/usr/lib/*/varnish/vmods/libvmod_xkey.so"

POSTS = """query Posts {
  posts(first: 10) { __typename totalCount edges { __typename node { __typename title } } }
}"""
PAGE = "query Page($path: String!) { page(path: $path) { __typename title } }"
HERO = """query Hero($slug: String!) {
  campaign(slug: $slug) { __typename heroImage { __typename title } }
}"""
PASSWORD = "cdn-test-password-4711"  # noqa: S105


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, log: Path, *, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        if process.poll() is not None:
            pytest.fail(f"{process.args[0]} stopped:\n{log.read_text()[-3000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                pytest.fail(
                    f"{process.args[0]} never listened on {port}:\n{log.read_text()[-3000:]}"
                )
            time.sleep(0.1)


def database_url(tmp_path: Path) -> str:
    """A DATABASE_URL for other processes, naming the data this test made: the PostgreSQL test
    database, or, for SQLite (in memory), a copy in a file."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(tmp_path / "db.sqlite3")
        connection.connection.backup(copy)
        copy.close()
        return f"sqlite:///{tmp_path / 'db.sqlite3'}"
    assert connection.vendor == "postgresql", connection.vendor
    credentials = quote(settings["USER"] or "")
    if settings["PASSWORD"]:
        credentials += ":" + quote(settings["PASSWORD"])
    host = settings["HOST"] or "127.0.0.1"
    port = settings["PORT"] or 5432
    return f"postgres://{credentials}@{host}:{port}/{settings['NAME']}"


class Stack:
    """Varnish (deploy/varnish.vcl) on loopback in front of gunicorn (deploy/gunicorn.conf.py),
    and the worker's command, sharing one environment."""

    def __init__(self, tmp_path: Path, db_url: str):
        self.tmp_path = tmp_path
        self.processes: list[subprocess.Popen] = []
        self.app_port, self.port, self.purge_port = free_port(), free_port(), free_port()
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.deploy.cdn_settings",
            "DATABASE_URL": db_url,
            "CACHE_KEY_PREFIX": f"cdn-test-{uuid.uuid4().hex}",
            "FRONTEND_CACHE_BACKEND": "http",
            "FRONTEND_CACHE_LOCATION": f"http://127.0.0.1:{self.purge_port}",
            # CDNs keep answers for an hour: only a purge makes them change within the test.
            "GRAPHQL_GET_S_MAXAGE": "3600",
            "GUNICORN_BIND": f"127.0.0.1:{self.app_port}",
            "GUNICORN_WORKERS": "1",
            "RUNTIME_DIRECTORY": str(tmp_path),
        }

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, args: list[str], name: str, port: int) -> None:
        log = self.tmp_path / f"{name}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(  # noqa: S603
                args, env=self.env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT
            )
        self.processes.append(process)
        wait_for_port(port, process, log)

    def start_all(self) -> None:
        self.start(
            [str(GUNICORN), "--config", "deploy/gunicorn.conf.py"], "gunicorn", self.app_port
        )
        vcl = VCL.read_text().replace('.port = "8000";', f'.port = "{self.app_port}";', 1)
        assert str(self.app_port) in vcl, "deploy/varnish.vcl no longer names gunicorn's port"
        (self.tmp_path / "campaign-cms.vcl").write_text(vcl)
        self.start(
            [
                VARNISHD,
                "-F",
                "-j",
                "none",  # fmt: skip
                "-n",
                str(self.tmp_path / "varnish"),  # fmt: skip
                "-a",
                f"127.0.0.1:{self.port}",  # fmt: skip
                "-a",
                f"purge=127.0.0.1:{self.purge_port}",  # fmt: skip
                "-f",
                str(self.tmp_path / "campaign-cms.vcl"),  # fmt: skip
                "-s",
                "malloc,32m",  # fmt: skip
            ],
            "varnish",
            self.port,
        )

    def run_worker(self) -> str:
        """Run the queued tasks with the worker production runs, then return its output."""
        completed = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert completed.returncode == 0, completed.stdout + completed.stderr
        return completed.stdout + completed.stderr

    def stop(self) -> None:
        """Stop the processes and drop what they stored in Redis (tag versions never expire)."""
        for process in reversed(self.processes):
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if os.environ.get("REDIS_URL"):
            import redis

            client = redis.Redis.from_url(os.environ["REDIS_URL"])
            for key in client.scan_iter(f"{self.env['CACHE_KEY_PREFIX']}:*"):
                client.delete(key)


@pytest.fixture
def stack(tmp_path, transactional_db):
    """Starts the stack on the data the test made so far (committed: a transactional test);
    stops it before the database is emptied."""
    created: list[Stack] = []

    def start() -> Stack:
        assert Path(VARNISHD).exists(), (
            "varnishd is missing: `make test` installs it (apt-get install varnish varnish-modules)"
        )
        assert glob.glob(XKEY), (
            "vmod-xkey is missing: `make test` installs it (apt-get install varnish-modules)"
        )
        started = Stack(tmp_path, database_url(tmp_path))
        created.append(started)
        started.start_all()
        return started

    yield start
    for started in created:
        started.stop()


def path_of(page) -> str:
    return "/" + page.url_path.removeprefix(page.get_site().root_page.url_path)


def titles(result: dict) -> list[str]:
    assert result["error"] is None, result["error"]
    return sorted(edge["node"]["title"] for edge in result["data"]["posts"]["edges"])


class Editor:
    """An editor signed in to Wagtail's admin through the cache (which passes every request
    carrying a cookie)."""

    def __init__(self, base_url: str, *, username: str):
        self.base_url = base_url
        self.session = requests.Session()
        signed_in = self.post(
            "/admin/login/", {"username": username, "password": PASSWORD, "next": "/admin/"}
        )
        assert signed_in.url.rstrip("/").endswith("/admin"), signed_in.text[:2000]

    def post(self, path: str, data: dict | None = None) -> requests.Response:
        """POST a form of the admin (with its CSRF token), after opening it as the editor does."""
        url = f"{self.base_url}{path}"
        assert self.session.get(url, timeout=30).status_code == 200, url
        data = {**(data or {}), "csrfmiddlewaretoken": self.session.cookies["csrftoken"]}
        response = self.session.post(url, data=data, headers={"Referer": url}, timeout=30)
        assert response.status_code == 200, response.text[:2000]
        assert response.history and response.history[0].status_code == 302, url
        return response

    def publish(self, page_id: int) -> None:
        """Publish the page with the page explorer's bulk action."""
        self.post(f"/admin/bulk/wagtailcore/page/publish/?id={page_id}&next=/admin/")

    def delete_image(self, image_id: int) -> None:
        self.post(f"/admin/images/{image_id}/delete/")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_apollo_through_varnish_sees_a_post_once_the_worker_purged_its_tags(stack, campaign_tree):
    factories.CampaignPostPageFactory(parent=campaign_tree.posts, title="Old news")
    draft = factories.CampaignPostPageFactory(
        parent=campaign_tree.posts, title="Breaking news", live=False
    )
    user = get_user_model().objects.create_superuser(
        username="editor", email="editor@example.org", password=PASSWORD
    )
    unrelated = {"path": path_of(campaign_tree.demands)}
    campaign_tree.campaign.hero_image = factories.ImageFactory(title="Crowd")
    campaign_tree.campaign.save()
    hero = {"slug": campaign_tree.campaign.slug}

    cdn = stack()
    endpoint = f"{cdn.url}/graphql/"

    # The first visitor's client sends the hash, is told the server does not know it, and sends
    # the document by POST: neither is stored. Every later query is a GET by hash alone: the first
    # one fills the cache, the next ones are answered by Varnish.
    first = run_client("apollo", endpoint, POSTS, {}, times=3)
    assert [titles(result) for result in first["results"]] == [["Old news"]] * 3
    assert [(r["method"], r["cacheStatus"]) for r in first["requests"]] == [
        ("GET", "PASS"),
        ("POST", "PASS"),
        ("GET", "MISS"),
        ("GET", "HIT"),
    ]
    assert first["requests"][0]["answer"]["errors"][0]["message"] == "PersistedQueryNotFound"
    for query, variables in ((PAGE, unrelated), (HERO, hero)):
        other = run_client("apollo", endpoint, query, variables, times=3)
        assert [r["cacheStatus"] for r in other["requests"]] == ["PASS", "PASS", "MISS", "HIT"]
    assert other["results"][0]["data"]["campaign"]["heroImage"]["title"] == "Crowd"

    editor = Editor(cdn.url, username=user.username)
    editor.publish(draft.pk)
    editor.delete_image(campaign_tree.campaign.hero_image_id)

    # Published and deleted, but the purges wait in the task queue: the CDN still has the old
    # answers.
    waiting = run_client("apollo", endpoint, POSTS, {}, times=1)
    assert [r["cacheStatus"] for r in waiting["requests"]] == ["HIT"]
    assert titles(waiting["results"][0]) == ["Old news"]
    waiting = run_client("apollo", endpoint, HERO, hero, times=1)
    assert [r["cacheStatus"] for r in waiting["requests"]] == ["HIT"]
    assert waiting["results"][0]["data"]["campaign"]["heroImage"]["title"] == "Crowd"

    cdn.run_worker()

    # The worker purged the tags of the post and its lists: the next visitor's query goes to
    # gunicorn and shows the post, and the one after is a HIT again.
    fresh = run_client("apollo", endpoint, POSTS, {}, times=2)
    assert [(r["method"], r["cacheStatus"]) for r in fresh["requests"]] == [
        ("GET", "MISS"),
        ("GET", "HIT"),
    ]
    assert [titles(result) for result in fresh["results"]] == [["Breaking news", "Old news"]] * 2
    # The image's tag was purged too: the campaign has no hero image any more.
    fresh = run_client("apollo", endpoint, HERO, hero, times=2)
    assert [r["cacheStatus"] for r in fresh["requests"]] == ["MISS", "HIT"]
    assert [result["data"]["campaign"]["heroImage"] for result in fresh["results"]] == [None] * 2
    # By tag, precisely: an answer that does not hold a post was not purged.
    after = run_client("apollo", endpoint, PAGE, unrelated, times=1)
    assert [r["cacheStatus"] for r in after["requests"]] == ["HIT"]
    assert after["results"][0]["data"]["page"]["title"] == campaign_tree.demands.title

    # A purge reaching the public listener (through the TLS proxy, from anyone) is refused.
    refused = requests.request(
        "PURGE", f"{cdn.url}/", headers={"xkey-purge": "graphql"}, timeout=10
    )
    assert refused.status_code == 403
    assert run_client("apollo", endpoint, POSTS, {}, times=1)["requests"][0]["cacheStatus"] == "HIT"
