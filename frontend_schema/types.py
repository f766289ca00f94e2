"""GraphQL types for the campaign's pages.

Every page type implements the ``Page`` interface. Types that reference each other live together
here. Row-level visibility for pages is in ``PageType.get_queryset`` (used by the optimizer for
every relation) and in ``campaign.selectors.public_pages`` (used by every custom resolver).
"""

from __future__ import annotations

import datetime
import functools
from collections import defaultdict
from typing import Annotated

import strawberry
import strawberry_django
from django.db.models import Prefetch
from django.utils import translation
from django_countries import countries
from strawberry import Info, relay
from wagtail.models import Page as WagtailPage

from campaign import choices, models
from campaign.selectors import (
    campaign_counters,
    campaign_item_lists,
    lists_below,
    localized_pages,
    public_pages,
)
from frontend_schema.batching import load_for_group, register_group, related_for_group
from frontend_schema.blocks import (
    CampaignBodyBlock,
    CampaignCallToActionBlock,
    CampaignPostBodyBlock,
    DemandBodyBlock,
    StandardPageBodyBlock,
    stream_field,
)
from frontend_schema.context import (
    answer_locale,
    default_locale,
    get_request,
    is_public_listing,
    locale_code,
    site_roots,
    state,
)
from frontend_schema.images import ImageType, images_with_renditions
from frontend_schema.nodes import in_order, local_pks, page_local_id
from frontend_schema.partners import FeedType, campaign_feeds
from frontend_schema.paths import page_path, page_path_in_locale, page_url
from frontend_schema.richtext import RichTextType, is_blank, render_rich_text_batch


def _english(label) -> str:
    """A choice's label in English, whatever language the request that builds the schema has:
    the schema (and its committed SDL) is documented in English; editors see the translations."""
    with translation.override("en"):
        return str(label)


def choices_enum(text_choices, name: str, description: str):
    """A GraphQL enum from Django TextChoices, values documented with their labels."""
    import enum

    members = {
        choice.name: strawberry.enum_value(choice.value, description=_english(choice.label))
        for choice in text_choices
    }
    return strawberry.enum(enum.Enum(name, members), name=name, description=description)


CampaignStatus = choices_enum(
    choices.CampaignStatus, "CampaignStatus", "Whether a campaign runs or has ended."
)
DemandProgress = choices_enum(
    choices.DemandProgress, "DemandProgress", "Where a demand stands in the law-making process."
)
OrganisationRole = choices_enum(
    choices.OrganisationRole, "OrganisationRole", "An organisation's role in the coalition."
)
OrganisationScope = choices_enum(
    choices.OrganisationScope, "OrganisationScope", "Whether an organisation works nationally."
)
SupporterKind = choices_enum(choices.SupporterKind, "SupporterKind", "What kind of supporter.")
Licence = choices_enum(choices.Licence, "Licence", "The licence under which a post may be reused.")


def enum_value(enum_type, value: str):
    return enum_type(value) if value else None


@strawberry.type(name="Country", description="A country, by ISO 3166-1 alpha-2 code.")
class CountryType:
    code: str = strawberry.field(description="ISO 3166-1 alpha-2 code, for example 'DE'.")

    @strawberry.field(
        description="The country's name in the answer's locale: the `locale` argument of the "
        "root field, else the site's default language ('Deutschland' with locale 'de'). Request "
        "headers such as Accept-Language play no part."
    )
    def name(self, info: Info) -> str:
        return country_names(answer_locale(info).language_code).get(self.code) or self.code


@functools.cache
def country_names(language_code: str) -> dict[str, str]:
    """``{ISO code: name}`` of every country in the language, built once per process: looking a
    name up under ``translation.override`` cost more than the rest of an organisation's fields."""
    with translation.override(language_code):
        return {code: str(name) for code, name in countries}


def country_of(code) -> CountryType | None:
    code = str(code or "")
    if not code:
        return None
    return CountryType(code=code)


@strawberry.type(name="Seo", description="What search engines and link previews show.")
class SeoType:
    title: str = strawberry.field(description="The page title for search results.")
    description: str | None = strawberry.field(
        description="The text for search results and previews; null when the page has none."
    )
    canonical_url: str | None = strawberry.field(
        description="The one URL search engines should index (the original for syndicated posts)."
    )
    image: ImageType | None = strawberry.field(description="The picture for link previews.")


# --- visibility-aware loading of related pages --------------------------------------------------


