"""The links in the emails: confirming, withdrawing a consent, downloading and erasing one's
data, each with a signed, expiring token."""

import datetime
import json
import time
from unittest import mock

import pytest
from django.apps import apps
from django.db import models
from django.test import override_settings

from participation.choices import ConsentPurpose, SignUpStatus
from participation.models import ConsentRecord, SupporterSignUp, SuppressionEntry
from participation.services import email_hash
from participation.tokens import CONFIRM, MANAGE, token_make
from tests.participation.conftest import EMAIL, NORMALISED

CONFIRM_DOCUMENT = """mutation($t: String!) { supporterConfirm(token: $t) { __typename
  ... on SupporterConfirmed { campaignTitle message }
  ... on InvalidToken { expired message } } }"""
WITHDRAW = """mutation($t: String!, $p: ConsentPurpose!, $o: ID) {
  supporterConsentWithdraw(token: $t, purpose: $p, organisation: $o) { __typename
    ... on ConsentWithdrawn { withdrawnCount }
    ... on InvalidInput { errors { field code } }
    ... on InvalidToken { expired } } }"""
EXPORT = """mutation($t: String!) { supporterDataExport(token: $t) { __typename
  ... on SupporterData { data } ... on InvalidToken { expired } } }"""
ERASE = """mutation($t: String!) { supporterErase(token: $t) { __typename
  ... on SupporterErased { message } ... on InvalidToken { expired } } }"""


def token(purpose=CONFIRM):
    return token_make(reference=SupporterSignUp.objects.get().reference, purpose=purpose)


def test_a_valid_token_confirms_the_sign_up(run, sign_up):
    sign_up()

    answer = run(CONFIRM_DOCUMENT, {"t": token()})["supporterConfirm"]

    assert answer["__typename"] == "SupporterConfirmed"
    assert answer["campaignTitle"] == "Reclaim Your Face"
    record = SupporterSignUp.objects.get()
    assert record.status == SignUpStatus.CONFIRMED
    assert record.confirmed_at is not None
    # Confirming twice is harmless and keeps the first time.
    first = record.confirmed_at
    run(CONFIRM_DOCUMENT, {"t": token()})
    assert SupporterSignUp.objects.get().confirmed_at == first


@override_settings(PARTICIPATION_CONFIRM_TOKEN_MAX_AGE=3600)
def test_an_expired_token_confirms_nothing(run, sign_up):
    sign_up()
    value = token()
    with mock.patch("django.core.signing.time.time", return_value=time.time() + 3601):
        answer = run(CONFIRM_DOCUMENT, {"t": value})["supporterConfirm"]

    assert answer == {"__typename": "InvalidToken", "expired": True, "message": answer["message"]}
    assert SupporterSignUp.objects.get().status == SignUpStatus.PENDING


@pytest.mark.parametrize(
    "tamper",
    [
        lambda value: value[:-1] + ("A" if value[-1] != "A" else "B"),  # the signature
        lambda value: "x" + value,  # the payload
        lambda value: "",
        lambda value: "a" * 600,
        lambda value: token_make(reference=SupporterSignUp.objects.get().reference, purpose=MANAGE),
    ],
    ids=["signature", "payload", "empty", "too-long", "manage-token"],
)
def test_a_tampered_or_foreign_token_confirms_nothing(run, sign_up, tamper):
    sign_up()

    answer = run(CONFIRM_DOCUMENT, {"t": tamper(token())})["supporterConfirm"]

    assert answer["__typename"] == "InvalidToken"
    assert answer["expired"] is False
    assert SupporterSignUp.objects.get().status == SignUpStatus.PENDING


def test_a_confirmation_token_cannot_manage_data(run, sign_up):
    sign_up()

    answer = run(ERASE, {"t": token(CONFIRM)})["supporterErase"]

    assert answer["__typename"] == "InvalidToken"
    assert SupporterSignUp.objects.count() == 1


def test_withdrawing_a_purpose_keeps_the_record_with_the_time(run, sign_up, world):
    sign_up()

    answer = run(WITHDRAW, {"t": token(MANAGE), "p": "NEWSLETTER"})["supporterConsentWithdraw"]

    assert answer == {"__typename": "ConsentWithdrawn", "withdrawnCount": 1}
    newsletter = ConsentRecord.objects.get(purpose=ConsentPurpose.NEWSLETTER)
    assert newsletter.withdrawn_at is not None
    sharing = ConsentRecord.objects.get(purpose=ConsentPurpose.SHARE_WITH_ORGANISATION)
    assert sharing.withdrawn_at is None
    # Withdrawing again changes nothing.
    again = run(WITHDRAW, {"t": token(MANAGE), "p": "NEWSLETTER"})["supporterConsentWithdraw"]
    assert again["withdrawnCount"] == 0


