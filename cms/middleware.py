"""Response headers and throttles for every request to the CMS host.

- ``ContentSecurityPolicyMiddleware``: django-csp's middleware with one policy per area of the
  host. The strict default (``CONTENT_SECURITY_POLICY``) covers the API, the landing page, the
  docs, documents and everything else; paths under a prefix of ``CONTENT_SECURITY_POLICY_PATHS``
  (the admin) get that policy instead, and Wagtail's previews may be framed by the admin. A
  view chooses its own with django-csp's decorators,
  which win over both: ``csp({...})`` for a whole policy, ``csp_replace({...})`` to replace
  directives (for an embeddable widget: ``@csp_replace({"frame-ancestors": ["*"]})`` together
  with Django's ``@xframe_options_exempt``), ``csp_update({...})`` to add sources.
- ``PermissionsPolicyMiddleware``: the ``Permissions-Policy`` header from ``PERMISSIONS_POLICY``,
  on every response that has none yet (a view may set its own).
- ``RequestIdMiddleware``: an id for each request, taken from the proxy's ``X-Request-ID`` when
  it is a sane token, else made up; in every log record of the request (``request_id``, see
  cms/log_filters.py) and echoed in the response's ``X-Request-ID``.
- ``PasswordFormThrottleMiddleware``: Wagtail's page and document password forms refuse a
  client (by IP address, as django-axes finds it) after ``PASSWORD_FORM_FAILURE_LIMIT`` wrong
  passwords for one restriction, for ``PASSWORD_FORM_COOLOFF`` seconds. The admin's login form
  is throttled by django-axes (settings ``AXES_*``).
"""

from __future__ import annotations

import re
import uuid

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from cms.log_filters import current_request_id

# An id from the proxy is kept when it looks like one (nginx's $request_id: 32 hex digits; UUIDs;
# AWS trace ids): letters, digits and ._:- only, at most 128 characters. Anything else (spaces,
# quotes, newlines, an e-mail address...) is replaced, so that no client can write into the
# logs through it.
REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")


class RequestIdMiddleware:
    """Give each request an id: ``X-Request-ID`` from the client or proxy when it matches
    ``REQUEST_ID_PATTERN``, else a new random one (32 hex digits, like nginx's ``$request_id``).
    Sets ``request.request_id`` and ``cms.log_filters.current_request_id`` (reset when the
    response is finished, after Django's own ``django.request`` line) and the response's
    ``X-Request-ID`` header. First in ``MIDDLEWARE``, so that every later line has the id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        offered = request.headers.get("X-Request-ID", "")
        request_id = offered if REQUEST_ID_PATTERN.fullmatch(offered) else uuid.uuid4().hex
        request.request_id = request_id
        current_request_id.set(request_id)
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


def forget_request_id(**kwargs) -> None:
    """``request_finished`` receiver: lines logged between requests have no request id."""
    current_request_id.set(None)


request_finished.connect(forget_request_id, dispatch_uid="cms.middleware.forget_request_id")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's ``CSPMiddleware``, with the policy of ``CONTENT_SECURITY_POLICY_PATHS`` for
    paths under one of its prefixes (first match) unless the view chose a policy itself."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponse, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if parts.config is None and not report_only:
            for prefix, directives in settings.CONTENT_SECURITY_POLICY_PATHS.items():
                if request.path_info.startswith(prefix):
                    parts.config = directives
                    break
        if getattr(request, "is_preview", False) and not report_only:
            # Wagtail renders a preview through a request for the page's own path ("/"), whose
            # answer the admin's preview panel frames: only the admin itself may frame it.
            parts.replace = {**(parts.replace or {}), "frame-ancestors": ["'self'"]}
        return parts


def permissions_policy_header(policy: dict[str, list[str]]) -> str:
    """The ``Permissions-Policy`` header for ``policy`` (feature → allowed origins, such as
    ``"self"`` or an origin; an empty list turns the feature off), in the structured-field
    syntax of the W3C Permissions Policy specification: ``camera=(), fullscreen=(self)``."""
    items = []
    for feature, origins in policy.items():
        allowed = " ".join(origin if origin == "self" else f'"{origin}"' for origin in origins)
        items.append(f"{feature}=({allowed})")
    return ", ".join(items)


class PermissionsPolicyMiddleware:
    """Add ``Permissions-Policy`` (from ``PERMISSIONS_POLICY``) to responses that lack one."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy_header(settings.PERMISSIONS_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.header
        return response


# Wagtail's password forms, by URL name: the keyword argument naming the restriction.
PASSWORD_FORMS = {
    "wagtailcore_authenticate_with_password": "page_view_restriction_id",
    "wagtaildocs_authenticate_with_password": "restriction_id",
}


class PasswordFormThrottleMiddleware:
    """Refuse Wagtail's page and document password forms to a client that got the password of
    one restriction wrong ``PASSWORD_FORM_FAILURE_LIMIT`` times within
    ``PASSWORD_FORM_COOLOFF`` seconds: answered with 429 and a plain page, the password is not
    even checked. Counts live in the default cache, keyed by client IP address and restriction;
    a right password clears them.

    Wagtail answers a wrong password with the form again (200) and a right one with a redirect.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        key = getattr(request, "_password_form_key", None)
        if key is not None and response.status_code == 200:
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, timeout=settings.PASSWORD_FORM_COOLOFF)
        elif key is not None and 300 <= response.status_code < 400:
            cache.delete(key)
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        match = request.resolver_match
        argument = PASSWORD_FORMS.get(match.url_name if match else None)
        if argument is None or request.method != "POST":
            return None
        restriction = view_kwargs.get(argument, view_args[0] if view_args else "")
        key = password_form_key(request, match.url_name, restriction)
        if cache.get(key, 0) >= settings.PASSWORD_FORM_FAILURE_LIMIT:
            return locked_out_response(request, cooloff=settings.PASSWORD_FORM_COOLOFF)
        request._password_form_key = key
        return None


def client_ip_address(request: HttpRequest) -> str:
    """The client's IP address (``AXES_CLIENT_IP_CALLABLE``): ``REMOTE_ADDR``, or behind
    ``TRUSTED_PROXY_COUNT`` proxies that each append the address they saw to
    ``X-Forwarded-For`` (nginx's ``$proxy_add_x_forwarded_for``), the address the outermost of
    them saw. Entries a client put in the header itself are further left, and never used."""
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        forwarded = [entry.strip() for entry in forwarded if entry.strip()]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    return address


def password_form_key(request: HttpRequest, form: str, restriction) -> str:
    """The cache key counting wrong passwords of one client for one restriction."""
    return f"password-form-failures:{form}:{restriction}:{client_ip_address(request)}"


def locked_out_response(
    request: HttpRequest, *, cooloff: int, template: str = "cms/locked_out.html", **context
) -> HttpResponse:
    """429 Too Many Requests with a page that says for how long (``cooloff``, in seconds)."""
    minutes = max(1, round(cooloff / 60))
    return HttpResponse(
        render_to_string(template, {"minutes": minutes, **context}, request=request),
        status=429,
        headers={"Retry-After": str(int(cooloff))},
    )


def admin_locked_out(request: HttpRequest, original_response=None, credentials=None):
    """django-axes's lockout response (``AXES_LOCKOUT_CALLABLE``): the admin's sign-in page
    with a message that says why and for how long, status 429."""
    from axes.helpers import get_cool_off

    cooloff = get_cool_off(request)
    return locked_out_response(
        request,
        cooloff=cooloff.total_seconds() if cooloff else 0,
        template="cms/admin_locked_out.html",
    )
