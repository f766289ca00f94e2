"""Filters: each item counted once, and a value that names nothing is an error.

Both rules cover the whole schema, so the tests walk every list field and every filter input
field by introspection.
"""

import datetime

import pytest
from taggit.models import Tag

from campaign import factories, models
from campaign.choices import OrganisationRole, SupporterKind

INTROSPECT = """{ __schema { queryType { fields {
  name
  type { ...T }
  args { name defaultValue type { ...T inputFields { name description type { ...T } } } }
} } } }
fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }
"""

# Arguments whose value is text to match, not the name of something: any value is legitimate and
# may match nothing.
FREE_TEXT = {
    ("pages", "filter.search"),
    ("organisations", "filter.search"),
    ("search", "query"),
    # Relay's `nodes(ids:)` is a lookup: it answers null for each ID that names nothing.
    ("nodes", "ids"),
}


def named(type_):
    while type_.get("ofType"):
        type_ = type_["ofType"]
    return type_


def root_fields(gql):
    return gql(INTROSPECT).data["__schema"]["queryType"]["fields"]


def connection_fields(gql):
    return [
        field for field in root_fields(gql) if named(field["type"])["name"].endswith("Connection")
    ]


def filter_argument(field):
    """``field``'s ``filter`` argument (a nullable input object), or None."""
    return next((arg for arg in field["args"] if arg["name"] == "filter"), None)


@pytest.fixture
def duplicated(campaign_tree):
    """A post that links one organisation, demand and supporter twice each and carries the tags
    "Biometrics" and "biometrics", beside a post that links each once."""
    tree = campaign_tree
    organisation = factories.OrganisationPageFactory(
        parent=tree.organisations, title="EDRi", role=OrganisationRole.LEAD, country="BE"
    )
    demand = factories.DemandPageFactory(parent=tree.demands)
    group = factories.PoliticalGroupFactory(short_name="Greens/EFA")
    supporter = factories.SupporterPageFactory(
        parent=tree.supporters, kind=SupporterKind.MEP, country="DE", political_group=group
    )
    factories.OpenLetterPageFactory(parent=tree.campaign)
    upper = Tag.objects.create(name="Biometrics", slug="biometrics")
    lower = Tag.objects.create(name="biometrics", slug="biometrics-2")
    twice = factories.CampaignPostPageFactory(
        parent=tree.posts, title="Twice", publication_date=datetime.date(2022, 1, 2)
    )
    once = factories.CampaignPostPageFactory(
        parent=tree.posts, title="Once", publication_date=datetime.date(2022, 1, 1)
    )
    for post, times in ((twice, 2), (once, 1)):
        for _ in range(times):
            post.related_organisations.create(organisation=organisation)
            post.related_demands.create(demand=demand)
            post.related_supporters.create(supporter=supporter)
        post.save()
    for tag in (upper, lower):
        models.CampaignPostTag.objects.create(content_object=twice, tag=tag)
    models.CampaignPostTag.objects.create(content_object=once, tag=upper)
    return {
        # A value for every filter field that matches at least one item.
        ("PostFilter", "campaign"): str(tree.campaign.pk),
        ("PostFilter", "tag"): "biometrics",
        ("PostFilter", "dateFrom"): "2022-01-01",
        ("PostFilter", "dateTo"): "2022-01-02",
        ("PostFilter", "organisation"): str(organisation.pk),
        ("PostFilter", "demand"): str(demand.pk),
        ("PostFilter", "supporter"): str(supporter.pk),
        ("PostFilter", "republishable"): True,
        ("OrganisationFilter", "campaign"): str(tree.campaign.pk),
        ("OrganisationFilter", "role"): "LEAD",
        ("OrganisationFilter", "country"): "BE",
        ("OrganisationFilter", "scope"): None,
        ("OrganisationFilter", "search"): "edri",
        ("SupporterFilter", "campaign"): str(tree.campaign.pk),
        ("SupporterFilter", "kind"): "MEP",
        ("SupporterFilter", "country"): "DE",
        ("SupporterFilter", "politicalGroup"): "Greens/EFA",
        ("OpenLetterFilter", "campaign"): str(tree.campaign.pk),
        ("PageFilter", "type"): "CampaignPost",
        ("PageFilter", "parent"): str(tree.posts.pk),
        ("PageFilter", "ancestor"): str(tree.campaign.pk),
        ("PageFilter", "search"): "Twice",
    }


def test_a_post_with_duplicate_links_and_tags_is_counted_once(duplicated, gql):
    query = """query($f: PostFilter) { posts(filter: $f) {
      totalCount edges { node { title } } } }"""
    for value in (
        {"organisation": duplicated["PostFilter", "organisation"]},
        {"tag": "biometrics"},
        {"tag": "Biometrics", "demand": duplicated["PostFilter", "demand"]},
    ):
        posts = gql(query, {"f": value}).data["posts"]
        assert [edge["node"]["title"] for edge in posts["edges"]] == ["Twice", "Once"]
        assert posts["totalCount"] == 2


def test_every_filter_of_every_connection_counts_each_item_once(duplicated, gql):
    """For every connection and every filter field, totalCount equals the distinct edges."""
    seen = set()
    for field in connection_fields(gql):
        argument = filter_argument(field)
        for input_field in argument["type"]["inputFields"] if argument else []:
            filter_type = argument["type"]["name"]
            key = (filter_type, input_field["name"])
            assert key in duplicated, f"Give {key} a matching value in the `duplicated` fixture."
            seen.add(key)
            value = duplicated[key]
            if value is None:
                continue  # an enum with no matching value in this data
            query = (
                f"query($f: {filter_type}) {{ {field['name']}(filter: $f, first: 100) "
                "{ totalCount edges { node { __typename ... on Page { id } } } } }"
            )
            connection = gql(query, {"f": {input_field["name"]: value}}).data[field["name"]]
            nodes = [tuple(sorted(edge["node"].items())) for edge in connection["edges"]]
            assert nodes, f"{key} matched nothing, so the test proves nothing"
            assert len(set(nodes)) == len(nodes), f"{key} repeats an item"
            assert connection["totalCount"] == len(nodes), key
    assert seen, "no filter fields were found"


