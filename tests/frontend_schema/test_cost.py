"""Inputs that cost too much are refused before they run, in time linear in their size
(frontend_schema/cost.py, docs/graphql-endpoint.md "Cost and images")."""

import json
import time

from django.conf import settings
from graphql import get_named_type, get_nullable_type, is_list_type, parse

from frontend_schema.cost import (
    QUERY_TOO_COMPLEX,
    alias_count,
    budget,
    document_cost,
    is_connection,
    list_size_estimate,
    operation_depth,
    operations_of,
)
from frontend_schema.pagination import default_page_size, max_page_size
from tests.frontend_schema.full_answer import GRAPHQL_SCHEMA, selection
from tests.frontend_schema.test_home_page_query import HOME_PAGE_QUERY

RESPONSE_JSON = "application/graphql-response+json"


def post(client, query, variables=None):
    body = json.dumps({"query": query, "variables": variables})
    return client.post(
        "/graphql/", body, content_type="application/json", HTTP_ACCEPT=RESPONSE_JSON
    )


def fragment_bomb(levels: int, spreads: int, leaf: str = "__typename") -> str:
    """``levels`` fragments, each spreading the next ``spreads`` times: its expansion has
    ``spreads ** levels`` copies of ``leaf``."""
    lines = ["query Bomb { ...F0 }"]
    for level in range(levels):
        lines.append(f"fragment F{level} on Query {{ " + f"...F{level + 1} " * spreads + "}")
    lines.append(f"fragment F{levels} on Query {{ {leaf} }}")
    return "\n".join(lines)


# --- The cases of issue 12, verbatim ----------------------------------------------------------


def test_seven_fragment_levels_of_ten_spreads_validate_in_milliseconds(client):
    document = fragment_bomb(7, 10)
    assert 550 < len(document.encode()) < 700  # the issue's 660-byte document
    started = time.perf_counter()
    response = post(client, document)
    assert time.perf_counter() - started < 1.0  # was 34 s of CPU
    assert response.json() == {"data": {"__typename": "Query"}}


def test_the_nested_organisation_tree_is_refused_before_it_runs(client):
    query = "{organisations(first:100){edges{node{parent{children{parent{children{title}}}}}}}}"
    started = time.perf_counter()
    response = post(client, query)
    assert time.perf_counter() - started < 1.0  # was 8.7 s and 15 MB
    assert response.status_code == 400
    body = response.json()
    assert "data" not in body
    (error,) = body["errors"]
    extensions = error["extensions"]
    assert extensions["code"] == QUERY_TOO_COMPLEX
    assert extensions["budget"] == settings.GRAPHQL_MAX_COST
    assert extensions["cost"] == document_cost(GRAPHQL_SCHEMA, parse(query)) > 400_000
    assert f"its estimated cost is {extensions['cost']}" in error["message"]


def test_thirty_aliases_of_a_hundred_pages_with_children_are_refused(client):
    query = (
        "{ "
        + " ".join(
            f"p{i}: pages(first:100){{edges{{node{{children{{title}}}}}}}}" for i in range(30)
        )
        + " }"
    )
    response = post(client, query)
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == QUERY_TOO_COMPLEX


# --- The next case of each kind ---------------------------------------------------------------


def test_depth_and_aliases_take_linear_time_on_any_fragment_bomb():
    # 10**30 copies when expanded: only a walk that measures each fragment once finishes.
    document = parse(fragment_bomb(30, 10, leaf="a: __typename"))
    (operation,) = operations_of(document)
    started = time.perf_counter()
    assert operation_depth(document, operation) == 0
    assert alias_count(document) == 10**30
    assert document_cost(GRAPHQL_SCHEMA, document) == 1  # execution merges the spreads too
    assert time.perf_counter() - started < 0.5


def test_a_fragment_bomb_of_aliases_is_refused_by_the_alias_limit(client):
    response = post(client, fragment_bomb(7, 10, leaf="a: __typename"))
    assert response.json()["errors"][0]["message"] == "10000000 aliases found. Allowed: 30"


def test_each_nested_list_multiplies_the_cost():
    def cost(query, variables=None):
        return document_cost(GRAPHQL_SCHEMA, parse(query), variables)

    # A connection's edges count its page size; `first` from a variable counts its value.
    assert cost("{ posts(first: 10) { edges { node { title } } } }") == 1 + 10 * (1 + 2)
    assert cost("query($n: Int) { posts(first: $n) { edges { node { title } } } }", {"n": 3}) == (
        1 + 3 * 3
    )
    # No `first`: the default page size; more than the maximum counts as the maximum.
    assert cost("{ posts { totalCount } }") == 2
    assert cost("{ posts { edges { cursor } } }") == 1 + default_page_size() * 2
    assert cost("{ posts(first: 5000) { edges { cursor } } }") == (1 + max_page_size() * 2)
    # Unpaginated lists count their estimate, and every level multiplies.
    one_level = cost("{ pages(first: 1) { edges { node { children { title } } } } }")
    two_levels = cost("{ pages(first: 1) { edges { node { children { children { title } } } } } }")
    children = list_size_estimate(GRAPHQL_SCHEMA.get_type("Page"), "children")
    assert one_level == 1 + 1 * (1 + 1 + children * 2)
    assert two_levels == 1 + 1 * (1 + 1 + children * (1 + children * 2))
    # Aliases add up.
    single = "posts(first: 10) { edges { node { title } } }"
    assert cost(f"{{ a: {single} b: {single} }}") == 2 * cost(f"{{ {single} }}")


