"""Identity: a normalising client cache (Apollo, urql, Relay) never merges two different things.

- Every entity with an identity of its own implements ``Node`` (Relay's Global Object
  Identification): its ``id`` is unique across the schema, and ``node(id:)`` / ``nodes(ids:)``
  fetch it again through the visibility rules.
- Every StreamField block's ``id`` is unique per block instance: a translation, a copy, an alias
  and a preview of a page each have their own, although Wagtail copies the stored UUIDs.
- Every other object type is an embedded value without an ``id``, listed in docs/graphql.md.

The schema is walked by introspection, so a new type or a new block needs a decision.
"""

import base64
import json
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from graphql import (
    GraphQLInterfaceType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLUnionType,
    get_named_type,
)
from wagtail.contrib.redirects.models import Redirect
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction, Site
from wagtail_factories import CollectionFactory

from campaign import factories, models
from campaign.services import page_preview_create
from frontend_schema.blocks.values import unique_keys
from frontend_schema.schema import schema
from frontend_schema.types import PAGE_TYPE_NAMES

DOCS = Path(__file__).resolve().parents[2] / "docs" / "graphql.md"
SCHEMA = schema._schema


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


# --- the schema, walked by introspection --------------------------------------------------------


def object_types() -> dict[str, GraphQLObjectType]:
    return {
        name: type_
        for name, type_ in SCHEMA.type_map.items()
        if isinstance(type_, GraphQLObjectType) and not name.startswith("__")
    }


def node_types() -> set[str]:
    return {type_.name for type_ in SCHEMA.get_possible_types(SCHEMA.type_map["Node"])}


def is_connection(type_: GraphQLObjectType) -> bool:
    """A Relay connection or edge type, by its shape (the Cursor Connections specification)."""
    return {"edges", "pageInfo"} <= type_.fields.keys() or {"node", "cursor"} <= type_.fields.keys()


def block_types() -> set[str]:
    """Object types reachable from the StreamField unions without passing through a Node."""
    found: set[str] = set()
    pending = [
        member
        for type_ in SCHEMA.type_map.values()
        if isinstance(type_, GraphQLUnionType)
        for member in type_.types
    ]
    while pending:
        type_ = pending.pop()
        if type_.name in found or type_.name in node_types() or "id" not in type_.fields:
            continue
        found.add(type_.name)
        for field in type_.fields.values():
            named = get_named_type(field.type)
            if isinstance(named, GraphQLObjectType):
                pending.append(named)
    return found


def documented_embedded_types() -> set[str]:
    section = re.search(
        r"<!-- embedded-value-types -->(.*?)<!-- /embedded-value-types -->",
        DOCS.read_text(encoding="utf-8"),
        re.S,
    )
    assert section, "docs/graphql.md lost its list of embedded value types"
    return set(re.findall(r"^- `(\w+)`", section.group(1), re.M))


def test_every_object_type_is_a_node_a_block_or_a_documented_embedded_value():
    nodes, blocks, embedded = node_types(), block_types(), documented_embedded_types()
    undecided = {
        name
        for name, type_ in object_types().items()
        if name not in nodes | blocks | embedded | {"Query", "Mutation"}
        and not is_connection(type_)
    }
    assert not undecided, (
        f"{sorted(undecided)} neither implement Node nor are StreamField blocks nor are listed "
        "as embedded value types in docs/graphql.md: decide which each is."
    )
    # The documented list is exact: no stale name, nothing that is really a Node or a block.
    assert embedded <= object_types().keys(), embedded - object_types().keys()
    assert not embedded & (nodes | blocks)


def test_only_nodes_and_blocks_have_an_id_and_it_is_a_non_null_id():
    nodes, blocks = node_types(), block_types()
    assert {"Image", "Document", "PoliticalGroup", "Redirect", "Site", "CampaignPost"} <= nodes
    for name, type_ in object_types().items():
        if name in nodes | blocks:
            assert str(type_.fields["id"].type) == "ID!", name
        else:
            # An `id` here would be a cache key that is not unique: Apollo and urql would merge.
            assert "id" not in type_.fields, name


