"""Reads of the campaign domain.

``public_pages`` is the one place that decides what the public may see. Every API path (root
fields, connections, parents and children, translations, related pages, StreamField choosers, rich
text links, search) filters through it.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length, Substr
from django.utils import timezone
from wagtail.models import CollectionViewRestriction, Locale, Page, PageViewRestriction, Site
from wagtail.query import PageQuerySet


def public_pages(
    queryset: PageQuerySet | None = None,
    *,
    site: Site | None = None,
    locale: Locale | None = None,
    site_roots: list[Page] | None = None,
) -> PageQuerySet:
    """Narrow ``queryset`` (default: all pages) to what an anonymous visitor may see.

    A page is public when it is live, its expiry time (if any) has not passed, neither it nor an
    ancestor carries a view restriction of any kind (login, password or groups), and it is not the
    tree's root. With ``site`` only pages inside that site remain: under its root page or under a
    translation of its root page (each locale has its own copy of the tree). ``site_roots`` may
    pass those roots when the caller already has them. With ``locale`` only pages in that locale
    remain. The result is a queryset, so callers can add filters, ordering and ``.specific()``;
    the visibility rules add no query of their own beyond the site roots.
    """
    if queryset is None:
        queryset = Page.objects.all()
    # filter(live=True) rather than .live(): the optimizer's prefetches use plain querysets.
    queryset = queryset.filter(live=True, depth__gt=1)
    queryset = queryset.filter(Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now()))
    queryset = queryset.exclude(Exists(_restrictions_above(OuterRef("path"))))
    if site is not None and site_roots is None:
        site_roots = site_root_pages(site)
    if site_roots is not None:
        in_site = Q(pk__in=[])
        for root in site_roots:
            in_site |= Q(path__startswith=root.path)
        queryset = queryset.filter(in_site)
    if locale is not None:
        queryset = queryset.filter(locale=locale)
    return queryset


def _restrictions_above(path):
    """View restrictions on the page with tree path ``path`` or on any of its ancestors."""
    # Tree paths are prefixes of their descendants' paths, so a restriction applies when its
    # page's path equals the start of ``path``.
    return PageViewRestriction.objects.filter(page__path=Substr(path, 1, Length("page__path")))


def site_root_pages(site: Site) -> list[Page]:
    """The site's root page and its translations: the top of the site in every locale."""
    root = site.root_page
    roots = list(Page.objects.filter(translation_key=root.translation_key))
    return roots or [root]


def public_documents(queryset):
    """Narrow a document queryset to what the public may download: documents in a collection
    with a view restriction, or under one (a restriction covers the collections inside), are
    left out."""
    restricted = CollectionViewRestriction.objects.filter(
        collection__path=Substr(OuterRef("collection__path"), 1, Length("collection__path"))
    )
    return queryset.exclude(Exists(restricted))


def campaign_for_page(page: Page | None):
    """The nearest CampaignPage at or above ``page``, or None."""
    from campaign.models import CampaignPage

    if page is None:
        return None
    if isinstance(page, CampaignPage):
        return page
    if not page.path:
        return None
    return CampaignPage.objects.ancestor_of(page, inclusive=True).order_by("-depth").first()


def page_preview_get(*, token: str):
    """The unexpired preview with ``token``, or None."""
    import datetime

    from django.conf import settings

    from campaign.models.preview import PagePreview

    oldest = timezone.now() - datetime.timedelta(seconds=settings.PREVIEW_TOKEN_MAX_AGE)
    return PagePreview.objects.filter(token=token, created_at__gte=oldest).first()


def campaign_items(model, campaigns):
    """The ``model`` pages that belong to ``campaigns`` themselves, not to a nested campaign.

    The page-type rules put a campaign's demands, organisations, supporters and posts exactly two
    levels below it (campaign, index page, item); deeper ones belong to a campaign nested inside.
    Group the result with ``item_campaign_path``.
    """
    condition = Q(pk__in=[])
    for campaign in campaigns:
        condition |= Q(path__startswith=campaign.path, depth=campaign.depth + 2)
    return model.objects.filter(condition)


