"""Reads of the campaign domain.

``public_pages`` is the one place that decides what the public may see. Every API path (root
fields, connections, parents and children, translations, related pages, StreamField choosers, rich
text links, search) filters through it.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Iterator

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length, Substr
from django.utils import timezone
from wagtail.models import CollectionViewRestriction, Locale, Page, PageViewRestriction, Site
from wagtail.query import PageQuerySet


def public_pages(
    queryset: PageQuerySet | None = None,
    *,
    site: Site | None = None,
    locale: Locale | None = None,
    site_roots: list[Page] | None = None,
) -> PageQuerySet:
    """Narrow ``queryset`` (default: all pages) to what an anonymous visitor may see.

    A page is public when it is live, its expiry time (if any) has not passed, neither it nor an
    ancestor carries a view restriction of any kind (login, password or groups), and it is not the
    tree's root. A Wagtail alias (``alias_of``) must pass the same rules *and* so must the page it
    is an alias of, wherever that page is: an alias never shows content its original hides (an
    original put behind a login, unpublished or expired hides its aliases too; chains of aliases
    are followed ``ALIAS_CHAIN_DEPTH`` links back). With ``site`` only pages inside that site
    remain: under its root page or under a translation of its root page (each locale has its own
    copy of the tree). ``site_roots`` may
    pass those roots when the caller already has them. With ``locale`` only pages in that locale
    remain. The result is a queryset, so callers can add filters, ordering and ``.specific()``.

    The view restrictions and the aliases that their originals hide are read first
    (``visibility_facts``: two queries of their own, or none inside ``visibility_snapshot``,
    which reads them once) and become plain conditions on the page row (path prefixes, a list
    of IDs), so the plan does not depend on the planner's statistics and no subquery is built.
    """
    if queryset is None:
        queryset = Page.objects.all()
    snapshot = _visibility_snapshot.get()
    facts = snapshot.facts if snapshot is not None else visibility_facts()
    queryset = _served(queryset, facts.restricted)
    hidden = facts.hidden_aliases(timezone.now())
    if hidden:
        queryset = queryset.exclude(pk__in=hidden)
    if site is not None and site_roots is None:
        site_roots = site_root_pages(site)
    if site_roots is not None:
        in_site = Q(pk__in=[])
        for root in site_roots:
            in_site |= Q(path__startswith=root.path)
        queryset = queryset.filter(in_site)
    if locale is not None:
        queryset = queryset.filter(locale=locale)
    return queryset


# How many aliases of aliases ``public_pages`` follows back to the original. Wagtail points a new
# alias at the page it was made from, which may itself be an alias.
ALIAS_CHAIN_DEPTH = 3


@dataclasses.dataclass(frozen=True)
class VisibilityFacts:
    """What ``public_pages`` needs besides the page row itself, read once for a unit of work.

    ``restricted``: ``restricted_paths()``. ``aliases``: for each alias that its originals hide
    or will hide, ``(page ID, hidden from)``, where "hidden from" is None when an original is
    not served now (not live, under a view restriction, the tree's root) and otherwise the
    earliest expiry time among its originals. Picklable, so that it can be kept in a cache
    that forgets it when a page or a view restriction changes.
    """

    restricted: list[str]
    aliases: list[tuple[int, datetime.datetime | None]]

    def hidden_aliases(self, now: datetime.datetime) -> list[int]:
        """The IDs of the aliases hidden at ``now``."""
        return [pk for pk, hidden_from in self.aliases if hidden_from is None or hidden_from <= now]


def visibility_facts() -> VisibilityFacts:
    """The view-restricted paths and the aliases whose originals hide them: two queries, each
    over the few pages that carry a restriction or take part in an alias."""
    restricted = restricted_paths()
    return VisibilityFacts(restricted=restricted, aliases=hidden_alias_facts(restricted))


def hidden_alias_facts(restricted: list[str]) -> list[tuple[int, datetime.datetime | None]]:
    """``VisibilityFacts.aliases`` given ``restricted_paths()``: one query over the aliases and
    the pages they are aliases of.

    An alias must pass Wagtail's own rules (checked on its row by ``public_pages``) and so must
    the page it is an alias of, wherever that page is; if that page is an alias too, so must its
    original, up to ``ALIAS_CHAIN_DEPTH`` links back.
    """
    rows = {
        pk: (alias_of_id, live, depth, expire_at, path)
        for pk, alias_of_id, live, depth, expire_at, path in Page.objects.filter(
            Q(alias_of__isnull=False)
            | Q(pk__in=Page.objects.filter(alias_of__isnull=False).values("alias_of_id"))
        ).values_list("pk", "alias_of_id", "live", "depth", "expire_at", "path")
    }
    facts = []
    for pk, (alias_of_id, *_rest) in rows.items():
        if alias_of_id is None:
            continue
        hidden, hidden_from = False, None
        target = alias_of_id
        for _link in range(ALIAS_CHAIN_DEPTH):
            if target not in rows:  # cannot happen (alias_of is a foreign key): hide, to be safe
                hidden = True
                break
            next_target, live, depth, expire_at, path = rows[target]
            if not live or depth <= 1 or any(path.startswith(outer) for outer in restricted):
                hidden = True
                break
            if expire_at is not None and (hidden_from is None or expire_at < hidden_from):
                hidden_from = expire_at
            if next_target is None:
                break
            target = next_target
        if hidden:
            facts.append((pk, None))
        elif hidden_from is not None:
            facts.append((pk, hidden_from))
    return facts


class _Snapshot:
    """The visibility facts read once for a unit of work (see ``visibility_snapshot``)."""

    def __init__(self, load_facts) -> None:
        self._load_facts = load_facts
        self._facts: VisibilityFacts | None = None

    @property
    def facts(self) -> VisibilityFacts:
        # Read at the first public_pages, so a request that lists no pages reads nothing.
        if self._facts is None:
            self._facts = self._load_facts()
        return self._facts


_visibility_snapshot: contextvars.ContextVar[_Snapshot | None] = contextvars.ContextVar(
    "visibility_snapshot", default=None
)


@contextlib.contextmanager
def visibility_snapshot(load_facts=None) -> Iterator[None]:
    """Within the block, ``public_pages`` uses one reading of the visibility facts (view
    restrictions and hidden aliases), made at its first call by ``load_facts()``, which must
    give ``visibility_facts()``'s answer (say, from a cache that forgets it when a page or a
    restriction changes); by default ``visibility_facts`` itself (two queries).

    For read-only units of work such as one GraphQL request: a restriction added inside the
    block is not seen by it. Blocks nest; the outermost one's reading is used.
    """
    if _visibility_snapshot.get() is not None:
        yield
        return
    token = _visibility_snapshot.set(_Snapshot(load_facts or visibility_facts))
    try:
        yield
    finally:
        _visibility_snapshot.reset(token)


def restricted_paths() -> list[str]:
    """The tree paths of the pages carrying a view restriction of any kind (login, password or
    groups), shortest first, without those under another restricted path. One query."""
    paths: list[str] = []
    for path in sorted(
        set(PageViewRestriction.objects.values_list("page__path", flat=True)),
        key=lambda path: (len(path), path),
    ):
        if not any(path.startswith(outer) for outer in paths):
            paths.append(path)
    return paths


def _served(queryset, restricted: list[str]):
    """Pages that Wagtail itself would serve to an anonymous visitor, judged on their own: live,
    not expired, not the tree's root, and not at or under one of the ``restricted`` paths."""
    # filter(live=True) rather than .live(): the optimizer's prefetches use plain querysets.
    queryset = queryset.filter(live=True, depth__gt=1)
    queryset = queryset.filter(Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now()))
    if not restricted:
        return queryset
    # Tree paths are prefixes of their descendants' paths. Restrictions are few, so a list of
    # prefixes beats a correlated subquery, whose plan went wrong without statistics.
    under_restriction = Q()
    for path in restricted:
        under_restriction |= Q(path__startswith=path)
    return queryset.exclude(under_restriction)


