"""Typed filter inputs for the list fields, and how each narrows a queryset.

Filters only narrow what ``public_pages`` already allows; they never widen it.
"""

from __future__ import annotations

import datetime

import strawberry
from django.db.models import Q
from django_countries import countries
from strawberry import Info
from wagtail.models import Page

from campaign import models
from frontend_schema.errors import UserInputError
from frontend_schema.types import OrganisationRole, OrganisationScope, SupporterKind


def _page_id(value: strawberry.ID, argument: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise UserInputError(
            f"'{value}' is not a page ID. Page IDs are whole numbers, as in a page's `id`.",
            argument=argument,
        ) from None


def _country(value: str, argument: str) -> str:
    code = value.strip().upper()
    if code not in dict(countries):
        raise UserInputError(
            f"'{value}' is not an ISO 3166-1 alpha-2 country code (for example 'DE' or 'FR').",
            argument=argument,
        )
    return code


def within_campaign(queryset, campaign_id: int | None, argument: str = "filter.campaign"):
    """Pages below the given campaign or below any of its translations (each locale has its own
    tree, and a list that falls back to the default locale finds its pages under the original).
    The list's locale rules then pick the pages of the requested locale."""
    if campaign_id is None:
        return queryset
    campaign = models.CampaignPage.objects.filter(pk=campaign_id).only("translation_key").first()
    if campaign is None:
        raise UserInputError(f"No campaign has the ID {campaign_id}.", argument=argument)
    translations = models.CampaignPage.objects.filter(translation_key=campaign.translation_key)
    below = Q(pk__in=[])
    for translation in translations.only("path"):
        below |= Q(path__startswith=translation.path) & ~Q(pk=translation.pk)
    return queryset.filter(below)


@strawberry.input(
    name="PostFilter", description="Narrow the list of posts. All given filters apply."
)
class PostFilter:
    campaign: strawberry.ID | None = strawberry.field(
        default=None, description="Only posts of this campaign (its page ID)."
    )
    tag: str | None = strawberry.field(default=None, description="Only posts with this tag.")
    date_from: datetime.date | None = strawberry.field(
        default=None, description="Only posts published on or after this date."
    )
    date_to: datetime.date | None = strawberry.field(
        default=None, description="Only posts published on or before this date."
    )
    organisation: strawberry.ID | None = strawberry.field(
        default=None, description="Only posts related to this organisation (its page ID)."
    )
    demand: strawberry.ID | None = strawberry.field(
        default=None, description="Only posts related to this demand (its page ID)."
    )
    supporter: strawberry.ID | None = strawberry.field(
        default=None, description="Only posts related to this supporter (its page ID)."
    )
    republishable: bool | None = strawberry.field(
        default=None,
        description="Only posts that partners may (true) or may not (false) republish.",
    )

    def apply(self, queryset, info: Info):
        if self.campaign is not None:
            queryset = within_campaign(queryset, _page_id(self.campaign, "filter.campaign"))
        if self.tag:
            queryset = queryset.filter(tags__name__iexact=self.tag)
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise UserInputError("'dateFrom' is after 'dateTo'.", argument="filter.dateFrom")
        if self.date_from:
            queryset = queryset.filter(publication_date__gte=self.date_from)
        if self.date_to:
            queryset = queryset.filter(publication_date__lte=self.date_to)
        if self.organisation is not None:
            organisation = _page_id(self.organisation, "filter.organisation")
            queryset = queryset.filter(related_organisations__organisation_id=organisation)
        if self.demand is not None:
            queryset = queryset.filter(
                related_demands__demand_id=_page_id(self.demand, "filter.demand")
            )
        if self.supporter is not None:
            queryset = queryset.filter(
                related_supporters__supporter_id=_page_id(self.supporter, "filter.supporter")
            )
        if self.republishable is not None:
            queryset = queryset.filter(partners_may_republish=self.republishable)
        return queryset.distinct()


@strawberry.input(
    name="OrganisationFilter", description="Narrow the coalition directory. All filters apply."
)
class OrganisationFilter:
    campaign: strawberry.ID | None = strawberry.field(
        default=None, description="Only organisations of this campaign (its page ID)."
    )
    role: OrganisationRole | None = strawberry.field(default=None, description="Only this role.")
    country: str | None = strawberry.field(
        default=None, description="Only organisations based in this country (ISO code, 'DE')."
    )
    scope: OrganisationScope | None = strawberry.field(
        default=None, description="Only national or only international organisations."
    )
    search: str | None = strawberry.field(
        default=None, description="Only organisations whose name contains this text."
    )

    def apply(self, queryset, info: Info):
        if self.campaign is not None:
            queryset = within_campaign(queryset, _page_id(self.campaign, "filter.campaign"))
        if self.role is not None:
            queryset = queryset.filter(role=self.role.value)
        if self.country is not None:
            queryset = queryset.filter(country=_country(self.country, "filter.country"))
        if self.scope is not None:
            queryset = queryset.filter(scope=self.scope.value)
        if self.search:
            queryset = queryset.filter(title__icontains=self.search.strip())
        return queryset


@strawberry.input(name="SupporterFilter", description="Narrow the list of supporters.")
class SupporterFilter:
    campaign: strawberry.ID | None = strawberry.field(
        default=None, description="Only supporters of this campaign (its page ID)."
    )
    kind: SupporterKind | None = strawberry.field(default=None, description="Only this kind.")
    country: str | None = strawberry.field(
        default=None, description="Only supporters from this country (ISO code, 'DE')."
    )
    political_group: str | None = strawberry.field(
        default=None,
        description="Only MEPs of this political group, by its short name ('Greens/EFA').",
    )

    def apply(self, queryset, info: Info):
        if self.campaign is not None:
            queryset = within_campaign(queryset, _page_id(self.campaign, "filter.campaign"))
        if self.kind is not None:
            queryset = queryset.filter(kind=self.kind.value)
        if self.country is not None:
            queryset = queryset.filter(country=_country(self.country, "filter.country"))
        if self.political_group is not None:
            group = models.PoliticalGroup.objects.filter(
                Q(short_name__iexact=self.political_group) | Q(name__iexact=self.political_group)
            ).first()
            if group is None:
                known = ", ".join(
                    models.PoliticalGroup.objects.values_list("short_name", flat=True)
                )
                raise UserInputError(
                    f"No political group is called '{self.political_group}'. Known: {known}.",
                    argument="filter.politicalGroup",
                )
            queryset = queryset.filter(political_group=group)
        return queryset


@strawberry.input(name="OpenLetterFilter", description="Narrow the list of open letters.")
class OpenLetterFilter:
    campaign: strawberry.ID | None = strawberry.field(
        default=None, description="Only letters of this campaign (its page ID)."
    )

    def apply(self, queryset, info: Info):
        if self.campaign is not None:
            queryset = within_campaign(queryset, _page_id(self.campaign, "filter.campaign"))
        return queryset


@strawberry.input(name="PageFilter", description="Narrow the list of pages.")
class PageFilter:
    type: str | None = strawberry.field(
        default=None,
        description="Only pages of this GraphQL type name, for example 'CampaignPost'.",
    )
    parent: strawberry.ID | None = strawberry.field(
        default=None, description="Only direct children of this page (its ID)."
    )
    ancestor: strawberry.ID | None = strawberry.field(
        default=None, description="Only pages anywhere below this page (its ID)."
    )
    search: str | None = strawberry.field(
        default=None, description="Only pages whose title contains this text."
    )

    def apply(self, queryset, info: Info, type_models: dict):
        if self.type is not None:
            model = type_models.get(self.type)
            if model is None:
                raise UserInputError(
                    f"'{self.type}' is not a page type. Known: {', '.join(sorted(type_models))}.",
                    argument="filter.type",
                )
            queryset = queryset.type(model) if model is not Page else queryset.exact_type(Page)
        for argument, value in (("parent", self.parent), ("ancestor", self.ancestor)):
            if value is None:
                continue
            page = Page.objects.filter(pk=_page_id(value, f"filter.{argument}")).first()
            if page is None:
                raise UserInputError(f"No page has the ID {value}.", argument=f"filter.{argument}")
            queryset = (
                queryset.child_of(page) if argument == "parent" else queryset.descendant_of(page)
            )
        if self.search:
            queryset = queryset.filter(title__icontains=self.search.strip())
        return queryset
