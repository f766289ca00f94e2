"""StreamField blocks in the API: typed unions, exact nullability, public choosers, no N+1."""

import datetime
import uuid

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from graphql import GraphQLList, GraphQLNonNull
from strawberry.utils.str_converters import to_camel_case
from wagtail import blocks as wagtail_blocks
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.models import CollectionViewRestriction, PageViewRestriction, Site
from wagtail_factories import CollectionFactory, DocumentFactory

from campaign import blocks, factories, models
from campaign.choices import OrganisationRole, SupporterKind
from frontend_schema.blocks.values import field_name
from frontend_schema.nodes import block_id
from frontend_schema.schema import schema

VIDEO_URL = "https://www.youtube.com/watch?v=abc"


# The member types of a body union, in the order of the StreamBlock's children.
BODY_BLOCK_TYPES = [
    "HeadingBlock",
    "ParagraphBlock",
    "ImageBlock",
    "QuoteBlock",
    "CallToActionBlock",
    "DemandListBlock",
    "OrganisationWallBlock",
    "KeyFigureBlock",
    "ActionListBlock",
    "EmbedBlock",
    "DocumentLinkBlock",
]


def child(block_type: str, value) -> dict:
    """One stream child in the raw JSON form Wagtail stores."""
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def item(value) -> dict:
    """One ListBlock item in the raw JSON form Wagtail stores."""
    return {"type": "item", "value": value, "id": str(uuid.uuid4())}


def set_body(page, body: list):
    page.body = body
    page.save()


def cached_embed(url: str = VIDEO_URL) -> Embed:
    """An embed Wagtail already fetched, so that no test asks YouTube."""
    return Embed.objects.create(
        url=url,
        hash=get_embed_hash(url),
        type="video",
        html='<iframe src="https://www.youtube-nocookie.com/embed/abc"></iframe>',
        title="Our campaign video",
        provider_name="YouTube",
        thumbnail_url="https://i.ytimg.com/vi/abc/hqdefault.jpg",
        width=480,
        height=270,
    )


def every_block(*, page, image, supporter, demands, document, html: str) -> list[dict]:
    """A body with one block of each type, in the StreamBlock's order."""
    return [
        child("heading", {"text": "Why it matters", "level": "h3"}),
        child("paragraph", html),
        child("image", {"image": image.pk, "alt_text": "Crowd", "caption": "", "credit": ""}),
        child(
            "quote",
            {
                "text": "Ban it.",
                "speaker": "Jane",
                "speaker_role": "",
                "supporter": supporter.pk,
                "source_url": "https://example.org/q",
            },
        ),
        child(
            "call_to_action",
            {"title": "Sign", "text": "", "button_label": "Go", "page": page.pk, "url": ""},
        ),
        child("demand_list", {"heading": "", "demands": [item(d.pk) for d in demands]}),
        child(
            "organisation_wall",
            {"heading": "Leads", "organisations": [], "role": "lead", "country": "BE"},
        ),
        child(
            "key_figure",
            {
                "number": 71000,
                "label": "signatures",
                "source": "",
                "source_url": "",
                "as_of": "2024-05-01",
            },
        ),
        child(
            "action_list",
            {
                "heading": "",
                "actions": [
                    item({"date": "2024-01-02", "title": "Vote", "description": "", "url": ""})
                ],
            },
        ),
        child("embed", VIDEO_URL),
        child("document_link", {"document": document.pk, "title": "", "description": "Read"}),
    ]


# The blocks without choosers of pages, selected the same way by every query here. The aliases
# only rename fields for readability: a field name has one type in every block type.
PLAIN_BLOCKS = """
fragment PlainBlocks on CampaignPostBodyBlock {
  __typename
  ... on HeadingBlock { id text level }
  ... on ParagraphBlock { id richText { html text } }
  ... on KeyFigureBlock { id number label source sourceUrl asOf }
  ... on ActionListBlock { id heading actions { id date title description url } }
  ... on EmbedBlock { id embedUrl: url html embedTitle: title providerName thumbnailUrl width
      height }
  ... on DocumentLinkBlock { id linkTitle: title description
      document { title url fileExtension fileSize } }
}
"""

