"""Reads for partners: what feeds, the sitemap and webhooks publish, and what the admin shows
about webhook deliveries.

Visibility is ``campaign.selectors.public_pages``'s, always: nothing draft, private, expired or an
alias of a hidden page reaches a feed or a sitemap, and a page event leaves only for a page the
public can see (or could see until the change the event announces).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Locale, Page, PageLogEntry, Site

from campaign.models import CampaignPage, CampaignPostPage
from campaign.selectors import campaign_items, page_frontend_url, public_pages, site_root_pages


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
