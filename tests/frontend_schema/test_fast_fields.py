"""The fields that skip strawberry's per-field machinery (frontend_schema.fast_fields) answer
exactly as strawberry would: checked on a document of every field of every page type, the site,
and the home page's lists, against a schema built without them."""

from django.http import HttpResponse
from django.test import RequestFactory
from graphql import GraphQLObjectType
from strawberry.django.context import StrawberryDjangoContext

from campaign import factories
from frontend_schema.schema import build_schema, schema
from tests.frontend_schema.full_answer import every_page_and_the_site, unlimited
from tests.frontend_schema.test_absent_text import cache_embed

LISTS = """query ($slug: String!) {
  posts(first: 10) { totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { title path publicationDate summary licence } } }
  organisations(first: 10, orderBy: NAME) { totalCount edges { node { name role website scope
    country { code name } dateJoined } } }
  campaign(slug: $slug) { title tagline status demands { number shortTitle summary
    progressStatus progressChangedAt } counter { count goal progress asOf } }
}"""


def run(a_schema, query: str, variables: dict | None = None) -> dict:
    request = RequestFactory().post("/graphql/", HTTP_HOST="localhost")
    context = StrawberryDjangoContext(request=request, response=HttpResponse())
    result = a_schema.execute_sync(query, variable_values=variables, context_value=context)
    assert not result.errors, result.errors
    return result.data


def test_the_endpoint_schema_has_fast_fields():
    plain = build_schema(fast_fields=False)
    changed = [
        f"{name}.{field_name}"
        for name, graphql_type in schema._schema.type_map.items()
        for field_name, field in getattr(graphql_type, "fields", {}).items()
        if not name.startswith("__")
        and isinstance(graphql_type, GraphQLObjectType)
        and field.resolve is not plain._schema.type_map[name].fields[field_name].resolve
    ]
    assert "Organisation.name" in changed and "CampaignPostEdge.node" in changed


def test_every_answer_is_the_same_with_and_without_fast_fields(campaign_tree, settings):
    unlimited(settings)
    cache_embed()
    factories.pages_of_every_type(campaign_tree.campaign)
    factories.OrganisationPageFactory(parent=campaign_tree.organisations, website="")
    plain = build_schema(fast_fields=False)
    variables = {"slug": campaign_tree.campaign.slug}
    for query in (every_page_and_the_site({"preset": "CARD"}), LISTS):
        fast_answer = run(schema, query, variables if query is LISTS else None)
        assert fast_answer == run(plain, query, variables if query is LISTS else None)
    assert fast_answer["organisations"]["edges"] and fast_answer["campaign"]["demands"]
