"""The public endpoint's limits, caches and error policy (frontend_schema/extensions.py).

Documents are built from introspection fields and ``__typename`` so that they hold whatever the
real schema grows into. What needs fields of its own (depth, failing resolvers, enum variables)
runs on ``probe_schema``: a tiny schema with the very same extensions.
"""

import enum
import json
import logging
import uuid

import pytest
import strawberry
from django.conf import settings
from django.test import override_settings
from graphql import get_introspection_query
from strawberry.schema.config import StrawberryConfig

from frontend_schema.errors import UserInputError
from frontend_schema.extensions import (
    BoundedCache,
    ParseCache,
    ValidationCache,
    schema_extensions,
)

SECRET = "password=hunter2"


@strawberry.enum
class Colour(enum.Enum):
    RED = "red"
    GREEN = "green"


@strawberry.type
class Node:
    name: str = "node"

    @strawberry.field
    def child(self) -> "Node":
        return Node()


@strawberry.type
class ProbeQuery:
    @strawberry.field
    def node(self) -> Node:
        return Node()

    @strawberry.field
    def broken(self) -> str | None:
        raise ValueError(f"Could not connect: {SECRET}")

    @strawberry.field
    def broken_required(self) -> str:
        raise ValueError(f"Could not connect: {SECRET}")

    @strawberry.field
    def bad_cursor(self) -> str | None:
        raise UserInputError("The cursor in 'after' is not valid.", argument="after")

    @strawberry.field
    def colour(self, colour: Colour) -> Colour:
        return colour


probe_schema = strawberry.Schema(
    query=ProbeQuery,
    extensions=schema_extensions(),
    config=StrawberryConfig(auto_camel_case=True),
)


def graphql(client, query, variables=None):
    """POST ``query`` to the real endpoint and return the decoded response."""
    body = {"query": query, "variables": variables}
    response = client.post("/graphql/", json.dumps(body), content_type="application/json")
    return response.json()


def probe(query, variables=None):
    result = probe_schema.execute_sync(query, variable_values=variables)
    return result.data, [error.formatted for error in result.errors or ()]


def nested(depth):
    """``{ node { child ... { name } } }`` of ``depth``: selections nested below the root field."""
    return "{ node " + "{ child " * (depth - 1) + "{ name }" + " }" * (depth - 1) + " }"


def messages(errors):
    return [error["message"] for error in errors]


def codes(errors):
    return {error["extensions"]["code"] for error in errors}


# Depth


def test_depth_at_the_limit_runs():
    data, errors = probe(nested(settings.GRAPHQL_MAX_DEPTH))
    assert errors == []
    assert data["node"]["child"]


def test_depth_over_the_limit_is_refused_with_a_clear_error():
    data, errors = probe(nested(settings.GRAPHQL_MAX_DEPTH + 1))
    assert data is None
    assert messages(errors) == ["'anonymous' exceeds maximum operation depth of 12"]
    assert codes(errors) == {"GRAPHQL_VALIDATION_FAILED"}


@override_settings(GRAPHQL_MAX_DEPTH=3)
def test_depth_limit_follows_the_setting_without_a_new_schema():
    assert probe(nested(3))[1] == []
    assert messages(probe(nested(4))[1]) == ["'anonymous' exceeds maximum operation depth of 3"]


def test_introspection_cannot_nest_its_lists_too_deep(client):
    # Introspection fields are outside the depth limit; graphql-core's own rule bounds them.
    query = "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }"
    result = graphql(client, query)
    assert messages(result["errors"]) == ["Maximum introspection depth exceeded"]
    assert codes(result["errors"]) == {"GRAPHQL_VALIDATION_FAILED"}


def test_the_full_introspection_query_passes_every_limit(client):
    # What GraphiQL and code generators send.
    query = get_introspection_query(
        descriptions=True,
        specified_by_url=True,
        directive_is_repeatable=True,
        schema_description=True,
        input_value_deprecation=True,
    )
    result = graphql(client, query)
    assert "errors" not in result
    assert result["data"]["__schema"]["queryType"]["name"] == "Query"


# Aliases, tokens, directives


def aliased_typenames(count):
    return "{ " + " ".join(f"a{i}: __typename" for i in range(count)) + " }"


def test_aliases_at_the_limit_run(client):
    result = graphql(client, aliased_typenames(settings.GRAPHQL_MAX_ALIASES))
    assert "errors" not in result
    assert len(result["data"]) == 30


