"""Paths and locales: every address the API gives out names one page in one locale.

A page's ``path`` carries the language prefix Wagtail's i18n URLs give it ('/de/news/x/'); links
in rich text and page choosers follow one rule (``campaign.selectors.public_link_targets``);
redirects carry the locale of their old path and never take a live page's path. The last test
walks the whole schema by introspection and checks every address-like field on German content.
"""

import re
import uuid

import pytest
from django.test import override_settings
from django.utils import translation
from graphql import (
    GraphQLEnumType,
    GraphQLInterfaceType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLUnionType,
    get_named_type,
)
from strawberry.relay import to_base64
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page
from wagtail.rich_text import expand_db_html

from campaign import factories, models
from campaign.services import page_preview_create
from frontend_schema.schema import schema
from tests.frontend_schema.test_blocks import cached_embed

FRONTEND = "https://front.example"


def translate(page, locale, **changes):
    """Publish a translation of ``page`` (its parents are copied as drafts when missing)."""
    translation_ = page.copy_for_translation(locale, copy_parents=True)
    for name, value in changes.items():
        setattr(translation_, name, value)
    translation_.save_revision().publish()
    translation_.refresh_from_db()
    return translation_.specific


def publish_german_tree(tree, locales):
    """The German translation of every page under the campaign, published, by tree order."""
    english = Page.objects.descendant_of(tree.campaign, inclusive=True).order_by("path")
    german = {}
    for page in english.specific():
        german[page.pk] = translate(page, locales["de"])
    return german


def link(page, words):
    return f'<a linktype="page" id="{page.pk}">{words}</a>'


def cta(page) -> dict:
    return {
        "type": "call_to_action",
        "id": str(uuid.uuid4()),
        "value": {"title": "Go", "text": "", "button_label": "Go", "page": page.pk, "url": ""},
    }


# --- one rule for links in rich text and page choosers -----------------------------------------


@pytest.fixture
def linking_post(campaign_tree, locales):
    """A German post linking, in rich text and in call-to-action choosers, to a page with a
    German translation, a page without one, and a page that is not public."""
    tree = campaign_tree
    publish_german_tree(tree, locales)
    translated = factories.StandardPageFactory(parent=tree.campaign, title="Sign", slug="sign")
    german_translated = translate(translated, locales["de"], slug="unterschreiben")
    untranslated = factories.OpenLetterPageFactory(
        parent=tree.campaign, title="Open letter", slug="open-letter"
    )
    draft = factories.StandardPageFactory(parent=tree.campaign, slug="draft", live=False)
    targets = [translated, untranslated, draft]
    post = factories.CampaignPostPageFactory(parent=tree.posts, title="Links", slug="links")
    post.body = [
        {
            "type": "paragraph",
            "id": str(uuid.uuid4()),
            "value": "<p>"
            + " ".join(link(page, f"link{i}") for i, page in enumerate(targets))
            + "</p>",
        },
        *(cta(page) for page in targets),
    ]
    post.save_revision().publish()
    german_post = translate(post, locales["de"], slug="verweise")
    return post, german_post, targets, german_translated


LINKS_QUERY = """query($path: String!) { page(path: $path) { locale ... on CampaignPost { body {
    ... on ParagraphBlock { richText { html } }
    ... on CallToActionBlock { page { path locale } } } } } }"""


def links_of(gql, path):
    body = gql(LINKS_QUERY, {"path": path}).data["page"]["body"]
    hrefs = re.findall(r"<a( href=\"[^\"]*\")?>", body[0]["richText"]["html"])
    chosen = [block["page"] for block in body[1:]]
    return [re.sub(r' href="([^"]*)"', r"\1", href) or None for href in hrefs], chosen


def test_rich_text_links_and_page_choosers_follow_one_rule(linking_post, gql):
    post, german_post, targets, german_translated = linking_post

    hrefs, chosen = links_of(gql, "/de/news/verweise/")

    # The German translation; the English page, which has no German one; no link at all.
    assert hrefs == ["/de/unterschreiben/", "/open-letter/", None]
    assert chosen == [
        {"path": "/de/unterschreiben/", "locale": "de"},
        {"path": "/open-letter/", "locale": "en"},
        None,
    ]
    assert [page and page["path"] for page in chosen] == hrefs
    # The English post links to the English pages.
    english_hrefs, english_chosen = links_of(gql, "/news/links/")
    assert english_hrefs == ["/sign/", "/open-letter/", None]
    assert [page and page["path"] for page in english_chosen] == english_hrefs


