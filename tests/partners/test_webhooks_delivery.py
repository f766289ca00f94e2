"""Webhooks delivered for real: a receiver on loopback, the database task queue and its worker,
signatures checked with the standardwebhooks library's own verifier."""

import datetime
import time

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from campaign import factories
from partners import services
from partners.models import (
    WebhookDelivery,
    WebhookDeliveryStatus,
    WebhookEventType,
    WebhookSubscription,
)
from tests.partners.conftest import run_worker


def verified(receiver, secret):
    """Every request the receiver got, verified with the library's verifier, as payloads."""
    return [
        Webhook(secret).verify(request["body"], request["headers"]) for request in receiver.requests
    ]


def make_due():
    """Time travel for the retry schedule: every pending delivery and queued task is due now."""
    past = timezone.now() - datetime.timedelta(seconds=1)
    WebhookDelivery.objects.filter(status=WebhookDeliveryStatus.PENDING).update(
        next_attempt_at=past
    )
    DBTaskResult.objects.filter(status="READY").update(run_after=past)


def publish(page):
    page.save_revision().publish()


@pytest.fixture
def post(campaign_tree):
    return factories.CampaignPostPageFactory(parent=campaign_tree.posts, title="Ban it", slug="ban")


def test_publish_unpublish_move_arrive_signed_and_in_order(
    campaign_tree, post, subscription, receiver, database_queue, django_capture_on_commit_callbacks
):
    other = factories.PostIndexPageFactory(parent=campaign_tree.campaign, slug="more-news")
    with django_capture_on_commit_callbacks(execute=True):
        publish(post)
    with django_capture_on_commit_callbacks(execute=True):
        post.refresh_from_db()
        post.unpublish()
    with django_capture_on_commit_callbacks(execute=True):
        publish(post)
    with django_capture_on_commit_callbacks(execute=True):
        post.refresh_from_db()
        post.move(other, pos="last-child")
    assert receiver.requests == []  # nothing is sent inside the editor's request
    run_worker()

    payloads = verified(receiver, subscription.secret)
    assert [payload["type"] for payload in payloads] == [
        "page.published",
        "page.unpublished",
        "page.published",
        "page.moved",
    ]
    first = payloads[0]["data"]
    assert first["page"]["path"] == "/news/ban/"
    assert first["page"]["database_id"] == post.pk
    assert first["page"]["type"] == "CampaignPost"
    assert first["page"]["locale"] == "en"
    assert first["page"]["url"].endswith("/news/ban/")
    assert first["revalidate"] == ["/news/ban/", "/news/", "/"]
    moved = payloads[3]["data"]
    assert moved["from"]["path"] == "/news/ban/"
    assert moved["page"]["path"] == "/more-news/ban/"
    assert set(moved["revalidate"]) >= {"/news/ban/", "/more-news/ban/", "/news/", "/more-news/"}
    ids = [request["headers"]["webhook-id"] for request in receiver.requests]
    assert len(set(ids)) == 4
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"succeeded"}


def test_a_tampered_body_or_another_secret_fails_verification(
    campaign_tree, post, subscription, receiver, database_queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(post)
    run_worker()
    (request,) = receiver.requests
    with pytest.raises(WebhookVerificationError):
        Webhook(subscription.secret).verify(request["body"] + b" ", request["headers"])
    other_secret = WebhookSubscription(name="x", url="http://x").secret
    with pytest.raises(WebhookVerificationError):
        Webhook(other_secret).verify(request["body"], request["headers"])


def test_a_receiver_that_is_down_then_back_gets_every_event_once(
    campaign_tree, subscription, receiver, database_queue, django_capture_on_commit_callbacks
):
    receiver.stop()
    posts = [
        factories.CampaignPostPageFactory(parent=campaign_tree.posts, slug=f"post-{n}")
        for n in range(3)
    ]
    for page in posts:
        with django_capture_on_commit_callbacks(execute=True):
            publish(page)
    run_worker()
    deliveries = WebhookDelivery.objects.order_by("pk")
    assert [d.status for d in deliveries] == ["pending"] * 3
    assert all(d.attempts == 1 and d.next_attempt_at > timezone.now() for d in deliveries)
    assert all("connection failed" in d.error for d in deliveries)

    make_due()  # the first retry, a minute later: still down
    run_worker()
    assert [d.attempts for d in WebhookDelivery.objects.all()] == [2, 2, 2]

    receiver.start()
    make_due()
    run_worker()
    make_due()  # nothing is left to send: no duplicate
    run_worker()

    payloads = verified(receiver, subscription.secret)
    assert sorted(p["data"]["page"]["database_id"] for p in payloads) == sorted(
        page.pk for page in posts
    )
    ids = [request["headers"]["webhook-id"] for request in receiver.requests]
    assert len(ids) == len(set(ids)) == 3
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"succeeded"}
    assert [d.attempts for d in WebhookDelivery.objects.all()] == [3, 3, 3]


