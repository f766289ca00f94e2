"""supporterSignUp: what it stores, what it refuses (storing nothing), and its abuse guards."""

import pytest
from django.core import mail
from django.test import override_settings

from participation.choices import CONSENT_WORDING_VERSION, ConsentPurpose, SignUpStatus
from participation.models import ConsentRecord, SupporterSignUp, SuppressionEntry
from participation.services import email_hash
from tests.participation.conftest import EMAIL, NORMALISED, SIGN_UP, sign_up_input


def test_sign_up_is_pending_with_one_record_per_consent_as_worded(sign_up, world):
    answer = sign_up()

    assert answer["__typename"] == "SupporterSignUpAccepted"
    record = SupporterSignUp.objects.get()
    assert record.email == NORMALISED
    assert record.name == "Ada Lovelace"
    assert record.country.code == "GB"
    assert record.status == SignUpStatus.PENDING
    assert record.confirmed_at is None
    assert record.locale == "en"
    assert record.campaign_id == world.campaign.pk
    consents = {consent.purpose: consent for consent in record.consents.all()}
    # Only what was ticked: showing the name was not.
    assert set(consents) == {ConsentPurpose.NEWSLETTER, ConsentPurpose.SHARE_WITH_ORGANISATION}
    newsletter = consents[ConsentPurpose.NEWSLETTER]
    assert newsletter.wording == (
        "Yes, send me the newsletter of Reclaim Your Face by email. I can unsubscribe at any time."
    )
    assert newsletter.wording_version == CONSENT_WORDING_VERSION
    assert newsletter.source == "home-page-form"
    assert newsletter.granted_at is not None and newsletter.withdrawn_at is None
    sharing = consents[ConsentPurpose.SHARE_WITH_ORGANISATION]
    assert sharing.organisation_id == world.organisation.pk
    assert "EDRi" in sharing.wording


def test_consent_texts_query_gives_the_wording_that_is_recorded(run, sign_up, world):
    data = run(
        """query($c: ID!, $o: [ID!]) { consentTexts(campaign: $c, organisations: $o) {
             version texts { purpose organisation text } } }""",
        {"c": world.campaign_id, "o": [world.organisation_id]},
    )["consentTexts"]
    sign_up()

    assert data["version"] == CONSENT_WORDING_VERSION
    shown = {(text["purpose"], text["organisation"]): text["text"] for text in data["texts"]}
    recorded = {consent.purpose: consent.wording for consent in ConsentRecord.objects.all()}
    assert shown[("NEWSLETTER", None)] == recorded["newsletter"]
    assert (
        shown[("SHARE_WITH_ORGANISATION", world.organisation_id)]
        == recorded["share_with_organisation"]
    )
    assert ("SHOW_NAME_PUBLICLY", None) in shown


def test_signing_up_without_any_consent_is_allowed(sign_up):
    assert sign_up(consents=[])["__typename"] == "SupporterSignUpAccepted"
    assert SupporterSignUp.objects.count() == 1
    assert ConsentRecord.objects.count() == 0


def test_signing_up_again_keeps_one_sign_up_and_adds_new_consents(sign_up):
    sign_up()
    sign_up(email=NORMALISED.upper(), consents=[{"purpose": "SHOW_NAME_PUBLICLY"}])
    sign_up()

    assert SupporterSignUp.objects.count() == 1
    assert sorted(ConsentRecord.objects.values_list("purpose", flat=True)) == [
        "newsletter",
        "share_with_organisation",
        "show_name_publicly",
    ]


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"email": "not-an-address"}, "email", "invalid"),
        ({"email": ""}, "email", "required"),
        ({"email": "a" * 250 + "@example.org"}, "email", "max_length"),
        ({"name": "n" * 101}, "name", "max_length"),
        ({"country": "XX"}, "country", "invalid_choice"),
        ({"source": "s" * 101}, "source", "max_length"),
        ({"locale": "xx"}, "locale", "invalid_choice"),
        ({"campaign": "999999"}, "campaign", "not_found"),
        ({"campaign": "not an id"}, "campaign", "not_found"),
        ({"consentTextsVersion": "1999-01-01"}, "consentTextsVersion", "outdated"),
        ({"consents": [{"purpose": "NEWSLETTER"}] * 21}, "consents", "too_many"),
        (
            {"consents": [{"purpose": "SHARE_WITH_ORGANISATION"}]},
            "consents.0.organisation",
            "required",
        ),
        (
            {"consents": [{"purpose": "NEWSLETTER", "organisation": "1"}]},
            "consents.0.organisation",
            "invalid",
        ),
    ],
)
def test_an_invalid_field_is_reported_and_nothing_is_stored(sign_up, world, changes, field, code):
    answer = sign_up(**changes)

    assert answer["__typename"] == "InvalidInput"
    assert {(error["field"], error["code"]) for error in answer["errors"]} == {(field, code)}
    assert all(error["message"] for error in answer["errors"])
    assert SupporterSignUp.objects.count() == 0
    assert ConsentRecord.objects.count() == 0
    assert mail.outbox == []


def test_sharing_with_an_organisation_of_another_campaign_is_refused(sign_up, world):
    answer = sign_up(
        consents=[
            {"purpose": "NEWSLETTER"},
            {"purpose": "SHARE_WITH_ORGANISATION", "organisation": world.stranger_id},
        ]
    )

    assert answer["errors"] == [
        {
            "field": "consents.1.organisation",
            "code": "not_found",
            "message": "This organisation is not in the campaign.",
        }
    ]
    assert SupporterSignUp.objects.count() == 0


def test_every_problem_is_reported_at_once(sign_up):
    answer = sign_up(email="nope", country="XX", consentTextsVersion="old")

    assert {error["field"] for error in answer["errors"]} == {
        "email",
        "country",
        "consentTextsVersion",
    }


