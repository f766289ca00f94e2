"""Writes for webhooks: record events, deliver them (signed, retried), replay, rotate secrets,
deactivate failing subscriptions.

Events are recorded as ``WebhookDelivery`` rows in the transaction of the change they announce,
and their tasks are enqueued when it commits: a change that rolls back sends nothing, one that
commits is never lost. The HTTP request happens in the background worker only.
"""

from __future__ import annotations

import datetime
import json
import logging
import time
import uuid

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from partners import outbound
from partners.models import (
    WebhookDelivery,
    WebhookDeliveryStatus,
    WebhookSubscription,
    webhook_secret_generate,
)

logger = logging.getLogger(__name__)

# Seconds to wait before each retry after the first attempt: 1 min, 5 min, 30 min, 2 h, 5 h,
# 10 h, 10 h. Eight attempts in all, spread over 27 h 36 min, then the delivery has failed.
DEFAULT_RETRY_SCHEDULE = [60, 300, 1800, 7200, 18000, 36000, 36000]
# How long a worker may hold a delivery it sends (longer than connect + read timeouts).
CLAIM_SECONDS = 60
ATTEMPT_LOG_LIMIT = 20


def retry_schedule() -> list[int]:
    return list(getattr(settings, "WEBHOOKS_RETRY_SCHEDULE", DEFAULT_RETRY_SCHEDULE))


def disable_after() -> int:
    return int(getattr(settings, "WEBHOOKS_DISABLE_AFTER_FAILURES", 5))


# --- recording events ----------------------------------------------------------------------


def webhook_event_record(*, event_type: str, data: dict) -> list[WebhookDelivery]:
    """Record one event for every active subscription that wants ``event_type``, and enqueue
    its delivery when the current transaction commits.

    The payload is the Standard Webhooks shape ``{"type", "timestamp", "data"}`` with
    ``timestamp`` in ISO 8601 UTC; one ``message_id`` (``msg_`` and a UUID) is shared by every
    subscription's copy. ``data`` must hold no personal data. Returns the deliveries created
    (none when nobody subscribed).
    """
    subscriptions = [
        subscription
        for subscription in WebhookSubscription.objects.filter(is_active=True)
        if subscription.wants(event_type)
    ]
    if not subscriptions:
        return []
    now = timezone.now()
    body = json.dumps(
        {
            "type": event_type,
            "timestamp": now.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z"),
            "data": data,
        },
        separators=(",", ":"),
        ensure_ascii=False,
    )
    message_id = f"msg_{uuid.uuid4().hex}"
    deliveries = [
        WebhookDelivery.objects.create(
            subscription=subscription,
            message_id=message_id,
            event_type=event_type,
            body=body,
            next_attempt_at=now,
        )
        for subscription in subscriptions
    ]
    ids = [delivery.pk for delivery in deliveries]
    transaction.on_commit(lambda: webhook_deliveries_enqueue(delivery_ids=ids))
    return deliveries


def webhook_deliveries_enqueue(*, delivery_ids: list[int], run_after=None) -> None:
    """Enqueue one send task per delivery (deferred to ``run_after`` when given and the task
    backend supports it)."""
    from partners.tasks import webhook_delivery_send

    task = webhook_delivery_send
    if run_after is not None:
        if not task.get_backend().supports_defer:
            # Nothing would run it later: `manage.py send_due_webhooks` picks it up.
            return
        task = task.using(run_after=run_after)
    for delivery_id in delivery_ids:
        try:
            task.enqueue(delivery_id)
        except Exception:
            # The delivery stays pending with its due time; `send_due_webhooks` finds it.
            logger.exception("Could not enqueue webhook delivery %s", delivery_id)


# --- delivering ------------------------------------------------------------------------------


def webhook_signature_headers(*, secret: str, message_id: str, body: str, at=None) -> dict:
    """The Standard Webhooks headers for one attempt: ``webhook-id`` (the message's),
    ``webhook-timestamp`` (the attempt's, in seconds since the epoch) and ``webhook-signature``
    (``v1,<base64 HMAC-SHA256 of "id.timestamp.body">``), made by the ``standardwebhooks``
    library itself."""
    at = (at or timezone.now()).astimezone(datetime.UTC)
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": Webhook(secret).sign(message_id, at, body),
    }


def _claim(delivery_id: int, *, force: bool = False) -> bool:
    now = timezone.now()
    due = Q(status=WebhookDeliveryStatus.PENDING) & (
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    )
    if not force:
        due &= Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    claimed = WebhookDelivery.objects.filter(due, pk=delivery_id).update(
        claimed_until=now + datetime.timedelta(seconds=CLAIM_SECONDS)
    )
    return claimed == 1