def _public(info: Info, queryset):
    return public_pages(queryset, site_roots=site_roots(info))


def _load_children(info: Info, pages: list, fallback: bool) -> dict[int, list]:
    by_path = lists_below(
        WagtailPage,
        pages,
        levels=1,
        default_locale=default_locale(info),
        site_roots=site_roots(info),
        ordering=("path",),
        fallback=fallback,
    )
    result = {}
    for page in pages:
        # The translated children first, in the editors' order; then the untranslated ones.
        children = by_path[page.path]
        result[id(page)] = [c for c in children if c.locale_id == page.locale_id] + [
            c for c in children if c.locale_id != page.locale_id
        ]
    register_group(info, [child for children in result.values() for child in children])
    return result


def _load_parents(info: Info, pages: list) -> dict[int, object]:
    parent_paths = {page.path[: -WagtailPage.steplen] for page in pages if page.depth > 2}
    parents = _public(info, WagtailPage.objects.filter(path__in=parent_paths)).specific()
    by_path = {parent.path: parent for parent in register_group(info, parents)}
    return {id(page): by_path.get(page.path[: -WagtailPage.steplen]) for page in pages}


def _load_translations(info: Info, pages: list) -> dict[int, list]:
    keys = {page.translation_key for page in pages}
    others = _public(info, WagtailPage.objects.filter(translation_key__in=keys)).specific()
    others = register_group(info, others.order_by("locale_id"))
    by_key = defaultdict(list)
    for other in others:
        by_key[other.translation_key].append(other)
    return {
        id(page): [other for other in by_key[page.translation_key] if other.pk != page.pk]
        for page in pages
    }


def alias_original(info: Info, page):
    """The page a Wagtail alias shows (its ``alias_of``, as its specific class), loaded for the
    whole group at once; ``page`` itself when it is no alias."""
    if not getattr(page, "alias_of_id", None):
        return page

    def loader(members):
        ids = {member.alias_of_id for member in members if getattr(member, "alias_of_id", None)}
        originals = {
            original.pk: original for original in WagtailPage.objects.filter(pk__in=ids).specific()
        }
        return {
            id(member): originals.get(getattr(member, "alias_of_id", None), member)
            for member in members
        }

    return load_for_group(info, page, "alias_of", loader, page)


def _canonical_url(info: Info, page) -> str | None:
    """The one URL search engines should index for ``page``: its own ``canonical_url`` field
    (syndicated posts), else its front-end URL, else (a page in another site, the original of an
    alias) Wagtail's own full URL of it."""
    explicit = getattr(page, "canonical_url", "")
    if explicit:
        return explicit
    return page_url(info, page) or (page.get_full_url() if page.pk else None)


def rich_text(info: Info, instance, attribute: str) -> RichTextType:
    """Render ``instance.<attribute>`` with every sibling's value in one batch."""

    def loader(members):
        # A group can mix page types (the `pages` connection); only some have this field.
        members = [member for member in members if hasattr(member, attribute)]
        values = [getattr(member, attribute) or "" for member in members]
        locales = [member.locale_id for member in members]
        rendered = render_rich_text_batch(info, values, locales)
        return {id(member): html for member, html in zip(members, rendered, strict=True)}

    owner = instance._meta.get_field(attribute).model
    return load_for_group(info, instance, f"richtext:{attribute}", loader, owner=owner)


