"""Which changes become which webhook events: public pages only (drafts, private, expired pages
and aliases of hidden pages send nothing), with the payload shapes of docs/partners.md."""

import datetime
import json

import pytest
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from campaign import factories
from campaign.models import SignatureCount
from partners.models import WebhookDelivery, WebhookEventType, WebhookSubscription


@pytest.fixture
def subscription(db):
    # Deliveries are recorded in the change's transaction; these tests read them, unsent.
    return WebhookSubscription.objects.create(
        name="Front end",
        url="https://hooks.example.org/",
        event_types=list(WebhookEventType.values),
    )


def events() -> list[dict]:
    return [
        json.loads(body)
        for body in WebhookDelivery.objects.order_by("pk").values_list("body", flat=True)
    ]


def types() -> list[str]:
    return [event["type"] for event in events()]


def publish(page):
    page.save_revision().publish()


def private(page):
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)


@pytest.fixture
def section(campaign_tree):
    """A private section beside the public news."""
    hidden = factories.PostIndexPageFactory(parent=campaign_tree.campaign, slug="internal")
    private(hidden)
    return hidden


def test_publishing_a_public_page_sends_its_reference_and_paths(campaign_tree, subscription):
    post = factories.CampaignPostPageFactory(parent=campaign_tree.posts, slug="ban")
    publish(post)
    (event,) = events()
    assert event["type"] == "page.published"
    assert datetime.datetime.fromisoformat(event["timestamp"]) <= timezone.now()
    page = event["data"]["page"]
    assert set(page) == {"id", "database_id", "type", "locale", "path", "url"}
    assert page["path"] == "/news/ban/" and page["type"] == "CampaignPost"
    assert event["data"]["revalidate"] == ["/news/ban/", "/news/", "/"]


def test_nothing_leaves_for_a_page_the_public_cannot_see(campaign_tree, subscription, section):
    in_private = factories.CampaignPostPageFactory(parent=section, slug="secret")
    publish(in_private)
    expired = factories.CampaignPostPageFactory(
        parent=campaign_tree.posts,
        slug="old",
        expire_at=timezone.now() - datetime.timedelta(days=1),
    )
    Page.objects.filter(pk=expired.pk).update(expire_at=timezone.now() - datetime.timedelta(days=1))
    expired.refresh_from_db()
    publish(expired)
    restricted = factories.CampaignPostPageFactory(parent=campaign_tree.posts, slug="members")
    private(restricted)
    publish(restricted)
    draft = factories.CampaignPostPageFactory(parent=campaign_tree.posts, slug="draft", live=False)
    draft.save_revision()
    assert types() == []
    in_private.unpublish()
    in_private.delete()
    assert types() == []


def test_an_alias_of_a_hidden_page_sends_nothing(campaign_tree, subscription, section):
    original = factories.CampaignPostPageFactory(parent=section, slug="original")
    alias = original.create_alias(parent=campaign_tree.posts, update_slug="mirror")
    assert alias.live
    publish(original)  # Wagtail republishes the alias too
    assert types() == []


def test_an_alias_of_a_public_page_is_announced_with_it(campaign_tree, subscription):
    mirror = factories.PostIndexPageFactory(parent=campaign_tree.campaign, slug="mirror")
    original = factories.CampaignPostPageFactory(parent=campaign_tree.posts, slug="original")
    original.create_alias(parent=mirror)
    publish(original)
    assert [event["data"]["page"]["path"] for event in events()] == [
        "/news/original/",
        "/mirror/original/",
    ]
    original.refresh_from_db()
    original.unpublish()
    assert types()[2:] == ["page.unpublished", "page.unpublished"]


