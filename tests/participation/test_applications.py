"""organisationApply: what it stores, what it refuses (storing nothing, no file either), the
logo's checks, completing an application through the emailed link, the emails, retention."""

import datetime
import os
import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.files.storage import storages
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from participation import services
from participation.choices import ApplicationStatus
from participation.models import OrganisationApplication
from participation.tasks import retention_apply
from tests.participation.conftest import (
    APPLY,
    CONTACT_EMAIL,
    CONTACT_NAME,
    apply_input,
    image_bytes,
    logo_upload,
)


def _private_files() -> list[str]:
    storage = storages["private"]
    if not storage.exists("organisation-applications"):
        return []
    return storage.listdir("organisation-applications")[1]


def test_an_application_is_pending_with_its_data_and_its_logo_kept_privately(
    apply, world, mailoutbox
):
    answer = apply(logo=logo_upload("Grace Hopper's logo.png"))

    assert answer["__typename"] == "OrganisationApplicationReceived"
    application = OrganisationApplication.objects.get()
    assert application.status == ApplicationStatus.PENDING
    assert application.campaign_id == world.campaign.pk
    assert (application.name, application.country.code, application.international) == (
        "Digital Rights Lab",
        "NL",
        False,
    )
    assert application.contact_email == CONTACT_EMAIL
    assert application.role == "partner"
    # The file name is random, never the uploaded one (it may name a person).
    assert re.fullmatch(r"organisation-applications/[0-9a-f]{32}\.png", application.logo.name)
    assert _private_files() == [application.logo.name.split("/")[1]]
    # Private storage lies outside MEDIA_ROOT: no URL serves it.
    from django.conf import settings

    assert not os.path.abspath(storages["private"].location).startswith(
        os.path.abspath(settings.MEDIA_ROOT)
    )
    (message,) = mailoutbox
    assert message.to == [CONTACT_EMAIL]
    assert "Digital Rights Lab" in message.subject
    assert CONTACT_NAME in message.body


def test_the_acknowledgement_is_in_the_language_of_the_form(apply, mailoutbox, locales):
    apply(locale="de")

    (message,) = mailoutbox
    assert message.subject  # rendered in German where translated; the language is recorded
    assert OrganisationApplication.objects.get().locale == "de"


def test_an_international_organisation_has_no_country(apply):
    assert apply(country="", international=True)["__typename"] == (
        "OrganisationApplicationReceived"
    )
    application = OrganisationApplication.objects.get()
    assert application.international and not application.country


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"name": ""}, "name", "required"),
        ({"name": "x" * 201}, "name", "max_length"),
        ({"website": "not a url at all"}, "website", "invalid"),
        ({"website": "ftp://files.example"}, "website", "invalid"),
        ({"country": "XX"}, "country", "invalid_choice"),
        ({"country": ""}, "country", "required"),
        ({"international": True}, "international", "invalid"),
        ({"description": ""}, "description", "required"),
        ({"description": "x" * 2001}, "description", "max_length"),
        ({"contactName": ""}, "contactName", "required"),
        ({"contactEmail": "grace-at-example"}, "contactEmail", "invalid"),
        ({"message": "x" * 2001}, "message", "max_length"),
        ({"campaign": "Q2FtcGFpZ246OTk5OTk="}, "campaign", "not_found"),
        ({"campaign": "nonsense"}, "campaign", "not_found"),
        ({"locale": "xx"}, "locale", "invalid_choice"),
    ],
)
def test_a_bad_field_is_refused_with_a_field_error_and_nothing_is_stored(
    apply, mailoutbox, changes, field, code
):
    answer = apply(logo=logo_upload(), **changes)

    assert answer["__typename"] == "InvalidInput"
    assert [(error["field"], error["code"]) for error in answer["errors"]] == [(field, code)]
    assert answer["errors"][0]["message"]
    assert OrganisationApplication.objects.count() == 0
    assert _private_files() == []
    assert mailoutbox == []


def test_field_errors_are_in_the_language_of_the_form(apply):
    answer = apply(locale="de", contactEmail="kaputt")

    assert answer["errors"] == [
        {
            "field": "contactEmail",
            "code": "invalid",
            "message": "Bitte gültige E-Mail-Adresse eingeben.",
        }
    ]