def public_links(info: Info, instance, relation: str, target: str) -> list:
    """The public targets of an inline relation (post → organisations, letter → signatories),
    in editor order.

    Lists fetched through the optimizer arrive with the prefetch made by ``links_prefetch``; a
    page fetched on its own (``page(path:)``) loads the links for its whole group here, through
    the same visibility rules.
    """

    def loader(members):
        by_member = {}
        unfetched = []
        previews = []
        for member in members:
            prefetched = getattr(member, "_prefetched_objects_cache", {})
            if relation in prefetched:
                by_member[id(member)] = [getattr(link, target) for link in prefetched[relation]]
            elif getattr(member, "_is_preview", False):
                previews.append(member)
            else:
                unfetched.append(member)
        if previews:
            # A preview's links are the editor's unsaved rows, held in memory.
            rows = {id(m): list(getattr(m, relation).all()) for m in previews}
            ids = {getattr(row, f"{target}_id") for links in rows.values() for row in links}
            target_model = type(previews[0])._meta.get_field(relation).related_model
            target_model = target_model._meta.get_field(target).related_model
            public = {
                page.pk: page for page in _public(info, target_model.objects.filter(pk__in=ids))
            }
            for member in previews:
                by_member[id(member)] = [
                    public[getattr(row, f"{target}_id")]
                    for row in rows[id(member)]
                    if getattr(row, f"{target}_id") in public
                ]
        if unfetched:
            manager = getattr(type(unfetched[0]), relation)
            link_model = manager.rel.related_model
            target_model = link_model._meta.get_field(target).related_model
            targets = _public(info, target_model.objects.all())
            links = (
                link_model.objects.filter(page__in=[member.pk for member in unfetched])
                .filter(**{f"{target}__in": targets.values("pk")})
                .select_related(target)
                .order_by("sort_order")
            )
            by_page = defaultdict(list)
            for link in links:
                by_page[link.page_id].append(getattr(link, target))
            for member in unfetched:
                by_member[id(member)] = by_page[member.pk]
        by_member = _localized_links(info, members, by_member)
        # All targets of the group form one group, so their own fields batch together too.
        register_group(info, [page for pages in by_member.values() for page in pages])
        return by_member

    return load_for_group(info, instance, f"links:{relation}", loader, [])


def _localized_links(info: Info, members: list, by_member: dict[int, list]) -> dict[int, list]:
    """Each member's linked pages as Wagtail's ``localized`` gives them from the member's locale:
    the public translation in the member's locale where there is one, else the page itself."""
    targets = [page for pages in by_member.values() for page in pages]
    if not targets:
        return by_member
    localized = localized_pages(
        targets,
        {member.locale_id for member in members},
        queryset=type(targets[0])._default_manager.all(),
        site_roots=site_roots(info),
    )
    return {
        id(member): [
            localized[(page.pk, member.locale_id)] for page in by_member.get(id(member), [])
        ]
        for member in members
    }


def image(info: Info, instance, attribute: str) -> ImageType | None:
    """The image in ``instance.<attribute>``, loaded with its renditions for the whole group."""
    id_attribute = f"{attribute}_id"
    if getattr(instance, id_attribute) is None:
        return None

    def loader(members):
        by_id = images_with_renditions(getattr(member, id_attribute) for member in members)
        return {id(member): by_id.get(getattr(member, id_attribute)) for member in members}

    # The owner is the model with the image field: `seo` asks for it from the Page interface.
    owner = instance._meta.get_field(attribute).model
    return load_for_group(info, instance, f"image:{attribute}", loader, owner=owner)


def text_field(model, attribute: str, *, optional: bool = False):
    """The GraphQL field for a model's text field: a nullable String when editors may leave it
    blank, and then null (never "") when they did; otherwise a non-null String.

    ``optional=True`` makes a required field nullable too, where another type has an optional
    field of the same name: one field name has one type across the schema.
    """
    field = model._meta.get_field(attribute)
    if field.blank or optional:

        def resolver(self) -> str | None:
            return getattr(self, attribute) or None

    else:

        def resolver(self) -> str:
            return getattr(self, attribute)

    return strawberry_django.field(resolver=resolver, description=field.help_text)


def rich_text_field(model, attribute: str):
    """The GraphQL field for a ``RichTextField``: ``RichText`` nullable when editors may leave it
    blank, and then null when it shows nothing (no words, no media)."""
    field = model._meta.get_field(attribute)
    if field.blank:

        def resolver(self, info: Info) -> RichTextType | None:
            value = rich_text(info, self, attribute)
            return None if is_blank(value) else value

    else:

        def resolver(self, info: Info) -> RichTextType:
            return rich_text(info, self, attribute)

    return strawberry_django.field(resolver=resolver, description=field.help_text)


def image_field(model, attribute: str):
    field = model._meta.get_field(attribute)

    def resolver(self, info: Info) -> ImageType | None:
        return image(info, self, attribute)

    return strawberry_django.field(resolver=resolver, description=field.help_text)


def links_prefetch(relation: str, link_model, target: str, target_model):
    """A Prefetch of inline link rows whose target page is public in the request's site."""

    def build(info: Info) -> Prefetch:
        targets = _public(info, target_model.objects.all())
        queryset = (
            link_model.objects.filter(**{f"{target}__in": targets.values("pk")})
            .select_related(target)
            .order_by("sort_order")
        )
        return Prefetch(relation, queryset=queryset)

    return build


