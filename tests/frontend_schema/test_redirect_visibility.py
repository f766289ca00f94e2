"""Redirects never give away a hidden page's address, in the API or on the CMS host.

Wagtail creates a redirect when a published page is renamed or moved; its old path is the page's
former address. Only redirects whose target is public (``campaign.selectors.public_redirects``)
are served.
"""

import datetime

import pytest
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, PageViewRestriction, Site

from campaign import factories

REDIRECTS_QUERY = "{ redirects(first:100){ edges{ node{ oldPath target } } } }"


def served(gql) -> dict:
    edges = gql(REDIRECTS_QUERY).data["redirects"]["edges"]
    return {edge["node"]["oldPath"]: edge["node"]["target"] for edge in edges}


def published(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_the_issues_cases_serve_no_redirect(campaign_tree, gql, django_capture_on_commit_callbacks):
    """The issue's cases: a renamed login-restricted page, a moved draft and the pages inside a
    moved private section."""
    posts = campaign_tree.posts
    restricted = factories.CampaignPostPageFactory(parent=posts, slug="members-briefing")
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    draft = factories.CampaignPostPageFactory(parent=posts, slug="strategy-draft")
    section = factories.StandardPageFactory(parent=campaign_tree.campaign, slug="internal")
    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    factories.StandardPageFactory(parent=section, slug="lobby-targets")
    public = factories.CampaignPostPageFactory(parent=posts, slug="old-public-name")

    with django_capture_on_commit_callbacks(execute=True):
        restricted.slug = "members-briefing-2"
        published(restricted)
        published(draft).unpublish()
        draft.refresh_from_db()
        draft.move(campaign_tree.demands, pos="last-child")
        section.refresh_from_db()
        section.move(campaign_tree.posts, pos="last-child")
        public.slug = "new-public-name"
        published(public)

    # Wagtail did create them all: the rule is in what is served.
    old_paths = set(Redirect.objects.values_list("old_path", flat=True))
    assert {
        "/news/members-briefing",
        "/news/strategy-draft",
        "/internal",
        "/internal/lobby-targets",
    } <= old_paths
    assert served(gql) == {"/news/old-public-name": "/news/new-public-name/"}


HIDDEN_KINDS = ["draft", "login", "password", "groups", "expired", "alias of hidden", "other site"]


def hide(kind: str, page, campaign_tree):
    """Make ``page`` (a live post) hidden in the way ``kind`` names; returns the page a redirect
    should target."""
    if kind == "draft":
        page.unpublish()
    elif kind in {"login", "password", "groups"}:
        restriction = {
            "login": PageViewRestriction.LOGIN,
            "password": PageViewRestriction.PASSWORD,
            "groups": PageViewRestriction.GROUPS,
        }[kind]
        PageViewRestriction.objects.create(
            page=page, restriction_type=restriction, password="secret"
        )
    elif kind == "expired":
        Page.objects.filter(pk=page.pk).update(
            expire_at=timezone.now() - datetime.timedelta(minutes=1)
        )
    elif kind == "alias of hidden":
        alias = page.create_alias(parent=campaign_tree.organisations, update_slug="alias")
        page.unpublish()
        return alias
    elif kind == "other site":
        other_root = factories.CampaignPageFactory(parent=Page.get_first_root_node())
        Site.objects.create(hostname="other.example", root_page=other_root)
        page.move(other_root, pos="last-child")
    return page


@pytest.mark.parametrize("kind", HIDDEN_KINDS)
def test_a_redirect_to_a_hidden_page_is_not_served(kind, campaign_tree, gql, client):
    page = factories.CampaignPostPageFactory(parent=campaign_tree.posts, slug="hidden-now")
    target = hide(kind, page, campaign_tree)
    Redirect.objects.create(old_path="/former-hidden", redirect_page=target, site=None)
    Redirect.objects.create(old_path="/to-outside", redirect_link="https://example.org/")

    assert served(gql) == {"/to-outside": "https://example.org/"}
    # The CMS host's own redirects follow the same rule.
    assert client.get("/former-hidden/", HTTP_HOST="localhost").status_code == 404
    response = client.get("/to-outside/", HTTP_HOST="localhost")
    assert (response.status_code, response["Location"]) == (301, "https://example.org/")


def test_a_redirect_to_a_public_page_is_served_by_the_api_and_the_host(campaign_tree, gql, client):
    page = factories.CampaignPostPageFactory(parent=campaign_tree.posts, slug="public-now")
    Redirect.objects.create(old_path="/former", redirect_page=page, is_permanent=False)

    assert served(gql) == {"/former": "/news/public-now/"}
    response = client.get("/former/", HTTP_HOST="localhost")
    assert response.status_code == 302
    assert response["Location"].endswith("/news/public-now/")
