"""One field name, one type: any query that selects a field name in fragments on several types
(the page types of `pages`, the block types of a body) passes validation without aliases.

GraphQL's "fields can be merged" rule (OverlappingFieldsCanBeMerged) rejects sibling fragments
whose same-named fields differ in list-ness, nullability or leaf type (`intro: String!` here,
`intro: RichText!` there). The check below applies that rule to every pair of types that can
meet in one selection: the possible types of every interface and union, and, recursively, the
types their same-named fields return.
"""

import itertools
import re

from graphql import (
    GraphQLList,
    GraphQLNonNull,
    get_named_type,
    is_abstract_type,
    is_leaf_type,
    parse,
    validate,
)

from tests.frontend_schema.full_answer import GRAPHQL_SCHEMA, selection

# Field names allowed to have two types. Deliberately empty: add a name only with the reason.
EXCEPTIONS: dict[str, str] = {}


def _shape_conflict(type_a, type_b) -> bool:
    """Whether two field types can never be merged, as graphql-core's doTypesConflict decides."""
    if isinstance(type_a, GraphQLList) or isinstance(type_b, GraphQLList):
        if not (isinstance(type_a, GraphQLList) and isinstance(type_b, GraphQLList)):
            return True
        return _shape_conflict(type_a.of_type, type_b.of_type)
    if isinstance(type_a, GraphQLNonNull) or isinstance(type_b, GraphQLNonNull):
        if not (isinstance(type_a, GraphQLNonNull) and isinstance(type_b, GraphQLNonNull)):
            return True
        return _shape_conflict(type_a.of_type, type_b.of_type)
    if is_leaf_type(type_a) or is_leaf_type(type_b):
        return type_a is not type_b
    return False


def _object_types(named_type) -> list:
    if is_abstract_type(named_type):
        return list(GRAPHQL_SCHEMA.get_possible_types(named_type))
    return [named_type]


def conflicts() -> list[str]:
    """Every field name that two types meeting in one selection give different types."""
    found: set[str] = set()
    checked: set[frozenset] = set()
    pending = [
        (a, b, abstract.name)
        for abstract in GRAPHQL_SCHEMA.type_map.values()
        if is_abstract_type(abstract)
        for a, b in itertools.combinations(GRAPHQL_SCHEMA.get_possible_types(abstract), 2)
    ]
    while pending:
        type_a, type_b, where = pending.pop()
        key = frozenset({type_a.name, type_b.name})
        if key in checked or type_a is type_b:
            continue
        checked.add(key)
        for name in type_a.fields.keys() & type_b.fields.keys():
            field_a, field_b = type_a.fields[name].type, type_b.fields[name].type
            if name not in EXCEPTIONS and _shape_conflict(field_a, field_b):
                found.add(
                    f"{where}: {type_a.name}.{name}: {field_a} / {type_b.name}.{name}: {field_b}"
                )
                continue
            named_a, named_b = get_named_type(field_a), get_named_type(field_b)
            if not is_leaf_type(named_a) and named_a is not named_b:
                # Their sub-selections are merged too: every pair of their object types.
                for inner_a in _object_types(named_a):
                    for inner_b in _object_types(named_b):
                        pending.append((inner_a, inner_b, f"{where} > {name}"))
    return sorted(found)


def test_a_field_name_has_one_type_on_every_type_a_selection_can_meet():
    assert not conflicts(), "Fields of one name with two types:\n" + "\n".join(conflicts())


def test_the_check_sees_a_conflict_like_the_old_intro():
    """`intro: String!` on one page type and `intro: RichText!` on another could not merge."""
    assert _shape_conflict(
        GraphQLNonNull(GRAPHQL_SCHEMA.get_type("String")),
        GraphQLNonNull(GRAPHQL_SCHEMA.get_type("RichText")),
    )
    assert _shape_conflict(
        GRAPHQL_SCHEMA.get_type("String"), GraphQLNonNull(GRAPHQL_SCHEMA.get_type("String"))
    )
    assert not _shape_conflict(
        GraphQLList(GRAPHQL_SCHEMA.get_type("CampaignBodyBlock")),
        GraphQLList(GRAPHQL_SCHEMA.get_type("CampaignPostBodyBlock")),
    )


def test_intro_is_rich_text_on_every_page_type_that_has_one():
    types = {
        page_type.name: str(page_type.fields["intro"].type)
        for page_type in GRAPHQL_SCHEMA.get_possible_types(GRAPHQL_SCHEMA.get_type("Page"))
        if "intro" in page_type.fields
    }
    assert "StandardPage" in types and "Campaign" in types, types
    assert set(types.values()) == {"RichText"}, types


def test_a_catch_all_page_query_without_aliases_is_valid():
    """Every field of every page type, in sibling fragments under `pages`, with no alias."""
    document = parse(
        f"{{ pages {{ edges {{ node {{ {selection('Page', {'preset': 'CARD'})} }} }} }} }}"
    )
    assert validate(GRAPHQL_SCHEMA, document) == []


def test_a_catch_all_page_query_for_intro_runs(campaign_tree, gql):
    """The issue's example: `intro` on every page type in one query, with no alias."""
    from campaign import factories

    factories.StandardPageFactory(
        parent=campaign_tree.campaign, title="About", intro="<p>Who we are.</p>"
    )
    campaign_tree.posts.intro = "<p>Our news.</p>"
    campaign_tree.posts.save()
    query = """{ pages(first: 100) { edges { node { __typename title
      ... on StandardPage { intro { text } }
      ... on Campaign { intro { text } }
      ... on PostIndex { intro { text } }
      ... on DemandIndex { intro { text } } } } } }"""
    nodes = [edge["node"] for edge in gql(query).data["pages"]["edges"]]
    intros = {node["title"]: node.get("intro") for node in nodes if node["__typename"] != "Page"}
    assert intros["About"] == {"text": "Who we are."}
    assert intros["News"] == {"text": "Our news."}


def test_no_description_says_fields_need_aliases():
    """The check above makes aliases unnecessary; no description may say otherwise."""
    stale = []
    for graphql_type in GRAPHQL_SCHEMA.type_map.values():
        texts = [(graphql_type.name, graphql_type.description)]
        for name, field in getattr(graphql_type, "fields", {}).items():
            texts.append((f"{graphql_type.name}.{name}", field.description))
            texts += [
                (f"{graphql_type.name}.{name}({argument_name})", argument.description)
                for argument_name, argument in getattr(field, "args", {}).items()
            ]
        for where, text in texts:
            # GraphQL aliases, not Wagtail's page aliases ("an alias of a page"), which the
            # schema does describe.
            lowered = (text or "").lower().replace("wagtail alias", "").replace("an alias", "")
            if re.search(r"\baliase[sd]?\b|\balias (the|each|one|them)\b", lowered) or (
                "may differ" in lowered
            ):
                stale.append(f"{where}: {text}")
    assert not stale, "Descriptions that contradict one type per field name:\n" + "\n".join(stale)
