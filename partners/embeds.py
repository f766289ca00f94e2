"""Embeddable widgets for partner sites, and the counter as JSON.

Each widget is a small HTML page with inline CSS and no script, meant for an ``<iframe>`` on any
site: the signature counter of a campaign, the card of a page (a post's date, summary and
picture), and the coalition's logo wall. Only these views may be framed by other sites
(``Content-Security-Policy: frame-ancestors *``, no ``X-Frame-Options``); every other view keeps
Django's ``X-Frame-Options`` denial. The JSON counter is the only view here that other origins
may read from scripts (``Access-Control-Allow-Origin: *``).

Language: the path's segment (``/embed/de/counter/1/``) or ``?locale=de``, else the page's own
locale. The page's public translation in that locale is shown where there is one, else the page
itself; labels, numbers and dates follow the language asked for. Never the Accept-Language
header, so that one URL is one response for every cache.
"""

from __future__ import annotations

import functools
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.views.decorators.clickjacking import xframe_options_exempt
from wagtail.models import Page

from campaign import models
from partners import selectors

# Only what a widget needs: its inline styles, and pictures from here or the media host.
EMBED_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' https: data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors *"
)


def cached(request, response: HttpResponse) -> HttpResponse:
    """Mark a successful public answer cacheable for ``PARTNERS_EMBED_MAX_AGE`` seconds with a
    strong ETag of its body, and answer a matching ``If-None-Match`` with 304 Not Modified."""
    patch_cache_control(response, public=True, max_age=settings.PARTNERS_EMBED_MAX_AGE)
    set_response_etag(response)
    return get_conditional_response(request, etag=response["ETag"], response=response)


def safe_methods_only(view):
    """Answer GET and HEAD only (405 otherwise); run in the default language unless the view
    activates another; and say so to ``frontend_schema.middleware.LocaleMiddleware``
    (``language_neutral``), so that Accept-Language plays no part and adds no ``Vary``."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in {"GET", "HEAD"}:
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return view(request, *args, **kwargs)

    wrapper.language_neutral = True
    return wrapper


def embed_view(view):
    """A widget view: framable by any site, cacheable, GET only. Its error answers are framable
    too, so that a partner's page shows a short message rather than a browser error."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Content-Security-Policy"] = EMBED_CSP
        return response

    return xframe_options_exempt(safe_methods_only(wrapper))


def chosen_locale(request, path_code: str | None, page):
    """The Locale the widget answers in: the path's language code, else ``?locale=``, else the
    page's own. Raises Http404 for an unknown code in the path and ``BadLocale`` for one in
    the query string."""
    if path_code is not None:
        locale = selectors.locale_for_code(path_code)
        if locale is None:
            raise Http404("Unknown locale.")
        return locale
    code = request.GET.get("locale")
    if code is None:
        return page.locale
    locale = selectors.locale_for_code(code)
    if locale is None:
        raise BadLocale(code)
    return locale


class BadLocale(ValueError):
    """A ``locale`` query parameter naming no locale of the CMS."""


def _language(locale) -> str:
    """The UI language for ``locale``: its code when the CMS has messages for it."""
    codes = {code for code, _name in settings.LANGUAGES}
    return locale.language_code if locale.language_code in codes else settings.LANGUAGE_CODE


def _find(request, page_id: int, model, path_code: str | None):
    """``(site, page in the chosen locale, locale)``. Raises Http404 when no public ``model``
    page has ``page_id`` in the request's site (or the path's locale is unknown), and
    ``BadLocale`` for an unknown ``?locale=``."""
    site = selectors.request_site(request)
    page = selectors.embeddable_page(page_id, site=site, model=model)
    if page is None:
        raise Http404("No public page has this ID here.")
    locale = chosen_locale(request, path_code, page)
    return site, selectors.in_locale(page, locale, site=site), locale


def _bad_locale() -> HttpResponse:
    known = ", ".join(sorted(code for code, _name in settings.LANGUAGES))
    return HttpResponseBadRequest(
        f"Unknown locale. Use one of: {known}.", content_type="text/plain; charset=utf-8"
    )


def _render(request, template: str, context: dict, language: str) -> HttpResponse:
    with translation.override(language):
        body = render_to_string(template, {**context, "language": language}, request=request)
    return cached(request, HttpResponse(body, content_type="text/html; charset=utf-8"))


def _not_found(request, language: str = settings.LANGUAGE_CODE) -> HttpResponse:
    with translation.override(language):
        body = render_to_string("partners/embeds/not_found.html", {"language": language})
    return HttpResponse(body, status=404, content_type="text/html; charset=utf-8")


