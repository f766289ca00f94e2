"""Organisations' applications to join a campaign's coalition: recording (and completing) one,
moderation (accept, reject, ask for more), retention, and the applicants' emails."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.files.storage import storages
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from participation.choices import APPLICATION_OPEN_STATES, ApplicationEmail, ApplicationStatus
from participation.models import OrganisationApplication, logo_upload_to
from participation.services.supporters import (
    email_is_suppressed,
    email_normalise,
    frontend_link,
)
from participation.tokens import APPLICATION, token_make, token_reference

logger = logging.getLogger(__name__)


class ApplicationError(ValueError):
    """A moderation step that cannot be taken: the application is decided already, or its
    campaign has no coalition index page to add the organisation to. The message is for the
    moderator and names no personal data."""


APPLICATION_FIELDS = (
    "name",
    "website",
    "country",
    "international",
    "description",
    "role",
    "contact_name",
    "message",
)


def organisation_apply(
    *,
    campaign,
    language: str,
    fields: dict,
    logo=None,
    application: OrganisationApplication | None = None,
) -> OrganisationApplication | None:
    """Record an organisation's application to ``campaign`` (pending), or, with
    ``application`` (named by the token of the "more information" email), complete that one:
    its fields are replaced, it is pending again, and a new ``logo`` replaces the old one.
    The acknowledgement email is queued after the commit.

    ``fields`` holds the cleaned data of ``participation.forms.OrganisationApplicationForm``
    (the keys of ``APPLICATION_FIELDS`` and ``contact_email``); ``logo`` is its checked upload
    or None. A suppressed contact address is neither stored nor mailed, and the caller cannot
    tell. Returns the application, or None for a suppressed address. All or nothing: a failure
    stores no row and leaves no file. Raises ``ApplicationError`` when ``application`` is
    decided already.
    """
    contact_email = email_normalise(fields["contact_email"])
    if email_is_suppressed(contact_email):
        return None
    stored_logo = _logo_store(logo) if logo is not None else ""
    old_logo = ""
    try:
        with transaction.atomic():
            if application is None:
                application = OrganisationApplication(campaign=campaign)
            else:
                application = OrganisationApplication.objects.select_for_update().get(
                    pk=application.pk
                )
                if application.status not in APPLICATION_OPEN_STATES:
                    raise ApplicationError("This application has been decided already.")
            for name in APPLICATION_FIELDS:
                setattr(application, name, fields[name])
            application.contact_email = contact_email
            application.locale = language
            application.status = ApplicationStatus.PENDING
            application.status_changed_at = timezone.now()
            if stored_logo:
                old_logo, application.logo = application.logo.name, stored_logo
            created = application.pk is None
            application.save()
            _email_enqueue_application(application.pk, ApplicationEmail.RECEIVED)
    except BaseException:
        _private_files_delete([stored_logo])
        raise
    if old_logo:
        _private_files_delete([old_logo])
    logger.info("Organisation application %s recorded (new: %s).", application.pk, created)
    return application


def _logo_store(upload) -> str:
    """Save a checked logo in private storage under a random name; returns the name."""
    upload.seek(0)
    return storages["private"].save(logo_upload_to(None, upload.name or ""), upload)


def _private_files_delete(names) -> None:
    storage = storages["private"]
    for name in names:
        if name:
            storage.delete(name)


def applications_delete(applications) -> int:
    """Delete the applications of a queryset with their logo files (the files once the
    transaction commits, so that a rollback keeps them). Returns how many were deleted."""
    rows = list(applications.values_list("pk", "logo"))
    names = [logo for _, logo in rows if logo]
    OrganisationApplication.objects.filter(pk__in=[pk for pk, _ in rows]).delete()
    transaction.on_commit(lambda: _private_files_delete(names))
    return len(rows)


def application_for_token(*, token: str) -> OrganisationApplication | None:
    """The application a valid "more information" token names, or None when it no longer
    exists. Raises ``tokens.TokenInvalid`` for a bad or expired token."""
    reference = token_reference(token=token, purpose=APPLICATION)
    return OrganisationApplication.objects.filter(reference=reference).first()


def _open_application(application: OrganisationApplication) -> OrganisationApplication:
    """The application, locked for the transaction; ``ApplicationError`` when decided."""
    locked = OrganisationApplication.objects.select_for_update().get(pk=application.pk)
    if locked.status not in APPLICATION_OPEN_STATES:
        raise ApplicationError(
            "This application has been decided already: it can no longer be changed."
        )
    return locked


def _logo_release(application: OrganisationApplication) -> None:
    """Forget a decided application's logo (saving the row) and delete its file once the
    transaction commits."""
    logo, application.logo = application.logo.name, ""
    application.save(update_fields=["logo", "page"])
    transaction.on_commit(lambda: _private_files_delete([logo]))


def _moderate(application, *, status: str, message: str, email: str, user) -> None:
    application.status = status
    application.moderator_message = message
    application.status_changed_at = timezone.now()
    application.save(update_fields=["status", "moderator_message", "status_changed_at"])
    _email_enqueue_application(application.pk, email)
    logger.info(
        "Organisation application %s: %s by user %s.",
        application.pk,
        status,
        getattr(user, "pk", None),
    )


def application_request_information(
    *, application: OrganisationApplication, message: str, user=None
) -> OrganisationApplication:
    """Ask the applicant for more information: the application waits for their answer, and
    they get ``message`` by email with a link to complete the application. Raises
    ``ApplicationError`` when it is decided already."""
    with transaction.atomic():
        application = _open_application(application)
        _moderate(
            application,
            status=ApplicationStatus.NEEDS_MORE_INFORMATION,
            message=message,
            email=ApplicationEmail.MORE_INFORMATION,
            user=user,
        )
    return application


def application_reject(
    *, application: OrganisationApplication, reason: str, user=None
) -> OrganisationApplication:
    """Reject the application; the applicant gets ``reason`` by email. The logo file is
    deleted; the rest is kept for PARTICIPATION_REJECTED_APPLICATION_RETENTION_DAYS. Raises
    ``ApplicationError`` when it is decided already."""
    with transaction.atomic():
        application = _open_application(application)
        _logo_release(application)
        _moderate(
            application,
            status=ApplicationStatus.REJECTED,
            message=reason,
            email=ApplicationEmail.REJECTED,
            user=user,
        )
    return application


def application_accept(*, application: OrganisationApplication, user=None):
    """Accept the application: a **draft** ``OrganisationPage`` with the organisation's name,
    website, country (or international scope), role, description and logo is added under the
    coalition index page of the application's campaign, for an editor to review and publish.
    The logo becomes an image of the image library, in the PARTICIPATION_LOGO_COLLECTION
    collection, and its private file is deleted. The page's history says which application it
    came from (by ID; no personal data). The applicant is emailed. Returns the page.

    Raises ``ApplicationError`` when the application is decided already, or when the campaign
    has no coalition index page.
    """
    from wagtail.models import PageLogEntry

    from campaign.choices import OrganisationScope
    from campaign.models import OrganisationIndexPage, OrganisationPage

    with transaction.atomic():
        application = _open_application(application)
        campaign = application.campaign
        index = (
            OrganisationIndexPage.objects.descendant_of(campaign).order_by("depth", "path").first()
        )
        if index is None:
            raise ApplicationError(
                "The campaign has no coalition index page to add the organisation to. Create "
                "one under the campaign first."
            )
        page = OrganisationPage(
            title=application.name,
            website=application.website,
            country=application.country,
            scope=OrganisationScope.INTERNATIONAL
            if application.international
            else OrganisationScope.NATIONAL,
            role=application.role,
            description=application.description,
            logo=_logo_image(application) if application.logo else None,
            live=False,
        )
        index.add_child(instance=page)
        revision = page.save_revision(user=user)
        PageLogEntry.objects.log_action(
            page,
            "participation.application_accepted",
            user=user,
            revision=revision,
            data={"application": application.pk},
        )
        application.page = page
        _logo_release(application)
        _moderate(
            application,
            status=ApplicationStatus.ACCEPTED,
            message="",
            email=ApplicationEmail.ACCEPTED,
            user=user,
        )
    return page


def _logo_image(application: OrganisationApplication):
    """A new image of the image library made from the application's logo file."""
    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    root = Collection.get_first_root_node()
    collection = root.get_children().filter(
        name=settings.PARTICIPATION_LOGO_COLLECTION
    ).first() or root.add_child(name=settings.PARTICIPATION_LOGO_COLLECTION)
    extension = application.logo.name.rsplit(".", 1)[-1]
    with application.logo.open("rb") as source:
        image = get_image_model()(
            title=f"Logo of {application.name}",
            collection=collection,
            file=ImageFile(source, name=f"organisation-logo.{extension}"),
        )
        image._set_image_file_metadata()
        image.save()
    return image


