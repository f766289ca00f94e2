"""The /graphql/ endpoint over HTTP: GraphQL-over-HTTP media types and status codes, GET and POST,
refused requests, GraphiQL (frontend_schema/views.py)."""

import json

import pytest
import strawberry
from django.test import Client, RequestFactory, override_settings
from strawberry.extensions import SchemaExtension

from frontend_schema.extensions import schema_extensions
from frontend_schema.views import GraphQLView
from tests.frontend_schema.test_limits import ProbeQuery, probe_schema

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
CONTENT_TYPES = {
    media_type: f"{media_type}; charset=utf-8" for media_type in (GRAPHQL_RESPONSE, JSON)
}
TYPENAME = {"data": {"__typename": "Query"}}


def post(client, body, *, accept=None, path="/graphql/", content_type=JSON):
    if not isinstance(body, str | bytes):
        body = json.dumps(body)
    headers = {"Accept": accept} if accept else {}
    return client.post(path, body, content_type=content_type, headers=headers)


def error_codes(response):
    return [error["extensions"]["code"] for error in response.json()["errors"]]


def probe(query, *, accept=GRAPHQL_RESPONSE, schema=probe_schema):
    """POST ``query`` to a view serving ``schema`` (the probe schema of test_limits)."""
    request = RequestFactory().post(
        "/graphql/", json.dumps({"query": query}), content_type=JSON, headers={"Accept": accept}
    )
    return GraphQLView.as_view(schema=schema)(request)


# The endpoint


@pytest.mark.parametrize("path", ["/graphql/", "/graphql"])
def test_post_is_answered_with_and_without_the_trailing_slash(client, path):
    response = post(client, {"query": "{ __typename }"}, path=path)
    assert response.status_code == 200
    assert response.json() == TYPENAME


@pytest.mark.parametrize("path", ["/graphql/", "/graphql"])
def test_get_runs_a_query(client, path):
    response = client.get(path, {"query": "{ __typename }"})
    assert response.status_code == 200
    assert response.json() == TYPENAME


def test_get_takes_variables_and_an_operation_name(client):
    response = client.get(
        "/graphql/",
        {
            "query": (
                "query A { a: __typename } "
                "query B($on: Boolean!) { b: __typename @include(if: $on) }"
            ),
            "operationName": "B",
            "variables": json.dumps({"on": True}),
        },
    )
    assert response.json() == {"data": {"b": "Query"}}


def test_a_mutation_sent_with_get_is_refused_with_405(client):
    # Refused before validation, so also while the schema has no Mutation type.
    response = client.get("/graphql/", {"query": "mutation { anything }"})
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert response.json() == {
        "errors": [
            {
                "message": "Mutations cannot be sent with GET; use POST.",
                "extensions": {"code": "METHOD_NOT_ALLOWED"},
            }
        ]
    }


def test_a_mutation_sent_with_post_reaches_validation(client):
    response = post(client, {"query": "mutation { anything }"}, accept=GRAPHQL_RESPONSE)
    assert response.status_code == 400
    assert error_codes(response) == ["GRAPHQL_VALIDATION_FAILED"]


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_other_methods_are_refused_with_405(client, method):
    response = getattr(client, method)("/graphql/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, POST"
    assert error_codes(response) == ["METHOD_NOT_ALLOWED"]


def test_no_csrf_token_is_needed():
    client = Client(enforce_csrf_checks=True)
    assert post(client, {"query": "{ __typename }"}).json() == TYPENAME


# Media types


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        (None, JSON),
        ("*/*", JSON),
        (JSON, JSON),
        (GRAPHQL_RESPONSE, GRAPHQL_RESPONSE),
        (f"{GRAPHQL_RESPONSE}, {JSON};q=0.9", GRAPHQL_RESPONSE),
        (f"{JSON};q=0.5, {GRAPHQL_RESPONSE}", GRAPHQL_RESPONSE),
        (f"{GRAPHQL_RESPONSE};q=0.5, {JSON}", JSON),
        (f"{GRAPHQL_RESPONSE}; charset=utf-8", GRAPHQL_RESPONSE),
        (f"{JSON}; charset=utf-8", JSON),
        ("application/*", JSON),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", JSON),
    ],
)
def test_the_response_has_the_media_type_the_client_prefers(client, accept, media_type):
    response = post(client, {"query": "{ __typename }"}, accept=accept)
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES[media_type]
    assert response.json() == TYPENAME


