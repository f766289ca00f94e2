"""Reads of participation data that the public may see: aggregates, and the names of people who
consented to be shown. Nothing else about a supporter leaves the CMS through the API."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef

from participation.choices import ConsentPurpose, SignUpStatus
from participation.models import ConsentRecord, SupporterSignUp


def _confirmed(campaign):
    # A campaign's translations share their supporters, whichever form language they used.
    return SupporterSignUp.objects.filter(
        campaign__translation_key=campaign.translation_key, status=SignUpStatus.CONFIRMED
    )


def supporter_counts_by_country(*, campaign) -> list[tuple[str, int]]:
    """Confirmed supporters of ``campaign`` (and its translations) per country:
    ``[(ISO 3166-1 alpha-2 code, or "" when not given, count)]``, largest count first, then
    by code."""
    rows = (
        _confirmed(campaign)
        .values("country")
        .annotate(count=Count("pk"))
        .order_by("-count", "country")
    )
    return [(row["country"] or "", row["count"]) for row in rows]


def public_supporter_names(*, campaign, limit: int, offset: int = 0) -> tuple[list[str], int]:
    """The names of confirmed supporters of ``campaign`` who consented, and have not withdrawn
    the consent, to be shown publicly, first confirmed first: ``(names[offset:offset+limit],
    total)``. Supporters who gave no name are left out."""
    shown = ConsentRecord.objects.filter(
        sign_up=OuterRef("pk"),
        purpose=ConsentPurpose.SHOW_NAME_PUBLICLY,
        withdrawn_at__isnull=True,
    )
    supporters = (
        _confirmed(campaign).exclude(name="").filter(Exists(shown)).order_by("confirmed_at", "pk")
    )
    total = supporters.count()
    names = list(supporters.values_list("name", flat=True)[offset : offset + limit])
    return names, total
