"""Views for partners: the feeds, the sitemap and robots.txt. They translate requests and
delegate; what is shown is decided in ``partners.selectors``."""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.contrib.sitemaps.views import index as sitemap_index_view
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from wagtail.models import Locale, Site

from frontend_schema.caching import SITEMAP_TAG, site_tag, tag_headers
from partners import selectors
from partners.feeds import (
    FORMAT_BY_FILENAME,
    FORMATS,
    CampaignFeed,
    PartnersAtomFeed,
    PartnersRssFeed,
    feed_build,
    json_feed,
)
from partners.sitemaps import PageSitemap


def feed_max_age() -> int:
    """Seconds a feed may be cached (``PARTNERS_FEED_MAX_AGE``, default 300)."""
    return getattr(settings, "PARTNERS_FEED_MAX_AGE", 300)


def request_site(request: HttpRequest) -> Site:
    """The Wagtail site the request's host names, else the default site; 404 without any."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site is configured.")
    return site


@require_safe
def feed(request: HttpRequest, campaign: str, locale: str, filename: str, tag: str | None = None):
    """A campaign's feed in one locale (and of one tag), as RSS, Atom or JSON Feed by file name.

    404 for an unknown locale, campaign (or one with no public translation in the locale),
    tag or file name. Answers carry ``ETag`` (a hash of the body), ``Last-Modified`` and
    ``Cache-Control``, and a conditional request that matches gets 304 Not Modified.
    """
    format_name = FORMAT_BY_FILENAME.get(filename)
    locale_object = Locale.objects.filter(language_code=locale).first()
    if format_name is None or locale_object is None:
        raise Http404("No such feed.")
    site = request_site(request)
    campaign_page = selectors.feed_campaign(site=site, slug=campaign, locale=locale_object)
    tag_object = selectors.feed_tag(slug=tag) if tag is not None else None
    if campaign_page is None or (tag is not None and tag_object is None):
        raise Http404("No such feed.")
    posts = selectors.feed_posts(campaign=campaign_page, tag=tag_object)
    data = feed_build(
        request, site=site, campaign=campaign_page, posts=posts, format=format_name, tag=tag_object
    )
    if format_name == "json":
        body = json.dumps(json_feed(data), ensure_ascii=False, indent=2).encode()
        response = HttpResponse(body, content_type=f"{FORMATS['json'][1]}; charset=utf-8")
    else:
        feed_type = PartnersRssFeed if format_name == "rss" else PartnersAtomFeed
        response = CampaignFeed(data, feed_type)(request)
    last_modified = selectors.feed_last_modified(campaign=campaign_page, posts=posts)
    return _conditional(request, response, last_modified=last_modified)


def _conditional(request: HttpRequest, response: HttpResponse, *, last_modified) -> HttpResponse:
    """``response`` with validators and caching headers, or 304 when the client's copy is
    current (RFC 9110 section 13: ``If-None-Match`` first, then ``If-Modified-Since``)."""
    etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    response.headers["ETag"] = etag
    timestamp = int(last_modified.timestamp()) if last_modified is not None else None
    if timestamp is not None:
        response.headers["Last-Modified"] = http_date(timestamp)
    else:
        response.headers.pop("Last-Modified", None)
    patch_cache_control(response, public=True, max_age=feed_max_age())
    conditional = get_conditional_response(
        request, etag=etag, last_modified=timestamp, response=response
    )
    if conditional is not response:
        patch_cache_control(conditional, public=True, max_age=feed_max_age())
    return conditional


# --- Sitemap and robots.txt ------------------------------------------------------------------


@require_safe
def sitemap(request: HttpRequest) -> HttpResponse:
    """``/sitemap.xml``: the sitemap of the request's site, or, when it needs more than one
    file (``PARTNERS_SITEMAP_LIMIT`` URLs each), a sitemap index of its pages
    (``/sitemap-pages.xml?p=N``)."""
    page_sitemap = PageSitemap(request_site(request))
    if page_sitemap.paginator.num_pages > 1:
        response = sitemap_index_view(
            request, {"pages": page_sitemap}, sitemap_url_name="partners-sitemap-section"
        )
    else:
        response = sitemap_view(request, {"pages": page_sitemap})
    patch_cache_control(response, public=True, max_age=feed_max_age())
    sitemap_tag_headers(response, page_sitemap)
    return response


@require_safe
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    """One file of a large sitemap: ``/sitemap-pages.xml?p=N`` (404 past the last)."""
    page_sitemap = PageSitemap(request_site(request))
    response = sitemap_view(request, {"pages": page_sitemap}, section=section)
    patch_cache_control(response, public=True, max_age=feed_max_age())
    sitemap_tag_headers(response, page_sitemap)
    return response


def sitemap_tag_headers(response: HttpResponse, page_sitemap: PageSitemap) -> None:
    """Name the sitemap and its site in the cache-tag headers, so that the tag purge of any
    page change drops every file of it (``frontend_schema.caching``): only /sitemap.xml can be
    purged by URL, its numbered files (``/sitemap-pages.xml?p=N``) cannot be listed."""
    tags = [SITEMAP_TAG]
    if page_sitemap.site is not None:
        tags.append(site_tag(page_sitemap.site.pk))
    tag_headers(response, tags)


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    """``/robots.txt`` for the CMS host: crawlers may fetch the feeds, the sitemap, media and
    public documents, and nothing else (the admin, the API and Wagtail's own rendering of
    pages, which would compete with the front end's). It names the sitemap, whose URLs are
    the front end's."""
    sitemap_url = request.build_absolute_uri(reverse("partners-sitemap"))
    lines = [
        "User-agent: *",
        "Allow: /feeds/",
        f"Allow: {reverse('partners-sitemap')}",
        "Allow: /sitemap-",
        f"Allow: {settings.MEDIA_URL}",
        "Allow: /documents/",
        "Disallow: /",
        "",
        f"Sitemap: {sitemap_url}",
        "",
    ]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    patch_cache_control(response, public=True, max_age=86400)
    return response
