"""A post's full content as one piece of self-contained HTML, for feeds.

The content comes from the GraphQL API itself (``frontend_schema``), run inside the request: so
rich text, page choosers, images and documents follow the API's rules exactly (links to hidden
pages lose their ``href``, a hidden supporter or demand is left out, images are renditions of the
``content`` preset). This module only turns the API's blocks into HTML and makes every link
absolute: front-end paths on the front end's base URL (``FRONTEND_BASE_URL``, else the site's
root URL), files on the host that serves them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.html import escape
from strawberry.django.context import StrawberryDjangoContext
from wagtail.models import Site

from frontend_schema.nodes import global_id

# Images in content are JPEG: WebP is not shown by every mail client (Mailchimp's RSS campaigns).
CONTENT_QUERY = """
query FeedContent($ids: [ID!]!) {
  nodes(ids: $ids) {
    ... on CampaignPost {
      databaseId
      url
      seo { canonicalUrl }
      body {
        __typename
        ... on HeadingBlock { text level }
        ... on ParagraphBlock { richText { html } }
        ... on ImageBlock {
          altText caption credit
          image { rendition(preset: CONTENT, format: JPEG) { url width height } }
        }
        ... on QuoteBlock { text speaker speakerRole sourceUrl supporter { url } }
        ... on CallToActionBlock { headline description buttonLabel linkUrl page { url } }
        ... on DemandListBlock { heading demands { number title url } }
        ... on OrganisationWallBlock { heading organisations { title url } }
        ... on KeyFigureBlock { number label source sourceUrl }
        ... on ActionListBlock { heading actions { date title description url } }
        ... on EmbedBlock { url title }
        ... on DocumentLinkBlock { title description document { title url } }
      }
    }
  }
}
"""

# The API allows at most this many IDs in one ``nodes`` call.
NODES_BATCH = 100


@dataclass(frozen=True)
class PostContent:
    """What the API says of one post: its front-end ``url``, its ``canonical_url`` (the
    original's, for a post first published elsewhere) and its body as ``html``."""

    url: str
    canonical_url: str
    html: str


class ContentError(RuntimeError):
    """The API answered the content query with errors (a bug here, never a client's fault)."""


def frontend_base_url(site: Site) -> str:
    """The front end's base URL, without a trailing slash: ``FRONTEND_BASE_URL``, else the
    site's root URL (the same base the API's ``url`` fields use)."""
    return (settings.FRONTEND_BASE_URL or site.root_url).rstrip("/")


def post_contents(
    request: HttpRequest, post_ids: list[int], *, site: Site
) -> dict[int, PostContent]:
    """The content of the public posts with ``post_ids``, by post ID, as the API gives it to
    ``request`` (its site, its host for file URLs). A post the API does not show is missing from
    the answer. Raises ``ContentError`` if the API reports an error."""
    from frontend_schema.schema import schema

    base = frontend_base_url(site)
    contents: dict[int, PostContent] = {}
    for start in range(0, len(post_ids), NODES_BATCH):
        ids = [global_id("CampaignPost", pk) for pk in post_ids[start : start + NODES_BATCH]]
        context = StrawberryDjangoContext(request=request, response=HttpResponse())
        result = schema.execute_sync(CONTENT_QUERY, {"ids": ids}, context_value=context)
        if result.errors:
            raise ContentError("; ".join(error.message for error in result.errors))
        for node in result.data["nodes"]:
            if not node:
                continue
            html = "\n".join(filter(None, (_block_html(block, base) for block in node["body"])))
            contents[node["databaseId"]] = PostContent(
                url=node["url"],
                canonical_url=(node["seo"] or {}).get("canonicalUrl") or node["url"],
                html=html,
            )
    return contents


# Attributes whose value is a URL, in HTML the API gives out (rich text).
_URL_ATTRIBUTE = re.compile(r"""(\s(?:href|src)=)(["'])/(?!/)""")


def absolute_links(html: str, base: str) -> str:
    """``html`` with every root-relative ``href`` and ``src`` ('/news/x/') made absolute on
    ``base``; absolute URLs and protocol-relative ones ('//cdn…') are left alone."""
    return _URL_ATTRIBUTE.sub(lambda match: f"{match[1]}{match[2]}{base}/", html)


def _link(url: str | None, text: str) -> str:
    if not url:
        return escape(text)
    return f'<a href="{escape(url)}">{escape(text)}</a>'


def _block_html(block: dict, base: str) -> str:
    kind = block["__typename"]
    if kind == "HeadingBlock":
        level = {"H2": "h2", "H3": "h3", "H4": "h4"}.get(block["level"], "h2")
        return f"<{level}>{escape(block['text'])}</{level}>"
    if kind == "ParagraphBlock":
        return absolute_links(block["richText"]["html"], base)
    if kind == "ImageBlock":
        rendition = block["image"]["rendition"]
        caption = " ".join(
            escape(part)
            for part in (block["caption"], block["credit"] and f"({block['credit']})")
            if part
        )
        figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
        return (
            f'<figure><img src="{escape(rendition["url"])}" width="{rendition["width"]}" '
            f'height="{rendition["height"]}" alt="{escape(block["altText"])}">{figcaption}</figure>'
        )
    if kind == "QuoteBlock":
        speaker = block["speaker"]
        if block["speakerRole"]:
            speaker = f"{speaker}, {block['speakerRole']}"
        supporter_url = (block["supporter"] or {}).get("url")
        cite = f' cite="{escape(block["sourceUrl"])}"' if block["sourceUrl"] else ""
        return (
            f"<blockquote{cite}><p>{escape(block['text'])}</p>"
            f"<footer>— {_link(supporter_url, speaker)}</footer></blockquote>"
        )
    if kind == "CallToActionBlock":
        target = (block["page"] or {}).get("url") or block["linkUrl"]
        description = f"<p>{escape(block['description'])}</p>" if block["description"] else ""
        return (
            f"<aside><h3>{escape(block['headline'])}</h3>{description}"
            f"<p>{_link(target, block['buttonLabel'])}</p></aside>"
        )
    if kind == "DemandListBlock":
        items = "".join(
            f"<li>{_link(demand['url'], demand['title'])}</li>" for demand in block["demands"]
        )
        return _section(block["heading"], f"<ol>{items}</ol>" if items else "")
    if kind == "OrganisationWallBlock":
        items = "".join(
            f"<li>{_link(organisation['url'], organisation['title'])}</li>"
            for organisation in block["organisations"]
        )
        return _section(block["heading"], f"<ul>{items}</ul>" if items else "")
    if kind == "KeyFigureBlock":
        source = block["source"] or block["sourceUrl"]
        source_html = f" <small>({_link(block['sourceUrl'], source)})</small>" if source else ""
        return f"<p><strong>{block['number']}</strong> {escape(block['label'])}{source_html}</p>"
    if kind == "ActionListBlock":
        items = "".join(
            f'<li><time datetime="{escape(action["date"])}">{escape(action["date"])}</time> '
            f"{_link(action['url'], action['title'])}"
            + (f": {escape(action['description'])}" if action["description"] else "")
            + "</li>"
            for action in block["actions"]
        )
        return _section(block["heading"], f"<ul>{items}</ul>" if items else "")
    if kind == "EmbedBlock":
        # A link, not the provider's player: partners' sites and mail clients strip iframes and
        # scripts, and a link works everywhere.
        return f"<p>{_link(block['url'], block['title'] or block['url'])}</p>"
    if kind == "DocumentLinkBlock":
        document = block["document"]
        description = f" — {escape(block['description'])}" if block["description"] else ""
        return f"<p>{_link(document['url'], block['title'] or document['title'])}{description}</p>"
    return ""


def _section(heading: str | None, inner: str) -> str:
    if not inner:
        return ""
    heading_html = f"<h3>{escape(heading)}</h3>" if heading else ""
    return f"{heading_html}{inner}"
