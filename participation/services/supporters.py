"""Supporters: sign-up, confirmation, consent withdrawal, data export, retention of
unconfirmed sign-ups, and the supporters' emails; the address helpers every flow shares; contact
messages (``contactSend``)."""

from __future__ import annotations

import datetime
import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from participation.choices import (
    CONSENT_WORDING_VERSION,
    CONSENT_WORDINGS,
    ConsentPurpose,
    SignUpStatus,
)
from participation.models import (
    ConsentRecord,
    ContactMessage,
    SupporterSignUp,
    SuppressionEntry,
)
from participation.tokens import CONFIRM, MANAGE, token_make, token_reference

logger = logging.getLogger(__name__)


def email_normalise(email: str) -> str:
    """The form in which an address is stored and hashed: trimmed and in lower case (mail
    providers treat local parts case-insensitively in practice, and one person must not get
    two sign-ups, or escape suppression, by a capital letter)."""
    return email.strip().lower()


def email_hash(email: str) -> str:
    """SHA-256, hex (64 characters), of the normalised address: the suppression list's key."""
    return hashlib.sha256(email_normalise(email).encode()).hexdigest()


def email_is_suppressed(email: str) -> bool:
    """Whether the address was erased before (it is then never stored or mailed again)."""
    return SuppressionEntry.objects.filter(email_hash=email_hash(email)).exists()


def consent_wording(*, purpose: str, campaign, organisation=None, language: str) -> str:
    """The exact consent text for ``purpose`` in ``language``, with the campaign's (and the
    organisation's) title filled in, as shown by ``consentTexts`` and stored with a consent."""
    with translation.override(language):
        return str(CONSENT_WORDINGS[ConsentPurpose(purpose)]).format(
            campaign=campaign.title, organisation=organisation.title if organisation else ""
        )


@dataclass(frozen=True)
class ConsentRequest:
    """One consent ticked on a form: its purpose, and for sharing, the organisation page."""

    purpose: str
    organisation: object = None


def supporter_sign_up(
    *,
    campaign,
    email: str,
    name: str = "",
    country: str = "",
    language: str,
    source: str = "",
    consents: list[ConsentRequest],
) -> SupporterSignUp | None:
    """Record a sign-up (pending) and its consents, and queue its email after the commit.

    The inputs must be valid already (``participation.forms.SupporterSignUpForm``). An address
    that signed up for ``campaign`` before keeps its sign-up: consents not held yet are added,
    and the email is sent again (the confirmation while pending), at most once per
    PARTICIPATION_EMAIL_COOLDOWN seconds per sign-up, so that a form sent again and again
    cannot flood a mailbox. A suppressed address is
    neither stored nor mailed, and the caller cannot tell (no enumeration of erased addresses).
    Returns the sign-up, or None for a suppressed address. All or nothing
    (``transaction.atomic``).
    """
    email = email_normalise(email)
    if email_is_suppressed(email):
        return None
    now = timezone.now()
    with transaction.atomic():
        sign_up, created = SupporterSignUp.objects.select_for_update().get_or_create(
            campaign=campaign,
            email=email,
            defaults={"name": name, "country": country, "locale": language, "source": source},
        )
        if not created and sign_up.status == SignUpStatus.PENDING:
            # A pending sign-up is the newest form's: the person may have corrected a typo.
            sign_up.name, sign_up.country, sign_up.locale = name, country, language
            sign_up.save(update_fields=["name", "country", "locale"])
        held = {
            (consent.purpose, consent.organisation_id)
            for consent in sign_up.consents.filter(withdrawn_at__isnull=True)
        }
        for consent in consents:
            organisation_id = consent.organisation.pk if consent.organisation else None
            if (consent.purpose, organisation_id) in held:
                continue
            held.add((consent.purpose, organisation_id))
            ConsentRecord.objects.create(
                sign_up=sign_up,
                purpose=consent.purpose,
                organisation=consent.organisation,
                wording=consent_wording(
                    purpose=consent.purpose,
                    campaign=campaign,
                    organisation=consent.organisation,
                    language=language,
                ),
                wording_version=CONSENT_WORDING_VERSION,
                source=source,
                granted_at=now,
            )
        # The cooldown starts with every email; the first sign-up is mailed in any case.
        if _email_cooldown_start(sign_up.pk) or created:
            transaction.on_commit(lambda: _email_enqueue(sign_up.pk))
    logger.info("Supporter sign-up %s recorded (new: %s).", sign_up.pk, created)
    return sign_up


def _email_cooldown_start(sign_up_id: int) -> bool:
    """Whether a repeated sign-up may be mailed again now: True, and the cooldown starts,
    unless one already runs (the shared cache; while it is unreachable, repeats are not
    mailed: the first sign-up always is)."""
    from django.core.cache import cache

    return cache.add(
        f"participation-email-cooldown:{sign_up_id}",
        1,
        timeout=settings.PARTICIPATION_EMAIL_COOLDOWN,
    )