def public_link_targets(
    links: set[tuple[int, int]], *, site_roots: list[Page], specific: bool = False
) -> dict[tuple[int, int], Page]:
    """Where links to pages lead, for rich-text links and page choosers alike.

    ``links`` holds ``(page ID, locale ID)`` pairs: a link to a page, held by content in a locale.
    Like Wagtail's own rendering (``Page.localized``), each leads to the page's translation in that
    locale when it is public, else to the page itself when it is public; a pair that leads to no
    public page is left out of the result, which maps pairs to pages (specific pages with
    ``specific=True``). Visibility is ``public_pages``'s, within ``site_roots``. Two queries
    (plus one per page type with ``specific``), however many links.
    """
    if not links:
        return {}
    keys = dict(
        Page.objects.filter(pk__in={page_id for page_id, _ in links}).values_list(
            "pk", "translation_key"
        )
    )
    candidates = public_pages(
        Page.objects.filter(translation_key__in=set(keys.values())).filter(
            Q(pk__in=keys) | Q(locale_id__in={locale_id for _, locale_id in links})
        ),
        site_roots=site_roots,
    )
    if specific:
        candidates = candidates.specific()
    by_id = {}
    by_translation = {}
    for page in candidates:
        by_id[page.pk] = page
        by_translation[(page.translation_key, page.locale_id)] = page
    targets = {}
    for page_id, locale_id in links:
        if page_id not in keys:
            continue
        target = by_translation.get((keys[page_id], locale_id)) or by_id.get(page_id)
        if target is not None:
            targets[(page_id, locale_id)] = target
    return targets


