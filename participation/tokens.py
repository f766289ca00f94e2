"""Signed, expiring tokens for the links in participation emails (django.core.signing).

A token carries a sign-up's or an application's random ``reference`` and nothing else, signed
with SECRET_KEY and a salt per purpose, so that a confirmation token cannot manage consents, nor
complete an application, and the reverse.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing

CONFIRM = "participation.confirm"
MANAGE = "participation.manage"
# The link in the "we need more information" email: completes an organisation's application.
APPLICATION = "participation.application"

MAX_AGE_SETTINGS = {
    CONFIRM: "PARTICIPATION_CONFIRM_TOKEN_MAX_AGE",
    MANAGE: "PARTICIPATION_MANAGE_TOKEN_MAX_AGE",
    APPLICATION: "PARTICIPATION_APPLICATION_TOKEN_MAX_AGE",
}


class TokenInvalid(Exception):
    """The token is malformed, tampered with, made for another purpose, or expired."""

    def __init__(self, *, expired: bool = False) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def token_make(*, reference, purpose: str) -> str:
    """A URL-safe token for the sign-up or application with ``reference`` (a UUID), for
    ``purpose`` (``CONFIRM``, ``MANAGE`` or ``APPLICATION``)."""
    return signing.TimestampSigner(salt=purpose).sign_object({"r": str(reference)})


def token_reference(*, token: str, purpose: str) -> str:
    """The sign-up's or application's reference a token carries. Raises ``TokenInvalid``
    (``expired=True`` when only its age is wrong) if it is older than the purpose's
    ``PARTICIPATION_*_TOKEN_MAX_AGE`` seconds, or was not made by ``token_make`` for
    ``purpose``."""
    max_age = getattr(settings, MAX_AGE_SETTINGS[purpose])
    try:
        value = signing.TimestampSigner(salt=purpose).unsign_object(token, max_age=max_age)
    except signing.SignatureExpired as error:
        raise TokenInvalid(expired=True) from error
    except (signing.BadSignature, ValueError, UnicodeDecodeError) as error:
        raise TokenInvalid() from error
    if not isinstance(value, dict) or not isinstance(value.get("r"), str):
        raise TokenInvalid()
    return value["r"]
