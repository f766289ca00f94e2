"""Rich text for front ends: HTML with links and images resolved, and a plain-text form.

Rich text is rendered in one place, ``References.render``: the HTML given out is Wagtail's stored
format with every reference resolved and every Wagtail-internal attribute removed
(``INTERNAL_ATTRIBUTES``); ``text`` is that HTML as plain text, entities decoded, one line per
block element or line break. Rich text with neither words nor media is absent (null where the
field is optional).

Internal page links become the target's front-end ``path`` (with its language prefix), by the
rule page choosers follow too (``campaign.selectors.public_link_targets``): the translation in
the locale of the text if it is public, else the linked page itself if it is public; otherwise
the link keeps its words and loses its ``href``. Embedded images become rendition URLs of the
``CONTENT`` preset. All references of every rich text value in a group are loaded together.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html.parser import HTMLParser

import strawberry
from django.utils.html import escape
from strawberry import Info
from wagtail.documents import get_document_model
from wagtail.embeds import embeds
from wagtail.embeds.exceptions import EmbedException
from wagtail.rich_text.rewriters import (
    FIND_A_TAG,
    FIND_EMBED_TAG,
    EmbedRewriter,
    LinkRewriter,
    MultiRuleRewriter,
    extract_attrs,
)

from campaign.selectors import public_documents, public_link_targets
from frontend_schema.context import site_roots, state
from frontend_schema.images import (
    PRESETS,
    ImageFormat,
    ImagePreset,
    absolute_url,
    images_with_renditions,
    rendition_or_serve_url,
)
from frontend_schema.paths import page_path


@strawberry.type(name="RichText", description="Formatted text written in the admin.")
class RichTextType:
    html: str = strawberry.field(
        description="HTML with internal links as front-end paths and images as rendition URLs."
    )
    text: str = strawberry.field(description="The same text without any markup.")


def _ids(html_values: Iterable[str], pattern, attribute: str, value: str) -> set[int]:
    ids: set[int] = set()
    for html in html_values:
        for match in pattern.finditer(html or ""):
            attrs = extract_attrs(match.group(1))
            if attrs.get(attribute) == value and str(attrs.get("id", "")).isdigit():
                ids.add(int(attrs["id"]))
    return ids


class References:
    """Pages, documents and images referenced by a batch of rich text values.

    ``values`` are ``(html, locale ID)`` pairs: each text with the locale of the content that
    holds it, which is where its page links lead (``campaign.selectors.public_link_targets``).
    """

    def __init__(self, info: Info, values: list[tuple[str, int]]):
        self.info = info
        self.locale_id: int | None = None
        html_values = [html for html, _locale_id in values]
        document_ids = _ids(html_values, FIND_A_TAG, "linktype", "document")
        image_ids = _ids(html_values, FIND_EMBED_TAG, "embedtype", "image")
        links = {
            (page_id, locale_id)
            for html, locale_id in values
            for page_id in _ids([html], FIND_A_TAG, "linktype", "page")
        }
        self.pages = public_link_targets(links, site_roots=site_roots(info))
        self.documents = {}
        if document_ids:
            documents = public_documents(get_document_model().objects.filter(pk__in=document_ids))
            self.documents = {document.pk: document for document in documents}
        self.images = {}
        if image_ids:
            self.images = images_with_renditions(image_ids)

    def page_links(self, attrs_list: list[dict]) -> list[str]:
        tags = []
        for attrs in attrs_list:
            page = self.pages.get((_int(attrs.get("id")), self.locale_id))
            path = page_path(self.info, page) if page is not None else None
            tags.append(f'<a href="{escape(path)}">' if path else "<a>")
        return tags

    def document_links(self, attrs_list: list[dict]) -> list[str]:
        tags = []
        for attrs in attrs_list:
            document = self.documents.get(_int(attrs.get("id")))
            if document is None:
                tags.append("<a>")
            else:
                state(self.info).cache_tags.add_document(document)
                tags.append(f'<a href="{escape(absolute_url(self.info, document.url))}">')
        return tags

    def image_embeds(self, attrs_list: list[dict]) -> list[str]:
        preset = PRESETS[ImagePreset.CONTENT]
        tags = []
        for attrs in attrs_list:
            image = self.images.get(_int(attrs.get("id")))
            if image is None:
                tags.append("")
                continue
            state(self.info).cache_tags.add_image(image)
            url, width, height = rendition_or_serve_url(
                image, preset.spec(preset.width, ImageFormat.WEBP)
            )
            alt = attrs.get("alt") or image.default_alt_text or ""
            tags.append(
                f'<img src="{escape(absolute_url(self.info, url))}" '
                f'width="{width}" height="{height}" alt="{escape(alt)}" '
                f'class="richtext-image {escape(attrs.get("format", ""))}">'
            )
        return tags

    def media_embeds(self, attrs_list: list[dict]) -> list[str]:
        html = []
        for attrs in attrs_list:
            try:
                html.append(embeds.get_embed(attrs.get("url", "")).html)
            except EmbedException:
                url = escape(attrs.get("url", ""))
                html.append(f'<a href="{url}">{url}</a>')
        return html

    def render(self, html: str, locale_id: int) -> RichTextType:
        """Render ``html`` held by content in the locale ``locale_id``."""
        self.locale_id = locale_id
        rewriter = MultiRuleRewriter(
            [
                LinkRewriter(bulk_rules={"page": self.page_links, "document": self.document_links}),
                EmbedRewriter(bulk_rules={"image": self.image_embeds, "media": self.media_embeds}),
            ]
        )
        expanded = rewriter(clean_html(html or ""))
        return RichTextType(html=expanded, text=html_to_text(expanded))


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# Attributes of Wagtail's stored format that mean nothing outside it: Draftail's block keys and
# the references (`<a linktype="page" id="3">`, `<embed embedtype="image" …>`) that
# ``References`` resolves. An `id` in stored rich text is always a database ID.
INTERNAL_ATTRIBUTES = frozenset({"data-block-key", "linktype", "embedtype", "id"})

_ATTRIBUTE = r"""[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?"""
_START_TAG = re.compile(rf"<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+{_ATTRIBUTE})*)\s*(/?)>")
_ATTRIBUTES = re.compile(rf"\s+({_ATTRIBUTE})")
# What a front end shows even without words: pictures and embedded media.
_MEDIA_TAG = re.compile(r"<(img|iframe|video|audio|object|embed|svg)\b", re.IGNORECASE)


def clean_html(html: str) -> str:
    """Stored rich text without ``INTERNAL_ATTRIBUTES``, except on the references that
    ``References`` replaces whole (``<a linktype>``, ``<embed>``); the rest is kept as written."""

    def clean_tag(match: re.Match) -> str:
        name, attributes, self_closing = match.groups()
        names = [
            attribute.split("=", 1)[0].strip().lower()
            for attribute in _ATTRIBUTES.findall(attributes)
        ]
        is_reference = name.lower() == "embed" or (name.lower() == "a" and "linktype" in names)
        if is_reference or not INTERNAL_ATTRIBUTES.intersection(names):
            return match.group(0)
        kept = [
            attribute
            for attribute in _ATTRIBUTES.findall(attributes)
            if attribute.split("=", 1)[0].strip().lower() not in INTERNAL_ATTRIBUTES
        ]
        return "<" + " ".join([name, *kept]) + ("/" if self_closing else "") + ">"

    return _START_TAG.sub(clean_tag, html)


# Elements that start a new line of text (HTML's block-level elements that rich text uses).
_BLOCK_ELEMENTS = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre"}
    | {"figure", "figcaption", "hr", "table", "tr", "section", "article", "header", "footer"}
)
# HTML collapses runs of these (and only these: a no-break space is kept).
_HTML_WHITESPACE = re.compile(r"[ \t\n\r\f]+")


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []

    def break_line(self) -> None:
        line = _HTML_WHITESPACE.sub(" ", "".join(self.current)).strip(" ")
        if line:
            self.lines.append(line)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag == "br" or tag in _BLOCK_ELEMENTS:
            self.break_line()

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in _BLOCK_ELEMENTS:
            self.break_line()

    def handle_data(self, data):
        self.current.append(data)


def html_to_text(html: str) -> str:
    """Plain text: entities decoded, whitespace collapsed as a browser does, and one line per
    block element (paragraph, heading, list item) or line break; no empty lines."""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    extractor.break_line()
    return "\n".join(extractor.lines)


def is_blank(rich_text: RichTextType) -> bool:
    """Whether rendered rich text shows nothing: no words and no media (an empty editor saves
    ``<p data-block-key="…"></p>``, not an empty string)."""
    return not rich_text.text and not _MEDIA_TAG.search(rich_text.html)


def render_rich_text_batch(
    info: Info, html_values: list[str], locale_ids: list[int]
) -> list[RichTextType]:
    """Render many rich text values, each held by content in the matching locale, with one set
    of reference queries."""
    references = References(info, list(zip(html_values, locale_ids, strict=True)))
    return [
        references.render(html, locale_id)
        for html, locale_id in zip(html_values, locale_ids, strict=True)
    ]