def test_links_lead_where_wagtail_own_rendering_leads(linking_post, gql):
    post, german_post, targets, german_translated = linking_post
    hrefs, _chosen = links_of(gql, "/de/news/verweise/")

    with translation.override("de"):
        wagtail_html = expand_db_html(german_post.body[0].value.source)

    wagtail_hrefs = re.findall(r'href="([^"]*)"', wagtail_html)
    # Wagtail links the draft too; the API links only public pages, the others the same way.
    assert wagtail_hrefs[:2] == hrefs[:2]


def test_a_link_to_an_unpublished_translation_falls_back_to_the_public_page(linking_post, gql):
    post, german_post, targets, german_translated = linking_post
    german_translated.unpublish()

    hrefs, chosen = links_of(gql, "/de/news/verweise/")

    assert hrefs[0] == "/sign/"
    assert chosen[0] == {"path": "/sign/", "locale": "en"}


# --- paths carry the locale ---------------------------------------------------------------------


@pytest.fixture
def german_post(campaign_tree, locales):
    post = factories.CampaignPostPageFactory(
        parent=campaign_tree.posts, title="Our demands published", slug="our-demands-published"
    )
    translate(campaign_tree.campaign, locales["de"])
    translate(campaign_tree.posts, locales["de"])
    german = translate(post, locales["de"], title="Forderungen veröffentlicht")
    return post, german


PATHS_QUERY = """query($path: String!, $locale: String) { page(path: $path, locale: $locale) {
    title path pathInLocale url locale seo { canonicalUrl } } }"""


@override_settings(FRONTEND_BASE_URL=FRONTEND)
def test_a_page_path_carries_the_locale_prefix_like_wagtail_urls(german_post, gql):
    post, german = german_post

    english_page = gql(PATHS_QUERY, {"path": "/news/our-demands-published/"}).data["page"]
    german_page = gql(PATHS_QUERY, {"path": "/de/news/our-demands-published/"}).data["page"]

    assert english_page == {
        "title": "Our demands published",
        "path": "/news/our-demands-published/",
        "pathInLocale": "/news/our-demands-published/",
        "url": f"{FRONTEND}/news/our-demands-published/",
        "locale": "en",
        "seo": {"canonicalUrl": f"{FRONTEND}/news/our-demands-published/"},
    }
    assert german_page == {
        "title": "Forderungen veröffentlicht",
        "path": "/de/news/our-demands-published/",
        "pathInLocale": "/news/our-demands-published/",
        "url": f"{FRONTEND}/de/news/our-demands-published/",
        "locale": "de",
        "seo": {"canonicalUrl": f"{FRONTEND}/de/news/our-demands-published/"},
    }
    # Exactly Wagtail's own URL for the page, and `url` is `path` behind the front end's origin.
    assert german_page["path"] == german.get_url()
    assert english_page["path"] == post.get_url()


def test_page_takes_a_path_alone_or_a_path_in_locale_with_its_locale(german_post, gql):
    def title(path, locale=None):
        page = gql(PATHS_QUERY, {"path": path, "locale": locale}).data["page"]
        return page and page["title"]

    assert title("/de/news/our-demands-published/") == "Forderungen veröffentlicht"
    assert title("/de/news/our-demands-published/", "de") == "Forderungen veröffentlicht"
    assert title("/news/our-demands-published/", "de") == "Forderungen veröffentlicht"
    assert title("/news/our-demands-published/") == "Our demands published"
    assert title("/de") is not None  # the German home page
    assert title("/fr/news/our-demands-published/") is None  # no French translation


def test_a_path_whose_prefix_contradicts_the_locale_argument_is_an_error(german_post, gql):
    result = gql(
        PATHS_QUERY,
        {"path": "/de/news/our-demands-published/", "locale": "fr"},
        allow_errors=True,
    )
    assert result.codes == ["BAD_USER_INPUT"]
    assert "locale 'de'" in result.messages[0]


def test_search_hits_carry_the_locale_prefix(german_post, gql):
    data = gql(
        '{ search(query: "Forderungen", locale: "de") { edges { node { path locale } } } }'
    ).data
    assert data["search"]["edges"] == [
        {"node": {"path": "/de/news/our-demands-published/", "locale": "de"}}
    ]


# --- redirects ----------------------------------------------------------------------------------

REDIRECTS_QUERY = "{ redirects(first: 100) { totalCount edges { node { oldPath target } } } }"


