"""Helpers for running GraphQL documents against the real schema, as the endpoint does."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponse
from django.test import RequestFactory
from strawberry.django.context import StrawberryDjangoContext

from frontend_schema.schema import schema


class GraphQLResult:
    def __init__(self, result):
        self.data = result.data
        self.errors = result.errors or []

    @property
    def messages(self) -> list[str]:
        return [error.message for error in self.errors]

    @property
    def codes(self) -> list[str | None]:
        return [(error.extensions or {}).get("code") for error in self.errors]


@pytest.fixture
def production_caching(settings):
    """The response cache and automatic persisted queries on, as in production.

    The test settings turn the response cache off; tests of bad input use this so that input
    reaching the cache key or the persisted-query hash before validation is exercised too.
    """
    settings.GRAPHQL_RESPONSE_CACHE = True
    settings.GRAPHQL_PERSISTED_QUERIES = True


@pytest.fixture
def gql(db):
    """Run a document like the endpoint does: ``gql(query, variables, host=...)``.

    Raises on errors unless ``allow_errors=True``.
    """

    def run(query: str, variables: dict | None = None, *, host="localhost", allow_errors=False):
        request = RequestFactory().post("/graphql/", HTTP_HOST=host)
        context = StrawberryDjangoContext(request=request, response=HttpResponse())
        result = GraphQLResult(
            schema.execute_sync(query, variable_values=variables, context_value=context)
        )
        if not allow_errors:
            assert not result.errors, result.messages
        return result

    # Warm the content-type cache so query counts do not depend on test order.
    ContentType.objects.clear_cache()
    return run
