"""Reads of the campaign domain.

``public_pages`` is the one place that decides what the public may see. Every API path (root
fields, connections, parents and children, translations, related pages, StreamField choosers, rich
text links, search) filters through it.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.query import PageQuerySet


def public_pages(
    queryset: PageQuerySet | None = None,
    *,
    site: Site | None = None,
    locale: Locale | None = None,
) -> PageQuerySet:
    """Narrow ``queryset`` (default: all pages) to what an anonymous visitor may see.

    A page is public when it is live, its expiry time (if any) has not passed, neither it nor an
    ancestor carries a view restriction of any kind (login, password or groups), and it is not the
    tree's root. With ``site`` only pages inside that site remain; with ``locale`` only pages in
    that locale. The result is a queryset, so callers can add filters, ordering and
    ``.specific()``.
    """
    if queryset is None:
        queryset = Page.objects.all()
    queryset = queryset.live().filter(depth__gt=1)
    queryset = queryset.filter(Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now()))
    queryset = _without_view_restrictions(queryset)
    if site is not None:
        queryset = queryset.descendant_of(site.root_page, inclusive=True)
    if locale is not None:
        queryset = queryset.filter(locale=locale)
    return queryset


def _without_view_restrictions(queryset: PageQuerySet) -> PageQuerySet:
    # Wagtail's own ``.public()`` builds one OR-clause per restriction; this does the same with a
    # single query for the restricted paths, which stays cheap when editors restrict many pages.
    restricted_paths = list(
        PageViewRestriction.objects.values_list("page__path", flat=True).distinct()
    )
    if not restricted_paths:
        return queryset
    condition = Q()
    for path in restricted_paths:
        condition |= Q(path__startswith=path)
    return queryset.exclude(condition)


def is_public(page: Page, *, site: Site | None = None, locale: Locale | None = None) -> bool:
    """Whether one page passes ``public_pages``."""
    return public_pages(Page.objects.filter(pk=page.pk), site=site, locale=locale).exists()


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


def demand_number_taken(*, campaign, number: int, exclude=None) -> bool:
    """Whether another demand of ``campaign`` (same locale tree) already uses ``number``."""
    from campaign.models import DemandPage

    demands = DemandPage.objects.descendant_of(campaign).filter(number=number)
    if exclude is not None and exclude.pk:
        demands = demands.exclude(pk=exclude.pk)
    return demands.exists()
