"""Erasure of everything stored under an address (GDPR Art. 17), across participation."""

from __future__ import annotations

import logging

from django.db import transaction

from participation.models import OrganisationApplication, SupporterSignUp, SuppressionEntry
from participation.services.applications import applications_delete
from participation.services.supporters import email_hash, email_normalise

logger = logging.getLogger(__name__)


def supporter_erase(*, sign_up: SupporterSignUp) -> int:
    """Erase everything stored about the person the sign-up belongs to (GDPR Art. 17):
    ``personal_data_erase`` of its address. Returns the number of sign-ups erased."""
    return personal_data_erase(email=sign_up.email)[0]


def personal_data_erase(*, email: str) -> tuple[int, int]:
    """Erase everything stored under an address (GDPR Art. 17): every sign-up with it, in every
    campaign, with its consents, and every organisation's application that names it as the
    contact, with its logo file. Only the hash of the address stays, on the suppression list,
    so that it is never stored or mailed again. An accepted application's organisation page
    stays: it holds the organisation's details, not the contact's. Logged with counts only.
    Returns ``(sign-ups erased, applications erased)``."""
    email = email_normalise(email)
    with transaction.atomic():
        SuppressionEntry.objects.get_or_create(email_hash=email_hash(email))
        sign_ups = SupporterSignUp.objects.filter(email=email)
        count = sign_ups.count()
        sign_ups.delete()
        applications = applications_delete(
            OrganisationApplication.objects.filter(contact_email=email)
        )
    logger.info(
        "Personal data erased on request: %d sign-ups, %d applications, hash kept for suppression.",
        count,
        applications,
    )
    return count, applications
