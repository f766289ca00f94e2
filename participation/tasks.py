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
def application_email_send(application_id: int, kind: str) -> None:
    """Send an organisation's contact person the email of one moderation step (``kind``, an
    ``ApplicationEmail`` value). Nothing happens when the application no longer exists."""
    from participation.services import application_email_send as send

    send(application_id=application_id, kind=kind)


@task()
def retention_apply() -> int:
    """Delete unconfirmed sign-ups and organisations' applications past their retention
    periods; returns how many rows, both kinds together."""
    from participation.services import applications_retention_apply, unconfirmed_sign_ups_delete

    return unconfirmed_sign_ups_delete() + applications_retention_apply()