@pytest.mark.parametrize(
    "accept", ["text/plain", "text/html", f"{JSON}; charset=latin-1", f"{JSON};q=0"]
)
def test_an_unacceptable_media_type_is_refused_with_406(client, accept):
    response = post(client, {"query": "{ __typename }"}, accept=accept)
    assert response.status_code == 406
    assert response["Content-Type"] == CONTENT_TYPES[JSON]
    assert error_codes(response) == ["NOT_ACCEPTABLE"]


@pytest.mark.parametrize(
    "send",
    [
        lambda client: post(client, {"query": "{ __typename }"}),
        lambda client: client.get("/graphql/", {"query": "{ __typename }"}),
        lambda client: post(client, {"query": "{"}, accept=GRAPHQL_RESPONSE),
        lambda client: post(client, "not json"),
        lambda client: post(client, {"query": "{ __typename }"}, accept="text/plain"),
        lambda client: client.get("/graphql/", headers={"Accept": "text/html"}),
        lambda client: client.put("/graphql/"),
    ],
)
def test_every_response_varies_on_accept(client, send):
    assert "Accept" in send(client)["Vary"]


# Status codes with application/graphql-response+json, and with application/json


@pytest.mark.parametrize(
    ("accept", "status", "media_type"),
    [(GRAPHQL_RESPONSE, 400, GRAPHQL_RESPONSE), (JSON, 200, JSON), (None, 200, JSON)],
)
@pytest.mark.parametrize(
    ("query", "variables", "code"),
    [
        ("{ __typename", None, "GRAPHQL_PARSE_FAILED"),
        ("{ notAField }", None, "GRAPHQL_VALIDATION_FAILED"),
        ("query($on: Boolean!) { __typename @include(if: $on) }", None, "BAD_USER_INPUT"),
        ("query($on: Boolean!) { __typename @include(if: $on) }", {"on": 3}, "BAD_USER_INPUT"),
    ],
)
def test_a_request_error_has_no_data_and_its_status_depends_on_the_media_type(
    client, accept, status, media_type, query, variables, code
):
    response = post(client, {"query": query, "variables": variables}, accept=accept)
    assert response.status_code == status
    assert response["Content-Type"] == CONTENT_TYPES[media_type]
    assert "data" not in response.json()
    assert error_codes(response) == [code]


def test_a_field_error_keeps_status_200_and_the_data():
    response = probe("{ broken node { name } }")
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES[GRAPHQL_RESPONSE]
    body = json.loads(response.content)
    assert body["data"] == {"broken": None, "node": {"name": "node"}}
    assert body["errors"][0]["path"] == ["broken"]


def test_a_field_error_that_nulls_all_data_keeps_status_200():
    response = probe("{ brokenRequired }")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["data"] is None
    assert [error["path"] for error in body["errors"]] == [["brokenRequired"]]


class CrashingExtension(SchemaExtension):
    def on_execute(self):
        raise RuntimeError("extension bug: password=hunter2")


crashing_schema = strawberry.Schema(
    query=ProbeQuery, extensions=[*schema_extensions(), CrashingExtension]
)


@pytest.mark.parametrize(("accept", "status"), [(GRAPHQL_RESPONSE, 500), (JSON, 200)])
def test_an_error_that_escapes_the_error_policy_is_still_masked(accept, status):
    response = probe("{ node { name } }", accept=accept, schema=crashing_schema)
    assert response.status_code == status
    assert json.loads(response.content) == {
        "errors": [
            {"message": "Unexpected error.", "extensions": {"code": "INTERNAL_SERVER_ERROR"}}
        ]
    }


# Requests refused before any GraphQL runs: status 4xx with either media type