def public_links_from(page: Page, pages) -> list[Page]:
    """Where links from ``page`` to ``pages`` lead, for the page templates of the CMS host: by
    ``public_link_targets``'s rule (the linked page's public translation in ``page``'s locale,
    else the linked page if public, within ``page``'s site), in the given order, hidden pages
    left out, each target once. Specific pages. ``pages`` may hold None (an empty chooser).
    """
    pages = [linked for linked in pages if linked is not None]
    if not pages:
        return []
    roots = _site_roots_of(page)
    links = {(linked.pk, page.locale_id) for linked in pages}
    targets = public_link_targets(links, site_roots=roots, specific=True)
    result, seen = [], set()
    for linked in pages:
        target = targets.get((linked.pk, page.locale_id))
        if target is not None and target.pk not in seen:
            seen.add(target.pk)
            result.append(target)
    return result


def _site_roots_of(page: Page) -> list[Page] | None:
    """The roots of ``page``'s site in every locale; None for a page in no site yet."""
    site = page.get_site() if page.url_path else None
    return site_root_pages(site) if site is not None else None


def public_rich_text(html: str, *, page: Page) -> str:
    """Rich text (Wagtail's stored format) as HTML for the page templates of the CMS host, by the
    API's rule: page links lead to the target of ``public_links_from``, document links to
    public documents (``public_documents``) only; other links keep their words and lose their
    ``href``. Everything else is expanded as Wagtail does."""
    from django.utils.html import escape
    from wagtail.documents import get_document_model
    from wagtail.rich_text import expand_db_html
    from wagtail.rich_text.rewriters import FIND_A_TAG, extract_attrs

    def linked(kind):
        return {
            int(attrs["id"])
            for attrs in (extract_attrs(m.group(1)) for m in FIND_A_TAG.finditer(html or ""))
            if attrs.get("linktype") == kind and str(attrs.get("id", "")).isdigit()
        }

    page_ids, document_ids = linked("page"), linked("document")
    targets = {}
    if page_ids:
        links = {(pk, page.locale_id) for pk in page_ids}
        found = public_link_targets(links, site_roots=_site_roots_of(page))
        targets = {pk: target for (pk, _locale), target in found.items()}
    documents = set(
        public_documents(get_document_model().objects.filter(pk__in=document_ids)).values_list(
            "pk", flat=True
        )
    )
    site = page.get_site() if page.url_path else None

    def rewrite(match):
        attrs = extract_attrs(match.group(1))
        kind, pk = attrs.get("linktype"), str(attrs.get("id", ""))
        if kind == "page":
            target = targets.get(int(pk)) if pk.isdigit() else None
            url = target.get_url(current_site=site) if target is not None else None
            return f'<a href="{escape(url)}">' if url else "<a>"
        if kind == "document" and not (pk.isdigit() and int(pk) in documents):
            return "<a>"
        return match.group(0)

    return expand_db_html(FIND_A_TAG.sub(rewrite, html or ""))