def _email_enqueue(sign_up_id: int) -> None:
    from participation.tasks import supporter_email_send

    supporter_email_send.enqueue(sign_up_id=sign_up_id)


def sign_up_for_token(*, token: str, purpose: str) -> SupporterSignUp | None:
    """The sign-up a valid token names, or None when it no longer exists. Raises
    ``tokens.TokenInvalid`` for a bad or expired token."""
    reference = token_reference(token=token, purpose=purpose)
    return SupporterSignUp.objects.filter(reference=reference).select_related("campaign").first()


def supporter_confirm(*, sign_up: SupporterSignUp) -> SupporterSignUp:
    """Mark the sign-up confirmed (double opt-in); confirming twice changes nothing."""
    if sign_up.status != SignUpStatus.CONFIRMED:
        sign_up.status = SignUpStatus.CONFIRMED
        sign_up.confirmed_at = timezone.now()
        sign_up.save(update_fields=["status", "confirmed_at"])
        logger.info("Supporter sign-up %s confirmed.", sign_up.pk)
    return sign_up


def consent_withdraw(*, sign_up: SupporterSignUp, purpose: str, organisation_id=None) -> int:
    """Withdraw the sign-up's consents to ``purpose`` (for sharing: with the organisation of
    ``organisation_id``, or with every organisation when it is None). The records stay, with
    the time of withdrawal, as proof of what was allowed when. Returns how many changed."""
    consents = sign_up.consents.filter(purpose=purpose, withdrawn_at__isnull=True)
    if organisation_id is not None:
        consents = consents.filter(organisation_id=organisation_id)
    count = consents.update(withdrawn_at=timezone.now())
    logger.info("Supporter sign-up %s: %d consents withdrawn (%s).", sign_up.pk, count, purpose)
    return count


def supporter_data_export(*, sign_up: SupporterSignUp) -> dict:
    """Everything stored about the person the sign-up belongs to (every campaign they signed
    up for with that address), as JSON-ready data (GDPR Art. 15 and 20)::

        {"email": str, "signUps": [{"campaign": str, "name": str, "country": str,
          "locale": str, "source": str, "status": str, "createdAt": ISO 8601,
          "confirmedAt": ISO 8601 | None, "consents": [{"purpose": str,
          "organisation": str | None, "wording": str, "wordingVersion": str, "source": str,
          "grantedAt": ISO 8601, "withdrawnAt": ISO 8601 | None}]}]}
    """
    sign_ups = (
        SupporterSignUp.objects.filter(email=sign_up.email)
        .select_related("campaign")
        .prefetch_related("consents__organisation")
        .order_by("created_at", "pk")
    )

    def when(value: datetime.datetime | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "email": sign_up.email,
        "signUps": [
            {
                "campaign": item.campaign.title,
                "name": item.name,
                "country": str(item.country.code or ""),
                "locale": item.locale,
                "source": item.source,
                "status": item.status,
                "createdAt": when(item.created_at),
                "confirmedAt": when(item.confirmed_at),
                "consents": [
                    {
                        "purpose": consent.purpose,
                        "organisation": consent.organisation.title
                        if consent.organisation
                        else None,
                        "wording": consent.wording,
                        "wordingVersion": consent.wording_version,
                        "source": consent.source,
                        "grantedAt": when(consent.granted_at),
                        "withdrawnAt": when(consent.withdrawn_at),
                    }
                    for consent in item.consents.all()
                ],
            }
            for item in sign_ups
        ],
    }


def contact_messages_delete_expired(*, now: datetime.datetime | None = None) -> int:
    """Delete the contact messages that came in more than PARTICIPATION_CONTACT_RETENTION_HOURS
    hours before ``now`` and were never sent (a sent message is deleted at once). Returns how
    many were deleted."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(hours=settings.PARTICIPATION_CONTACT_RETENTION_HOURS)
    count, _ = ContactMessage.objects.filter(created_at__lt=cutoff).delete()
    logger.info("Retention: %d unsent contact messages deleted.", count)
    return count


def unconfirmed_sign_ups_delete(*, now: datetime.datetime | None = None) -> int:
    """Delete the sign-ups still pending PARTICIPATION_UNCONFIRMED_RETENTION_DAYS days after
    they were made, with their consents. Returns how many sign-ups were deleted."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.PARTICIPATION_UNCONFIRMED_RETENTION_DAYS)
    expired = SupporterSignUp.objects.filter(status=SignUpStatus.PENDING, created_at__lt=cutoff)
    count = expired.count()
    expired.delete()
    logger.info("Retention: %d unconfirmed supporter sign-ups deleted.", count)
    return count