# --- the Page interface -------------------------------------------------------------------------


@strawberry.type(
    name="Embed",
    description="How partner sites embed a page (docs/partners.md): an `<iframe>` of one of the "
    "CMS's widgets, or oEmbed. All URLs are absolute URLs of the CMS.",
)
class EmbedType:
    widget_url: str = strawberry.field(
        description="The widget to put in an `<iframe>`, in the page's language: a campaign's "
        "signature counter, a coalition index's logo wall, any other page's card."
    )
    oembed_url: str = strawberry.field(
        description="The oEmbed answer (JSON) for the page's `url`: the `href` of a front end's "
        '`<link rel="alternate" type="application/json+oembed">` discovery link.'
    )
    counter_json_url: str | None = strawberry.field(
        description="A campaign's signature counter as JSON, readable from any origin; null "
        "for other pages."
    )


@strawberry_django.interface(
    WagtailPage,
    name="Page",
    description="Fields every page has. Ask for a concrete type with `... on CampaignPost`. "
    "A page is a `Node`: its `id` is unique across the schema and `node(id:)` fetches it again.",
)
class PageInterface(relay.Node):
    title: str = strawberry_django.field(description="The page title.")
    slug: str = strawberry_django.field(description="The last part of the page's path.")
    first_published_at: datetime.datetime | None = strawberry_django.field(
        description="When the page was first published."
    )
    last_published_at: datetime.datetime | None = strawberry_django.field(
        description="When the page was last published."
    )

    @strawberry_django.field(
        description="The page's database ID, as Wagtail's admin shows it (/admin/pages/<id>/); "
        "null for the preview of a page never saved. Use `id` for caches and arguments."
    )
    def database_id(self) -> int | None:
        return self.pk

    @strawberry_django.field(
        description="What a front end routes on: the path below the site root with the "
        "language prefix Wagtail's URLs give the page's locale, none for the default language: "
        "'/news/my-post/' in English, '/de/news/my-post/' in German. `page(path:)` finds the "
        "page from it alone. The same as `url` without the origin."
    )
    def path(self, info: Info) -> str:
        return page_path(info, self) or ""

    @strawberry_django.field(
        description="The path below the site root of the page's locale, without the language "
        "prefix: '/news/my-post/' in every language. Pair it with `locale`, for routers that add "
        "the prefix themselves; `page(path:, locale:)` takes it back."
    )
    def path_in_locale(self, info: Info) -> str:
        return page_path_in_locale(info, self) or ""

    @strawberry_django.field(
        description="The absolute URL of the page on the public site: FRONTEND_BASE_URL (or "
        "the site's root URL) followed by `path`."
    )
    def url(self, info: Info) -> str | None:
        return page_url(info, self)

    @strawberry_django.field(
        description="How partner sites embed the page: its widget, oEmbed and (campaigns) "
        "counter JSON URLs. Null in a preview."
    )
    def embed(self, info: Info) -> EmbedType | None:
        from partners.embeds import counter_json_path
        from partners.oembed import oembed_path, widget_path

        request = get_request(info)
        url = page_url(info, self)
        if request is None or state(info).private or not self.pk or url is None:
            return None
        code = locale_code(info, self.locale_id)
        return EmbedType(
            widget_url=request.build_absolute_uri(widget_path(self, language_code=code)),
            oembed_url=request.build_absolute_uri(oembed_path(url)),
            counter_json_url=request.build_absolute_uri(counter_json_path(self, code))
            if isinstance(self, models.CampaignPage)
            else None,
        )

    @strawberry_django.field(description="The page's language code, for example 'en' or 'de'.")
    def locale(self, info: Info) -> str:
        return locale_code(info, self.locale_id)

    @strawberry_django.field(
        description="True when the page is not in the answer's locale (the `locale` argument of "
        "the root field, else the site's default language): it stands in, in its own language "
        "(see `locale`), for a translation that does not exist or is not public, so a front end "
        "can mark it '(in English)'. Pages under `translations` are other languages by design "
        "and are true as well."
    )
    def is_fallback(self, info: Info) -> bool:
        return self.locale_id != answer_locale(info).pk

    @strawberry_django.field(description="The same page in other locales (public ones only).")
    def translations(self, info: Info) -> list[PageInterface]:
        return load_for_group(info, self, "translations", lambda m: _load_translations(info, m), [])

    @strawberry_django.field(description="The parent page, when it is public and in the site.")
    def parent(self, info: Info) -> PageInterface | None:
        if (self.depth or 0) <= 2:
            return None
        return load_for_group(info, self, "parent", lambda m: _load_parents(info, m))

    @strawberry_django.field(
        description="The public child pages, in the editors' order: for menus. With `fallback`, "
        "a translated page also lists, after its own children, the children of its original in "
        "the site's default language that have no public translation. For long lists (a news "
        "index) use `pages(filter: {parent: ...})`, which paginates."
    )
    def children(
        self,
        info: Info,
        fallback: Annotated[
            bool,
            strawberry.argument(
                description="List untranslated children in the site's default language "
                "(`isFallback: true`). Default: on."
            ),
        ] = True,
    ) -> list[PageInterface]:
        return load_for_group(
            info,
            self,
            f"children:{fallback}",
            lambda members: _load_children(info, members, fallback),
            [],
        )

    @strawberry_django.field(
        description="Search-engine and link-preview data. On a Wagtail alias (the same page "
        "shown at a second place) `canonicalUrl` is the original page's URL, so that the two "
        "never compete in search results."
    )
    def seo(self, info: Info) -> SeoType:
        description = self.search_description or getattr(self, "summary", "") or None
        canonical = _canonical_url(info, alias_original(info, self))
        seo_image = None
        for attribute in ("hero_image", "image", "logo"):
            if hasattr(self, f"{attribute}_id"):
                seo_image = image(info, self, attribute)
                break
        return SeoType(
            title=self.seo_title or self.title,
            description=description,
            canonical_url=canonical,
            image=seo_image,
        )

    @classmethod
    def get_queryset(cls, queryset, info: Info, **kwargs):
        if is_public_listing(info, queryset):
            return queryset  # a root list that public_pages already narrowed (queries.listing)
        return _public(info, queryset)

    @classmethod
    def resolve_id(cls, root, *, info: Info) -> str:
        """The page's local node ID: its database ID, or for a preview ``preview-<n>``, so
        that an editor's unsaved content never shares an ID with the live page."""
        return page_local_id(root)

    @classmethod
    def resolve_nodes(cls, *, info: Info, node_ids, required: bool = False):
        """The public pages of this exact type with these local IDs, None for the others."""
        model = cls.__strawberry_django_definition__.model
        type_name = cls.__strawberry_definition__.name
        found = _public(info, model.objects.filter(pk__in=local_pks(node_ids))).specific()
        by_pk = {page.pk: page for page in found if PAGE_TYPE_NAMES.get(type(page)) == type_name}
        register_group(info, by_pk.values())
        return in_order(node_ids, by_pk, required=required)

    @classmethod
    def resolve_type(cls, obj, info, abstract_type) -> str:
        return PAGE_TYPE_NAMES.get(type(obj), "GenericPage")


