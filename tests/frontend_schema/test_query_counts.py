"""No list field makes a query per item: each query runs over a small and a large data set and
must make the same number of SQL queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.redirects.models import Redirect

from campaign import factories
from campaign.choices import OrganisationRole, SupporterKind


def count_queries(gql, query, variables=None, host="localhost"):
    gql(query, variables, host=host)  # warm up: renditions and caches are created on first use
    with CaptureQueriesContext(connection) as captured:
        gql(query, variables, host=host)
    return len(captured.captured_queries)


def add_posts(tree, locales, n):
    image = factories.ImageFactory()
    group = factories.PoliticalGroupFactory(short_name="Greens/EFA")
    for i in range(n):
        organisation = factories.OrganisationPageFactory(
            parent=tree.organisations, logo=image, role=OrganisationRole.LEAD
        )
        supporter = factories.SupporterPageFactory(
            parent=tree.supporters, image=image, kind=SupporterKind.MEP, political_group=group
        )
        demand = factories.DemandPageFactory(parent=tree.demands)
        post = factories.CampaignPostPageFactory(parent=tree.posts, hero_image=image)
        post.tags.add(f"tag{i}", "common")
        post.related_organisations.create(organisation=organisation)
        post.related_supporters.create(supporter=supporter)
        post.related_demands.create(demand=demand)
        post.save()
        translation = post.copy_for_translation(locales["de"], copy_parents=True)
        translation.save_revision().publish()
        letter = factories.OpenLetterPageFactory(parent=tree.campaign)
        letter.signatories.create(organisation=organisation)
        letter.save()
        Redirect.objects.create(old_path=f"/old-{post.pk}", redirect_page=post, site=tree.site)
        tree.campaign.signature_countries.create(country=["DE", "FR", "IT", "BE"][i % 4], count=i)
    tree.campaign.intro = "".join(
        f'<p><a linktype="page" id="{p.pk}">x</a></p>' for p in tree.posts.get_children()
    )
    tree.campaign.save()


PAGE_FIELDS = """id title slug path url locale firstPublishedAt lastPublishedAt
    seo { title description canonicalUrl image { url rendition(preset: SOCIAL) { url } } }
    parent { title } children { title } translations { title locale }"""

CASES = {
    "posts": f"""{{ posts(first: 100) {{ totalCount pageInfo {{ hasNextPage endCursor }}
        edges {{ cursor node {{ {PAGE_FIELDS} publicationDate summary tags licence
        heroImage {{ url width height altText focalPoint {{ x }}
            rendition(preset: CARD) {{ url width }} srcset(preset: HERO, format: AVIF) }}
        relatedOrganisations {{ name logo {{ rendition(preset: LOGO) {{ url }} }} }}
        relatedSupporters {{ name politicalGroup {{ shortName }} image {{ url }} }}
        relatedDemands {{ number }} }} }} }} }}""",
    "organisations": f"""{{ organisations(first: 100) {{ totalCount edges {{ node {{
        {PAGE_FIELDS} name role scope country {{ code name }} website
        logo {{ rendition(preset: LOGO) {{ url }} }} }} }} }} }}""",
    "supporters": """{ supporters(first: 100) { totalCount edges { node {
        name kind country { name } politicalGroup { name shortName } party
        image { srcset(preset: PORTRAIT) } } } } }""",
    "openLetters": """{ openLetters(first: 100) { totalCount edges { node {
        title date text { html } signatoryCount
        signatories { name logo { url } } } } } }""",
    "pages": """{ pages(first: 100) { totalCount edges { node { __typename title path
        ... on CampaignPost { heroImage { url } relatedDemands { number } }
        ... on Organisation { logo { url } } } } } }""",
    "search": """{ search(query: "summary", first: 100) { totalCount edges { node {
        __typename title path ... on CampaignPost { summary heroImage { url } } } } } }""",
    "campaigns": """{ campaigns { title intro { html text } heroImage { url }
        counter { count goal progress breakdown { country { code name } count } }
        demands { number shortTitle progressStatus } children { title } } }""",
    "demands": """query($c: ID!) { demands(campaign: $c) { number title parent { title }
        translations { title } } }""",
    "redirects": """{ redirects(first: 100) { totalCount edges { node { oldPath target } } } }""",
    "postsInGerman": """{ posts(locale: "de", first: 100) { edges { node { title
        translations { title path } parent { title } } } } }""",
}


@pytest.mark.parametrize("name", CASES)
def test_list_field_query_count_does_not_grow(campaign_tree, locales, gql, name):
    query = CASES[name]
    variables = {"c": str(campaign_tree.campaign.pk)} if "$c" in query else None
    add_posts(campaign_tree, locales, 2)
    small = count_queries(gql, query, variables)
    add_posts(campaign_tree, locales, 6)
    large = count_queries(gql, query, variables)
    assert small == large, f"{name}: {small} queries for the small set, {large} for the large"