def webhook_delivery_attempt(*, delivery_id: int) -> str | None:
    """Make one attempt to deliver a pending, due delivery; returns its status afterwards, or
    None when there was nothing to do (delivered, failed, not yet due, another worker on it,
    or its subscription is inactive: it waits, pending, until the subscription is active).

    A 2xx answer delivers it. Anything else (another status, a refused or timed-out connection,
    a target that became private) schedules the next retry by ``WEBHOOKS_RETRY_SCHEDULE``, or
    after the last one marks the delivery failed and counts it against the subscription, which
    ``WEBHOOKS_DISABLE_AFTER_FAILURES`` failed deliveries in a row deactivate. Never raises for
    a receiver's fault.
    """
    if not _claim(delivery_id):
        return None
    delivery = WebhookDelivery.objects.select_related("subscription").get(pk=delivery_id)
    subscription = delivery.subscription
    if not subscription.is_active:
        WebhookDelivery.objects.filter(pk=delivery_id).update(claimed_until=None)
        return None
    status_code, error, duration_ms = _send(delivery, subscription)
    return _record_attempt(delivery, status_code=status_code, error=error, duration_ms=duration_ms)


def _send(delivery: WebhookDelivery, subscription: WebhookSubscription):
    headers = {
        "content-type": "application/json",
        "user-agent": "CampaignCMS-Webhooks/1.0",
        **webhook_signature_headers(
            secret=subscription.secret, message_id=delivery.message_id, body=delivery.body
        ),
    }
    started = time.monotonic()
    status_code = None
    error = ""
    try:
        outbound.target_check(subscription.url)
        with outbound.checked_session() as session:
            response = session.post(
                subscription.url,
                data=delivery.body.encode("utf-8"),
                headers=headers,
                timeout=outbound.timeouts(),
                allow_redirects=False,
                stream=True,
            )
            status_code = response.status_code
            response.close()
        if not 200 <= status_code < 300:
            error = f"The receiver answered HTTP {status_code}."
    except outbound.UnsafeTargetError as exc:
        error = str(exc)
    except Exception as exc:  # noqa: BLE001 - every network failure is a failed attempt
        error = _describe(exc)
    duration_ms = int((time.monotonic() - started) * 1000)
    return status_code, error[:255], duration_ms


def _describe(exc: Exception) -> str:
    import requests

    if isinstance(exc.__context__, outbound.UnsafeTargetError):
        return str(exc.__context__)
    cause = exc
    while cause is not None:
        if isinstance(cause, outbound.UnsafeTargetError):
            return str(cause)
        cause = cause.__cause__ or cause.__context__
    if isinstance(exc, requests.ConnectTimeout):
        return "The connection timed out."
    if isinstance(exc, requests.ReadTimeout):
        return "The receiver did not answer in time."
    if isinstance(exc, requests.ConnectionError):
        return "The connection failed (refused, reset or unreachable)."
    return f"The request failed ({type(exc).__name__})."


def _record_attempt(delivery, *, status_code, error, duration_ms) -> str:
    now = timezone.now()
    attempts = delivery.attempts + 1
    log = [
        *delivery.attempt_log,
        {
            "attempt": attempts,
            "at": now.isoformat(),
            "status_code": status_code,
            "duration_ms": duration_ms,
            "error": error,
        },
    ][-ATTEMPT_LOG_LIMIT:]
    fields = {
        "attempts": attempts,
        "attempt_log": log,
        "last_attempt_at": now,
        "response_status_code": status_code,
        "duration_ms": duration_ms,
        "error": error,
        "claimed_until": None,
    }
    subscription = delivery.subscription
    schedule = retry_schedule()
    if not error:
        fields.update(
            status=WebhookDeliveryStatus.SUCCEEDED, delivered_at=now, next_attempt_at=None
        )
        WebhookDelivery.objects.filter(pk=delivery.pk).update(**fields)
        WebhookSubscription.objects.filter(pk=subscription.pk).update(consecutive_failures=0)
        return WebhookDeliveryStatus.SUCCEEDED
    if attempts <= len(schedule):
        next_at = now + datetime.timedelta(seconds=schedule[attempts - 1])
        fields.update(next_attempt_at=next_at)
        WebhookDelivery.objects.filter(pk=delivery.pk).update(**fields)
        webhook_deliveries_enqueue(delivery_ids=[delivery.pk], run_after=next_at)
        return WebhookDeliveryStatus.PENDING
    fields.update(status=WebhookDeliveryStatus.FAILED, next_attempt_at=None)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(**fields)
    WebhookSubscription.objects.filter(pk=subscription.pk).update(
        consecutive_failures=F("consecutive_failures") + 1
    )
    subscription.refresh_from_db(fields=["consecutive_failures", "is_active"])
    if subscription.is_active and subscription.consecutive_failures >= disable_after():
        webhook_subscription_disable(
            subscription=subscription,
            reason=f"{subscription.consecutive_failures} deliveries in a row failed after every "
            f"retry; the last error: {error}"[:255],
        )
    return WebhookDeliveryStatus.FAILED


