"""Reads for partners' embeds: which page an embed or an oEmbed URL shows, and what it shows.

Every page read here goes through ``campaign.selectors.public_pages`` within the request's site:
a draft, private or expired page, or an alias of a hidden one, is never found.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site

from campaign import models
from campaign.choices import OrganisationRole
from campaign.selectors import (
    campaign_for_page,
    campaign_item_lists,
    page_frontend_url,
    pages_below,
    public_link_targets,
    public_pages,
    site_root_pages,
)

# Rendition specs of the widgets: fixed, never taken from the request.
LOGO_SPEC = "max-160x80"  # also in templates/partners/embeds/coalition.html
CARD_IMAGE_SPEC = "fill-640x360"  # also in templates/partners/embeds/card.html


class MalformedURL(ValueError):
    """An oEmbed ``url`` that is not an absolute http(s) URL."""


def request_site(request: HttpRequest) -> Site:
    """The site the request's Host names, else the default site. Raises Http404 when no site
    is configured."""
    site = Site.find_for_request(request)
    if site is None:
        site = Site.objects.select_related("root_page").filter(is_default_site=True).first()
    if site is None:
        raise Http404("No site is configured.")
    return site


def locale_for_code(code: str) -> Locale | None:
    """The Locale with language code ``code``, or None when the CMS has none."""
    return Locale.objects.filter(language_code=code).first()


def embeddable_page(page_id: int, *, site: Site, model: type[Page] = Page) -> Page | None:
    """The public page with ID ``page_id`` in ``site`` (specific), when it is a ``model``;
    else None."""
    queryset = public_pages(model.objects.filter(pk=page_id), site_roots=site_root_pages(site))
    page = queryset.first()
    if page is None:
        return None
    return page.specific if model is Page else page


def in_locale(page: Page, locale: Locale | None, *, site: Site) -> Page:
    """The page's public translation in ``locale`` (specific), else the page itself: what
    Wagtail's ``Page.localized`` shows, within ``site``."""
    if locale is None or page.locale_id == locale.pk:
        return page
    translation = public_pages(
        type(page).objects.filter(translation_key=page.translation_key, locale=locale),
        site_roots=site_root_pages(site),
    ).first()
    return translation or page


def frontend_url(page: Page, *, site: Site) -> str | None:
    """The page's URL on the public site: FRONTEND_BASE_URL, else the site's own root URL."""
    return page_frontend_url(page, site=site, base_url=settings.FRONTEND_BASE_URL or site.root_url)


@dataclass(frozen=True)
class Counter:
    """A campaign's public signature counter: ``count`` people on ``as_of`` (a date or None),
    of ``goal`` (None without one); ``progress`` is count / goal (None without a goal),
    ``percent`` the same as a whole number of per cent capped at 100 for a bar."""

    count: int
    goal: int | None
    progress: float | None
    as_of: datetime.date | None
    source_url: str

    @property
    def percent(self) -> int | None:
        if self.progress is None:
            return None
        return min(100, int(self.progress * 100))


def campaign_counter(campaign: models.CampaignPage) -> Counter:
    """The latest reading of the campaign's counter (shared by its translations) and its goal.
    A campaign without readings counts 0."""
    latest = campaign.signature_count_latest()
    count = latest.count if latest is not None else 0
    return Counter(
        count=count,
        goal=campaign.signature_goal,
        progress=campaign.signature_progress(count),
        as_of=latest.as_of if latest is not None else None,
        source_url=latest.source_url if latest is not None else "",
    )


def campaign_action(campaign: models.CampaignPage, *, site: Site) -> tuple[str, str]:
    """``(URL, label)`` of where the counter sends people to sign: the campaign's first call to
    action (its help text says "most important first"), to its page when that page is public or
    to its link; without one, the campaign's own page and an empty label (the template words it).
    """
    for block in campaign.calls_to_action:
        value = block.value
        target = value.get("page")
        if target is not None:
            found = public_link_targets(
                {(target.pk, campaign.locale_id)}, site_roots=site_root_pages(site)
            ).get((target.pk, campaign.locale_id))
            url = frontend_url(found, site=site) if found is not None else None
            if url:
                return url, value.get("button_label", "")
        if value.get("url"):
            return value["url"], value.get("button_label", "")
    return frontend_url(campaign, site=site) or "", ""


def coalition_members(
    campaign: models.CampaignPage, *, site: Site
) -> list[models.OrganisationPage]:
    """The campaign's public organisations for a logo wall: lead organisations first, then by
    name; in the campaign's locale, with the untranslated ones of the site's default language.
    Logos and their ``LOGO_SPEC`` renditions are loaded in bulk (a few queries for any number)."""
    members = campaign_item_lists(
        models.OrganisationPage,
        [campaign],
        default_locale=site.root_page.locale,
        site_roots=site_root_pages(site),
    )[campaign.path]
    members.sort(key=lambda page: (page.role != OrganisationRole.LEAD, page.title.casefold()))
    _attach_images(members, "logo", LOGO_SPEC)
    return members


