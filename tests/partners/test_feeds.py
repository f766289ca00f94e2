"""The feeds: RSS 2.0, Atom 1.0 and JSON Feed 1.1 per campaign, locale and tag."""

import calendar
import datetime
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import jsonschema
import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from tests.partners.conftest import HIDDEN_KINDS

SCHEMA = json.loads((Path(__file__).parent / "jsonfeed-1.1.schema.json").read_text())
FILES = ["rss.xml", "atom.xml", "feed.json"]


def _format_checker():
    checker = jsonschema.FormatChecker()

    @checker.checks("uri")
    def is_uri(value):
        parts = urlsplit(value)
        return bool(parts.scheme and parts.netloc)

    @checker.checks("date-time", raises=ValueError)
    def is_date_time(value):
        return datetime.datetime.fromisoformat(value).tzinfo is not None

    return checker


def feed_path(filename, *, campaign="reclaim-your-face", locale="en", tag=None):
    kwargs = {"campaign": campaign, "locale": locale, "filename": filename}
    if tag:
        return reverse("partners-tag-feed", kwargs={**kwargs, "tag": tag})
    return reverse("partners-feed", kwargs=kwargs)


def all_feeds():
    """Every feed of the fixture's world: campaign × locale (× tag) × format."""
    for filename in FILES:
        yield feed_path(filename)
        yield feed_path(filename, locale="de")
        yield feed_path(filename, tag="surveillance")
        yield feed_path(filename, tag="ai-act")
        yield feed_path(filename, locale="de", tag="ai-act")


def parse(response):
    """feedparser's reading of an RSS or Atom answer; bozo (malformed XML) fails the test."""
    parsed = feedparser.parse(
        response.content, response_headers={"content-type": response["Content-Type"]}
    )
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


@pytest.mark.parametrize("path", list(all_feeds()))
def test_every_feed_parses_without_errors_and_shows_no_hidden_post(get, path):
    response = get(path)
    assert response.status_code == 200
    body = response.content.decode()
    assert "needle" not in body
    if path.endswith("feed.json"):
        # feedparser 6.0 reads RSS and Atom only; JSON Feed is checked against its schema.
        jsonschema.validate(json.loads(body), SCHEMA, format_checker=_format_checker())
    else:
        assert parse(response).version in {"rss20", "atom10"}


def test_the_feed_lists_the_public_posts_newest_first(get, feed_world):
    parsed = parse(get(feed_path("rss.xml")))
    assert [entry.title for entry in parsed.entries] == [
        "Public post",
        "Syndicated post",
        "Older post",
    ]


@pytest.mark.parametrize("kind", HIDDEN_KINDS)
@pytest.mark.parametrize("filename", FILES)
def test_a_hidden_post_never_appears(get, feed_world, kind, filename):
    hidden = feed_world.hidden[kind]
    body = get(feed_path(filename)).content.decode()
    assert hidden.title not in body
    assert f"/{hidden.slug}/" not in body


def test_a_post_that_becomes_hidden_leaves_the_feed(get, feed_world):
    assert "Older post" in get(feed_path("atom.xml")).content.decode()
    feed_world.older.unpublish()
    assert "Older post" not in get(feed_path("atom.xml")).content.decode()


def test_a_tag_feed_lists_only_posts_with_the_tag(get, feed_world):
    parsed = parse(get(feed_path("atom.xml", tag="ai-act")))
    assert [entry.title for entry in parsed.entries] == ["Public post"]
    parsed = parse(get(feed_path("atom.xml", tag="surveillance")))
    assert [entry.title for entry in parsed.entries] == ["Public post", "Older post"]


def test_a_locale_feed_lists_the_posts_in_that_locale(get, feed_world):
    parsed = parse(get(feed_path("rss.xml", locale="de")))
    assert [entry.title for entry in parsed.entries] == ["Öffentlicher Beitrag"]
    assert parsed.feed.language == "de"
    assert parsed.entries[0].link == "http://localhost/de/news/public-post/"
    # The German campaign's own slug finds the same feed.
    slug = feed_world.german_campaign.slug
    assert get(feed_path("rss.xml", campaign=slug, locale="de")).status_code == 200