def test_unpublishing_expiring_and_deleting_a_public_page(campaign_tree, subscription, section):
    post = factories.CampaignPostPageFactory(parent=campaign_tree.posts, slug="ban")
    post.unpublish()
    expiring = factories.CampaignPostPageFactory(parent=campaign_tree.posts, slug="expiring")
    Page.objects.filter(pk=expiring.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    expiring.refresh_from_db()
    expiring.unpublish(set_expired=True)  # what publish_scheduled does
    gone = factories.CampaignPostPageFactory(parent=campaign_tree.posts, slug="gone")
    gone_pk = gone.pk
    gone.delete()
    assert [(e["type"], e["data"]["page"]["path"]) for e in events()] == [
        ("page.unpublished", "/news/ban/"),
        ("page.unpublished", "/news/expiring/"),
        ("page.deleted", "/news/gone/"),
    ]
    assert events()[2]["data"]["page"]["database_id"] == gone_pk
    post.refresh_from_db()
    post.unpublish()  # already unpublished: nothing more
    assert len(events()) == 3


def test_moves_in_and_out_of_a_private_section(campaign_tree, subscription, section):
    post = factories.CampaignPostPageFactory(parent=campaign_tree.posts, slug="ban")
    post.move(section, pos="last-child")
    post.refresh_from_db()
    campaign_tree.posts.refresh_from_db()
    post.move(campaign_tree.posts, pos="last-child")
    assert [(e["type"], e["data"]["page"]["path"]) for e in events()] == [
        ("page.unpublished", "/news/ban/"),
        ("page.published", "/news/ban/"),
    ]


def test_a_published_slug_change_is_a_move(
    campaign_tree, subscription, django_capture_on_commit_callbacks
):
    post = factories.CampaignPostPageFactory(parent=campaign_tree.posts, slug="ban")
    post.slug = "ban-it"
    with django_capture_on_commit_callbacks(execute=True):
        publish(post)
    moved = events()[-1]
    assert moved["type"] == "page.moved"
    assert moved["data"]["from"]["path"] == "/news/ban/"
    assert moved["data"]["page"]["path"] == "/news/ban-it/"


def test_translations_carry_their_language_prefix(campaign_tree, subscription, locales):
    post = factories.CampaignPostPageFactory(parent=campaign_tree.posts, slug="ban")
    campaign_tree.campaign.copy_for_translation(locales["de"]).save_revision().publish()
    campaign_tree.posts.copy_for_translation(locales["de"]).save_revision().publish()
    german = post.copy_for_translation(locales["de"])
    WebhookDelivery.objects.all().delete()
    publish(german)
    (event,) = events()
    assert event["data"]["page"]["locale"] == "de"
    assert event["data"]["page"]["path"] == "/de/news/ban/"
    assert event["data"]["revalidate"] == ["/de/news/ban/", "/de/news/", "/de/"]


def test_counter_changes_of_a_public_campaign(campaign_tree, subscription):
    SignatureCount.objects.create(
        campaign=campaign_tree.campaign,
        count=1200,
        source_url="https://eci.example.org",
        note="Counted by hand by Anna",
    )
    (event,) = events()
    assert event["type"] == "counter.changed"
    data = event["data"]
    assert data["count"] == 1200 and data["source_url"] == "https://eci.example.org"
    assert data["campaign"]["type"] == "Campaign"
    assert "/" in data["revalidate"]
    assert "Anna" not in json.dumps(event)
    campaign_tree.campaign.unpublish()
    WebhookDelivery.objects.all().delete()
    SignatureCount.objects.create(campaign=campaign_tree.campaign, count=1300)
    assert events() == []


def test_demand_progress_changes_when_published(campaign_tree, subscription):
    demand = factories.DemandPageFactory(parent=campaign_tree.demands, slug="no-exceptions")
    demand.progress_status = "in_negotiation"
    demand.save_revision()  # a draft changes nothing public
    assert types() == []
    publish(demand)
    assert types() == ["page.published", "demand.progress_changed"]
    data = events()[1]["data"]
    assert data["progress_status"] == "in_negotiation"
    assert data["previous_progress_status"] == "not_addressed"
    assert data["revalidate"][:3] == ["/demands/no-exceptions/", "/demands/", "/"]
    demand.refresh_from_db()
    publish(demand)  # the same status again
    assert types()[2:] == ["page.published"]


def test_a_private_demand_sends_no_progress(campaign_tree, subscription):
    private(campaign_tree.demands)
    demand = factories.DemandPageFactory(parent=campaign_tree.demands)
    demand.progress_status = "won"
    publish(demand)
    assert types() == []


def test_only_the_events_a_subscription_chose_and_no_personal_data(campaign_tree, db):
    only_counter = WebhookSubscription.objects.create(
        name="Counter widget", url="https://w.example.org/", event_types=["counter.changed"]
    )
    supporter = factories.SupporterPageFactory(
        parent=campaign_tree.supporters, title="Jane Doe MEP"
    )
    publish(supporter)
    assert WebhookDelivery.objects.count() == 0
    everything = WebhookSubscription.objects.create(
        name="All", url="https://a.example.org/", event_types=list(WebhookEventType.values)
    )
    publish(supporter)
    (delivery,) = WebhookDelivery.objects.all()
    assert delivery.subscription == everything and only_counter.deliveries.count() == 0
    assert "Jane" not in delivery.body and "Doe" not in delivery.body


def test_an_inactive_subscription_gets_nothing(campaign_tree, subscription):
    subscription.is_active = False
    subscription.save()
    publish(factories.CampaignPostPageFactory(parent=campaign_tree.posts))
    assert WebhookDelivery.objects.count() == 0


def test_deleting_a_reading_changes_the_counter_deleting_the_campaign_does_not(
    campaign_tree, subscription
):
    first = SignatureCount.objects.create(campaign=campaign_tree.campaign, count=10)
    SignatureCount.objects.create(campaign=campaign_tree.campaign, count=20)
    first.delete()
    assert types() == ["counter.changed"] * 3
    assert events()[-1]["data"]["count"] == 20
    WebhookDelivery.objects.all().delete()
    Page.objects.get(pk=campaign_tree.campaign.pk).delete()
    assert "counter.changed" not in types()
    assert types().count("page.deleted") >= 1
