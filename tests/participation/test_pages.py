"""The CMS's own pages behind the links in supporters' emails (participation/views.py): a
sign-up taken end to end through the email's links with Django's test client, with CSRF
checks on, as a browser without JavaScript would."""

import json
import logging
import re
import time
from html import unescape
from unittest import mock
from urllib.parse import parse_qs, urlparse

import pytest
from django.core import mail
from django.test import Client, override_settings

from participation.choices import SignUpStatus
from participation.models import ConsentRecord, SupporterSignUp, SuppressionEntry
from participation.services import email_hash
from participation.tokens import CONFIRM, MANAGE, token_make
from tests.participation.conftest import NORMALISED


@pytest.fixture
def browser_client():
    return Client(enforce_csrf_checks=True)


def email_links() -> tuple[str, str]:
    """The confirmation and manage links of the last email, as path + query."""
    confirm, manage = re.findall(r"https?://\S+", mail.outbox[-1].body)
    return tuple(f"{urlparse(url).path}?{urlparse(url).query}" for url in (confirm, manage))


def form_fields(html: str, button: str) -> dict:
    """The fields the form holding the submit button labelled ``button`` would post,
    with that button's own name and value."""
    for form in re.findall(r"<form .*?</form>", html, flags=re.S):
        if button not in unescape(form):
            continue
        fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
        pressed = re.search(rf"<button[^>]*>{re.escape(button)}</button>", unescape(form))
        if name := re.search(r'name="([^"]+)" value="([^"]*)"', pressed.group(0)):
            fields[name.group(1)] = name.group(2)
        return {key: unescape(value) for key, value in fields.items()}
    raise AssertionError(f"no form with a {button!r} button")


def press(client, response, button: str, **extra):
    """Submit the form of ``button`` on the page ``response`` shows (POST to its action)."""
    html = response.content.decode()
    action = re.search(r'<form method="post" action="([^"]*)"', html).group(1)
    return client.post(action, form_fields(html, button), **extra)


def test_the_confirmation_link_shows_a_button_and_only_the_post_confirms(sign_up, browser_client):
    sign_up()
    confirm_link, _ = email_links()
    assert confirm_link.startswith("/confirm/?token=")

    page = browser_client.get(confirm_link)

    assert page.status_code == 200
    html = page.content.decode()
    assert "Reclaim Your Face" in html
    assert "Confirm my sign-up" in html
    # Opening the link (as a mail scanner does) confirms nothing.
    assert SupporterSignUp.objects.get().status == SignUpStatus.PENDING

    done = press(browser_client, page, "Confirm my sign-up")

    assert done.status_code == 200
    assert "Your support is confirmed" in done.content.decode()
    record = SupporterSignUp.objects.get()
    assert record.status == SignUpStatus.CONFIRMED and record.confirmed_at is not None
    # The link again: it says so, with no button.
    again = browser_client.get(confirm_link)
    assert "confirmed already" in again.content.decode()
    assert "<button" not in again.content.decode()


def test_a_post_without_the_csrf_token_confirms_nothing(sign_up, browser_client):
    sign_up()
    confirm_link, _ = email_links()
    token = parse_qs(urlparse(confirm_link).query)["token"][0]

    response = browser_client.post("/confirm/", {"token": token})

    assert response.status_code == 403
    assert SupporterSignUp.objects.get().status == SignUpStatus.PENDING


def test_the_manage_link_lists_consents_and_withdraws_one(sign_up, browser_client, world):
    sign_up()
    _, manage_link = email_links()
    assert manage_link.startswith("/my-data/?token=")

    page = browser_client.get(manage_link)

    assert page.status_code == 200
    html = unescape(page.content.decode())
    assert "send me the newsletter of Reclaim Your Face" in html
    assert "share my email address, name and country with EDRi" in html
    assert "Campaign newsletter" in html and "EDRi" in html
    assert html.count("Withdraw this consent") == 2
    newsletter = ConsentRecord.objects.get(purpose="newsletter")

    fields = form_fields(page.content.decode(), "Withdraw this consent")
    assert fields["consent"] == str(newsletter.pk)  # the first listed: the newsletter
    after = browser_client.post("/my-data/", fields)

    assert after.status_code == 200
    assert "Your consent is withdrawn." in after.content.decode()
    assert ConsentRecord.objects.get(pk=newsletter.pk).withdrawn_at is not None
    assert ConsentRecord.objects.get(purpose="share_with_organisation").withdrawn_at is None
    assert unescape(after.content.decode()).count("Withdraw this consent") == 1
    # The withdrawn consent stays listed, as withdrawn: the proof of what was allowed when.
    assert "Withdrawn on" in after.content.decode()


