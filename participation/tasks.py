"""Background tasks of the participation app. Their arguments are IDs, never personal data:
a task's arguments are stored in the queue (and its results in the database)."""

from django_tasks import task


@task()
def supporter_email_send(sign_up_id: int) -> None:
    """Send the sign-up's email: the confirmation link while it is pending, otherwise a note
    that it is already confirmed. Both carry the link to manage consents. Nothing happens when
    the sign-up no longer exists (erased or expired meanwhile)."""
    from participation.services import supporter_email_send as send

    send(sign_up_id=sign_up_id)


@task()
def contact_message_deliver(message_id: int) -> None:
    """Email a contact message to its site's contact address and delete it. Nothing happens
    when it no longer exists (sent already, or past its retention)."""
    from participation.services import contact_message_deliver as deliver

    deliver(message_id=message_id)


@task()
def application_email_send(application_id: int, kind: str) -> None:
    """Send an organisation's contact person the email of one moderation step (``kind``, an
    ``ApplicationEmail`` value). Nothing happens when the application no longer exists."""
    from participation.services import application_email_send as send

    send(application_id=application_id, kind=kind)


@task()
def retention_apply() -> dict[str, int]:
    """Delete every kind of participation data past its retention period (unconfirmed sign-ups,
    unsent contact messages, organisations' applications); returns how many of each
    (``participation.services.retention_apply``)."""
    from participation.services import retention_apply as apply

    return apply()