def webhook_subscription_disable(*, subscription: WebhookSubscription, reason: str) -> None:
    """Deactivate ``subscription`` after failed deliveries and tell the administrators (an
    email from a background task). Its pending deliveries wait until it is active again."""
    updated = WebhookSubscription.objects.filter(pk=subscription.pk, is_active=True).update(
        is_active=False, disabled_at=timezone.now(), disabled_reason=reason
    )
    if updated:
        from partners.tasks import webhook_subscription_disabled_notify

        logger.warning("Webhook subscription %s deactivated: %s", subscription.pk, reason)
        transaction.on_commit(lambda: webhook_subscription_disabled_notify.enqueue(subscription.pk))


def webhook_administrators_notify(*, subscription_id: int) -> int:
    """Email superusers and the "Campaign administrators" that a subscription was deactivated.
    Returns the number of recipients. Names the subscription, its target host and the reason;
    no payload."""
    from urllib.parse import urlsplit

    from django.contrib.auth import get_user_model
    from django.core.mail import send_mail
    from django.urls import reverse

    subscription = WebhookSubscription.objects.filter(pk=subscription_id).first()
    if subscription is None:
        return 0
    users = get_user_model().objects.filter(
        Q(is_superuser=True) | Q(groups__name="Campaign administrators"), is_active=True
    )
    recipients = sorted({email for email in users.values_list("email", flat=True) if email})
    if not recipients:
        return 0
    link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "webhook_subscriptions:edit", args=[subscription.pk]
    )
    send_mail(
        subject=f"Webhook '{subscription.name}' was deactivated",
        message=(
            f"The webhook subscription '{subscription.name}' "
            f"(to {urlsplit(subscription.url).hostname}) was deactivated because its "
            f"deliveries kept failing.\n\n{subscription.disabled_reason}\n\n"
            "Events are no longer sent to it. Once the receiver works again, activate the "
            f"subscription; the deliveries that wait are then sent:\n{link}\n"
        ),
        from_email=None,
        recipient_list=recipients,
    )
    return len(recipients)


# --- administration -----------------------------------------------------------------------------


def webhook_delivery_replay(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery's message again, as a new delivery with the same ``message_id`` (so a
    receiver that already has it can drop it) and a fresh series of attempts."""
    replay = WebhookDelivery.objects.create(
        subscription=delivery.subscription,
        message_id=delivery.message_id,
        event_type=delivery.event_type,
        body=delivery.body,
        next_attempt_at=timezone.now(),
        replay_of=delivery,
    )
    transaction.on_commit(lambda: webhook_deliveries_enqueue(delivery_ids=[replay.pk]))
    return replay


def webhook_subscription_activate(*, subscription: WebhookSubscription) -> int:
    """Make the pending deliveries of a subscription that was just (re)activated due now and
    enqueue them; returns how many. Clears the automatic deactivation's record."""
    now = timezone.now()
    WebhookSubscription.objects.filter(pk=subscription.pk).update(
        disabled_at=None, disabled_reason="", consecutive_failures=0
    )
    pending = WebhookDelivery.objects.filter(
        subscription=subscription, status=WebhookDeliveryStatus.PENDING
    )
    ids = list(pending.order_by("created_at", "pk").values_list("pk", flat=True))
    pending.update(next_attempt_at=now)
    transaction.on_commit(lambda: webhook_deliveries_enqueue(delivery_ids=ids))
    return len(ids)


def webhook_subscription_rotate_secret(*, subscription: WebhookSubscription) -> str:
    """Give ``subscription`` a new secret and return it (to show once). Messages are signed with
    the new secret from the next attempt on."""
    subscription.secret = webhook_secret_generate()
    subscription.save(update_fields=["secret", "updated_at"])
    return subscription.secret


def webhook_deliveries_send_due() -> int:
    """Enqueue every pending delivery that is due and not being sent, of active subscriptions:
    the safety net when a task was lost (a queue flushed, a backend without deferred tasks).
    Returns how many. A delivery enqueued twice is still sent once at a time."""
    now = timezone.now()
    ids = list(
        WebhookDelivery.objects.filter(
            status=WebhookDeliveryStatus.PENDING,
            subscription__is_active=True,
            next_attempt_at__lte=now,
        )
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )
    webhook_deliveries_enqueue(delivery_ids=ids)
    return len(ids)
