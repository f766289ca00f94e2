"""The typical home-page query takes a small, fixed number of SQL queries (docs/graphql.md)."""

from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaign import factories
from campaign.choices import OrganisationRole
from campaign.services import signature_count_record
from frontend_schema.images import PRESETS, Image, ImageFormat, ImagePreset, Rendition

HOME_PAGE_QUERY = """
query HomePage($slug: String!) {
  campaign(slug: $slug) {
    id title tagline status
    intro { html }
    heroImage { altText rendition(preset: HERO) { url width height } srcset(preset: HERO) }
    counter { count goal progress asOf breakdown { country { code name } count } }
    demands { number shortTitle summary progressStatus path }
  }
  posts(first: 10) {
    totalCount
    edges { node {
      title path publicationDate summary
      heroImage { altText rendition(preset: CARD) { url width height } }
    } }
  }
  organisations(first: 100, orderBy: ROLE) {
    totalCount
    edges { node { name role country { code name } website
      logo { rendition(preset: LOGO) { url } } } }
  }
}
"""

# Campaign, its hero image with renditions, its counter (breakdown and readings in one), demands,
# posts page, the posts' images with renditions, organisations page, the logos with renditions.
# The site, locales and site roots come from the cache. docs/graphql.md quotes this number.
HOME_PAGE_QUERIES = 8


QUERIED_SPECS = [
    PRESETS[preset].spec(width, ImageFormat.WEBP)
    for preset in (ImagePreset.HERO, ImagePreset.CARD, ImagePreset.LOGO)
    for width in {*PRESETS[preset].widths(), PRESETS[preset].width}
]


def build(tree, posts, organisations):
    image = factories.ImageFactory()
    tree.campaign.hero_image = image
    tree.campaign.signature_goal = 1_000_000
    tree.campaign.save()
    tree.campaign.signature_countries.create(country="DE", count=20000)
    tree.campaign.save()
    for count in (50000, 71000):
        signature_count_record(campaign=tree.campaign, count=count)
    for number in range(1, 6):
        factories.DemandPageFactory(parent=tree.demands, number=number)
    for _ in range(posts):
        factories.CampaignPostPageFactory(parent=tree.posts, hero_image=image)
    for i in range(organisations):
        factories.OrganisationPageFactory(
            parent=tree.organisations,
            # Every other organisation has a logo of its own: images are one list, not one each.
            logo=factories.ImageFactory() if i % 2 else image,
            role=OrganisationRole.LEAD if i % 3 == 0 else OrganisationRole.PARTNER,
        )
    # The renditions the query asks for exist, as after publishing (frontend_schema.tasks).
    for each in Image.objects.all():
        each.get_renditions(*QUERIED_SPECS)


@pytest.mark.parametrize("size", [3, 30])
def test_home_page_query_is_small_and_fixed(campaign_tree, gql, size):
    build(campaign_tree, posts=size, organisations=size)
    variables = {"slug": campaign_tree.campaign.slug}
    gql(HOME_PAGE_QUERY, variables)  # fills the site data cache
    with CaptureQueriesContext(connection) as captured:
        result = gql(HOME_PAGE_QUERY, variables)
    assert len(result.data["posts"]["edges"]) == min(size, 10)
    assert result.data["organisations"]["totalCount"] == size
    assert result.data["campaign"]["counter"]["progress"] == 0.071
    assert result.data["campaign"]["counter"]["breakdown"] == [
        {"country": {"code": "DE", "name": "Germany"}, "count": 20000}
    ]
    logo = result.data["organisations"]["edges"][1]["node"]["logo"]["rendition"]["url"]
    assert "/media/images/" in logo  # the existing rendition's file, not the serve view
    assert len(captured.captured_queries) == HOME_PAGE_QUERIES, "\n".join(
        query["sql"][:120] for query in captured.captured_queries
    )


def test_home_page_query_leaves_the_rendition_cache_alone(campaign_tree, gql):
    """Existing renditions come with their images: no rendition is read from or written to
    Wagtail's rendition cache per request (it used to write every rendition on every call)."""
    build(campaign_tree, posts=3, organisations=3)
    gql(HOME_PAGE_QUERY, {"slug": campaign_tree.campaign.slug})  # fills the site data cache
    backend = type(Rendition.cache_backend)
    calls = {
        name: mock.patch.object(backend, name, autospec=True, side_effect=getattr(backend, name))
        for name in ("get", "get_many", "set", "set_many")
    }
    spies = {name: patcher.start() for name, patcher in calls.items()}
    try:
        result = gql(HOME_PAGE_QUERY, {"slug": campaign_tree.campaign.slug})
    finally:
        for patcher in calls.values():
            patcher.stop()
    hero = result.data["campaign"]["heroImage"]["rendition"]["url"]
    assert "/media/images/" in hero
    # The only reads are the site data's (in tests the rendition cache is the default cache).
    read_keys = [call.args[1] for call in spies.pop("get").call_args_list] + [
        key for call in spies.pop("get_many").call_args_list for key in call.args[1]
    ]
    assert read_keys and all(key.startswith("frontend_schema:site-data") for key in read_keys)
    assert {name: spy.call_count for name, spy in spies.items()} == {"set": 0, "set_many": 0}
