"""The query root. Every resolver starts from ``campaign.selectors.public_pages``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

import strawberry
import strawberry_django
from django.db.models import Q, QuerySet
from strawberry import Info, relay
from strawberry_django.optimizer import OptimizerConfig, optimize
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Locale, Page, Site

from campaign import models
from campaign.selectors import page_preview_get, public_pages, with_fallback
from frontend_schema.batching import register_group
from frontend_schema.context import (
    answer_in_locale,
    get_request,
    locale_code,
    mark_public_listing,
    resolve_locale,
    resolve_site,
    site_roots,
    state,
)
from frontend_schema.errors import NotFoundError, UserInputError
from frontend_schema.filters import (
    OpenLetterFilter,
    OrganisationFilter,
    PageFilter,
    PostFilter,
    SupporterFilter,
    within_campaign,
)
from frontend_schema.nodes import resolve_global_ids
from frontend_schema.ordering import (
    OpenLetterOrder,
    OrganisationOrder,
    PostOrder,
    SupporterOrder,
    order,
)
from frontend_schema.pagination import Connection, PagedConnectionExtension, max_page_size
from frontend_schema.partners import (
    SITEMAP_PAGE_SIZE,
    SitemapPageArgument,
    SitemapPageType,
    SitemapPerPageArgument,
    sitemap_page,
)
from frontend_schema.paths import split_locale_prefix
from frontend_schema.search import SearchResults, search_words
from frontend_schema.site import RedirectType, SiteType, served_redirects
from frontend_schema.types import (
    PAGE_TYPE_NAMES,
    CampaignPostType,
    CampaignType,
    DemandType,
    OpenLetterType,
    OrganisationType,
    PageInterface,
    SupporterType,
)

LOCALE_HELP = (
    "Language code, for example 'de'. Defaults to the language of the site's root page. "
    "An unknown code is an error."
)
# Like the schema's optimizer (see extensions.py): whole rows, never a deferred field.
WHOLE_ROWS = OptimizerConfig(enable_only=False)

LocaleArgument = Annotated[str | None, strawberry.argument(description=LOCALE_HELP)]
FILTER_HELP = "Narrow the list. Every filter given applies; a wrong value is an error."
ORDER_HELP = "How to sort the list."
SITE_HELP = "The site's hostname. Defaults to the site answering this request."


FALLBACK_HELP = (
    "Also list, in the site's default language, the pages that have no public translation in "
    "`locale` (one page per translation; each such page has `isFallback: true`). Off: only pages "
    "in `locale`."
)


# Lists where an empty or partial answer would be wrong in a translated site fall back by
# default; posts (news written for one language) and the generic lists do not.
FallbackOn = Annotated[bool, strawberry.argument(description=f"{FALLBACK_HELP} Default: on.")]
FallbackOff = Annotated[bool, strawberry.argument(description=f"{FALLBACK_HELP} Default: off.")]


def visible(
    info: Info,
    queryset,
    *,
    locale: str | None,
    site: str | None = None,
    fallback: bool = False,
):
    """Public pages of ``queryset`` in the request's site and the requested locale (with
    ``fallback``, plus the default-locale pages that have no public translation in it).

    Records the locale as the answer's locale (see ``context.answer_locale``).
    """
    site_obj = resolve_site(info, site)
    default = _default_locale(info, site_obj)
    locale_obj = answer_in_locale(info, resolve_locale(info, locale) or default)
    roots = site_roots(info, site_obj)
    if not fallback:
        return public_pages(queryset, site_roots=roots, locale=locale_obj)
    return with_fallback(
        public_pages(queryset, site_roots=roots),
        locale=locale_obj,
        default_locale=default,
        site_roots=roots,
    )


def _default_locale(info: Info, site: Site) -> Locale:
    """The language of the site's root page, from the request's locales (no query of its own)."""
    code = locale_code(info, site.root_page.locale_id)
    return resolve_locale(info, code)


def listing(info: Info, model, filter, order_by, locale: str | None, fallback: bool):  # noqa: A002
    """The public pages of ``model``, narrowed by a filter input and sorted."""
    queryset = visible(info, model.objects.all(), locale=locale, fallback=fallback)
    if filter is not None:
        queryset = filter.apply(queryset, info)
    # Within the request's site (visible without `site`): the page type need not narrow it again.
    return mark_public_listing(info, order(queryset, order_by))


def paged(**kwargs):
    return strawberry_django.field(extensions=[PagedConnectionExtension()], **kwargs)


@strawberry.type(description="The root of every query.")
class Query:
    @strawberry.field(
        description="The object with this global `id` (Relay's Global Object Identification), "
        "through the same visibility rules as every other field. Null when the ID names nothing "
        "public: hidden, deleted, unknown, or not an ID this API gave out."
    )
    def node(
        self,
        info: Info,
        id: Annotated[  # noqa: A002 - the Relay specification's name
            strawberry.ID, strawberry.argument(description="An `id` the API gave out.")
        ],
    ) -> relay.Node | None:
        return resolve_global_ids(info, [id])[0]

    @strawberry.field(
        description="The objects with these global IDs, in the same order, each null as in "
        f"`node`. At most {max_page_size()} IDs."
    )
    def nodes(
        self,
        info: Info,
        ids: Annotated[
            list[strawberry.ID], strawberry.argument(description="IDs the API gave out.")
        ],
    ) -> list[relay.Node | None]:
        if len(ids) > max_page_size():
            raise UserInputError(
                f"'ids' holds {len(ids)} IDs; at most {max_page_size()} are allowed.",
                argument="ids",
            )
        return resolve_global_ids(info, ids)

    @strawberry_django.field(description="Every public campaign in the site, in tree order.")
    def campaigns(
        self,
        info: Info,
        locale: LocaleArgument = None,
        fallback: FallbackOn = True,
    ) -> list[CampaignType]:
        queryset = visible(
            info, models.CampaignPage.objects.all(), locale=locale, fallback=fallback
        )
        return register_group(info, optimize(queryset.order_by("path"), info, config=WHOLE_ROWS))

    @strawberry_django.field(
        description="One campaign by its slug, in the requested locale; null when there is none. "
        "The slug of the campaign in any language finds its translation in `locale`."
    )
    def campaign(
        self,
        info: Info,
        slug: Annotated[str, strawberry.argument(description="The campaign page's slug.")],
        locale: LocaleArgument = None,
    ) -> CampaignType | None:
        campaigns = visible(info, models.CampaignPage.objects.all(), locale=locale)
        # Translated campaigns at the top of the tree get a suffixed slug
        # ("reclaim-your-face-de"), so the slug is matched in every locale and followed to the
        # translation in the requested one.
        same_campaign = models.CampaignPage.objects.filter(slug=slug).values("translation_key")
        return (
            campaigns.filter(translation_key__in=same_campaign)
            .annotate(exact=Q(slug=slug))
            .order_by("-exact", "path")
            .first()
        )

    @strawberry_django.field(
        description="The page at a path, found with Wagtail's own routing. Null when no public "
        "page is there. A path's language prefix ('/de/news/x/') chooses the locale; a path "
        "without one is in `locale`, else in the language of the site's root page."
    )
    def page(
        self,
        info: Info,
        path: Annotated[
            str,
            strawberry.argument(
                description="A page's `path`, for example '/news/x/' or '/de/news/x/', or its "
                "`pathInLocale` together with `locale`."
            ),
        ],
        site: Annotated[str | None, strawberry.argument(description=SITE_HELP)] = None,
        locale: LocaleArgument = None,
    ) -> PageInterface | None:
        site_obj = resolve_site(info, site)
        asked = resolve_locale(info, locale)
        path_locale, path = split_locale_prefix(info, path)
        if path_locale is not None and asked is not None and asked != path_locale:
            raise UserInputError(
                f"The path is in the locale '{path_locale.language_code}' (its prefix), but "
                f"locale '{asked.language_code}' was asked for. Pass the page's `path` alone, or "
                "its `pathInLocale` with `locale`.",
                argument="locale",
            )
        locale_obj = answer_in_locale(info, path_locale or asked or _default_locale(info, site_obj))
        roots = [root for root in site_roots(info, site_obj) if root.locale_id == locale_obj.pk]
        if not roots:
            return None
        components = [part for part in path.split("/") if part]
        from django.http import Http404

        try:
            result = roots[0].specific.route(get_request(info), components)
        except Http404:
            return None
        page = result.page if hasattr(result, "page") else result[0]
        found = public_pages(
            Page.objects.filter(pk=page.pk), site_roots=site_roots(info, site_obj)
        ).exists()
        return page.specific if found else None

    @strawberry_django.field(
        description="An editor's preview: the page as it stands in the admin, unpublished "
        "changes included. The token comes from the admin's preview (it sends editors to "
        "FRONTEND_PREVIEW_URL?token=...) and expires after an hour. Pages it links to are "
        "still shown only when public. The answer is never cacheable."
    )
    def preview(
        self,
        info: Info,
        token: Annotated[str, strawberry.argument(description="The token from the preview URL.")],
    ) -> PageInterface:
        state(info).private = True
        preview = page_preview_get(token=token)
        if preview is None:
            raise NotFoundError(
                "This preview link is unknown or has expired. Open the preview in the admin "
                "again to get a new one.",
                argument="token",
            )
        page = preview.as_page()
        answer_in_locale(info, page.locale)
        return page

    @paged(
        graphql_type=Connection[PageInterface],
        description="All public pages, filterable by type, parent, ancestor and title.",
    )
    def pages(
        self,
        info: Info,
        filter: Annotated[  # noqa: A002
            PageFilter | None, strawberry.argument(description=FILTER_HELP)
        ] = None,
        locale: LocaleArgument = None,
        fallback: FallbackOff = False,
    ) -> QuerySet[Page]:
        queryset = visible(info, Page.objects.all(), locale=locale, fallback=fallback)
        if filter is not None:
            type_models = {name: model for model, name in PAGE_TYPE_NAMES.items()}
            queryset = filter.apply(queryset, info, type_models)
        return mark_public_listing(info, queryset.order_by("path").specific())

    @paged(
        graphql_type=Connection[CampaignPostType],
        description="Posts, newest first unless ordered otherwise.",
    )
    def posts(
        self,
        info: Info,
        filter: Annotated[  # noqa: A002
            PostFilter | None, strawberry.argument(description=FILTER_HELP)
        ] = None,
        order_by: Annotated[PostOrder, strawberry.argument(description=ORDER_HELP)] = (
            PostOrder.NEWEST_FIRST
        ),
        locale: LocaleArgument = None,
        fallback: FallbackOff = False,
    ) -> QuerySet[models.CampaignPostPage]:
        return listing(info, models.CampaignPostPage, filter, order_by, locale, fallback)

    @paged(graphql_type=Connection[OrganisationType], description="The coalition's organisations.")
    def organisations(
        self,
        info: Info,
        filter: Annotated[  # noqa: A002
            OrganisationFilter | None, strawberry.argument(description=FILTER_HELP)
        ] = None,
        order_by: Annotated[OrganisationOrder, strawberry.argument(description=ORDER_HELP)] = (
            OrganisationOrder.NAME
        ),
        locale: LocaleArgument = None,
        fallback: FallbackOn = True,
    ) -> QuerySet[models.OrganisationPage]:
        return listing(info, models.OrganisationPage, filter, order_by, locale, fallback)

    @paged(graphql_type=Connection[SupporterType], description="Public supporters.")
    def supporters(
        self,
        info: Info,
        filter: Annotated[  # noqa: A002
            SupporterFilter | None, strawberry.argument(description=FILTER_HELP)
        ] = None,
        order_by: Annotated[SupporterOrder, strawberry.argument(description=ORDER_HELP)] = (
            SupporterOrder.NAME
        ),
        locale: LocaleArgument = None,
        fallback: FallbackOn = True,
    ) -> QuerySet[models.SupporterPage]:
        return listing(info, models.SupporterPage, filter, order_by, locale, fallback)

    @paged(graphql_type=Connection[OpenLetterType], description="Open letters.")
    def open_letters(
        self,
        info: Info,
        filter: Annotated[  # noqa: A002
            OpenLetterFilter | None, strawberry.argument(description=FILTER_HELP)
        ] = None,
        order_by: Annotated[OpenLetterOrder, strawberry.argument(description=ORDER_HELP)] = (
            OpenLetterOrder.NEWEST_FIRST
        ),
        locale: LocaleArgument = None,
        fallback: FallbackOn = True,
    ) -> QuerySet[models.OpenLetterPage]:
        return listing(info, models.OpenLetterPage, filter, order_by, locale, fallback)

    @strawberry_django.field(description="A campaign's public demands, in number order.")
    def demands(
        self,
        info: Info,
        campaign: Annotated[strawberry.ID, strawberry.argument(description="The campaign's `id`.")],
        locale: LocaleArgument = None,
        fallback: FallbackOn = True,
    ) -> list[DemandType]:
        queryset = visible(info, models.DemandPage.objects.all(), locale=locale, fallback=fallback)
        queryset = within_campaign(info, queryset, campaign, argument="campaign")
        return register_group(
            info, optimize(queryset.order_by("number", "pk"), info, config=WHOLE_ROWS)
        )

    @paged(
        graphql_type=Connection[PageInterface],
        description="Full-text search over the public pages of one locale, best match first. "
        "Every word of `query` must match; case and accents are ignored, and on PostgreSQL a "
        "word also finds its other forms in the locale's language ('Demonstrationen' finds "
        "'Demonstration'). Punctuation only separates words: quotes and operators are not "
        "query syntax.",
    )
    def search(
        self,
        info: Info,
        query: Annotated[
            str,
            strawberry.argument(
                description="The words to look for (at most 200 characters, at least one "
                "letter or digit)."
            ),
        ],
        locale: LocaleArgument = None,
        types: Annotated[
            list[str] | None,
            strawberry.argument(
                description="Only these GraphQL page types, e.g. ['CampaignPost']."
            ),
        ] = None,
    ) -> Iterable[Page]:
        words = search_words(query)
        queryset = visible(info, Page.objects.all(), locale=locale)
        if types:
            type_models = {name: model for model, name in PAGE_TYPE_NAMES.items()}
            unknown = [name for name in types if name not in type_models]
            if unknown:
                raise UserInputError(f"Unknown page types: {', '.join(unknown)}.", argument="types")
            queryset = queryset.type(*(type_models[name] for name in types))
        # The query is read with the stemmer of the locale searched in (campaign.search_backend).
        locale_obj = resolve_locale(info, locale) or _default_locale(info, resolve_site(info))
        # The hits follow the search index, which a background task updates after a page is
        # saved: the answer is tagged to be dropped then (frontend_schema.caching.SEARCH_TAG).
        state(info).cache_tags.search = True
        return SearchResults(queryset, words, language_code=locale_obj.language_code)

    @strawberry.field(description="A site by hostname, with its root campaign and settings.")
    def site(
        self,
        info: Info,
        hostname: Annotated[str | None, strawberry.argument(description=SITE_HELP)] = None,
    ) -> SiteType:
        return SiteType.from_site(info, resolve_site(info, hostname))

    @paged(
        graphql_type=Connection[RedirectType],
        description="The site's redirects, for the front end's router: each leads to a public "
        "page or an external link (a redirect to a hidden page is left out, its old path being "
        "that page's former address), and none has the path of a public page.",
    )
    def redirects(
        self,
        info: Info,
        site: Annotated[str | None, strawberry.argument(description=SITE_HELP)] = None,
    ) -> QuerySet[Redirect]:
        return (
            served_redirects(info, resolve_site(info, site))
            .select_related("redirect_page")
            .order_by("old_path", "pk")
        )

    @strawberry.field(
        description="The sitemap's entries, for front ends that build their own sitemap: every "
        "public page of the site (not pages that only mirror another) with its front-end URL, "
        "last publication and hreflang alternates, in tree order, a page at a time. "
        "/sitemap.xml serves the same as XML (docs/partners.md)."
    )
    def sitemap(
        self,
        info: Info,
        page: SitemapPageArgument = 1,
        per_page: SitemapPerPageArgument = SITEMAP_PAGE_SIZE,
        locale: Annotated[
            str | None,
            strawberry.argument(description="Only pages in this language. Default: all."),
        ] = None,
        site: Annotated[str | None, strawberry.argument(description=SITE_HELP)] = None,
    ) -> SitemapPageType:
        return sitemap_page(info, page=page, per_page=per_page, locale=locale, site_hostname=site)