def redirects(gql):
    edges = gql(REDIRECTS_QUERY).data["redirects"]["edges"]
    return {edge["node"]["oldPath"]: edge["node"]["target"] for edge in edges}


def test_a_redirect_to_a_german_page_targets_its_german_path(german_post, campaign_tree, gql):
    post, german = german_post
    Redirect.objects.create(old_path="/de/alte-news", redirect_page=german, site=campaign_tree.site)

    assert redirects(gql) == {"/de/alte-news": "/de/news/our-demands-published/"}


def test_renaming_a_german_slug_redirects_from_the_german_path(
    german_post, gql, django_capture_on_commit_callbacks
):
    post, german = german_post

    german.slug = "forderungen"
    # Wagtail creates the redirect once the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        german.save_revision().publish()

    # Wagtail created the redirect from the old German address, not the English post's.
    assert redirects(gql) == {"/de/news/our-demands-published": "/de/news/forderungen/"}
    assert gql(PATHS_QUERY, {"path": "/news/our-demands-published/"}).data["page"]["locale"] == (
        "en"
    )


def test_no_redirect_takes_the_path_of_a_live_page(german_post, campaign_tree, gql):
    post, german = german_post
    site = campaign_tree.site
    # What Wagtail stored before pages were served behind a language prefix: the German page's
    # old path without its locale, which is the path of the live English post.
    Redirect.objects.create(old_path="/news/our-demands-published", redirect_page=german, site=site)
    Redirect.objects.create(old_path="/de/news/our-demands-published", redirect_page=post)
    Redirect.objects.create(old_path="/de", redirect_link="https://example.org/", site=site)
    Redirect.objects.create(old_path="/news/gone", redirect_page=post, site=site)

    served = redirects(gql)

    assert served == {"/news/gone": "/news/our-demands-published/"}
    for old_path in served:
        assert gql(PATHS_QUERY, {"path": old_path}).data["page"] is None
    # Once the German post is gone, the redirect from its old path is served.
    german.unpublish()
    assert set(redirects(gql)) == {"/news/gone", "/de/news/our-demands-published"}


# --- every address in the schema, on German content ---------------------------------------------

# A field gives out an address when its name says so; `html` holds addresses in its links.
ADDRESS_NAME = re.compile(r"(path|url|href|target|link|html)(InLocale)?$", re.IGNORECASE)
# Arguments a root field cannot do without, for the German fixture (filled in by the test).
REQUIRED_ARGUMENTS = ("path", "slug", "query", "token", "campaign", "hostname", "id", "ids")


def address_fields(graphql_schema) -> set[tuple[str, str]]:
    """Every ``(type, field)`` of the schema that returns a string (or strings) named like an
    address: derived from the schema, so a new field is checked without touching this test."""
    found = set()
    for type_ in graphql_schema.type_map.values():
        if type_.name.startswith("__") or not isinstance(type_, GraphQLObjectType):
            continue
        for name, field in type_.fields.items():
            if get_named_type(field.type).name == "String" and ADDRESS_NAME.search(name):
                found.add((type_.name, name))
    return found


class QueryBuilder:
    """Selections over the whole schema: every scalar of every object reached, and every
    object-valued field expanded once per document, where it is nearest the root (the schema is
    cyclic). In a fragment each field is aliased ``field__Type``, as members of a union may have
    fields of one name with different types."""

    def __init__(self, graphql_schema, arguments: dict[str, str]):
        self.schema = graphql_schema
        self.arguments = arguments
        self.selected: set[tuple[str, str]] = set()

    def field_arguments(self, field) -> str:
        given = []
        for name, argument in field.args.items():
            named = get_named_type(argument.type)
            if name == "locale":
                given.append('locale: "de"')
            elif not isinstance(argument.type, GraphQLNonNull) or argument.default_value not in (
                None,
                Ellipsis,
            ):
                continue
            elif isinstance(named, GraphQLEnumType):
                given.append(f"{name}: {next(iter(named.values))}")
            else:
                assert name in self.arguments, f"No value for the required argument {name}"
                given.append(f'{name}: "{self.arguments[name]}"')
        return f"({', '.join(given)})" if given else ""

    def root_query(self, name, field) -> str:
        named = get_named_type(field.type)
        root = {"type": named, "parts": []}
        expanded: set[tuple[str, str]] = set()
        level = [root] if not _is_leaf(named) else []
        while level:
            next_level = []
            for node in level:
                type_ = node["type"]
                members = (
                    self.schema.get_possible_types(type_)
                    if isinstance(type_, (GraphQLInterfaceType, GraphQLUnionType))
                    else [type_]
                )
                aliased = len(members) > 1 or type_ is not members[0]
                for member in members:
                    parts = []
                    for field_name, member_field in member.fields.items():
                        field_type = get_named_type(member_field.type)
                        alias = f"{field_name}__{member.name}: " if aliased else ""
                        head = f"{alias}{field_name}{self.field_arguments(member_field)}"
                        if _is_leaf(field_type):
                            self.selected.add((member.name, field_name))
                            parts.append(head)
                        elif (member.name, field_name) not in expanded:
                            expanded.add((member.name, field_name))
                            child = {"type": field_type, "parts": []}
                            next_level.append(child)
                            parts.append((head, child))
                    node["parts"].append((member.name if aliased else None, parts))
            level = next_level
        body = f" {{ {_render(root)} }}" if not _is_leaf(named) else ""
        return f"{{ {name}{self.field_arguments(field)}{body} }}"


