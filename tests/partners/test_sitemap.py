"""The sitemap (XML and GraphQL) and robots.txt."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from tests.partners.conftest import HIDDEN_KINDS

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def sitemap_urls(response):
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return {
        url.findtext("s:loc", namespaces=NS): url for url in root.findall("s:url", namespaces=NS)
    }


def test_the_sitemap_lists_public_pages_at_their_front_end_urls(get, feed_world):
    urls = sitemap_urls(get("/sitemap.xml"))
    assert "http://localhost/" in urls
    assert "http://localhost/news/public-post/" in urls
    assert "http://localhost/de/news/public-post/" in urls
    assert "http://localhost/news/older-post/" in urls
    lastmod = urls["http://localhost/news/public-post/"].findtext("s:lastmod", namespaces=NS)
    assert lastmod == timezone.localdate(feed_world.public.last_published_at).isoformat()


def test_lastmod_is_the_publication_day_in_the_sites_time_zone(get, feed_world):
    # Published at 23:30 UTC on 30 November, which is already 1 December in Brussels: the
    # sitemap dates the page by the site's TIME_ZONE, whatever the hour the test runs at.
    late_evening = datetime.datetime(2026, 11, 30, 23, 30, tzinfo=datetime.UTC)
    type(feed_world.public).objects.filter(pk=feed_world.public.pk).update(
        last_published_at=late_evening
    )
    urls = sitemap_urls(get("/sitemap.xml"))
    lastmod = urls["http://localhost/news/public-post/"].findtext("s:lastmod", namespaces=NS)
    assert lastmod == "2026-12-01"


@pytest.mark.parametrize("kind", HIDDEN_KINDS)
def test_no_hidden_page_is_listed(get, feed_world, kind):
    hidden = feed_world.hidden[kind]
    body = get("/sitemap.xml").content.decode()
    assert f"/{hidden.slug}/" not in body


def test_translations_are_hreflang_alternates(get, feed_world):
    urls = sitemap_urls(get("/sitemap.xml"))
    links = urls["http://localhost/news/public-post/"].findall("x:link", namespaces=NS)
    alternates = {link.get("hreflang"): link.get("href") for link in links}
    assert alternates == {
        "en": "http://localhost/news/public-post/",
        "de": "http://localhost/de/news/public-post/",
        "x-default": "http://localhost/news/public-post/",
    }
    # A page in one language only has none.
    assert not urls["http://localhost/news/older-post/"].findall("x:link", namespaces=NS)


def test_a_hidden_translation_is_no_alternate(get, feed_world):
    feed_world.german.unpublish()
    urls = sitemap_urls(get("/sitemap.xml"))
    assert not urls["http://localhost/news/public-post/"].findall("x:link", namespaces=NS)
    assert "http://localhost/de/news/public-post/" not in urls


@override_settings(FRONTEND_BASE_URL="https://front.example")
def test_urls_are_on_the_front_end(get, feed_world):
    urls = sitemap_urls(get("/sitemap.xml"))
    assert "https://front.example/news/public-post/" in urls
    assert all(url.startswith("https://front.example/") for url in urls)


@override_settings(PARTNERS_SITEMAP_LIMIT=3)
def test_a_large_sitemap_becomes_an_index(get, feed_world):
    response = get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    locations = [loc.text for loc in root.findall("s:sitemap/s:loc", namespaces=NS)]
    assert locations[0] == "http://localhost/sitemap-pages.xml"
    assert locations[1] == "http://localhost/sitemap-pages.xml?p=2"
    listed = {}
    for number in range(1, len(locations) + 1):
        listed.update(
            sitemap_urls(
                get(reverse("partners-sitemap-section", args=["pages"]), data={"p": number})
            )
        )
    with override_settings(PARTNERS_SITEMAP_LIMIT=50_000):
        assert listed.keys() == sitemap_urls(get("/sitemap.xml")).keys()
    assert get("/sitemap-pages.xml", data={"p": 99}).status_code == 404
    assert get("/sitemap-other.xml").status_code == 404


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_the_cms(get):
    response = get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://localhost/sitemap.xml" in lines
    assert "Disallow: /" in lines
    assert "Allow: /feeds/" in lines
    assert not any(line.startswith("Allow: /admin") or line == "Allow: /" for line in lines)


SITEMAP_QUERY = """
query ($page: Int!, $perPage: Int!, $locale: String) {
  sitemap(page: $page, perPage: $perPage, locale: $locale) {
    page pageCount totalCount
    entries { url path locale lastModified alternates { hreflang url } }
  }
}
"""


def test_the_graphql_sitemap_matches_the_xml(gql, get, feed_world):
    data = gql(SITEMAP_QUERY, {"page": 1, "perPage": 1000}).data["sitemap"]
    assert data["page"] == data["pageCount"] == 1
    xml_urls = sitemap_urls(get("/sitemap.xml"))
    assert [entry["url"] for entry in data["entries"]] == list(xml_urls)
    assert data["totalCount"] == len(xml_urls)
    entry = next(e for e in data["entries"] if e["url"].endswith("/news/public-post/"))
    assert entry["path"] == "/news/public-post/"
    assert entry["locale"] == "en"
    assert {alternate["hreflang"] for alternate in entry["alternates"]} == {"en", "de", "x-default"}


def test_the_graphql_sitemap_pages_and_filters(gql, feed_world):
    everything = gql(SITEMAP_QUERY, {"page": 1, "perPage": 1000}).data["sitemap"]["entries"]
    pages = [
        gql(SITEMAP_QUERY, {"page": number, "perPage": 2}).data["sitemap"] for number in (1, 2)
    ]
    assert pages[0]["pageCount"] == -(-len(everything) // 2)
    assert [e["url"] for p in pages for e in p["entries"]] == [e["url"] for e in everything[:4]]
    german = gql(SITEMAP_QUERY, {"page": 1, "perPage": 100, "locale": "de"}).data["sitemap"]
    assert {entry["locale"] for entry in german["entries"]} == {"de"}
    body = str(everything)
    for hidden in feed_world.hidden.values():
        assert f"/{hidden.slug}/" not in body


@pytest.mark.parametrize(
    ("variables", "argument"),
    [
        ({"page": 0, "perPage": 10}, "page"),
        ({"page": 99, "perPage": 10}, "page"),
        ({"page": 1, "perPage": 0}, "perPage"),
        ({"page": 1, "perPage": 10**6}, "perPage"),
    ],
)
def test_the_graphql_sitemap_refuses_bad_pages(gql, feed_world, variables, argument):
    result = gql(SITEMAP_QUERY, variables, allow_errors=True)
    assert result.codes == ["BAD_USER_INPUT"]
    assert argument in result.messages[0]
