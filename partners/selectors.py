"""Reads for partners: which campaign, tag and posts a feed shows, and which pages a sitemap lists.

Every read goes through ``campaign.selectors.public_pages``: nothing draft, private, expired or an
alias of a hidden page reaches a feed or a sitemap.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Max, Q
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Locale, Page, PageLogEntry, Site

from campaign.models import CampaignPage, CampaignPostPage
from campaign.selectors import campaign_items, public_pages, site_root_pages


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
