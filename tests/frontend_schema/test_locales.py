"""Locales: pages linked from a translated page come in its locale (Wagtail's ``localized``),
lists fall back to the site's default locale with ``isFallback``, and an answer's language
follows the ``locale`` argument only, never the Accept-Language header."""

import json

import pytest
from graphql import (
    GraphQLInterfaceType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLUnionType,
    get_named_type,
    is_leaf_type,
)
from graphql.pyutils import Undefined
from wagtail.models import Page

from campaign import factories, models
from campaign.choices import OrganisationRole
from frontend_schema.schema import schema

GRAPHQL = schema._schema
PAGE = GRAPHQL.get_type("Page")
NESTED_PAGE = "{ __typename id locale path isFallback }"
# Fields that give other languages on purpose.
OTHER_LANGUAGES = {"translations"}


@pytest.fixture(autouse=True)
def _room_for_generated_queries(settings):
    settings.GRAPHQL_MAX_ALIASES = 10_000
    settings.GRAPHQL_MAX_TOKENS = 100_000
    settings.GRAPHQL_MAX_DEPTH = 30
    settings.GRAPHQL_MAX_COST = 10**12


def translate(page, locale, **fields):
    """Publish a translation of ``page`` (and of its missing parents) into ``locale``."""
    translation = page.specific.copy_for_translation(locale, copy_parents=True)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return type(page.specific).objects.get(pk=translation.pk)


def is_page_type(named) -> bool:
    return named is PAGE or (isinstance(named, GraphQLObjectType) and PAGE in named.interfaces)


def selection(type_, depth: int) -> str | None:
    """Every field reachable from ``type_`` (by introspection of the schema): leaves as they
    are, pages below the top one as ``NESTED_PAGE``, fields needing an argument left out.
    Fields inside type conditions are aliased by type, so that fields of the same name and
    different types never clash."""
    named = get_named_type(type_)
    if is_leaf_type(named):
        return ""
    if depth < 0:
        return None
    if isinstance(named, (GraphQLInterfaceType, GraphQLUnionType)):
        parts = ["__typename"]
        for possible in GRAPHQL.get_possible_types(named):
            inner = _fields(possible, depth, alias=possible.name)
            parts.append(f"... on {possible.name} {{ __typename {inner} }}")
        return "{ " + " ".join(parts) + " }"
    return "{ __typename " + _fields(named, depth) + " }"


def _fields(object_type, depth: int, alias: str = "") -> str:
    parts = []
    for name, field in object_type.fields.items():
        if name in OTHER_LANGUAGES:
            continue
        if any(
            isinstance(arg.type, GraphQLNonNull) and arg.default_value is Undefined
            for arg in field.args.values()
        ):
            continue
        named = get_named_type(field.type)
        inner = NESTED_PAGE if is_page_type(named) else selection(field.type, depth - 1)
        if inner is None:
            continue
        parts.append(f"{alias}_{name}: {name} {inner}" if alias else f"{name} {inner}")
    return " ".join(parts)


def every_field_of_every_page(gql, locale: str) -> list[dict]:
    """Every public page of ``locale``, each with every field, linked pages as ``NESTED_PAGE``.

    One page per request: a list mixing page types has a fault of its own (issue 6, part 4).
    """
    edges = gql(f'{{ pages(locale: "{locale}", first: 100) {{ edges {{ node {{ path }} }} }} }}')
    query = (
        f'query($path: String!) {{ page(path: $path, locale: "{locale}") {selection(PAGE, 8)} }}'
    )
    return [
        gql(query, {"path": edge["node"]["path"]}).data["page"]
        for edge in edges.data["pages"]["edges"]
    ]


def linked_pages(value, top=True) -> list[dict]:
    """Every page object inside ``value`` (a page's JSON), the page itself left out."""
    found = []
    if isinstance(value, dict):
        if not top and "isFallback" in value and "locale" in value:
            found.append(value)
        for child in value.values():
            found.extend(linked_pages(child, top=False))
    elif isinstance(value, list):
        for child in value:
            found.extend(linked_pages(child, top=False))
    return found


