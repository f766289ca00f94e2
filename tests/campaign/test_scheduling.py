"""Scheduled publishing: `manage.py publish_scheduled` publishes and expires campaign pages."""

from contextlib import contextmanager
from datetime import timedelta
from unittest import mock

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision

from campaign import factories
from campaign.models import CampaignPostPage
from campaign.selectors import public_pages
from tests.campaign.admin_forms import post_form_data


@contextmanager
def clock_ahead(**delta):
    """Run the block as if ``timedelta(**delta)`` had passed."""
    later = timezone.now() + timedelta(**delta)
    with mock.patch("django.utils.timezone.now", return_value=later):
        yield


def test_a_draft_approved_for_a_past_time_is_published(campaign_tree):
    post = factories.CampaignPostPageFactory(parent=campaign_tree.posts, live=False)
    go_live_at = timezone.now() - timedelta(minutes=5)
    post.go_live_at = go_live_at
    post.title = "Scheduled news"
    post.has_unpublished_changes = True
    revision = post.save_revision(approved_go_live_at=go_live_at)
    post.refresh_from_db()
    assert not post.live

    call_command("publish_scheduled")

    post.refresh_from_db()
    assert post.live
    assert post.title == "Scheduled news"
    assert post.live_revision_id == revision.pk
    assert post.first_published_at is not None
    assert not post.has_unpublished_changes
    assert not Revision.page_revisions.filter(approved_go_live_at__isnull=False).exists()
    assert public_pages().filter(pk=post.pk).exists()


def test_publishing_for_the_future_waits_for_its_time(campaign_tree):
    demand = factories.DemandPageFactory(parent=campaign_tree.demands, live=False, number=7)
    demand.go_live_at = timezone.now() + timedelta(hours=1)
    revision = demand.save_revision()

    # What the admin's "Publish" does with a future go-live time: schedule, not publish.
    revision.publish()
    demand.refresh_from_db()
    assert not demand.live
    revision.refresh_from_db()
    assert revision.approved_go_live_at == demand.go_live_at

    call_command("publish_scheduled")
    demand.refresh_from_db()
    assert not demand.live

    with clock_ahead(hours=2):
        call_command("publish_scheduled")

    demand.refresh_from_db()
    assert demand.live
    assert demand.number == 7


def test_a_live_page_past_its_expiry_is_unpublished(campaign_tree):
    post = factories.CampaignPostPageFactory(parent=campaign_tree.posts)
    other = factories.CampaignPostPageFactory(parent=campaign_tree.posts)
    post.expire_at = timezone.now() - timedelta(minutes=1)
    post.save()
    other.expire_at = timezone.now() + timedelta(days=1)
    other.save()
    # Past its expiry but before the command runs, the API already hides it.
    assert not public_pages().filter(pk=post.pk).exists()

    call_command("publish_scheduled")

    post.refresh_from_db()
    other.refresh_from_db()
    assert not post.live
    assert post.expired
    assert other.live
    assert not other.expired


def test_the_admin_schedules_a_page_that_the_command_publishes(campaign_tree, admin_client):
    go_live_at = timezone.localtime() + timedelta(days=1)
    data = post_form_data(
        title="Embargoed",
        slug="embargoed",
        go_live_at=go_live_at.strftime("%Y-%m-%d %H:%M"),
        expire_at="",
    )

    response = admin_client.post(
        reverse(
            "wagtailadmin_pages:add", args=("campaign", "campaignpostpage", campaign_tree.posts.pk)
        ),
        data,
    )

    assert response.status_code == 302
    post = CampaignPostPage.objects.get(slug="embargoed")
    assert not post.live
    assert post.go_live_at is not None
    assert post.latest_revision.approved_go_live_at is not None

    call_command("publish_scheduled")
    post.refresh_from_db()
    assert not post.live

    with clock_ahead(days=1, hours=1):
        call_command("publish_scheduled")

    post.refresh_from_db()
    assert post.live


# --- The publication date of scheduled posts ---------------------------------------------


def test_a_scheduled_post_is_dated_on_its_go_live_day(campaign_tree, admin_client):
    # The example: scheduled today for a later day, the post kept today's date.
    go_live_at = timezone.localtime() + timedelta(days=3)
    data = post_form_data(
        title="Embargoed",
        slug="embargoed",
        publication_date=timezone.localdate().isoformat(),  # the form's default
        go_live_at=go_live_at.strftime("%Y-%m-%d %H:%M"),
        expire_at="",
    )
    url = reverse(
        "wagtailadmin_pages:add", args=("campaign", "campaignpostpage", campaign_tree.posts.pk)
    )
    assert admin_client.post(url, data).status_code == 302

    with clock_ahead(days=3, hours=1):
        call_command("publish_scheduled")

    post = CampaignPostPage.objects.get(slug="embargoed")
    assert post.live
    assert post.publication_date == go_live_at.date()
    assert post.live_revision.as_object().publication_date == go_live_at.date()
    assert post.get_latest_revision_as_object().publication_date == go_live_at.date()


def test_a_date_the_editor_chose_is_kept(campaign_tree):
    chosen = timezone.localdate() + timedelta(days=10)
    elsewhere = factories.CampaignPostPageFactory(parent=campaign_tree.posts, live=False)
    picked = factories.CampaignPostPageFactory(parent=campaign_tree.posts, live=False)
    elsewhere.canonical_url = "https://example.org/original"
    elsewhere.publication_date = timezone.localdate() - timedelta(days=30)
    picked.publication_date = chosen
    for post in (elsewhere, picked):
        post.go_live_at = timezone.now() + timedelta(days=2)
        post.save_revision().publish()

    with clock_ahead(days=2, hours=1):
        call_command("publish_scheduled")

    elsewhere.refresh_from_db()
    picked.refresh_from_db()
    assert elsewhere.live and picked.live
    assert elsewhere.publication_date == timezone.localdate() - timedelta(days=30)
    assert picked.publication_date == chosen


def test_a_post_published_now_keeps_its_date(campaign_tree):
    post = factories.CampaignPostPageFactory(parent=campaign_tree.posts)
    date = post.publication_date
    post.save_revision().publish()

    post.refresh_from_db()
    assert post.publication_date == date