def test_every_page_type_and_the_page_interface_implement_node():
    page = SCHEMA.type_map["Page"]
    assert isinstance(page, GraphQLInterfaceType)
    assert [interface.name for interface in page.interfaces] == ["Node"]
    page_types = {type_.name for type_ in SCHEMA.get_possible_types(page)}
    assert page_types <= node_types()
    assert node_types() - page_types == {"Image", "Document", "PoliticalGroup", "Redirect", "Site"}


def test_node_and_nodes_root_fields_follow_the_relay_specification():
    query = SCHEMA.query_type
    node = query.fields["node"]
    assert str(node.type) == "Node"
    assert str(node.args["id"].type) == "ID!"
    nodes = query.fields["nodes"]
    assert str(nodes.type) == "[Node]!"
    assert str(nodes.args["ids"].type) == "[ID!]!"


# --- a selection of everything with an id, generated from the schema ---------------------------


def selection(type_, depth: int) -> str:
    """Every field without required arguments, to ``depth`` levels; Nodes as ``__typename id``
    only."""
    named = get_named_type(type_)
    if not isinstance(named, (GraphQLObjectType, GraphQLInterfaceType, GraphQLUnionType)):
        return ""
    if isinstance(named, GraphQLUnionType):
        members = " ".join(f"... on {m.name} {{ {selection(m, depth)} }}" for m in named.types)
        return f"__typename {members}"
    is_node = named.name == "Node" or any(i.name == "Node" for i in named.interfaces)
    if is_node:
        return "__typename id"
    if depth == 0:
        return "__typename id" if "id" in named.fields else "__typename"
    parts = ["__typename"]
    for name, field in named.fields.items():
        if any(isinstance(arg.type, GraphQLNonNull) for arg in field.args.values()):
            continue
        inner = selection(field.type, depth - 1)
        named_field = get_named_type(field.type)
        if isinstance(named_field, (GraphQLObjectType, GraphQLInterfaceType, GraphQLUnionType)):
            parts.append(f"{name} {{ {inner} }}")
        else:
            parts.append(name)
    return " ".join(parts)


def page_selection() -> str:
    """Every StreamField of every page type, every block in full."""
    fragments = []
    for type_ in SCHEMA.get_possible_types(SCHEMA.type_map["Page"]):
        streams = [
            f"{name} {{ {selection(field.type, 3)} }}"
            for name, field in type_.fields.items()
            if isinstance(get_named_type(field.type), GraphQLUnionType)
        ]
        if streams:
            fragments.append(f"... on {type_.name} {{ {' '.join(streams)} }}")
    return "__typename id " + " ".join(fragments)


def walk(value, found: list[dict]) -> list[dict]:
    """Every object in an answer."""
    if isinstance(value, dict):
        found.append(value)
        for item in value.values():
            walk(item, found)
    elif isinstance(value, list):
        for item in value:
            walk(item, found)
    return found


class NormalisedCache:
    """What Apollo Client and urql do with ``__typename`` + ``id``, and Relay with ``id``."""

    def __init__(self) -> None:
        self.by_key: dict[tuple[str, str], str] = {}
        self.type_by_id: dict[str, str] = {}

    def write(self, answer, *, compare_content) -> None:
        for item in walk(answer, []):
            if "id" not in item or "__typename" not in item:
                continue
            typename, id_ = item["__typename"], item["id"]
            assert self.type_by_id.setdefault(id_, typename) == typename, (
                f"{typename} and {self.type_by_id[id_]} share the id {id_}: Relay merges them"
            )
            if compare_content(typename):
                content = json.dumps(item, sort_keys=True)
                assert self.by_key.setdefault((typename, id_), content) == content, (
                    f"Two different {typename} objects share the id {id_}: Apollo and urql "
                    "merge them"
                )


def block_ids(answer) -> list[str]:
    blocks = block_types()
    return [item["id"] for item in walk(answer, []) if item.get("__typename") in blocks]


# --- StreamField block ids ------------------------------------------------------------------------


@pytest.fixture
def german(campaign_tree, locales):
    """The site's German tree: the campaign and its news index, published."""
    campaign = campaign_tree.campaign.copy_for_translation(locales["de"])
    campaign.save_revision().publish()
    posts = campaign_tree.posts.copy_for_translation(locales["de"])
    posts.save_revision().publish()
    return locales["de"]