@pytest.mark.parametrize("filename", ["rss.xml", "atom.xml"])
def test_an_item_carries_everything_partners_need(get, feed_world, filename):
    parsed = parse(get(feed_path(filename)))
    entry = parsed.entries[0]
    assert entry.title == "Public post"
    assert entry.link == "http://localhost/news/public-post/"
    assert entry.id.startswith("urn:uuid:")
    assert entry.summary == "Public post &amp; more" or entry.summary == "Public post & more"
    assert sorted(tag.term for tag in entry.tags) == ["AI Act", "Surveillance"]
    # Dated by hand: midnight of the publication date in the CMS's time zone.
    midnight = timezone.make_aware(datetime.datetime(2022, 5, 1))
    assert calendar.timegm(entry.published_parsed) == midnight.timestamp()
    assert entry.updated_parsed is not None
    content = entry.content[0].value
    # Links to public pages are absolute front-end URLs; a link to a hidden page loses its href.
    assert '<a href="http://localhost/news/older-post/">the older post</a>' in content
    assert "<a>the draft</a>" in content
    assert '<a href="https://example.org/report">the report</a>' in content
    # Images are renditions on an absolute URL; plain text is escaped.
    image = re.search(r'<img [^>]*src="([^"]+)"', content)
    assert image and image[1].startswith("http://localhost/") and "/images/" in image[1]
    assert "Ban it &lt;now&gt;" in content
    # Hero image: enclosure (RSS) / link rel=enclosure (Atom), and media:content in both.
    assert entry.media_content[0]["url"].startswith("http://localhost/")
    assert entry.media_content[0]["url"].endswith(".jpg")
    assert entry.media_content[0]["medium"] == "image"
    enclosures = [link for link in entry.links if link.rel == "enclosure"]
    assert enclosures and enclosures[0].type == "image/jpeg"
    assert int(enclosures[0].length) > 0
    # Licence, republishing and the canonical URL.
    assert entry.license == "https://creativecommons.org/licenses/by-sa/4.0/"
    assert entry.partners_republish == "false"
    canonical = [link.href for link in entry.links if link.rel == "canonical"]
    assert canonical == ["http://localhost/news/public-post/"]


def test_the_json_feed_carries_the_same(get, feed_world):
    data = json.loads(get(feed_path("feed.json")).content)
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["feed_url"] == "http://localhost/feeds/reclaim-your-face/en/feed.json"
    item = data["items"][0]
    assert item["url"] == "http://localhost/news/public-post/"
    assert item["summary"] == "Public post & more"
    assert item["tags"] == ["AI Act", "Surveillance"]
    published = datetime.datetime.fromisoformat(item["date_published"])
    assert published == timezone.make_aware(datetime.datetime(2022, 5, 1))
    assert item["image"].endswith(".jpg")
    assert item["attachments"][0]["mime_type"] == "image/jpeg"
    assert item["_partners"] == {
        "about": "http://localhost/docs/partners.md",
        "canonical_url": "http://localhost/news/public-post/",
        "licence": "cc_by_sa_4",
        "licence_name": "Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0)",
        "licence_url": "https://creativecommons.org/licenses/by-sa/4.0/",
        "partners_may_republish": False,
    }
    assert "<a>the draft</a>" in item["content_html"]


def test_a_post_first_published_elsewhere_credits_the_original(get, feed_world):
    data = json.loads(get(feed_path("feed.json")).content)
    item = next(item for item in data["items"] if item["title"] == "Syndicated post")
    assert item["external_url"] == "https://partner.example/original-story/"
    assert item["_partners"]["canonical_url"] == "https://partner.example/original-story/"
    assert "https://partner.example/original-story/" in item["content_html"]
    entry = next(e for e in parse(get(feed_path("atom.xml"))).entries if e.title == item["title"])
    assert [link.href for link in entry.links if link.rel == "canonical"] == [
        "https://partner.example/original-story/"
    ]


