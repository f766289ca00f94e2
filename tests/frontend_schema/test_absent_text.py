"""One rule for text that editors may leave out: absent is null, never "".

Optional text is a nullable String, and an empty value comes back as null; a String! is only for
text editors must fill in. Checked on the answer of a document that selects every field of every
page type and of the site, and on the schema against the model fields behind it.
"""

from django.db import models as django_models
from graphql import GraphQLNonNull, GraphQLObjectType, GraphQLScalarType, get_named_type
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.models import Page

from campaign import factories, models
from campaign.models import CampaignSiteSettings
from frontend_schema.schema import schema
from tests.frontend_schema.full_answer import (
    GRAPHQL_SCHEMA,
    every_page_and_the_site,
    objects_of_type,
    unlimited,
    walk,
)

# The embed in factories.stream_with_every_block, cached so that no test asks YouTube.
EMBED_URL = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def cache_embed(url: str = EMBED_URL) -> None:
    Embed.objects.get_or_create(
        hash=get_embed_hash(url, None, None),
        defaults={
            "url": url,
            "type": "video",
            "html": '<iframe src="https://www.youtube.com/embed/x"></iframe>',
            "title": "A video",
            "provider_name": "YouTube",
            "thumbnail_url": "https://i.ytimg.com/x.jpg",
            "width": 480,
            "height": 270,
        },
    )


def optional_text_fields(model) -> list[django_models.Field]:
    """The text fields of ``model`` that editors may leave blank (choices aside: they are
    enums). Of Wagtail's own page fields, those editors fill: the SEO title and description."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, django_models.CharField | django_models.TextField)
        and field.blank
        and not field.choices
        and (field.model is not Page or field.name in {"seo_title", "search_description"})
    ]


def blank_every_optional_text(instance) -> None:
    model = type(instance)
    model.objects.filter(pk=instance.pk).update(
        **{field.name: "" for field in optional_text_fields(model)}
    )


def test_every_optional_text_in_a_full_answer_is_null_never_empty(campaign_tree, gql, settings):
    unlimited(settings)
    cache_embed()
    pages = factories.pages_of_every_type(campaign_tree.campaign)
    for page in pages.values():
        blank_every_optional_text(page)
    supporter = pages[models.SupporterPage]
    blank_every_optional_text(supporter.political_group)
    blank_every_optional_text(CampaignSiteSettings.objects.create(site=campaign_tree.site))
    assert optional_text_fields(models.OrganisationPage)  # the walk below has text to check

    answer = gql(every_page_and_the_site({"preset": "CARD"})).data

    empty = [path for path, value in walk(answer) if value == ""]
    assert not empty, f'Optional text answered "" instead of null at: {empty}'
    # The examples of the issue, each of them null.
    nodes = {edge["node"]["__typename"]: edge["node"] for edge in answer["pages"]["edges"]}
    assert nodes["Organisation"]["website"] is None
    assert nodes["Organisation"]["description"] is None
    assert nodes["Supporter"]["statement"] is None
    assert nodes["Supporter"]["party"] is None
    assert nodes["Supporter"]["politicalGroup"]["website"] is None
    assert nodes["CampaignPost"]["canonicalUrl"] is None
    assert nodes["CampaignPost"]["summary"] is None
    assert set(answer["site"]["settings"].values()) == {"SiteSettings", None}
    captions = [block["caption"] for _path, block in objects_of_type(answer, "ImageBlock")]
    assert captions and set(captions) == {None}
    # A blank rich text is absent too.
    assert nodes["Campaign"]["intro"] is None
    assert nodes["StandardPage"]["intro"] is None
    assert nodes["PostIndex"]["intro"] is None


def test_filled_optional_text_is_given_as_written(campaign_tree, gql):
    factories.OrganisationPageFactory(
        parent=campaign_tree.organisations, title="EDRi", website="https://edri.org/"
    )
    CampaignSiteSettings.objects.create(site=campaign_tree.site, contact_email="info@example.org")
    data = gql(
        "{ organisations { edges { node { website description } } } "
        "site { settings { contactEmail mastodonUrl } } }"
    ).data
    assert data["organisations"]["edges"][0]["node"] == {
        "website": "https://edri.org/",
        "description": None,
    }
    assert data["site"]["settings"] == {"contactEmail": "info@example.org", "mastodonUrl": None}


def _model_backed_fields():
    """(GraphQL type, GraphQL field, model field) for every field of a type made from a Django
    model whose Python name is a field of that model."""
    for graphql_type in GRAPHQL_SCHEMA.type_map.values():
        if not isinstance(graphql_type, GraphQLObjectType):
            continue
        definition = (graphql_type.extensions or {}).get("strawberry-definition")
        origin = getattr(definition, "origin", None)
        django_definition = getattr(origin, "__strawberry_django_definition__", None)
        if django_definition is None:
            continue
        model = django_definition.model
        by_python_name = {
            field.python_name: schema.config.name_converter.from_field(field)
            for field in definition.fields
        }
        for python_name, name in by_python_name.items():
            try:
                model_field = model._meta.get_field(python_name)
            except Exception:  # noqa: BLE001 - a computed field: no model field behind it
                continue
            yield graphql_type, graphql_type.fields[name], name, model_field


def test_no_non_null_string_is_backed_by_a_field_editors_may_leave_blank():
    wrong = []
    checked = 0
    for graphql_type, field, name, model_field in _model_backed_fields():
        is_text = isinstance(model_field, django_models.CharField | django_models.TextField)
        if not is_text or get_named_type(field.type) is not GRAPHQL_SCHEMA.get_type("String"):
            continue
        checked += 1
        if isinstance(field.type, GraphQLNonNull) and model_field.blank:
            wrong.append(f"{graphql_type.name}.{name}")
    assert checked > 10, checked  # the walk found the model-backed strings
    assert not wrong, f"String! over a blank=True model field (make it nullable): {wrong}"


def test_every_optional_model_text_field_is_a_nullable_string_in_the_schema():
    """The converse, for the fields the walk above can see: blank=True text is `String`."""
    found = {
        (graphql_type.name, name): field
        for graphql_type, field, name, model_field in _model_backed_fields()
        if isinstance(model_field, django_models.CharField | django_models.TextField)
        and model_field.blank
        and not model_field.choices
        and isinstance(get_named_type(field.type), GraphQLScalarType)
    }
    assert ("Organisation", "website") in found
    assert ("SiteSettings", "contactEmail") in found
    assert all(not isinstance(field.type, GraphQLNonNull) for field in found.values())