def _gif() -> bytes:
    return image_bytes(image_format="GIF")


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (lambda: logo_upload("logo.png", b"%PDF-1.4 not an image"), "invalid_image"),
        (lambda: logo_upload("logo.gif", _gif(), "image/gif"), "invalid_image_extension"),
        (
            lambda: logo_upload("logo.svg", b"<svg xmlns='x'/>", "image/svg+xml"),
            "invalid_image_extension",
        ),
        (lambda: logo_upload("logo.jpg", image_bytes()), "invalid_image_known_format"),
        (lambda: logo_upload("logo.png", image_bytes(size=(16, 200))), "image_too_small"),
        (lambda: logo_upload("logo.png", image_bytes(size=(4001, 40))), "image_too_large"),
    ],
)
def test_a_bad_logo_is_refused_before_anything_is_stored(apply, upload, code):
    answer = apply(logo=upload())

    assert answer["__typename"] == "InvalidInput"
    assert [(error["field"], error["code"]) for error in answer["errors"]] == [("logo", code)]
    assert OrganisationApplication.objects.count() == 0
    assert _private_files() == []


@override_settings(PARTICIPATION_LOGO_MAX_BYTES=1000)
def test_a_logo_of_too_many_bytes_is_refused(apply):
    content = image_bytes(size=(400, 400), image_format="PNG", colour=(1, 2, 3))
    noisy = os.urandom(2000)
    answer = apply(logo=logo_upload("logo.png", content + noisy))

    assert [(error["field"], error["code"]) for error in answer["errors"]] == [
        ("logo", "file_too_large")
    ]
    assert OrganisationApplication.objects.count() == 0


def test_a_failure_while_storing_leaves_no_row_and_no_file(run, world, monkeypatch):
    from participation.services import applications

    def fails(*args, **kwargs):
        raise RuntimeError("queue down")

    monkeypatch.setattr(applications, "_email_enqueue_application", fails)

    result = run(APPLY, {"input": apply_input(world, logo=logo_upload())}, allow_errors=True)

    assert [error.message for error in result.errors] == ["Unexpected error."]
    assert OrganisationApplication.objects.count() == 0
    assert _private_files() == []


def test_a_suppressed_address_is_answered_as_usual_and_not_stored(apply, mailoutbox):
    services.personal_data_erase(email=CONTACT_EMAIL.upper())

    assert apply()["__typename"] == "OrganisationApplicationReceived"
    assert OrganisationApplication.objects.count() == 0
    assert mailoutbox == []


@override_settings(PARTICIPATION_RATE_LIMIT=2)
def test_applications_count_towards_the_participation_rate_limit(apply):
    apply()
    apply(contactEmail="second@example.org")

    answer = apply(contactEmail="third@example.org")

    assert answer["__typename"] == "RateLimited"
    assert OrganisationApplication.objects.count() == 2


@override_settings(FRONTEND_BASE_URL="https://front.example")
def test_asking_for_more_sends_a_link_that_completes_the_application(
    apply, mailoutbox, django_capture_on_commit_callbacks
):
    apply(logo=logo_upload())
    application = OrganisationApplication.objects.get()
    old_logo = application.logo.name

    with django_capture_on_commit_callbacks(execute=True):
        services.application_request_information(
            application=application, message="Which countries do you work in?"
        )

    application.refresh_from_db()
    assert application.status == ApplicationStatus.NEEDS_MORE_INFORMATION
    question = mailoutbox[-1]
    assert "Which countries do you work in?" in question.body
    (link,) = [url for url in re.findall(r"https?://\S+", question.body)]
    assert link.startswith("https://front.example/apply/?token=")
    token = parse_qs(urlparse(link).query)["token"][0]

    answer = apply(
        token=token,
        country="",
        international=True,
        description="We work in the Netherlands, Belgium and Germany.",
        logo=logo_upload("new.png", image_bytes(colour=(0, 0, 255))),
    )

    assert answer["__typename"] == "OrganisationApplicationReceived"
    application = OrganisationApplication.objects.get()  # the same one, completed
    assert application.status == ApplicationStatus.PENDING
    assert application.international
    assert application.description.startswith("We work in the Netherlands")
    assert application.logo.name != old_logo
    assert _private_files() == [application.logo.name.split("/")[1]]  # the old file is gone


def test_a_bad_or_foreign_token_is_refused(apply):
    from participation.tokens import CONFIRM, token_make

    assert apply(token="nonsense")["__typename"] == "InvalidToken"
    apply()
    reference = OrganisationApplication.objects.get().reference
    # A token made for another purpose does not complete an application.
    assert apply(token=token_make(reference=reference, purpose=CONFIRM))["__typename"] == (
        "InvalidToken"
    )
    assert OrganisationApplication.objects.count() == 1