POST_BODY = (
    PLAIN_BLOCKS
    + """
query Post($path: String!) { page(path: $path) { ... on CampaignPost { body {
  ...PlainBlocks
  ... on ImageBlock { id altText caption credit
      image { title rendition(preset: CONTENT) { url width } } }
  ... on QuoteBlock { id text speaker speakerRole sourceUrl supporter { name path } }
  ... on CallToActionBlock { id ctaTitle: headline ctaText: description buttonLabel ctaUrl: linkUrl
      page { __typename title path } }
  ... on DemandListBlock { id heading demands { number shortTitle } }
  ... on OrganisationWallBlock { id heading role country { code } organisations { name } }
} } } }
"""
)


def post_body(gql, post) -> list[dict]:
    path = "/" + post.url_path[len(post.get_site().root_page.url_path) :]
    result = gql(POST_BODY, {"path": path})
    assert result.data["page"] is not None, path
    return result.data["page"]["body"]


# --- every block type ---------------------------------------------------------------------------


def test_every_block_type_round_trips_with_typed_values(campaign_tree, gql):
    tree = campaign_tree
    supporter = factories.SupporterPageFactory(parent=tree.supporters, title="Jane MEP")
    demand_one = factories.DemandPageFactory(parent=tree.demands, number=1)
    demand_two = factories.DemandPageFactory(parent=tree.demands, number=2)
    lead = factories.OrganisationPageFactory(
        parent=tree.organisations, title="EDRi", role=OrganisationRole.LEAD, country="BE"
    )
    factories.OrganisationPageFactory(
        parent=tree.organisations, title="Partner", role=OrganisationRole.PARTNER, country="BE"
    )
    target = factories.StandardPageFactory(parent=tree.campaign, title="Sign", slug="sign")
    image = factories.ImageFactory(title="Protest")
    document = DocumentFactory(title="Report")
    cached_embed()
    children = every_block(
        page=target,
        image=image,
        supporter=supporter,
        demands=[demand_two, demand_one],
        document=document,
        html=f'<p>See <a linktype="page" id="{target.pk}">the petition</a>.</p>',
    )
    quote, figure, actions, embed = children[3], children[7], children[8], children[9]
    post = factories.CampaignPostPageFactory(parent=tree.posts, title="All blocks")
    set_body(post, children)

    body = post_body(gql, post)

    assert [block["__typename"] for block in body] == BODY_BLOCK_TYPES
    # IDs are the page's own: its database ID and the block's stored UUID, encoded.
    assert [block["id"] for block in body] == [
        block_id(block_type, str(post.pk), f"body/{stream_child['id']}")
        for block_type, stream_child in zip(BODY_BLOCK_TYPES, children, strict=True)
    ]
    by_type = {block["__typename"]: block for block in body}
    assert by_type["HeadingBlock"]["text"] == "Why it matters"
    assert by_type["HeadingBlock"]["level"] == "H3"
    assert by_type["ParagraphBlock"]["richText"] == {
        "html": '<p>See <a href="/sign/">the petition</a>.</p>',
        "text": "See the petition.",
    }
    image_value = by_type["ImageBlock"]
    assert image_value["altText"] == "Crowd"
    assert image_value["caption"] is None
    assert image_value["credit"] is None
    assert image_value["image"]["title"] == "Protest"
    # Not rendered yet: the image serve view's URL (tests/frontend_schema/test_images.py).
    assert image_value["image"]["rendition"]["url"].startswith("http://localhost/images/")
    assert by_type["QuoteBlock"] == {
        "__typename": "QuoteBlock",
        "id": block_id("QuoteBlock", str(post.pk), f"body/{quote['id']}"),
        "text": "Ban it.",
        "speaker": "Jane",
        "speakerRole": None,
        "sourceUrl": "https://example.org/q",
        "supporter": {"name": "Jane MEP", "path": "/supporters/jane-mep/"},
    }
    assert by_type["CallToActionBlock"]["ctaTitle"] == "Sign"
    assert by_type["CallToActionBlock"]["ctaText"] is None
    assert by_type["CallToActionBlock"]["ctaUrl"] is None
    assert by_type["CallToActionBlock"]["page"] == {
        "__typename": "StandardPage",
        "title": "Sign",
        "path": "/sign/",
    }
    # Chosen demands keep the editors' order.
    assert by_type["DemandListBlock"]["heading"] is None
    assert by_type["DemandListBlock"]["demands"] == [
        {"number": 2, "shortTitle": "Demand 2"},
        {"number": 1, "shortTitle": "Demand 1"},
    ]
    # None chosen: the campaign's organisations with the block's role and country.
    assert by_type["OrganisationWallBlock"]["role"] == "LEAD"
    assert by_type["OrganisationWallBlock"]["country"] == {"code": "BE"}
    assert by_type["OrganisationWallBlock"]["organisations"] == [{"name": lead.title}]
    assert by_type["KeyFigureBlock"] == {
        "__typename": "KeyFigureBlock",
        "id": block_id("KeyFigureBlock", str(post.pk), f"body/{figure['id']}"),
        "number": 71000,
        "label": "signatures",
        "source": None,
        "sourceUrl": None,
        "asOf": "2024-05-01",
    }
    action = by_type["ActionListBlock"]["actions"][0]
    item_path = f"body/{actions['id']}/actions/{actions['value']['actions'][0]['id']}"
    assert action["id"] == block_id("ActionItem", str(post.pk), item_path)
    assert action["date"] == "2024-01-02"
    assert action["description"] is None
    assert by_type["EmbedBlock"] == {
        "__typename": "EmbedBlock",
        "id": block_id("EmbedBlock", str(post.pk), f"body/{embed['id']}"),
        "embedUrl": VIDEO_URL,
        "html": '<iframe src="https://www.youtube-nocookie.com/embed/abc"></iframe>',
        "embedTitle": "Our campaign video",
        "providerName": "YouTube",
        "thumbnailUrl": "https://i.ytimg.com/vi/abc/hqdefault.jpg",
        "width": 480,
        "height": 270,
    }
    document_value = by_type["DocumentLinkBlock"]
    assert document_value["linkTitle"] is None
    assert document_value["description"] == "Read"
    assert document_value["document"]["title"] == "Report"
    assert document_value["document"]["url"] == (
        f"http://localhost/documents/{document.pk}/{document.filename}"
    )
    assert document_value["document"]["fileExtension"] == document.file_extension
    assert document_value["document"]["fileSize"] == document.file_size


