"""Reads for partners: what feeds, the sitemap, embeds, oEmbed and webhooks publish, and what the
admin shows about webhook deliveries.

Visibility is ``campaign.selectors.public_pages``'s, always: nothing draft, private, expired or an
alias of a hidden page reaches a feed, a sitemap or an embed (every page read here is within the
request's site), and a page event leaves only for a page the public can see (or could see until
the change the event announces).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Prefetch, Q
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, PageLogEntry, Site

from campaign import models
from campaign.choices import OrganisationRole
from campaign.models import CampaignPage, CampaignPostPage
from campaign.selectors import (
    campaign_for_page,
    campaign_item_lists,
    campaign_items,
    page_frontend_url,
    pages_below,
    public_link_targets,
    public_pages,
    site_root_pages,
)


def page_is_public(page: Page) -> bool:
    """True when ``public_pages`` lets ``page`` through now."""
    return public_pages(Page.objects.filter(pk=page.pk)).exists()


def page_was_public(page: Page) -> bool:
    """Whether ``page``, just unpublished or expired, was public until then.

    ``public_pages`` decides, on the page as it was: live and not expired, and so were the pages
    its alias chain leads to (Wagtail unpublishes an original's aliases together with it). The
    question is asked inside a savepoint that is rolled back, so nothing is changed; a page
    behind a view restriction, the tree's root, or an alias of a page hidden for another reason
    still counts as not public.
    """
    chain = [page.pk]
    original_id = page.alias_of_id
    while original_id is not None and len(chain) < 4:
        chain.append(original_id)
        original_id = (
            Page.objects.filter(pk=original_id).values_list("alias_of_id", flat=True).first()
        )
    with transaction.atomic():
        Page.objects.filter(pk__in=chain).update(live=True, expire_at=None)
        public = page_is_public(page)
        transaction.set_rollback(True)
    return public


def page_site(page: Page) -> Site | None:
    """The site ``page`` belongs to (through its locale's copy of the site root), or None."""
    site_id = _site_id_for(page)
    if site_id is None:
        return None
    return Site.objects.select_related("root_page").filter(pk=site_id).first()


def _site_id_for(page: Page) -> int | None:
    best = None
    for root in Site.get_site_root_paths():
        if page.url_path.startswith(root.root_path) and (
            best is None or len(root.root_path) > len(best.root_path)
        ):
            best = root
    return best.site_id if best else None


def page_location(page: Page, *, site: Site | None = None) -> dict | None:
    """``{"path": ..., "url": ...}`` of ``page`` on the front end, as the API gives them (the
    path with its language prefix; the URL on ``FRONTEND_BASE_URL`` or the site's root URL).
    None for a page outside every site."""
    site = site or page_site(page)
    if site is None:
        return None
    path = page_frontend_url(page, site=site, base_url="")
    if path is None:
        return None
    base = settings.FRONTEND_BASE_URL or site.root_url
    return {"path": path, "url": f"{base.rstrip('/')}{path}"}


def page_reference(page: Page, *, location: dict | None = None) -> dict:
    """What an event says about a page: its API ``id`` (the GraphQL node ID), ``database_id``,
    GraphQL ``type``, ``locale`` (language code), ``path`` and ``url``. No title or content:
    receivers fetch those from the API, which applies its own visibility rules."""
    from frontend_schema.nodes import global_id
    from frontend_schema.types import PAGE_TYPE_NAMES

    type_name = PAGE_TYPE_NAMES.get(page.specific_class, "GenericPage")
    location = location if location is not None else page_location(page) or {}
    return {
        "id": global_id(type_name, page.pk),
        "database_id": page.pk,
        "type": type_name,
        "locale": page.locale.language_code,
        "path": location.get("path"),
        "url": location.get("url"),
    }


def revalidate_paths(page: Page, *, site: Site | None = None) -> list[str]:
    """The front-end paths that show ``page`` or a listing of it: the page's own path, its
    parent's (the listing it appears in) and the home page of its locale, without duplicates.
    """
    site = site or page_site(page)
    if site is None:
        return []
    paths = [page_frontend_url(page, site=site, base_url="")]
    parent = page.get_parent()
    if parent is not None and parent.depth > 1:
        paths.append(page_frontend_url(parent, site=site, base_url=""))
    home = _home_in_locale(site, page.locale_id)
    if home is not None:
        paths.append(page_frontend_url(home, site=site, base_url=""))
    return unique_paths(paths)


def _home_in_locale(site: Site, locale_id: int) -> Page | None:
    root = site.root_page
    if root.locale_id == locale_id:
        return root
    return Page.objects.filter(translation_key=root.translation_key, locale_id=locale_id).first()


def unique_paths(paths) -> list[str]:
    seen = []
    for path in paths:
        if path and path not in seen:
            seen.append(path)
    return seen


def failed_deliveries_summary(*, days: int = 7, limit: int = 10) -> dict:
    """For the admin home: ``disabled`` (subscriptions deactivated after failed deliveries),
    ``failed`` (the ``limit`` latest deliveries that failed for good in the last ``days``),
    ``failed_count`` and ``retrying_count`` (pending deliveries with at least one failed
    attempt)."""
    from partners.models import WebhookDelivery, WebhookDeliveryStatus, WebhookSubscription

    since = timezone.now() - datetime.timedelta(days=days)
    failed = WebhookDelivery.objects.filter(
        status=WebhookDeliveryStatus.FAILED, created_at__gte=since
    ).select_related("subscription")
    return {
        "disabled": list(
            WebhookSubscription.objects.filter(is_active=False, disabled_at__isnull=False)
        ),
        "failed": list(failed.order_by("-last_attempt_at", "-pk")[:limit]),
        "failed_count": failed.count(),
        "retrying_count": WebhookDelivery.objects.filter(
            Q(status=WebhookDeliveryStatus.PENDING) & Q(attempts__gt=0)
        ).count(),
        "days": days,
    }


def feed_items_limit() -> int:
    """How many of the newest posts a feed holds (``PARTNERS_FEED_ITEMS``, default 20)."""
    return getattr(settings, "PARTNERS_FEED_ITEMS", 20)


def feed_campaign(*, site: Site, slug: str, locale: Locale) -> CampaignPage | None:
    """The public campaign of ``site`` in ``locale`` whose slug, in any language, is ``slug``.

    As the API's ``campaign(slug:)``: a translated campaign may have another slug (Wagtail
    suffixes the slugs of translated roots, "reclaim-your-face-de"), so the slug of any
    translation finds the one in ``locale``. None when there is no such public campaign.
    """
    same_campaign = CampaignPage.objects.filter(slug=slug).values("translation_key")
    return (
        public_pages(CampaignPage.objects.all(), site=site, locale=locale)
        .filter(translation_key__in=same_campaign)
        .annotate(exact=Q(slug=slug))
        .order_by("-exact", "path")
        .first()
    )


def feed_tag(*, slug: str) -> Tag | None:
    """The tag with ``slug`` (tags are shared by every campaign and locale), or None."""
    return Tag.objects.filter(slug=slug).first()


def feed_posts(*, campaign: CampaignPage, tag: Tag | None = None, limit: int | None = None):
    """The newest public posts of ``campaign`` (not of a campaign nested in it), in the
    campaign's locale, with ``tag`` if given, aliases left out (an alias shows another post,
    which has its own item; a translation alias would put English words in a German feed):
    newest publication date first, then the latest first published, at most ``limit``
    (default ``feed_items_limit()``). A list of specific
    ``CampaignPostPage`` objects with their tags and hero images loaded."""
    posts = public_pages(campaign_items(CampaignPostPage, [campaign])).filter(
        locale_id=campaign.locale_id, alias_of__isnull=True
    )
    if tag is not None:
        posts = posts.filter(tags=tag)
    posts = (
        posts.select_related("hero_image", "locale")
        .prefetch_related("tags")
        .order_by("-publication_date", "-first_published_at", "-pk")
    )
    return list(posts[: limit or feed_items_limit()])


def feed_last_modified(*, campaign: CampaignPage, posts: list[CampaignPostPage]):
    """When the feed of ``posts`` last changed, as far as the database knows: the latest of the
    posts' and the campaign's publication, the latest page action Wagtail logged anywhere
    (an unpublication, a deletion, a new view restriction: changes that take a post *out* of a
    feed without publishing anything) and the latest expiry of the campaign's posts that has
    passed. Never earlier than a change a client could have seen, so ``If-Modified-Since``
    never hides one; an aware datetime, or None when nothing is known."""
    now = timezone.now()
    candidates = [campaign.last_published_at]
    candidates += [post.last_published_at for post in posts]
    candidates.append(PageLogEntry.objects.aggregate(latest=Max("timestamp"))["latest"])
    candidates.append(
        campaign_items(CampaignPostPage, [campaign])
        .filter(expire_at__lte=now)
        .aggregate(latest=Max("expire_at"))["latest"]
    )
    known = [moment for moment in candidates if moment is not None]
    return min(max(known), now) if known else None


def post_published_at(post: CampaignPostPage) -> datetime.datetime:
    """The moment a feed gives as a post's publication: the post's first publication when it
    fell on its publication date, else midnight (in ``TIME_ZONE``) of its publication date (a
    post first published elsewhere, or dated by hand)."""
    first = post.first_published_at
    if first is not None and timezone.localdate(first) == post.publication_date:
        return first
    midnight = datetime.datetime.combine(post.publication_date, datetime.time())
    return timezone.make_aware(midnight)


def post_updated_at(post: CampaignPostPage) -> datetime.datetime:
    """The moment a feed gives as a post's last change: its last publication, never before
    ``post_published_at``."""
    published = post_published_at(post)
    return max(filter(None, [post.last_published_at, published]))


# --- Sitemap ---------------------------------------------------------------------------------


def sitemap_pages(*, site: Site, locale: Locale | None = None):
    """The pages a sitemap of ``site`` lists: every public page of the site in every locale
    (``locale`` narrows it to one), its root included, in tree order. Aliases are left out: an
    alias shows another page's content, and search engines should index that original only
    (the API's ``seo.canonicalUrl`` of an alias names the original too). A queryset of plain
    ``Page`` objects."""
    return (
        public_pages(site=site, locale=locale)
        .filter(alias_of__isnull=True)
        .select_related("locale")
        .order_by("path", "pk")
    )


def sitemap_translations(
    pages: list[Page], *, site: Site, site_roots: list[Page] | None = None
) -> dict[str, list[Page]]:
    """The public, non-alias pages of ``site`` that share a translation key with ``pages``
    (the pages themselves included), by translation key: each page's hreflang alternates.
    One query."""
    keys = {page.translation_key for page in pages}
    if not keys:
        return {}
    roots = site_roots if site_roots is not None else site_root_pages(site)
    translations = (
        public_pages(Page.objects.filter(translation_key__in=keys), site_roots=roots)
        .filter(alias_of__isnull=True)
        .select_related("locale")
        .order_by("locale__language_code")
    )
    result: dict[str, list[Page]] = {}
    for page in translations:
        result.setdefault(str(page.translation_key), []).append(page)
    return result


# --- Embeds and oEmbed ---

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
