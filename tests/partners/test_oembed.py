"""The oEmbed provider (https://oembed.com/): answers, errors, sizes, visibility; the discovery
link on the pages the CMS renders; and the embed URLs the GraphQL API gives front ends."""

import re
from html import unescape
from urllib.parse import urlencode

import pytest
from django.test import override_settings

from campaign import factories
from tests.partners.embed_data import FRONTEND, HIDDEN_KINDS, hidden_campaign, hidden_post
from tests.partners.embed_data import world as world  # a fixture

pytestmark = pytest.mark.django_db


def oembed(client, url: str, **params):
    return client.get("/oembed/?" + urlencode({"url": url, **params}))


def iframe(html: str) -> dict:
    assert html.startswith("<iframe ") and html.endswith("></iframe>")
    return {name: unescape(value) for name, value in re.findall(r'(\w+)="([^"]*)"', html)}


@override_settings(FRONTEND_BASE_URL=FRONTEND)
def test_a_post_url_on_the_front_end_embeds_the_post_card(world, client):
    response = oembed(client, f"{FRONTEND}/news/coalition-meets-meps/", format="json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    answer = response.json()
    assert answer["version"] == "1.0"
    assert answer["type"] == "rich"
    assert answer["title"] == "Coalition meets MEPs"
    assert answer["provider_url"] == f"{FRONTEND}/"
    assert answer["provider_name"]
    assert (answer["width"], answer["height"]) == (400, 420)
    frame = iframe(answer["html"])
    assert frame["src"] == f"http://testserver/embed/en/card/{world.post.pk}/"
    assert (frame["width"], frame["height"]) == ("400", "420")
    assert frame["title"] == "Coalition meets MEPs"
    assert answer["thumbnail_url"].startswith("http://testserver/")
    assert ".fill-640x360" in answer["thumbnail_url"]
    assert (answer["thumbnail_width"], answer["thumbnail_height"]) == (640, 360)
    # The iframe's address is a working widget.
    assert client.get(frame["src"]).status_code == 200


def test_a_cms_url_works_as_well(world, client):
    answer = oembed(client, "http://localhost/news/coalition-meets-meps/").json()
    assert answer["title"] == "Coalition meets MEPs"
    answer = oembed(client, "http://testserver/news/coalition-meets-meps/").json()
    assert answer["title"] == "Coalition meets MEPs"


@override_settings(FRONTEND_BASE_URL=FRONTEND)
def test_a_campaign_embeds_its_counter_and_the_coalition_index_its_wall(world, client):
    answer = oembed(client, f"{FRONTEND}/").json()
    assert iframe(answer["html"])["src"].endswith(f"/embed/en/counter/{world.campaign.pk}/")
    assert "thumbnail_url" not in answer  # the campaign has no hero image
    answer = oembed(client, f"{FRONTEND}/coalition/").json()
    src = iframe(answer["html"])["src"]
    assert src.endswith(f"/embed/en/coalition/{world.tree.organisations.pk}/")
    assert "The coalition behind Reclaim Your Face" in client.get(src).content.decode()
    answer = oembed(client, f"{FRONTEND}/demands/").json()
    assert iframe(answer["html"])["src"].endswith(f"/embed/en/card/{world.tree.demands.pk}/")


@override_settings(FRONTEND_BASE_URL=FRONTEND)
def test_a_german_url_embeds_the_german_widget(world, client):
    answer = oembed(client, f"{FRONTEND}/de/").json()
    assert answer["title"] == "Reclaim Your Face DE"
    src = iframe(answer["html"])["src"]
    assert src.endswith(f"/embed/de/counter/{world.german.pk}/")
    assert "Unterschriften" in client.get(src).content.decode()
    answer = oembed(client, f"{FRONTEND}/de/news/coalition-meets-meps/").json()
    assert answer["title"] == "Das Bündnis trifft Abgeordnete"


@pytest.mark.parametrize(
    ("maxwidth", "maxheight", "size", "thumbnail"),
    [
        (None, None, (400, 420), (640, 360)),
        (300, None, (300, 420), (160, 90)),
        (None, 200, (400, 200), (320, 180)),
        (1000, 1000, (400, 420), (640, 360)),
        (150, 80, (150, 80), None),
    ],
)
@override_settings(FRONTEND_BASE_URL=FRONTEND)
def test_the_frame_and_thumbnail_fit_maxwidth_and_maxheight(
    world, client, maxwidth, maxheight, size, thumbnail
):
    params = {key: value for key, value in (("maxwidth", maxwidth), ("maxheight", maxheight))}
    params = {key: value for key, value in params.items() if value is not None}
    answer = oembed(client, f"{FRONTEND}/news/coalition-meets-meps/", **params).json()
    assert (answer["width"], answer["height"]) == size
    frame = iframe(answer["html"])
    assert (int(frame["width"]), int(frame["height"])) == size
    if thumbnail is None:
        assert "thumbnail_url" not in answer
    else:
        assert (answer["thumbnail_width"], answer["thumbnail_height"]) == thumbnail
        assert answer["thumbnail_width"] <= (maxwidth or 10**6)
        assert answer["thumbnail_height"] <= (maxheight or 10**6)


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"url": f"{FRONTEND}/", "format": "xml"}, 501),
        ({"url": f"{FRONTEND}/", "format": "yaml"}, 501),
        ({}, 400),
        ({"url": ""}, 400),
        ({"url": "not a url"}, 400),
        ({"url": "/news/coalition-meets-meps/"}, 400),
        ({"url": "ftp://localhost/news/"}, 400),
        ({"url": "http://"}, 400),
        ({"url": "http://localhost:notaport/"}, 400),
        ({"url": "http://[::1/"}, 400),
        ({"url": f"{FRONTEND}/" + "x" * 3000}, 400),
        ({"url": f"{FRONTEND}/", "maxwidth": "wide"}, 400),
        ({"url": f"{FRONTEND}/", "maxwidth": "0"}, 400),
        ({"url": f"{FRONTEND}/", "maxheight": "-5"}, 400),
        ({"url": f"{FRONTEND}/", "maxheight": "99999999999999999999"}, 400),
        ({"url": "https://elsewhere.example/news/coalition-meets-meps/"}, 404),
        ({"url": f"{FRONTEND}/no/such/page/"}, 404),
        ({"url": f"{FRONTEND}/xx/"}, 404),
    ],
)
@override_settings(FRONTEND_BASE_URL=FRONTEND)
def test_errors_follow_the_specification(world, client, params, status):
    response = client.get("/oembed/?" + urlencode(params))
    assert response.status_code == status
    assert response.json()["error"]