def applications_retention_apply(*, now: datetime.datetime | None = None) -> int:
    """Delete the applications (with their logo files) whose state has not changed for longer
    than their state's retention: PARTICIPATION_ACCEPTED_APPLICATION_RETENTION_DAYS,
    PARTICIPATION_REJECTED_APPLICATION_RETENTION_DAYS, or, for open ones (pending, waiting for
    more information), PARTICIPATION_OPEN_APPLICATION_RETENTION_DAYS. Returns how many."""
    now = now or timezone.now()
    days = {
        ApplicationStatus.ACCEPTED: settings.PARTICIPATION_ACCEPTED_APPLICATION_RETENTION_DAYS,
        ApplicationStatus.REJECTED: settings.PARTICIPATION_REJECTED_APPLICATION_RETENTION_DAYS,
        **{
            status: settings.PARTICIPATION_OPEN_APPLICATION_RETENTION_DAYS
            for status in APPLICATION_OPEN_STATES
        },
    }
    count = 0
    with transaction.atomic():
        for status, limit in days.items():
            count += applications_delete(
                OrganisationApplication.objects.filter(
                    status=status,
                    status_changed_at__lt=now - datetime.timedelta(days=limit),
                )
            )
    logger.info("Retention: %d organisation applications deleted.", count)
    return count