def test_withdrawing_a_consent_of_someone_else_is_refused(sign_up, browser_client):
    sign_up()
    sign_up(email="grace@example.org")
    _, manage_link = email_links()  # Grace's
    page = browser_client.get(manage_link)
    fields = form_fields(page.content.decode(), "Withdraw this consent")
    ada = SupporterSignUp.objects.get(email=NORMALISED)
    fields["consent"] = str(ada.consents.first().pk)

    response = browser_client.post("/my-data/", fields)

    assert response.status_code == 400
    assert not ConsentRecord.objects.filter(withdrawn_at__isnull=False).exists()


def test_the_download_button_gives_everything_stored_as_a_json_file(sign_up, browser_client):
    sign_up()
    _, manage_link = email_links()
    page = browser_client.get(manage_link)

    download = press(browser_client, page, "Download my data (JSON)")

    assert download.status_code == 200
    assert download["Content-Type"] == "application/json"
    assert download["Content-Disposition"] == 'attachment; filename="my-data.json"'
    assert "no-store" in download["Cache-Control"]
    data = json.loads(download.content)
    assert data["email"] == NORMALISED
    (item,) = data["signUps"]
    assert item["campaign"] == "Reclaim Your Face"
    assert item["name"] == "Ada Lovelace"
    assert {consent["purpose"] for consent in item["consents"]} == {
        "newsletter",
        "share_with_organisation",
    }


def test_erasing_asks_first_then_erases_everything_and_says_what_is_kept(
    sign_up, browser_client, world
):
    sign_up()
    sign_up(campaign=world.campaign_id)  # the same person again: still one sign-up
    _, manage_link = email_links()
    page = browser_client.get(manage_link)

    question = press(browser_client, page, "Erase everything…")

    assert question.status_code == 200
    assert "Erase everything?" in question.content.decode()
    assert SupporterSignUp.objects.count() == 1  # nothing erased yet

    done = press(browser_client, question, "Yes, erase everything")

    assert done.status_code == 200
    html = done.content.decode()
    assert "Your data has been erased" in html
    assert "hash of your email address" in html and "suppression list" in html
    assert SupporterSignUp.objects.count() == 0
    assert ConsentRecord.objects.count() == 0
    assert SuppressionEntry.objects.filter(email_hash=email_hash(NORMALISED)).exists()
    # The link now says that its sign-up is gone.
    assert browser_client.get(manage_link).status_code == 410


@pytest.mark.parametrize(
    ("query", "status", "text"),
    [
        ("", 400, "The link is incomplete."),
        ("?token=", 400, "The link is incomplete."),
        ("?token=not-a-token", 400, "The link is not valid."),
        ("?token=%00%ff", 400, "The link is not valid."),
    ],
)
@pytest.mark.parametrize("path", ["/confirm/", "/my-data/"])
def test_a_bad_token_gets_a_clear_page(client, db, path, query, status, text):
    response = client.get(f"{path}{query}")

    assert response.status_code == status
    assert text in response.content.decode()


def test_a_token_for_the_other_link_is_refused(sign_up, client):
    sign_up()
    reference = SupporterSignUp.objects.get().reference

    as_manage = client.get(f"/my-data/?token={token_make(reference=reference, purpose=CONFIRM)}")
    as_confirm = client.post(
        "/confirm/", {"token": token_make(reference=reference, purpose=MANAGE)}
    )

    assert as_manage.status_code == 400 and as_confirm.status_code == 400
    assert SupporterSignUp.objects.get().status == SignUpStatus.PENDING