BODY_QUERY = """query($path: String!, $locale: String) { page(path: $path, locale: $locale) {
  id ... on CampaignPost { body { __typename ... on ParagraphBlock { id richText { html } } } }
} }"""


def test_a_translated_paragraph_never_takes_the_place_of_the_original(campaign_tree, german, gql):
    post = factories.CampaignPostPageFactory(
        parent=campaign_tree.posts,
        title="Our demands",
        slug="our-demands",
        body=[{"type": "paragraph", "value": "<p>Our open letter</p>"}],
    )
    translation = post.copy_for_translation(german)
    # The editor translates the paragraph in place: Wagtail keeps the block's stored UUID.
    translation.body = [
        {"type": "paragraph", "value": "<p>Unser offener Brief</p>", "id": post.body[0].id}
    ]
    translation.save_revision().publish()
    translation.refresh_from_db()
    assert translation.body.raw_data[0]["id"] == post.body.raw_data[0]["id"]

    cache = NormalisedCache()
    english = gql(BODY_QUERY, {"path": "/news/our-demands/"}).data["page"]
    german_page = gql(BODY_QUERY, {"path": "/news/our-demands/", "locale": "de"}).data["page"]
    cache.write(english, compare_content=lambda typename: True)
    cache.write(german_page, compare_content=lambda typename: True)

    assert english["body"][0]["richText"]["html"] == "<p>Our open letter</p>"
    assert german_page["body"][0]["richText"]["html"] == "<p>Unser offener Brief</p>"
    assert english["body"][0]["id"] != german_page["body"][0]["id"]
    # Stable: the same content gives the same ID on the next request.
    assert gql(BODY_QUERY, {"path": "/news/our-demands/"}).data["page"] == english