def test_a_decided_application_cannot_be_completed_or_moderated_again(apply, world):
    from participation.tokens import APPLICATION, token_make

    apply()
    application = OrganisationApplication.objects.get()
    services.application_reject(application=application, reason="Not a fit.")
    token = token_make(reference=application.reference, purpose=APPLICATION)

    assert apply(token=token)["__typename"] == "InvalidToken"
    with pytest.raises(services.ApplicationError):
        services.application_accept(application=application)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED


def test_rejection_sends_the_reason_and_deletes_the_logo(
    apply, mailoutbox, django_capture_on_commit_callbacks
):
    apply(logo=logo_upload())
    application = OrganisationApplication.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        services.application_reject(application=application, reason="We only take NGOs.")

    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    assert not application.logo
    assert _private_files() == []
    assert "We only take NGOs." in mailoutbox[-1].body
    assert mailoutbox[-1].to == [CONTACT_EMAIL]


def test_acceptance_needs_a_coalition_index_in_the_campaign(apply, world):
    world.campaign.get_children().type(
        __import__("campaign.models", fromlist=["OrganisationIndexPage"]).OrganisationIndexPage
    ).delete()
    apply()
    application = OrganisationApplication.objects.get()

    with pytest.raises(services.ApplicationError, match="coalition index page"):
        services.application_accept(application=application)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING


@pytest.mark.parametrize("run_it", ["command", "task"])
def test_retention_deletes_applications_per_state(
    apply, run_it, django_capture_on_commit_callbacks
):
    now = timezone.now()
    ages = {
        "open-old@example.org": (ApplicationStatus.PENDING, 181),
        "open-recent@example.org": (ApplicationStatus.NEEDS_MORE_INFORMATION, 179),
        "rejected-old@example.org": (ApplicationStatus.REJECTED, 31),
        "rejected-recent@example.org": (ApplicationStatus.REJECTED, 29),
        "accepted-old@example.org": (ApplicationStatus.ACCEPTED, 91),
        "accepted-recent@example.org": (ApplicationStatus.ACCEPTED, 89),
    }
    for email in ages:
        apply(contactEmail=email, ip=email)  # one client each: below the rate limit
    for email, (status, days) in ages.items():
        OrganisationApplication.objects.filter(contact_email=email).update(
            status=status, status_changed_at=now - datetime.timedelta(days=days)
        )
    logo_of_old = OrganisationApplication.objects.get(contact_email="open-old@example.org")
    logo_of_old.logo = services.applications._logo_store(logo_upload())
    logo_of_old.save()

    with django_capture_on_commit_callbacks(execute=True):
        if run_it == "command":
            call_command("participation_retention", stdout=open(os.devnull, "w"))  # noqa: SIM115
        else:
            assert retention_apply.enqueue().return_value["applications"] == 3

    assert sorted(OrganisationApplication.objects.values_list("contact_email", flat=True)) == [
        "accepted-recent@example.org",
        "open-recent@example.org",
        "rejected-recent@example.org",
    ]
    assert _private_files() == []


def test_an_application_without_a_solved_challenge_is_refused_and_nothing_is_stored(apply):
    from participation.models import OrganisationApplication

    answer = apply(altcha="")

    assert answer["__typename"] == "InvalidInput"
    assert ("altcha", "required") in {(e["field"], e["code"]) for e in answer["errors"]}
    assert not OrganisationApplication.objects.exists()


def test_a_filled_honeypot_is_answered_as_received_and_nothing_is_stored(apply, mailoutbox):
    from participation.models import OrganisationApplication

    answer = apply(homepage="http://spam.example")

    assert answer["__typename"] == "OrganisationApplicationReceived"
    assert not OrganisationApplication.objects.exists()
    assert mailoutbox == []


def test_a_solved_challenge_is_accepted_once(apply, world):
    from tests.participation.conftest import altcha_payload

    payload = altcha_payload()
    assert apply(altcha=payload)["__typename"] == "OrganisationApplicationReceived"
    again = apply(altcha=payload, name="Another Lab")
    assert again["__typename"] == "InvalidInput"
    assert ("altcha", "used") in {(e["field"], e["code"]) for e in again["errors"]}
