"""Partners: what carries the campaign to partner organisations' own sites.

Feeds (RSS, Atom, JSON Feed), embeddable widgets and oEmbed, the sitemap, and webhooks. Everything
here publishes only what ``campaign.selectors.public_pages`` lets through.
"""

from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = "Partners"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from partners.signals import connect

        connect()