@pytest.fixture
def every_page(campaign_tree, locales):
    """A page of every type on the English site, each relation and block filled (the one
    organisation is a German lead, so the organisation wall block shows it)."""
    pages = factories.pages_of_every_type(campaign_tree.campaign)
    organisation = pages[models.OrganisationPage]
    organisation.role = OrganisationRole.LEAD
    organisation.country = "DE"
    organisation.save_revision().publish()
    return pages


def by_depth(pages):
    return sorted(pages.values(), key=lambda page: page.depth)


# --- links from a translated page ---------------------------------------------------------------


def test_every_page_linked_from_a_translated_page_is_its_translation(every_page, locales, gql):
    """Walks every field of every page type: whatever links a page (relations, StreamField
    choosers, campaign lists, call-to-action pages…) gives the translation in the linking page's
    locale, and the German answer holds as many linked pages as the English one."""
    for page in by_depth(every_page):
        translate(page, locales["de"])
    english = every_field_of_every_page(gql, "en")
    german = every_field_of_every_page(gql, "de")
    assert len(german) == len(english) == len(every_page)
    linked = [page for node in german for page in linked_pages(node)]
    assert len(linked) == sum(len(linked_pages(node)) for node in english) > 10
    assert {(page["locale"], page["isFallback"]) for page in linked} == {("de", False)}


def test_an_untranslated_linked_page_is_the_original_marked_as_fallback(every_page, locales, gql):
    """Only the pages that link are translated: the linked demand, organisation and supporter
    come in English, marked, never dropped."""
    linked_types = {models.DemandPage, models.OrganisationPage, models.SupporterPage}
    for page in by_depth(every_page):
        if type(page) not in linked_types:
            translate(page, locales["de"])
    english = {node["__typename"]: node for node in every_field_of_every_page(gql, "en")}
    german = every_field_of_every_page(gql, "de")
    assert len(german) == len(every_page) - len(linked_types)
    for node in german:  # one page of each type: nothing linked is lost in German
        assert len(linked_pages(node)) == len(linked_pages(english[node["__typename"]]))
    linked = [page for node in german for page in linked_pages(node)]
    types_in_english = {
        page["__typename"]
        for page in linked
        if (page["locale"], page["isFallback"]) == ("en", True)
    }
    assert types_in_english == {"Demand", "Organisation", "Supporter"}
    assert {page["locale"] for page in linked if not page["isFallback"]} == {"de"}


def test_a_translated_posts_demands_are_the_german_demands_and_routable(every_page, locales, gql):
    for page in by_depth(every_page):
        translate(page, locales["de"], title=f"DE {page.title}")
    data = gql(
        """{ posts(locale: "de") { edges { node {
            relatedDemands { id: databaseId title path locale isFallback } } } } }"""
    ).data
    (demand,) = data["posts"]["edges"][0]["node"]["relatedDemands"]
    german = models.DemandPage.objects.get(locale__language_code="de")
    assert demand == {
        "id": german.pk,
        "title": german.title,
        "path": demand["path"],
        "locale": "de",
        "isFallback": False,
    }
    assert german.title.startswith("DE ")
    found = gql(
        'query($path: String!) { page(path: $path, locale: "de") { id: databaseId } }',
        {"path": demand["path"]},
    ).data
    assert found == {"page": {"id": german.pk}}


# --- lists that fall back to the default locale -------------------------------------------------


