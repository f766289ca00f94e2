from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from campaign.models.pages import image_field


@register_setting(icon="site")
class CampaignSiteSettings(BaseSiteSetting):
    """Site-wide facts a front end shows on every page (footer, link previews)."""

    contact_email = models.EmailField(
        blank=True, default="", help_text="The address visitors can write to, shown in the footer."
    )
    contact_messages_email = models.EmailField(
        blank=True,
        default="",
        help_text="Where messages sent with the site's contact form are delivered (never shown "
        "publicly). When empty, they go to the contact address above; when both are empty, the "
        "contact form is turned off.",
    )
    privacy_policy_url = models.URLField(
        blank=True,
        default="",
        help_text="The privacy policy, required where the site collects data.",
    )
    legal_notice_url = models.URLField(
        blank=True, default="", help_text="The legal notice (imprint), where the law requires one."
    )
    newsletter_url = models.URLField(
        blank=True, default="", help_text="Where visitors sign up for the campaign's newsletter."
    )
    mastodon_url = models.URLField(
        blank=True, default="", help_text="The campaign's Mastodon profile."
    )
    default_social_image = image_field(
        "The picture for link previews of pages that have none of their own."
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("contact_email"),
                FieldPanel("contact_messages_email"),
                FieldPanel("newsletter_url"),
                FieldPanel("mastodon_url"),
            ],
            heading="Contact",
        ),
        MultiFieldPanel(
            [FieldPanel("privacy_policy_url"), FieldPanel("legal_notice_url")], heading="Legal"
        ),
        FieldPanel("default_social_image"),
    ]

    class Meta:
        verbose_name = "campaign site settings"

    def contact_messages_recipient(self) -> str:
        """The address contact messages go to: ``contact_messages_email``, else
        ``contact_email``; "" when the contact form is off."""
        return self.contact_messages_email or self.contact_email