def site_root_pages(site: Site) -> list[Page]:
    """The site's root page and its translations: the top of the site in every locale."""
    root = site.root_page
    roots = list(Page.objects.filter(translation_key=root.translation_key))
    return roots or [root]


def public_redirects(queryset, *, site_roots: list[Page]):
    """Narrow a ``wagtail.contrib.redirects`` queryset to the redirects that may be served: those
    to an external link, and those to a page that is public (``public_pages``) within
    ``site_roots``. A redirect to a draft, private, expired or other-site page is left out
    whole, because its old path is that hidden page's former address (Wagtail creates one when
    a page is renamed or moved, also inside a private section). One subquery.
    """
    to_link = Q(redirect_page__isnull=True) & ~Q(redirect_link="")
    to_public_page = Q(redirect_page__in=public_pages(site_roots=site_roots).values("pk"))
    return queryset.filter(to_link | to_public_page)


def public_documents(queryset):
    """Narrow a document queryset to what the public may download: documents in a collection
    with a view restriction, or under one (a restriction covers the collections inside), are
    left out."""
    restricted = CollectionViewRestriction.objects.filter(
        collection__path=Substr(OuterRef("collection__path"), 1, Length("collection__path"))
    )
    return queryset.exclude(Exists(restricted))


def public_images(queryset, *, site_roots: list[Page] | None = None):
    """Narrow an image queryset to the images the public already sees: those used by a public
    page (in a field, a StreamField block or rich text, as Wagtail's reference index records it)
    and the sites' default preview images. An image only in the library, or used only by a
    draft or private page, is left out, so that an image's ID reveals nothing unpublished.
    ``site_roots`` narrows the pages that count to one site, as in ``public_pages``.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import CharField
    from django.db.models.functions import Cast
    from wagtail.models import ReferenceIndex

    from campaign.models import CampaignSiteSettings

    page_ids = (
        public_pages(site_roots=site_roots)
        .annotate(pk_text=Cast("pk", output_field=CharField()))
        .values("pk_text")
    )
    used_ids = ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(queryset.model),
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=page_ids,
    ).values("to_object_id")
    queryset = queryset.annotate(pk_text=Cast("pk", output_field=CharField()))
    settings_images = CampaignSiteSettings.objects.values("default_social_image")
    return queryset.filter(Q(pk_text__in=used_ids) | Q(pk__in=settings_images))


def campaign_for_page(page: Page | None):
    """The nearest CampaignPage at or above ``page``, or None."""
    from campaign.models import CampaignPage

    if page is None:
        return None
    if isinstance(page, CampaignPage):
        return page
    if not page.path:
        return None
    return CampaignPage.objects.ancestor_of(page, inclusive=True).order_by("-depth").first()


def page_preview_get(*, token: str):
    """The unexpired preview with ``token``, or None."""
    import datetime

    from django.conf import settings

    from campaign.models.preview import PagePreview

    oldest = timezone.now() - datetime.timedelta(seconds=settings.PREVIEW_TOKEN_MAX_AGE)
    return PagePreview.objects.filter(token=token, created_at__gte=oldest).first()


def campaign_items(model, campaigns):
    """The ``model`` pages that belong to ``campaigns`` themselves, not to a nested campaign.

    The page-type rules put a campaign's demands, organisations, supporters and posts exactly two
    levels below it (campaign, index page, item); deeper ones belong to a campaign nested inside.
    """
    return pages_below(model, campaigns, levels=2)


def pages_below(model, parents, *, levels: int):
    """The ``model`` pages exactly ``levels`` below any of ``parents`` (1: their children)."""
    condition = Q(pk__in=[])
    for parent in parents:
        condition |= Q(path__startswith=parent.path, depth=parent.depth + levels)
    return model.objects.filter(condition)


# --- locales: Wagtail's `localized`, and lists that fall back to the default locale ------------


def untranslated(locale: Locale, *, site_roots: list[Page] | None = None) -> Q:
    """A condition on pages: no public translation of the page exists in ``locale``.

    One ``NOT EXISTS`` subquery, evaluated by the database with the rest of the query, so counts
    and slices of a queryset filtered with it stay right.
    """
    return ~Q(Exists(_public_translation(locale, site_roots)))


def _public_translation(locale: Locale | int, site_roots: list[Page] | None):
    return public_pages(
        Page.objects.filter(locale=locale, translation_key=OuterRef("translation_key")),
        site_roots=site_roots,
    )


def with_fallback(queryset, *, locale: Locale, default_locale: Locale, site_roots=None):
    """Narrow ``queryset`` to one page per translation: the page in ``locale`` where a public one
    exists, else the page in ``default_locale`` (the site's language).

    ``queryset`` should already hold only public pages (``public_pages`` without ``locale``).
    Pages in any third locale are left out. The result is still one queryset: callers filter,
    order, count and slice it as usual.
    """
    if locale.pk == default_locale.pk:
        return queryset.filter(locale=locale)
    return queryset.filter(
        Q(locale=locale) | (Q(locale=default_locale) & untranslated(locale, site_roots=site_roots))
    )


def localized_pages(
    pages: list[Page],
    locale_ids: set[int],
    *,
    queryset=None,
    site_roots: list[Page] | None = None,
) -> dict[tuple[int, int], Page]:
    """Wagtail's ``Page.localized`` for many public pages and locales at once.

    ``pages`` are linked pages that are public. The answer maps ``(page ID, locale ID)`` to the
    page to show for a link from a page in that locale: the page's public translation in that
    locale when there is one, else the page itself. ``queryset`` (default
    ``Page.objects.all()``) chooses the model of the translations; with a plain ``Page``
    queryset they come back ``.specific()``. No query when every page is already in every
    locale asked for, else one (plus ``.specific()``'s one per page type).
    """
    result = {(page.pk, locale_id): page for page in pages for locale_id in locale_ids}
    missing = {page.translation_key for page in pages if {page.locale_id} != set(locale_ids)}
    if not missing:
        return result
    if queryset is None:
        queryset = Page.objects.all()
    translations = public_pages(
        queryset.filter(translation_key__in=missing, locale_id__in=locale_ids),
        site_roots=site_roots,
    )
    if translations.model is Page:
        translations = translations.specific()
    by_key = {(page.translation_key, page.locale_id): page for page in translations}
    for page in pages:
        for locale_id in locale_ids:
            translation = by_key.get((page.translation_key, locale_id))
            if translation is not None:
                result[(page.pk, locale_id)] = translation
    return result


def campaign_item_lists(model, campaigns: list, **kwargs) -> dict[str, list[Page]]:
    """The public ``model`` items of each campaign (see ``campaign_items``), by campaign path;
    the keyword arguments are those of ``lists_below``."""
    return lists_below(model, campaigns, levels=2, **kwargs)


def lists_below(
    model,
    parents: list,
    *,
    levels: int,
    default_locale: Locale,
    site_roots: list[Page] | None = None,
    ordering: tuple = ("title", "pk"),
    fallback: bool = True,
) -> dict[str, list[Page]]:
    """The public ``model`` pages exactly ``levels`` below each of ``parents``, by parent path,
    in ``ordering`` (``levels=1``: the children; ``2``: a campaign's items, below its indexes).

    With ``fallback``, a parent outside ``default_locale`` also lists the pages below its
    default-locale translation that have no public translation in its own locale (each locale
    has its own tree, so a translated campaign would otherwise show only its translated demands).
    Two queries whatever the number of parents (one without fallback or translations).
    """
    parents = list(parents)
    readers: dict[str, list] = defaultdict(list)  # tree path → parents listing what is below it
    sources = {}
    for parent in parents:
        readers[parent.path].append(parent)
        sources[parent.path] = parent
    translated = [parent for parent in parents if parent.locale_id != default_locale.pk]
    locale_ids = {parent.locale_id for parent in translated}
    if fallback and translated:
        originals = Page.objects.filter(
            translation_key__in={parent.translation_key for parent in translated},
            locale=default_locale,
        ).only("path", "depth", "translation_key")
        for original in originals:
            sources.setdefault(original.path, original)
            readers[original.path].extend(
                parent
                for parent in translated
                if parent.translation_key == original.translation_key
            )
    items = public_pages(pages_below(model, sources.values(), levels=levels), site_roots=site_roots)
    if fallback and locale_ids:
        items = items.annotate(
            **{
                f"_translated_{locale_id}": Exists(_public_translation(locale_id, site_roots))
                for locale_id in locale_ids
            }
        )
    items = items.order_by(*ordering)
    if model is Page:
        items = items.specific()
    result: dict[str, list[Page]] = {parent.path: [] for parent in parents}
    for item in items:
        for parent in readers[item.path[: -levels * Page.steplen]]:
            if item.locale_id == parent.locale_id or (
                fallback
                and item.locale_id == default_locale.pk
                and not getattr(item, f"_translated_{parent.locale_id}")
            ):
                result[parent.path].append(item)
    return result


def campaign_counters(*, campaigns: list) -> dict[int, tuple[list, list]]:
    """Each saved campaign's public counter data by page ID, in one query however many campaigns:
    ``(breakdown, readings)``, where ``breakdown`` is the campaign's own ``(country code, count)``
    rows, largest first, and ``readings`` its ``SignatureCount`` readings (shared by its
    translations), newest first as ``SignatureCount.objects.latest_first()`` orders them.

    The two tables are read in one ``UNION ALL``: every column is aliased, so both halves select
    the same columns in the same order.
    """
    from django.db.models import CharField, DateField, DateTimeField, F, IntegerField, Value
    from django.db.models.functions import Cast

    from campaign.models import SignatureCount, SignatureCountryCount

    if not campaigns:
        return {}
    columns = ("_kind", "_key", "_page", "_count", "_text", "_as_of", "_created_at", "_pk")
    readings = (
        SignatureCount.objects.filter(
            campaign__translation_key__in={campaign.translation_key for campaign in campaigns}
        )
        .order_by()
        .annotate(
            _kind=Value(1, output_field=IntegerField()),
            _key=F("campaign__translation_key"),
            _page=F("campaign_id"),
            _count=F("count"),
            _text=F("source_url"),
            _as_of=F("as_of"),
            _created_at=F("created_at"),
            _pk=F("pk"),
        )
        .values_list(*columns)
    )
    breakdown = (
        SignatureCountryCount.objects.filter(page__in=[campaign.pk for campaign in campaigns])
        .order_by()
        .annotate(
            _kind=Value(0, output_field=IntegerField()),
            _key=F("page__translation_key"),
            _page=F("page_id"),
            _count=F("count"),
            _text=Cast("country", CharField()),
            _as_of=Cast(Value(None), DateField()),
            _created_at=Cast(Value(None), DateTimeField()),
            _pk=F("pk"),
        )
        .values_list(*columns)
    )
    rows_by_page: dict[int, list] = defaultdict(list)
    readings_by_key: dict = defaultdict(list)
    rows = readings.union(breakdown, all=True)
    for kind, key, page_id, count, text, as_of, created_at, pk in rows:
        if kind:
            readings_by_key[key].append(
                SignatureCount(
                    pk=pk, count=count, source_url=text, as_of=as_of, created_at=created_at
                )
            )
        else:
            rows_by_page[page_id].append((text, count))
    for key_readings in readings_by_key.values():
        # As latest_first(): newest date first (undated ones as the oldest), then newest entry.
        key_readings.sort(key=lambda reading: (reading.created_at, reading.pk), reverse=True)
        key_readings.sort(key=lambda reading: reading.as_of or datetime.date.min, reverse=True)
    return {
        campaign.pk: (
            sorted(rows_by_page[campaign.pk], key=lambda row: -row[1]),
            readings_by_key[campaign.translation_key],
        )
        for campaign in campaigns
    }


def campaign_dashboard(*, campaign, limit: int = 5) -> dict:
    """What a campaign team checks each morning, for the admin's dashboard.

    Returns a dict: ``counter`` (the latest ``SignatureCount`` or None), ``goal`` (int or None),
    ``progress`` (share of the goal, float or None), ``history`` (dated readings, oldest first),
    ``demands`` (the campaign's demands in number order, drafts included), ``in_review`` (pages
    of the campaign in a workflow, oldest submission first), ``scheduled`` (revisions approved
    to go live later, soonest first) and ``published`` (the ``limit`` latest publications).
    Translations count as part of the campaign.
    """
    from wagtail.models import Revision, WorkflowState

    from campaign.models import DemandPage, SignatureCount

    readings = SignatureCount.objects.filter(campaign__translation_key=campaign.translation_key)
    latest = readings.latest_first().first()
    roots = Page.objects.filter(translation_key=campaign.translation_key)
    in_campaign = Q(pk__in=[])
    for root in roots:
        in_campaign |= Q(path__startswith=root.path)
    pages = Page.objects.filter(in_campaign)
    page_ids = [str(pk) for pk in pages.values_list("pk", flat=True)]
    return {
        "counter": latest,
        "goal": campaign.signature_goal,
        "progress": campaign.signature_progress(latest.count if latest else None),
        "history": list(readings.history()),
        "demands": list(
            campaign_items(DemandPage, [campaign]).order_by("number", "pk").select_related(None)
        ),
        "in_review": list(
            WorkflowState.objects.active()
            .filter(base_content_type__model="page", object_id__in=page_ids)
            .select_related("workflow", "requested_by")
            .order_by("created_at")[: limit * 2]
        ),
        "scheduled": list(
            Revision.page_revisions.filter(
                approved_go_live_at__isnull=False, object_id__in=page_ids
            ).order_by("approved_go_live_at")[: limit * 2]
        ),
        "published": list(
            pages.filter(live=True, last_published_at__isnull=False)
            .exclude(depth__lte=campaign.depth - 1)
            .order_by("-last_published_at")
            .specific()[:limit]
        ),
    }


def history_chart_points(history, *, width: int = 560, height: int = 120) -> list[tuple]:
    """``(x, y, reading)`` for an SVG polyline of a counter's ``history`` (oldest first), in
    pixels of a ``width`` × ``height`` box, x by date and y by count from 0 at the bottom."""
    if not history:
        return []
    first, last = history[0].as_of, history[-1].as_of
    days = max((last - first).days, 1)
    top = max(reading.count for reading in history) or 1
    return [
        (
            round((reading.as_of - first).days / days * width, 1) if len(history) > 1 else 0,
            round(height - reading.count / top * height, 1),
            reading,
        )
        for reading in history
    ]


def public_only(pages) -> list[Page]:
    """Those of ``pages`` (an iterable of pages, or a page queryset) the public may see, in
    their order, as given (specific pages stay specific). One query."""
    pages = list(pages)
    if not pages:
        return []
    visible = set(
        public_pages(Page.objects.filter(pk__in=[page.pk for page in pages])).values_list(
            "pk", flat=True
        )
    )
    return [page for page in pages if page.pk in visible]


def page_frontend_url(
    page: Page, *, site: Site, base_url: str, site_roots: list[Page] | None = None
) -> str | None:
    """The page's URL on the front end at ``base_url``: the base, a language prefix for pages
    outside the site root's locale, and the page's path below the site root of its locale
    (the same URLs the API's ``url`` fields give). None when the page is outside ``site``.
    ``site_roots`` (``site_root_pages(site)``) saves a query per call when the caller has them."""
    roots = site_roots if site_roots is not None else site_root_pages(site)
    root = next((root for root in roots if page.path.startswith(root.path)), None)
    if root is None:
        return None
    prefix = ""
    if page.locale_id != site.root_page.locale_id:
        prefix = "/" + page.locale.language_code
    return f"{base_url.rstrip('/')}{prefix}/{page.url_path[len(root.url_path) :]}"


def field_values_in_use(queryset, field_name: str) -> list:
    """The distinct non-empty values of ``field_name`` among the rows of ``queryset``.

    For a foreign key, the primary keys of the related rows. Empty strings and NULL are left out:
    a listing filter offers only values it can find (``campaign.wagtail_hooks``).
    """
    values = (
        queryset.order_by()
        .exclude(**{f"{field_name}__isnull": True})
        .values_list(field_name, flat=True)
        .distinct()
    )
    return [value for value in values if value != ""]