@pytest.fixture
def english_directory(campaign_tree, locales):
    """Five organisations, supporters, demands and open letters in English; the campaign, its
    index pages and one of each translated into German."""
    tree = campaign_tree
    made = {"organisations": [], "supporters": [], "demands": [], "letters": [], "posts": []}
    for i in range(5):
        made["organisations"].append(
            factories.OrganisationPageFactory(parent=tree.organisations, title=f"Org {i}")
        )
        made["supporters"].append(
            factories.SupporterPageFactory(parent=tree.supporters, title=f"Supporter {i}")
        )
        made["demands"].append(
            factories.DemandPageFactory(parent=tree.demands, title=f"Demand {i}", number=i + 1)
        )
        made["letters"].append(
            factories.OpenLetterPageFactory(parent=tree.campaign, title=f"Letter {i}")
        )
        made["posts"].append(factories.CampaignPostPageFactory(parent=tree.posts))
    german = {"campaign": translate(tree.campaign, locales["de"], title="Gesicht zeigen")}
    for kind, pages in made.items():
        german[kind] = translate(pages[2], locales["de"], title=f"DE {pages[2].title}")
    return made, german


FALLBACK_LISTS = {
    "organisations": "organisations",
    "supporters": "supporters",
    "openLetters": "letters",
}


@pytest.mark.parametrize("field", FALLBACK_LISTS)
def test_a_directory_in_german_lists_every_page_once_untranslated_ones_marked(
    english_directory, gql, field
):
    made, german = english_directory
    kind = FALLBACK_LISTS[field]
    data = gql(
        f'{{ {field}(locale: "de") {{ totalCount '
        f"edges {{ node {{ id: databaseId locale isFallback }} }} }} }}"
    ).data[field]
    assert data["totalCount"] == 5
    nodes = [edge["node"] for edge in data["edges"]]
    expected_ids = {page.pk for page in made[kind] if page.pk != made[kind][2].pk}
    assert {node["id"] for node in nodes} == expected_ids | {german[kind].pk}
    for node in nodes:
        is_german = node["id"] == german[kind].pk
        assert node["locale"] == ("de" if is_german else "en")
        assert node["isFallback"] is not is_german


@pytest.mark.parametrize("field", FALLBACK_LISTS)
def test_fallback_false_gives_only_the_requested_locale(english_directory, gql, field):
    _made, german = english_directory
    data = gql(
        f'{{ {field}(locale: "de", fallback: false) {{ totalCount '
        f"edges {{ node {{ id: databaseId }} }} }} }}"
    ).data[field]
    assert data == {
        "totalCount": 1,
        "edges": [{"node": {"id": german[FALLBACK_LISTS[field]].pk}}],
    }