# --- concrete page types ------------------------------------------------------------------------


@strawberry.type(name="CountrySignatureCount", description="Signatures from one country.")
class CountrySignatureCountType:
    country: CountryType = strawberry.field(description="The country.")
    count: int = strawberry.field(description="Signatures from it.")


@strawberry.type(
    name="SignatureCountReading", description="How many had signed on a date: one chart point."
)
class SignatureCountReadingType:
    as_of: datetime.date = strawberry.field(description="The date the count was true.")
    count: int = strawberry.field(description="Signatures on that date.")


@strawberry.type(name="SignatureCounter", description="A campaign's public signature counter.")
class SignatureCounterType:
    count: int = strawberry.field(description="Signatures so far.")
    goal: int | None = strawberry.field(description="The target, if the campaign has one.")
    progress: float | None = strawberry.field(
        description="count / goal: 0.5 is half-way, above 1 once the goal is passed."
    )
    as_of: datetime.date | None = strawberry.field(description="When the count was true.")
    source_url: str | None = strawberry.field(description="Where the count can be checked.")
    breakdown: list[CountrySignatureCountType] = strawberry.field(
        description="Signatures by country, where published; largest first."
    )
    history: list[SignatureCountReadingType] = strawberry.field(
        description="Every dated reading of the count, oldest first: the points of a chart. "
        "The newest is the current count."
    )