def test_field_errors_are_in_the_language_of_the_form(sign_up):
    answer = sign_up(email="nope", locale="de")

    # Django's own German message for an invalid address.
    assert answer["errors"][0]["message"] == "Bitte gültige E-Mail-Adresse eingeben."


def test_a_failure_while_storing_consents_leaves_no_half_sign_up(run, world, monkeypatch):
    from participation.services import supporters as services

    calls = []
    real = services.consent_wording

    def second_fails(**kwargs):
        calls.append(kwargs["purpose"])
        if len(calls) == 2:
            raise RuntimeError("storage failed")
        return real(**kwargs)

    monkeypatch.setattr(services, "consent_wording", second_fails)
    result = run(SIGN_UP, {"input": sign_up_input(world)}, allow_errors=True)

    assert len(calls) == 2  # the sign-up and its first consent had been written
    assert result.errors
    assert SupporterSignUp.objects.count() == 0
    assert ConsentRecord.objects.count() == 0


def test_the_honeypot_answers_as_accepted_and_stores_and_sends_nothing(sign_up):
    answer = sign_up(website="http://spam.example")

    assert answer["__typename"] == "SupporterSignUpAccepted"
    assert SupporterSignUp.objects.count() == 0
    assert mail.outbox == []


def test_a_suppressed_address_is_answered_alike_and_neither_stored_nor_mailed(sign_up):
    accepted = sign_up(email="someone@example.org")
    SupporterSignUp.objects.all().delete()
    mail.outbox.clear()
    SuppressionEntry.objects.create(email_hash=email_hash(EMAIL))

    answer = sign_up()

    assert answer == accepted
    assert SupporterSignUp.objects.count() == 0
    assert mail.outbox == []


@override_settings(PARTICIPATION_RATE_LIMIT=3, PARTICIPATION_RATE_WINDOW=600)
def test_a_client_over_the_rate_limit_is_refused_and_others_are_not(sign_up):
    for _ in range(3):
        assert sign_up(ip="198.51.100.7")["__typename"] == "SupporterSignUpAccepted"

    refused = sign_up(ip="198.51.100.7", email="another@example.org")

    assert refused["__typename"] == "RateLimited"
    # What is left of the window, not the whole window (the sign-ups above took a moment).
    assert 500 < refused["retryAfter"] <= 600
    assert not SupporterSignUp.objects.filter(email="another@example.org").exists()
    assert sign_up(ip="198.51.100.8", email="another@example.org")["__typename"] == (
        "SupporterSignUpAccepted"
    )


@override_settings(PARTICIPATION_RATE_LIMIT=1)
def test_the_rate_limit_key_holds_no_ip_address(sign_up):
    from django.core.cache import cache

    sign_up(ip="198.51.100.7")

    keys = list(cache._cache.keys())
    assert keys and not any("198.51.100.7" in key for key in keys)


def test_a_mutation_over_get_is_refused(client, world):
    response = client.get(
        "/graphql/",
        {"query": 'mutation { supporterConfirm(token: "x") { __typename } }'},
        HTTP_ACCEPT="application/json",
    )

    assert response.status_code == 405


def test_a_mutation_over_post_is_not_cacheable(client, world):
    response = client.post(
        "/graphql/",
        {"query": 'mutation { supporterConfirm(token: "x") { __typename } }'},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json()["data"]["supporterConfirm"]["__typename"] == "InvalidToken"
    assert "public" not in response.get("Cache-Control", "")
    assert "max-age" not in response.get("Cache-Control", "")


@override_settings(PARTICIPATION_RATE_LIMIT=1, PARTICIPATION_RATE_WINDOW=600)
def test_retry_after_is_what_is_left_of_the_window(sign_up, monkeypatch):
    import time as time_module

    from participation import throttle

    started = time_module.time()
    assert sign_up(ip="198.51.100.9")["__typename"] == "SupporterSignUpAccepted"
    monkeypatch.setattr(throttle.time, "time", lambda: started + 400)

    refused = sign_up(ip="198.51.100.9", email="later@example.org")

    assert refused["__typename"] == "RateLimited"
    assert 195 <= refused["retryAfter"] <= 201


@pytest.mark.parametrize(
    "name",
    # (NUL is refused before, with every variable: tests/frontend_schema/test_bad_input.py.)
    ["Bob\r\nBcc: victim@example.org", "Bob\u202eevil", "Bo\u200bb", "Bob\u2028Line"],
    ids=["line break", "right-to-left override", "zero-width space", "line separator"],
)
def test_a_name_with_control_or_format_characters_is_refused(sign_up, name):
    answer = sign_up(name=name)

    assert answer["__typename"] == "InvalidInput"
    assert ("name", "invalid_characters") in {(e["field"], e["code"]) for e in answer["errors"]}
    assert not SupporterSignUp.objects.exists()


def test_names_in_every_script_with_accents_and_punctuation_pass(sign_up):
    for index, name in enumerate(["Zoë O'Brien-Łukasiewicz", "Σοφία", "李小龍", "Jean-Luc (JL)"]):
        answer = sign_up(name=name, email=f"person{index}@example.org")
        assert answer["__typename"] == "SupporterSignUpAccepted", answer


def test_the_same_form_sent_many_times_sends_one_email_per_cooldown(sign_up, mailoutbox, settings):
    for _ in range(5):
        assert sign_up()["__typename"] == "SupporterSignUpAccepted"

    assert len(mailoutbox) == 1
    assert SupporterSignUp.objects.count() == 1

    from django.core.cache import cache

    cache.clear()  # the cooldown (PARTICIPATION_EMAIL_COOLDOWN) is over
    sign_up()
    assert len(mailoutbox) == 2
