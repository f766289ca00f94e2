"""Test data factories (factory_boy and wagtail-factories). Development dependency only.

Every page factory takes ``parent=``; the campaign factory defaults to the tree's root.
"""

import datetime

import factory
import wagtail_factories
from django.utils import timezone
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
    intro = "<p>An introduction.</p>"

    class Meta:
        model = models.StandardPage


class SignatureCountryCountFactory(factory.django.DjangoModelFactory):
    """A row of a campaign's country breakdown; pass ``page=``."""

    country = "DE"
    count = 100

    class Meta:
        model = models.SignatureCountryCount


class OpenLetterSignatoryFactory(factory.django.DjangoModelFactory):
    """A letter's signatory; pass ``page=`` and ``organisation=``."""

    class Meta:
        model = models.OpenLetterSignatory


class CampaignPostOrganisationFactory(factory.django.DjangoModelFactory):
    """A post's link to an organisation; pass ``page=`` and ``organisation=``."""

    class Meta:
        model = models.CampaignPostOrganisation


class CampaignPostSupporterFactory(factory.django.DjangoModelFactory):
    """A post's link to a supporter; pass ``page=`` and ``supporter=``."""

    class Meta:
        model = models.CampaignPostSupporter


class CampaignPostDemandFactory(factory.django.DjangoModelFactory):
    """A post's link to a demand; pass ``page=`` and ``demand=``."""

    class Meta:
        model = models.CampaignPostDemand


ImageFactory = wagtail_factories.ImageFactory
DocumentFactory = wagtail_factories.DocumentFactory


def stream_with_every_block(*, image, document, supporter, demand, target) -> list[dict]:
    """A body for ``CampaignStreamBlock`` in raw form, with one block of each kind."""
    return [
        {"type": "heading", "value": {"text": "Why", "level": "h2"}},
        {
            "type": "paragraph",
            "value": f'<p>See <a linktype="page" id="{target.pk}">this</a>.</p>',
        },
        {
            "type": "image",
            "value": {"image": image.pk, "alt_text": "A crowd", "caption": "", "credit": ""},
        },
        {
            "type": "quote",
            "value": {
                "text": "Ban it.",
                "speaker": "An MEP",
                "speaker_role": "MEP, Greens/EFA",
                "supporter": supporter.pk,
                "source_url": "",
            },
        },
        {
            "type": "call_to_action",
            "value": {
                "title": "Sign",
                "text": "",
                "button_label": "Sign now",
                "page": target.pk,
                "url": "",
            },
        },
        {"type": "demand_list", "value": {"heading": "Our demands", "demands": [demand.pk]}},
        {
            "type": "organisation_wall",
            "value": {"heading": "", "organisations": [], "role": "lead", "country": "DE"},
        },
        {
            "type": "key_figure",
            "value": {
                "number": 71000,
                "label": "people signed",
                "source": "ECI register",
                "source_url": "",
                "as_of": "2021-05-01",
            },
        },
        {
            "type": "action_list",
            "value": {
                "heading": "",
                "actions": [
                    {"date": "2021-01-07", "title": "Launch", "description": "", "url": ""}
                ],
            },
        },
        {"type": "embed", "value": "https://www.youtube.com/watch?v=dQw4w9WgXcQ"},
        {
            "type": "document_link",
            "value": {"document": document.pk, "title": "", "description": ""},
        },
    ]


def pages_of_every_type(campaign: models.CampaignPage) -> dict[type[Page], Page]:
    """Fill ``campaign`` with a page of every type, keyed by page type (the campaign included).

    Existing index pages are reused. Every inline relation has a row, the post has tags, and each
    StreamField body uses every block.
    """
    indexes = {
        model: model.objects.child_of(campaign).first() or index_factory(parent=campaign)
        for model, index_factory in [
            (models.PostIndexPage, PostIndexPageFactory),
            (models.DemandIndexPage, DemandIndexPageFactory),
            (models.OrganisationIndexPage, OrganisationIndexPageFactory),
            (models.SupporterIndexPage, SupporterIndexPageFactory),
        ]
    }
    image = ImageFactory()
    organisation = OrganisationPageFactory(parent=indexes[models.OrganisationIndexPage], logo=image)
    supporter = SupporterPageFactory(
        parent=indexes[models.SupporterIndexPage],
        kind=SupporterKind.MEP,
        political_group=PoliticalGroupFactory(),
        image=image,
    )
    demand = DemandPageFactory(parent=indexes[models.DemandIndexPage])
    body = stream_with_every_block(
        image=image,
        document=DocumentFactory(),
        supporter=supporter,
        demand=demand,
        target=indexes[models.PostIndexPage],
    )

    campaign.hero_image = image
    campaign.body = body
    campaign.calls_to_action = [block for block in body if block["type"] == "call_to_action"]
    campaign.save()
    SignatureCountryCountFactory(page=campaign)
    for days, count in ((30, 1000), (0, 2500)):
        models.SignatureCount.objects.create(
            campaign=campaign,
            count=count,
            as_of=timezone.localdate() - datetime.timedelta(days=days),
        )
    demand.body = body
    demand.save()

    post = CampaignPostPageFactory(
        parent=indexes[models.PostIndexPage], hero_image=image, body=body
    )
    post.tags.add("biometrics", "surveillance")
    post.save()
    CampaignPostOrganisationFactory(page=post, organisation=organisation)
    CampaignPostSupporterFactory(page=post, supporter=supporter)
    CampaignPostDemandFactory(page=post, demand=demand)

    letter = OpenLetterPageFactory(parent=campaign)
    OpenLetterSignatoryFactory(page=letter, organisation=organisation)

    return {
        models.CampaignPage: campaign,
        **indexes,
        models.CampaignPostPage: post,
        models.DemandPage: demand,
        models.OrganisationPage: organisation,
        models.SupporterPage: supporter,
        models.OpenLetterPage: letter,
        models.StandardPage: StandardPageFactory(parent=campaign, body=body),
    }
