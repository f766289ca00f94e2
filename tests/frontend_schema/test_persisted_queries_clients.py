"""Persisted queries with the real clients: Apollo Client's persisted-queries link and urql's
persistedExchange against a served endpoint (tests/clients/persisted_queries.mjs).

Node.js and the packages of tests/clients/package-lock.json are needed (see tests/node_clients.py);
without them the test fails, saying what is missing; it never skips.
"""

import pytest
from django.core.cache import cache

from campaign import factories
from tests.real_clients import run_client

# Apollo Client adds __typename to every selection set; asking for it makes the three answers
# comparable.
QUERY = """query Posts($first: Int) {
  site { __typename name }
  posts(first: $first) {
    __typename totalCount edges { __typename node { __typename title path } }
  }
}"""
VARIABLES = {"first": 2}


def persisted_hash(request: dict) -> str | None:
    return request["sent"].get("extensions", {}).get("persistedQuery", {}).get("sha256Hash")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_apollo_and_urql_retry_with_the_document_then_send_the_hash_alone(
    live_server, campaign_tree
):
    for title in ("First post", "Second post", "Third post"):
        factories.CampaignPostPageFactory(parent=campaign_tree.posts, title=title)

    endpoint = f"{live_server.url}/graphql/"
    plain = run_client("plain", endpoint, QUERY, VARIABLES)
    assert "errors" not in plain
    assert plain["data"]["posts"]["totalCount"] == 3
    assert len(plain["data"]["posts"]["edges"]) == 2

    for name in ("apollo", "urql"):
        # The clients may print the document alike, and so send the same hash: each starts
        # with an empty cache (the live server runs in this process).
        cache.clear()
        client = run_client(name, endpoint, QUERY, VARIABLES)
        assert client["results"] == [{"data": plain["data"], "error": None}] * 2, name
        requests = client["requests"]
        miss, retry, by_hash = requests
        assert miss["method"] == "GET", name
        assert "query" not in miss["sent"], name
        assert miss["answer"] == {
            "errors": [
                {
                    "message": "PersistedQueryNotFound",
                    "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"},
                }
            ]
        }, name
        assert "query" in retry["sent"], name
        assert persisted_hash(retry) == persisted_hash(miss), name
        assert retry["status"] == 200, name
        # The second query travels by GET with the hash alone: a short URL a CDN can cache.
        assert by_hash["method"] == "GET", name
        assert "query" not in by_hash["sent"], name
        assert persisted_hash(by_hash) == persisted_hash(miss), name
        assert by_hash["status"] == 200, name
        assert by_hash["urlLength"] < 400, name