@pytest.mark.parametrize("kind", HIDDEN_KINDS)
@override_settings(FRONTEND_BASE_URL=FRONTEND)
def test_hidden_pages_are_not_embedded(world, client, kind):
    for page in (hidden_campaign(world, kind), hidden_post(world, kind)):
        path = "/" + page.url_path.split("/", 2)[2]
        response = oembed(client, f"{FRONTEND}{path}")
        assert response.status_code == 404, (kind, path)
        assert "Hidden" not in response.content.decode()


@override_settings(FRONTEND_BASE_URL=FRONTEND)
def test_a_public_alias_is_embedded(world, client):
    world.post.create_alias(parent=world.tree.posts, update_slug="mirror")
    answer = oembed(client, f"{FRONTEND}/news/mirror/").json()
    assert answer["title"] == "Coalition meets MEPs"


@override_settings(FRONTEND_BASE_URL=FRONTEND)
def test_the_answer_is_cacheable_and_readable_from_any_origin(world, client):
    response = oembed(client, f"{FRONTEND}/")
    assert "public" in response["Cache-Control"] and response["ETag"]
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json()["cache_age"] > 0


# --- discovery ---------------------------------------------------------------------------------


DISCOVERY = re.compile(r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)"')


def test_pages_the_cms_renders_link_to_their_oembed_answer(world, client):
    # Without FRONTEND_BASE_URL the CMS serves its pages itself (with it, it redirects there).
    for path, title in (
        ("/news/coalition-meets-meps/", "Coalition meets MEPs"),
        ("/demands/", "Demands"),
        ("/de/", "Reclaim Your Face DE"),
    ):
        html = client.get(path).content.decode()
        links = DISCOVERY.findall(html)
        assert len(links) == 1, path
        assert links[0].startswith("http://testserver/oembed/?url=")
        answer = client.get(unescape(links[0]))
        assert answer.status_code == 200
        assert answer.json()["title"] == title


def test_a_draft_preview_has_no_discovery_link(world, client, admin_client):
    from django.urls import reverse

    draft = factories.CampaignPostPageFactory(parent=world.tree.posts, title="Draft", live=False)
    response = admin_client.get(reverse("wagtailadmin_pages:view_draft", args=(draft.pk,)))
    assert response.status_code == 200
    assert not DISCOVERY.findall(response.content.decode())


# --- GraphQL -----------------------------------------------------------------------------------


EMBED_QUERY = """{
  campaign: page(path: "/de/") { embed { widgetUrl oembedUrl counterJsonUrl } }
  post: page(path: "/news/coalition-meets-meps/") { embed { widgetUrl counterJsonUrl } }
}"""


@override_settings(FRONTEND_BASE_URL=FRONTEND)
def test_graphql_gives_the_embed_urls_of_a_page(world, client):
    response = client.post("/graphql/", {"query": EMBED_QUERY}, content_type="application/json")
    data = response.json()["data"]
    embed = data["campaign"]["embed"]
    assert embed["widgetUrl"] == f"http://testserver/embed/de/counter/{world.german.pk}/"
    assert embed["counterJsonUrl"] == f"http://testserver/embed/de/counter/{world.german.pk}.json"
    assert embed["oembedUrl"] == "http://testserver/oembed/?" + urlencode(
        {"url": f"{FRONTEND}/de/", "format": "json"}
    )
    assert data["post"]["embed"] == {
        "widgetUrl": f"http://testserver/embed/en/card/{world.post.pk}/",
        "counterJsonUrl": None,
    }
    for url in (embed["widgetUrl"], embed["counterJsonUrl"], embed["oembedUrl"]):
        assert client.get(url).status_code == 200, url
