"""What every participation mutation shares: the typed error results, the rate limit, the
language of the answer, and the look-up of a public page by a client's ID."""

from __future__ import annotations

from typing import Annotated

import strawberry
from django.conf import settings
from django.utils.translation import gettext
from strawberry import Info

from campaign.selectors import public_pages
from frontend_schema.context import get_request, site_roots
from frontend_schema.errors import ClientError, UserInputError
from frontend_schema.nodes import page_pk
from frontend_schema.types import PAGE_TYPE_NAMES
from participation import protection
from participation.tokens import TokenInvalid

MAX_TOKEN_LENGTH = 500


@strawberry.type(name="FieldError", description="What is wrong with one field of the input.")
class FieldErrorType:
    field: str = strawberry.field(
        description="The input field, as in the input ('email', 'consents.1.organisation')."
    )
    code: str = strawberry.field(
        description="A stable code: required, invalid, max_length, min_length, invalid_choice, "
        "not_found, outdated, too_many; for `altcha` also expired and used."
    )
    message: str = strawberry.field(description="A message for the person, in the input's locale.")


@strawberry.type(name="InvalidInput", description="The input was refused; nothing was stored.")
class InvalidInputType:
    errors: list[FieldErrorType] = strawberry.field(description="One entry per problem.")


@strawberry.type(
    name="InvalidToken",
    description="The link's token is malformed, expired, or names data that no longer exists.",
)
class InvalidTokenType:
    expired: bool = strawberry.field(
        description="True when the token is genuine but too old: offer to sign up again."
    )
    message: str = strawberry.field(description="A message for the person.")


@strawberry.type(
    name="RateLimited",
    description="This client sent too many participation requests; try again later.",
)
class RateLimitedType:
    retry_after: int = strawberry.field(description="Seconds to wait, at most.")
    message: str = strawberry.field(description="A message for the person.")


def language_of(code: str | None) -> str | None:
    """The language code to answer in, or None when ``code`` is not one of LANGUAGES."""
    if not code:
        return settings.LANGUAGE_CODE
    code = code.strip()
    return code if code in dict(settings.LANGUAGES) else None


def rate_limited(info: Info) -> RateLimitedType | None:
    request = get_request(info)
    if not protection.rate_limited(request):
        return None
    return RateLimitedType(
        retry_after=protection.rate_limit_retry_after(request),
        message=gettext("Too many requests from your connection. Please try again later."),
    )


def public_page(info: Info, model, value):
    """The public page of ``model`` that a client's ID names in the request's site, or None."""
    try:
        pk = page_pk(value, argument="", types=[PAGE_TYPE_NAMES[model]])
    except ClientError:
        return None
    return public_pages(model.objects.filter(pk=pk), site_roots=site_roots(info)).first()


def invalid_token(error: TokenInvalid | None = None) -> InvalidTokenType:
    expired = bool(error and error.expired)
    message = (
        gettext("This link has expired.")
        if expired
        else gettext("This link is not valid, or the data it was for no longer exists.")
    )
    return InvalidTokenType(expired=expired, message=message)


def language_argument(locale: str | None) -> str:
    language = language_of(locale)
    if language is None:
        raise UserInputError(
            f"Unknown locale. Known locales: {', '.join(code for code, _ in settings.LANGUAGES)}.",
            argument="locale",
        )
    return language


LocaleArgument = Annotated[
    str | None,
    strawberry.argument(
        description="The language of the answer's messages; defaults to the CMS's default."
    ),
]
TokenArgument = Annotated[
    str, strawberry.argument(description="The `token` parameter of the link in the email.")
]


def object_for_token(token: str, lookup):
    """What ``lookup(token)`` finds (a service's ``*_for_token``), or an ``InvalidToken``
    answer when the token is too long, bad or expired, or names nothing any more."""
    if len(token) > MAX_TOKEN_LENGTH:
        return invalid_token()
    try:
        found = lookup(token)
    except TokenInvalid as error:
        return invalid_token(error)
    return found if found is not None else invalid_token()


class FieldErrors:
    """The field errors of one input, collected while it is checked; ``answer()`` is the
    ``InvalidInput`` result, or None when there was none."""

    def __init__(self) -> None:
        self.errors: list[FieldErrorType] = []

    def add(self, field: str, code: str, message: str) -> None:
        self.errors.append(FieldErrorType(field=field, code=code, message=str(message)))

    def add_form(self, form, *, names: dict[str, str] | None = None) -> None:
        """Every error of a bound Django form, with its code and first message; ``names``
        maps a form field to the input field's GraphQL name where they differ."""
        for field, problems in form.errors.as_data().items():
            for problem in problems:
                self.add(
                    (names or {}).get(field, field), problem.code or "invalid", next(iter(problem))
                )

    def answer(self) -> InvalidInputType | None:
        return InvalidInputType(errors=self.errors) if self.errors else None


ALTCHA_DESCRIPTION = (
    "The payload of the ALTCHA widget (npm `altcha`) after it solved a challenge from "
    "`altchaChallenge`: the base64 string the widget puts in its hidden `altcha` field or "
    "passes with its `verified` event. Each solved challenge is accepted once; fetch a new one "
    "for every submission. Codes: required, invalid, expired, used."
)
HONEYPOT_DESCRIPTION = (
    "A honeypot: render it as a text field hidden from people (not `type=hidden`, which bots "
    "skip) and send what it holds. A form with anything in it is answered as accepted and "
    "dropped."
)


def public_form_errors(
    *, language: str | None, altcha: str, form, texts=None, names: dict[str, str] | None = None
) -> FieldErrors:
    """The field errors every public form checks first, in the active language: an unknown
    ``locale``, the protection problems (``protection.form_problems``: size limits of ``texts``
    and the ALTCHA payload, not spent), and the Django ``form``'s own errors (``names`` maps
    a form field to its GraphQL input name where they differ)."""
    errors = FieldErrors()
    if language is None:
        errors.add("locale", "invalid_choice", gettext("This language is not offered."))
    for problem in protection.form_problems(altcha=altcha, texts=texts):
        errors.add(problem.field, problem.code, problem.message)
    if not form.is_valid():
        errors.add_form(form, names=names)
    return errors


def public_form_accept(*, honeypot: str, altcha: str, answer, store):
    """The last steps of a public form whose input is valid: when the ``honeypot`` field is
    filled (a bot), ``answer`` and nothing is kept; otherwise the ALTCHA payload ``altcha`` is
    spent (``InvalidInput`` when it was spent meanwhile), ``store()`` runs, and the answer is
    ``answer``."""
    if protection.honeypot_filled(honeypot):
        return answer
    if problem := protection.altcha_spend(altcha):
        errors = FieldErrors()
        errors.add(problem.field, problem.code, problem.message)
        return errors.answer()
    store()
    return answer
