"""Signal wiring that changes a Wagtail default for the campaign's editors."""

from wagtail.contrib.redirects import signal_handlers
from wagtail.signals import page_published, page_slug_changed, post_page_move


def _published_only(handler):
    def receiver(instance, **kwargs):
        # A page that was never published had no public URL: a redirect from its old URL
        # would point from nowhere to a page nobody can see.
        if not instance.live and instance.first_published_at is None:
            return None
        return handler(instance=instance, **kwargs)

    receiver.__name__ = handler.__name__
    return receiver


def redirects_for_published_pages_only() -> None:
    """Make wagtail.contrib.redirects' automatic redirects (on a slug change or a move) skip
    pages that were never published. Call once, after the redirects app is ready."""
    for signal, handler in (
        (page_slug_changed, signal_handlers.autocreate_redirects_on_slug_change),
        (post_page_move, signal_handlers.autocreate_redirects_on_page_move),
    ):
        if signal.disconnect(handler):
            signal.connect(_published_only(handler), weak=False)


def _date_scheduled_posts(sender, instance, revision=None, **kwargs):
    from campaign.services import post_schedule_date_apply

    post_schedule_date_apply(page=instance, revision=revision)


def scheduled_posts_dated_on_go_live() -> None:
    """Give posts published by their schedule their go-live date (``post_schedule_date_apply``)."""
    page_published.connect(_date_scheduled_posts, dispatch_uid="campaign-scheduled-post-date")
