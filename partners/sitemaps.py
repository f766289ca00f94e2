"""The sitemap: every public page of a site at its front-end URL, with hreflang alternates.

Built on Django's sitemaps framework (``django.contrib.sitemaps``: its views, pagination, sitemap
index and templates), with the URLs made here: the front end's (``page_frontend_url``, the same
URLs as the API's ``url`` fields), not this CMS's. The GraphQL ``sitemap`` field gives the same
entries (``sitemap_entries``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from wagtail.models import Page, Site

from campaign.selectors import page_frontend_url, site_root_pages
from partners.content import frontend_base_url
from partners.selectors import sitemap_pages, sitemap_translations


def sitemap_limit() -> int:
    """URLs per sitemap file (``PARTNERS_SITEMAP_LIMIT``, default 50,000: the sitemaps
    protocol's maximum). A site with more gets a sitemap index."""
    return getattr(settings, "PARTNERS_SITEMAP_LIMIT", 50_000)


@dataclass
class Alternate:
    language_code: str  # a BCP 47 code as hreflang takes it, or "x-default"
    url: str


@dataclass
class SitemapEntry:
    """One page: its front-end ``url``, its ``language_code``, when it was last published
    (``last_modified``, an aware datetime or None) and its ``alternates``: the URLs of its
    public translations, itself included, plus ``x-default`` (the site's default language)
    when the page has any translation."""

    page: Page
    url: str
    language_code: str
    last_modified: object
    alternates: list[Alternate] = field(default_factory=list)


def sitemap_entries(pages: list[Page], *, site: Site) -> list[SitemapEntry]:
    """The sitemap entries of ``pages`` (public pages of ``site``, from ``sitemap_pages``), in
    their order. One query for the translations of them all."""
    base = frontend_base_url(site)
    roots = site_root_pages(site)
    translations = sitemap_translations(pages, site=site, site_roots=roots)
    default_locale_id = site.root_page.locale_id
    entries = []
    for page in pages:
        url = page_frontend_url(page, site=site, base_url=base, site_roots=roots)
        if url is None:
            continue
        alternates = []
        siblings = translations.get(str(page.translation_key), [])
        if len(siblings) > 1:
            for sibling in siblings:
                sibling_url = page_frontend_url(sibling, site=site, base_url=base, site_roots=roots)
                if sibling_url is None:
                    continue
                alternates.append(Alternate(sibling.locale.language_code, sibling_url))
                if sibling.locale_id == default_locale_id:
                    alternates.append(Alternate("x-default", sibling_url))
        entries.append(
            SitemapEntry(
                page=page,
                url=url,
                language_code=page.locale.language_code,
                last_modified=page.last_published_at,
                alternates=alternates,
            )
        )
    return entries


class PageSitemap(Sitemap):
    """Django's sitemap of the public pages of ``site``, at their front-end URLs."""

    def __init__(self, site: Site):
        self.site = site
        self.limit = sitemap_limit()

    def items(self):
        return sitemap_pages(site=self.site)

    def lastmod(self, page):
        return page.last_published_at

    def get_latest_lastmod(self):
        return (
            self.items()
            .order_by("-last_published_at")
            .values_list("last_published_at", flat=True)
            .first()
        )

    def get_urls(self, page=1, site=None, protocol=None):
        """The URL entries of one sitemap file, as Django's sitemap template takes them, with
        the front end's absolute URLs (Django's own would be this host's)."""
        pages = list(self.paginator.page(page).object_list)
        urls = []
        for entry in sitemap_entries(pages, site=self.site):
            urls.append(
                {
                    "item": entry.page,
                    "location": entry.url,
                    "lastmod": entry.last_modified,
                    "changefreq": None,
                    "priority": "",
                    "alternates": [
                        {"location": alternate.url, "lang_code": alternate.language_code}
                        for alternate in entry.alternates
                    ],
                }
            )
        moments = [url["lastmod"] for url in urls if url["lastmod"] is not None]
        if moments and len(moments) == len(urls):
            self.latest_lastmod = max(moments)
        return urls
