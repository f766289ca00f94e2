"""System checks of the deployment's configuration (``manage.py check --deploy``).

Registered by ``campaign.apps.CampaignConfig.ready``.
"""

from django.conf import settings
from django.core import checks

DJANGO_DEFAULT_FROM_EMAIL = "webmaster@localhost"


@checks.register("email", deploy=True)
def email_sender_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Warn (``cms.W001``) when mail would go out from Django's placeholder sender.

    Supporters' confirmation links, organisations' answers and contact messages are emails; from
    ``webmaster@localhost`` they are refused or filed as spam by most receiving servers.
    """
    if settings.DEFAULT_FROM_EMAIL != DJANGO_DEFAULT_FROM_EMAIL:
        return []
    return [
        checks.Warning(
            "DEFAULT_FROM_EMAIL is Django's placeholder webmaster@localhost.",
            hint=(
                "Set DEFAULT_FROM_EMAIL to an address of the campaign's domain, and EMAIL_HOST "
                "(and EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS) to its "
                'mail server: deploy/README.md, "Email".'
            ),
            id="cms.W001",
        )
    ]