def item_campaign_path(page: Page) -> str:
    """The tree path of the campaign an item from ``campaign_items`` belongs to."""
    return page.path[: -2 * Page.steplen]


def campaign_dashboard(*, campaign, limit: int = 5) -> dict:
    """What a campaign team checks each morning, for the admin's dashboard.

    Returns a dict: ``counter`` (the latest ``SignatureCount`` or None), ``goal`` (int or None),
    ``progress`` (share of the goal, float or None), ``history`` (dated readings, oldest first),
    ``demands`` (the campaign's demands in number order, drafts included), ``in_review`` (pages
    of the campaign in a workflow, oldest submission first), ``scheduled`` (revisions approved
    to go live later, soonest first) and ``published`` (the ``limit`` latest publications).
    Translations count as part of the campaign.
    """
    from wagtail.models import Revision, WorkflowState

    from campaign.models import DemandPage, SignatureCount

    readings = SignatureCount.objects.filter(campaign__translation_key=campaign.translation_key)
    latest = readings.latest_first().first()
    roots = Page.objects.filter(translation_key=campaign.translation_key)
    in_campaign = Q(pk__in=[])
    for root in roots:
        in_campaign |= Q(path__startswith=root.path)
    pages = Page.objects.filter(in_campaign)
    page_ids = [str(pk) for pk in pages.values_list("pk", flat=True)]
    return {
        "counter": latest,
        "goal": campaign.signature_goal,
        "progress": campaign.signature_progress(latest.count if latest else None),
        "history": list(readings.history()),
        "demands": list(
            campaign_items(DemandPage, [campaign]).order_by("number", "pk").select_related(None)
        ),
        "in_review": list(
            WorkflowState.objects.active()
            .filter(base_content_type__model="page", object_id__in=page_ids)
            .select_related("workflow", "requested_by")
            .order_by("created_at")[: limit * 2]
        ),
        "scheduled": list(
            Revision.page_revisions.filter(
                approved_go_live_at__isnull=False, object_id__in=page_ids
            ).order_by("approved_go_live_at")[: limit * 2]
        ),
        "published": list(
            pages.filter(live=True, last_published_at__isnull=False)
            .exclude(depth__lte=campaign.depth - 1)
            .order_by("-last_published_at")
            .specific()[:limit]
        ),
    }


def history_chart_points(history, *, width: int = 560, height: int = 120) -> list[tuple]:
    """``(x, y, reading)`` for an SVG polyline of a counter's ``history`` (oldest first), in
    pixels of a ``width`` × ``height`` box, x by date and y by count from 0 at the bottom."""
    if not history:
        return []
    first, last = history[0].as_of, history[-1].as_of
    days = max((last - first).days, 1)
    top = max(reading.count for reading in history) or 1
    return [
        (
            round((reading.as_of - first).days / days * width, 1) if len(history) > 1 else 0,
            round(height - reading.count / top * height, 1),
            reading,
        )
        for reading in history
    ]


def public_only(pages) -> list[Page]:
    """Those of ``pages`` (an iterable of pages, or a page queryset) the public may see, in
    their order, as given (specific pages stay specific). One query."""
    pages = list(pages)
    if not pages:
        return []
    visible = set(
        public_pages(Page.objects.filter(pk__in=[page.pk for page in pages])).values_list(
            "pk", flat=True
        )
    )
    return [page for page in pages if page.pk in visible]


def page_frontend_url(page: Page, *, site: Site, base_url: str) -> str | None:
    """The page's URL on the front end at ``base_url``: the base, a language prefix for pages
    outside the site root's locale, and the page's path below the site root of its locale
    (the same URLs the API's ``url`` fields give). None when the page is outside ``site``."""
    root = next((root for root in site_root_pages(site) if page.path.startswith(root.path)), None)
    if root is None:
        return None
    prefix = ""
    if page.locale_id != site.root_page.locale_id:
        prefix = "/" + page.locale.language_code
    return f"{base_url.rstrip('/')}{prefix}/{page.url_path[len(root.url_path) :]}"
