"""The widgets partners frame (counter, card, coalition) and the counter JSON: content, locales,
visibility, and the headers that let other sites frame them (and no other view)."""

import json

import pytest
from django.test import override_settings

from campaign import factories
from tests.partners.embed_data import FRONTEND, HIDDEN_KINDS, hidden_campaign, hidden_post
from tests.partners.embed_data import world as world  # a fixture

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return " ".join(response.content.decode().split())


@override_settings(FRONTEND_BASE_URL=FRONTEND)
def test_the_counter_shows_count_goal_progress_date_and_the_link_to_sign(world, client):
    response = client.get(f"/embed/counter/{world.campaign.pk}/")
    assert response.status_code == 200
    html = text(response)
    assert '<html lang="en">' in html
    assert "<strong>182,341</strong> signatures of the 1,000,000 needed" in html
    assert '<progress max="100" value="18"' in html
    assert "18% of the goal" in html
    assert 'As of <time datetime="2026-03-15">March 15, 2026</time>.' in html
    assert 'href="https://citizens-initiative.example/count"' in html
    assert f'<a class="button" href="{FRONTEND}/demands/" rel="noopener">Sign the ECI</a>' in html
    assert f'<a href="{FRONTEND}/">Reclaim Your Face</a>' in html
    assert "<script" not in html


@pytest.mark.parametrize(
    "url",
    ["/embed/de/counter/{pk}/", "/embed/counter/{pk}/?locale=de"],
)
@override_settings(FRONTEND_BASE_URL=FRONTEND)
def test_the_counter_speaks_the_language_asked_for_in_the_path_or_query(world, client, url):
    # The English campaign's ID: the widget shows its German translation, with the counter
    # the translations share, German labels, German numbers and dates.
    response = client.get(url.format(pk=world.campaign.pk), HTTP_ACCEPT_LANGUAGE="fr")
    html = text(response)
    assert '<html lang="de">' in html
    assert "Reclaim Your Face DE" in html
    assert "<strong>182.341</strong> Unterschriften, unser Ziel: 1.000.000" in html
    assert 'Stand: <time datetime="2026-03-15">15. März 2026</time>.' in html
    # The call to action leads to the demands index's German translation.
    assert f'href="{FRONTEND}/de/forderungen/"' in html
    assert "Vary" not in response or "Accept-Language" not in response["Vary"]


def test_the_counter_falls_back_to_the_page_without_a_translation(world, client):
    response = client.get(f"/embed/it/counter/{world.campaign.pk}/")
    html = text(response)
    assert '<html lang="it">' in html
    assert "Reclaim Your Face" in html and "Reclaim Your Face DE" not in html
    assert "182.341</strong> firme delle 1.000.000 necessarie" in html


def test_a_campaign_without_goal_or_reading_shows_zero_without_a_bar(world, client):
    campaign = factories.CampaignPageFactory(parent=world.campaign, title="Young campaign")
    html = text(client.get(f"/embed/counter/{campaign.pk}/"))
    assert "<strong>0</strong> signatures" in html
    assert "<progress" not in html and "As of" not in html


def test_an_unknown_locale_is_a_client_error(world, client):
    response = client.get(f"/embed/counter/{world.campaign.pk}/?locale=xx")
    assert response.status_code == 400
    assert "Unknown locale" in response.content.decode()
    assert client.get(f"/embed/xx/counter/{world.campaign.pk}/").status_code == 404
    response = client.get(f"/embed/counter/{world.campaign.pk}.json?locale=xx")
    assert response.status_code == 400
    assert response.json() == {"error": "Unknown locale."}


