"""The supporters' emails (sent by a background task that is given an ID only) and the deletion
of unconfirmed sign-ups."""

import datetime
import re
from unittest import mock
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from participation.choices import SignUpStatus
from participation.models import ConsentRecord, SupporterSignUp
from participation.services import sign_up_for_token
from participation.tasks import retention_apply
from participation.tokens import CONFIRM, MANAGE
from tests.participation.conftest import NORMALISED, SIGN_UP, sign_up_input
from tests.partners.conftest import run_worker


def _links(body: str) -> list[str]:
    return re.findall(r"https?://\S+", body)


@override_settings(FRONTEND_BASE_URL="https://front.example")
def test_the_email_carries_the_confirmation_and_manage_links(sign_up, mailoutbox):
    sign_up()

    (message,) = mailoutbox
    assert message.to == [NORMALISED]
    assert "Reclaim Your Face" in message.subject
    confirm, manage = _links(message.body)
    assert confirm.startswith("https://front.example/confirm/?token=")
    assert manage.startswith("https://front.example/my-data/?token=")
    record = SupporterSignUp.objects.get()
    assert (
        sign_up_for_token(token=parse_qs(urlparse(confirm).query)["token"][0], purpose=CONFIRM)
        == record
    )
    assert (
        sign_up_for_token(token=parse_qs(urlparse(manage).query)["token"][0], purpose=MANAGE)
        == record
    )


def test_the_email_is_in_the_language_of_the_form(sign_up, mailoutbox, locales):
    sign_up(locale="de", email="de@example.org", consents=[])

    assert SupporterSignUp.objects.get().locale == "de"
    assert mailoutbox[0].subject  # rendered under the German locale without error


def test_a_confirmed_person_signing_up_again_gets_no_confirmation_link(run, sign_up, mailoutbox):
    sign_up()
    SupporterSignUp.objects.update(status=SignUpStatus.CONFIRMED, confirmed_at=timezone.now())
    mailoutbox.clear()
    cache.clear()  # later than PARTICIPATION_EMAIL_COOLDOWN

    sign_up()

    (message,) = mailoutbox
    assert "/confirm/" not in message.body
    assert "/my-data/" in message.body


@pytest.fixture
def database_tasks():
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        yield


def test_the_email_is_sent_by_a_queued_task_whose_payload_holds_no_personal_data(
    sign_up, mailoutbox, database_tasks
):
    sign_up()

    assert mailoutbox == []  # not inside the request
    (queued,) = DBTaskResult.objects.filter(task_path__startswith="participation.")
    stored = str(queued.args_kwargs).lower()
    assert (
        stored
        == str({"args": [], "kwargs": {"sign_up_id": SupporterSignUp.objects.get().pk}}).lower()
    )
    assert "example.org" not in stored and "ada" not in stored
    run_worker()
    assert len(mailoutbox) == 1
    queued.refresh_from_db()
    assert "example.org" not in str(queued.return_value).lower()


def test_a_task_for_a_sign_up_erased_meanwhile_sends_nothing(sign_up, mailoutbox, database_tasks):
    sign_up()
    SupporterSignUp.objects.all().delete()

    run_worker()

    assert mailoutbox == []


def test_nothing_is_queued_when_the_sign_up_is_refused(run, world, database_tasks):
    run(SIGN_UP, {"input": sign_up_input(world, email="broken")})

    assert not DBTaskResult.objects.filter(task_path__startswith="participation.").exists()


@override_settings(PARTICIPATION_UNCONFIRMED_RETENTION_DAYS=14)
@pytest.mark.parametrize("run_it", ["command", "task"])
def test_retention_deletes_only_unconfirmed_sign_ups_past_the_limit(sign_up, run_it):
    for email in ("old@example.org", "recent@example.org", "confirmed@example.org"):
        sign_up(email=email)
    now = timezone.now()
    SupporterSignUp.objects.filter(email="old@example.org").update(
        created_at=now - datetime.timedelta(days=15)
    )
    SupporterSignUp.objects.filter(email="recent@example.org").update(
        created_at=now - datetime.timedelta(days=13)
    )
    SupporterSignUp.objects.filter(email="confirmed@example.org").update(
        created_at=now - datetime.timedelta(days=400),
        status=SignUpStatus.CONFIRMED,
        confirmed_at=now - datetime.timedelta(days=399),
    )

    if run_it == "command":
        out = mock.MagicMock()
        call_command("participation_retention", stdout=out)
        assert (
            "Deleted 1 unconfirmed sign-ups, 0 unsent contact messages and 0 organisation "
            "applications." in str(out.write.call_args)
        )
    else:
        assert retention_apply.enqueue().return_value == {
            "sign_ups": 1,
            "contact_messages": 0,
            "applications": 0,
        }

    assert sorted(SupporterSignUp.objects.values_list("email", flat=True)) == [
        "confirmed@example.org",
        "recent@example.org",
    ]
    assert not ConsentRecord.objects.filter(sign_up__email="old@example.org").exists()
    assert ConsentRecord.objects.count() == 4
