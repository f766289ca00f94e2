"""Root fields: filters, ordering, pagination, locales, and precise errors for bad input."""

import datetime

import pytest
from wagtail.contrib.redirects.models import Redirect

from campaign import factories
from campaign.choices import OrganisationRole, OrganisationScope, SupporterKind
from campaign.models import CampaignSiteSettings
from campaign.services import signature_count_record


@pytest.fixture
def content(campaign_tree):
    tree = campaign_tree
    orgs = {
        "edri": factories.OrganisationPageFactory(
            parent=tree.organisations,
            title="EDRi",
            role=OrganisationRole.LEAD,
            country="BE",
            scope=OrganisationScope.INTERNATIONAL,
        ),
        "ccc": factories.OrganisationPageFactory(
            parent=tree.organisations,
            title="Chaos Computer Club",
            role=OrganisationRole.LEAD,
            country="DE",
        ),
        "d64": factories.OrganisationPageFactory(
            parent=tree.organisations,
            title="D64",
            role=OrganisationRole.PARTNER,
            country="DE",
            scope="",
        ),
    }
    greens = factories.PoliticalGroupFactory(
        name="Greens/European Free Alliance", short_name="Greens/EFA"
    )
    left = factories.PoliticalGroupFactory(name="The Left", short_name="The Left")
    factories.SupporterPageFactory(
        parent=tree.supporters,
        title="Patrick Breyer",
        kind=SupporterKind.MEP,
        country="DE",
        political_group=greens,
    )
    factories.SupporterPageFactory(
        parent=tree.supporters,
        title="Kateřina Konečná",
        kind=SupporterKind.MEP,
        country="CZ",
        political_group=left,
    )
    factories.SupporterPageFactory(
        parent=tree.supporters, title="Jusos", kind=SupporterKind.POLITICAL_PARTY, country="DE"
    )
    demand = factories.DemandPageFactory(parent=tree.demands, number=3, title="No exceptions")
    posts = []
    for day in range(1, 26):
        post = factories.CampaignPostPageFactory(
            parent=tree.posts,
            title=f"Post {day:02d}",
            publication_date=datetime.date(2022, 1, day),
        )
        if day % 5 == 0:
            post.tags.add("meeting")
            post.related_organisations.create(organisation=orgs["edri"])
            post.related_demands.create(demand=demand)
            post.save()
        posts.append(post)
    return tree, orgs, demand, posts


def names(connection):
    return [edge["node"].get("name") or edge["node"].get("title") for edge in connection["edges"]]


def test_posts_default_to_twenty_newest_first_and_paginate(content, gql):
    data = gql(
        "{ posts { totalCount pageInfo { hasNextPage endCursor } edges { node { title } } } }"
    )
    posts = data.data["posts"]
    assert posts["totalCount"] == 25
    assert len(posts["edges"]) == 20
    assert names(posts)[:2] == ["Post 25", "Post 24"]
    assert posts["pageInfo"]["hasNextPage"] is True
    after = posts["pageInfo"]["endCursor"]
    rest = gql(
        "query($a: String) { posts(after: $a) "
        "{ pageInfo { hasNextPage } edges { node { title } } } }",
        {"a": after},
    ).data["posts"]
    assert names(rest) == ["Post 05", "Post 04", "Post 03", "Post 02", "Post 01"]
    assert rest["pageInfo"]["hasNextPage"] is False


def test_page_size_above_the_maximum_is_a_clear_error(content, gql):
    result = gql("{ posts(first: 101) { totalCount } }", allow_errors=True)
    assert result.codes == ["BAD_USER_INPUT"]
    assert "at most 100" in result.messages[0]


def test_bad_cursor_is_a_clear_error(content, gql):
    result = gql('{ posts(after: "not-a-cursor") { totalCount } }', allow_errors=True)
    assert result.codes == ["BAD_USER_INPUT"]
    assert "cursor" in result.messages[0]


def test_post_filters(content, gql):
    tree, orgs, demand, _ = content
    query = (
        "query($f: PostFilter) { posts(filter: $f, first: 100) "
        "{ totalCount edges { node { title } } } }"
    )

    def titles(f):
        return names(gql(query, {"f": f}).data["posts"])

    assert titles({"tag": "meeting"}) == ["Post 25", "Post 20", "Post 15", "Post 10", "Post 05"]
    assert titles({"organisation": str(orgs["edri"].pk)})[:1] == ["Post 25"]
    assert len(titles({"demand": str(demand.pk)})) == 5
    assert titles({"dateFrom": "2022-01-23"}) == ["Post 25", "Post 24", "Post 23"]
    assert titles({"dateTo": "2022-01-02"}) == ["Post 02", "Post 01"]
    assert len(titles({"campaign": str(tree.campaign.pk)})) == 25


