"""HTTP caching of the endpoint: ETag and 304, Cache-Control, cache tags naming the content."""

import pytest
from django.test import override_settings
from graphql import GraphQLInterfaceType, GraphQLObjectType, get_named_type

from campaign import factories
from campaign.choices import SupporterKind
from frontend_schema.schema import schema

POSTS = "{ posts(first: 10) { edges { node { databaseId title } } } }"


@pytest.fixture
def posts(campaign_tree):
    return [factories.CampaignPostPageFactory(parent=campaign_tree.posts) for _ in range(3)]


def tags_of(response) -> set[str]:
    return set(response["Cache-Tag"].split(","))


def page_tags(response) -> set[str]:
    return {tag for tag in tags_of(response) if tag.startswith("page-")}


# --- ETag and 304 ---------------------------------------------------------------------------


def test_a_clean_get_has_a_strong_etag_and_if_none_match_gets_304(posts, client):
    first = client.get("/graphql/", {"query": POSTS})
    assert first.status_code == 200
    etag = first["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    again = client.get("/graphql/", {"query": POSTS})
    assert again["ETag"] == etag  # a hash of the bytes: equal answers, equal tags

    not_modified = client.get("/graphql/", {"query": POSTS}, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == etag
    assert "public" in not_modified["Cache-Control"]

    other = client.get("/graphql/", {"query": POSTS}, HTTP_IF_NONE_MATCH='"something-else"')
    assert other.status_code == 200
    assert other.content == first.content


def test_the_etag_changes_with_the_content(posts, client):
    before = client.get("/graphql/", {"query": POSTS})
    posts[0].title = "A new title"
    posts[0].save_revision().publish()
    after = client.get("/graphql/", {"query": POSTS}, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]


def test_error_answers_have_no_etag(client):
    response = client.get("/graphql/", {"query": "{ nope }"})
    assert "ETag" not in response
    assert "Cache-Tag" not in response


# --- Cache-Control --------------------------------------------------------------------------


@override_settings(
    GRAPHQL_GET_MAX_AGE=60, GRAPHQL_GET_S_MAXAGE=3600, GRAPHQL_STALE_WHILE_REVALIDATE=30
)
def test_clean_get_answers_are_public_with_s_maxage_and_stale_while_revalidate(posts, client):
    response = client.get("/graphql/", {"query": POSTS})
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert directives == {"public", "max-age=60", "s-maxage=3600", "stale-while-revalidate=30"}


@override_settings(
    GRAPHQL_GET_MAX_AGE=60, GRAPHQL_GET_S_MAXAGE=None, GRAPHQL_STALE_WHILE_REVALIDATE=0
)
def test_without_s_maxage_shared_caches_follow_max_age(posts, client):
    response = client.get("/graphql/", {"query": POSTS})
    assert response["Cache-Control"] == "public, max-age=60"


@pytest.mark.parametrize(
    ("method", "params"),
    [
        ("get", {"query": "{ nope }"}),  # a validation error
        ("get", {"query": "{"}),  # a syntax error
        ("get", {"query": '{ posts(locale: "xx") { totalCount } }'}),  # a field error
        ("get", {"query": "{ __typename }", "variables": "{not json"}),  # refused by strawberry
        ("get", {}),  # refused by the view (error_response)
        ("post", None),  # a body that is not JSON (error_response)
    ],
)
def test_every_error_answer_is_no_store(db, client, method, params):
    if method == "get":
        response = client.get("/graphql/", params)
    else:
        response = client.post("/graphql/", "{oops", content_type="application/json")
    assert response.status_code in {200, 400}
    assert "errors" in response.json()
    assert response["Cache-Control"] == "no-store"


def test_a_mutation_by_get_and_an_oversized_request_are_no_store(db, client):
    response = client.get("/graphql/", {"query": "x" * 200_000})
    assert response.status_code == 414
    assert response["Cache-Control"] == "no-store"
    response = client.put("/graphql/", "{}", content_type="application/json")
    assert response["Cache-Control"] == "no-store"


def test_preview_answers_are_private_no_store_and_untagged(campaign_tree, client):
    from campaign.services import page_preview_create

    post = factories.CampaignPostPageFactory(parent=campaign_tree.posts)
    preview = page_preview_create(page=post)
    response = client.get(
        "/graphql/",
        {
            "query": "query ($t: String!) { preview(token: $t) { title } }",
            "variables": f'{{"t": "{preview.token}"}}',
        },
    )
    assert response.json()["data"]["preview"]["title"] == post.title
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert directives == {"private", "no-store"}
    assert "ETag" not in response and "Cache-Tag" not in response


def test_post_answers_are_tagged_but_not_public(posts, client):
    response = client.post("/graphql/", {"query": POSTS}, content_type="application/json")
    assert "public" not in response.get("Cache-Control", "")
    assert page_tags(response) == {f"page-{post.pk}" for post in posts}


# --- Cache tags -----------------------------------------------------------------------------


def test_tags_name_exactly_the_pages_in_the_answer(posts, campaign_tree, client):
    path = campaign_tree.posts.url_path.removeprefix(campaign_tree.campaign.url_path)
    response = client.get(
        "/graphql/",
        {"query": f'{{ page(path: "/{path}") {{ databaseId ... on PostIndex {{ title }} }} }}'},
    )
    assert response.json()["data"]["page"]["databaseId"] == campaign_tree.posts.pk
    assert page_tags(response) == {f"page-{campaign_tree.posts.pk}"}
    tags = tags_of(response)
    assert {"graphql", f"site-{campaign_tree.site.pk}"} <= tags
    assert not any(tag.startswith("list-") for tag in tags)

    listed = client.get("/graphql/", {"query": POSTS})
    assert page_tags(listed) == {f"page-{post.pk}" for post in posts}
    assert "list-campaign.campaignpostpage" in tags_of(listed)
    # Cloudflare reads commas, Fastly and Varnish spaces: the same tags.
    assert set(listed["Surrogate-Key"].split(" ")) == tags_of(listed)


def test_nested_pages_and_snippets_are_tagged(campaign_tree, client):
    group = factories.PoliticalGroupFactory()
    supporter = factories.SupporterPageFactory(
        parent=campaign_tree.supporters, political_group=group, kind=SupporterKind.MEP
    )
    response = client.get(
        "/graphql/",
        {
            "query": "{ supporters(first: 5) { edges { node { databaseId parent { databaseId } "
            "politicalGroup { name } } } } }"
        },
    )
    tags = tags_of(response)
    assert {f"page-{supporter.pk}", f"page-{campaign_tree.supporters.pk}"} <= tags
    assert f"snippet-campaign.politicalgroup-{group.pk}" in tags


def test_an_answer_that_finds_nothing_is_tagged_absent(campaign_tree, client):
    response = client.get("/graphql/", {"query": '{ page(path: "/not-yet/") { title } }'})
    assert "absent" in tags_of(response)
    assert page_tags(response) == set()


@override_settings(GRAPHQL_CACHE_TAGS_MAX_BYTES=80)
def test_too_many_tags_collapse_to_one_tag_per_model(posts, campaign_tree, client):
    for _ in range(7):
        factories.CampaignPostPageFactory(parent=campaign_tree.posts)
    response = client.get("/graphql/", {"query": POSTS})
    tags = tags_of(response)
    assert page_tags(response) == set()
    assert "any-campaign.campaignpostpage" in tags
    assert len(response["Cache-Tag"]) <= 80


# --- Every root field that returns pages names them -------------------------------------------

# The arguments each root field needs; a new root field that returns pages must be added here.
ROOT_ARGUMENTS = {
    "node": lambda tree: f'(id: "{_global_id(tree.posts)}")',
    "nodes": lambda tree: f'(ids: ["{_global_id(tree.posts)}", "{_global_id(tree.campaign)}"])',
    "campaigns": lambda tree: "",
    "campaign": lambda tree: f'(slug: "{tree.campaign.slug}")',
    "page": lambda tree: '(path: "/")',
    "pages": lambda tree: "(first: 50)",
    "posts": lambda tree: "(first: 50)",
    "organisations": lambda tree: "(first: 50)",
    "supporters": lambda tree: "(first: 50)",
    "openLetters": lambda tree: "(first: 50)",
    "demands": lambda tree: f'(campaign: "{_global_id(tree.campaign)}")',
    "search": lambda tree: '(query: "Thing", first: 50)',
}
# Root fields that return pages but are never cached (previews are private).
PRIVATE_ROOT_FIELDS = {"preview"}


def _global_id(page) -> str:
    from frontend_schema.nodes import global_id
    from frontend_schema.types import PAGE_TYPE_NAMES

    return global_id(PAGE_TYPE_NAMES[type(page.specific)], page.pk)


def _page_selection(graphql_type) -> str | None:
    """A selection that reaches every page in a value of ``graphql_type``, or None if it holds
    no page at this level (connections are followed through their edges)."""
    named = get_named_type(graphql_type)
    page_interface = schema._schema.type_map["Page"]
    if (
        named is page_interface
        or named.name == "Node"
        or (isinstance(named, GraphQLObjectType) and page_interface in named.interfaces)
    ):
        return "{ __typename ... on Page { databaseId } }"
    if isinstance(named, GraphQLObjectType | GraphQLInterfaceType) and "edges" in named.fields:
        inner = _page_selection(get_named_type(named.fields["edges"].type).fields["node"].type)
        return f"{{ edges {{ node {inner} }} }}" if inner else None
    return None


def _database_ids(value) -> set[int]:
    if isinstance(value, dict):
        found = {value["databaseId"]} if "databaseId" in value else set()
        return found.union(*(_database_ids(item) for item in value.values()))
    if isinstance(value, list):
        return set().union(*(_database_ids(item) for item in value))
    return set()


def test_every_root_field_returning_pages_names_each_page_in_its_tags(campaign_tree, client):
    for factory, parent in (
        (factories.CampaignPostPageFactory, campaign_tree.posts),
        (factories.OrganisationPageFactory, campaign_tree.organisations),
        (factories.SupporterPageFactory, campaign_tree.supporters),
        (factories.DemandPageFactory, campaign_tree.demands),
        (factories.OpenLetterPageFactory, campaign_tree.campaign),
    ):
        factory(parent=parent, title="Thing to find")
    page_fields = {
        name: selection
        for name, field in schema._schema.query_type.fields.items()
        if (selection := _page_selection(field.type)) is not None
    }
    assert set(page_fields) == set(ROOT_ARGUMENTS) | PRIVATE_ROOT_FIELDS, (
        "Give every root field that returns pages its arguments in ROOT_ARGUMENTS."
    )
    for name, selection in page_fields.items():
        if name in PRIVATE_ROOT_FIELDS:
            continue
        query = f"{{ {name}{ROOT_ARGUMENTS[name](campaign_tree)} {selection} }}"
        response = client.get("/graphql/", {"query": query})
        body = response.json()
        assert "errors" not in body, (name, body)
        ids = _database_ids(body["data"])
        assert ids, f"{name} returned no page: give it arguments that find some"
        assert page_tags(response) == {f"page-{pk}" for pk in ids}, name


# --- Images, documents and the sitemap ----------------------------------------------------------


def test_images_and_documents_are_tagged_in_fields_blocks_and_rich_text(campaign_tree, client):
    hero, embedded, unused = (factories.ImageFactory() for _ in range(3))
    linked, attached = factories.DocumentFactory(), factories.DocumentFactory()
    campaign = campaign_tree.campaign
    campaign.hero_image = hero
    campaign.intro = (
        f'<p><a linktype="document" id="{linked.pk}">the briefing</a></p>'
        f'<embed embedtype="image" id="{embedded.pk}" format="left" alt="A crowd"/>'
    )
    campaign.save()
    post = factories.CampaignPostPageFactory(parent=campaign_tree.posts)
    post.body = [{"type": "document_link", "value": {"document": attached.pk}}]
    post.save()

    response = client.get(
        "/graphql/",
        {
            "query": '{ campaign(slug: "reclaim-your-face") { heroImage { url } intro { html } } '
            "posts(first: 5) { edges { node { body { ... on DocumentLinkBlock "
            "{ document { url } } } } } } }"
        },
    )
    assert "errors" not in response.json()
    tags = tags_of(response)
    assert {f"image-{hero.pk}", f"image-{embedded.pk}"} <= tags
    assert {f"document-{linked.pk}", f"document-{attached.pk}"} <= tags
    assert f"image-{unused.pk}" not in tags


@override_settings(GRAPHQL_CACHE_TAGS_MAX_BYTES=70)
def test_too_many_image_tags_collapse_to_the_image_model(campaign_tree, client):
    from wagtail.images import get_image_model

    campaign = campaign_tree.campaign
    campaign.hero_image = factories.ImageFactory()
    campaign.intro = "".join(
        f'<embed embedtype="image" id="{factories.ImageFactory().pk}" format="left" alt=""/>'
        for _ in range(8)
    )
    campaign.save()
    response = client.get(
        "/graphql/",
        {"query": '{ campaign(slug: "reclaim-your-face") { heroImage { url } intro { html } } }'},
    )
    tags = tags_of(response)
    assert not any(tag.startswith("image-") for tag in tags)
    assert f"any-{get_image_model()._meta.label_lower}" in tags
    assert len(response["Cache-Tag"]) <= 70


def test_sitemap_answers_are_tagged_sitemap(posts, client):
    response = client.get("/graphql/", {"query": "{ sitemap { entries { url } } }"})
    assert response.json()["data"]["sitemap"]["entries"]
    assert "sitemap" in tags_of(response)
    # Answers without sitemap entries are not.
    assert "sitemap" not in tags_of(client.get("/graphql/", {"query": POSTS}))


@override_settings(PARTNERS_SITEMAP_LIMIT=2)
def test_every_sitemap_file_is_tagged_sitemap_and_its_site(posts, campaign_tree, client):
    """Only /sitemap.xml can be purged by URL; its numbered files go by the tag."""
    index = client.get("/sitemap.xml")
    section = client.get("/sitemap-pages.xml", {"p": 2})
    for response in (index, section):
        assert response.status_code == 200
        assert tags_of(response) == {"sitemap", f"site-{campaign_tree.site.pk}"}
        assert set(response["Surrogate-Key"].split(" ")) == tags_of(response)
