"""``Campaign.feeds``: the feeds' URLs for autodiscovery links, and that they answer."""

import feedparser

FEEDS_QUERY = """
query ($locale: String, $tag: String) {
  campaign(slug: "reclaim-your-face", locale: $locale) {
    feeds(tag: $tag) { format url mediaType title }
  }
}
"""


def test_campaign_feeds_give_working_urls(gql, client, feed_world):
    feeds = gql(FEEDS_QUERY).data["campaign"]["feeds"]
    assert [(feed["format"], feed["mediaType"]) for feed in feeds] == [
        ("RSS", "application/rss+xml"),
        ("ATOM", "application/atom+xml"),
        ("JSON", "application/feed+json"),
    ]
    assert feeds[0]["url"] == "http://localhost/feeds/reclaim-your-face/en/rss.xml"
    assert feeds[0]["title"] == "Reclaim Your Face (RSS)"
    for feed in feeds:
        response = client.get(feed["url"], HTTP_HOST="localhost")
        assert response.status_code == 200
        assert response["Content-Type"].startswith(feed["mediaType"])


def test_feeds_of_a_translation_and_a_tag(gql, client, feed_world):
    feeds = gql(FEEDS_QUERY, {"locale": "de", "tag": "ai act"}).data["campaign"]["feeds"]
    slug = feed_world.german_campaign.slug
    assert feeds[1]["url"] == f"http://localhost/feeds/{slug}/de/tags/ai-act/atom.xml"
    assert feeds[1]["title"] == "Reclaim Your Face: AI Act (Atom)"
    parsed = feedparser.parse(client.get(feeds[1]["url"], HTTP_HOST="localhost").content)
    assert not parsed.bozo
    assert [entry.title for entry in parsed.entries] == ["Öffentlicher Beitrag"]


def test_an_unknown_tag_is_a_client_error(gql, feed_world):
    result = gql(FEEDS_QUERY, {"tag": "no such tag"}, allow_errors=True)
    assert result.codes == ["BAD_USER_INPUT"]