def test_post_ordering(content, gql):
    data = gql("{ posts(orderBy: OLDEST_FIRST, first: 2) { edges { node { title } } } }").data
    assert names(data["posts"]) == ["Post 01", "Post 02"]


@pytest.mark.parametrize(
    ("filter_", "expected"),
    [
        ({"role": "LEAD"}, ["Chaos Computer Club", "EDRi"]),
        ({"country": "DE"}, ["Chaos Computer Club", "D64"]),
        ({"country": "de", "role": "PARTNER"}, ["D64"]),
        ({"scope": "INTERNATIONAL"}, ["EDRi"]),
        ({"search": "chaos"}, ["Chaos Computer Club"]),
    ],
)
def test_organisation_filters(content, gql, filter_, expected):
    query = (
        "query($f: OrganisationFilter) { organisations(filter: $f) { edges { node { name } } } }"
    )
    assert names(gql(query, {"f": filter_}).data["organisations"]) == expected


def test_organisation_ordering_by_role_puts_leads_first(content, gql):
    data = gql("{ organisations(orderBy: ROLE) { edges { node { name role } } } }").data
    assert [e["node"]["role"] for e in data["organisations"]["edges"]] == [
        "LEAD",
        "LEAD",
        "PARTNER",
    ]


@pytest.mark.parametrize(
    ("filter_", "expected"),
    [
        ({"kind": "MEP"}, ["Kateřina Konečná", "Patrick Breyer"]),
        ({"country": "DE"}, ["Jusos", "Patrick Breyer"]),
        ({"politicalGroup": "Greens/EFA"}, ["Patrick Breyer"]),
        ({"kind": "POLITICAL_PARTY"}, ["Jusos"]),
    ],
)
def test_supporter_filters(content, gql, filter_, expected):
    query = "query($f: SupporterFilter) { supporters(filter: $f) { edges { node { name } } } }"
    assert names(gql(query, {"f": filter_}).data["supporters"]) == expected


@pytest.mark.parametrize(
    ("query", "argument"),
    [
        ('{ organisations(filter: {country: "XX"}) { totalCount } }', "filter.country"),
        (
            '{ supporters(filter: {politicalGroup: "Nobody"}) { totalCount } }',
            "filter.politicalGroup",
        ),
        ('{ posts(filter: {campaign: "abc"}) { totalCount } }', "filter.campaign"),
        ('{ posts(filter: {campaign: "999999"}) { totalCount } }', "filter.campaign"),
        ('{ posts(locale: "xx") { totalCount } }', "locale"),
        ('{ campaigns(locale: "klingon") { title } }', "locale"),
        ('{ pages(filter: {type: "Nope"}) { totalCount } }', "filter.type"),
        ('{ search(query: "  ") { totalCount } }', "query"),
        (
            '{ posts(filter: {dateFrom: "2022-02-01", dateTo: "2022-01-01"}) { totalCount } }',
            "filter.dateFrom",
        ),
    ],
)
def test_bad_input_gets_a_precise_error_naming_the_argument(content, gql, query, argument):
    result = gql(query, allow_errors=True)
    assert result.codes == ["BAD_USER_INPUT"], result.messages
    assert result.errors[0].extensions["argument"] == argument


def test_unknown_enum_value_is_a_validation_error(content, gql):
    result = gql("{ organisations(filter: {role: BOSS}) { totalCount } }", allow_errors=True)
    assert result.data is None
    assert "BOSS" in result.messages[0]


def test_pages_filters_by_type_parent_and_ancestor(content, gql):
    tree = content[0]
    data = gql(
        """query($p: ID!) { byType: pages(filter: {type: "Demand"}) { edges { node { title } } }
           byParent: pages(filter: {parent: $p}) { totalCount }
           byAncestor: pages(filter: {ancestor: $p, search: "post 0"}) { totalCount } }""",
        {"p": str(tree.posts.pk)},
    ).data
    assert names(data["byType"]) == ["No exceptions"]
    assert data["byParent"]["totalCount"] == 25
    assert data["byAncestor"]["totalCount"] == 9


def test_search_returns_concrete_types(content, gql):
    data = gql('{ search(query: "exceptions") { totalCount edges { node { __typename title } } } }')
    assert data.data["search"]["edges"][0]["node"] == {
        "__typename": "Demand",
        "title": "No exceptions",
    }


def test_demands_in_number_order(content, gql):
    tree = content[0]
    factories.DemandPageFactory(parent=tree.demands, number=1, title="Cover private actors")
    data = gql("query($c: ID!) { demands(campaign: $c) { number } }", {"c": str(tree.campaign.pk)})
    assert [d["number"] for d in data.data["demands"]] == [1, 3]