@override_settings(FRONTEND_BASE_URL=FRONTEND)
def test_the_post_card(world, client):
    response = client.get(f"/embed/card/{world.post.pk}/")
    assert response.status_code == 200
    html = text(response)
    url = f"{FRONTEND}/news/coalition-meets-meps/"
    assert f'<h1 id="embed-title"><a href="{url}">Coalition meets MEPs</a></h1>' in html
    assert '<time datetime="2026-03-01">March 1, 2026</time>' in html
    assert "Members met MEPs on the AI Act." in html
    assert '<p class="kicker">Reclaim Your Face</p>' in html
    assert ".fill-640x360." in html
    german = text(client.get(f"/embed/de/card/{world.post.pk}/"))
    assert "Das Bündnis trifft Abgeordnete" in german
    assert "1. März 2026" in german and "Weiterlesen" in german


def test_the_coalition_wall_lists_public_organisations_leads_first(world, client):
    response = client.get(f"/embed/coalition/{world.campaign.pk}/")
    assert response.status_code == 200
    html = text(response)
    assert html.index("Zeta Lead") < html.index("Alpha Partner")
    assert 'alt="Zeta Lead"' in html and ".max-160x80." in html
    assert 'href="https://zeta.example"' in html
    assert "Draft Organisation" not in html
    assert "Private Organisation" not in html
    assert "The coalition behind Reclaim Your Face" in html


def test_the_coalition_wall_loads_logos_in_a_fixed_number_of_queries(
    world, client, django_assert_max_num_queries
):
    def wall_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client.get(f"/embed/coalition/{world.campaign.pk}/")  # renditions made once
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/embed/coalition/{world.campaign.pk}/").status_code == 200
        return len(queries)

    few = wall_queries()
    for number in range(6):
        factories.OrganisationPageFactory(
            parent=world.tree.organisations,
            title=f"Member {number}",
            logo=factories.ImageFactory(),
        )
    assert wall_queries() == few


@override_settings(FRONTEND_BASE_URL=FRONTEND)
def test_the_counter_json(world, client):
    response = client.get(f"/embed/counter/{world.campaign.pk}.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json() == {
        "campaign": {
            "id": world.campaign.pk,
            "title": "Reclaim Your Face",
            "url": f"{FRONTEND}/",
            "locale": "en",
        },
        "count": 182341,
        "goal": 1000000,
        "progress": 0.182341,
        "asOf": "2026-03-15",
        "sourceUrl": "https://citizens-initiative.example/count",
        "signUrl": f"{FRONTEND}/demands/",
    }
    german = client.get(f"/embed/de/counter/{world.campaign.pk}.json").json()
    assert german["campaign"]["locale"] == "de"
    assert german["campaign"]["title"] == "Reclaim Your Face DE"
    assert german["count"] == 182341


def widget_urls(page_id: int) -> list[str]:
    return [
        f"/embed/counter/{page_id}/",
        f"/embed/de/counter/{page_id}/",
        f"/embed/coalition/{page_id}/",
        f"/embed/card/{page_id}/",
        f"/embed/counter/{page_id}.json",
    ]


@pytest.mark.parametrize("kind", HIDDEN_KINDS)
def test_a_hidden_campaign_is_in_no_widget_and_no_json(world, client, kind):
    campaign = hidden_campaign(world, kind)
    for url in widget_urls(campaign.pk):
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"77" not in response.content and b"Hidden" not in response.content


@pytest.mark.parametrize("kind", HIDDEN_KINDS)
def test_a_hidden_post_has_no_card(world, client, kind):
    post = hidden_post(world, kind)
    response = client.get(f"/embed/card/{post.pk}/")
    assert response.status_code == 404
    assert b"Hidden" not in response.content


def test_a_hidden_translation_is_not_shown_in_its_locale(world, client):
    world.german.refresh_from_db()
    world.german.unpublish()
    html = text(client.get(f"/embed/de/counter/{world.campaign.pk}/"))
    assert "Reclaim Your Face DE" not in html
    assert "Reclaim Your Face" in html
    assert client.get(f"/embed/counter/{world.german.pk}/").status_code == 404


def test_a_public_alias_has_a_card(world, client):
    alias = world.post.create_alias(parent=world.tree.posts, update_slug="mirror")
    response = client.get(f"/embed/card/{alias.pk}/")
    assert response.status_code == 200
    assert "Coalition meets MEPs" in text(response)