def participation_link(*, sign_up: SupporterSignUp, purpose: str) -> str:
    """The absolute front-end URL of a confirmation (``CONFIRM``) or consent management
    (``MANAGE``) link: the front end's base URL, PARTICIPATION_CONFIRM_PATH or
    PARTICIPATION_MANAGE_PATH, and the token in the ``token`` query parameter."""
    path = (
        settings.PARTICIPATION_CONFIRM_PATH
        if purpose == CONFIRM
        else settings.PARTICIPATION_MANAGE_PATH
    )
    return frontend_link(
        page=sign_up.campaign,
        path=path,
        token=token_make(reference=sign_up.reference, purpose=purpose),
    )


def frontend_link(*, page, path: str, token: str) -> str:
    """An absolute front-end URL: the front end's base URL for ``page``'s site (else
    FRONTEND_BASE_URL), ``path``, and ``token`` in the ``token`` query parameter."""
    from urllib.parse import urlencode

    from partners.content import frontend_base_url

    site = page.get_site()
    base = frontend_base_url(site) if site else settings.FRONTEND_BASE_URL.rstrip("/")
    return f"{base}{path}?{urlencode({'token': token})}"


def supporter_email_send(*, sign_up_id: int) -> bool:
    """Email the sign-up's person in their language: the confirmation link while pending,
    else a note that they are signed up already; both with the link to manage consents.
    Returns False (and sends nothing) when the sign-up no longer exists."""
    sign_up = SupporterSignUp.objects.filter(pk=sign_up_id).select_related("campaign").first()
    if sign_up is None:
        return False
    context = {
        "campaign": sign_up.campaign.title,
        "name": sign_up.name,
        "pending": sign_up.status == SignUpStatus.PENDING,
        "confirm_url": participation_link(sign_up=sign_up, purpose=CONFIRM),
        "manage_url": participation_link(sign_up=sign_up, purpose=MANAGE),
        "confirm_days": max(1, settings.PARTICIPATION_CONFIRM_TOKEN_MAX_AGE // 86400),
    }
    with translation.override(sign_up.locale):
        subject = render_to_string("participation/email_subject.txt", context).strip()
        body = render_to_string("participation/email_body.txt", context)
    send_mail(subject, body, None, [sign_up.email])
    logger.info("Supporter email sent for sign-up %s.", sign_up.pk)
    return True


def contact_recipient(*, site) -> str:
    """The address the contact messages of ``site`` go to (its ``CampaignSiteSettings``), or
    "" when the site has none: its contact form is then off."""
    from campaign.models import CampaignSiteSettings

    return CampaignSiteSettings.for_site(site).contact_messages_recipient()


def contact_message_send(
    *, site, name: str, email: str, subject: str = "", message: str, language: str
) -> ContactMessage:
    """Keep the message and queue its email to the site's contact address, after the commit.

    The inputs must be valid already (``participation.forms.ContactMessageForm``), and the site
    must have a recipient (``contact_recipient``). The task gets the message's ID only; the
    message is deleted once sent (``contact_message_deliver``).
    """
    with transaction.atomic():
        contact = ContactMessage.objects.create(
            site=site,
            name=name,
            email=email_normalise(email),
            subject=subject,
            message=message,
            locale=language,
        )
        transaction.on_commit(lambda: _contact_enqueue(contact.pk))
    logger.info("Contact message %s received.", contact.pk)
    return contact


def _contact_enqueue(message_id: int) -> None:
    from participation.tasks import contact_message_deliver

    contact_message_deliver.enqueue(message_id=message_id)


def contact_message_deliver(*, message_id: int) -> bool:
    """Email the contact message to its site's contact address, with the sender's address as
    Reply-To, in the CMS's default language (LANGUAGE_CODE; the sender's language is named in
    it), then delete it. Returns False when the message no longer exists; raises (and keeps
    the message, for a retry until its retention ends) when the site has no recipient any more
    or the email cannot be sent."""
    contact = ContactMessage.objects.filter(pk=message_id).select_related("site").first()
    if contact is None:
        return False
    recipient = contact_recipient(site=contact.site)
    if not recipient:
        raise ContactUnavailable(f"Site {contact.site_id} has no contact address.")
    languages = dict(settings.LANGUAGES)
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "site": contact.site.site_name or contact.site.hostname,
            "name": contact.name,
            "email": contact.email,
            "subject": contact.subject,
            "message": contact.message,
            "language": str(languages.get(contact.locale, contact.locale)),
        }
        subject = render_to_string("participation/contact_subject.txt", context).strip()
        body = render_to_string("participation/contact_body.txt", context)
    EmailMessage(subject, body, None, [recipient], reply_to=[contact.email]).send()
    contact.delete()
    logger.info("Contact message %s sent and deleted.", message_id)
    return True


class ContactUnavailable(Exception):
    """The site has no address for contact messages (``CampaignSiteSettings``)."""
