"""Delete unconfirmed supporter sign-ups past PARTICIPATION_UNCONFIRMED_RETENTION_DAYS.

Run it daily (cron, or a scheduler that enqueues ``participation.tasks.retention_apply``).
"""

from django.core.management.base import BaseCommand

from participation.services import unconfirmed_sign_ups_delete


class Command(BaseCommand):
    help = "Delete supporter sign-ups that were never confirmed, once their retention has passed."

    def handle(self, *args, **options) -> None:
        count = unconfirmed_sign_ups_delete()
        self.stdout.write(f"Deleted {count} unconfirmed sign-ups.")
