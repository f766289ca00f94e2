"""The CMS's own pages for the links in supporters' emails, so that the links work with or
without a front end (docs/participation.md, "The pages behind the links").

The email links are ``FRONTEND_BASE_URL`` (or the site's address) + ``PARTICIPATION_CONFIRM_PATH``
or ``PARTICIPATION_MANAGE_PATH`` + ``?token=``. These views answer at those paths on the CMS
host, in plain HTML that needs no JavaScript and loads nothing from elsewhere:

- ``confirm``: GET shows the campaign and one button; only the POST confirms (mail scanners
  open links, and must not confirm a sign-up on the person's behalf).
- ``manage``: GET lists the person's consents; POSTs withdraw one, download everything as JSON,
  or erase everything after an explicit second step.

Views only translate the request and call ``participation.services``. A bad token answers 400,
an expired one (or one whose sign-up is gone) 410; nothing about the token or the person is
logged. Every answer is ``no-store``, ``Referrer-Policy: same-origin`` and ``noindex``, since the
token is in the URL and the page.
"""

from __future__ import annotations

import functools

from csp.constants import NONCE, SELF
from csp.decorators import csp_replace
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods

from participation import services
from participation.throttle import rate_limit_exceeded
from participation.tokens import CONFIRM, MANAGE, TokenInvalid

# The page's own inline style element (by nonce) and forms posting back to this host; nothing
# else (the strict default otherwise: no scripts, images, frames or connections).
PAGE_POLICY = {"style-src": [NONCE], "form-action": [SELF]}
# The token is in the page's URL: no Referer may carry it to another site. Not "no-referrer":
# under it, browsers send the pages' own form POSTs with "Origin: null", which Django's CSRF
# check rightly refuses (chromium does; tests/browser/test_participation_pages.py). The pages
# load and link to nothing elsewhere anyway (PAGE_POLICY).
REFERRER_POLICY = "same-origin"


def link_page(purpose: str):
    """Decorate the view of the page behind an email link with a token for ``purpose``
    (``tokens.CONFIRM`` or ``tokens.MANAGE``). The wrapper answers GET and POST only, checks
    CSRF, counts POSTs against the participation rate limit (429), and answers a bad or expired
    token itself (400/410, ``problem.html``); else it calls
    ``view(request, sign_up=..., language=..., context={"campaign": title, "token": token})``.
    Every answer gets ``PAGE_POLICY`` and headers that keep the token out of caches, other
    sites' logs (``Referer``) and search engines."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request: HttpRequest, locale_code: str | None = None) -> HttpResponse:
            response = _rate_limited(request)
            if response is None:
                sign_up, response = _sign_up_or_problem(request, purpose)
            if response is None:
                response = view(
                    request,
                    sign_up=sign_up,
                    language=_language(request, sign_up),
                    context={"campaign": sign_up.campaign.title, "token": _token(request)},
                )
            response["Referrer-Policy"] = REFERRER_POLICY
            response["X-Robots-Tag"] = "noindex, nofollow"
            return response

        return require_http_methods(["GET", "POST"])(
            csrf_protect(never_cache(csp_replace(PAGE_POLICY)(wrapped)))
        )

    return decorator


def _language(request: HttpRequest, sign_up=None) -> str:
    """The page's language: the URL's language prefix, else the sign-up's (the language of its
    form and emails), else the request's."""
    from_path = (request.resolver_match.kwargs if request.resolver_match else {}).get("locale_code")
    if from_path:
        return from_path
    if sign_up is not None and sign_up.locale in dict(settings.LANGUAGES):
        return sign_up.locale
    return translation.get_language() or settings.LANGUAGE_CODE


def _page(request, template: str, context: dict, *, language: str, status: int = 200):
    with translation.override(language):
        response = render(
            request,
            f"participation/pages/{template}",
            {**context, "language": language},
            status=status,
        )
    response["Content-Language"] = language
    return response