def test_withdrawing_sharing_with_one_organisation(run, sign_up, world):
    sign_up()

    answer = run(
        WITHDRAW,
        {"t": token(MANAGE), "p": "SHARE_WITH_ORGANISATION", "o": world.organisation_id},
    )["supporterConsentWithdraw"]

    assert answer["withdrawnCount"] == 1
    assert ConsentRecord.objects.get(purpose="share_with_organisation").withdrawn_at is not None
    bad = run(WITHDRAW, {"t": token(MANAGE), "p": "SHARE_WITH_ORGANISATION", "o": "nonsense"})[
        "supporterConsentWithdraw"
    ]
    assert bad == {
        "__typename": "InvalidInput",
        "errors": [{"field": "organisation", "code": "invalid"}],
    }


def test_the_data_download_holds_everything_stored_as_json(run, sign_up, world):
    sign_up()
    run(CONFIRM_DOCUMENT, {"t": token()})

    answer = run(EXPORT, {"t": token(MANAGE)})["supporterDataExport"]

    data = answer["data"]
    json.dumps(data)  # plain JSON
    assert data["email"] == NORMALISED
    (item,) = data["signUps"]
    assert item["campaign"] == "Reclaim Your Face"
    assert item["name"] == "Ada Lovelace"
    assert item["country"] == "GB"
    assert item["status"] == "confirmed"
    assert item["confirmedAt"]
    assert {consent["purpose"] for consent in item["consents"]} == {
        "newsletter",
        "share_with_organisation",
    }
    sharing = next(c for c in item["consents"] if c["purpose"] == "share_with_organisation")
    assert sharing["organisation"] == "EDRi"
    assert (
        sharing["wording"] == ConsentRecord.objects.get(purpose="share_with_organisation").wording
    )


def _text_values_containing(needle: str) -> list[str]:
    """Every (model, field) in the whole database whose text holds ``needle``."""
    found = []
    for model in apps.get_models():
        text_fields = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, (models.CharField, models.TextField, models.JSONField))
        ]
        for row in model._default_manager.values_list(*text_fields) if text_fields else ():
            for name, value in zip(text_fields, row, strict=True):
                if value is not None and needle in str(value).lower():
                    found.append(f"{model._meta.label}.{name}")
    return found


def test_erasure_leaves_no_trace_in_any_table_but_the_suppression_hash(run, sign_up, world, caplog):
    sign_up()
    sign_up(campaign=str(world.other_campaign.pk), consents=[])  # the same person, elsewhere
    run(
        CONFIRM_DOCUMENT,
        {"t": token_make(reference=SupporterSignUp.objects.first().reference, purpose=CONFIRM)},
    )
    assert _text_values_containing(NORMALISED)  # the search does find it while stored
    assert _text_values_containing("ada lovelace")

    answer = run(
        ERASE,
        {"t": token_make(reference=SupporterSignUp.objects.first().reference, purpose=MANAGE)},
    )["supporterErase"]

    assert answer["__typename"] == "SupporterErased"
    assert SupporterSignUp.objects.count() == 0
    assert ConsentRecord.objects.count() == 0
    assert _text_values_containing(NORMALISED) == []
    assert _text_values_containing("ada lovelace") == []
    assert _text_values_containing("ada.lovelace") == []
    assert list(SuppressionEntry.objects.values_list("email_hash", flat=True)) == [
        email_hash(EMAIL)
    ]
    assert "erased" in caplog.text
    # The old links lead nowhere now.
    again = run(
        EXPORT, {"t": token_make(reference="00000000-0000-0000-0000-000000000000", purpose=MANAGE)}
    )
    assert again["supporterDataExport"]["__typename"] == "InvalidToken"


def test_after_erasure_the_address_is_never_stored_or_mailed_again(run, sign_up, mailoutbox):
    sign_up()
    run(ERASE, {"t": token(MANAGE)})
    mailoutbox.clear()

    answer = sign_up()

    assert answer["__typename"] == "SupporterSignUpAccepted"
    assert SupporterSignUp.objects.count() == 0
    assert mailoutbox == []


def test_a_token_of_an_erased_sign_up_is_invalid(run, sign_up):
    sign_up()
    manage = token(MANAGE)
    run(ERASE, {"t": manage})

    for document, field in [(EXPORT, "supporterDataExport"), (ERASE, "supporterErase")]:
        assert run(document, {"t": manage})[field]["__typename"] == "InvalidToken"


def test_the_retention_limit_is_a_setting(settings):
    assert settings.PARTICIPATION_UNCONFIRMED_RETENTION_DAYS > 0
    assert datetime.timedelta(seconds=settings.PARTICIPATION_CONFIRM_TOKEN_MAX_AGE) <= (
        datetime.timedelta(days=settings.PARTICIPATION_UNCONFIRMED_RETENTION_DAYS)
    )