@override_settings(FRONTEND_BASE_URL="https://reclaimyourface.example")
def test_links_are_on_the_front_end(get, feed_world):
    entry = parse(get(feed_path("rss.xml"))).entries[0]
    assert entry.link == "https://reclaimyourface.example/news/public-post/"
    assert 'href="https://reclaimyourface.example/news/older-post/"' in entry.content[0].value


@pytest.mark.parametrize("filename", FILES)
def test_the_id_survives_a_new_title_and_slug(get, feed_world, filename):
    def first_id(locale="en"):
        response = get(feed_path(filename, locale=locale))
        if filename == "feed.json":
            return json.loads(response.content)["items"][0]["id"]
        return parse(response).entries[0].id

    before = first_id()
    post = feed_world.public
    post.title = "Public post, renamed"
    post.slug = "renamed"
    post.save_revision().publish()
    assert first_id() == before
    assert first_id("de") != before


def test_etag_and_last_modified_answer_304(get, feed_world):
    response = get(feed_path("rss.xml"))
    assert response["Cache-Control"] == "public, max-age=300"
    etag, last_modified = response["ETag"], response["Last-Modified"]
    assert etag.startswith('"')
    not_modified = get(feed_path("rss.xml"), HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == etag
    assert not_modified["Cache-Control"] == "public, max-age=300"
    assert get(feed_path("rss.xml"), HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    assert get(feed_path("rss.xml"), HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_a_change_changes_etag_and_last_modified(get, feed_world):
    response = get(feed_path("atom.xml"))
    feed_world.older.unpublish()
    changed = get(feed_path("atom.xml"), HTTP_IF_NONE_MATCH=response["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != response["ETag"]
    assert changed["Last-Modified"] >= response["Last-Modified"]


def test_if_modified_since_sees_an_unpublished_post(get, feed_world):
    """Unpublishing publishes nothing, but the feed changed: Last-Modified must move on."""
    from wagtail.models import Page, PageLogEntry

    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    Page.objects.update(last_published_at=an_hour_ago, first_published_at=an_hour_ago)
    PageLogEntry.objects.update(timestamp=an_hour_ago)
    before = get(feed_path("rss.xml"))["Last-Modified"]
    assert before == http_date(an_hour_ago.timestamp())
    feed_world.older.unpublish()
    answer = get(feed_path("rss.xml"), HTTP_IF_MODIFIED_SINCE=before)
    assert answer.status_code == 200
    assert "Older post" not in answer.content.decode()


def test_if_modified_since_in_the_future_of_a_change_is_not_modified(get, feed_world):
    future = http_date(datetime.datetime(2100, 1, 1).timestamp())
    assert get(feed_path("feed.json"), HTTP_IF_MODIFIED_SINCE=future).status_code == 304


@pytest.mark.parametrize(
    "path",
    [
        feed_path("rss.xml", locale="xx"),
        feed_path("rss.xml", campaign="no-such-campaign"),
        feed_path("rss.xml", tag="no-such-tag"),
        feed_path("rss.xml", locale="it"),  # the campaign has no Italian translation
        "/feeds/reclaim-your-face/en/feed.xml",
    ],
)
def test_unknown_feeds_are_404(get, path):
    assert get(path).status_code == 404


def test_a_private_campaign_has_no_feed(get, feed_world):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(
        page=feed_world.tree.campaign, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert get(feed_path("rss.xml")).status_code == 404


def test_head_is_answered_and_post_is_refused(client, feed_world):
    assert client.head(feed_path("rss.xml"), HTTP_HOST="localhost").status_code == 200
    assert client.post(feed_path("rss.xml"), HTTP_HOST="localhost").status_code == 405


@override_settings(PARTNERS_FEED_ITEMS=2)
def test_a_feed_holds_the_newest_items_only(get, feed_world):
    parsed = parse(get(feed_path("atom.xml")))
    assert [entry.title for entry in parsed.entries] == ["Public post", "Syndicated post"]


def test_content_types(get, feed_world):
    assert get(feed_path("rss.xml"))["Content-Type"] == "application/rss+xml; charset=utf-8"
    assert get(feed_path("atom.xml"))["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert get(feed_path("feed.json"))["Content-Type"] == "application/feed+json; charset=utf-8"
