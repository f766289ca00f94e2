"""Participation emails go out first and are tried again when the mail server fails.

A failed send used to end the task: the supporter never got a confirmation link. Now a
mail-server error re-enqueues the task, deferred, with the next attempt number; the logs and the
queue carry IDs and the error's class only (SMTP errors may quote the address).
"""

import datetime
import logging
import smtplib

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from participation import tasks

ADDRESS = "secret.person@example.org"


@pytest.fixture
def database_queue():
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        yield


@pytest.fixture
def failing_mail(monkeypatch):
    """Every send fails as a mail server refusing a recipient would (the error quotes it)."""
    import participation.services

    def refuse(**ids):
        raise smtplib.SMTPRecipientsRefused({ADDRESS: (450, b"try again later")})

    for name in ("supporter_email_send", "contact_message_deliver", "application_email_send"):
        monkeypatch.setattr(participation.services, name, refuse)


@pytest.mark.parametrize(
    ("email_task", "ids"),
    [
        (tasks.supporter_email_send, {"sign_up_id": 7}),
        (tasks.contact_message_deliver, {"message_id": 7}),
        (tasks.application_email_send, {"application_id": 7, "kind": "received"}),
    ],
    ids=["sign-up", "contact", "application"],
)
def test_a_failed_send_is_tried_again_later_with_ids_only(
    db, database_queue, failing_mail, caplog, email_task, ids
):
    caplog.set_level(logging.INFO)
    before = timezone.now()

    email_task.call(**ids)

    (queued,) = DBTaskResult.objects.all()
    assert queued.args_kwargs["kwargs"] == {**ids, "attempt": 2}
    assert queued.priority == tasks.EMAIL_PRIORITY
    delay = tasks.email_retry_delays()[0]
    assert queued.run_after >= before + datetime.timedelta(seconds=delay)
    assert ADDRESS not in caplog.text and ADDRESS not in str(queued.args_kwargs)
    assert "SMTPRecipientsRefused" in caplog.text


def test_after_the_last_attempt_the_email_is_given_up_and_logged(
    db, database_queue, failing_mail, caplog
):
    last = len(tasks.email_retry_delays()) + 1

    tasks.supporter_email_send.call(sign_up_id=7, attempt=last)

    assert not DBTaskResult.objects.exists()
    assert "gave up after attempt" in caplog.text and ADDRESS not in caplog.text


def test_emails_are_enqueued_before_other_work(db, database_queue):
    tasks.supporter_email_send.enqueue(sign_up_id=1)
    tasks.retention_apply.enqueue()

    first = DBTaskResult.objects.order_by(*DBTaskResult._meta.ordering).first()
    assert first.task_path.endswith("supporter_email_send")
