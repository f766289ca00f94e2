"""Images as the schema promises: a `srcset` lists each width once and never more pixels than
the original has, for every preset and on every image field of the schema."""

import re

import pytest
from graphql import get_named_type
from wagtail.images import get_image_model

from campaign import factories
from campaign.models import CampaignSiteSettings
from frontend_schema.images import ImageFormat, preset_specs
from tests.frontend_schema.full_answer import (
    GRAPHQL_SCHEMA,
    every_page_and_the_site,
    objects_of_type,
    unlimited,
    walk,
)
from tests.frontend_schema.test_absent_text import cache_embed

Image = get_image_model()
HERO_SRCSET = '{ campaign(slug: "reclaim-your-face") { heroImage { srcset(preset: CARD) } } }'
CANDIDATE = re.compile(r"^(\S+) (\d+)w$")


def candidates(srcset: str) -> list[tuple[str, int]]:
    """(URL, width) of each candidate of a `srcset` attribute value."""
    result = []
    for candidate in srcset.split(", "):
        match = CANDIDATE.match(candidate)
        assert match, f"not a width candidate: {candidate!r} in {srcset!r}"
        result.append((match.group(1), int(match.group(2))))
    return result


def hero_srcset(gql, tree, width: int, height: int) -> list[tuple[str, int]]:
    tree.campaign.hero_image = factories.ImageFactory(file__width=width, file__height=height)
    tree.campaign.save()
    return candidates(gql(HERO_SRCSET).data["campaign"]["heroImage"]["srcset"])


def test_a_small_image_lists_each_width_once_and_never_upscales(campaign_tree, gql):
    # The card preset's widths are 320, 640 and 960; the picture is 400 pixels wide.
    srcset = hero_srcset(gql, campaign_tree, 400, 300)
    assert [width for _url, width in srcset] == [320, 400]
    assert "fill-320x180" in srcset[0][0]
    assert "fill-640x360" in srcset[1][0]


def test_a_large_image_lists_every_width_of_the_preset(campaign_tree, gql):
    srcset = hero_srcset(gql, campaign_tree, 2400, 1350)
    assert [width for _url, width in srcset] == [320, 640, 960]
    assert len({url for url, _width in srcset}) == 3


def test_an_image_smaller_than_every_width_has_one_candidate(campaign_tree, gql):
    srcset = hero_srcset(gql, campaign_tree, 100, 80)
    assert [width for _url, width in srcset] == [100]


PRESETS = [value for value in GRAPHQL_SCHEMA.get_type("ImagePreset").values]
# Every field that holds an image, on any type: 'heroImage', 'logo', 'image'…
IMAGE_FIELDS = sorted(
    {
        name
        for graphql_type in GRAPHQL_SCHEMA.type_map.values()
        if not graphql_type.name.startswith("__")
        for name, field in getattr(graphql_type, "fields", {}).items()
        if get_named_type(field.type).name == "Image"
    }
)


@pytest.mark.parametrize(("width", "height"), [(150, 100), (700, 500), (3000, 2000)])
def test_every_srcset_of_every_image_field_and_preset_is_valid(
    campaign_tree, gql, settings, width, height
):
    """Every image field of the schema (found by introspection) holds an image of this size, and
    every preset's `srcset` has distinct, ascending widths, none above the original's."""
    unlimited(settings)
    cache_embed()
    factories.pages_of_every_type(campaign_tree.campaign)
    CampaignSiteSettings.objects.create(
        site=campaign_tree.site, default_social_image=factories.ImageFactory()
    )
    sized = factories.ImageFactory(file__width=width, file__height=height)
    Image.objects.update(file=sized.file.name, width=width, height=height)
    assert {"heroImage", "logo", "image", "defaultSocialImage"} <= set(IMAGE_FIELDS)
    assert len(PRESETS) > 1

    for preset in PRESETS:
        answer = gql(every_page_and_the_site({"preset": preset})).data

        seen_fields = {
            path.rsplit(".", 1)[-1]
            for path, value in walk(answer)
            if isinstance(value, dict) and value.get("__typename") == "Image"
        }
        # Fields holding a list of images end in an index; their parent names the field.
        seen_fields |= {
            path.rsplit(".", 2)[-2]
            for path, value in walk(answer)
            if isinstance(value, dict)
            and value.get("__typename") == "Image"
            and path.rsplit(".", 1)[-1].isdigit()
        }
        assert set(IMAGE_FIELDS) <= seen_fields, (preset, set(IMAGE_FIELDS) - seen_fields)
        for path, image in objects_of_type(answer, "Image"):
            widths = [candidate_width for _url, candidate_width in candidates(image["srcset"])]
            assert widths == sorted(set(widths)), (preset, path, image["srcset"])
            assert max(widths) <= image["width"] == width, (preset, path, image["srcset"])
            assert image["rendition"]["width"] <= width