def _signature_counters(campaigns: list) -> dict[int, tuple[list, list]]:
    """Each campaign's ``(breakdown, readings)`` (see ``campaign_counters``) by ``id()``. A
    preview's breakdown is the editor's unsaved rows; its readings are the saved campaign's."""
    counters = campaign_counters(campaigns=campaigns)
    result = {}
    for campaign in campaigns:
        breakdown, readings = counters.get(campaign.pk, ([], []))
        if getattr(campaign, "_is_preview", False):
            breakdown = sorted(
                ((row.country, row.count) for row in campaign.signature_countries.all()),
                key=lambda row: -row[1],
            )
        result[id(campaign)] = (breakdown, readings)
    return result


@strawberry_django.type(models.CampaignPage, name="Campaign", description="A campaign's home.")
class CampaignType(PageInterface):
    tagline: str | None = text_field(models.CampaignPage, "tagline")
    intro: RichTextType | None = rich_text_field(models.CampaignPage, "intro")
    hero_image: ImageType | None = image_field(models.CampaignPage, "hero_image")
    calls_to_action: list[CampaignCallToActionBlock] = stream_field(
        models.CampaignPage, "calls_to_action"
    )
    body: list[CampaignBodyBlock] = stream_field(models.CampaignPage, "body")

    @strawberry_django.field(description=models.CampaignPage.status.field.help_text)
    def status(self) -> CampaignStatus:
        return CampaignStatus(self.status)

    @strawberry_django.field(description="The public signature counter.")
    def counter(self, info: Info) -> SignatureCounterType:
        breakdown, readings = load_for_group(
            info, self, "signature-counter", _signature_counters, ([], [])
        )
        latest = readings[0] if readings else None
        count = latest.count if latest is not None else 0
        return SignatureCounterType(
            count=count,
            goal=self.signature_goal,
            progress=self.signature_progress(count),
            as_of=latest.as_of if latest is not None else None,
            source_url=(latest.source_url or None) if latest is not None else None,
            history=[
                SignatureCountReadingType(as_of=reading.as_of, count=reading.count)
                for reading in reversed(readings)
                if reading.as_of is not None
            ],
            breakdown=[
                CountrySignatureCountType(country=country_of(country), count=count)
                for country, count in breakdown
            ],
        )

    @strawberry_django.field(
        description="The campaign's public demands, in number order: those in the campaign's "
        "locale, plus (with `fallback`) those of the campaign in the site's default language "
        "that have no public translation in it."
    )
    def demands(
        self,
        info: Info,
        fallback: Annotated[
            bool,
            strawberry.argument(
                description="List the untranslated demands in the site's default language "
                "(`isFallback: true`). Default: on."
            ),
        ] = True,
    ) -> list[DemandType]:
        def loader(campaigns):
            by_campaign = campaign_item_lists(
                models.DemandPage,
                campaigns,
                default_locale=default_locale(info),
                site_roots=site_roots(info),
                ordering=("number", "pk"),
                fallback=fallback,
            )
            # The demands of every campaign form one group, so that their fields load together.
            register_group(info, [d for c in campaigns for d in by_campaign[c.path]])
            return {id(campaign): by_campaign[campaign.path] for campaign in campaigns}

        return load_for_group(info, self, f"campaign-demands:{fallback}", loader, [])

    @strawberry_django.field(
        description="The campaign's news feeds in its locale (RSS, Atom, JSON Feed), for "
        "autodiscovery links and partners; with `tag`, the feeds of that tag's posts only. "
        "See docs/partners.md."
    )
    def feeds(
        self,
        info: Info,
        tag: Annotated[
            str | None,
            strawberry.argument(
                description="A tag's name, as `CampaignPost.tags` gives it. A name no post has "
                "ever had is an error."
            ),
        ] = None,
    ) -> list[FeedType]:
        return campaign_feeds(info, self, tag)


@strawberry_django.type(models.DemandPage, name="Demand", description="One numbered demand.")
class DemandType(PageInterface):
    number: int = strawberry_django.field(description=models.DemandPage.number.field.help_text)
    short_title: str = strawberry_django.field(
        description=models.DemandPage.short_title.field.help_text
    )
    # Nullable like CampaignPost.summary, so that a query over several page types can select both.
    summary: str | None = text_field(models.DemandPage, "summary", optional=True)
    body: list[DemandBodyBlock] = stream_field(models.DemandPage, "body")
    progress_note: str | None = text_field(models.DemandPage, "progress_note")
    progress_changed_at: datetime.date | None = strawberry_django.field(
        description=models.DemandPage.progress_changed_at.field.help_text
    )

    @strawberry_django.field(description=models.DemandPage.progress_status.field.help_text)
    def progress_status(self) -> DemandProgress:
        return DemandProgress(self.progress_status)