@pytest.fixture
def every_block_page(campaign_tree):
    """A page of every type, every body holding every block (and a list with items)."""
    Embed.objects.create(
        url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        hash=get_embed_hash("https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
        type="video",
        html="<iframe></iframe>",
    )
    return factories.pages_of_every_type(campaign_tree.campaign)


def test_every_block_id_is_unique_across_translations_copies_aliases_and_previews(
    campaign_tree, german, every_block_page, gql
):
    post = every_block_page[models.CampaignPostPage]
    translation = post.copy_for_translation(german)
    translation.save_revision().publish()
    copy = post.copy(update_attrs={"slug": "copied-post", "title": "Copied post"})
    copy.save_revision().publish()
    alias = post.create_alias(update_slug="aliased-post")
    # The same stored UUIDs in every one of them: the ground for the fault.
    stored = [child["id"] for child in post.body.raw_data]
    for other in (translation, copy, alias):
        assert [child["id"] for child in Page.objects.get(pk=other.pk).specific.body.raw_data] == (
            stored
        )

    query = f"query($id: ID!) {{ node(id: $id) {{ {page_selection()} }} }}"
    preview_query = f"query($t: String!) {{ preview(token: $t) {{ {page_selection()} }} }}"
    answers = {}
    pages = {model.__name__: page for model, page in every_block_page.items()}
    pages |= {"original": pages.pop("CampaignPostPage"), "standard": pages.pop("StandardPage")}
    pages |= {"translation": translation, "copy": copy, "alias": alias}
    for name, page in pages.items():
        page_id = b64(f"{PAGE_TYPE_NAMES[type(page.specific)]}:{page.pk}")
        answers[name] = gql(query, {"id": page_id}).data["node"]
    for name, page in {"preview": post, "translation preview": translation}.items():
        token = page_preview_create(page=Page.objects.get(pk=page.pk).specific).token
        answers[name] = gql(preview_query, {"t": token}).data["preview"]

    ids_by_answer = {name: block_ids(answer) for name, answer in answers.items()}
    # Every block of every type was walked, nested ones (list items) included.
    seen_types = {item["__typename"] for answer in answers.values() for item in walk(answer, [])}
    assert block_types() <= seen_types, block_types() - seen_types
    for name, ids in ids_by_answer.items():
        assert len(ids) == len(set(ids)), name
    all_ids = [block for ids in ids_by_answer.values() for block in ids]
    assert len(all_ids) == len(set(all_ids)), "a block id appears in two pages"
    # A client cache holding all of them keeps every block apart.
    cache = NormalisedCache()
    for answer in answers.values():
        cache.write(answer, compare_content=lambda typename: typename in block_types())
    # The preview is its own page too, so the live page in the cache keeps its content.
    assert answers["preview"]["id"] != answers["original"]["id"]
    # Stable across requests.
    again = gql(query, {"id": answers["original"]["id"]}).data["node"]
    assert block_ids(again) == ids_by_answer["original"]


def test_blocks_with_a_repeated_stored_id_still_get_unique_ids(campaign_tree, gql):
    # Pasted or imported JSON can repeat a stored UUID; Wagtail saves it as it is.
    factories.CampaignPostPageFactory(
        parent=campaign_tree.posts,
        title="Pasted",
        body=[
            {"type": "heading", "value": {"text": "One", "level": "h2"}, "id": "same"},
            {"type": "heading", "value": {"text": "Two", "level": "h2"}, "id": "same"},
        ],
    )
    body = gql(
        '{ page(path: "/news/pasted/") { ... on CampaignPost { body { '
        "... on HeadingBlock { id text } } } } }"
    ).data["page"]["body"]
    assert [block["text"] for block in body] == ["One", "Two"]
    assert len({block["id"] for block in body}) == 2


def test_siblings_get_distinct_keys_whatever_their_stored_ids():
    keys = unique_keys(["a", "a", None, None, "b", "#2"])
    assert len(set(keys)) == len(keys)
    assert keys[0] == "a" and keys[4] == "b"


# --- node(id:) and nodes(ids:) --------------------------------------------------------------------


@pytest.fixture
def one_of_each(campaign_tree, every_block_page):
    """A public object of every Node type, by GraphQL type name."""
    pages = {model: page for model, page in every_block_page.items()}
    objects = {
        query_type: pages[model]
        for model, query_type in [
            (models.CampaignPage, "Campaign"),
            (models.CampaignPostPage, "CampaignPost"),
            (models.DemandPage, "Demand"),
            (models.OrganisationPage, "Organisation"),
            (models.SupporterPage, "Supporter"),
            (models.OpenLetterPage, "OpenLetter"),
            (models.StandardPage, "StandardPage"),
            (models.PostIndexPage, "PostIndex"),
            (models.DemandIndexPage, "DemandIndex"),
            (models.OrganisationIndexPage, "OrganisationIndex"),
            (models.SupporterIndexPage, "SupporterIndex"),
        ]
    }
    objects["GenericPage"] = campaign_tree.campaign.add_child(
        instance=Page(title="Plain page", slug="plain")
    )
    post = pages[models.CampaignPostPage]
    objects["Image"] = post.hero_image
    objects["Document"] = factories.DocumentFactory(title="Briefing")
    objects["PoliticalGroup"] = pages[models.SupporterPage].political_group
    objects["Redirect"] = Redirect.objects.create(
        old_path="/old", site=campaign_tree.site, redirect_page=post
    )
    objects["Site"] = campaign_tree.site
    return objects


def test_every_node_type_round_trips_through_node(one_of_each, gql):
    assert set(one_of_each) == node_types(), "add an object of the new Node type here"
    ids = {}
    for type_name, obj in one_of_each.items():
        global_id = b64(f"{type_name}:{obj.pk}")
        data = gql("query($id: ID!) { node(id: $id) { __typename id } }", {"id": global_id}).data[
            "node"
        ]
        assert data == {"__typename": type_name, "id": global_id}, type_name
        ids[type_name] = global_id
    # Every object that carries an id gives out the same one through its own fields.
    post = one_of_each["CampaignPost"]
    data = gql(
        """query($id: ID!) { node(id: $id) { id ... on CampaignPost {
             databaseId heroImage { id databaseId }
             relatedSupporters { id politicalGroup { id } } } } }""",
        {"id": ids["CampaignPost"]},
    ).data["node"]
    assert data["databaseId"] == post.pk
    assert data["heroImage"] == {"id": ids["Image"], "databaseId": post.hero_image.pk}
    assert data["relatedSupporters"][0]["politicalGroup"]["id"] == ids["PoliticalGroup"]
    site = gql("{ site { id } redirects { edges { node { id } } } }").data
    assert site["site"]["id"] == ids["Site"]
    assert site["redirects"]["edges"][0]["node"]["id"] == ids["Redirect"]


def test_an_image_and_a_page_with_the_same_database_id_have_different_ids(campaign_tree, gql):
    page = factories.StandardPageFactory(parent=campaign_tree.campaign, title="Same number")
    image = factories.ImageFactory(pk=page.pk, title="Same number")
    post = factories.CampaignPostPageFactory(
        parent=campaign_tree.posts, title="Shows it", hero_image=image
    )
    data = gql(
        """{ page(path: "/news/shows-it/") { __typename id ... on CampaignPost {
               heroImage { __typename id } } }
             same: page(path: "/same-number/") { __typename id } }"""
    ).data
    assert image.pk == page.pk != post.pk
    assert data["page"]["heroImage"]["id"] != data["same"]["id"]
    NormalisedCache().write(data, compare_content=lambda typename: True)


def test_nodes_keeps_order_and_gives_null_for_what_it_cannot_show(one_of_each, gql):
    post, image = one_of_each["CampaignPost"], one_of_each["Image"]
    ids = [b64(f"Image:{image.pk}"), "not an id", b64(f"CampaignPost:{post.pk}"), b64("Seo:1")]
    data = gql("query($ids: [ID!]!) { nodes(ids: $ids) { __typename } }", {"ids": ids}).data
    assert data["nodes"] == [{"__typename": "Image"}, None, {"__typename": "CampaignPost"}, None]
    too_many = gql(
        "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
        {"ids": [ids[0]] * 101},
        allow_errors=True,
    )
    assert too_many.codes == ["BAD_USER_INPUT"]


@pytest.mark.parametrize(
    "hidden",
    [
        "draft_page",
        "private_page",
        "page_of_another_type",
        "unknown_page",
        "preview",
        "private_document",
        "unused_image",
        "redirect_of_another_site",
        "malformed",
        "not_base64",
        "not_a_node_type",
        "a_block",
        "the_interface",
    ],
)
def test_node_is_null_for_anything_hidden_unknown_or_malformed(one_of_each, gql, hidden):
    post = one_of_each["CampaignPost"]
    if hidden == "draft_page":
        draft = factories.CampaignPostPageFactory(parent=post.get_parent(), live=False)
        node_id = b64(f"CampaignPost:{draft.pk}")
    elif hidden == "private_page":
        PageViewRestriction.objects.create(page=post, restriction_type="groups").groups.add(
            Group.objects.create(name="Staff")
        )
        node_id = b64(f"CampaignPost:{post.pk}")
    elif hidden == "page_of_another_type":
        node_id = b64(f"Demand:{post.pk}")
    elif hidden == "unknown_page":
        node_id = b64("CampaignPost:999999")
    elif hidden == "preview":
        token = page_preview_create(page=post).token
        node_id = gql("query($t: String!) { preview(token: $t) { id } }", {"t": token}).data[
            "preview"
        ]["id"]
    elif hidden == "private_document":
        collection = CollectionFactory(name="Members only")
        CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.LOGIN
        )
        document = factories.DocumentFactory(collection=collection)
        node_id = b64(f"Document:{document.pk}")
    elif hidden == "unused_image":
        node_id = b64(f"Image:{factories.ImageFactory(title='Embargoed').pk}")
    elif hidden == "redirect_of_another_site":
        other = Site.objects.create(hostname="other.example", root_page=one_of_each["Campaign"])
        node_id = b64(f"Redirect:{Redirect.objects.create(old_path='/x', site=other).pk}")
    elif hidden == "malformed":
        node_id = "CampaignPost:1"
    elif hidden == "not_base64":
        node_id = "%%%"
    elif hidden == "not_a_node_type":
        node_id = b64("Seo:1")
    elif hidden == "a_block":
        node_id = b64(f"ParagraphBlock:{post.pk}/x")
    else:
        node_id = b64(f"Page:{post.pk}")
    data = gql("query($id: ID!) { node(id: $id) { id } }", {"id": node_id}).data
    assert data == {"node": None}