def coalition_index(campaign: models.CampaignPage, *, site: Site):
    """The campaign's public coalition index page (its organisations' list), or None."""
    return public_pages(
        pages_below(models.OrganisationIndexPage, [campaign], levels=1),
        site_roots=site_root_pages(site),
    ).first()


def _attach_images(pages: list[Page], field: str, spec: str) -> None:
    """Load the ``field`` images of ``pages`` with their ``spec`` renditions in two queries."""
    ids = {getattr(page, f"{field}_id") for page in pages} - {None}
    if not ids:
        return
    image_model = get_image_model()
    renditions = image_model.get_rendition_model().objects.filter(filter_spec=spec)
    images = image_model.objects.filter(pk__in=ids).prefetch_related(
        Prefetch("renditions", queryset=renditions)
    )
    by_id = {image.pk: image for image in images}
    for page in pages:
        image_id = getattr(page, f"{field}_id")
        if image_id is not None:
            setattr(page, field, by_id.get(image_id))


@dataclass(frozen=True)
class Card:
    """What a page card shows: ``kicker`` (the campaign's title above the page's, or empty),
    ``title``, ``date`` (a date or None), ``text`` (plain text, at most ``CARD_TEXT_WORDS``
    words), ``image`` (a Wagtail image or None), ``url`` (the page on the public site)."""

    kicker: str
    title: str
    date: datetime.date | None
    text: str
    image: object
    url: str


CARD_TEXT_WORDS = 40

# Per page type: the field holding its short text, and its picture.
_CARD_TEXT = {
    models.CampaignPostPage: "summary",
    models.CampaignPage: "tagline",
    models.DemandPage: "summary",
    models.OrganisationPage: "description",
    models.SupporterPage: "statement",
    models.OpenLetterPage: "addressees",
}
_CARD_IMAGE = {
    models.CampaignPostPage: "hero_image",
    models.CampaignPage: "hero_image",
    models.OrganisationPage: "logo",
    models.SupporterPage: "image",
}
_CARD_DATE = {models.CampaignPostPage: "publication_date", models.OpenLetterPage: "date"}


def page_card(page: Page, *, site: Site) -> Card:
    """The card of any public page; for a post: its date, summary and hero image."""
    page_type = type(page)
    text = getattr(page, _CARD_TEXT.get(page_type, "intro"), "") or ""
    campaign = campaign_for_page(page)
    kicker = campaign.title if campaign is not None and campaign.pk != page.pk else ""
    image_field = _CARD_IMAGE.get(page_type)
    return Card(
        kicker=kicker,
        title=page.title,
        date=getattr(page, _CARD_DATE[page_type]) if page_type in _CARD_DATE else None,
        text=Truncator(strip_tags(str(text))).words(CARD_TEXT_WORDS),
        image=getattr(page, image_field) if image_field else None,
        url=frontend_url(page, site=site) or "",
    )


def hero_image(page: Page):
    """The picture that stands for the page in link previews (hero image, logo), or None."""
    field = _CARD_IMAGE.get(type(page))
    return getattr(page, field) if field else None


def page_for_url(url: str, *, request: HttpRequest, site: Site) -> Page | None:
    """The public page (specific) at ``url``: a front-end URL (on FRONTEND_BASE_URL) or a CMS
    URL (on the request's host or a site's root URL), with Wagtail's language prefix for pages
    outside the default language ('/de/news/x/'). None for a URL on another host or one that
    names no public page of ``site``. Raises ``MalformedURL`` for anything but an absolute
    http(s) URL."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 -- raises ValueError for a port that is not a number
    except ValueError as error:
        raise MalformedURL("The url is not a valid URL.") from error
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise MalformedURL("The url must be an absolute http or https URL.")
    if parts.netloc.lower() not in _our_hosts(request, site):
        return None
    path = parts.path or "/"
    base_path = urlsplit(settings.FRONTEND_BASE_URL).path.rstrip("/")
    if base_path and path.startswith(base_path + "/"):
        path = path[len(base_path) :]
    segments = [segment for segment in path.split("/") if segment]
    locale = site.root_page.locale
    if segments and segments[0] != locale.language_code:
        prefixed = locale_for_code(segments[0])
        if prefixed is not None:
            locale, segments = prefixed, segments[1:]
    roots = [root for root in site_root_pages(site) if root.locale_id == locale.pk]
    if not roots:
        return None
    try:
        result = roots[0].specific.route(request, segments)
    except Http404:
        return None
    page = result.page if hasattr(result, "page") else result[0]
    return embeddable_page(page.pk, site=site)


def _our_hosts(request: HttpRequest, site: Site) -> set[str]:
    """The ``host[:port]`` forms under which our pages are addressed."""
    hosts = {request.get_host().lower(), urlsplit(site.root_url).netloc.lower()}
    if settings.FRONTEND_BASE_URL:
        hosts.add(urlsplit(settings.FRONTEND_BASE_URL).netloc.lower())
    return hosts