def test_too_many_aliases_are_refused_with_a_clear_error(client):
    result = graphql(client, aliased_typenames(settings.GRAPHQL_MAX_ALIASES + 1))
    assert "data" not in result
    assert messages(result["errors"]) == ["31 aliases found. Allowed: 30"]
    assert codes(result["errors"]) == {"GRAPHQL_VALIDATION_FAILED"}


def operations(count):
    """``count`` named operations of five tokens each: ``query Q0 { __typename }``."""
    return " ".join(f"query Q{i} {{ __typename }}" for i in range(count))


def test_tokens_at_the_limit_are_parsed(client):
    body = {"query": operations(settings.GRAPHQL_MAX_TOKENS // 5), "operationName": "Q0"}
    response = client.post("/graphql/", json.dumps(body), content_type="application/json")
    assert response.json() == {"data": {"__typename": "Query"}}


def test_too_many_tokens_stop_the_parser_with_a_clear_error(client):
    result = graphql(client, operations(settings.GRAPHQL_MAX_TOKENS // 5 + 1))
    assert messages(result["errors"]) == [
        "Syntax Error: Document contains more than 5000 tokens. Parsing aborted."
    ]
    assert codes(result["errors"]) == {"GRAPHQL_PARSE_FAILED"}


def directives(count):
    return "{ " + " ".join("__typename @include(if: true)" for _ in range(count)) + " }"


def test_directives_at_the_limit_run(client):
    assert graphql(client, directives(settings.GRAPHQL_MAX_DIRECTIVES)) == {
        "data": {"__typename": "Query"}
    }


def test_too_many_directives_are_refused_with_a_clear_error(client):
    result = graphql(client, directives(settings.GRAPHQL_MAX_DIRECTIVES + 1))
    assert messages(result["errors"]) == ["21 directives found. Allowed: 20."]
    assert codes(result["errors"]) == {"GRAPHQL_VALIDATION_FAILED"}


# How many errors a response holds


def test_validation_stops_after_the_error_limit(client):
    result = graphql(client, "{ " + " ".join(f"unknown{i}" for i in range(50)) + " }")
    assert len(result["errors"]) == settings.GRAPHQL_MAX_ERRORS + 1
    assert result["errors"][-1]["message"] == (
        "Too many validation errors, error limit reached. Validation aborted."
    )


def test_execution_errors_are_cut_at_the_limit_with_a_final_count():
    query = "{ " + " ".join(f"b{i}: broken" for i in range(25)) + " }"
    data, errors = probe(query)
    assert len(data) == 25
    assert len(errors) == settings.GRAPHQL_MAX_ERRORS + 1
    assert errors[-1] == {
        "message": "5 more errors were left out: a response holds at most 20 errors.",
        "extensions": {"code": "TOO_MANY_ERRORS"},
    }


# Field suggestions


def test_no_suggestions_in_validation_errors(client):
    result = graphql(client, "{ __schema { queryTyp { name } } }")
    assert messages(result["errors"]) == ["Cannot query field 'queryTyp' on type '__Schema'."]


@override_settings(GRAPHQL_FIELD_SUGGESTIONS=True)
def test_suggestions_in_validation_errors_when_enabled(client):
    result = graphql(client, "{ __schema { queryTyp { name } } }")
    assert "Did you mean 'queryType'?" in result["errors"][0]["message"]


def test_no_suggestions_in_variable_errors():
    _, errors = probe("query($c: Colour!) { colour(colour: $c) }", {"c": "REDD"})
    assert messages(errors) == [
        # The refused value itself is left out (it may be personal data): frontend_schema.errors.
        "Variable '$c' has invalid value: The value is not one of 'Colour'."
    ]
    assert codes(errors) == {"BAD_USER_INPUT"}


@override_settings(GRAPHQL_FIELD_SUGGESTIONS=True)
def test_suggestions_in_variable_errors_when_enabled():
    _, errors = probe("query($c: Colour!) { colour(colour: $c) }", {"c": "REDD"})
    assert "Did you mean the enum value 'RED'?" in errors[0]["message"]


# Introspection


def test_introspection_is_on_by_default(client):
    result = graphql(client, "{ __schema { queryType { name } } }")
    assert result == {"data": {"__schema": {"queryType": {"name": "Query"}}}}


@override_settings(GRAPHQL_INTROSPECTION=False)
def test_introspection_can_be_switched_off(client):
    result = graphql(client, "{ __schema { queryType { name } } }")
    assert "data" not in result
    assert result["errors"][0]["message"] == (
        "GraphQL introspection has been disabled, but the requested query contained the field "
        "'__schema'."
    )
    assert codes(result["errors"]) == {"GRAPHQL_VALIDATION_FAILED"}
    # __typename is not introspection; clients need it for unions and interfaces.
    assert graphql(client, "{ __typename }") == {"data": {"__typename": "Query"}}


# Masking


def test_unexpected_errors_are_masked_and_logged(caplog):
    with caplog.at_level(logging.ERROR, logger="strawberry.execution"):
        data, errors = probe("{ broken }")
    assert data == {"broken": None}
    assert errors == [
        {
            "message": "Unexpected error.",
            "locations": [{"line": 1, "column": 3}],
            "path": ["broken"],
            "extensions": {"code": "INTERNAL_SERVER_ERROR"},
        }
    ]
    assert SECRET not in json.dumps(errors)
    logged = [record for record in caplog.records if record.name == "strawberry.execution"]
    assert SECRET in logged[0].getMessage()
    assert logged[0].exc_info[0] is ValueError


@override_settings(GRAPHQL_MASK_ERRORS=False)
def test_unexpected_errors_keep_their_message_when_masking_is_off():
    _, errors = probe("{ broken }")
    assert messages(errors) == [f"Could not connect: {SECRET}"]
    assert codes(errors) == {"INTERNAL_SERVER_ERROR"}


def test_a_client_error_is_shown_with_its_code():
    data, errors = probe("{ badCursor }")
    assert data == {"badCursor": None}
    assert errors == [
        {
            "message": "The cursor in 'after' is not valid.",
            "locations": [{"line": 1, "column": 3}],
            "path": ["badCursor"],
            "extensions": {"code": "BAD_USER_INPUT", "argument": "after"},
        }
    ]


# Caches


@pytest.mark.parametrize("valid", [True, False])
def test_documents_are_parsed_and_validated_once(valid):
    # A comment makes the text, and so the cache key, new to this test run.
    query = f"{{ {'node { name }' if valid else 'nothing'} }} # {uuid.uuid4()}"
    parse_cache = ParseCache().cache
    validation_cache = ValidationCache().cache
    parses, validations = (
        (parse_cache.hits, parse_cache.misses),
        (
            validation_cache.hits,
            validation_cache.misses,
        ),
    )

    first, second = probe(query), probe(query)

    assert first == second
    assert (parse_cache.hits, parse_cache.misses) == (parses[0] + 1, parses[1] + 1)
    assert (validation_cache.hits, validation_cache.misses) == (
        validations[0] + 1,
        validations[1] + 1,
    )


def test_the_document_cache_is_bounded_in_characters():
    cache = BoundedCache(max_entries=1000, max_weight=100)
    for i in range(10):
        cache.get(f"q{i}", 30, lambda i=i: i)
    # Three documents of 30 characters fit in 100; the oldest went first.
    assert list(cache.entries) == ["q7", "q8", "q9"]
    assert cache.weight == 90
    assert cache.get("q9", 30, lambda: "recomputed") == 9
    # A document larger than the whole cache is answered, never kept.
    assert cache.get("huge", 101, lambda: "big") == "big"
    assert "huge" not in cache.entries


def test_the_document_cache_is_bounded_in_entries():
    cache = BoundedCache(max_entries=2, max_weight=10**6)
    for i in range(5):
        cache.get(i, 1, lambda i=i: i)
    assert list(cache.entries) == [3, 4]


@override_settings(GRAPHQL_DOCUMENT_CACHE_BYTES=2000, GRAPHQL_DOCUMENT_CACHE_SIZE=1000)
def test_the_endpoint_keeps_no_more_query_text_than_the_setting(client):
    # 50 distinct documents of about 400 characters: 20 000 characters sent, at most 2000 kept.
    for i in range(50):
        query = "{ __typename } # " + str(i) + "x" * 400
        assert graphql(client, query) == {"data": {"__typename": "Query"}}
    cache = ParseCache().cache
    assert 0 < cache.weight <= 2000
    assert len(cache.entries) <= 2000 // 400
    assert ValidationCache().cache.weight <= 2000