@strawberry_django.type(
    models.PoliticalGroup, name="PoliticalGroup", description="A European Parliament group."
)
class PoliticalGroupType(relay.Node):
    @classmethod
    def resolve_nodes(cls, *, info: Info, node_ids, required: bool = False):
        """The political groups with these local IDs (all are public), None for unknown ones."""
        return in_order(
            node_ids, models.PoliticalGroup.objects.in_bulk(local_pks(node_ids)), required=required
        )

    name: str = strawberry_django.field(description=models.PoliticalGroup.name.field.help_text)
    short_name: str = strawberry_django.field(
        description=models.PoliticalGroup.short_name.field.help_text
    )
    website: str | None = text_field(models.PoliticalGroup, "website")


@strawberry_django.type(
    models.OrganisationPage, name="Organisation", description="A member of the coalition."
)
class OrganisationType(PageInterface):
    logo: ImageType | None = image_field(models.OrganisationPage, "logo")
    website: str | None = text_field(models.OrganisationPage, "website")
    description: str | None = text_field(models.OrganisationPage, "description")
    date_joined: datetime.date | None = strawberry_django.field(
        description=models.OrganisationPage.date_joined.field.help_text
    )

    @strawberry_django.field(description="The organisation's name.")
    def name(self) -> str:
        return self.title

    @strawberry_django.field(description=models.OrganisationPage.country.field.help_text)
    def country(self) -> CountryType | None:
        return country_of(self.country)

    @strawberry_django.field(description=models.OrganisationPage.role.field.help_text)
    def role(self) -> OrganisationRole:
        return OrganisationRole(self.role)

    @strawberry_django.field(description=models.OrganisationPage.scope.field.help_text)
    def scope(self) -> OrganisationScope | None:
        return enum_value(OrganisationScope, self.scope)


@strawberry_django.type(models.SupporterPage, name="Supporter", description="A public endorser.")
class SupporterType(PageInterface):
    party: str | None = text_field(models.SupporterPage, "party")
    image: ImageType | None = image_field(models.SupporterPage, "image")
    statement: str | None = text_field(models.SupporterPage, "statement")
    source_url: str | None = text_field(models.SupporterPage, "source_url")
    date: datetime.date | None = strawberry_django.field(
        description=models.SupporterPage.date.field.help_text
    )

    @strawberry_django.field(description="The supporter's name.")
    def name(self) -> str:
        return self.title

    @strawberry_django.field(description=models.SupporterPage.political_group.field.help_text)
    def political_group(self, info: Info) -> PoliticalGroupType | None:
        if self.political_group_id is None:
            return None

        def loader(members):
            ids = {member.political_group_id for member in members} - {None}
            groups = models.PoliticalGroup.objects.in_bulk(ids)
            return {id(member): groups.get(member.political_group_id) for member in members}

        return load_for_group(info, self, "political_group", loader)

    @strawberry_django.field(description=models.SupporterPage.kind.field.help_text)
    def kind(self) -> SupporterKind:
        return SupporterKind(self.kind)

    @strawberry_django.field(description=models.SupporterPage.country.field.help_text)
    def country(self) -> CountryType | None:
        return country_of(self.country)


