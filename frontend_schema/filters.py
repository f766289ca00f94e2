"""Typed filter inputs for the list fields, and how each narrows a queryset.

Filters only narrow what ``public_pages`` already allows; they never widen it.
"""

from __future__ import annotations

import datetime

import strawberry
from django.db.models import Exists, OuterRef, Q
from django_countries import countries
from strawberry import Info
from wagtail.models import Page

from campaign import models
from campaign.selectors import public_pages
from frontend_schema.context import resolve_site, site_roots
from frontend_schema.errors import UserInputError
from frontend_schema.nodes import page_pk
from frontend_schema.types import (
    PAGE_TYPE_NAMES,
    OrganisationRole,
    OrganisationScope,
    SupporterKind,
)

# The largest primary key any supported database stores (a signed 64-bit integer).
MAX_PK = 2**63 - 1


def public_page_get(info: Info, model, value: strawberry.ID, argument: str, noun: str):
    """The public ``model`` page of the request's site (any locale) that ``value`` names.

    ``value`` is the page's ``id`` (or database ID), read by ``nodes.page_pk``. Raises
    ``UserInputError`` naming ``argument`` when it is malformed or names no such public page:
    a filter that names nothing is the client's mistake, not an empty list.
    """
    type_name = PAGE_TYPE_NAMES.get(model) if model is not Page else None
    pk = page_pk(value, argument=argument, types=[type_name] if type_name else None)
    page = None
    if 0 < pk <= MAX_PK:
        page = public_pages(
            model.objects.filter(pk=pk), site_roots=site_roots(info, resolve_site(info))
        ).first()
    if page is None:
        raise UserInputError(f"No public {noun} has the ID {value}.", argument=argument)
    return page


def _country(value: str, argument: str) -> str:
    code = value.strip().upper()
    if code not in dict(countries):
        raise UserInputError(
            f"'{value}' is not an ISO 3166-1 alpha-2 country code (for example 'DE' or 'FR').",
            argument=argument,
        )
    return code


def within_campaign(
    info: Info, queryset, value: strawberry.ID | None, argument: str = "filter.campaign"
):
    """Pages below the public campaign that ``value`` names (all pages when it is None), or
    below any of its translations (each locale has its own tree, and a list that falls back to
    the default locale finds its pages under the original). The list's locale rules then pick
    the pages of the requested locale.

    Raises ``UserInputError`` naming ``argument`` when ``value`` names no public campaign.
    """
    if value is None:
        return queryset
    campaign = public_page_get(info, models.CampaignPage, value, argument, "campaign")
    translations = models.CampaignPage.objects.filter(translation_key=campaign.translation_key)
    below = Q(pk__in=[])
    for translation in translations.only("path"):
        below |= Q(path__startswith=translation.path) & ~Q(pk=translation.pk)
    return queryset.filter(below)


# A post's links to other pages: filter field -> (link model, linked page model).
POST_LINKS = {
    "organisation": (models.CampaignPostOrganisation, models.OrganisationPage),
    "demand": (models.CampaignPostDemand, models.DemandPage),
    "supporter": (models.CampaignPostSupporter, models.SupporterPage),
}


def _related(link_model, target: str, target_pk: int) -> Exists:
    # A subquery, never a join: a post that links the same page twice stays one row, so counts
    # and pages agree (a join would repeat the post once per link).
    return Exists(link_model.objects.filter(page=OuterRef("pk"), **{f"{target}_id": target_pk}))


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
        queryset = within_campaign(info, queryset, self.campaign)
        if self.tag is not None:
            queryset = queryset.filter(_tagged(info, self.tag))
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise UserInputError("'dateFrom' is after 'dateTo'.", argument="filter.dateFrom")
        if self.date_from:
            queryset = queryset.filter(publication_date__gte=self.date_from)
        if self.date_to:
            queryset = queryset.filter(publication_date__lte=self.date_to)
        for target, value in (
            ("organisation", self.organisation),
            ("demand", self.demand),
            ("supporter", self.supporter),
        ):
            if value is not None:
                link_model, model = POST_LINKS[target]
                page = public_page_get(info, model, value, f"filter.{target}", target)
                queryset = queryset.filter(_related(link_model, target, page.pk))
        if self.republishable is not None:
            queryset = queryset.filter(partners_may_republish=self.republishable)
        return queryset


def _tagged(info: Info, name: str) -> Exists:
    """Posts carrying the tag ``name`` in any case ("Biometrics" or "biometrics").

    A tag no public post of the site carries is an error naming ``filter.tag``: like an ID that
    names nothing, it is almost always a typo, and an empty list would hide it. Tags of drafts
    do not count, so the error reveals nothing unpublished.
    """
    tagged = models.CampaignPostTag.objects.filter(tag__name__iexact=name.strip())
    public_posts = public_pages(
        models.CampaignPostPage.objects.all(), site_roots=site_roots(info, resolve_site(info))
    )
    if not tagged.filter(content_object__in=public_posts.values("pk")).exists():
        raise UserInputError(f"No public post is tagged '{name}'.", argument="filter.tag")
    return Exists(tagged.filter(content_object=OuterRef("pk")))


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
        queryset = within_campaign(info, queryset, self.campaign)
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
        queryset = within_campaign(info, queryset, self.campaign)
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
        queryset = within_campaign(info, queryset, self.campaign)
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
            page = public_page_get(info, Page, value, f"filter.{argument}", "page")
            queryset = (
                queryset.child_of(page) if argument == "parent" else queryset.descendant_of(page)
            )
        if self.search:
            queryset = queryset.filter(title__icontains=self.search.strip())
        return queryset
