"""Schemathesis fuzzes the endpoint: no generated query may get a server error.

Schemathesis (with hypothesis-graphql) reads the schema by introspection and generates valid
queries for each root field, with arbitrary argument values and selections; each query is sent
by POST and by GET through the real view, in process, on whichever database the suite runs on.
Every answer must be JSON below status 500, and every error must carry one of the documented
codes other than ``INTERNAL_SERVER_ERROR``.

Schemathesis's own ``not_a_server_error`` check is not used: it counts every error with a
``path`` as a server failure, including the API's documented ``NOT_FOUND`` answers.

``FUZZ_EXAMPLES`` sets the queries per root field: 50 by default (16 root fields, two requests
each: about 1,500 requests), 100 in CI (.ci/run: 3,000 requests on each database). Against a running
server, ``tests/frontend_schema/fuzz_hooks.py`` applies the same check to the CLI; see
docs/graphql-endpoint.md.
"""

import json
import os

import pytest
import schemathesis
from graphql import get_introspection_query
from hypothesis import HealthCheck, given, settings

from campaign import factories
from tests.frontend_schema.fuzz_hooks import problems

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "50"))


@pytest.fixture(scope="module")
def operations(django_db_blocker):
    from frontend_schema.schema import schema

    with django_db_blocker.unblock():
        introspection = schema.execute_sync(get_introspection_query())
    loaded = schemathesis.graphql.from_dict({"data": introspection.data})
    return {result.ok().label: result.ok() for result in loaded.get_all_operations()}


ROOT_FIELDS = [
    "node",
    "nodes",
    "campaigns",
    "campaign",
    "page",
    "preview",
    "pages",
    "posts",
    "organisations",
    "supporters",
    "openLetters",
    "demands",
    "search",
    "site",
    "redirects",
    "sitemap",
    "altchaChallenge",
    "consentTexts",
    "supporterCounts",
    "publicSupporterNames",
]


@pytest.fixture(autouse=True)
def _production_caching(production_caching):
    """Generated requests go through the response cache and persisted queries, as in production."""


@pytest.fixture
def content(campaign_tree):
    """A little of every kind of page, so that generated queries reach the resolvers."""
    tree = campaign_tree
    organisation = factories.OrganisationPageFactory(parent=tree.organisations, title="EDRi")
    supporter = factories.SupporterPageFactory(parent=tree.supporters, title="A. Supporter")
    demand = factories.DemandPageFactory(parent=tree.demands, title="Ban biometric surveillance")
    post = factories.CampaignPostPageFactory(parent=tree.posts, title="The AI Act")
    factories.CampaignPostOrganisationFactory(page=post, organisation=organisation)
    factories.CampaignPostSupporterFactory(page=post, supporter=supporter)
    factories.CampaignPostDemandFactory(page=post, demand=demand)
    factories.OpenLetterPageFactory(parent=tree.campaign, title="Open letter")
    factories.StandardPageFactory(parent=tree.campaign, title="About")
    return tree


def test_every_root_field_is_fuzzed(operations):
    # Mutations are not fuzzed here: generated inputs would sign people up. Their bad inputs are
    # tested in tests/participation.
    queries = [label for label in operations if label.startswith("Query.")]
    assert sorted(queries) == sorted(f"Query.{name}" for name in ROOT_FIELDS)


@pytest.mark.parametrize("field", ROOT_FIELDS)
def test_generated_queries_get_no_server_error(client, content, operations, field):
    seen = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operations[f"Query.{field}"].as_strategy())
    def fuzz(case):
        query = case.body
        body = json.dumps({"query": query})
        for response in (
            client.post("/graphql/", body, content_type="application/json"),
            client.get("/graphql/", {"query": query}),
        ):
            seen.append(response.status_code)
            found = problems(response.status_code, response["Content-Type"], response.content)
            assert not found, (query, found)

    fuzz()
    # Hypothesis stops early only when it runs out of queries: a field without arguments
    # (altchaChallenge) has only as many as its selections allow.
    from frontend_schema.schema import schema

    if schema._schema.query_type.fields[field].args:
        assert len(seen) >= EXAMPLES
    else:
        assert len(seen) >= 2


def test_the_check_catches_server_errors():
    json_type = "application/json; charset=utf-8"
    masked = json.dumps(
        {
            "errors": [
                {"message": "Unexpected error.", "extensions": {"code": "INTERNAL_SERVER_ERROR"}}
            ]
        }
    ).encode()

    assert problems(200, json_type, b'{"data": {"site": null}}') == []
    assert problems(200, json_type, b'{"errors": [{"extensions": {"code": "NOT_FOUND"}}]}') == []
    assert problems(500, "text/html", b"<!DOCTYPE html>") == [
        "status 500",
        "Content-Type text/html",
    ]
    assert problems(200, json_type, masked) == ["INTERNAL_SERVER_ERROR: Unexpected error."]
    assert problems(200, json_type, b'{"errors": [{"message": "x"}]}') == ["None: x"]