def test_pagination_and_total_count_hold_with_the_fallback(english_directory, gql):
    query = """query($after: String) { organisations(locale: "de", first: 2, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { title } } } }"""
    titles, after = [], None
    while True:
        page = gql(query, {"after": after}).data["organisations"]
        assert page["totalCount"] == 5
        titles += [edge["node"]["title"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert titles == ["DE Org 2", "Org 0", "Org 1", "Org 3", "Org 4"]


def test_demands_of_the_german_campaign_include_the_untranslated(english_directory, gql):
    made, german = english_directory
    expected = [
        (page.title if i != 2 else german["demands"].title, "en" if i != 2 else "de")
        for i, page in enumerate(made["demands"])
    ]
    for campaign in (german["campaign"], made["demands"][0].get_parent().get_parent()):
        root = gql(
            'query($c: ID!) { demands(campaign: $c, locale: "de") { title locale } }',
            {"c": str(campaign.pk)},
        ).data["demands"]
        assert [(d["title"], d["locale"]) for d in root] == expected
    nested = gql(
        """{ campaigns(locale: "de") { title demands { title locale isFallback }
            own: demands(fallback: false) { title } } }"""
    ).data["campaigns"]
    assert [campaign["title"] for campaign in nested] == ["Gesicht zeigen"]
    assert [(d["title"], d["locale"]) for d in nested[0]["demands"]] == expected
    assert [d["isFallback"] for d in nested[0]["demands"]] == [True, True, False, True, True]
    assert nested[0]["own"] == [{"title": german["demands"].title}]


def test_posts_do_not_fall_back_unless_asked(english_directory, gql):
    _made, german = english_directory
    query = '{ posts(locale: "de"%s) { totalCount edges { node { id: databaseId isFallback } } } }'
    default = gql(query % "").data["posts"]
    assert default["totalCount"] == 1
    assert default["edges"] == [{"node": {"id": german["posts"].pk, "isFallback": False}}]
    assert gql(query % ", fallback: true").data["posts"]["totalCount"] == 5


def test_the_fallback_is_the_same_on_every_list_with_the_argument(
    english_directory, campaign_tree, gql
):
    """Every root list with a `fallback` argument: on gives one page per translation, off only
    the requested locale (found by introspection, so a new list is checked too)."""
    factories.CampaignPageFactory(parent=campaign_tree.campaign, title="Untranslated campaign")
    names = [
        name
        for name, field in GRAPHQL.query_type.fields.items()
        if "fallback" in field.args and "campaign" not in field.args
    ]
    assert {"organisations", "supporters", "openLetters", "posts", "pages", "campaigns"} <= set(
        names
    )
    for name in names:
        is_connection = "edges" in get_named_type(GRAPHQL.query_type.fields[name].type).fields
        fields = "id: databaseId locale isFallback"
        selection_set = (
            f"{{ edges {{ node {{ {fields} }} }} }}" if is_connection else f"{{ {fields} }}"
        )
        answers = {}
        for fallback in ("true", "false"):
            answer = gql(
                f'{{ x: {name}(locale: "de", fallback: {fallback}, first: 100) {selection_set} }}'
                if is_connection
                else f'{{ x: {name}(locale: "de", fallback: {fallback}) {selection_set} }}'
            ).data["x"]
            answers[fallback] = (
                [edge["node"] for edge in answer["edges"]] if is_connection else answer
            )
        on, off = answers["true"], answers["false"]
        assert off and {(n["locale"], n["isFallback"]) for n in off} == {("de", False)}, name
        assert len(on) > len(off), name
        assert {(n["locale"], n["isFallback"]) for n in on} == {("de", False), ("en", True)}, name
        assert all(n in on for n in off), name
        keys = Page.objects.filter(pk__in=[n["id"] for n in on]).values_list("translation_key")
        assert len(set(keys)) == len(on), name  # one page per translation


# --- the answer's language is the locale argument, never Accept-Language ------------------------


COUNTRY_QUERY = """query($locale: String) { organisations(locale: $locale) {
    edges { node { country { code name } } } } }"""


@pytest.fixture
def organisations_in_countries(campaign_tree):
    for code in ("DE", "FR", "IT", "AT", "BE", "NL"):
        factories.OrganisationPageFactory(parent=campaign_tree.organisations, country=code)


def post_query(client, variables, **headers):
    return client.post(
        "/graphql/",
        json.dumps({"query": COUNTRY_QUERY, "variables": variables}),
        content_type="application/json",
        headers=headers,
    )


def test_answers_do_not_depend_on_accept_language(organisations_in_countries, client):
    plain = post_query(client, {})
    german_browser = post_query(client, {}, **{"Accept-Language": "de"})
    assert german_browser.content == plain.content
    for response in (plain, german_browser):
        vary = [v.strip().lower() for v in response.get("Vary", "").split(",")]
        assert "accept-language" not in vary
        assert response.get("Content-Language") is None
    names = {
        edge["node"]["country"]["name"] for edge in plain.json()["data"]["organisations"]["edges"]
    }
    assert names == {"Germany", "France", "Italy", "Austria", "Belgium", "Netherlands"}


def test_country_names_follow_the_locale_argument(organisations_in_countries, client):
    german = post_query(client, {"locale": "de"})
    french_browser = post_query(client, {"locale": "de"}, **{"Accept-Language": "fr"})
    assert german.content == french_browser.content
    names = {
        edge["node"]["country"]["name"] for edge in german.json()["data"]["organisations"]["edges"]
    }
    assert names == {"Deutschland", "Frankreich", "Italien", "Österreich", "Belgien", "Niederlande"}


def test_the_admin_still_follows_the_editors_language(db, client):
    response = client.get("/admin/login/", headers={"Accept-Language": "de"})
    assert response.status_code == 200
    assert "accept-language" in response["Vary"].lower()
    assert 'lang="de"' in response.content.decode()