def _token(request: HttpRequest) -> str:
    source = request.POST if request.method == "POST" else request.GET
    return source.get("token", "").strip()


def _sign_up_or_problem(request: HttpRequest, purpose: str):
    """``(sign_up, None)`` for a valid token of ``purpose``, else ``(None, response)``: 400 for a
    missing or bad token, 410 for an expired one or one whose sign-up no longer exists."""
    token = _token(request)
    problem = None
    sign_up = None
    if not token:
        problem, status = "missing", 400
    else:
        try:
            sign_up = services.sign_up_for_token(token=token, purpose=purpose)
        except TokenInvalid as error:
            problem, status = ("expired", 410) if error.expired else ("invalid", 400)
        else:
            if sign_up is None:
                problem, status = "gone", 410
    if problem is None:
        return sign_up, None
    response = _page(
        request,
        "problem.html",
        {"problem": problem, "confirm": purpose == CONFIRM},
        language=_language(request),
        status=status,
    )
    return None, response


def _rate_limited(request: HttpRequest) -> HttpResponse | None:
    """A 429 page for a POST from a client over PARTICIPATION_RATE_LIMIT (counted before the
    token is read, so that a flood costs no database queries); None otherwise."""
    if request.method != "POST" or not rate_limit_exceeded(request):
        return None
    response = _page(request, "rate_limited.html", {}, language=_language(request), status=429)
    response["Retry-After"] = str(settings.PARTICIPATION_RATE_WINDOW)
    return response


@link_page(CONFIRM)
def confirm(request: HttpRequest, *, sign_up, language: str, context: dict) -> HttpResponse:
    """The confirmation link's page. GET: the campaign and a "Confirm my sign-up" button (a
    form that POSTs the token back). POST: confirms through ``services.supporter_confirm`` and
    says so. Bad tokens and rate limits: ``link_page``."""
    if request.method == "POST":
        services.supporter_confirm(sign_up=sign_up)
        return _page(request, "confirmed.html", context, language=language)
    context["confirmed"] = sign_up.confirmed_at is not None
    return _page(request, "confirm.html", context, language=language)


@link_page(MANAGE)
def manage(request: HttpRequest, *, sign_up, language: str, context: dict) -> HttpResponse:
    """The manage link's page. GET: the sign-up's consents, each with a withdraw button, a
    download button and an erase button. POST ``action``:

    - ``withdraw`` with ``consent`` (a ConsentRecord ID of this sign-up): withdraws it
      (``services.consent_withdraw``), then shows the list again with a note;
    - ``export``: everything stored (``services.supporter_data_export``) as a JSON attachment;
    - ``erase``: asks to confirm; ``erase-confirmed``: erases (``services.supporter_erase``) and
      says what was kept and why.

    400 for an unknown action or consent; bad tokens and rate limits: ``link_page``."""
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "withdraw":
            consent = sign_up.consents.filter(
                pk=_integer(request.POST.get("consent")), withdrawn_at__isnull=True
            ).first()
            if consent is None:
                return _page(
                    request, "problem.html", {"problem": "consent"}, language=language, status=400
                )
            services.consent_withdraw(
                sign_up=sign_up, purpose=consent.purpose, organisation_id=consent.organisation_id
            )
            context["withdrawn"] = True
        elif action == "export":
            return _export(sign_up)
        elif action == "erase":
            return _page(request, "erase.html", context, language=language)
        elif action == "erase-confirmed":
            services.supporter_erase(sign_up=sign_up)
            return _page(request, "erased.html", context, language=language)
        else:
            return _page(
                request, "problem.html", {"problem": "action"}, language=language, status=400
            )
    context["consents"] = list(
        sign_up.consents.select_related("organisation").order_by("granted_at", "pk")
    )
    return _page(request, "manage.html", context, language=language)


def _integer(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _export(sign_up) -> HttpResponse:
    response = JsonResponse(
        services.supporter_data_export(sign_up=sign_up), json_dumps_params={"indent": 2}
    )
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response
