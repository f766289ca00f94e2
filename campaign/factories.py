"""Test data factories (factory_boy and wagtail-factories). Development dependency only.

Every page factory takes ``parent=``; the campaign factory defaults to the tree's root.
"""

import datetime

import factory
import wagtail_factories
from django.utils.text import slugify
from wagtail.models import Page

from campaign import models
from campaign.choices import OrganisationRole, SupporterKind


def _tree_root():
    return Page.get_first_root_node()


class CampaignPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Campaign {n}")
    slug = factory.LazyAttribute(lambda obj: slugify(obj.title))
    tagline = "Ban biometric mass surveillance"
    parent = factory.LazyFunction(_tree_root)

    class Meta:
        model = models.CampaignPage


class PostIndexPageFactory(wagtail_factories.PageFactory):
    title = "News"
    slug = "news"

    class Meta:
        model = models.PostIndexPage


class DemandIndexPageFactory(wagtail_factories.PageFactory):
    title = "Demands"
    slug = "demands"

    class Meta:
        model = models.DemandIndexPage


class OrganisationIndexPageFactory(wagtail_factories.PageFactory):
    title = "Coalition"
    slug = "coalition"

    class Meta:
        model = models.OrganisationIndexPage


class SupporterIndexPageFactory(wagtail_factories.PageFactory):
    title = "Supporters"
    slug = "supporters"

    class Meta:
        model = models.SupporterIndexPage


class CampaignPostPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Post {n}")
    slug = factory.LazyAttribute(lambda obj: slugify(obj.title))
    summary = "A short summary."
    publication_date = factory.Sequence(lambda n: datetime.date(2021, 1, 1) + datetime.timedelta(n))

    class Meta:
        model = models.CampaignPostPage


class DemandPageFactory(wagtail_factories.PageFactory):
    number = factory.Sequence(lambda n: n + 1)
    title = factory.LazyAttribute(lambda obj: f"Demand {obj.number}")
    slug = factory.LazyAttribute(lambda obj: slugify(obj.title))
    short_title = factory.LazyAttribute(lambda obj: f"Demand {obj.number}")
    summary = "What the law must say."

    class Meta:
        model = models.DemandPage


class OrganisationPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.LazyAttribute(lambda obj: slugify(obj.title))
    role = OrganisationRole.PARTNER
    country = "DE"
    scope = "national"

    class Meta:
        model = models.OrganisationPage


class PoliticalGroupFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Political group {n}")
    short_name = factory.Sequence(lambda n: f"PG{n}")

    class Meta:
        model = models.PoliticalGroup
        django_get_or_create = ("short_name",)


class SupporterPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Supporter {n}")
    slug = factory.LazyAttribute(lambda obj: slugify(obj.title))
    kind = SupporterKind.PUBLIC_FIGURE
    country = "FR"

    class Meta:
        model = models.SupporterPage


class OpenLetterPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Open letter {n}")
    slug = factory.LazyAttribute(lambda obj: slugify(obj.title))
    date = datetime.date(2022, 11, 28)
    addressees = "Members of the European Parliament"
    text = "<p>Dear Members of the European Parliament,</p>"

    class Meta:
        model = models.OpenLetterPage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.LazyAttribute(lambda obj: slugify(obj.title))
    intro = "An introduction."

    class Meta:
        model = models.StandardPage


ImageFactory = wagtail_factories.ImageFactory