def test_retries_follow_the_schedule_then_fail_and_deactivate_with_a_notice(
    campaign_tree, receiver, database_queue, django_capture_on_commit_callbacks, settings
):
    from django.contrib.auth.models import Group, User

    settings.WEBHOOKS_DISABLE_AFTER_FAILURES = 2
    receiver.status = 503
    subscription = WebhookSubscription.objects.create(
        name="Partner", url=receiver.url, event_types=["page.published"]
    )
    User.objects.create_superuser("root", "root@example.org", "a-long-password")
    admin = User.objects.create_user("team", "team@example.org", "a-long-password")
    admin.groups.add(Group.objects.get(name="Campaign administrators"))
    for n in range(2):
        page = factories.CampaignPostPageFactory(parent=campaign_tree.posts, slug=f"p{n}")
        with django_capture_on_commit_callbacks(execute=True):
            publish(page)
    run_worker()
    delivery = WebhookDelivery.objects.order_by("pk").first()
    delays = []
    for _attempt in range(len(services.retry_schedule())):
        delivery.refresh_from_db()
        delays.append(round((delivery.next_attempt_at - delivery.last_attempt_at).total_seconds()))
        make_due()
        with django_capture_on_commit_callbacks(execute=True):
            run_worker()
        run_worker()  # the notice, enqueued on commit
    assert delays == services.retry_schedule()
    assert sum(delays) >= 24 * 3600
    assert list(WebhookDelivery.objects.values_list("status", "attempts")) == [
        ("failed", 8),
        ("failed", 8),
    ]
    assert delivery.response_status_code == 503
    subscription.refresh_from_db()
    assert not subscription.is_active
    assert "2 deliveries in a row failed" in subscription.disabled_reason
    (notice,) = mail.outbox
    assert sorted(notice.to) == ["root@example.org", "team@example.org"]
    assert "Partner" in notice.subject
    assert len(receiver.requests) == 16

    # Deactivated: new events are not recorded for it.
    page = factories.CampaignPostPageFactory(parent=campaign_tree.posts, slug="later")
    with django_capture_on_commit_callbacks(execute=True):
        publish(page)
    assert WebhookDelivery.objects.count() == 2


def test_a_slow_receiver_never_slows_publishing(
    campaign_tree, post, subscription, receiver, database_queue, django_capture_on_commit_callbacks
):
    receiver.delay = 3  # beyond the tests' read timeout of 2 s
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        publish(post)
    assert time.monotonic() - started < 1.5
    run_worker()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "pending"
    assert delivery.error == "The receiver did not answer in time."
    assert 1900 <= delivery.duration_ms < 5000


def test_replay_sends_the_same_message_again(
    campaign_tree, post, subscription, receiver, database_queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(post)
    run_worker()
    original = WebhookDelivery.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        replay = services.webhook_delivery_replay(delivery=original)
    run_worker()
    replay.refresh_from_db()
    assert replay.status == "succeeded"
    assert replay.replay_of == original
    first, second = receiver.requests
    assert first["headers"]["webhook-id"] == second["headers"]["webhook-id"] == original.message_id
    assert first["body"] == second["body"]
    Webhook(subscription.secret).verify(second["body"], second["headers"])


def test_a_delivery_enqueued_twice_is_sent_once(
    campaign_tree, post, subscription, receiver, database_queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(post)
    delivery = WebhookDelivery.objects.get()
    services.webhook_deliveries_enqueue(delivery_ids=[delivery.pk])
    assert services.webhook_deliveries_send_due() == 1
    run_worker()
    assert len(receiver.requests) == 1


def test_reactivating_a_subscription_sends_what_waited(
    campaign_tree, post, subscription, receiver, database_queue, django_capture_on_commit_callbacks
):
    WebhookSubscription.objects.filter(pk=subscription.pk).update(is_active=False)
    receiver.stop()
    subscription.is_active = True
    subscription.save()
    with django_capture_on_commit_callbacks(execute=True):
        publish(post)
    WebhookSubscription.objects.filter(pk=subscription.pk).update(is_active=False)
    run_worker()
    assert WebhookDelivery.objects.get().attempts == 0  # inactive: it waits
    receiver.start()
    subscription.refresh_from_db()
    subscription.is_active = True
    subscription.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.webhook_subscription_activate(subscription=subscription) == 1
    run_worker()
    assert receiver.types() == ["page.published"]


def test_signature_headers_follow_the_specification(subscription):
    at = timezone.now()
    headers = services.webhook_signature_headers(
        secret=subscription.secret, message_id="msg_1", body='{"a":1}', at=at
    )
    assert headers["webhook-id"] == "msg_1"
    assert headers["webhook-timestamp"] == str(int(at.timestamp()))
    assert headers["webhook-signature"].startswith("v1,")
    assert Webhook(subscription.secret).verify('{"a":1}', headers) == {"a": 1}
    assert subscription.secret.startswith("whsec_")
    assert WebhookEventType.PAGE_PUBLISHED in subscription.event_types


def test_send_due_webhooks_picks_up_a_lost_task(
    campaign_tree, post, subscription, receiver, database_queue, django_capture_on_commit_callbacks
):
    from io import StringIO

    from django.core.management import call_command

    with django_capture_on_commit_callbacks(execute=True):
        publish(post)
    DBTaskResult.objects.all().delete()  # the queue lost its task
    run_worker()
    assert receiver.requests == []
    out = StringIO()
    call_command("send_due_webhooks", stdout=out)
    assert out.getvalue().startswith("1 ")
    run_worker()
    assert receiver.types() == ["page.published"]
