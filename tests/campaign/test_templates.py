"""The built-in templates: every page type and block renders readable HTML, never raw values,
and Wagtail's page URLs on the CMS host are not a second public site."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import override_settings
from django.utils import timezone
from wagtail import blocks
from wagtail.embeds import embeds
from wagtail.embeds.models import Embed
from wagtail.models import PageViewRestriction

from campaign import factories
from campaign.blocks import CallToActionStreamBlock, CampaignStreamBlock
from campaign.models import CampaignPage, CampaignPostPage, DemandPage
from campaign.services import signature_count_record

# What Python's repr or Wagtail's default block rendering leave on screen.
RAW = re.compile(
    r"<ListValue|StructValue|StreamValue|<[A-Z]\w*(Page|Image|Document): |\bNone\b|object at 0x"
    r"|\[<|\{'|<dl>|struct-block"
)
STREAM_BLOCKS = [CampaignStreamBlock(), CallToActionStreamBlock()]


@pytest.fixture(autouse=True)
def offline_embeds(monkeypatch):
    """Embeds as the oEmbed provider would answer, without the network."""

    def get_embed(url, max_width=None, max_height=None):
        return Embed(
            url=url,
            html='<iframe title="A video" src="https://www.youtube-nocookie.com/embed/x"></iframe>',
            type="video",
            width=640,
            height=360,
        )

    monkeypatch.setattr(embeds, "get_embed", get_embed)


@pytest.fixture
def full_tree(campaign_tree):
    return factories.pages_of_every_type(campaign_tree.campaign)


def walk(block):
    yield block
    for child in getattr(block, "child_blocks", {}).values():
        yield from walk(child)
    if isinstance(block, blocks.ListBlock):
        yield from walk(block.child_block)


def test_every_block_of_ours_has_a_template():
    ours = [
        block
        for stream in STREAM_BLOCKS
        for block in walk(stream)
        if type(block).__module__ == "campaign.blocks" and not isinstance(block, blocks.StreamBlock)
    ]
    assert ours
    missing = sorted({type(block).__name__ for block in ours if not block.meta.template})
    assert not missing, f"blocks rendered by Wagtail's default (raw values): {missing}"


class Outline(HTMLParser):
    """The headings, images and html lang of a document."""

    def __init__(self):
        super().__init__()
        self.headings: list[int] = []
        self.images: list[dict] = []
        self.lang = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        elif re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        elif tag == "img":
            self.images.append(attrs)


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


def assert_readable(html: str, what: str):
    raw = RAW.search(html)
    assert raw is None, (
        f"{what} shows raw data: …{html[max(raw.start() - 80, 0) : raw.end() + 80]}…"
    )


def assert_accessible(html: str, what: str):
    doc = outline(html)
    assert doc.lang, f"{what}: no lang attribute"
    assert doc.headings[:1] == [1] and doc.headings.count(1) == 1, f"{what}: {doc.headings}"
    for previous, level in zip(doc.headings, doc.headings[1:], strict=False):
        assert level <= previous + 1, f"{what}: heading h{level} after h{previous}"
    for image in doc.images:
        assert image.get("alt"), f"{what}: image without alt text: {image}"
        assert "/original_images/" not in image["src"], f"{what}: not a rendition"
        assert "/images/" in image["src"], f"{what}: not a rendition: {image['src']}"


def minimal(block, raw):
    """``raw`` with every optional field of every struct emptied, as an editor may leave it."""
    if isinstance(block, blocks.StructBlock):
        return {
            name: (
                []
                if isinstance(child, blocks.ListBlock)
                else child.get_prep_value(child.get_default())
                if not child.required
                else minimal(child, raw[name])
            )
            for name, child in block.child_blocks.items()
        }
    if isinstance(block, blocks.ListBlock):
        return [minimal(block.child_block, item) for item in raw]
    return raw


def test_every_block_renders_readable_html_full_and_minimal(full_tree):
    campaign = full_tree[CampaignPage]
    # The wall in the body selects lead organisations from Germany.
    factories.OrganisationPageFactory(
        parent=full_tree[factories.models.OrganisationIndexPage],
        title="Lead DE",
        role="lead",
        country="DE",
    )
    raw_body = factories.stream_with_every_block(
        image=factories.ImageFactory(),
        document=factories.DocumentFactory(),
        supporter=full_tree[factories.models.SupporterPage],
        demand=full_tree[DemandPage],
        target=full_tree[factories.models.PostIndexPage],
    )
    rendered = set()
    for stream in STREAM_BLOCKS:
        for name, block in stream.child_blocks.items():
            raw = next(item["value"] for item in raw_body if item["type"] == name)
            for variant, value in (("full", raw), ("minimal", minimal(block, raw))):
                html = block.render(block.to_python(value), context={"page": campaign})
                assert_readable(html, f"{name} ({variant})")
                if variant == "full":
                    assert html.strip(), f"{name} renders nothing"
            rendered.add(name)
    assert rendered == set(CampaignStreamBlock.base_blocks) | {"call_to_action"}


def test_blocks_show_what_they_hold(full_tree, client):
    html = client.get(full_tree[CampaignPostPage].url).content.decode()
    demand = full_tree[DemandPage]
    posts = full_tree[factories.models.PostIndexPage]

    assert "<h2>Why</h2>" in html
    assert 'alt="A crowd"' in html
    assert "<blockquote" in html and "Ban it." in html
    assert f'<a class="button" href="{posts.url}">Sign now</a>' in html
    assert f'<a href="{demand.url}">{demand.title}</a>' in html.replace("&#x27;", "'")
    assert "71,000" in html and "people signed" in html
    assert "Launch" in html
    assert '<iframe title="A video"' in html


def served(page, rf) -> str:
    """The page as Wagtail serves it at its URL (the site root's URL is the landing page)."""
    request = rf.get(page.url)
    request.user = AnonymousUser()
    response = page.serve(request)
    assert response.status_code == 200, type(page).__name__
    return response.render().content.decode()


def test_every_page_type_renders_readable_and_accessible_html(full_tree, rf):
    for model, page in full_tree.items():
        html = served(page, rf)
        assert_readable(html, model.__name__)
        assert_accessible(html, model.__name__)
        assert f"<h1>{page.title}</h1>" in html.replace("&#x27;", "'"), model.__name__


def test_the_built_in_preview_uses_the_templates(full_tree):
    for model, page in full_tree.items():
        response = page.make_preview_request()
        assert response.status_code == 200, model.__name__
        html = response.render().content.decode()
        assert "A plain preview from the CMS" in html
        assert_readable(html, model.__name__)
        assert_accessible(html, model.__name__)


def test_the_campaign_page_shows_its_counter(campaign_tree, rf):
    campaign = campaign_tree.campaign
    campaign.signature_goal = 1000000
    campaign.save_revision().publish()
    signature_count_record(campaign=campaign, count=71234, as_of=datetime.date(2021, 5, 1))

    html = served(campaign, rf)

    assert "71,234" in html and "1,000,000" in html
    assert '<progress value="71234" max="1000000"' in html
    assert '<time datetime="2021-05-01">' in html


# --- Wagtail's page URLs on the CMS host ---------------------------------------------------


@override_settings(FRONTEND_BASE_URL="https://www.example.org/")
def test_with_a_front_end_visitors_are_sent_to_the_pages_front_end_url(
    campaign_tree, locales, client
):
    post = factories.CampaignPostPageFactory(parent=campaign_tree.posts, slug="hello")
    italian = post.copy_for_translation(locales["it"], copy_parents=True)
    italian.save_revision().publish()

    response = client.get("/news/hello/")
    assert response.status_code == 302
    assert response["Location"] == "https://www.example.org/news/hello/"
    # The CMS host routes by the language prefix, like the API's paths; not by the header.
    response = client.get("/it/news/hello/")
    assert response["Location"] == "https://www.example.org/it/news/hello/"
    response = client.get("/news/hello/", HTTP_ACCEPT_LANGUAGE="it")
    assert response["Location"] == "https://www.example.org/news/hello/"
    assert client.get("/")["Content-Type"].startswith("text/html")


def test_without_a_front_end_only_public_pages_are_served(campaign_tree, client):
    public = factories.CampaignPostPageFactory(parent=campaign_tree.posts, slug="public")
    draft = factories.CampaignPostPageFactory(parent=campaign_tree.posts, slug="draft")
    draft.unpublish()
    private = factories.CampaignPostPageFactory(parent=campaign_tree.posts, slug="private")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    expired = factories.CampaignPostPageFactory(parent=campaign_tree.posts, slug="expired")
    CampaignPostPage.objects.filter(pk=expired.pk).update(
        expire_at=timezone.now() - datetime.timedelta(hours=1)
    )

    assert client.get("/news/public/").status_code == 200
    for slug in ("draft", "private", "expired"):
        assert client.get(f"/news/{slug}/").status_code == 404, slug
    assert public.live
