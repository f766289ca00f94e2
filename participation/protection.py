"""Protection of the public forms (``supporterSignUp``, ``contactSend``, ``organisationApply``)
against abuse, without any third-party service and without storing anything about the sender.

The checks, each usable on its own, and what a mutation does with them (in this order)::

    if protection.rate_limited(request):                  # too many requests from this client
        return RateLimited
    problems = protection.form_problems(                  # ALTCHA + size limits, field errors
        altcha=data.altcha, texts={"name": (data.name, NAME_MAX_LENGTH)}
    )
    problems += ...the form's own validation...
    if problems:
        return InvalidInput(problems)                     # nothing stored
    if protection.honeypot_filled(data.website):
        return Accepted                                   # a bot: same answer, nothing kept
    if problem := protection.altcha_spend(data.altcha):   # replay protection, at the last step
        return InvalidInput([problem])
    ...store, in one transaction...

**ALTCHA** (https://altcha.org, the ``altcha`` library, proof of work v2): ``altcha_challenge``
issues a challenge signed with a key derived from SECRET_KEY, expiring after
ALTCHA_CHALLENGE_MAX_AGE seconds. The front end's ALTCHA widget (npm ``altcha``) solves it in
the browser and gives a base64 payload, which the form sends as ``altcha``. The payload is
checked with ``altcha.verify_solution``: the signature (the challenge was issued here and not
changed), the expiry, and the solution. A solved challenge is accepted once: ``altcha_spend``
records it in the default cache (Redis in production, shared by every worker) until it expires.
Nothing about the person is involved: a challenge holds random numbers and a time.

Messages are in the active language: call these inside ``translation.override(language)``.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Mapping
from typing import NamedTuple

import altcha as altcha_lib
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext, ngettext

from participation.throttle import rate_limit_exceeded
from participation.throttle import rate_limit_retry_after as throttle_retry_after

# A payload is the base64 of a small JSON object (the challenge and the solution): about 700
# characters. Anything much longer is not one, and is refused before it is decoded.
ALTCHA_PAYLOAD_MAX_LENGTH = 4000
ALTCHA_FIELD = "altcha"
_SPENT_KEY_PREFIX = "participation-altcha-spent:"


class Problem(NamedTuple):
    """What is wrong with one field of a form: the input ``field`` ("altcha", "name"), a stable
    ``code`` (required, invalid, expired, used, max_length) and a ``message`` for the person,
    in the active language."""

    field: str
    code: str
    message: str


def rate_limited(request) -> bool:
    """Count one submission of the request's client; True once it is over
    PARTICIPATION_RATE_LIMIT per PARTICIPATION_RATE_WINDOW seconds (``participation.throttle``;
    the address is kept only as a keyed hash, in the cache)."""
    return rate_limit_exceeded(request)


def rate_limit_retry_after(request) -> int:
    """Seconds the client must wait before its next submission (``participation.throttle``)."""
    return throttle_retry_after(request)


def honeypot_filled(value: str | None) -> bool:
    """Whether the form's honeypot field (a text field hidden from people, ``website``) holds
    anything. The caller then answers as if it accepted the form, and keeps nothing."""
    return bool(value and value.strip())


def text_problems(texts: Mapping[str, tuple[str | None, int]]) -> list[Problem]:
    """A ``max_length`` problem for every ``{field: (value, most characters)}`` whose value is
    longer than its limit. Checked before anything else reads the values."""
    problems = []
    for field, (value, limit) in texts.items():
        if value is not None and len(value) > limit:
            problems.append(
                Problem(
                    field,
                    "max_length",
                    ngettext(
                        "Use at most %(limit)d character (it has %(length)d).",
                        "Use at most %(limit)d characters (it has %(length)d).",
                        limit,
                    )
                    % {"limit": limit, "length": len(value)},
                )
            )
    return problems


def _hmac_secret(purpose: str) -> str:
    # Keys derived from SECRET_KEY: no secret to add to a deployment, and rotating SECRET_KEY
    # rotates them. One for the challenge's signature, one for the derived key's (ALTCHA's
    # fast verification path).
    return salted_hmac(f"participation.altcha.{purpose}", "altcha").hexdigest()


def altcha_challenge(*, now: datetime.datetime | None = None) -> dict:
    """A new signed challenge for the ALTCHA widget (proof of work v2), as its JSON object::

        {"parameters": {"algorithm": "PBKDF2/SHA-256", "nonce": hex, "salt": hex,
          "cost": int, "keyLength": 32, "keyPrefix": hex, "keySignature": hex,
          "expiresAt": Unix seconds}, "signature": hex}

    The solver must find a counter below ALTCHA_MAX_COUNTER (at least half of it) whose
    PBKDF2-SHA-256 key, with ALTCHA_COST iterations, starts with ``keyPrefix``: about
    ALTCHA_MAX_COUNTER * 3/4 * ALTCHA_COST iterations of work on average, one derivation to
    verify. Expires ALTCHA_CHALLENGE_MAX_AGE seconds from ``now``."""
    now = now or timezone.now()
    half = max(1, settings.ALTCHA_MAX_COUNTER // 2)
    challenge = altcha_lib.create_challenge(
        algorithm="PBKDF2/SHA-256",
        cost=settings.ALTCHA_COST,
        counter=half + secrets.randbelow(half),
        expires_at=now + datetime.timedelta(seconds=settings.ALTCHA_CHALLENGE_MAX_AGE),
        hmac_secret=_hmac_secret("challenge"),
        hmac_key_secret=_hmac_secret("key"),
    )
    return challenge.to_dict()


def _verify(payload: str | None) -> Problem | None:
    if not settings.ALTCHA_ENABLED:
        return None
    if not payload:
        return Problem(
            ALTCHA_FIELD,
            "required",
            gettext("Please confirm that you are not a robot (the ALTCHA check)."),
        )
    invalid = Problem(
        ALTCHA_FIELD,
        "invalid",
        gettext("The check that you are not a robot failed. Please try it again."),
    )
    if len(payload) > ALTCHA_PAYLOAD_MAX_LENGTH:
        return invalid
    try:
        result = altcha_lib.verify_solution(
            payload, _hmac_secret("challenge"), hmac_key_secret=_hmac_secret("key")
        )
    except (ValueError, TypeError, KeyError, AttributeError):
        # A payload signed here is well formed; the library raises on some malformed ones.
        return invalid
    if result.expired:
        return Problem(
            ALTCHA_FIELD,
            "expired",
            gettext("The check that you are not a robot has expired. Please do it again."),
        )
    if not result.verified:
        return invalid
    return None


def _spent_key(payload: str) -> tuple[str, int]:
    """The cache key of a verified payload's challenge (its signature, hashed) and the seconds
    until the challenge expires."""
    challenge = altcha_lib.Payload.from_base64(payload).challenge
    digest = hashlib.sha256(challenge.signature.encode()).hexdigest()
    remaining = int(challenge.parameters.expires_at - timezone.now().timestamp()) + 1
    return _SPENT_KEY_PREFIX + digest, max(1, remaining)


def altcha_problem(payload: str | None) -> Problem | None:
    """The problem with an ALTCHA payload (missing, malformed, forged, wrong, expired or used
    before), or None when it is a valid solution of a challenge from ``altcha_challenge`` that
    was not spent yet. Does not spend it: a form refused for another field can be sent again
    with the same payload. Always None while ALTCHA_ENABLED is off."""
    problem = _verify(payload)
    if problem is None and settings.ALTCHA_ENABLED:
        key, _ = _spent_key(payload)
        if cache.get(key) is not None:
            return _used()
    return problem


def _used() -> Problem:
    return Problem(
        ALTCHA_FIELD,
        "used",
        gettext("This check was used already. Please confirm again that you are not a robot."),
    )


def altcha_spend(payload: str | None) -> Problem | None:
    """Verify the payload and mark its challenge as used, atomically (the cache's ``add``): of
    two requests with the same payload, only one gets None; the other, and any later one, get a
    ``used`` problem. Call it last, right before storing or sending. While the cache is
    unreachable a payload cannot be recorded and is accepted (the proof of work and the expiry
    still hold). Always None while ALTCHA_ENABLED is off."""
    problem = _verify(payload)
    if problem is not None or not settings.ALTCHA_ENABLED:
        return problem
    key, timeout = _spent_key(payload)
    if cache.add(key, 1, timeout=timeout):
        return None
    # add() is False when the key exists, and also when the cache is down (cms.cache): a
    # payload whose key can be read was spent before.
    return _used() if cache.get(key) is not None else None


def form_problems(
    *, altcha: str | None, texts: Mapping[str, tuple[str | None, int]] | None = None
) -> list[Problem]:
    """The protection problems of one submission of a public form: the size limits of
    ``texts`` (``text_problems``) and the ALTCHA payload (``altcha_problem``; not spent). An
    empty list when all is well."""
    problems = text_problems(texts or {})
    if problem := altcha_problem(altcha):
        problems.append(problem)
    return problems