def test_a_page_of_another_site_is_not_embedded_through_this_one(world, client):
    from wagtail.models import Site

    other = factories.CampaignPageFactory(title="Other campaign")
    Site.objects.create(hostname="other.example", root_page=other)
    assert client.get(f"/embed/counter/{other.pk}/").status_code == 404
    assert client.get(f"/embed/counter/{other.pk}/", HTTP_HOST="other.example").status_code == 200


def test_other_page_types_are_not_counters_or_walls(world, client):
    assert client.get(f"/embed/counter/{world.post.pk}/").status_code == 404
    assert client.get(f"/embed/coalition/{world.post.pk}/").status_code == 404


# --- headers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["/embed/counter/{campaign}/", "/embed/card/{post}/", "/embed/coalition/{campaign}/"],
)
def test_widgets_may_be_framed_by_any_site(world, client, url):
    response = client.get(url.format(campaign=world.campaign.pk, post=world.post.pk))
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors *" in policy
    assert "script-src" not in policy and "default-src 'none'" in policy
    # A widget is read by the partner's visitors' browsers, never by their scripts.
    assert "Access-Control-Allow-Origin" not in response


def test_a_missing_widget_may_be_framed_too_but_is_not_cached(world, client):
    response = client.get("/embed/counter/999999/")
    assert response.status_code == 404
    assert "X-Frame-Options" not in response
    assert "This content is not available." in response.content.decode()
    assert "public" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("url", ["/", "/graphql/", "/news/coalition-meets-meps/", "/admin/login/"])
def test_every_other_view_still_refuses_to_be_framed(world, client, url):
    response = client.get(url)
    assert response["X-Frame-Options"] == "DENY", url
    assert "frame-ancestors *" not in response.get("Content-Security-Policy", "")


def test_cors_stays_off_for_other_views(world, client):
    for url in ("/", f"/embed/counter/{world.campaign.pk}/", "/news/coalition-meets-meps/"):
        response = client.get(url, HTTP_ORIGIN="https://partner.example")
        assert "Access-Control-Allow-Origin" not in response, url
    response = client.post(
        "/graphql/",
        data=json.dumps({"query": "{ __typename }"}),
        content_type="application/json",
        HTTP_ORIGIN="https://partner.example",
    )
    assert "Access-Control-Allow-Origin" not in response


@override_settings(PARTNERS_EMBED_MAX_AGE=120)
@pytest.mark.parametrize(
    "url", ["/embed/counter/{campaign}/", "/embed/card/{post}/", "/embed/counter/{campaign}.json"]
)
def test_widgets_and_json_are_cacheable_and_revalidate_with_their_etag(world, client, url):
    url = url.format(campaign=world.campaign.pk, post=world.post.pk)
    response = client.get(url)
    assert response["Cache-Control"] == "public, max-age=120"
    etag = response["ETag"]
    assert etag.startswith('"')
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    if url.endswith(".json"):
        assert again["Access-Control-Allow-Origin"] == "*"
    else:
        assert "frame-ancestors *" in again["Content-Security-Policy"]
    # A new reading changes the answer and its ETag.
    from campaign.services import signature_count_record

    signature_count_record(campaign=world.campaign, count=200_000)
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    if "card" in url:
        assert changed.status_code == 304
    else:
        assert changed.status_code == 200 and changed["ETag"] != etag


def test_the_language_of_the_request_does_not_change_the_answer(world, client):
    url = f"/embed/counter/{world.campaign.pk}/"
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="de")
    assert english.content == client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content
    assert '<html lang="en">' in english.content.decode()
    assert "Accept-Language" not in english.get("Vary", "")


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_only_reads_are_answered(world, client, method):
    for url in (f"/embed/counter/{world.campaign.pk}/", f"/embed/counter/{world.campaign.pk}.json"):
        assert getattr(client, method)(url).status_code == 405
    assert getattr(client, method)("/oembed/").status_code == 405
