"""The typical home-page query takes a small, fixed number of SQL queries (docs/graphql.md)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaign import factories
from campaign.choices import OrganisationRole
from campaign.services import signature_count_record

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

# Site, locales, site roots, campaign, hero image and renditions (2), signature breakdown and
# readings (2), the requested locale, demands, posts page, post images and renditions (2),
# organisations page, logos and renditions (2). docs/graphql.md quotes this number.
HOME_PAGE_QUERIES = 16


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
            logo=image,
            role=OrganisationRole.LEAD if i % 3 == 0 else OrganisationRole.PARTNER,
        )


def test_home_page_query_is_small_and_fixed(campaign_tree, gql):
    build(campaign_tree, posts=12, organisations=40)
    variables = {"slug": campaign_tree.campaign.slug}
    gql(HOME_PAGE_QUERY, variables)  # creates the renditions once
    with CaptureQueriesContext(connection) as captured:
        result = gql(HOME_PAGE_QUERY, variables)
    assert len(result.data["posts"]["edges"]) == 10
    assert result.data["organisations"]["totalCount"] == 40
    assert result.data["campaign"]["counter"]["progress"] == 0.071
    assert len(captured.captured_queries) <= HOME_PAGE_QUERIES, "\n".join(
        query["sql"][:120] for query in captured.captured_queries
    )
