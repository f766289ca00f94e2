"""The webhooks admin: administrators only, the secret shown once, rotation, the delivery log
with replay, the SSRF guard on the form, and the dashboard panel of failures."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from partners.models import WebhookDelivery, WebhookDeliveryStatus, WebhookSubscription


def member(group: str, username: str) -> User:
    user = User.objects.create_user(username=username, password="a-long-test-password")
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def administrator(db):
    return member("Campaign administrators", "administrator")


@pytest.fixture
def delivery(db):
    subscription = WebhookSubscription.objects.create(
        name="Partner", url="https://hooks.example.org/", event_types=["page.published"]
    )
    return WebhookDelivery.objects.create(
        subscription=subscription,
        message_id="msg_1",
        event_type="page.published",
        body='{"type":"page.published"}',
        status="failed",
        attempts=8,
        response_status_code=503,
        error="The receiver answered HTTP 503.",
    )


def form_data(**overrides):
    return {
        "name": "Front end",
        "url": "http://127.0.0.1:9/hooks",
        "event_types": ["page.published", "page.unpublished"],
        "is_active": "on",
        **overrides,
    }


def refused(response) -> bool:
    """Wagtail's admin answers a missing permission with a redirect to its home page and the
    message "Sorry, you do not have permission to access this area" (403 for XHR requests)."""
    return response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


@pytest.mark.parametrize("group", ["Campaign editors", "Campaign moderators"])
def test_editors_and_moderators_are_refused(client, db, delivery, group):
    client.force_login(member(group, "someone"))
    xhr = client.get(
        reverse("webhook_subscriptions:index"), headers={"x-requested-with": "XMLHttpRequest"}
    )
    assert xhr.status_code == 403
    for url in (
        reverse("webhook_subscriptions:index"),
        reverse("webhook_subscriptions:add"),
        reverse("webhook_subscriptions:edit", args=[delivery.subscription.pk]),
        reverse("webhook_subscriptions:rotate", args=[delivery.subscription.pk]),
        reverse("webhook_subscriptions:secret", args=[delivery.subscription.pk]),
        reverse("webhook_deliveries:index"),
        reverse("webhook_deliveries:inspect", args=[delivery.pk]),
        reverse("webhook_deliveries:replay", args=[delivery.pk]),
    ):
        assert refused(client.get(url)), url
    assert refused(client.post(reverse("webhook_deliveries:replay", args=[delivery.pk])))
    assert refused(client.post(reverse("webhook_subscriptions:add"), form_data()))
    assert WebhookDelivery.objects.count() == 1 and WebhookSubscription.objects.count() == 1
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "webhook-failures" not in home and "Webhooks" not in home


def test_an_administrator_creates_a_subscription_and_sees_the_secret_once(client, administrator):
    client.force_login(administrator)
    response = client.post(reverse("webhook_subscriptions:add"), form_data())
    subscription = WebhookSubscription.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("webhook_subscriptions:secret", args=[subscription.pk])
    assert subscription.event_types == ["page.published", "page.unpublished"]
    first = client.get(response["Location"]).content.decode()
    assert subscription.secret in first
    again = client.get(response["Location"]).content.decode()
    assert subscription.secret not in again and subscription.masked_secret in again
    edit = client.get(
        reverse("webhook_subscriptions:edit", args=[subscription.pk])
    ).content.decode()
    assert subscription.secret not in edit and subscription.masked_secret in edit


def test_rotating_the_secret_shows_the_new_one_once(client, administrator, delivery):
    client.force_login(administrator)
    subscription = delivery.subscription
    old = subscription.secret
    url = reverse("webhook_subscriptions:rotate", args=[subscription.pk])
    assert client.get(url).status_code == 200
    response = client.post(url)
    subscription.refresh_from_db()
    assert subscription.secret != old and subscription.secret.startswith("whsec_")
    assert subscription.secret in client.get(response["Location"]).content.decode()


def test_private_targets_are_refused_unless_allowed(client, administrator, settings):
    client.force_login(administrator)
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    for url in (
        "http://127.0.0.1/x",
        "http://10.1.2.3/x",
        "http://169.254.169.254/",
        "ftp://x.org/",
    ):
        response = client.post(reverse("webhook_subscriptions:add"), form_data(url=url))
        assert response.status_code == 200, url
        assert "url" in response.context["form"].errors
    assert not WebhookSubscription.objects.exists()


def test_the_delivery_log_filters_and_replays(client, administrator, delivery):
    superuser = User.objects.create_superuser("root", "root@example.org", "a-long-password")
    client.force_login(superuser)
    listing = client.get(reverse("webhook_deliveries:index")).content.decode()
    assert reverse("webhook_deliveries:add") not in listing  # a log: nobody adds to it
    assert refused(client.get(reverse("webhook_deliveries:add")))
    assert refused(client.get(reverse("webhook_deliveries:delete", args=[delivery.pk])))
    client.force_login(administrator)
    listing = client.get(reverse("webhook_deliveries:index"), {"status": "failed"})
    assert listing.status_code == 200
    assert "The receiver answered HTTP 503." in listing.content.decode()
    empty = client.get(reverse("webhook_deliveries:index"), {"status": "succeeded"})
    assert "HTTP 503" not in empty.content.decode()
    inspect = client.get(reverse("webhook_deliveries:inspect", args=[delivery.pk]))
    assert "msg_1" in inspect.content.decode()
    edit = client.get(reverse("webhook_deliveries:edit", args=[delivery.pk]))
    assert edit["Location"] == reverse("webhook_deliveries:inspect", args=[delivery.pk])
    response = client.post(reverse("webhook_deliveries:replay", args=[delivery.pk]))
    replay = WebhookDelivery.objects.exclude(pk=delivery.pk).get()
    assert response["Location"] == reverse("webhook_deliveries:inspect", args=[replay.pk])
    assert replay.message_id == "msg_1" and replay.replay_of == delivery
    # The test settings run tasks at once: the replay was attempted (hooks.example.org is
    # not reachable from the tests, so it waits for its retry).
    assert replay.status in {"pending", "succeeded"}


def test_the_dashboard_shows_failures_and_deactivated_subscriptions(
    client, administrator, delivery
):
    subscription = delivery.subscription
    subscription.is_active = False
    subscription.disabled_at = delivery.created_at
    subscription.disabled_reason = "5 deliveries in a row failed"
    subscription.save()
    client.force_login(administrator)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "webhook-failures" in home
    assert "Deactivated after failed deliveries" in home
    assert "5 deliveries in a row failed" in home
    assert "The receiver answered HTTP 503." in home


def test_reactivating_in_the_admin_clears_the_deactivation(client, administrator, delivery):
    subscription = delivery.subscription
    WebhookSubscription.objects.filter(pk=subscription.pk).update(
        is_active=False, disabled_reason="failed", consecutive_failures=5
    )
    client.force_login(administrator)
    response = client.post(
        reverse("webhook_subscriptions:edit", args=[subscription.pk]),
        form_data(url="https://93.184.215.14/hooks", event_types=["page.published"]),
    )
    assert response.status_code == 302
    subscription.refresh_from_db()
    assert subscription.is_active and subscription.disabled_reason == ""
    assert subscription.consecutive_failures == 0


def test_reactivating_says_how_many_waiting_deliveries_are_sent_in_the_right_number(
    client, administrator, delivery
):
    """One waiting delivery is "1 waiting delivery is being sent", not "1 ... deliveries are"
    (ngettext, with each language's plural forms)."""
    from django.contrib.messages import get_messages

    subscription = delivery.subscription
    WebhookSubscription.objects.filter(pk=subscription.pk).update(is_active=False)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status=WebhookDeliveryStatus.PENDING)
    client.force_login(administrator)
    response = client.post(
        reverse("webhook_subscriptions:edit", args=[subscription.pk]),
        form_data(url="https://93.184.215.14/hooks", event_types=["page.published"]),
    )
    texts = [str(message) for message in get_messages(response.wsgi_request)]
    assert "1 waiting delivery is being sent." in texts, texts
