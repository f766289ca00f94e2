"""What the benchmark sends: one scenario per page a front end builds, and how answers are checked.

A scenario is the list of HTTP requests a front end sends to build one page; its latency is the
time for all of them, one after the other on one keep-alive connection, and its throughput is
pages per second. The scenarios:

- ``graphql home`` (POST /graphql/, never answered from the response cache: see
  UNCACHED_HEADERS): the campaign with its hero image (one
  rendition and a four-width srcset), counter and demands, the ten newest posts with card
  renditions, the first 100 organisations by name with logo renditions.
- ``v2 home``: the same content from Wagtail's API v2 (``cms.bench.api``) in its four requests,
  page ids known beforehand (a front end would have them from an earlier request or its build):
  the campaign by slug (tagline, intro, status, hero renditions, goal, country breakdown,
  counter); its demands by number; the ten newest posts (date, summary, card rendition); the
  first 100 organisations by title (role, country, website, logo rendition).
- ``graphql posts`` / ``v2 posts``: a page of 20 posts, newest first, with card renditions.
- ``cached GET``: the GraphQL home query sent by GET, which a response cache may answer; the
  benchmark reports whether the server answered a repeat from a cache (no SQL queries).
- ``plain view``: a Django view returning the bytes of that GET from memory (``cms.bench.urls``).

Every answer is checked: status 200, no GraphQL errors, and the number of demands, posts and
organisations the in-process GraphQL answer had (``Expected``).
"""

import json
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from django.db import connection

from campaign.models import CampaignPage

HOME_QUERY = """query Home($slug: String!) {
  campaign(slug: $slug) { title tagline status intro { html }
    heroImage { rendition(preset: HERO) { url } srcset(preset: HERO) }
    counter { count goal progress asOf breakdown { country { code } count } }
    demands { number shortTitle summary progressStatus path } }
  posts(first: 10) { edges { node { title path publicationDate summary
    heroImage { rendition(preset: CARD) { url } } } } }
  organisations(first: 100, orderBy: NAME) { totalCount edges { node { name role website
    country { code name } logo { rendition(preset: LOGO) { url } } } } } }"""

POSTS_QUERY = """query Posts { posts(first: 20) { edges { node { title path publicationDate
  summary heroImage { rendition(preset: CARD) { url } } } } } }"""

POSTS_PAGE_SIZE = 20
# The uncached POSTs carry an Authorization header: the response cache never answers nor keeps
# a request with one (frontend_schema.caching.response_cache_key), and nothing else reads it, so
# GraphQL runs every time, as with GRAPHQL_RESPONSE_CACHE off. (POST answers are cached too: a
# repeated POST would otherwise measure the cache.)
UNCACHED_HEADERS = {
    "Content-Type": "application/json",
    "Accept": "application/json",
    "Authorization": "Bearer benchmark-uncached",
}


@dataclass(frozen=True)
class Request:
    """One HTTP request: ``path`` includes the query string; ``body`` is None for GET."""

    method: str
    path: str
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=lambda: {"Accept": "application/json"})


@dataclass(frozen=True)
class Expected:
    """How many items a correct answer holds (from the in-process GraphQL answer)."""

    demands: int
    home_posts: int
    organisations: int
    page_posts: int


@dataclass(frozen=True)
class Scenario:
    """The requests of one page and ``check(bodies) -> error message or None``."""

    name: str
    requests: tuple[Request, ...]
    check: Callable[[list[bytes]], str | None]


@dataclass(frozen=True)
class Targets:
    """What the requests name: the campaign's slug, page id and language code."""

    slug: str
    campaign_id: int
    language: str


def targets_find() -> Targets:
    """The first live campaign (the demo's), as ``manage.py benchmark_api`` picks it.

    Raises LookupError when there is none (run ``load_demo`` first).
    """
    campaign = CampaignPage.objects.live().order_by("path").select_related("locale").first()
    if campaign is None:
        raise LookupError("No live campaign: run `manage.py load_demo` first.")
    return Targets(
        slug=campaign.slug, campaign_id=campaign.pk, language=campaign.locale.language_code
    )


