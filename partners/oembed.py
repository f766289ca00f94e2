"""The oEmbed provider (https://oembed.com/, version 1.0): ``/oembed/?url=…``.

Any public page of ours, given by its front-end URL (on FRONTEND_BASE_URL) or its CMS URL, is
answered with a ``rich`` embed: an ``<iframe>`` of one of our widgets (``partners.embeds``), sized
within the consumer's ``maxwidth``/``maxheight``. A campaign embeds as its signature counter, a
coalition index as the logo wall, every other page as its card. Errors follow section 2.3 of the
specification: 404 when the URL names no public page of ours, 501 for a format other than JSON,
400 for a malformed ``url``, ``maxwidth`` or ``maxheight``.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from wagtail.models import Page

from campaign import models
from partners import selectors
from partners.embeds import json_response, safe_methods_only

OEMBED_VERSION = "1.0"
# Longest url parameter taken: far above any URL of ours, short enough to parse quickly.
MAX_URL_LENGTH = 2048
MAX_DIMENSION = 10_000


@dataclass(frozen=True)
class Widget:
    """Which widget stands for a page, and its natural size in CSS pixels."""

    url_name: str
    width: int
    height: int


COUNTER = Widget("partners-embed-counter-locale", 360, 250)
COALITION = Widget("partners-embed-coalition-locale", 600, 360)
CARD = Widget("partners-embed-card-locale", 400, 420)


def widget_for(page: Page) -> tuple[Widget, Page]:
    """The widget that embeds ``page``, and the page whose ID goes in its URL (a coalition
    index embeds its campaign's logo wall, by the index's own ID)."""
    if isinstance(page, models.CampaignPage):
        return COUNTER, page
    if isinstance(page, models.OrganisationIndexPage):
        return COALITION, page  # the coalition widget takes the index's ID too
    return CARD, page


def widget_path(page: Page, widget: Widget | None = None, language_code: str = "") -> str:
    """The path of the page's widget in ``language_code`` (default: the page's language):
    '/embed/de/counter/12/'."""
    if widget is None:
        widget, page = widget_for(page)
    code = language_code or page.locale.language_code
    return reverse(widget.url_name, args=(code, page.pk))


def oembed_path(page_url: str) -> str:
    """Our oEmbed endpoint's path for the page at ``page_url`` (JSON)."""
    return f"{reverse('partners-oembed')}?{urlencode({'url': page_url, 'format': 'json'})}"


def fit(widget: Widget, maxwidth: int | None, maxheight: int | None) -> tuple[int, int]:
    """The iframe's ``(width, height)``: the widget's own size, narrowed to ``maxwidth`` and
    lowered to ``maxheight`` (the widgets reflow to any width; a shorter frame scrolls)."""
    width = min(widget.width, maxwidth) if maxwidth else widget.width
    height = min(widget.height, maxheight) if maxheight else widget.height
    return width, height


def _dimension(request, name: str) -> int | None:
    value = request.GET.get(name, "")
    if value == "":
        return None
    if not value.isdigit() or not 0 < int(value) <= MAX_DIMENSION:
        raise ValueError(f"{name} must be a whole number of pixels from 1 to {MAX_DIMENSION}.")
    return int(value)


def _error(status: int, message: str) -> HttpResponse:
    return json_response({"error": message}, status=status)


@safe_methods_only
def oembed(request) -> HttpResponse:
    """Answer an oEmbed request: ``url`` (required), ``format`` (json, the default), ``maxwidth``
    and ``maxheight`` (pixels). The answer is a ``rich`` embed with ``html``, ``width``,
    ``height``, ``title``, ``provider_name``/``provider_url``, ``cache_age``, and a
    thumbnail when the page has a picture."""
    response_format = request.GET.get("format", "json")
    if response_format != "json":
        return _error(501, "Only format=json is supported.")
    url = request.GET.get("url", "")
    if not url:
        return _error(400, "The url parameter is required.")
    if len(url) > MAX_URL_LENGTH:
        return _error(400, f"The url is longer than {MAX_URL_LENGTH} characters.")
    try:
        maxwidth = _dimension(request, "maxwidth")
        maxheight = _dimension(request, "maxheight")
    except ValueError as error:
        return _error(400, str(error))
    site = selectors.request_site(request)
    try:
        page = selectors.page_for_url(url, request=request, site=site)
    except selectors.MalformedURL as error:
        return _error(400, str(error))
    if page is None:
        return _error(404, "The url is not a public page of this campaign.")

    widget, subject = widget_for(page)
    width, height = fit(widget, maxwidth, maxheight)
    src = request.build_absolute_uri(widget_path(subject, widget))
    html = format_html(
        '<iframe src="{}" width="{}" height="{}" title="{}" loading="lazy" '
        'style="border:0;max-width:100%" referrerpolicy="strict-origin-when-cross-origin">'
        "</iframe>",
        src,
        width,
        height,
        page.title,
    )
    provider_url = settings.FRONTEND_BASE_URL or site.root_url
    payload = {
        "version": OEMBED_VERSION,
        "type": "rich",
        "title": page.title,
        "provider_name": site.site_name or settings.WAGTAIL_SITE_NAME,
        "provider_url": provider_url.rstrip("/") + "/",
        "cache_age": settings.PARTNERS_EMBED_MAX_AGE,
        "html": str(html),
        "width": width,
        "height": height,
    }
    payload.update(_thumbnail(request, page, maxwidth, maxheight))
    return json_response(payload, cache_request=request)


# Thumbnail sizes offered, largest first: fixed, so that a consumer's maxwidth cannot make the
# CMS render a new size of a picture for every pixel value.
THUMBNAIL_SIZES = ((640, 360), (320, 180), (160, 90))


def _thumbnail(request, page: Page, maxwidth: int | None, maxheight: int | None) -> dict:
    """``thumbnail_url``/``_width``/``_height`` of the page's picture (a 16:9 crop; a logo is
    fitted, never cropped), at the largest of ``THUMBNAIL_SIZES`` within maxwidth/maxheight as
    the specification asks; empty without a picture or when none fits."""
    image = selectors.hero_image(page)
    if image is None:
        return {}
    for width, height in THUMBNAIL_SIZES:
        if (maxwidth or width) >= width and (maxheight or height) >= height:
            break
    else:
        return {}
    operation = "max" if isinstance(page, models.OrganisationPage) else "fill"
    rendition = image.get_rendition(f"{operation}-{width}x{height}")
    return {
        "thumbnail_url": request.build_absolute_uri(rendition.url),
        "thumbnail_width": rendition.width,
        "thumbnail_height": rendition.height,
    }