def test_each_stream_field_has_its_own_union(campaign_tree, gql):
    tree = campaign_tree
    heading = child("heading", {"text": "H", "level": "h2"})
    tree.campaign.calls_to_action = [
        child(
            "call_to_action",
            {"title": "Act", "text": "", "button_label": "Go", "page": None, "url": "https://x.eu"},
        )
    ]
    set_body(tree.campaign, [heading])
    set_body(factories.DemandPageFactory(parent=tree.demands, number=7), [heading])
    set_body(factories.StandardPageFactory(parent=tree.campaign, slug="about"), [heading])
    result = gql(
        """query($campaign: ID!) {
             campaigns { callsToAction { __typename ... on CallToActionBlock { headline linkUrl } }
                         body { __typename } }
             demands(campaign: $campaign) { body { __typename ... on HeadingBlock { text } } }
             page(path: "/about/") { ... on StandardPage { body { __typename } } } }""",
        {"campaign": tree.campaign.pk},
    )
    assert result.data["campaigns"] == [
        {
            "callsToAction": [
                {"__typename": "CallToActionBlock", "headline": "Act", "linkUrl": "https://x.eu"}
            ],
            "body": [{"__typename": "HeadingBlock"}],
        }
    ]
    assert result.data["demands"] == [{"body": [{"__typename": "HeadingBlock", "text": "H"}]}]
    assert result.data["page"] == {"body": [{"__typename": "HeadingBlock"}]}

    graphql_schema = schema._schema
    for union, field in [
        ("CampaignBodyBlock", ("Campaign", "body")),
        ("CampaignCallToActionBlock", ("Campaign", "callsToAction")),
        ("CampaignPostBodyBlock", ("CampaignPost", "body")),
        ("DemandBodyBlock", ("Demand", "body")),
        ("StandardPageBodyBlock", ("StandardPage", "body")),
    ]:
        field_type = graphql_schema.get_type(field[0]).fields[field[1]].type
        assert str(field_type) == f"[{union}!]!"
        assert graphql_schema.get_type(field[0]).fields[field[1]].description
    assert [t.name for t in graphql_schema.get_type("CampaignCallToActionBlock").types] == [
        "CallToActionBlock"
    ]
    members = graphql_schema.get_type("CampaignPostBodyBlock").types
    assert [member.name for member in members] == BODY_BLOCK_TYPES


