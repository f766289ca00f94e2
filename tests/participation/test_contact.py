"""contactSend: a message is emailed to the site's contact address by a task given its ID, then
deleted; refused input keeps nothing; the protection of public forms applies."""

import datetime

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from campaign.models import CampaignSiteSettings
from participation.models import ContactMessage
from tests.participation.conftest import altcha_payload
from tests.partners.conftest import run_worker

CONTACT = """
mutation Contact($input: ContactSendInput!) {
  contactSend(input: $input) {
    __typename
    ... on ContactSent { message }
    ... on InvalidInput { errors { field code message } }
    ... on ContactUnavailable { message }
    ... on RateLimited { retryAfter message }
  }
}
"""


@pytest.fixture
def site_settings(world):
    settings = CampaignSiteSettings.for_site(world.site)
    settings.contact_email = "hello@campaign.example"
    settings.contact_messages_email = "team@campaign.example"
    settings.save()
    return settings


@pytest.fixture
def contact(run, world, site_settings, django_capture_on_commit_callbacks):
    """Send the contact form through the API (the email task runs on commit); the answer."""

    def submit(ip="192.0.2.1", **changes):
        values = {
            "name": "Grace Hopper",
            "email": "Grace@Example.org",
            "subject": "Press enquiry",
            "message": "Could we talk about the campaign?\nBest, Grace",
            "locale": "en",
            "altcha": altcha_payload(),
        }
        values.update(changes)
        with django_capture_on_commit_callbacks(execute=True):
            return run(CONTACT, {"input": values}, ip=ip)["contactSend"]

    return submit


def test_a_message_is_emailed_to_the_sites_address_and_not_kept(contact, mailoutbox):
    answer = contact()

    assert answer == {
        "__typename": "ContactSent",
        "message": "Thank you! Your message has been sent to the campaign team.",
    }
    (email,) = mailoutbox
    assert email.to == ["team@campaign.example"]
    assert email.reply_to == ["grace@example.org"]
    assert "Press enquiry" in email.subject
    assert "Could we talk about the campaign?\nBest, Grace" in email.body
    assert "Grace Hopper" in email.body
    assert "English" in email.body
    assert ContactMessage.objects.count() == 0


def test_without_a_messages_address_the_public_contact_address_is_used(
    contact, site_settings, mailoutbox
):
    site_settings.contact_messages_email = ""
    site_settings.save()

    contact()

    assert mailoutbox[0].to == ["hello@campaign.example"]


def test_without_any_address_the_form_is_off_and_nothing_is_kept(
    contact, site_settings, mailoutbox
):
    site_settings.contact_email = site_settings.contact_messages_email = ""
    site_settings.save()

    answer = contact()

    assert answer["__typename"] == "ContactUnavailable"
    assert ContactMessage.objects.count() == 0
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"name": ""}, "name", "required"),
        ({"name": "n" * 101}, "name", "max_length"),
        ({"email": "not-an-address"}, "email", "invalid"),
        ({"email": "a" * 250 + "@example.org"}, "email", "max_length"),
        ({"subject": "s" * 151}, "subject", "max_length"),
        ({"message": ""}, "message", "required"),
        ({"message": "x"}, "message", "min_length"),
        ({"message": "m" * 5001}, "message", "max_length"),
        ({"locale": "xx"}, "locale", "invalid_choice"),
        ({"altcha": ""}, "altcha", "required"),
        ({"altcha": "forged"}, "altcha", "invalid"),
    ],
)
def test_an_invalid_field_is_reported_and_nothing_is_kept_or_sent(
    contact, mailoutbox, changes, field, code
):
    answer = contact(**changes)

    assert answer["__typename"] == "InvalidInput"
    assert [(e["field"], e["code"]) for e in answer["errors"]] == [(field, code)]
    assert all(e["message"] for e in answer["errors"])
    assert ContactMessage.objects.count() == 0
    assert mailoutbox == []


def test_a_line_break_in_the_subject_cannot_add_an_email_header(contact, mailoutbox):
    contact(subject="Hello\nBcc: victim@example.org")

    (email,) = mailoutbox
    assert email.bcc == []
    assert "\n" not in email.message()["Subject"]
    assert email.message()["Bcc"] is None


def test_the_honeypot_answers_as_sent_and_keeps_nothing(contact, mailoutbox):
    answer = contact(website="http://spam.example")

    assert answer["__typename"] == "ContactSent"
    assert ContactMessage.objects.count() == 0
    assert mailoutbox == []


def test_a_replayed_challenge_is_refused(contact, mailoutbox):
    payload = altcha_payload()
    assert contact(altcha=payload)["__typename"] == "ContactSent"

    answer = contact(altcha=payload)

    assert [(e["field"], e["code"]) for e in answer["errors"]] == [("altcha", "used")]
    assert len(mailoutbox) == 1


@override_settings(PARTICIPATION_RATE_LIMIT=2)
def test_a_client_over_the_rate_limit_is_refused(contact, mailoutbox):
    contact(ip="198.51.100.9")
    contact(ip="198.51.100.9")

    assert contact(ip="198.51.100.9")["__typename"] == "RateLimited"
    assert len(mailoutbox) == 2


@pytest.fixture
def database_tasks():
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        yield


def test_the_task_payload_holds_the_messages_id_only(contact, mailoutbox, database_tasks):
    contact()

    assert mailoutbox == []  # not inside the request
    stored = ContactMessage.objects.get()
    (queued,) = DBTaskResult.objects.filter(task_path__startswith="participation.")
    assert queued.args_kwargs == {"args": [], "kwargs": {"message_id": stored.pk}}
    run_worker()
    assert len(mailoutbox) == 1
    assert ContactMessage.objects.count() == 0
    queued.refresh_from_db()
    assert "example.org" not in str(queued.return_value).lower()


def test_a_message_that_cannot_be_sent_is_kept_until_its_retention_ends(
    contact, site_settings, mailoutbox, database_tasks, caplog
):
    contact()
    site_settings.contact_email = site_settings.contact_messages_email = ""
    site_settings.save()

    run_worker()

    assert mailoutbox == []
    assert ContactMessage.objects.count() == 1
    logged = " ".join(record.getMessage() for record in caplog.records).lower()
    assert "grace" not in logged and "example.org" not in logged


@override_settings(PARTICIPATION_CONTACT_RETENTION_HOURS=72)
def test_retention_deletes_unsent_messages_past_the_limit(world):
    now = timezone.now()
    for hours in (73, 71):
        message = ContactMessage.objects.create(
            site=world.site, name="A", email="a@example.org", message="Hi", locale="en"
        )
        ContactMessage.objects.filter(pk=message.pk).update(
            created_at=now - datetime.timedelta(hours=hours)
        )

    call_command("participation_retention", stdout=open("/dev/null", "w"))  # noqa: SIM115

    (kept,) = ContactMessage.objects.all()
    assert kept.created_at > now - datetime.timedelta(hours=72)


def test_the_message_is_not_in_the_logs(contact, caplog):
    contact()

    logged = " ".join(record.getMessage() for record in caplog.records).lower()
    assert "contact message" in logged
    assert "grace" not in logged and "example.org" not in logged and "press" not in logged
