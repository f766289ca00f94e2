"""The benchmark's pieces (cms/bench/), in-process on a tiny data set; no timings asserted.

What matters for its figures to mean anything: Wagtail's API v2 request set shows the same home
page as the GraphQL query (an apples-to-apples comparison), every check refuses a wrong answer,
the plain view answers the bytes it is given, and the load generator counts what it sends.
"""

import datetime
import http.server
import json
import threading

import pytest
from django.test import Client

from campaign import factories
from campaign.services import signature_count_record
from cms.bench.load import Measurement, load_run
from cms.bench.urls import PLAIN_BODY_FILE
from cms.bench.workload import (
    Expected,
    Request,
    Scenario,
    expected_from,
    graphql_home_content,
    scenarios_build,
    sql_queries_count,
    targets_find,
    v2_home_content,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def bench_site(campaign_tree, settings):
    settings.ROOT_URLCONF = "cms.bench.urls"
    settings.WAGTAILAPI_LIMIT_MAX = 100
    image = factories.ImageFactory()
    campaign = campaign_tree.campaign
    campaign.hero_image = image
    campaign.signature_goal = 100_000
    campaign.save()
    signature_count_record(campaign=campaign, count=71_000)
    for number in (2, 1, 3):
        factories.DemandPageFactory(parent=campaign_tree.demands, number=number)
    for day in range(25):
        factories.CampaignPostPageFactory(
            parent=campaign_tree.posts,
            hero_image=image,
            publication_date=datetime.date(2024, 1, 1) + datetime.timedelta(days=day),
        )
    for number in range(12):
        factories.OrganisationPageFactory(
            parent=campaign_tree.organisations, title=f"Organisation {number:02}", logo=image
        )
    targets = targets_find()
    client = Client(HTTP_HOST="localhost")
    draft = scenarios_build(targets, expected=None)
    expected = expected_from(
        sql_queries_count(client, draft["graphql home"])[0][0],
        sql_queries_count(client, draft["graphql posts"])[0][0],
    )
    return client, scenarios_build(targets, expected), expected


def test_api_v2_request_set_shows_the_same_home_page_as_graphql(bench_site):
    client, scenarios, expected = bench_site
    assert expected == Expected(demands=3, home_posts=10, organisations=12, page_posts=20)
    graphql_bodies, _ = sql_queries_count(client, scenarios["graphql home"])
    v2_bodies, v2_counts = sql_queries_count(client, scenarios["v2 home"])
    graphql, v2 = graphql_home_content(graphql_bodies[0]), v2_home_content(v2_bodies)
    assert graphql == v2
    assert graphql["demands"] == [1, 2, 3]
    assert graphql["counter"] == [71_000]
    assert [date for date, _ in graphql["posts"]][-1] == "2024-01-25"
    assert len(v2_counts) == 4


def test_both_pages_of_posts_are_the_same_posts(bench_site):
    client, scenarios, _ = bench_site
    graphql = json.loads(sql_queries_count(client, scenarios["graphql posts"])[0][0])
    v2 = json.loads(sql_queries_count(client, scenarios["v2 posts"])[0][0])
    assert [edge["node"]["title"] for edge in graphql["data"]["posts"]["edges"]] == [
        item["title"] for item in v2["items"]
    ]
    # Card renditions on both sides, for every post.
    assert all(edge["node"]["heroImage"]["rendition"] for edge in graphql["data"]["posts"]["edges"])
    assert all(item["card"]["url"] for item in v2["items"])


def test_every_check_accepts_the_real_answers_and_refuses_a_short_one(bench_site):
    client, scenarios, expected = bench_site
    for name, scenario in scenarios.items():
        if name == "plain view":
            continue
        bodies, _ = sql_queries_count(client, scenario)
        assert scenario.check(bodies) is None, name
        more = Expected(**{**expected.__dict__, "organisations": 13, "page_posts": 21})
        wrong = scenarios_build(targets_find(), more)[name]
        assert wrong.check(bodies), name
    errors = json.dumps({"data": None, "errors": [{"message": "Boom."}]}).encode()
    assert "Boom." in scenarios["graphql home"].check([errors])


def test_plain_view_answers_the_bytes_it_was_given(bench_site, tmp_path, monkeypatch):
    client, scenarios, _ = bench_site
    monkeypatch.setenv(PLAIN_BODY_FILE, str(tmp_path / "missing.json"))
    assert client.get("/bench/plain/").status_code == 404
    body = sql_queries_count(client, scenarios["cached GET"])[0][0]
    (tmp_path / "body.json").write_bytes(body)
    monkeypatch.setenv(PLAIN_BODY_FILE, str(tmp_path / "body.json"))
    bodies, counts = sql_queries_count(client, scenarios["plain view"])
    assert bodies == [body]
    assert scenarios["plain view"].check(bodies) is None
    assert counts == [0]


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the load generator expects

    def do_GET(self):
        status, body = (200, b"ok") if self.path == "/ok" else (500, b"no")
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def tiny_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_load_generator_counts_pages_and_wrong_answers(tiny_server):
    run = {"host": "127.0.0.1", "port": tiny_server, "clients": 2, "duration": 0.2}
    two_requests = (Request("GET", "/ok"), Request("GET", "/ok"))
    right = load_run(**run, scenario=Scenario("ok", two_requests, lambda bodies: None))
    assert right.units > 0 and right.failed == 0
    assert len(right.latencies) == right.units and right.throughput > 0
    wrong = load_run(**run, scenario=Scenario("500", (Request("GET", "/no"),), lambda b: None))
    assert wrong.units == 0 and wrong.failed > 0
    assert wrong.failures[0] == "/no answered 500"
    refused = load_run(
        **run, scenario=Scenario("check", two_requests, lambda bodies: f"{len(bodies)} bodies")
    )
    assert refused.units == 0 and refused.failures[0] == "2 bodies"


def test_percentiles_are_nearest_rank():
    measurement = Measurement(latencies=[float(n) for n in range(1, 101)])
    assert measurement.percentile(0.5) == 50.0
    assert measurement.percentile(0.99) == 99.0
    assert Measurement().percentile(0.5) == 0.0


def test_normal_settings_do_not_serve_wagtail_api_v2(client, campaign_tree, settings):
    assert "wagtail.api.v2" not in settings.INSTALLED_APPS
    assert settings.ROOT_URLCONF == "cms.urls"
    assert client.get("/api/v2/pages/", HTTP_HOST="localhost").status_code == 404