# --- the SDL: nullability from `required`, descriptions from `help_text` -----------------------


STRUCT_TYPE_NAMES = {
    blocks.HeadingBlock: "HeadingBlock",
    blocks.CaptionedImageBlock: "ImageBlock",
    blocks.QuoteBlock: "QuoteBlock",
    blocks.CallToActionBlock: "CallToActionBlock",
    blocks.DemandListBlock: "DemandListBlock",
    blocks.OrganisationWallBlock: "OrganisationWallBlock",
    blocks.KeyFigureBlock: "KeyFigureBlock",
    blocks.ActionListBlock: "ActionListBlock",
    blocks.ActionItemBlock: "ActionItem",
    blocks.DocumentLinkBlock: "DocumentLinkBlock",
}


@pytest.mark.parametrize("block_class", list(STRUCT_TYPE_NAMES), ids=lambda c: c.__name__)
def test_sdl_nullability_follows_required_and_fields_are_described(block_class):
    object_type = schema._schema.get_type(STRUCT_TYPE_NAMES[block_class])
    assert str(object_type.fields["id"].type) == "ID!"
    for name, block in block_class().child_blocks.items():
        field = object_type.fields[to_camel_case(field_name(block_class(), name))]
        assert field.description, name
        if isinstance(block, wagtail_blocks.PageChooserBlock):
            # The chosen page may be a draft or private: always nullable.
            assert not isinstance(field.type, GraphQLNonNull), name
        elif isinstance(block, wagtail_blocks.ListBlock):
            # A list is never null and holds no nulls; an optional list is an empty one.
            assert isinstance(field.type, GraphQLNonNull), name
            assert isinstance(field.type.of_type, GraphQLList), name
            assert isinstance(field.type.of_type.of_type, GraphQLNonNull), name
        else:
            assert isinstance(field.type, GraphQLNonNull) == block.required, name


def test_sdl_examples():
    sdl = schema.as_str()
    assert "  speaker: String!\n" in sdl
    assert "  speakerRole: String\n" in sdl
    assert "  supporter: Supporter\n" in sdl
    assert "  number: Int!\n" in sdl
    assert "  asOf: Date\n" in sdl
    assert "  level: HeadingLevel!\n" in sdl
    assert "  image: Image!\n" in sdl
    assert "  demands: [Demand!]!\n" in sdl
    assert "union CampaignPostBodyBlock = HeadingBlock | ParagraphBlock | ImageBlock" in sdl
    for name in ("Document", "EmbedBlock", "ParagraphBlock"):
        for field in schema._schema.get_type(name).fields.values():
            assert field.description


# --- visibility of choosers ---------------------------------------------------------------------


def _hide(kind: str, page, other_site_parent):
    if kind == "draft":
        page.unpublish()
    elif kind == "expired":
        type(page).objects.filter(pk=page.pk).update(
            expire_at=timezone.now() - datetime.timedelta(days=1)
        )
    elif kind == "login":
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    elif kind == "password":
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
    elif kind == "groups":
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.add(Group.objects.create(name="Staff"))
    elif kind == "private_parent":
        PageViewRestriction.objects.create(
            page=page.get_parent(), restriction_type=PageViewRestriction.LOGIN
        )
    elif kind == "other_site":
        page.move(other_site_parent, pos="last-child")


