"""Background tasks of the partners app (Django's tasks framework, run by the task worker)."""

from django_tasks import task


@task()
def webhook_delivery_send(delivery_id: int) -> str | None:
    """One attempt to deliver a webhook (``services.webhook_delivery_attempt``); a failed
    attempt enqueues the next one itself, deferred by the retry schedule."""
    from partners.services import webhook_delivery_attempt

    return webhook_delivery_attempt(delivery_id=delivery_id)


@task()
def webhook_subscription_disabled_notify(subscription_id: int) -> int:
    """Email the administrators that a subscription was deactivated after failed deliveries."""
    from partners.services import webhook_administrators_notify

    return webhook_administrators_notify(subscription_id=subscription_id)
