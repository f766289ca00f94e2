"""Wagtail's REST API v2 for the benchmark: the fields a front end needs for the same pages.

Wagtail's API serves only the fields a page model lists in ``api_fields``. The models declare none
(the project serves GraphQL, not this API), so the benchmark declares them here, on import of
its URLs, the way a Wagtail site serving API v2 would declare them on its models: the fields
the GraphQL home query and post list read, images as renditions of the same filter specs (WebP,
``frontend_schema.images.PRESETS``), and the campaign's latest signature count.
"""

from rest_framework import serializers
from wagtail.api import APIField
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.images.api.fields import ImageRenditionField
from wagtail.images.api.v2.views import ImagesAPIViewSet

from campaign import models
from frontend_schema.images import PRESETS, ImageFormat, ImagePreset


def rendition_field(name: str, source: str, preset: ImagePreset, width: int | None = None):
    """An API field rendering ``source`` (an image) as ``preset`` in WebP, at ``width``."""
    config = PRESETS[preset]
    spec = config.spec(width or config.width, ImageFormat.WEBP)
    return APIField(name, serializer=ImageRenditionField(spec, source=source, read_only=True))


def country_field():
    """A django-countries field as its two-letter code (DRF cannot serialise a Country)."""
    return APIField("country", serializer=serializers.CharField(read_only=True))


class SignatureCounterField(serializers.Field):
    """The campaign's newest signature count: ``{"count": int, "as_of": "YYYY-MM-DD" | None}``.

    Readings are shared by a campaign's translations (``translation_key``), as in GraphQL.
    """

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        latest = (
            models.SignatureCount.objects.filter(campaign__translation_key=page.translation_key)
            .latest_first()
            .first()
        )
        if latest is None:
            return {"count": 0, "as_of": None}
        return {"count": latest.count, "as_of": latest.as_of}


def api_fields_declare() -> None:
    """Set ``api_fields`` on the page models the benchmark's API v2 requests read."""
    models.CampaignPage.api_fields = [
        APIField("tagline"),
        APIField("intro"),
        APIField("status"),
        rendition_field("hero", "hero_image", ImagePreset.HERO),
        *(
            rendition_field(f"hero_{width}", "hero_image", ImagePreset.HERO, width)
            for width in PRESETS[ImagePreset.HERO].widths()
        ),
        APIField("signature_goal"),
        APIField("signature_countries"),
        APIField("counter", serializer=SignatureCounterField(read_only=True)),
    ]
    models.SignatureCountryCount.api_fields = [country_field(), APIField("count")]
    models.DemandPage.api_fields = [
        APIField("number"),
        APIField("short_title"),
        APIField("summary"),
        APIField("progress_status"),
    ]
    models.CampaignPostPage.api_fields = [
        APIField("publication_date"),
        APIField("summary"),
        rendition_field("card", "hero_image", ImagePreset.CARD),
    ]
    models.OrganisationPage.api_fields = [
        APIField("role"),
        country_field(),
        APIField("website"),
        rendition_field("logo_rendition", "logo", ImagePreset.LOGO),
    ]


def api_router() -> WagtailAPIRouter:
    """Wagtail's API v2 router with its pages and images endpoints (``/api/v2/pages/`` ...).

    Only ``cms.bench.urls`` mounts it, and only ``cms.settings.bench`` uses those URLs.
    """
    api_fields_declare()
    router = WagtailAPIRouter("wagtailapi")
    router.register_endpoint("pages", PagesAPIViewSet)
    router.register_endpoint("images", ImagesAPIViewSet)
    return router