@pytest.mark.parametrize("accept", [GRAPHQL_RESPONSE, JSON])
@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        ("not json", JSON, "Unable to parse request body as JSON"),
        (b"\xff\xfe", JSON, "The request body is not valid UTF-8."),
        ({"variables": {}}, JSON, "No GraphQL query found in the request"),
        (
            {"query": 42},
            JSON,
            "The GraphQL operation's `query` must be a string or null, if provided.",
        ),
        ("null", JSON, "The request body must be a JSON object with a `query` member."),
        ('"{ __typename }"', JSON, "The request body must be a JSON object with a `query` member."),
        (
            [{"query": "{ __typename }"}, {"query": "{ __typename }"}],
            JSON,
            "Batching is not supported: send one operation per request.",
        ),
        ("query={ __typename }", "application/x-www-form-urlencoded", "Unsupported content type"),
    ],
)
def test_a_malformed_request_is_refused_with_400(client, accept, body, content_type, message):
    response = post(client, body, accept=accept, content_type=content_type)
    assert response.status_code == 400
    assert response["Content-Type"] == CONTENT_TYPES[accept]
    assert response.json() == {
        "errors": [{"message": message, "extensions": {"code": "BAD_REQUEST"}}]
    }


def test_a_body_at_the_size_limit_is_read(client, settings):
    query = "{ __typename }"
    padding = settings.GRAPHQL_MAX_REQUEST_BYTES - len(json.dumps({"query": query}))
    body = json.dumps({"query": query + " " * padding})
    assert len(body) == settings.GRAPHQL_MAX_REQUEST_BYTES
    assert post(client, body).json() == TYPENAME


def test_a_body_over_the_size_limit_is_refused_with_413(client, settings):
    body = json.dumps({"query": "{ __typename }" + " " * settings.GRAPHQL_MAX_REQUEST_BYTES})
    response = post(client, body)
    assert response.status_code == 413
    assert response.json() == {
        "errors": [
            {
                "message": f"The request body is {len(body)} bytes; at most 100000 are read.",
                "extensions": {"code": "PAYLOAD_TOO_LARGE"},
            }
        ]
    }


def test_a_query_string_over_the_size_limit_is_refused_with_414(client, settings):
    query = "{ __typename }" + " " * settings.GRAPHQL_MAX_REQUEST_BYTES
    response = client.get("/graphql/", {"query": query})
    assert response.status_code == 414
    assert error_codes(response) == ["URI_TOO_LONG"]


# GraphiQL


@override_settings(GRAPHQL_GRAPHIQL=True)
def test_graphiql_is_served_to_browsers_when_enabled(client):
    response = client.get("/graphql/", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert b"graphiql" in response.content.lower()
    # The same URL answers JSON to other clients: caches must keep the two apart.
    assert "Accept" in response["Vary"]


@override_settings(GRAPHQL_GRAPHIQL=True)
def test_graphiql_leaves_queries_alone(client):
    response = client.get("/graphql/", {"query": "{ __typename }"}, headers={"Accept": "*/*"})
    assert response.json() == TYPENAME


@pytest.mark.parametrize("accept", ["text/html", "*/*", JSON])
def test_without_graphiql_a_get_without_query_is_refused_with_400(client, accept):
    response = client.get("/graphql/", headers={"Accept": accept})
    assert response.status_code == 400
    assert response["Content-Type"] == CONTENT_TYPES[JSON]
    assert response.json() == {
        "errors": [
            {
                "message": "GET requests need a `query` parameter.",
                "extensions": {"code": "BAD_REQUEST"},
            }
        ]
    }


def test_several_operations_without_an_operation_name_are_a_request_error():
    """GraphQL's GetOperation (§6.1): with more than one operation, operationName is required;
    strawberry alone would run the first."""
    client = Client()
    document = "query A { a: __typename } query B { b: __typename }"
    refused = client.get("/graphql/", {"query": document}).json()
    assert "data" not in refused
    assert refused["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    assert "operationName" in refused["errors"][0]["message"]
    chosen = client.get("/graphql/", {"query": document, "operationName": "B"}).json()
    assert chosen["data"] == {"b": "Query"}