@pytest.mark.parametrize(
    "kind", ["draft", "expired", "login", "password", "groups", "private_parent", "other_site"]
)
def test_a_hidden_supporter_in_a_quote_is_null(campaign_tree, gql, kind):
    tree = campaign_tree
    other = factories.CampaignPageFactory(title="Other campaign")
    Site.objects.create(hostname="other.example", root_page=other)
    other_supporters = factories.SupporterIndexPageFactory(parent=other)
    visible = factories.SupporterPageFactory(parent=tree.supporters, title="Visible")
    more = factories.SupporterIndexPageFactory(parent=tree.campaign, title="More", slug="more")
    hidden = factories.SupporterPageFactory(parent=more, title="Hidden")
    post = factories.CampaignPostPageFactory(parent=tree.posts)
    quote = {"text": "Q", "speaker": "S", "speaker_role": "", "source_url": ""}
    set_body(
        post,
        [
            child("quote", {**quote, "supporter": visible.pk}),
            child("quote", {**quote, "supporter": hidden.pk}),
        ],
    )
    _hide(kind, models.SupporterPage.objects.get(pk=hidden.pk), other_supporters)

    body = post_body(gql, post)

    # The quote stays (its words are public); only the link to the hidden page goes.
    assert [block["supporter"] for block in body] == [
        {"name": "Visible", "path": "/supporters/visible/"},
        None,
    ]


def test_a_demand_list_skips_hidden_demands(campaign_tree, gql):
    tree = campaign_tree
    public = factories.DemandPageFactory(parent=tree.demands, number=3)
    draft = factories.DemandPageFactory(parent=tree.demands, number=1, live=False)
    factories.DemandPageFactory(parent=tree.demands, number=2)
    post = factories.CampaignPostPageFactory(parent=tree.posts)
    set_body(
        post,
        [
            child(
                "demand_list", {"heading": "Chosen", "demands": [item(draft.pk), item(public.pk)]}
            ),
            child("demand_list", {"heading": "All", "demands": []}),
        ],
    )

    chosen, default = post_body(gql, post)

    assert chosen["demands"] == [{"number": 3, "shortTitle": public.short_title}]
    # None chosen: every public demand of the campaign, in number order.
    assert [demand["number"] for demand in default["demands"]] == [2, 3]


def test_a_demand_list_shows_only_its_own_campaigns_demands(campaign_tree, gql):
    tree = campaign_tree
    factories.DemandPageFactory(parent=tree.demands, number=1)
    national = factories.CampaignPageFactory(parent=tree.campaign, title="National")
    national_demands = factories.DemandIndexPageFactory(parent=national)
    factories.DemandPageFactory(parent=national_demands, number=9)
    national_posts = factories.PostIndexPageFactory(parent=national)
    post = factories.CampaignPostPageFactory(parent=national_posts)
    set_body(post, [child("demand_list", {"heading": "", "demands": []})])
    outer_post = factories.CampaignPostPageFactory(parent=tree.posts)
    set_body(outer_post, [child("demand_list", {"heading": "", "demands": []})])

    assert post_body(gql, post)[0]["demands"] == [{"number": 9, "shortTitle": "Demand 9"}]
    assert post_body(gql, outer_post)[0]["demands"] == [{"number": 1, "shortTitle": "Demand 1"}]


def test_rich_text_links_only_to_public_pages(campaign_tree, gql):
    tree = campaign_tree
    public = factories.StandardPageFactory(parent=tree.campaign, title="Public", slug="public")
    draft = factories.StandardPageFactory(parent=tree.campaign, slug="draft", live=False)
    post = factories.CampaignPostPageFactory(parent=tree.posts)
    set_body(
        post,
        [
            child(
                "paragraph",
                f'<p><a linktype="page" id="{public.pk}">open</a> and '
                f'<a linktype="page" id="{draft.pk}">secret</a></p>',
            )
        ],
    )

    (paragraph,) = post_body(gql, post)

    assert paragraph["richText"]["html"] == '<p><a href="/public/">open</a> and <a>secret</a></p>'
    assert paragraph["richText"]["text"] == "open and secret"


