"""The campaign's news as RSS 2.0, Atom 1.0 and JSON Feed 1.1, one feed per campaign, locale and
(optionally) tag. URLs and fields are documented in docs/partners.md ("Feeds").

RSS and Atom are written by Django's syndication framework, with generators that add what partners
need beyond Django's defaults: the full content (RSS ``content:encoded``, Atom ``content``), the
hero image (``media:content``, Media RSS), the licence (RSS ``creativeCommons:license``, Atom
``link rel="license"``, RFC 4946), the canonical URL (``link rel="canonical"``, RFC 6596) and
whether partners may republish (``partners:republish``, our own namespace ``PARTNERS_NS``). The
JSON Feed is built here from the same entries (https://www.jsonfeed.org/version/1.1/), with the
same facts in a ``_partners`` extension object.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed, rfc3339_date
from django.utils.html import escape
from taggit.models import Tag
from wagtail.models import Site

from campaign.choices import Licence
from campaign.models import CampaignPage, CampaignPostPage
from frontend_schema.images import PRESETS, ImageFormat, ImagePreset
from partners.content import frontend_base_url, post_contents
from partners.selectors import post_published_at, post_updated_at

# Our namespace for what no standard vocabulary says: whether partners may republish an item and
# the licence's code. A tag URI (RFC 4151): a constant name, not an address to fetch; the
# elements are documented in docs/partners.md.
PARTNERS_NS = "tag:campaign-cms,2026:partners"
MEDIA_NS = "http://search.yahoo.com/mrss/"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
CREATIVE_COMMONS_NS = "http://backend.userland.com/creativeCommonsRssModule"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"

# The formats a feed comes in: URL file name, media type, and the name shown to people.
FORMATS = {
    "rss": ("rss.xml", "application/rss+xml", "RSS"),
    "atom": ("atom.xml", "application/atom+xml", "Atom"),
    "json": ("feed.json", "application/feed+json", "JSON Feed"),
}
FORMAT_BY_FILENAME = {filename: name for name, (filename, _, _) in FORMATS.items()}

# The legal code of each licence; "all rights reserved" has none.
LICENCE_URLS = {
    Licence.CC_BY_4: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC_BY_SA_4: "https://creativecommons.org/licenses/by-sa/4.0/",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
}

# The hero image as an enclosure: the link-preview crop, as JPEG, which every reader shows.
HERO_SPEC = PRESETS[ImagePreset.SOCIAL].spec(PRESETS[ImagePreset.SOCIAL].width, ImageFormat.JPEG)
HERO_MIME_TYPE = "image/jpeg"


def post_guid(post: CampaignPostPage) -> str:
    """A post's permanent feed ID: ``urn:uuid:`` and a UUID (version 5) of the post's
    translation key and language. It never changes when the title, slug or place of the post
    changes, and each translation has its own (RSS ``guid``, Atom ``id``, JSON Feed ``id``)."""
    return f"urn:uuid:{uuid.uuid5(post.translation_key, post.locale.language_code)}"


def feed_url(
    request: HttpRequest, *, campaign: CampaignPage, language_code: str, format: str, tag=None
) -> str:
    """The absolute URL of a feed on the host ``request`` came to. ``format`` is a key of
    ``FORMATS``; the campaign's slug in the URL is that of its translation in ``language_code``
    (any translation's slug finds the feed, see ``partners.selectors.feed_campaign``)."""
    kwargs = {"campaign": campaign.slug, "locale": language_code, "filename": FORMATS[format][0]}
    if tag is None:
        path = reverse("partners-feed", kwargs=kwargs)
    else:
        path = reverse("partners-tag-feed", kwargs={**kwargs, "tag": tag.slug})
    return request.build_absolute_uri(path)


@dataclass
class Image:
    url: str
    width: int
    height: int
    size: int
    alt: str
    mime_type: str = HERO_MIME_TYPE


@dataclass
class Entry:
    """One post as every format gives it. Dates are aware datetimes; ``content_html`` is the
    full post with absolute links; ``external_url`` is set only for a post first published
    elsewhere."""

    id: str
    title: str
    url: str
    canonical_url: str
    external_url: str | None
    summary: str
    content_html: str
    published: object
    updated: object
    tags: list[str]
    language: str
    licence: str
    licence_name: str
    licence_url: str | None
    may_republish: bool
    image: Image | None = None


@dataclass
class FeedData:
    """A whole feed: where it lives, what it is about, and its entries (newest first)."""

    title: str
    description: str
    home_page_url: str
    feed_urls: dict[str, str]
    format: str
    language: str
    guid: str
    author_name: str
    docs_url: str
    entries: list[Entry] = field(default_factory=list)

    @property
    def self_url(self) -> str:
        return self.feed_urls[self.format]


def _hero_image(request: HttpRequest, post: CampaignPostPage) -> Image | None:
    image = post.hero_image
    if image is None:
        return None
    rendition = image.get_rendition(HERO_SPEC)
    try:
        size = rendition.file.size
    except OSError:  # the file is gone from storage; RSS says 0 for an unknown length
        size = 0
    return Image(
        url=request.build_absolute_uri(rendition.url),
        width=rendition.width,
        height=rendition.height,
        size=size,
        alt=getattr(image, "default_alt_text", image.title),
    )


def feed_build(
    request: HttpRequest,
    *,
    site: Site,
    campaign: CampaignPage,
    posts: list[CampaignPostPage],
    format: str,
    tag: Tag | None = None,
) -> FeedData:
    """The feed of ``posts`` (``partners.selectors.feed_posts``) of ``campaign``, in ``format``,
    as served to ``request``. Posts the API does not show are left out (they never should be
    in ``posts``). The content of every post is fetched through the API in one query."""
    language = campaign.locale.language_code
    contents = post_contents(request, [post.pk for post in posts], site=site)
    entries = []
    for post in posts:
        content = contents.get(post.pk)
        if content is None:
            continue
        licence = Licence(post.licence)
        entries.append(
            Entry(
                id=post_guid(post),
                title=post.title,
                url=content.url,
                canonical_url=content.canonical_url,
                external_url=post.canonical_url or None,
                summary=post.summary,
                content_html=content.html + _attribution(post, content, licence),
                published=post_published_at(post),
                updated=post_updated_at(post),
                tags=sorted(tag.name for tag in post.tags.all()),
                language=language,
                licence=licence.value,
                licence_name=str(licence.label),
                licence_url=LICENCE_URLS.get(licence),
                may_republish=post.partners_may_republish,
                image=_hero_image(request, post),
            )
        )
    title = campaign.title if tag is None else f"{campaign.title}: {tag.name}"
    feed_key = f"{language}/{tag.slug if tag else ''}"
    return FeedData(
        title=title,
        description=campaign.tagline or campaign.title,
        home_page_url=_campaign_url(campaign, site),
        feed_urls={
            name: feed_url(request, campaign=campaign, language_code=language, format=name, tag=tag)
            for name in FORMATS
        },
        format=format,
        language=language,
        guid=f"urn:uuid:{uuid.uuid5(campaign.translation_key, feed_key)}",
        author_name=campaign.title,
        docs_url=request.build_absolute_uri(reverse("doc", args=["partners.md"])),
        entries=entries,
    )


def _campaign_url(campaign: CampaignPage, site: Site) -> str:
    from campaign.selectors import page_frontend_url

    return page_frontend_url(campaign, site=site, base_url=frontend_base_url(site)) or (
        frontend_base_url(site) + "/"
    )


def _attribution(post: CampaignPostPage, content, licence: Licence) -> str:
    """A closing line that travels with the content wherever it is republished: where the
    original is, and under which licence (the same facts are in the feed's own elements)."""
    licence_url = LICENCE_URLS.get(licence)
    licence_html = (
        f'<a href="{escape(licence_url)}" rel="license">{escape(licence.label)}</a>'
        if licence_url
        else escape(licence.label)
    )
    return (
        f'\n<p class="attribution">Originally published at '
        f'<a href="{escape(content.canonical_url)}">{escape(content.canonical_url)}</a>. '
        f"Licence: {licence_html}.</p>"
    )


# --- RSS and Atom ------------------------------------------------------------------------------


class PartnersRssFeed(Rss201rev2Feed):
    """RSS 2.0 with ``content:encoded``, ``media:content``, ``creativeCommons:license``,
    ``atom:link rel="canonical"`` and ``partners:republish`` on each item."""

    content_type = "application/rss+xml; charset=utf-8"

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": CONTENT_NS,
            "xmlns:media": MEDIA_NS,
            "xmlns:creativeCommons": CREATIVE_COMMONS_NS,
            "xmlns:partners": PARTNERS_NS,
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        entry: Entry = item["entry"]
        handler.addQuickElement("content:encoded", entry.content_html)
        handler.addQuickElement(
            "atom:link", None, {"rel": "canonical", "href": entry.canonical_url}
        )
        if entry.licence_url:
            handler.addQuickElement("creativeCommons:license", entry.licence_url)
        handler.addQuickElement("partners:licence", entry.licence_name, {"code": entry.licence})
        handler.addQuickElement("partners:republish", str(entry.may_republish).lower())
        _media_content(handler, entry)


class PartnersAtomFeed(Atom1Feed):
    """Atom 1.0 with ``content``, ``media:content``, ``link rel="license"``,
    ``link rel="canonical"`` and ``partners:republish`` on each entry."""

    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_NS, "xmlns:partners": PARTNERS_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        entry: Entry = item["entry"]
        handler.addQuickElement("content", entry.content_html, {"type": "html"})
        handler.addQuickElement("link", "", {"rel": "canonical", "href": entry.canonical_url})
        if entry.licence_url:
            handler.addQuickElement(
                "link",
                "",
                {"rel": "license", "href": entry.licence_url, "title": entry.licence_name},
            )
        handler.addQuickElement("partners:licence", entry.licence_name, {"code": entry.licence})
        handler.addQuickElement("partners:republish", str(entry.may_republish).lower())
        _media_content(handler, entry)


def _media_content(handler, entry: Entry) -> None:
    image = entry.image
    if image is None:
        return
    handler.startElement(
        "media:content",
        {
            "url": image.url,
            "type": image.mime_type,
            "medium": "image",
            "width": str(image.width),
            "height": str(image.height),
            "fileSize": str(image.size),
        },
    )
    if image.alt:
        handler.addQuickElement("media:description", image.alt, {"type": "plain"})
    handler.endElement("media:content")


class CampaignFeed(Feed):
    """Django's syndication view over a ``FeedData``; ``feed_type`` chooses RSS or Atom."""

    def __init__(self, data: FeedData, feed_type):
        super().__init__()
        self.data = data
        self.feed_type = feed_type
        self.language = data.language

    def get_object(self, request, *args, **kwargs):
        return self.data

    def title(self, data):
        return data.title

    def link(self, data):
        return data.home_page_url

    def description(self, data):
        return data.description

    def subtitle(self, data):
        return data.description

    def feed_url(self, data):
        return data.self_url

    def feed_guid(self, data):
        return data.guid

    def author_name(self, data):
        return data.author_name

    def items(self, data):
        return data.entries

    def item_title(self, entry):
        return entry.title

    def item_link(self, entry):
        return entry.url

    def item_description(self, entry):
        return escape(entry.summary) if entry.summary else None

    def item_guid(self, entry):
        return entry.id

    def item_guid_is_permalink(self, entry):
        return False

    def item_pubdate(self, entry):
        return entry.published

    def item_updateddate(self, entry):
        return entry.updated

    def item_categories(self, entry):
        return entry.tags

    def item_copyright(self, entry):
        return entry.licence_name

    def item_enclosures(self, entry):
        if entry.image is None:
            return []
        return [Enclosure(entry.image.url, str(entry.image.size), entry.image.mime_type)]

    def item_extra_kwargs(self, entry):
        return {"entry": entry}


# --- JSON Feed ---------------------------------------------------------------------------------


def json_feed(data: FeedData) -> dict:
    """The feed as a JSON Feed 1.1 document (https://www.jsonfeed.org/version/1.1/). Licence,
    republishing and canonical URL are in each item's ``_partners`` extension object."""
    return {
        "version": JSON_FEED_VERSION,
        "title": data.title,
        "home_page_url": data.home_page_url,
        "feed_url": data.self_url,
        "description": data.description,
        "language": data.language,
        "authors": [{"name": data.author_name, "url": data.home_page_url}],
        "items": [_json_item(entry, data.docs_url) for entry in data.entries],
    }


def _json_item(entry: Entry, docs_url: str) -> dict:
    item = {
        "id": entry.id,
        "url": entry.url,
        "title": entry.title,
        "content_html": entry.content_html,
        "date_published": rfc3339_date(entry.published),
        "date_modified": rfc3339_date(entry.updated),
        "tags": entry.tags,
        "language": entry.language,
        "_partners": {
            "about": docs_url,
            "canonical_url": entry.canonical_url,
            "licence": entry.licence,
            "licence_name": entry.licence_name,
            "licence_url": entry.licence_url,
            "partners_may_republish": entry.may_republish,
        },
    }
    if entry.summary:
        item["summary"] = entry.summary
    if entry.external_url:
        item["external_url"] = entry.external_url
    if entry.image is not None:
        item["image"] = entry.image.url
        item["attachments"] = [
            {
                "url": entry.image.url,
                "mime_type": entry.image.mime_type,
                "size_in_bytes": entry.image.size,
                "title": entry.image.alt,
            }
        ]
    return item
