"""The site a front end serves, and its redirects."""

from __future__ import annotations

import strawberry
import strawberry_django
from strawberry import Info
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

from campaign.models import CampaignPage, CampaignSiteSettings
from campaign.selectors import public_pages
from frontend_schema.batching import load_for_group
from frontend_schema.context import site_roots
from frontend_schema.images import ImageType
from frontend_schema.paths import page_path
from frontend_schema.types import CampaignType, image_field


@strawberry_django.type(
    CampaignSiteSettings,
    name="SiteSettings",
    description="Site-wide facts for every page: contact, legal links, default preview image.",
)
class SiteSettingsType:
    contact_email: str = strawberry_django.field(
        description=CampaignSiteSettings.contact_email.field.help_text
    )
    privacy_policy_url: str = strawberry_django.field(
        description=CampaignSiteSettings.privacy_policy_url.field.help_text
    )
    legal_notice_url: str = strawberry_django.field(
        description=CampaignSiteSettings.legal_notice_url.field.help_text
    )
    newsletter_url: str = strawberry_django.field(
        description=CampaignSiteSettings.newsletter_url.field.help_text
    )
    mastodon_url: str = strawberry_django.field(
        description=CampaignSiteSettings.mastodon_url.field.help_text
    )
    default_social_image: ImageType | None = image_field(
        CampaignSiteSettings, "default_social_image"
    )


@strawberry.type(name="Site", description="A site served by this CMS.")
class SiteType:
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
    def from_site(cls, info: Info, site: Site) -> SiteType:
        return cls(
            hostname=site.hostname,
            port=site.port,
            name=site.site_name or site.hostname,
            root_url=site.root_url,
            is_default=site.is_default_site,
            site=site,
        )


@strawberry_django.type(Redirect, name="Redirect", description="A redirect set up by editors.")
class RedirectType:
    old_path: str = strawberry_django.field(description="The path that redirects.")
    is_permanent: bool = strawberry_django.field(description="Permanent (301) or temporary (302).")

    @strawberry_django.field(description="Where it leads: a path in the site or a full URL.")
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