def test_an_image_block_gives_rendition_urls(campaign_tree, gql):
    image = factories.ImageFactory(file__width=2000, file__height=1000)
    image.get_rendition("max-1200x1200|format-webp")
    post = factories.CampaignPostPageFactory(parent=campaign_tree.posts)
    set_body(
        post,
        [child("image", {"image": image.pk, "alt_text": "A", "caption": "C", "credit": "K"})],
    )

    (block,) = post_body(gql, post)

    rendition = block["image"]["rendition"]
    assert rendition["url"].startswith("http://localhost/media/images/")
    assert ".max-1200x1200." in rendition["url"]
    assert rendition["width"] == 1200
    assert (block["caption"], block["credit"]) == ("C", "K")


def test_blocks_that_cannot_be_sent_whole_are_left_out(campaign_tree, gql):
    """Unknown block types (removed from the code), deleted images and private documents."""
    public_collection = CollectionFactory(name="Public")
    private_collection = CollectionFactory(name="Private")
    CollectionViewRestriction.objects.create(
        collection=private_collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    nested = private_collection.add_child(name="Inside private")
    shared = DocumentFactory(title="Shared", collection=public_collection)
    private = DocumentFactory(title="Private", collection=private_collection)
    inside = DocumentFactory(title="Inside", collection=nested)
    deleted_image = factories.ImageFactory()
    deleted_image_id = deleted_image.pk
    deleted_image.delete()
    post = factories.CampaignPostPageFactory(parent=campaign_tree.posts)
    document = {"title": "", "description": ""}
    set_body(
        post,
        [
            child("removed_block_type", {"whatever": 1}),
            child(
                "image", {"image": deleted_image_id, "alt_text": "A", "caption": "", "credit": ""}
            ),
            child("document_link", {**document, "document": private.pk}),
            child("document_link", {**document, "document": inside.pk}),
            child("document_link", {**document, "document": shared.pk}),
            child("heading", {"text": "Still here", "level": "h2"}),
        ],
    )

    body = post_body(gql, post)

    assert [block["__typename"] for block in body] == ["DocumentLinkBlock", "HeadingBlock"]
    assert body[0]["document"]["title"] == "Shared"


def test_an_embed_the_provider_does_not_know_keeps_its_url(campaign_tree, gql):
    post = factories.CampaignPostPageFactory(parent=campaign_tree.posts)
    set_body(post, [child("embed", "https://unknown.invalid/video/1")])

    (block,) = post_body(gql, post)

    assert block["embedUrl"] == "https://unknown.invalid/video/1"
    assert block["html"] is None


# --- batching -----------------------------------------------------------------------------------


def add_posts_with_bodies(tree, n: int):
    group = factories.PoliticalGroupFactory(short_name="Renew")
    target = factories.StandardPageFactory(parent=tree.campaign, slug="target")
    draft = factories.StandardPageFactory(parent=tree.campaign, slug="draft", live=False)
    document = DocumentFactory()
    cached_embed()
    factories.OrganisationPageFactory(
        parent=tree.organisations, role=OrganisationRole.LEAD, country="BE"
    )
    for _ in range(n):
        image = factories.ImageFactory()
        supporter = factories.SupporterPageFactory(
            parent=tree.supporters, image=image, kind=SupporterKind.MEP, political_group=group
        )
        demand = factories.DemandPageFactory(parent=tree.demands)
        organisation = factories.OrganisationPageFactory(parent=tree.organisations, logo=image)
        post = factories.CampaignPostPageFactory(parent=tree.posts)
        html = (
            f'<p><a linktype="page" id="{target.pk}">a</a>'
            f'<a linktype="page" id="{draft.pk}">b</a>'
            f'<a linktype="page" id="{post.pk}">c</a></p>'
            f'<embed embedtype="image" id="{image.pk}" format="fullwidth" alt="x"/>'
        )
        body = every_block(
            page=demand,
            image=image,
            supporter=supporter,
            demands=[demand],
            document=document,
            html=html,
        )
        body.append(child("demand_list", {"heading": "", "demands": []}))
        body.append(
            child(
                "organisation_wall",
                {
                    "heading": "",
                    "organisations": [item(organisation.pk)],
                    "role": "",
                    "country": "",
                },
            )
        )
        set_body(post, body)


ALL_FIELDS = (
    PLAIN_BLOCKS
    + """
fragment Blocks on CampaignPostBodyBlock {
  ...PlainBlocks
  ... on ImageBlock { id altText caption credit image { url rendition(preset: CONTENT) { url } } }
  ... on QuoteBlock { id text speaker speakerRole sourceUrl
      supporter { name path url politicalGroup { shortName } image { rendition(preset: PORTRAIT) {
        url } } parent { title } } }
  ... on CallToActionBlock { id ctaTitle: headline ctaText: description buttonLabel ctaUrl: linkUrl
      page { __typename title path } }
  ... on DemandListBlock { id heading demands { number title path } }
  ... on OrganisationWallBlock { id heading role country { name }
      organisations { name logo { rendition(preset: LOGO) { url } } } }
}
query Posts($first: Int!) { posts(first: $first) { edges { node { title body { ...Blocks } } } } }
"""
)


def count_queries(gql, query: str, variables: dict) -> tuple[int, dict]:
    gql(query, variables)  # the first run creates the image renditions
    with CaptureQueriesContext(connection) as captured:
        result = gql(query, variables)
    return len(captured.captured_queries), result.data


FEW_FIELDS = """
query Posts($first: Int!) { posts(first: $first) { edges { node { body {
  ... on DemandListBlock { demands { number } }
  ... on ParagraphBlock { richText { html } }
} } } } }
"""


def test_bodies_of_a_list_load_in_a_fixed_number_of_queries(campaign_tree, gql, settings):
    # Every block field of a page of posts: far above the cost budget a client gets.
    settings.GRAPHQL_MAX_COST = 10**12
    add_posts_with_bodies(campaign_tree, 12)

    small, small_data = count_queries(gql, ALL_FIELDS, {"first": 3})
    large, large_data = count_queries(gql, ALL_FIELDS, {"first": 12})
    # Asking for the body alone: the optimizer must still load what the blocks need (the tree
    # path for the campaign's demands, the locale for links) with the posts.
    small_few, _ = count_queries(gql, FEW_FIELDS, {"first": 3})
    large_few, _ = count_queries(gql, FEW_FIELDS, {"first": 12})

    assert len(small_data["posts"]["edges"]) == 3
    assert len(large_data["posts"]["edges"]) == 12
    for edge in large_data["posts"]["edges"]:
        body = edge["node"]["body"]
        assert len(body) == 13
        assert body[3]["supporter"]["politicalGroup"] == {"shortName": "Renew"}
        assert len(body[6]["organisations"]) == 1  # the lead organisation in Belgium
        assert len(body[11]["demands"]) == 12  # the campaign's demands
        assert len(body[12]["organisations"]) == 1  # the one chosen
    assert small == large, (small, large)
    assert small_few == large_few, (small_few, large_few)


def test_union_members_can_be_selected_together_without_aliases(campaign_tree, gql, settings):
    """No two members of a body union share a field name with different types."""
    settings.GRAPHQL_MAX_COST = 10**12  # every block field of 20 posts
    query = """{ posts { edges { node { body { __typename
      ... on HeadingBlock { id text level }
      ... on ParagraphBlock { id richText { html } }
      ... on ImageBlock { id altText caption credit image { url } }
      ... on QuoteBlock { id text speaker speakerRole sourceUrl supporter { name } }
      ... on CallToActionBlock { id headline description buttonLabel linkUrl page { path } }
      ... on DemandListBlock { id heading demands { number } }
      ... on OrganisationWallBlock { id heading organisations { name } role country { code } }
      ... on KeyFigureBlock { id number label source sourceUrl asOf }
      ... on ActionListBlock { id heading actions { id date title description url } }
      ... on EmbedBlock { id url html title providerName thumbnailUrl width height }
      ... on DocumentLinkBlock { id title description document { url } }
    } } } } }"""
    result = gql(query)
    assert result.data == {"posts": {"edges": []}}