def test_a_union_list_counts_its_most_expensive_member_once():
    blocks = "... on HeadingBlock { text } ... on QuoteBlock { text speaker sourceUrl }"
    query = f'{{ page(path: "/") {{ ... on CampaignPost {{ body {{ {blocks} }} }} }} }}'
    body = list_size_estimate(GRAPHQL_SCHEMA.get_type("CampaignPost"), "body")
    assert document_cost(GRAPHQL_SCHEMA, parse(query)) == 1 + body * (1 + 3)


def test_a_query_just_over_the_budget_is_refused_and_one_at_it_runs(client, settings, db):
    query = "{ posts(first: 10) { edges { node { title } } } }"
    settings.GRAPHQL_MAX_COST = 31
    assert "errors" not in post(client, query).json()
    settings.GRAPHQL_MAX_COST = 30
    errors = post(client, query).json()["errors"]
    assert errors[0]["extensions"] == {"code": QUERY_TOO_COMPLEX, "cost": 31, "budget": 30}


def test_the_variables_decide_the_cost_of_a_cached_document(client, db):
    query = (
        "query($n: Int) { pages(first: $n) { edges { node { children { children { title } } } } } }"
    )
    assert "errors" not in post(client, query, {"n": 2}).json()
    refused = post(client, query, {"n": 100}).json()
    assert refused["errors"][0]["extensions"]["code"] == QUERY_TOO_COMPLEX


def test_every_list_field_of_the_schema_has_a_cost():
    """A list field without an estimate (or a connection without `first`) fails here."""
    missing = []
    for type_name, graphql_type in GRAPHQL_SCHEMA.type_map.items():
        if type_name.startswith("__"):
            continue
        for field_name, field in getattr(graphql_type, "fields", {}).items():
            named = get_named_type(field.type)
            label = f"{type_name}.{field_name}"
            if is_connection(named):
                if "first" not in field.args:
                    missing.append(label)
            elif is_list_type(get_nullable_type(field.type)):
                paged = is_connection(graphql_type) and field_name == "edges"
                by_argument = label == "Query.nodes"
                if not (paged or by_argument or list_size_estimate(graphql_type, field_name)):
                    missing.append(label)
    assert missing == []


# --- Realistic queries stay well inside the budget --------------------------------------------


def post_with_every_block() -> str:
    """A post page with every field of a post and of every block type, built by introspection,
    plus the pages that blocks and relations link to (title, path and their images)."""
    page_link = "title path"
    image = "altText rendition(preset: CARD) { url width height } srcset(preset: CARD)"
    return f"""{{ page(path: "/news/a-post/") {{ ... on CampaignPost {{
      {selection("CampaignPost", {"preset": "HERO"})}
      relatedOrganisations {{ name {page_link} logo {{ {image} }} }}
      relatedSupporters {{ name {page_link} image {{ {image} }} }}
      relatedDemands {{ number shortTitle {page_link} }}
      translations {{ locale {page_link} }}
      parent {{ {page_link} }}
      body {{
        ... on CallToActionBlock {{ page {{ {page_link} }} }}
        ... on DemandListBlock {{ demands {{ number shortTitle {page_link} }} }}
        ... on OrganisationWallBlock {{ organisations {{ name {page_link} logo {{ {image} }} }} }}
        ... on QuoteBlock {{ supporter {{ name {page_link} }} }}
      }}
    }} }} }}"""


def test_realistic_page_queries_cost_less_than_half_the_budget(gql, campaign_tree):
    home = document_cost(GRAPHQL_SCHEMA, parse(HOME_PAGE_QUERY), {"slug": "reclaim-your-face"})
    post_query = post_with_every_block()
    a_post = document_cost(GRAPHQL_SCHEMA, parse(post_query))
    assert home < settings.GRAPHQL_MAX_COST / 2, home
    assert a_post < settings.GRAPHQL_MAX_COST / 2, a_post
    # And both pass every limit of the endpoint.
    gql(HOME_PAGE_QUERY, {"slug": campaign_tree.campaign.slug})
    gql(post_query)


def test_every_example_query_in_the_docs_costs_less_than_half_the_budget():
    from tests.test_docs import EXAMPLES

    costs = {
        f"{doc} example {index}": document_cost(GRAPHQL_SCHEMA, parse(document))
        for doc, index, document in EXAMPLES
    }
    assert len(costs) >= 3
    too_expensive = {name: cost for name, cost in costs.items() if cost >= budget() / 2}
    assert too_expensive == {}