def graphql_post(query: str, variables: dict) -> Request:
    """A POST the server's response cache does not answer (UNCACHED_HEADERS)."""
    body = json.dumps({"query": query, "variables": variables}).encode()
    return Request("POST", "/graphql/", body, UNCACHED_HEADERS)


def graphql_get(query: str, variables: dict) -> Request:
    params = urllib.parse.urlencode({"query": query, "variables": json.dumps(variables)})
    return Request("GET", f"/graphql/?{params}")


def v2_pages(**params) -> Request:
    return Request("GET", "/api/v2/pages/?" + urllib.parse.urlencode(params))


def v2_home_requests(targets: Targets) -> tuple[Request, ...]:
    """Wagtail API v2's requests for the home page (see the module docstring)."""
    locale = targets.language
    return (
        v2_pages(
            type="campaign.CampaignPage",
            slug=targets.slug,
            locale=locale,
            fields="tagline,intro,status,hero,hero_640,hero_960,hero_1280,hero_1600,"
            "signature_goal,signature_countries,counter",
        ),
        v2_pages(
            type="campaign.DemandPage",
            descendant_of=targets.campaign_id,
            locale=locale,
            order="number",
            fields="number,short_title,summary,progress_status",
        ),
        v2_posts_request(targets, limit=10),
        v2_pages(
            type="campaign.OrganisationPage",
            locale=locale,
            order="title",
            limit=100,
            fields="role,country,website,logo_rendition",
        ),
    )


def v2_posts_request(targets: Targets, *, limit: int) -> Request:
    return v2_pages(
        type="campaign.CampaignPostPage",
        locale=targets.language,
        order="-publication_date",
        limit=limit,
        fields="publication_date,summary,card",
    )


def scenarios_build(targets: Targets, expected: Expected) -> dict[str, Scenario]:
    """Every scenario by name, in the order they are run in a round."""
    home_variables = {"slug": targets.slug}
    home_check = partial(graphql_home_check, expected=expected)
    return {
        scenario.name: scenario
        for scenario in (
            Scenario("graphql home", (graphql_post(HOME_QUERY, home_variables),), home_check),
            Scenario(
                "v2 home", v2_home_requests(targets), partial(v2_home_check, expected=expected)
            ),
            Scenario(
                "graphql posts",
                (graphql_post(POSTS_QUERY, {}),),
                partial(graphql_posts_check, expected=expected),
            ),
            Scenario(
                "v2 posts",
                (v2_posts_request(targets, limit=POSTS_PAGE_SIZE),),
                partial(v2_posts_check, expected=expected),
            ),
            Scenario("cached GET", (graphql_get(HOME_QUERY, home_variables),), home_check),
            Scenario("plain view", (Request("GET", "/bench/plain/"),), home_check),
        )
    }


def _graphql_data(body: bytes) -> dict:
    payload = json.loads(body)
    if payload.get("errors"):
        raise ValueError(f"GraphQL error: {payload['errors'][0].get('message')}")
    return payload["data"]


def _counts_differ(name: str, got: int, expected: int) -> str | None:
    return None if got == expected else f"{got} {name} instead of {expected}"


def graphql_home_check(bodies: list[bytes], *, expected: Expected) -> str | None:
    """None if the home page answer is complete, else what is wrong."""
    try:
        data = _graphql_data(bodies[0])
    except (ValueError, KeyError) as error:
        return str(error)
    if data.get("campaign") is None:
        return "no campaign"
    return (
        _counts_differ("demands", len(data["campaign"]["demands"]), expected.demands)
        or _counts_differ("posts", len(data["posts"]["edges"]), expected.home_posts)
        or _counts_differ(
            "organisations", len(data["organisations"]["edges"]), expected.organisations
        )
    )