@override_settings(PARTICIPATION_CONFIRM_TOKEN_MAX_AGE=3600)
def test_an_expired_link_gets_410_and_confirms_nothing(sign_up, client):
    sign_up()
    confirm_link, _ = email_links()
    token = parse_qs(urlparse(confirm_link).query)["token"][0]

    with mock.patch("django.core.signing.time.time", return_value=time.time() + 3601):
        shown = client.get(confirm_link)
        posted = client.post("/confirm/", {"token": token})

    assert shown.status_code == posted.status_code == 410
    assert "This link has expired." in shown.content.decode()
    assert "sign up again" in shown.content.decode()
    assert SupporterSignUp.objects.get().status == SignUpStatus.PENDING


def test_an_unknown_action_is_refused(sign_up, client):
    sign_up()
    _, manage_link = email_links()
    token = parse_qs(urlparse(manage_link).query)["token"][0]

    response = client.post("/my-data/", {"token": token, "action": "delete-all"})

    assert response.status_code == 400
    assert SupporterSignUp.objects.count() == 1


def test_no_token_or_address_reaches_the_logs(sign_up, client, caplog):
    sign_up()
    confirm_link, manage_link = email_links()
    token = parse_qs(urlparse(confirm_link).query)["token"][0]
    caplog.set_level(logging.DEBUG)

    client.get(confirm_link)
    client.post("/confirm/", {"token": token})
    client.get(manage_link.replace("token=", "token=x"))  # a bad token: a 4xx Django logs
    with mock.patch("django.core.signing.time.time", return_value=time.time() + 10**9):
        client.get(confirm_link)  # expired: 410

    logged = caplog.text + " ".join(repr(record.args) for record in caplog.records)
    assert token not in logged
    assert token[:20] not in logged
    assert NORMALISED not in logged
    assert SupporterSignUp.objects.get().status == SignUpStatus.CONFIRMED


@pytest.mark.parametrize("link", [0, 1])
def test_the_pages_keep_the_token_private(sign_up, client, link):
    sign_up()
    url = email_links()[link]

    for response in (client.get(url), client.get(url.split("?")[0] + "?token=bad")):
        assert "no-store" in response["Cache-Control"]
        # No Referer to other sites ("no-referrer" would make the forms' Origin null).
        assert response["Referrer-Policy"] == "same-origin"
        assert "noindex" in response["X-Robots-Tag"]
        policy = response["Content-Security-Policy"]
        assert "script-src" not in policy and "default-src 'none'" in policy
        assert "form-action 'self'" in policy
        nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
        assert f'<style nonce="{nonce}">' in response.content.decode()


def test_the_page_is_in_the_language_of_the_sign_up(sign_up, client, locales):
    sign_up(locale="de")
    confirm_link, manage_link = email_links()

    for url in (confirm_link, manage_link):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
        assert '<html lang="de">' in response.content.decode()
        assert response["Content-Language"] == "de"


def test_a_language_prefix_chooses_the_language(sign_up, client, locales):
    sign_up(locale="de")
    confirm_link, _ = email_links()

    response = client.get(f"/it{confirm_link}")

    assert response.status_code == 200
    assert '<html lang="it">' in response.content.decode()
    assert client.get("/it/confirm/?token=bad").status_code == 400


@override_settings(PARTICIPATION_RATE_LIMIT=2)
def test_posts_are_rate_limited_per_client(sign_up, client):
    sign_up()
    _, manage_link = email_links()
    token = parse_qs(urlparse(manage_link).query)["token"][0]

    answers = [
        client.post("/my-data/", {"token": token, "action": "erase"}, REMOTE_ADDR="198.51.100.7")
        for _ in range(3)
    ]

    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert answers[-1]["Retry-After"]
    assert "Too many requests" in answers[-1].content.decode()
    # Reading the page is not counted.
    assert client.get(manage_link, REMOTE_ADDR="198.51.100.7").status_code == 200