# --- No encoding inside an API request (issue 12) ---------------------------------------------

AVIF_LOGOS = (
    "{ organisations(first: 75) { edges { node { logo "
    "{ srcset(preset: LOGO, format: AVIF) } } } } }"
)


def test_avif_srcsets_of_75_logos_encode_nothing_in_the_request(campaign_tree, gql, client):
    for _ in range(75):
        factories.OrganisationPageFactory(
            parent=campaign_tree.organisations,
            logo=factories.ImageFactory(file__width=640, file__height=320),
        )
    Rendition = Image.get_rendition_model()
    before = Rendition.objects.count()

    edges = gql(AVIF_LOGOS).data["organisations"]["edges"]

    assert Rendition.objects.count() == before  # was 32 s of AVIF encoding
    urls = [url for edge in edges for url, _width in candidates(edge["node"]["logo"]["srcset"])]
    assert len(urls) == 150
    assert all(url.startswith("http://localhost/images/") for url in urls)
    # Each URL works: its first fetch renders that one rendition and redirects to the file.
    response = client.get(urls[0].removeprefix("http://localhost"))
    assert response.status_code == 302
    assert response["Location"].startswith("/media/images/")
    assert Rendition.objects.count() == before + 1
    # A URL the API did not sign is refused.
    forged = urls[0].replace("format-avif", "format-png").removeprefix("http://localhost")
    assert client.get(forged).status_code == 403


def test_publishing_a_page_renders_its_presets_in_the_background(
    campaign_tree, gql, django_capture_on_commit_callbacks
):
    image = factories.ImageFactory(file__width=2000, file__height=1200)
    campaign_tree.campaign.hero_image = image
    with django_capture_on_commit_callbacks(execute=True):
        campaign_tree.campaign.save_revision().publish()
    # Every preset's WebP widths exist now, so the API names files, not the serve view.
    query = '{ campaign(slug: "reclaim-your-face") { heroImage { srcset(preset: HERO) } } }'
    srcset = gql(query).data["campaign"]["heroImage"]["srcset"]
    assert [width for _url, width in candidates(srcset)] == [640, 960, 1280, 1600]
    assert all(url.startswith("http://localhost/media/images/") for url, _w in candidates(srcset))


# The worker closes the database connection when it stops: on PostgreSQL that would end the
# test's transaction, so this test commits for real.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_publishing_enqueues_the_prerender_on_the_database_queue(
    campaign_tree, settings, django_capture_on_commit_callbacks
):
    """With the production queue, the API request path stays free: publishing only enqueues,
    and the worker renders."""
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    Rendition = Image.get_rendition_model()
    campaign_tree.campaign.hero_image = factories.ImageFactory(file__width=800, file__height=450)
    with django_capture_on_commit_callbacks(execute=True):
        campaign_tree.campaign.save_revision().publish()
    assert DBTaskResult.objects.filter(task_path__endswith="page_renditions_prerender").exists()
    assert Rendition.objects.count() == 0
    call_command("db_worker", "--batch", "--no-startup-delay")
    # Every WebP spec the API may give for this image: what it names in answers now exists.
    assert Rendition.objects.count() == len(
        preset_specs(campaign_tree.campaign.hero_image, [ImageFormat.WEBP])
    )
