"""Background tasks of the participation app. Their arguments are IDs, never personal data:
a task's arguments are stored in the queue (and its results in the database).

Emails go out before other work (``EMAIL_PRIORITY``: a confirmation link should not wait behind
a backlog of rendition or search tasks), and a send that fails because the mail server cannot be
reached or refuses for now is tried again later (``EMAIL_RETRY_DELAYS``), on backends that can
defer a task (the database and RQ backends).
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

# django-tasks priorities run from -100 to 100 (default 0); higher runs first.
EMAIL_PRIORITY = 50
# Seconds to wait before each new attempt: 1 min, 5 min, 30 min, 2 h, 6 h.
DEFAULT_EMAIL_RETRY_DELAYS = [60, 300, 1800, 7200, 21600]


def email_retry_delays() -> list[int]:
    return list(getattr(settings, "PARTICIPATION_EMAIL_RETRY_DELAYS", DEFAULT_EMAIL_RETRY_DELAYS))


def _email_attempt(email_task, send, *, attempt: int, **ids: int | str) -> bool:
    """Run ``send()``; when it fails with a mail-server error (``smtplib.SMTPException`` or a
    network ``OSError``), enqueue ``email_task`` with ``ids`` again after the next delay of
    ``email_retry_delays()`` and return False. The log names the task, the IDs, the attempt
    and the error's class only: SMTP errors may quote the address. After the last attempt the
    email is given up, logged at ERROR. Returns whether the send ran."""
    try:
        send()
    except (smtplib.SMTPException, OSError) as error:
        delays = email_retry_delays()
        name = email_task.name
        if attempt > len(delays) or not email_task.get_backend().supports_defer:
            logger.error(
                "Email task %s %s gave up after attempt %d: %s.",
                name,
                ids,
                attempt,
                type(error).__name__,
            )
            return False
        delay = delays[attempt - 1]
        email_task.using(run_after=timezone.now() + datetime.timedelta(seconds=delay)).enqueue(
            attempt=attempt + 1, **ids
        )
        logger.warning(
            "Email task %s %s failed on attempt %d (%s); trying again in %d s.",
            name,
            ids,
            attempt,
            type(error).__name__,
            delay,
        )
        return False
    return True


@task(priority=EMAIL_PRIORITY)
def supporter_email_send(sign_up_id: int, attempt: int = 1) -> None:
    """Send the sign-up's email: the confirmation link while it is pending, otherwise a note
    that it is already confirmed. Both carry the link to manage consents. Nothing happens when
    the sign-up no longer exists (erased or expired meanwhile)."""
    from participation.services import supporter_email_send as send

    _email_attempt(
        supporter_email_send,
        lambda: send(sign_up_id=sign_up_id),
        attempt=attempt,
        sign_up_id=sign_up_id,
    )


@task(priority=EMAIL_PRIORITY)
def contact_message_deliver(message_id: int, attempt: int = 1) -> None:
    """Email a contact message to its site's contact address and delete it. Nothing happens
    when it no longer exists (sent already, or past its retention)."""
    from participation.services import contact_message_deliver as deliver

    _email_attempt(
        contact_message_deliver,
        lambda: deliver(message_id=message_id),
        attempt=attempt,
        message_id=message_id,
    )


@task(priority=EMAIL_PRIORITY)
def application_email_send(application_id: int, kind: str, attempt: int = 1) -> None:
    """Send an organisation's contact person the email of one moderation step (``kind``, an
    ``ApplicationEmail`` value). Nothing happens when the application no longer exists."""
    from participation.services import application_email_send as send

    _email_attempt(
        application_email_send,
        lambda: send(application_id=application_id, kind=kind),
        attempt=attempt,
        application_id=application_id,
        kind=kind,
    )


@task()
def retention_apply() -> dict[str, int]:
    """Delete every kind of participation data past its retention period (unconfirmed sign-ups,
    unsent contact messages, organisations' applications); returns how many of each
    (``participation.services.retention_apply``)."""
    from participation.services import retention_apply as apply

    return apply()
