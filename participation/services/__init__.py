"""Writes and side effects of the participation domain, one module per flow: supporters
(sign-up, confirmation, consents, export, retention, emails; contact messages), organisations'
applications (recording, moderation, retention, emails), erasure, and retention of every kind.
Callers import from here.

Every function keeps personal data out of logs and task payloads: log lines carry counts and
database IDs only, tasks get a sign-up's or an application's ID. docs/participation.md describes
the flows.
"""

from participation.services.applications import (
    ApplicationError,
    application_accept,
    application_email_send,
    application_for_token,
    application_link,
    application_reject,
    application_request_information,
    applications_delete,
    applications_retention_apply,
    organisation_apply,
)
from participation.services.erasure import personal_data_erase, supporter_erase
from participation.services.retention import retention_apply
from participation.services.supporters import (
    ConsentRequest,
    ContactUnavailable,
    consent_withdraw,
    consent_wording,
    contact_message_deliver,
    contact_message_send,
    contact_messages_delete_expired,
    contact_recipient,
    email_hash,
    email_is_suppressed,
    email_normalise,
    participation_link,
    sign_up_for_token,
    supporter_confirm,
    supporter_data_export,
    supporter_email_send,
    supporter_sign_up,
    unconfirmed_sign_ups_delete,
)

__all__ = [
    "ApplicationError",
    "ConsentRequest",
    "ContactUnavailable",
    "contact_message_deliver",
    "contact_message_send",
    "contact_messages_delete_expired",
    "contact_recipient",
    "retention_apply",
    "application_accept",
    "application_email_send",
    "application_for_token",
    "application_link",
    "application_reject",
    "application_request_information",
    "applications_delete",
    "applications_retention_apply",
    "consent_withdraw",
    "consent_wording",
    "email_hash",
    "email_is_suppressed",
    "email_normalise",
    "organisation_apply",
    "participation_link",
    "personal_data_erase",
    "sign_up_for_token",
    "supporter_confirm",
    "supporter_data_export",
    "supporter_email_send",
    "supporter_erase",
    "supporter_sign_up",
    "unconfirmed_sign_ups_delete",
]