def graphql_posts_check(bodies: list[bytes], *, expected: Expected) -> str | None:
    try:
        data = _graphql_data(bodies[0])
    except (ValueError, KeyError) as error:
        return str(error)
    return _counts_differ("posts", len(data["posts"]["edges"]), expected.page_posts)


def _v2_items(body: bytes) -> list[dict]:
    return json.loads(body)["items"]


def v2_home_check(bodies: list[bytes], *, expected: Expected) -> str | None:
    try:
        campaigns, demands, posts, organisations = (_v2_items(body) for body in bodies)
    except (ValueError, KeyError) as error:
        return f"not an API v2 listing: {error}"
    return (
        _counts_differ("campaigns", len(campaigns), 1)
        or _counts_differ("demands", len(demands), expected.demands)
        or _counts_differ("posts", len(posts), expected.home_posts)
        or _counts_differ("organisations", len(organisations), expected.organisations)
    )


def v2_posts_check(bodies: list[bytes], *, expected: Expected) -> str | None:
    try:
        posts = _v2_items(bodies[0])
    except (ValueError, KeyError) as error:
        return f"not an API v2 listing: {error}"
    return _counts_differ("posts", len(posts), expected.page_posts)


def expected_from(home_body: bytes, posts_body: bytes) -> Expected:
    """The item counts of a GraphQL home answer and posts answer."""
    home, posts = _graphql_data(home_body), _graphql_data(posts_body)
    return Expected(
        demands=len(home["campaign"]["demands"]),
        home_posts=len(home["posts"]["edges"]),
        organisations=len(home["organisations"]["edges"]),
        page_posts=len(posts["posts"]["edges"]),
    )


def graphql_home_content(body: bytes) -> dict[str, list]:
    """What the home page shows, comparable with ``v2_home_content``: demand numbers, posts,
    organisation names and the signature count. Posts are (date, title) pairs sorted: API v2
    orders by one field only, so posts of the same date come in another order than GraphQL's."""
    data = _graphql_data(body)
    posts = [edge["node"] for edge in data["posts"]["edges"]]
    return {
        "demands": [demand["number"] for demand in data["campaign"]["demands"]],
        "posts": sorted((post["publicationDate"], post["title"]) for post in posts),
        "organisations": [edge["node"]["name"] for edge in data["organisations"]["edges"]],
        "counter": [data["campaign"]["counter"]["count"]],
    }


def v2_home_content(bodies: list[bytes]) -> dict[str, list]:
    """The same as ``graphql_home_content``, from the four API v2 answers."""
    campaigns, demands, posts, organisations = (_v2_items(body) for body in bodies)
    return {
        "demands": [demand["number"] for demand in demands],
        "posts": sorted((post["publication_date"], post["title"]) for post in posts),
        "organisations": [organisation["title"] for organisation in organisations],
        "counter": [campaigns[0]["counter"]["count"]],
    }


def client_send(client, request: Request):
    """Send ``request`` through a ``django.test.Client``; returns the response."""
    headers = {key.lower().replace("-", "_"): value for key, value in request.headers.items()}
    content_type = headers.pop("content_type", None)
    if request.method == "POST":
        return client.post(request.path, request.body, content_type=content_type, headers=headers)
    return client.get(request.path, headers=headers)


def sql_queries_count(client, scenario: Scenario) -> tuple[list[bytes], list[int]]:
    """Run ``scenario`` in-process; returns its answers and each request's SQL query count.

    Counted with an execute wrapper, not CaptureQueriesContext: the test client's
    request_started signal clears Django's query log. Raises AssertionError on a status
    other than 200.
    """
    bodies, counts = [], []
    for request in scenario.requests:
        executed: list[str] = []

        def count(execute, sql, params, many, context, executed=executed):
            executed.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = client_send(client, request)
        if response.status_code != 200:
            raise AssertionError(f"{scenario.name}: {request.path} answered {response.status_code}")
        bodies.append(response.content)
        counts.append(len(executed))
    return bodies, counts