def _email_enqueue_application(application_id: int, kind: str) -> None:
    def enqueue():
        from participation.tasks import application_email_send

        application_email_send.enqueue(application_id=application_id, kind=str(kind))

    transaction.on_commit(enqueue)


def application_link(*, application: OrganisationApplication) -> str:
    """The absolute front-end URL where the applicant completes the application:
    the front end's base URL, PARTICIPATION_APPLICATION_PATH, and the token in ``token``."""
    return frontend_link(
        page=application.campaign,
        path=settings.PARTICIPATION_APPLICATION_PATH,
        token=token_make(reference=application.reference, purpose=APPLICATION),
    )


def application_email_send(*, application_id: int, kind: str) -> bool:
    """Email the application's contact person, in the form's language, the message of one
    step (``ApplicationEmail``): received, more information needed (with the moderator's
    question and the link to complete the application), rejected (with the reason), or
    accepted. Returns False (and sends nothing) when the application no longer exists."""
    application = (
        OrganisationApplication.objects.filter(pk=application_id).select_related("campaign").first()
    )
    if application is None:
        return False
    kind = ApplicationEmail(kind)
    context = {
        "kind": kind.value,
        "campaign": application.campaign.title,
        "organisation": application.name,
        "name": application.contact_name,
        "moderator_message": application.moderator_message,
        "link": application_link(application=application)
        if kind == ApplicationEmail.MORE_INFORMATION
        else "",
    }
    with translation.override(application.locale):
        subject = render_to_string("participation/application_subject.txt", context).strip()
        body = render_to_string("participation/application_body.txt", context)
    send_mail(subject, body, None, [application.contact_email])
    logger.info("Application email (%s) sent for application %s.", kind.value, application.pk)
    return True
