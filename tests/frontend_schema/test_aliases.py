"""Wagtail page aliases: visibility follows the aliased page, and SEO points at the original.

An alias (``Page.create_alias``) is a second, read-only place for a page's content. When the
original is put behind a login (on itself or an ancestor), expires or is otherwise hidden, the
alias must disappear from every API path too; and while both are public, the alias's
``seo.canonicalUrl`` names the original so that search engines index one of them.
"""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from campaign import factories

ALIAS_PATH = "/mirror/aliased-post/"
ORIGINAL_PATH = "/news/section/original-post/"


@pytest.fixture
def alias(campaign_tree):
    """A public post in a section of the news index, and an alias of it under a mirror page."""
    section = factories.StandardPageFactory(parent=campaign_tree.posts, title="Section")
    original = factories.CampaignPostPageFactory(
        parent=section, title="Original post", summary="needle in the original"
    )
    mirror = factories.StandardPageFactory(parent=campaign_tree.campaign, title="Mirror")
    alias = original.create_alias(parent=mirror, update_slug="aliased-post")
    assert alias.alias_of_id == original.pk and alias.live
    return alias


def hide(alias, how: str) -> None:
    original = Page.objects.get(pk=alias.alias_of_id)
    if how == "login_on_original":
        PageViewRestriction.objects.create(page=original, restriction_type="login")
    elif how == "login_on_ancestor":
        PageViewRestriction.objects.create(page=original.get_parent(), restriction_type="login")
    elif how == "expired_original":
        # Only the original expires: the alias row keeps its own (empty) expiry.
        Page.objects.filter(pk=original.pk).update(
            expire_at=timezone.now() - datetime.timedelta(minutes=1)
        )
    else:
        raise AssertionError(how)


HOW = ["login_on_original", "login_on_ancestor", "expired_original"]


def paths_served(gql) -> dict[str, set[str]]:
    """The page paths each API path gives out."""
    data = gql(
        """query($alias: String!) {
          byPath: page(path: $alias) { path }
          pages(first: 100) { edges { node { path } } }
          posts(first: 100) { edges { node { path } } }
          search(query: "needle", first: 100) { edges { node { path } } }
          mirror: page(path: "/mirror/") { children { path } }
        }""",
        {"alias": ALIAS_PATH},
    ).data
    return {
        "page": {data["byPath"]["path"]} if data["byPath"] else set(),
        "pages": {edge["node"]["path"] for edge in data["pages"]["edges"]},
        "posts": {edge["node"]["path"] for edge in data["posts"]["edges"]},
        "search": {edge["node"]["path"] for edge in data["search"]["edges"]},
        "children": {child["path"] for child in data["mirror"]["children"]},
    }


def test_a_public_alias_is_served_by_every_path(alias, gql):
    served = paths_served(gql)
    for path_name, paths in served.items():
        assert ALIAS_PATH in paths, path_name
    assert ORIGINAL_PATH in served["posts"]


@pytest.mark.parametrize("how", HOW)
def test_an_alias_of_a_hidden_page_is_served_by_no_path(alias, gql, how):
    hide(alias, how)
    served = paths_served(gql)
    for path_name, paths in served.items():
        assert ALIAS_PATH not in paths, path_name
        assert ORIGINAL_PATH not in paths, path_name
    # The alias row itself is still live and unrestricted: only its original hides it.
    alias.refresh_from_db()
    assert alias.live
    assert not PageViewRestriction.objects.filter(page__in=alias.get_ancestors(inclusive=True))


@pytest.mark.parametrize("how", HOW)
def test_an_alias_of_a_hidden_page_is_no_node_and_no_related_page(alias, campaign_tree, gql, how):
    alias_id = gql('{ page(path: "/mirror/aliased-post/") { id } }').data["page"]["id"]
    letter = factories.CampaignPostPageFactory(parent=campaign_tree.posts, title="Linker")
    letter.body = [{"type": "paragraph", "value": f'<a linktype="page" id="{alias.pk}">x</a>'}]
    letter.save()
    hide(alias, how)
    assert gql("query($id: ID!) { node(id: $id) { id } }", {"id": alias_id}).data == {"node": None}
    body = gql(
        '{ page(path: "/news/linker/") { ... on CampaignPost { body { '
        "... on ParagraphBlock { richText { html } } } } } }"
    ).data["page"]["body"]
    assert body == [{"richText": {"html": "<a>x</a>"}}]


def test_an_alias_of_an_alias_follows_the_chain(alias, campaign_tree, gql):
    second_mirror = factories.StandardPageFactory(parent=campaign_tree.campaign, title="Again")
    alias_of_alias = Page.objects.get(pk=alias.pk).specific.create_alias(parent=second_mirror)
    query = '{ page(path: "/again/aliased-post/") { path } }'
    assert gql(query).data == {"page": {"path": "/again/aliased-post/"}}
    hide(alias, "login_on_original")
    assert gql(query).data == {"page": None}
    assert alias_of_alias.live


def test_an_alias_names_its_original_as_canonical_url(alias, gql):
    query = """query($p: String!) { page(path: $p) { url seo { canonicalUrl title } } }"""
    original = gql(query, {"p": ORIGINAL_PATH}).data["page"]
    mirrored = gql(query, {"p": ALIAS_PATH}).data["page"]
    assert original["seo"]["canonicalUrl"] == original["url"]
    assert mirrored["url"] != original["url"]
    assert mirrored["seo"] == original["seo"]


def test_an_alias_of_a_syndicated_post_keeps_the_originals_canonical_url(alias, gql):
    original = Page.objects.get(pk=alias.alias_of_id).specific
    original.canonical_url = "https://partner.example/the-post/"
    original.save_revision().publish()
    data = gql('{ page(path: "/mirror/aliased-post/") { seo { canonicalUrl } } }').data
    assert data["page"]["seo"]["canonicalUrl"] == "https://partner.example/the-post/"


def test_an_alias_of_a_page_in_another_site_names_that_site(campaign_tree, gql):
    from wagtail.models import Site

    other_campaign = factories.CampaignPageFactory(title="Other campaign")
    Site.objects.create(hostname="other.example", root_page=other_campaign, site_name="Other")
    original = factories.StandardPageFactory(parent=other_campaign, title="Shared page")
    original.create_alias(parent=campaign_tree.campaign, update_slug="shared")
    data = gql('{ page(path: "/shared/") { url seo { canonicalUrl } } }').data["page"]
    assert data["seo"]["canonicalUrl"] == "http://other.example/shared-page/"
    assert data["url"] != data["seo"]["canonicalUrl"]