def test_an_image_used_only_by_a_draft_is_no_node_until_published(campaign_tree, gql):
    image = factories.ImageFactory(title="Embargoed")
    draft = factories.CampaignPostPageFactory(
        parent=campaign_tree.posts, hero_image=image, live=False
    )
    query = "query($id: ID!) { node(id: $id) { ... on Image { title } } }"
    assert gql(query, {"id": b64(f"Image:{image.pk}")}).data == {"node": None}
    draft.save_revision().publish()
    assert gql(query, {"id": b64(f"Image:{image.pk}")}).data == {"node": {"title": "Embargoed"}}


# --- arguments take the ids the API gives out ----------------------------------------------------


def test_filters_take_global_ids_and_database_ids(one_of_each, gql):
    post = one_of_each["CampaignPost"]
    organisation = one_of_each["Organisation"]
    campaign = one_of_each["Campaign"]
    ids = gql(
        """query($id: ID!) { node(id: $id) { ... on CampaignPost {
             relatedOrganisations { id databaseId } relatedDemands { id }
             relatedSupporters { id } parent { id } } } }""",
        {"id": b64(f"CampaignPost:{post.pk}")},
    ).data["node"]
    campaign_id = gql("{ campaigns { id } }").data["campaigns"][0]["id"]
    query = """query($f: PostFilter) { posts(filter: $f) { edges { node { title } } } }"""
    for value in (ids["relatedOrganisations"][0]["id"], str(organisation.pk)):
        found = gql(query, {"f": {"organisation": value}}).data["posts"]["edges"]
        assert [edge["node"]["title"] for edge in found] == [post.title]
    for key in ("demand", "supporter"):
        related = ids[f"related{key.title()}s"][0]["id"]
        found = gql(query, {"f": {key: related}}).data["posts"]["edges"]
        assert [edge["node"]["title"] for edge in found] == [post.title], key
    for value in (campaign_id, str(campaign.pk)):
        found = gql(query, {"f": {"campaign": value}}).data["posts"]["edges"]
        assert [edge["node"]["title"] for edge in found] == [post.title]
        demands = gql("query($c: ID!) { demands(campaign: $c) { id } }", {"c": value})
        assert len(demands.data["demands"]) == 1
    pages = gql(
        "query($p: ID) { pages(filter: {parent: $p}) { edges { node { id } } } }",
        {"p": ids["parent"]["id"]},
    ).data["pages"]["edges"]
    assert b64(f"CampaignPost:{post.pk}") in {edge["node"]["id"] for edge in pages}


