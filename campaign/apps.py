from django.apps import AppConfig


class CampaignConfig(AppConfig):
    name = "campaign"
    verbose_name = "Campaign"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        import cms.checks  # noqa: F401 - registers the deployment checks
        from campaign.signals import (
            redirects_for_published_pages_only,
            scheduled_posts_dated_on_go_live,
        )

        redirects_for_published_pages_only()
        scheduled_posts_dated_on_go_live()