def _render(node) -> str:
    out = ["__typename"]
    for member, parts in node["parts"]:
        rendered = " ".join(
            part if isinstance(part, str) else f"{part[0]} {{ {_render(part[1])} }}"
            for part in parts
        )
        out.append(f"... on {member} {{ {rendered} }}" if member else rendered)
    return " ".join(out)


def _is_leaf(type_) -> bool:
    return not isinstance(type_, (GraphQLObjectType, GraphQLInterfaceType, GraphQLUnionType))


def _values(value, type_name, enclosing, page_types, out):
    """``(type, field, value, enclosing page)`` for every string in an answer."""
    if isinstance(value, list):
        for item in value:
            _values(item, type_name, enclosing, page_types, out)
    elif isinstance(value, dict):
        own_type = value.get("__typename", type_name)
        if own_type in page_types:
            enclosing = {key.split("__")[0] or key: item for key, item in value.items()}
        for key, item in value.items():
            field = key.split("__")[0] if key != "__typename" else key
            if isinstance(item, str):
                out.append((own_type, field, item, enclosing))
            else:
                _values(item, own_type, enclosing, page_types, out)


@pytest.fixture
def german_content(campaign_tree, locales, django_capture_on_commit_callbacks):
    """Every page type, translated into German and published, with rich-text links and page
    choosers (to English pages, which have German translations), a redirect set up by an editor
    and one Wagtail created when a German slug changed, and a preview of a German post."""
    tree = campaign_tree
    pages = factories.pages_of_every_type(tree.campaign)
    cached_embed("https://www.youtube.com/watch?v=dQw4w9WgXcQ")  # no test asks YouTube
    post = pages[models.CampaignPostPage]
    post.body = [
        *post.body.raw_data,
        {
            "type": "paragraph",
            "id": str(uuid.uuid4()),
            "value": f"<p>{link(pages[models.DemandPage], 'demand')}</p>",
        },
        cta(pages[models.OrganisationPage]),
    ]
    post.save_revision().publish()
    tree.campaign.intro = f"<p>{link(post, 'news')}</p>"
    tree.campaign.save_revision().publish()
    german = publish_german_tree(tree, locales)
    german_post = german[post.pk]
    german_post.slug = "beitrag"
    with django_capture_on_commit_callbacks(execute=True):
        german_post.save_revision().publish()
    Redirect.objects.create(old_path="/de/alte-news", redirect_page=german_post, site=tree.site)
    Redirect.objects.create(old_path="/de/extern", redirect_link="https://example.org/")
    german_post.refresh_from_db()
    return {
        "path": german_post.get_url(),
        "slug": german[tree.campaign.pk].slug,
        "query": german_post.title.split()[0],
        "token": page_preview_create(page=german_post).token,
        "campaign": str(german[tree.campaign.pk].pk),
        "hostname": tree.site.hostname,
        # node(id:) and nodes(ids:) (a single value is coerced to a list)
        "id": to_base64("CampaignPost", german_post.pk),
        "ids": to_base64("CampaignPost", german_post.pk),
    }


