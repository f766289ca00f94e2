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
    assert body["errors"][0]["message"] in record.getMessage()


def test_a_server_error_is_logged_with_its_traceback(caplog):
    caplog.set_level(logging.INFO, logger="strawberry.execution")
    try:
        raise RuntimeError("a bug")
    except RuntimeError as bug:
        errors_log([GraphQLError("a bug", path=["campaigns"], original_error=bug)])

    (record,) = caplog.records
    assert record.levelno == logging.ERROR
    assert record.exc_info[1].args == ("a bug",)
