"""Delete unconfirmed supporter sign-ups past PARTICIPATION_UNCONFIRMED_RETENTION_DAYS, and
organisations' applications past PARTICIPATION_*_APPLICATION_RETENTION_DAYS (per state).

Run it daily (cron, or a scheduler that enqueues ``participation.tasks.retention_apply``).
"""

from django.core.management.base import BaseCommand

from participation.services import applications_retention_apply, unconfirmed_sign_ups_delete


class Command(BaseCommand):
    help = (
        "Delete supporter sign-ups that were never confirmed, and organisations' applications, "
        "once their retention has passed."
    )

    def handle(self, *args, **options) -> None:
        count = unconfirmed_sign_ups_delete()
        self.stdout.write(f"Deleted {count} unconfirmed sign-ups.")
        count = applications_retention_apply()
        self.stdout.write(f"Deleted {count} organisation applications.")
