"""What each webhook event says (the ``data`` of its payload), built at the moment of the change.

Only public pages produce page events (``campaign.selectors.public_pages``): publishing a page in a
private section, a draft or an alias of a hidden page sends nothing; a page that was public and
stops being so (unpublished, expired, deleted, moved into a private section) sends
``page.unpublished`` or ``page.deleted``. Payloads name pages (API id, type, locale, path, URL) and
the paths to revalidate; they carry no content and no personal data. docs/partners.md documents
each shape.
"""

from __future__ import annotations

from wagtail.models import Page

from partners.models import WebhookEventType, WebhookSubscription
from partners.selectors import (
    page_is_public,
    page_location,
    page_reference,
    page_site,
    page_was_public,
    revalidate_paths,
    unique_paths,
)
from partners.services import webhook_event_record


def anyone_listening(event_type: str) -> bool:
    """Whether an active subscription wants ``event_type``: events nobody wants cost one query."""
    return any(
        subscription.wants(event_type)
        for subscription in WebhookSubscription.objects.filter(is_active=True).only("event_types")
    )


def page_snapshot(page: Page) -> dict | None:
    """Where ``page`` is now: its reference and the paths to revalidate, or None when it lies
    outside every site. Taken before a change that moves or removes it."""
    site = page_site(page)
    if site is None:
        return None
    location = page_location(page, site=site)
    return {
        "page": page_reference(page, location=location),
        "revalidate": revalidate_paths(page, site=site),
    }


def record_public_page_event(event_type: str, page: Page) -> None:
    """Record ``event_type`` with the page's snapshot as ``data``, if someone listens and the
    page is public (and inside a site)."""
    if not anyone_listening(event_type) or not page_is_public(page):
        return
    snapshot = page_snapshot(page)
    if snapshot is not None:
        webhook_event_record(event_type=event_type, data=snapshot)


def page_published(page: Page) -> None:
    """``page.published``: a public page was published (first time or with changes)."""
    record_public_page_event(WebhookEventType.PAGE_PUBLISHED, page)


def page_unpublished(page: Page) -> None:
    """``page.unpublished``: a page that was public was unpublished or expired."""
    event_type = WebhookEventType.PAGE_UNPUBLISHED
    if not anyone_listening(event_type):
        return
    if Page.objects.filter(pk=page.pk, live=True).exists():
        # Unpublished without saving: Wagtail does so just before deleting, and the deletion
        # sends page.deleted.
        return
    if not page_was_public(page):
        return
    snapshot = page_snapshot(page)
    if snapshot is not None:
        webhook_event_record(event_type=event_type, data=snapshot)


def page_deleted(page: Page) -> None:
    """``page.deleted``: a public page is being deleted (called before the row goes)."""
    record_public_page_event(WebhookEventType.PAGE_DELETED, page)


def page_move_before(page: Page) -> dict | None:
    """What a move needs to know of the page before it moves: its snapshot if it is public."""
    if not any(
        anyone_listening(event_type)
        for event_type in (WebhookEventType.PAGE_MOVED, WebhookEventType.PAGE_UNPUBLISHED)
    ):
        return None
    if not page_is_public(page):
        return None
    return page_snapshot(page)


def page_moved(page: Page, *, before: dict | None) -> None:
    """After a move (or a slug change) that changed the page's path: ``page.moved`` when it is
    public before and after (``from`` is the old path), ``page.unpublished`` at the old path
    when it went into a private section, ``page.published`` when it came out of one."""
    after = page_snapshot(page) if page_is_public(page) else None
    if before is not None and after is not None:
        if before["page"]["path"] == after["page"]["path"]:
            return
        if anyone_listening(WebhookEventType.PAGE_MOVED):
            webhook_event_record(
                event_type=WebhookEventType.PAGE_MOVED,
                data={
                    "page": after["page"],
                    "from": {"path": before["page"]["path"], "url": before["page"]["url"]},
                    "revalidate": unique_paths(before["revalidate"] + after["revalidate"]),
                },
            )
    elif before is not None:
        if anyone_listening(WebhookEventType.PAGE_UNPUBLISHED):
            webhook_event_record(event_type=WebhookEventType.PAGE_UNPUBLISHED, data=before)
    elif after is not None and anyone_listening(WebhookEventType.PAGE_PUBLISHED):
        webhook_event_record(event_type=WebhookEventType.PAGE_PUBLISHED, data=after)


def counter_changed(campaign: Page) -> None:
    """``counter.changed``: a signature count of a public campaign was recorded, corrected or
    deleted. ``data``: the campaign, the latest ``count``, its ``as_of`` date, ``goal`` and
    ``source_url``, and the campaign's paths in every public translation to revalidate."""
    event_type = WebhookEventType.COUNTER_CHANGED
    if not anyone_listening(event_type):
        return
    from campaign.selectors import public_pages

    translations = list(
        public_pages(Page.objects.filter(translation_key=campaign.translation_key))
        .order_by("pk")
        .specific()
    )
    if not translations:
        return
    main = next((page for page in translations if page.pk == campaign.pk), translations[0])
    snapshot = page_snapshot(main)
    if snapshot is None:
        return
    latest = main.signature_count_latest()
    paths = []
    for page in translations:
        location = page_location(page)
        if location:
            paths.append(location["path"])
    webhook_event_record(
        event_type=event_type,
        data={
            "campaign": snapshot["page"],
            "count": latest.count if latest else None,
            "as_of": latest.as_of.isoformat() if latest and latest.as_of else None,
            "source_url": (latest.source_url or None) if latest else None,
            "goal": main.signature_goal,
            "revalidate": unique_paths(paths + snapshot["revalidate"]),
        },
    )


def demand_progress_changed(demand, *, previous_status: str) -> None:
    """``demand.progress_changed``: a public demand was published with another progress status.
    ``data``: the demand, its ``number``, ``progress_status`` and ``previous_progress_status``
    (the values of ``DemandProgress``), ``progress_changed_at`` and the paths to revalidate
    (the demand, its list, the campaign, the home page)."""
    event_type = WebhookEventType.DEMAND_PROGRESS_CHANGED
    if not anyone_listening(event_type) or not page_is_public(demand):
        return
    snapshot = page_snapshot(demand)
    if snapshot is None:
        return
    from campaign.selectors import campaign_for_page

    paths = list(snapshot["revalidate"])
    campaign = campaign_for_page(demand)
    location = page_location(campaign) if campaign is not None else None
    if location:
        paths.insert(2, location["path"])
    webhook_event_record(
        event_type=event_type,
        data={
            "demand": snapshot["page"],
            "number": demand.number,
            "progress_status": demand.progress_status,
            "previous_progress_status": previous_status,
            "progress_changed_at": (
                demand.progress_changed_at.isoformat() if demand.progress_changed_at else None
            ),
            "revalidate": unique_paths(paths),
        },
    )
