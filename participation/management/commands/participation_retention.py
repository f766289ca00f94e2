"""Apply the retention periods of participation data: unconfirmed supporter sign-ups past
PARTICIPATION_UNCONFIRMED_RETENTION_DAYS, unsent contact messages past
PARTICIPATION_CONTACT_RETENTION_HOURS, organisations' applications past
PARTICIPATION_*_APPLICATION_RETENTION_DAYS (per state).

Runs on a schedule in production: the CronJob deploy/k8s/cronjob-participation-retention.yaml,
or the systemd timer deploy/systemd/campaign-cms-participation-retention.timer (hourly). Running
it more often than needed is harmless.
"""

from django.core.management.base import BaseCommand

from participation.services import retention_apply


class Command(BaseCommand):
    help = (
        "Delete supporter sign-ups that were never confirmed, contact messages that were never "
        "sent, and organisations' applications, once their retention periods have passed."
    )

    def handle(self, *args, **options) -> None:
        deleted = retention_apply()
        self.stdout.write(
            f"Deleted {deleted['sign_ups']} unconfirmed sign-ups, "
            f"{deleted['contact_messages']} unsent contact messages and "
            f"{deleted['applications']} organisation applications."
        )
