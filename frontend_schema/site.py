"""The site a front end serves, and its redirects."""

from __future__ import annotations

import strawberry
import strawberry_django
from django.db.models import Q
from strawberry import Info, relay
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

from campaign.models import CampaignPage, CampaignSiteSettings
from campaign.selectors import public_pages, public_redirects
from frontend_schema.batching import load_for_group
from frontend_schema.context import locale_code, resolve_site, site_roots
from frontend_schema.images import ImageType
from frontend_schema.nodes import in_order, local_pks
from frontend_schema.paths import locale_prefix, page_path, split_locale_prefix
from frontend_schema.types import CampaignType, image_field, text_field


@strawberry_django.type(
    CampaignSiteSettings,
    name="SiteSettings",
    description="Site-wide facts for every page: contact, legal links, default preview image.",
)
class SiteSettingsType:
    contact_email: str | None = text_field(CampaignSiteSettings, "contact_email")
    privacy_policy_url: str | None = text_field(CampaignSiteSettings, "privacy_policy_url")
    legal_notice_url: str | None = text_field(CampaignSiteSettings, "legal_notice_url")
    newsletter_url: str | None = text_field(CampaignSiteSettings, "newsletter_url")
    mastodon_url: str | None = text_field(CampaignSiteSettings, "mastodon_url")
    default_social_image: ImageType | None = image_field(
        CampaignSiteSettings, "default_social_image"
    )


@strawberry.type(name="Site", description="A site served by this CMS.")
class SiteType(relay.Node):
    hostname: str = strawberry.field(description="The site's hostname.")
    port: int = strawberry.field(description="The site's port.")
    name: str = strawberry.field(description="The site's name.")
    root_url: str = strawberry.field(description="The site's root URL in Wagtail.")
    is_default: bool = strawberry.field(description="Whether this is the default site.")
    site: strawberry.Private[Site]

    @strawberry.field(description="The campaign at the site's root, if the root is a campaign.")
    def root_campaign(self, info: Info) -> CampaignType | None:
        root = self.site.root_page
        return public_pages(
            CampaignPage.objects.filter(pk=root.pk), site_roots=site_roots(info)
        ).first()

    @strawberry.field(description="The site's settings, edited under Settings in the admin.")
    def settings(self) -> SiteSettingsType:
        # Read without creating: a GET must not write. Unsaved defaults stand in until an
        # editor saves the settings once.
        return CampaignSiteSettings.objects.filter(site=self.site).first() or (
            CampaignSiteSettings(site=self.site)
        )

    @strawberry.field(description="The languages the site's root page is published in.")
    def locales(self, info: Info) -> list[str]:
        from frontend_schema.context import locale_code

        roots = public_pages(
            Page.objects.filter(pk__in=[root.pk for root in site_roots(info)]),
            site_roots=site_roots(info),
        )
        return sorted({locale_code(info, root.locale_id) for root in roots})

    @classmethod
    def resolve_id(cls, root: SiteType, *, info: Info) -> str:
        return str(root.site.pk)

    @classmethod
    def resolve_nodes(cls, *, info: Info, node_ids, required: bool = False):
        """The sites with these local IDs, None for unknown ones."""
        sites = Site.objects.select_related("root_page").in_bulk(local_pks(node_ids))
        by_pk = {pk: cls.from_site(info, site) for pk, site in sites.items()}
        return in_order(node_ids, by_pk, required=required)

    @classmethod
    def from_site(cls, info: Info, site: Site) -> SiteType:
        return cls(
            hostname=site.hostname,
            port=site.port,
            name=site.site_name or site.hostname,
            root_url=site.root_url,
            is_default=site.is_default_site,
            site=site,
        )


@strawberry_django.type(
    Redirect,
    name="Redirect",
    description="A redirect set up by editors, or by Wagtail when a page's slug changed or it "
    "moved. Paths follow the rules of `Page.path`: a language prefix names the locale.",
)
class RedirectType(relay.Node):
    @classmethod
    def resolve_nodes(cls, *, info: Info, node_ids, required: bool = False):
        """The served redirects of the request's site with these local IDs, None for others."""
        redirects = served_redirects(info, resolve_site(info)).filter(pk__in=local_pks(node_ids))
        return in_order(
            node_ids, redirects.select_related("redirect_page").in_bulk(), required=required
        )

    old_path: str = strawberry_django.field(
        description="The path that redirects, in Wagtail's normalised form (no trailing slash, "
        "query string sorted): '/de/alte-news'. Its language prefix, if any, is the locale it "
        "was a path in. Never the path of a public page: such a redirect is not served."
    )
    is_permanent: bool = strawberry_django.field(description="Permanent (301) or temporary (302).")

    @strawberry_django.field(
        description="Where it leads: the target page's `path` (with its language prefix), or a "
        "full URL. Null when the target page is not public."
    )
    def target(self, info: Info) -> str | None:
        if not self.redirect_page_id:
            return self.redirect_link or None

        def loader(redirects):
            ids = {r.redirect_page_id for r in redirects} - {None}
            pages = public_pages(Page.objects.filter(pk__in=ids), site_roots=site_roots(info))
            by_id = {page.pk: page for page in pages}
            return {
                id(r): page_path(info, by_id[r.redirect_page_id])
                for r in redirects
                if r.redirect_page_id in by_id
            }

        return load_for_group(info, self, "redirect_target", loader)


def served_redirects(info: Info, site: Site):
    """The redirects of ``site`` (its own and those for every site) that a front end may serve,
    as a queryset.

    Only redirects whose target is public are served (``campaign.selectors.public_redirects``):
    the old path of a redirect to a hidden page is that page's former, hidden address. A
    redirect whose ``old_path`` is the ``path`` of a public page of the site is left out too: a
    redirect must never take a live page's address (Wagtail itself only redirects requests that
    find no page). Two queries, however many redirects.
    """
    roots = site_roots(info, site)
    redirects = public_redirects(
        Redirect.objects.filter(Q(site=site) | Q(site__isnull=True)), site_roots=roots
    )
    unprefixed = [
        root for root in roots if not locale_prefix(info, locale_code(info, root.locale_id))
    ]
    root_of_locale = {root.locale_id: root for root in roots}
    claims: dict[str, list[int]] = {}  # a page's url_path → the redirects whose old path it is
    for pk, old_path in redirects.values_list("pk", "old_path"):
        if "?" in old_path:
            continue  # matches only requests with that query string, never a page's path
        locale, path = split_locale_prefix(info, old_path)
        candidates = [root_of_locale.get(locale.pk)] if locale is not None else unprefixed
        for root in filter(None, candidates):
            inner = path.strip("/")
            claims.setdefault(root.url_path + (inner + "/" if inner else ""), []).append(pk)
    if not claims:
        return redirects
    taken = public_pages(Page.objects.filter(url_path__in=claims), site_roots=roots)
    claiming = {
        pk for url_path in taken.values_list("url_path", flat=True) for pk in claims[url_path]
    }
    return redirects.exclude(pk__in=claiming)
