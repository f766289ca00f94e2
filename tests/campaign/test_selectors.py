"""``public_pages``'s view restrictions: read once, applied as path prefixes (no subquery)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from campaign import factories
from campaign.selectors import public_pages, restricted_paths, visibility_snapshot


def restrict(page):
    return PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)


def test_restricted_sections_are_excluded_by_path_prefix_without_a_subquery(campaign_tree):
    post = factories.CampaignPostPageFactory(parent=campaign_tree.posts)
    demand = factories.DemandPageFactory(parent=campaign_tree.demands)
    restrict(campaign_tree.posts)
    public = public_pages(Page.objects.all())
    sql = str(public.query).upper()
    # The plan no longer hangs on a correlated subquery over the restrictions (which PostgreSQL
    # ran as a nested loop over every page without statistics): the paths are plain constants.
    assert "SUBSTR" not in sql
    assert "PAGEVIEWRESTRICTION" not in sql
    assert campaign_tree.posts.path in str(public.query)
    visible = set(public.values_list("pk", flat=True))
    assert demand.pk in visible
    assert {campaign_tree.posts.pk, post.pk}.isdisjoint(visible)


def test_restricted_paths_are_the_outermost_restricted_pages(campaign_tree):
    post = factories.CampaignPostPageFactory(parent=campaign_tree.posts)
    restrict(post)
    restrict(campaign_tree.posts)
    restrict(campaign_tree.demands)
    assert restricted_paths() == sorted([campaign_tree.posts.path, campaign_tree.demands.path])


def test_a_snapshot_reads_the_visibility_facts_once(campaign_tree):
    restrict(campaign_tree.posts)
    with CaptureQueriesContext(connection) as outside:
        public_pages(Page.objects.all())
    with visibility_snapshot(), CaptureQueriesContext(connection) as inside:
        public = public_pages(Page.objects.all())
        public_pages(Page.objects.all())
    # The restrictions and the aliases (visibility_facts), read at the first public_pages, then
    # reused.
    assert len(outside.captured_queries) == 2
    assert len(inside.captured_queries) == 2
    assert campaign_tree.posts.pk not in set(public.values_list("pk", flat=True))


def test_an_alias_hides_once_its_original_expires_without_reading_the_facts_again(
    campaign_tree,
):
    """The facts hold an original's future expiry; each public_pages judges it at its own time,
    as Wagtail does (the alias row itself never expires)."""
    import datetime
    from unittest import mock

    from django.utils import timezone

    original = factories.CampaignPostPageFactory(parent=campaign_tree.posts)
    mirror = factories.StandardPageFactory(parent=campaign_tree.campaign, title="Mirror")
    alias = original.create_alias(parent=mirror, update_slug="mirrored")
    now = timezone.now()
    Page.objects.filter(pk=original.pk).update(expire_at=now + datetime.timedelta(hours=1))
    later = now + datetime.timedelta(hours=2)
    with visibility_snapshot():
        assert alias.pk in set(public_pages().values_list("pk", flat=True))
        with mock.patch("campaign.selectors.timezone.now", return_value=later):
            shown = set(public_pages().values_list("pk", flat=True))
    assert {alias.pk, original.pk}.isdisjoint(shown)