@strawberry_django.type(
    models.CampaignPostPage, name="CampaignPost", description="A news post or update."
)
class CampaignPostType(PageInterface):
    publication_date: datetime.date = strawberry_django.field(
        description=models.CampaignPostPage.publication_date.field.help_text
    )
    summary: str | None = text_field(models.CampaignPostPage, "summary")
    hero_image: ImageType | None = image_field(models.CampaignPostPage, "hero_image")
    body: list[CampaignPostBodyBlock] = stream_field(models.CampaignPostPage, "body")
    canonical_url: str | None = text_field(models.CampaignPostPage, "canonical_url")
    partners_may_republish: bool = strawberry_django.field(
        description=models.CampaignPostPage.partners_may_republish.field.help_text
    )

    @strawberry_django.field(description=models.CampaignPostPage.licence.field.help_text)
    def licence(self) -> Licence:
        return Licence(self.licence)

    @strawberry_django.field(description="The post's tags.")
    def tags(self, info: Info) -> list[str]:
        return sorted(tag.name for tag in related_for_group(info, self, "tags"))

    @strawberry_django.field(
        description="Organisations the post is about (public ones, in the editors' order).",
        prefetch_related=[
            links_prefetch(
                "related_organisations",
                models.CampaignPostOrganisation,
                "organisation",
                models.OrganisationPage,
            )
        ],
    )
    def related_organisations(self, info: Info) -> list[OrganisationType]:
        return public_links(info, self, "related_organisations", "organisation")

    @strawberry_django.field(
        description="Supporters the post is about (public ones, in the editors' order).",
        prefetch_related=[
            links_prefetch(
                "related_supporters",
                models.CampaignPostSupporter,
                "supporter",
                models.SupporterPage,
            )
        ],
    )
    def related_supporters(self, info: Info) -> list[SupporterType]:
        return public_links(info, self, "related_supporters", "supporter")

    @strawberry_django.field(
        description="Demands the post is about (public ones, in the editors' order).",
        prefetch_related=[
            links_prefetch(
                "related_demands", models.CampaignPostDemand, "demand", models.DemandPage
            )
        ],
    )
    def related_demands(self, info: Info) -> list[DemandType]:
        return public_links(info, self, "related_demands", "demand")


@strawberry_django.type(models.OpenLetterPage, name="OpenLetter", description="An open letter.")
class OpenLetterType(PageInterface):
    date: datetime.date | None = strawberry_django.field(
        description=models.OpenLetterPage.date.field.help_text
    )
    addressees: str = strawberry_django.field(
        description=models.OpenLetterPage.addressees.field.help_text
    )
    reported_signatory_count: int | None = strawberry_django.field(
        description=models.OpenLetterPage.reported_signatory_count.field.help_text
    )

    text: RichTextType = rich_text_field(models.OpenLetterPage, "text")

    @strawberry_django.field(
        description="Signatory organisations in this CMS (public ones, in order).",
        prefetch_related=[
            links_prefetch(
                "signatories",
                models.OpenLetterSignatory,
                "organisation",
                models.OrganisationPage,
            )
        ],
    )
    def signatories(self, info: Info) -> list[OrganisationType]:
        return public_links(info, self, "signatories", "organisation")

    @strawberry_django.field(
        description="How many signed in all: the reported count, or the listed signatories."
    )
    def signatory_count(self, info: Info) -> int:
        listed = len(public_links(info, self, "signatories", "organisation"))
        if self.reported_signatory_count is None:
            return listed
        return max(self.reported_signatory_count, listed)


@strawberry_django.type(models.StandardPage, name="StandardPage", description="A general page.")
class StandardPageType(PageInterface):
    intro: RichTextType | None = rich_text_field(models.StandardPage, "intro")
    body: list[StandardPageBodyBlock] = stream_field(models.StandardPage, "body")


def _index_type(model, name: str, description: str):
    @strawberry_django.type(model, name=name, description=description)
    class IndexType(PageInterface):
        intro: RichTextType | None = rich_text_field(model, "intro")

    IndexType.__name__ = f"{name}Type"
    return IndexType


PostIndexType = _index_type(models.PostIndexPage, "PostIndex", "The list of a campaign's posts.")
DemandIndexType = _index_type(models.DemandIndexPage, "DemandIndex", "The list of demands.")
OrganisationIndexType = _index_type(
    models.OrganisationIndexPage, "OrganisationIndex", "The coalition directory."
)
SupporterIndexType = _index_type(
    models.SupporterIndexPage, "SupporterIndex", "The list of supporters."
)


@strawberry_django.type(
    WagtailPage, name="GenericPage", description="A page of a type the API has no fields for."
)
class GenericPageType(PageInterface):
    @classmethod
    def is_type_of(cls, obj, info) -> bool:
        return type(obj) is WagtailPage


PAGE_TYPES = [
    CampaignType,
    CampaignPostType,
    DemandType,
    OrganisationType,
    SupporterType,
    OpenLetterType,
    StandardPageType,
    PostIndexType,
    DemandIndexType,
    OrganisationIndexType,
    SupporterIndexType,
    GenericPageType,
]

PAGE_TYPE_NAMES = {
    page_type.__strawberry_definition__.origin.__strawberry_django_definition__.model: (
        page_type.__strawberry_definition__.name
    )
    for page_type in PAGE_TYPES
}

ALL_TYPES: list = [*PAGE_TYPES]
