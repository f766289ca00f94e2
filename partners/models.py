"""Webhooks: partners and front ends subscribe to what changes on the public site.

A ``WebhookSubscription`` is a receiver (a URL, the events it wants, a signing secret); each event
it wants becomes one ``WebhookDelivery``: the signed message and the record of every attempt to
deliver it. Messages follow the Standard Webhooks specification (https://www.standardwebhooks.com/):
see docs/partners.md.
"""

from __future__ import annotations

import base64
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


class WebhookEventType(models.TextChoices):
    PAGE_PUBLISHED = "page.published", _("Page published")
    PAGE_UNPUBLISHED = "page.unpublished", _("Page unpublished")
    PAGE_DELETED = "page.deleted", _("Page deleted")
    PAGE_MOVED = "page.moved", _("Page moved")
    COUNTER_CHANGED = "counter.changed", _("Signature counter changed")
    DEMAND_PROGRESS_CHANGED = "demand.progress_changed", _("Demand progress changed")


def webhook_secret_generate() -> str:
    """A new signing secret in the Standard Webhooks format: ``whsec_`` and 32 random bytes in
    base64 (the specification asks for 24 to 64 bytes)."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


class WebhookSubscription(models.Model):
    """A receiver of webhooks: where to send which events, signed with which secret."""

    name = models.CharField(
        max_length=120,
        help_text="Who receives these webhooks, for example 'Front end revalidation' or the "
        "partner organisation's name.",
    )
    url = models.URLField(
        "target URL",
        max_length=500,
        help_text="Where each event is POSTed (https:// in production). Addresses on private or "
        "loopback networks are refused.",
    )
    event_types = models.JSONField(
        "events",
        default=list,
        help_text="The events to send. Page events cover public pages only.",
    )
    secret = models.CharField(
        max_length=100,
        default=webhook_secret_generate,
        editable=False,
        help_text="Signs every message (Standard Webhooks). Shown once, after creation or "
        "rotation.",
    )
    is_active = models.BooleanField(
        "active",
        default=True,
        help_text="Only active subscriptions receive events. A subscription whose deliveries keep "
        "failing is deactivated automatically; activate it again once the receiver works.",
    )
    consecutive_failures = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Deliveries that failed for good since the last successful one.",
    )
    disabled_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the subscription was deactivated automatically after failed deliveries.",
    )
    disabled_reason = models.CharField(
        max_length=255,
        blank=True,
        default="",
        editable=False,
        help_text="Why the subscription was deactivated automatically.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "webhook subscription"
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    @property
    def masked_secret(self) -> str:
        """The secret as the admin shows it after the first time: prefix and last 4 characters."""
        return f"whsec_…{self.secret[-4:]}"

    def wants(self, event_type: str) -> bool:
        return event_type in (self.event_types or [])


class WebhookDeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Delivered")
    FAILED = "failed", _("Failed")


class WebhookDelivery(models.Model):
    """One message to one subscription, and how its delivery went.

    ``message_id`` is the Standard Webhooks ``webhook-id``: the same on every attempt and replay,
    so receivers can drop duplicates. ``body`` holds the exact JSON that is signed and sent.
    """

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    message_id = models.CharField("message ID", max_length=64, db_index=True)
    event_type = models.CharField("event", max_length=40, choices=WebhookEventType.choices)
    body = models.TextField(help_text="The JSON payload as sent.")
    status = models.CharField(
        max_length=20,
        choices=WebhookDeliveryStatus.choices,
        default=WebhookDeliveryStatus.PENDING,
        db_index=True,
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(
        null=True, blank=True, help_text="When the next attempt is due, while pending."
    )
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    response_status_code = models.PositiveSmallIntegerField(
        "status code", null=True, blank=True, help_text="The receiver's HTTP status, last attempt."
    )
    duration_ms = models.PositiveIntegerField(
        "duration (ms)", null=True, blank=True, help_text="How long the last attempt took."
    )
    error = models.CharField(
        max_length=255, blank=True, default="", help_text="Why the last attempt failed."
    )
    attempt_log = models.JSONField(
        default=list,
        blank=True,
        help_text="Every attempt: time, status code, duration in milliseconds, error.",
    )
    # While a worker sends the message, no other worker may: a lease, not a lock, so that no
    # database transaction stays open during the HTTP request.
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    replay_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replays",
        help_text="The delivery this one sends again.",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "webhook delivery"
        verbose_name_plural = "webhook deliveries"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.event_type} → {self.subscription} ({self.get_status_display()})"
