"""Client mistakes are logged in one line at INFO; only server errors get a traceback."""

import logging

import pytest
from graphql import GraphQLError

from frontend_schema.errors import errors_log


def post(client, query: str):
    return client.post("/graphql/", {"query": query}, content_type="application/json")


@pytest.mark.parametrize(
    "query",
    [
        '{ campaigns(locale: "xx") { title } }',  # the example: an unknown locale
        "{ campaigns { nosuchfield } }",  # validation
        "{ campaigns { ",  # parsing
    ],
)
def test_a_client_mistake_is_one_info_line(query, campaign_tree, client, caplog):
    caplog.set_level(logging.INFO, logger="strawberry.execution")

    body = post(client, query).json()

    assert body["errors"]
    records = [r for r in caplog.records if r.name == "strawberry.execution"]
    assert len(records) == 1
    record = records[0]
    assert record.levelno == logging.INFO
    assert record.exc_info is None
    assert "\n" not in record.getMessage()
    error = body["errors"][0]
    if "argument" in error["extensions"]:
        # A resolver's error: its code and argument, not its message (which may quote input).
        assert record.getMessage().endswith(
            f"{error['extensions']['code']} (argument {error['extensions']['argument']})"
        )
    else:
        assert error["message"] in record.getMessage()


def test_a_server_error_is_logged_with_its_traceback(caplog):
    caplog.set_level(logging.INFO, logger="strawberry.execution")
    try:
        raise RuntimeError("a bug")
    except RuntimeError as bug:
        errors_log([GraphQLError("a bug", path=["campaigns"], original_error=bug)])

    (record,) = caplog.records
    assert record.levelno == logging.ERROR
    assert record.exc_info[1].args == ("a bug",)


def test_a_resolvers_client_error_is_logged_without_the_value_it_quotes(client, db, caplog):
    """ "No public campaign has the ID <value>" must not copy an address into the logs."""
    import json as json_module
    import logging as logging_module

    caplog.set_level(logging_module.INFO)
    query = "query($id: ID!) { campaign(id: $id) { title } }"
    body = json_module.dumps({"query": query, "variables": {"id": "secret.person@example.org"}})
    response = client.post("/graphql/", body, content_type="application/json")

    assert "errors" in response.json()
    assert "GraphQL client error" in caplog.text
    assert "secret.person" not in caplog.text
