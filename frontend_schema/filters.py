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
from frontend_schema.nodes import page_pk
from frontend_schema.types import OrganisationRole, OrganisationScope, SupporterKind


def _country(value: str, argument: str) -> str:
    code = value.strip().upper()
    if code not in dict(countries):
        raise UserInputError(
            f"'{value}' is not an ISO 3166-1 alpha-2 country code (for example 'DE' or 'FR').",
            argument=argument,
        )
    return code


def within_campaign(queryset, campaign: strawberry.ID | None, argument: str = "filter.campaign"):
    """Pages below the campaign a client names by its ``id`` (or database ID), or below any of
    its translations (each locale has its own tree, and a list that falls back to the default
    locale finds its pages under the original). The list's locale rules then pick the pages of
    the requested locale."""
    if campaign is None:
        return queryset
    campaign_id = page_pk(campaign, argument=argument, types=["Campaign"])
    page = models.CampaignPage.objects.filter(pk=campaign_id).only("translation_key").first()
    if page is None:
        raise UserInputError(f"No campaign has the ID {campaign}.", argument=argument)
    translations = models.CampaignPage.objects.filter(translation_key=page.translation_key)
    below = Q(pk__in=[])
    for translation in translations.only("path"):
        below |= Q(path__startswith=translation.path) & ~Q(pk=translation.pk)
    return queryset.filter(below)


@strawberry.input(
    name="PostFilter", description="Narrow the list of posts. All given filters apply."
)
class PostFilter:
    campaign: strawberry.ID | None = strawberry.field(
        default=None, description="Only posts of this campaign (its `id`)."
    )
    tag: str | None = strawberry.field(default=None, description="Only posts with this tag.")
    date_from: datetime.date | None = strawberry.field(
        default=None, description="Only posts published on or after this date."
    )
    date_to: datetime.date | None = strawberry.field(
        default=None, description="Only posts published on or before this date."
    )
    organisation: strawberry.ID | None = strawberry.field(
        default=None, description="Only posts related to this organisation (its `id`)."
    )
    demand: strawberry.ID | None = strawberry.field(
        default=None, description="Only posts related to this demand (its `id`)."
    )
    supporter: strawberry.ID | None = strawberry.field(
        default=None, description="Only posts related to this supporter (its `id`)."
    )
    republishable: bool | None = strawberry.field(
        default=None,
        description="Only posts that partners may (true) or may not (false) republish.",
    )

    def apply(self, queryset, info: Info):
        if self.campaign is not None:
            queryset = within_campaign(
                queryset, page_pk(self.campaign, argument="filter.campaign", types=["Campaign"])
            )
        if self.tag:
            queryset = queryset.filter(tags__name__iexact=self.tag)
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise UserInputError("'dateFrom' is after 'dateTo'.", argument="filter.dateFrom")
        if self.date_from:
            queryset = queryset.filter(publication_date__gte=self.date_from)
        if self.date_to:
            queryset = queryset.filter(publication_date__lte=self.date_to)
        if self.organisation is not None:
            organisation = page_pk(
                self.organisation, argument="filter.organisation", types=["Organisation"]
            )
            queryset = queryset.filter(related_organisations__organisation_id=organisation)
        if self.demand is not None:
            queryset = queryset.filter(
                related_demands__demand_id=page_pk(
                    self.demand, argument="filter.demand", types=["Demand"]
                )
            )
        if self.supporter is not None:
            queryset = queryset.filter(
                related_supporters__supporter_id=page_pk(
                    self.supporter, argument="filter.supporter", types=["Supporter"]
                )
            )
        if self.republishable is not None:
            queryset = queryset.filter(partners_may_republish=self.republishable)
        return queryset.distinct()


@strawberry.input(
    name="OrganisationFilter", description="Narrow the coalition directory. All filters apply."
)
class OrganisationFilter:
    campaign: strawberry.ID | None = strawberry.field(
        default=None, description="Only organisations of this campaign (its `id`)."
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
            queryset = within_campaign(
                queryset, page_pk(self.campaign, argument="filter.campaign", types=["Campaign"])
            )
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
        default=None, description="Only supporters of this campaign (its `id`)."
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
            queryset = within_campaign(
                queryset, page_pk(self.campaign, argument="filter.campaign", types=["Campaign"])
            )
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
        default=None, description="Only letters of this campaign (its `id`)."
    )

    def apply(self, queryset, info: Info):
        if self.campaign is not None:
            queryset = within_campaign(
                queryset, page_pk(self.campaign, argument="filter.campaign", types=["Campaign"])
            )
        return queryset


@strawberry.input(name="PageFilter", description="Narrow the list of pages.")
class PageFilter:
    type: str | None = strawberry.field(
        default=None,
        description="Only pages of this GraphQL type name, for example 'CampaignPost'.",
    )
    parent: strawberry.ID | None = strawberry.field(
        default=None, description="Only direct children of this page (its `id`)."
    )
    ancestor: strawberry.ID | None = strawberry.field(
        default=None, description="Only pages anywhere below this page (its `id`)."
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
            page = Page.objects.filter(pk=page_pk(value, argument=f"filter.{argument}")).first()
            if page is None:
                raise UserInputError(f"No page has the ID {value}.", argument=f"filter.{argument}")
            queryset = (
                queryset.child_of(page) if argument == "parent" else queryset.descendant_of(page)
            )
        if self.search:
            queryset = queryset.filter(title__icontains=self.search.strip())
        return queryset