def test_site_and_redirects(content, gql):
    tree, _, demand, _ = content
    Redirect.objects.create(old_path="/old-demand", redirect_page=demand, site=tree.site)
    Redirect.objects.create(old_path="/elsewhere", redirect_link="https://example.org/", site=None)
    data = gql(
        """{ site { hostname isDefault rootCampaign { title } locales }
             redirects { totalCount edges { node { oldPath target isPermanent } } } }"""
    ).data
    assert data["site"]["rootCampaign"] == {"title": "Reclaim Your Face"}
    assert data["site"]["locales"] == ["en"]
    assert {e["node"]["oldPath"]: e["node"]["target"] for e in data["redirects"]["edges"]} == {
        "/elsewhere": "https://example.org/",
        "/old-demand": "/demands/no-exceptions/",
    }
    settings_query = (
        "{ site { settings { contactEmail privacyPolicyUrl defaultSocialImage { url } } } }"
    )
    assert gql(settings_query).data["site"]["settings"] == {
        "contactEmail": None,
        "privacyPolicyUrl": None,
        "defaultSocialImage": None,
    }
    assert not CampaignSiteSettings.objects.exists()  # reading does not create them
    CampaignSiteSettings.objects.create(
        site=tree.site,
        contact_email="info@example.org",
        default_social_image=factories.ImageFactory(),
    )
    settings = gql(settings_query).data["site"]["settings"]
    assert settings["contactEmail"] == "info@example.org"
    assert settings["privacyPolicyUrl"] is None  # left blank: absent, not ""
    assert settings["defaultSocialImage"]["url"].startswith("http://localhost/")
    result = gql('{ site(hostname: "nowhere.example") { hostname } }', allow_errors=True)
    assert result.codes == ["NOT_FOUND"]


def test_counter(campaign_tree, gql):
    campaign = campaign_tree.campaign
    campaign.signature_goal = 1_000_000
    campaign.signature_countries.create(country="DE", count=20000)
    campaign.signature_countries.create(country="IT", count=30000)
    campaign.save()
    signature_count_record(campaign=campaign, count=40000, as_of=datetime.date(2022, 5, 1))
    signature_count_record(
        campaign=campaign,
        count=71000,
        as_of=datetime.date(2022, 11, 1),
        source_url="https://register.example.eu/eci/1",
    )
    # Entered later but dated earlier: part of the history, not the current count.
    signature_count_record(campaign=campaign, count=55000, as_of=datetime.date(2022, 8, 1))
    data = gql(
        '{ campaign(slug: "reclaim-your-face") { counter { count goal progress asOf sourceUrl '
        "breakdown { country { code name } count } history { asOf count } } } }"
    ).data
    assert data["campaign"]["counter"] == {
        "count": 71000,
        "goal": 1000000,
        "progress": 0.071,
        "asOf": "2022-11-01",
        "sourceUrl": "https://register.example.eu/eci/1",
        "breakdown": [
            {"country": {"code": "IT", "name": "Italy"}, "count": 30000},
            {"country": {"code": "DE", "name": "Germany"}, "count": 20000},
        ],
        "history": [
            {"asOf": "2022-05-01", "count": 40000},
            {"asOf": "2022-08-01", "count": 55000},
            {"asOf": "2022-11-01", "count": 71000},
        ],
    }


def test_a_new_count_needs_no_republishing_and_reaches_every_translation(
    campaign_tree, locales, gql
):
    campaign = campaign_tree.campaign
    german = campaign.copy_for_translation(locales["de"])
    german.save_revision().publish()
    revisions = campaign.revisions.count()
    signature_count_record(campaign=campaign, count=1234, as_of=datetime.date(2023, 1, 2))
    assert campaign.revisions.count() == revisions
    data = gql(
        '{ en: campaign(slug: "reclaim-your-face") { counter { count asOf } } '
        'de: campaign(slug: "reclaim-your-face", locale: "de") { counter { count asOf } } }'
    ).data
    assert data["en"]["counter"] == data["de"]["counter"] == {"count": 1234, "asOf": "2023-01-02"}


def test_a_campaign_without_readings_counts_zero(campaign_tree, gql):
    data = gql(
        '{ campaign(slug: "reclaim-your-face") { counter { count asOf history { count } } } }'
    )
    assert data.data["campaign"]["counter"] == {"count": 0, "asOf": None, "history": []}


def test_campaign_slug_finds_the_translation_in_the_requested_locale(campaign_tree, locales, gql):
    german = campaign_tree.campaign.copy_for_translation(locales["de"])
    german.title = "Gesicht zeigen"
    german.save_revision().publish()
    assert german.slug != campaign_tree.campaign.slug  # Wagtail suffixes sibling slugs
    data = gql(
        '{ en: campaign(slug: "reclaim-your-face") { title locale } '
        'de: campaign(slug: "reclaim-your-face", locale: "de") { title locale } '
        'fr: campaign(slug: "reclaim-your-face", locale: "fr") { title } }'
    ).data
    assert data == {
        "en": {"title": "Reclaim Your Face", "locale": "en"},
        "de": {"title": "Gesicht zeigen", "locale": "de"},
        "fr": None,
    }
