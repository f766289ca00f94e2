"""Enqueue the webhook deliveries that are due and waiting: the safety net for lost tasks."""

from django.core.management.base import BaseCommand

from partners.services import webhook_deliveries_send_due


class Command(BaseCommand):
    help = (
        "Enqueue every pending webhook delivery that is due (of active subscriptions). Not needed "
        "with the database or Redis task backends, which run retries by themselves; run it after "
        "a queue was flushed, or every few minutes with TASKS_BACKEND=immediate."
    )

    def handle(self, *args, **options):
        count = webhook_deliveries_send_due()
        self.stdout.write(f"{count} webhook deliveries enqueued.")
