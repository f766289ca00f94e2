"""Signal receivers that turn content changes into webhook events (``partners.events``).

Connected once by ``PartnersConfig.ready``. Receivers translate and delegate; the rules (what is
public, what each payload holds) live in ``partners.events`` and ``partners.selectors``.
"""

from __future__ import annotations

import threading

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from wagtail.models import Page
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
    pre_page_move,
)

# What receivers learn before a change and need after it, per thread (each request or worker
# runs in one): the page's public location before a move, a demand's live progress status.
_state = threading.local()


def _pending(name: str) -> dict:
    if not hasattr(_state, name):
        setattr(_state, name, {})
    return getattr(_state, name)


def on_page_published(sender, instance, revision=None, **kwargs):
    from campaign.models import DemandPage
    from partners import events

    events.page_published(instance)
    if isinstance(instance, DemandPage):
        previous = _pending("demand_status").pop(instance.pk, None)
        if previous is not None and previous != instance.progress_status:
            events.demand_progress_changed(instance, previous_status=previous)


def on_page_unpublished(sender, instance, **kwargs):
    from partners import events

    events.page_unpublished(instance)


def on_pre_page_move(sender, instance, url_path_before=None, url_path_after=None, **kwargs):
    from partners import events

    if url_path_before == url_path_after:
        return
    _pending("moves")[instance.pk] = events.page_move_before(instance)


def on_post_page_move(sender, instance, url_path_before=None, url_path_after=None, **kwargs):
    from partners import events

    if url_path_before == url_path_after:
        return
    before = _pending("moves").pop(instance.pk, None)
    events.page_moved(instance, before=before)


def on_page_slug_changed(sender, instance, instance_before=None, **kwargs):
    """A published slug change moves the page (and its URL) like a move does."""
    from partners import events

    if instance_before is None:
        return
    before = events.page_move_before(instance_before) if instance_before.live else None
    # ``instance_before`` is the row as it was: judged public on today's tree, its own path.
    events.page_moved(instance, before=before)


def on_page_pre_delete(sender, instance, **kwargs):
    # Deleting a page deletes its rows in every table of its type: act once, on the base row.
    if type(instance) is not Page:
        return
    from partners import events

    events.page_deleted(instance)


def on_demand_pre_save(sender, instance, update_fields=None, **kwargs):
    if instance.pk is None or (
        update_fields is not None and "progress_status" not in update_fields
    ):
        return
    from partners import events
    from partners.models import WebhookEventType

    if not events.anyone_listening(WebhookEventType.DEMAND_PROGRESS_CHANGED):
        return
    row = sender.objects.filter(pk=instance.pk, live=True).values("progress_status").first()
    pending = _pending("demand_status")
    if row is None:
        pending.pop(instance.pk, None)
    else:
        pending[instance.pk] = row["progress_status"]


def on_signature_count_change(sender, instance, origin=None, **kwargs):
    from partners import events

    # A campaign page being deleted takes its readings with it: that sends page.deleted.
    if origin is not None and getattr(origin, "model", type(origin)) is not sender:
        return
    campaign = Page.objects.filter(pk=instance.campaign_id).first()
    if campaign is not None:
        events.counter_changed(campaign.specific)


def connect() -> None:
    """Connect the receivers (``PartnersConfig.ready``)."""
    from campaign.models import DemandPage, SignatureCount

    page_published.connect(on_page_published, dispatch_uid="partners-webhooks-published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="partners-webhooks-unpublished")
    pre_page_move.connect(on_pre_page_move, dispatch_uid="partners-webhooks-pre-move")
    post_page_move.connect(on_post_page_move, dispatch_uid="partners-webhooks-post-move")
    page_slug_changed.connect(on_page_slug_changed, dispatch_uid="partners-webhooks-slug")
    pre_delete.connect(on_page_pre_delete, sender=Page, dispatch_uid="partners-webhooks-delete")
    pre_save.connect(on_demand_pre_save, sender=DemandPage, dispatch_uid="partners-webhooks-demand")
    for signal in (post_save, post_delete):
        signal.connect(
            on_signature_count_change,
            sender=SignatureCount,
            dispatch_uid=f"partners-webhooks-counter-{signal is post_save}",
        )
