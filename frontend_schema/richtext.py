"""Rich text for front ends: HTML with links and images resolved, and a plain-text form.

Internal page links become the target's front-end path, but only when the target is public in
this site (``campaign.selectors.public_pages``); a link to a draft, private or other-site page
keeps its words and loses its ``href``. Embedded images become rendition URLs of the ``CONTENT``
preset. All references of every rich text value in a group are loaded together.
"""

from __future__ import annotations

from collections.abc import Iterable

import strawberry
from django.utils.html import escape, strip_tags
from strawberry import Info
from wagtail.documents import get_document_model
from wagtail.embeds import embeds
from wagtail.embeds.exceptions import EmbedException
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.rich_text.rewriters import (
    FIND_A_TAG,
    FIND_EMBED_TAG,
    EmbedRewriter,
    LinkRewriter,
    MultiRuleRewriter,
    extract_attrs,
)

from campaign.selectors import public_documents, public_pages
from frontend_schema.context import site_roots
from frontend_schema.images import (
    PRESETS,
    ImageFormat,
    ImagePreset,
    absolute_url,
    renditions_prefetch,
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
    """Pages, documents and images referenced by a batch of rich text values."""

    def __init__(self, info: Info, html_values: list[str]):
        self.info = info
        self.locale_id: int | None = None
        page_ids = _ids(html_values, FIND_A_TAG, "linktype", "page")
        document_ids = _ids(html_values, FIND_A_TAG, "linktype", "document")
        image_ids = _ids(html_values, FIND_EMBED_TAG, "embedtype", "image")
        # A link points at a page in one locale; like Wagtail's own rendering, it is followed to
        # the translation in the locale of the text that holds it, and only if that is public.
        self.pages = {}
        if page_ids:
            keys = Page.objects.filter(pk__in=page_ids).values("translation_key")
            visible = public_pages(
                Page.objects.filter(translation_key__in=keys), site_roots=site_roots(info)
            )
            by_key = {(page.translation_key, page.locale_id): page for page in visible}
            targets = Page.objects.filter(pk__in=page_ids).values_list("pk", "translation_key")
            self.pages = {
                pk: {locale_id: page for (key2, locale_id), page in by_key.items() if key2 == key}
                for pk, key in targets
            }
        self.documents = {}
        if document_ids:
            documents = public_documents(get_document_model().objects.filter(pk__in=document_ids))
            self.documents = {document.pk: document for document in documents}
        self.images = {}
        if image_ids:
            images = get_image_model().objects.filter(pk__in=image_ids)
            self.images = {
                image.pk: image for image in images.prefetch_related(renditions_prefetch())
            }

    def page_links(self, attrs_list: list[dict]) -> list[str]:
        tags = []
        for attrs in attrs_list:
            translations = self.pages.get(_int(attrs.get("id")), {})
            page = translations.get(self.locale_id)
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
            rendition = image.get_rendition(preset.spec(preset.width, ImageFormat.WEBP))
            alt = attrs.get("alt") or image.default_alt_text or ""
            tags.append(
                f'<img src="{escape(absolute_url(self.info, rendition.url))}" '
                f'width="{rendition.width}" height="{rendition.height}" alt="{escape(alt)}" '
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
        expanded = rewriter(html or "")
        return RichTextType(html=expanded, text=html_to_text(expanded))


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def html_to_text(html: str) -> str:
    """Plain text with paragraphs and list items on their own lines."""
    for tag in ("</p>", "<br>", "<br/>", "</li>", "</h2>", "</h3>", "</h4>"):
        html = html.replace(tag, tag + "\n")
    lines = (line.strip() for line in strip_tags(html).splitlines())
    return "\n".join(line for line in lines if line)


def render_rich_text_batch(
    info: Info, html_values: list[str], locale_ids: list[int]
) -> list[RichTextType]:
    """Render many rich text values, each held by content in the matching locale, with one set
    of reference queries."""
    references = References(info, html_values)
    return [
        references.render(html, locale_id)
        for html, locale_id in zip(html_values, locale_ids, strict=True)
    ]