@pytest.mark.parametrize(
    ("filter_input", "argument"),
    [
        ({"organisation": "Q2FtcGFpZ246MQ=="}, "filter.organisation"),  # a Campaign's id
        ({"organisation": "not an id"}, "filter.organisation"),
        ({"campaign": "SW1hZ2U6MQ=="}, "filter.campaign"),  # an Image's id
        ({"demand": "RGVtYW5kOmFiYw=="}, "filter.demand"),  # Demand:abc
    ],
)
def test_filters_reject_ids_of_another_type_or_no_id(campaign_tree, gql, filter_input, argument):
    result = gql(
        "query($f: PostFilter) { posts(filter: $f) { totalCount } }",
        {"f": filter_input},
        allow_errors=True,
    )
    assert result.codes == ["BAD_USER_INPUT"]
    assert result.errors[0].extensions["argument"] == argument
    assert "is not the ID of a" in result.messages[0]


def test_listed_types_are_the_ones_in_the_docs_table():
    text = DOCS.read_text(encoding="utf-8")
    for name in node_types() - {"GenericPage"}:
        assert f"`{name}`" in text, name


def test_resolve_nodes_raises_for_a_required_missing_node(db):
    from frontend_schema.errors import NotFoundError
    from frontend_schema.types import PoliticalGroupType

    group = factories.PoliticalGroupFactory()
    assert PoliticalGroupType.resolve_nodes(info=None, node_ids=[str(group.pk)], required=True) == [
        group
    ]
    assert PoliticalGroupType.resolve_nodes(info=None, node_ids=["999999"]) == [None]
    with pytest.raises(NotFoundError):
        PoliticalGroupType.resolve_nodes(info=None, node_ids=["999999"], required=True)
