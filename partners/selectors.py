"""Reads for webhooks: whether a page is public, where it lives on the front end, and what the
admin shows about deliveries.

Visibility is ``campaign.selectors.public_pages``'s, always: a page event leaves only for a page
the public can see (or could see until the change the event announces).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page, Site

from campaign.selectors import page_frontend_url, public_pages


def page_is_public(page: Page) -> bool:
    """True when ``public_pages`` lets ``page`` through now."""
    return public_pages(Page.objects.filter(pk=page.pk)).exists()


def page_was_public(page: Page) -> bool:
    """Whether ``page``, just unpublished or expired, was public until then.

    ``public_pages`` decides, on the page as it was: live and not expired, and so were the pages
    its alias chain leads to (Wagtail unpublishes an original's aliases together with it). The
    question is asked inside a savepoint that is rolled back, so nothing is changed; a page
    behind a view restriction, the tree's root, or an alias of a page hidden for another reason
    still counts as not public.
    """
    chain = [page.pk]
    original_id = page.alias_of_id
    while original_id is not None and len(chain) < 4:
        chain.append(original_id)
        original_id = (
            Page.objects.filter(pk=original_id).values_list("alias_of_id", flat=True).first()
        )
    with transaction.atomic():
        Page.objects.filter(pk__in=chain).update(live=True, expire_at=None)
        public = page_is_public(page)
        transaction.set_rollback(True)
    return public


def page_site(page: Page) -> Site | None:
    """The site ``page`` belongs to (through its locale's copy of the site root), or None."""
    site_id = _site_id_for(page)
    if site_id is None:
        return None
    return Site.objects.select_related("root_page").filter(pk=site_id).first()


def _site_id_for(page: Page) -> int | None:
    best = None
    for root in Site.get_site_root_paths():
        if page.url_path.startswith(root.root_path) and (
            best is None or len(root.root_path) > len(best.root_path)
        ):
            best = root
    return best.site_id if best else None


def page_location(page: Page, *, site: Site | None = None) -> dict | None:
    """``{"path": ..., "url": ...}`` of ``page`` on the front end, as the API gives them (the
    path with its language prefix; the URL on ``FRONTEND_BASE_URL`` or the site's root URL).
    None for a page outside every site."""
    site = site or page_site(page)
    if site is None:
        return None
    path = page_frontend_url(page, site=site, base_url="")
    if path is None:
        return None
    base = settings.FRONTEND_BASE_URL or site.root_url
    return {"path": path, "url": f"{base.rstrip('/')}{path}"}


def page_reference(page: Page, *, location: dict | None = None) -> dict:
    """What an event says about a page: its API ``id`` (the GraphQL node ID), ``database_id``,
    GraphQL ``type``, ``locale`` (language code), ``path`` and ``url``. No title or content:
    receivers fetch those from the API, which applies its own visibility rules."""
    from frontend_schema.nodes import global_id
    from frontend_schema.types import PAGE_TYPE_NAMES

    type_name = PAGE_TYPE_NAMES.get(page.specific_class, "GenericPage")
    location = location if location is not None else page_location(page) or {}
    return {
        "id": global_id(type_name, page.pk),
        "database_id": page.pk,
        "type": type_name,
        "locale": page.locale.language_code,
        "path": location.get("path"),
        "url": location.get("url"),
    }


def revalidate_paths(page: Page, *, site: Site | None = None) -> list[str]:
    """The front-end paths that show ``page`` or a listing of it: the page's own path, its
    parent's (the listing it appears in) and the home page of its locale, without duplicates.
    """
    site = site or page_site(page)
    if site is None:
        return []
    paths = [page_frontend_url(page, site=site, base_url="")]
    parent = page.get_parent()
    if parent is not None and parent.depth > 1:
        paths.append(page_frontend_url(parent, site=site, base_url=""))
    home = _home_in_locale(site, page.locale_id)
    if home is not None:
        paths.append(page_frontend_url(home, site=site, base_url=""))
    return unique_paths(paths)


def _home_in_locale(site: Site, locale_id: int) -> Page | None:
    root = site.root_page
    if root.locale_id == locale_id:
        return root
    return Page.objects.filter(translation_key=root.translation_key, locale_id=locale_id).first()


def unique_paths(paths) -> list[str]:
    seen = []
    for path in paths:
        if path and path not in seen:
            seen.append(path)
    return seen


def failed_deliveries_summary(*, days: int = 7, limit: int = 10) -> dict:
    """For the admin home: ``disabled`` (subscriptions deactivated after failed deliveries),
    ``failed`` (the ``limit`` latest deliveries that failed for good in the last ``days``),
    ``failed_count`` and ``retrying_count`` (pending deliveries with at least one failed
    attempt)."""
    from partners.models import WebhookDelivery, WebhookDeliveryStatus, WebhookSubscription

    since = timezone.now() - datetime.timedelta(days=days)
    failed = WebhookDelivery.objects.filter(
        status=WebhookDeliveryStatus.FAILED, created_at__gte=since
    ).select_related("subscription")
    return {
        "disabled": list(
            WebhookSubscription.objects.filter(is_active=False, disabled_at__isnull=False)
        ),
        "failed": list(failed.order_by("-last_attempt_at", "-pk")[:limit]),
        "failed_count": failed.count(),
        "retrying_count": WebhookDelivery.objects.filter(
            Q(status=WebhookDeliveryStatus.PENDING) & Q(attempts__gt=0)
        ).count(),
        "days": days,
    }