@override_settings(
    FRONTEND_BASE_URL=FRONTEND,
    GRAPHQL_MAX_TOKENS=1_000_000,
    GRAPHQL_MAX_DEPTH=100,
    GRAPHQL_MAX_ALIASES=100_000,
    GRAPHQL_MAX_COST=10**12,
)
def test_every_address_in_the_schema_leads_to_a_page_in_the_right_locale(german_content, gql):
    """Walks every root field with `locale: "de"`, selecting every field of every type reached,
    and resolves every address-like value as a German front end would: `page(path:)`, else the
    redirect listed for it. An address on a page leads to that very page; any other address
    leads to a page in the locale of the page that holds it (German here)."""
    graphql_schema = schema._schema
    page_types = {
        t.name for t in graphql_schema.get_possible_types(graphql_schema.type_map["Page"])
    }
    wanted = address_fields(graphql_schema)
    assert {("Page" if t in page_types else t, f) for t, f in wanted} >= {
        ("Page", "path"),
        ("Page", "url"),
        ("Redirect", "oldPath"),
        ("Redirect", "target"),
        ("RichText", "html"),
    }

    found = []
    selected = set()
    for name, field in graphql_schema.query_type.fields.items():
        builder = QueryBuilder(graphql_schema, german_content)
        document = builder.root_query(name, field)
        data = gql(document).data
        selected |= builder.selected
        _values(data, "Query", None, page_types, found)
    assert wanted <= selected, f"not reached by the walk: {sorted(wanted - selected)}"

    redirect_targets = {
        edge["node"]["oldPath"]: edge["node"]["target"]
        for edge in gql(REDIRECTS_QUERY).data["redirects"]["edges"]
    }

    def resolve(address: str, locale: str | None = None):
        page = gql(
            "query($p: String!, $l: String) { page(path: $p, locale: $l) { databaseId locale } }",
            {"p": address, "l": locale},
        ).data["page"]
        target = redirect_targets.get(address.rstrip("/"))
        if page is None and target is not None:
            return resolve(target) if target.startswith("/") else "another site"
        return page

    checked = set()
    for type_name, field, value, enclosing in found:
        if (type_name, field) not in wanted or not value:
            continue
        if type_name == "SitemapAlternate":
            # hreflang alternates lead to the other languages by design; where each leads is
            # checked in tests/partners/test_sitemap.py.
            continue
        addresses = re.findall(r'href="([^"]*)"', value) if field == "html" else [value]
        for address in addresses:
            if address.startswith(FRONTEND):
                address = address[len(FRONTEND) :] or "/"
            elif not address.startswith("/"):
                continue  # a file or another site: not a page of this front end
            in_locale = enclosing["locale"] if field.endswith("InLocale") else None
            page = resolve(address, in_locale)
            where = f"{type_name}.{field} = {value!r}"
            assert page is not None, f"{where} leads nowhere"
            if page == "another site":
                continue
            expected_locale = enclosing["locale"] if enclosing else "de"
            assert page["locale"] == expected_locale, f"{where} leads to {page}"
            if enclosing is not None and type_name in page_types:
                # databaseId, not id: a preview has an id of its own but is the same page.
                assert page["databaseId"] == enclosing["databaseId"], (
                    f"{where} leads to another page: {page}"
                )
            checked.add(("Page" if type_name in page_types else type_name, field))
    # The fixture gives every kind of address a value to check.
    assert checked >= {
        ("Page", "path"),
        ("Page", "pathInLocale"),
        ("Page", "url"),
        ("Seo", "canonicalUrl"),
        ("RichText", "html"),
        ("Redirect", "oldPath"),
        ("Redirect", "target"),
    }, checked


def test_redirects_wagtail_created_before_the_prefix_get_their_locale(german_post, campaign_tree):
    from importlib import import_module

    from django.apps import apps

    post, german = german_post
    site = campaign_tree.site
    make = Redirect.objects.create
    stale = make(old_path="/news/alt", redirect_page=german, site=site, automatically_created=True)
    duplicate = make(
        old_path="/news/doppelt", redirect_page=german, site=site, automatically_created=True
    )
    make(old_path="/de/news/doppelt", redirect_page=german, site=site, automatically_created=True)
    english = make(old_path="/news/old", redirect_page=post, site=site, automatically_created=True)
    by_editor = make(old_path="/kampagne", redirect_page=german, site=site)

    migration = import_module("campaign.migrations.0008_redirects_carry_locale_prefix")
    migration.add_locale_prefix(apps, None)

    assert Redirect.objects.get(pk=stale.pk).old_path == "/de/news/alt"
    assert not Redirect.objects.filter(pk=duplicate.pk).exists()
    assert Redirect.objects.get(pk=english.pk).old_path == "/news/old"
    # An editor's redirect is a path the editor chose: it stays as it is.
    assert Redirect.objects.get(pk=by_editor.pk).old_path == "/kampagne"