def _widget(template: str, model, build):
    """A widget view for pages of ``model``; ``build(page, site)`` gives the template's
    context."""

    def view(request, page_id: int, locale_code: str | None = None):
        try:
            site, page, locale = _find(request, page_id, model, locale_code)
            context = build(page, site)
        except Http404:
            return _not_found(request)
        except BadLocale:
            return _bad_locale()
        return _render(request, template, context, _language(locale))

    return embed_view(view)


def _counter_context(campaign, site) -> dict:
    action_url, action_label = selectors.campaign_action(campaign, site=site)
    return {
        "campaign": campaign,
        "campaign_url": selectors.frontend_url(campaign, site=site) or "",
        "counter": selectors.campaign_counter(campaign),
        "action_url": action_url,
        "action_label": action_label,
    }


def _card_context(page, site) -> dict:
    return {"card": selectors.page_card(page, site=site)}


def _coalition_context(page, site) -> dict:
    # A campaign's ID, or its coalition index's (what oEmbed and GraphQL link to: no query).
    if isinstance(page, models.OrganisationIndexPage):
        page = page.get_campaign()
    if not isinstance(page, models.CampaignPage):
        raise Http404("No campaign has this ID here.")
    campaign = page
    index = selectors.coalition_index(campaign, site=site)
    return {
        "campaign": campaign,
        "members": selectors.coalition_members(campaign, site=site),
        "coalition_url": selectors.frontend_url(index, site=site) if index else "",
    }


counter = _widget("partners/embeds/counter.html", models.CampaignPage, _counter_context)
counter.__doc__ = """The signature counter of campaign ``page_id``: count, goal and progress
bar, the date of the count, and a link to sign."""

card = _widget("partners/embeds/card.html", Page, _card_context)
card.__doc__ = """The card of page ``page_id`` (any public page; for a post its date, summary
and hero image), linking to the page on the public site."""

coalition = _widget("partners/embeds/coalition.html", Page, _coalition_context)
coalition.__doc__ = """The logo wall of campaign ``page_id`` (or of the campaign of coalition index
``page_id``): its public organisations, lead organisations first."""


@safe_methods_only
def counter_json(request, page_id: int, locale_code: str | None = None) -> HttpResponse:
    """The counter of campaign ``page_id`` as JSON, for partners who draw their own::

        {"campaign": {"id": 3, "title": "...", "url": "https://...", "locale": "de"},
         "count": 182341, "goal": 1000000, "progress": 0.182341,
         "asOf": "2026-11-30", "sourceUrl": "https://...", "signUrl": "https://..."}

    ``goal``, ``progress`` and ``asOf`` are null when unknown, ``sourceUrl`` and ``signUrl``
    empty. Any origin may read it (``Access-Control-Allow-Origin: *``); cacheable with an ETag.
    404 (as JSON) for a campaign that is not public here, 400 for an unknown ``locale``.
    """
    try:
        site, campaign, _locale = _find(request, page_id, models.CampaignPage, locale_code)
    except Http404:
        return json_response({"error": "No public campaign has this ID here."}, status=404)
    except BadLocale:
        return json_response({"error": "Unknown locale."}, status=400)
    counter = selectors.campaign_counter(campaign)
    action_url, _label = selectors.campaign_action(campaign, site=site)
    payload = {
        "campaign": {
            "id": campaign.pk,
            "title": campaign.title,
            "url": selectors.frontend_url(campaign, site=site) or "",
            "locale": campaign.locale.language_code,
        },
        "count": counter.count,
        "goal": counter.goal,
        "progress": counter.progress,
        "asOf": counter.as_of,
        "sourceUrl": counter.source_url,
        "signUrl": action_url,
    }
    return json_response(payload, cache_request=request)


def counter_json_path(campaign, language_code: str = "") -> str:
    """The path of the campaign's counter JSON in ``language_code`` (default: its own)."""
    code = language_code or campaign.locale.language_code
    return reverse("partners-counter-json-locale", args=(code, campaign.pk))


def json_response(payload: dict, status: int = 200, cache_request=None) -> HttpResponse:
    """A JSON answer any origin may read; cacheable (``cached``) when ``cache_request`` is
    given. The CORS header goes on last, so that a 304 carries it too."""
    response = HttpResponse(
        json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False),
        status=status,
        content_type="application/json",
    )
    if cache_request is not None:
        response = cached(cache_request, response)
    response["Access-Control-Allow-Origin"] = "*"
    return response
