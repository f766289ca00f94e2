"""No draft, unpublished, expired, private, other-site or other-locale page comes out of any path.

One fixture builds a public post and one hidden post of each kind, all linked from the public
content in every way the API can follow; each test asks one API path and checks that only the
public pages appear.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone
from wagtail.models import Page, Site

from campaign import factories
from tests.restrictions import restrict

HIDDEN_KINDS = [
    "draft",
    "unpublished",
    "expired",
    "login",
    "password",
    "groups",
    "under_private_parent",
    "other_site",
    "other_locale",
]


@pytest.fixture
def world(campaign_tree, locales):
    tree = campaign_tree
    hidden = {}

    def post(title, parent=None, **kwargs):
        return factories.CampaignPostPageFactory(
            parent=parent or tree.posts, title=title, summary=f"{title} needle", **kwargs
        )

    public = post("Public post")
    hidden["draft"] = post("Draft post", live=False)
    hidden["unpublished"] = post("Unpublished post")
    hidden["unpublished"].unpublish()
    hidden["expired"] = post("Expired post", expire_at=timezone.now() - datetime.timedelta(days=1))
    for kind in ("login", "password", "groups"):
        hidden[kind] = post(f"Private {kind} post")
        restrict(hidden[kind], kind)
    private_section = factories.StandardPageFactory(parent=tree.campaign, title="Members area")
    restrict(private_section, "login")
    hidden["under_private_parent"] = factories.StandardPageFactory(
        parent=private_section, title="Private child needle"
    )

    other_campaign = factories.CampaignPageFactory(title="Other campaign")
    Site.objects.create(hostname="other.example", root_page=other_campaign, site_name="Other")
    other_posts = factories.PostIndexPageFactory(parent=other_campaign)
    hidden["other_site"] = post("Other site post", parent=other_posts)

    german_campaign = tree.campaign.copy_for_translation(locales["de"])
    german_campaign.save_revision().publish()
    german_posts = tree.posts.copy_for_translation(locales["de"])
    german_posts.save_revision().publish()
    hidden["other_locale"] = public.copy_for_translation(locales["de"])
    hidden["other_locale"].title = "Deutscher Beitrag"
    hidden["other_locale"].save_revision().publish()

    # Link the hidden pages from public content in every way a relation can.
    organisations = {
        kind: factories.OrganisationPageFactory(
            parent=tree.organisations, title=f"Org {kind}", live=kind != "draft"
        )
        for kind in ("public", "draft")
    }
    demand_public = factories.DemandPageFactory(parent=tree.demands, number=1)
    demand_draft = factories.DemandPageFactory(parent=tree.demands, number=2, live=False)
    for organisation in organisations.values():
        public.related_organisations.create(organisation=organisation)
    public.related_demands.create(demand=demand_public)
    public.related_demands.create(demand=demand_draft)
    public.save()

    letter = factories.OpenLetterPageFactory(parent=tree.campaign, title="Letter")
    for organisation in organisations.values():
        letter.signatories.create(organisation=organisation)
    letter.save()

    german_only = factories.StandardPageFactory(parent=german_campaign, title="Nur auf Deutsch")
    links = f'<a linktype="page" id="{german_only.pk}">german_only</a>' + "".join(
        f'<a linktype="page" id="{page.pk}">{kind}</a>' for kind, page in hidden.items()
    )
    tree.campaign.intro = f'<p><a linktype="page" id="{public.pk}">public</a>{links}</p>'
    tree.campaign.save()

    return SimpleNamespace(
        tree=tree,
        public=public,
        hidden=hidden,
        organisations=organisations,
        demand_public=demand_public,
        demand_draft=demand_draft,
        letter=letter,
    )


def hidden_titles(world):
    return {page.title for page in world.hidden.values()}


def test_posts_connection_lists_only_public_posts(world, gql):
    data = gql("{ posts(first: 100) { totalCount edges { node { title } } } }").data
    titles = {edge["node"]["title"] for edge in data["posts"]["edges"]}
    assert titles == {"Public post"}
    assert data["posts"]["totalCount"] == 1


def test_pages_connection_has_no_hidden_page(world, gql):
    data = gql("{ pages(first: 100) { totalCount edges { node { title } } } }").data
    titles = {edge["node"]["title"] for edge in data["pages"]["edges"]}
    assert "Public post" in titles
    assert not titles & hidden_titles(world)
    assert "Org draft" not in titles
    assert data["pages"]["totalCount"] == len(titles)


@pytest.mark.parametrize("kind", HIDDEN_KINDS)
def test_page_by_path_is_null_for_hidden_pages(world, gql, kind):
    page = world.hidden[kind]
    # The page's path in its own tree, without a language prefix.
    path = "/" + page.url_path.split("/", 2)[2]
    found = gql("query($p: String!) { page(path: $p) { title } }", {"p": path}).data["page"]
    if kind == "other_locale":
        # Without its prefix ('/de/...') the path is the English page's.
        assert found == {"title": "Public post"}
    else:
        assert found is None


def test_page_by_path_finds_public_page_with_real_routing(world, gql):
    data = gql('{ page(path: "/news/public-post/") { __typename title path } }').data
    assert data["page"] == {
        "__typename": "CampaignPost",
        "title": "Public post",
        "path": "/news/public-post/",
    }
    # A suffix of the path is not a match: routing starts at the site root.
    assert gql('{ page(path: "/public-post/") { title } }').data == {"page": None}


def test_other_locale_is_reachable_only_by_asking_for_it(world, gql):
    data = gql('{ page(path: "/news/public-post/", locale: "de") { title locale } }').data
    assert data["page"] == {"title": "Deutscher Beitrag", "locale": "de"}
    data = gql('{ posts(locale: "de") { edges { node { title } } } }').data
    assert [edge["node"]["title"] for edge in data["posts"]["edges"]] == ["Deutscher Beitrag"]


def test_other_site_is_reachable_only_through_its_own_host(world, gql):
    data = gql("{ posts { edges { node { title } } } }", host="other.example").data
    assert [edge["node"]["title"] for edge in data["posts"]["edges"]] == ["Other site post"]


def test_search_finds_only_public_pages(world, gql):
    data = gql('{ search(query: "needle", first: 100) { totalCount edges { node { title } } } }')
    titles = {edge["node"]["title"] for edge in data.data["search"]["edges"]}
    assert titles == {"Public post"}
    assert data.data["search"]["totalCount"] == 1


def test_children_and_parent_are_filtered(world, gql):
    data = gql(
        """{ page(path: "/news/") { children { title } }
             campaign(slug: "reclaim-your-face") { children { title } } }"""
    ).data
    assert {child["title"] for child in data["page"]["children"]} == {"Public post"}
    campaign_children = {child["title"] for child in data["campaign"]["children"]}
    assert "Members area" not in campaign_children
    assert "Letter" in campaign_children

    draft_index_child = factories.CampaignPostPageFactory(
        parent=factories.PostIndexPageFactory(
            parent=factories.CampaignPageFactory(title="Nested", parent=world.tree.campaign),
            live=False,
        ),
        title="Orphan",
    )
    assert draft_index_child.live
    data = gql("{ posts(first: 100) { edges { node { title parent { title } } } } }").data
    parents = {e["node"]["title"]: e["node"]["parent"] for e in data["posts"]["edges"]}
    assert parents["Public post"] == {"title": "News"}
    assert parents["Orphan"] is None


def test_translations_list_only_public_translations(world, gql):
    data = gql('{ page(path: "/news/public-post/") { translations { title locale } } }').data
    assert data["page"]["translations"] == [{"title": "Deutscher Beitrag", "locale": "de"}]
    Page.objects.get(pk=world.hidden["other_locale"].pk).specific.unpublish()
    data = gql('{ page(path: "/news/public-post/") { translations { title locale } } }').data
    assert data["page"]["translations"] == []


def test_related_pages_are_filtered(world, gql):
    query = """{ posts { edges { node {
        relatedOrganisations { name } relatedDemands { number } } } } }"""
    node = gql(query).data["posts"]["edges"][0]["node"]
    assert node["relatedOrganisations"] == [{"name": "Org public"}]
    assert node["relatedDemands"] == [{"number": 1}]
    # The same through a single page fetched by path (no optimizer prefetch).
    query = """{ page(path: "/news/public-post/") { ... on CampaignPost {
        relatedOrganisations { name } relatedDemands { number } } } }"""
    node = gql(query).data["page"]
    assert node["relatedOrganisations"] == [{"name": "Org public"}]
    assert node["relatedDemands"] == [{"number": 1}]


def test_open_letter_signatories_are_filtered(world, gql):
    data = gql("{ openLetters { edges { node { signatories { name } signatoryCount } } } }")
    node = data.data["openLetters"]["edges"][0]["node"]
    assert node["signatories"] == [{"name": "Org public"}]


def test_campaign_demands_skip_drafts(world, gql):
    data = gql('{ campaign(slug: "reclaim-your-face") { id demands { number } } }').data
    assert data["campaign"]["demands"] == [{"number": 1}]
    root = gql("query($c: ID!) { demands(campaign: $c) { number } }", {"c": data["campaign"]["id"]})
    assert root.data["demands"] == [{"number": 1}]


def test_rich_text_links_to_hidden_pages_lose_their_href(world, gql):
    html = gql('{ campaign(slug: "reclaim-your-face") { intro { html text } } }').data["campaign"][
        "intro"
    ]["html"]
    assert '<a href="/news/public-post/">public</a>' in html
    # A page in another locale is followed to its translation in the text's own locale...
    assert '<a href="/news/public-post/">other_locale</a>' in html
    # ...and a public page with no translation there is linked in its own locale, as a page
    # chooser would give it.
    assert '<a href="/de/nur-auf-deutsch/">german_only</a>' in html
    for kind in world.hidden:
        if kind != "other_locale":
            assert f"<a>{kind}</a>" in html


def test_organisation_and_supporter_lists_skip_drafts(world, gql):
    data = gql("{ organisations { edges { node { name } } } }").data
    assert [e["node"]["name"] for e in data["organisations"]["edges"]] == ["Org public"]


def test_campaign_root_fields_skip_hidden_campaigns(world, gql):
    factories.CampaignPageFactory(title="Draft campaign", parent=world.tree.campaign, live=False)
    data = gql("{ campaigns { title } }").data
    assert [c["title"] for c in data["campaigns"]] == ["Reclaim Your Face"]
    assert gql('{ campaign(slug: "draft-campaign") { title } }').data == {"campaign": None}
    assert Page.objects.filter(title="Draft campaign").exists()


def test_rich_text_links_to_private_documents_lose_their_href(campaign_tree, gql):
    from wagtail.models import CollectionViewRestriction
    from wagtail_factories import CollectionFactory, DocumentFactory

    private_collection = CollectionFactory(name="Members only")
    CollectionViewRestriction.objects.create(
        collection=private_collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    public_document = DocumentFactory(title="Public briefing")
    private_document = DocumentFactory(title="Internal notes", collection=private_collection)
    campaign = campaign_tree.campaign
    campaign.intro = (
        f'<p><a linktype="document" id="{public_document.pk}">public</a> '
        f'<a linktype="document" id="{private_document.pk}">private</a></p>'
    )
    campaign.save()
    html = gql('{ campaign(slug: "reclaim-your-face") { intro { html } } }').data["campaign"][
        "intro"
    ]["html"]
    assert f'href="http://localhost{public_document.url}">public</a>' in html
    assert "<a>private</a>" in html


def test_a_new_restriction_hides_the_page_from_the_next_request(campaign_tree, gql):
    """The API reads the restrictions from the shared site data, which forgets them on change."""
    post = factories.CampaignPostPageFactory(parent=campaign_tree.posts, title="Soon private")
    query = "{ posts(first: 10) { edges { node { title } } } }"
    assert gql(query).data["posts"]["edges"] == [{"node": {"title": "Soon private"}}]
    restrict(post)
    assert gql(query).data["posts"]["edges"] == []
    post.view_restrictions.all().delete()
    assert gql(query).data["posts"]["edges"] == [{"node": {"title": "Soon private"}}]


def test_the_site_data_layout_is_part_of_its_cache_key(campaign_tree, gql):
    """Processes of two deployments share the cache during a rolling update: an entry of another
    layout must never be read (a KeyError on every request, as happened when "visibility"
    replaced "restricted_paths"). Changing the entry's keys means a new SITE_DATA_LAYOUT."""
    from django.core.cache import cache

    from frontend_schema.context import SITE_DATA_KEY, SITE_DATA_LAYOUT

    # An entry left by the previous layout under the previous key is ignored.
    cache.set("frontend_schema:site-data", {"version": "old", "restricted_paths": []})
    gql("{ posts(first: 1) { edges { node { title } } } }")
    assert SITE_DATA_KEY.endswith(f":{SITE_DATA_LAYOUT}")
    assert set(cache.get(SITE_DATA_KEY)) == {"version", "locales", "visibility", "roots", "sites"}
    assert SITE_DATA_LAYOUT == 2, "a new layout: update this test"


@pytest.mark.parametrize(
    "field",
    ["posts", "organisations", "supporters", "openLetters", "pages"],
)
def test_a_root_list_is_narrowed_to_the_public_once(campaign_tree, gql, field):
    """queries.listing narrows a root list with public_pages; the page type's get_queryset must
    not add the same conditions again (they doubled the query's WHERE and its building time).
    A hidden page still stays out (the rest of this module), so once is enough."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    factories.CampaignPostPageFactory(parent=campaign_tree.posts)
    with CaptureQueriesContext(connection) as queries:
        gql(f"{{ {field}(first: 5) {{ edges {{ node {{ title }} }} }} }}")
    listing = [
        q["sql"] for q in queries.captured_queries if "ORDER BY" in q["sql"] and "LIMIT" in q["sql"]
    ]
    assert listing, [q["sql"][:80] for q in queries.captured_queries]
    where = listing[-1].split(" WHERE ", 1)[1]
    assert where.count('"wagtailcore_page"."live"') == 1, where