@pytest.fixture
def draft(campaign_tree):
    """An unpublished page of each type a filter names."""
    tree = campaign_tree
    pages = [
        factories.OrganisationPageFactory(parent=tree.organisations),
        factories.DemandPageFactory(parent=tree.demands),
        factories.SupporterPageFactory(parent=tree.supporters),
        factories.CampaignPageFactory(parent=tree.campaign),
    ]
    for page in pages:
        page.unpublish()
    post = factories.CampaignPostPageFactory(parent=tree.posts)
    post.tags.add("draft-only")
    post.save()
    post.unpublish()
    return pages


def _arguments(field):
    """Every argument of a root field as (path, introspected type), filter fields included."""
    for arg in field["args"]:
        if arg["name"] == "filter":
            for input_field in arg["type"]["inputFields"]:
                yield f"filter.{input_field['name']}", input_field["type"]
        else:
            yield arg["name"], arg["type"]


UNKNOWN = {"ID": "999999", "String": "no-such-thing"}


def test_every_argument_that_names_something_rejects_an_unknown_value(campaign_tree, draft, gql):
    """Walks every argument (and filter field) of every list field: a String or ID that names
    nothing, or something unpublished, is an error naming the argument."""
    checked = []
    for field in root_fields(gql):
        # Single-item lookups (page, campaign, preview...) answer null for what is not there.
        if not (named(field["type"])["name"].endswith("Connection") or _is_list(field["type"])):
            continue
        required = {
            arg["name"]: "x"
            if named(arg["type"])["name"] == "String"
            else str(campaign_tree.campaign.pk)
            for arg in field["args"]
            if arg["type"]["kind"] == "NON_NULL" and arg["defaultValue"] is None
        }
        for path, type_ in _arguments(field):
            scalar = named(type_)["name"]
            if scalar not in UNKNOWN or path in ("first", "last", "after", "before"):
                continue
            is_list = _is_list(type_)
            values = [UNKNOWN[scalar]]
            if scalar == "ID":
                values += [str(page.pk) for page in draft]
            if path == "filter.tag":
                values.append("draft-only")
            for value in values:
                result = _run(gql, field, path, [value] if is_list else value, required)
                if (field["name"], path) in FREE_TEXT:
                    assert not result.errors, (field["name"], path, result.messages)
                    continue
                assert result.codes and result.codes[0] in ("BAD_USER_INPUT", "NOT_FOUND"), (
                    field["name"],
                    path,
                    value,
                    result.messages,
                )
                assert result.errors[0].extensions["argument"] == path
                checked.append((field["name"], path))
    names = {path for _, path in checked}
    assert {"filter.organisation", "filter.demand", "filter.supporter", "filter.tag"} <= names
    assert {"filter.campaign", "filter.parent", "filter.ancestor", "campaign", "locale"} <= names


def _is_list(type_):
    while type_:
        if type_["kind"] == "LIST":
            return True
        type_ = type_.get("ofType")
    return False


def _run(gql, field, path, value, required):
    arguments = dict(required)
    if path.startswith("filter."):
        arguments["filter"] = {path.removeprefix("filter."): value}
    else:
        arguments[path] = value
    types = {arg["name"]: _type_literal(arg["type"]) for arg in field["args"]}
    types = {name: literal.removesuffix("!") for name, literal in types.items()} | {
        arg["name"]: _type_literal(arg["type"])
        for arg in field["args"]
        if arg["defaultValue"] is None
    }
    declared = ", ".join(f"${name}: {types[name]}" for name in arguments)
    passed = ", ".join(f"{name}: ${name}" for name in arguments)
    selection = (
        "{ totalCount }"
        if named(field["type"])["name"].endswith("Connection")
        else "{ __typename }"
    )
    query = f"query({declared}) {{ {field['name']}({passed}) {selection} }}"
    return gql(query, arguments, allow_errors=True)


def _type_literal(type_):
    if type_["kind"] == "NON_NULL":
        return _type_literal(type_["ofType"]) + "!"
    if type_["kind"] == "LIST":
        return f"[{_type_literal(type_['ofType'])}]"
    return type_["name"]


def test_organisation_that_does_not_exist_is_an_error(campaign_tree, gql):
    result = gql('{ posts(filter: {organisation: "999999"}) { totalCount } }', allow_errors=True)
    assert result.codes == ["BAD_USER_INPUT"]
    assert result.errors[0].extensions["argument"] == "filter.organisation"
    assert "No public organisation has the ID 999999" in result.messages[0]


def test_an_id_of_another_type_is_an_error(campaign_tree, gql):
    organisation = factories.OrganisationPageFactory(parent=campaign_tree.organisations)
    result = gql(
        "query($d: ID) { posts(filter: {demand: $d}) { totalCount } }",
        {"d": str(organisation.pk)},
        allow_errors=True,
    )
    assert result.errors[0].extensions["argument"] == "filter.demand"


def test_a_known_tag_matches_in_any_case_and_a_country_with_no_items_is_empty(duplicated, gql):
    data = gql(
        """{ posts(filter: {tag: "BIOMETRICS"}) { totalCount }
             organisations(filter: {country: "FR"}) { totalCount } }"""
    ).data
    assert data["posts"]["totalCount"] == 2
    # A country code names a country, not an item: a valid code with no items is an empty list.
    assert data["organisations"]["totalCount"] == 0
