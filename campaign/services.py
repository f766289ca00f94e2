"""Writes and side effects of the campaign domain."""

import datetime
import secrets

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from campaign.models.preview import PagePreview


def page_preview_create(*, page) -> PagePreview:
    """Store ``page`` (as the editor sees it, saved or not) for the front end's preview, and
    remove previews that have expired."""
    max_age = datetime.timedelta(seconds=settings.PREVIEW_TOKEN_MAX_AGE)
    PagePreview.objects.filter(created_at__lt=timezone.now() - max_age).delete()
    return PagePreview.objects.create(
        token=secrets.token_urlsafe(32),
        content_type=ContentType.objects.get_for_model(page.specific_class or type(page)),
        content=page.serializable_data(),
    )


def signature_count_record(
    *, campaign, count: int, as_of=None, source_url: str = "", note: str = "", user=None
):
    """Record a new reading of ``campaign``'s signature counter and return it.

    ``count`` is a number of people (0 or more); ``as_of`` a ``datetime.date``, today when not
    given. Raises ``django.core.exceptions.ValidationError`` (with field errors) for a negative
    count, a date in the future or a malformed URL; nothing is saved then. The campaign page is
    not touched, so no revision is made and nothing is republished.
    """
    from campaign.models import SignatureCount

    reading = SignatureCount(
        campaign=campaign,
        count=count,
        as_of=as_of if as_of is not None else timezone.localdate(),
        source_url=source_url,
        note=note,
        created_by=user,
    )
    reading.full_clean()
    reading.save()
    return reading


def site_address_set(*, hostname: str, port: int):
    """Make the default Site answer at ``hostname``:``port``, the address the server listens on,
    so that page URLs (the API's ``url`` fields, "View live") point where the server is.

    Creates the default Site (rooted at the tree's first page) when there is none. Returns it.
    """
    from wagtail.models import Page, Site

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(is_default_site=True, root_page=Page.get_first_root_node())
    if (site.hostname, site.port) != (hostname, port) or site.pk is None:
        site.hostname = hostname
        site.port = port
        site.save()
    return site


def page_parents_translate(*, page, locale, user=None) -> None:
    """Make sure ``page``'s parent exists in ``locale``, so that ``page`` can be translated.

    Missing parents (up to the tree's root) are added the way Wagtail's ``copy_parents`` does it:
    as aliases of the original parents, which show the original's content until an editor
    translates them ("Convert alias" in the admin, then edit). Nothing is done when the parent is
    translated already or is the tree's root.
    """
    from wagtail.actions.copy_for_translation import CopyPageForTranslationAction

    parent = page.get_parent()
    if parent.is_root() or parent.get_translation_or_none(locale) is not None:
        return
    grandparent = parent.get_parent()
    if not grandparent.is_root():
        page_parents_translate(page=parent, locale=locale, user=user)
    CopyPageForTranslationAction(
        page=parent.specific, locale=locale, alias=True, user=user
    ).execute(skip_permission_checks=True)


def post_schedule_date_apply(*, page, revision) -> bool:
    """Date a post that went live by its schedule on its go-live day, and say if it changed.

    Called when a page is published. A post whose go-live time was set and has come gets its
    go-live date (local time) as ``publication_date``, unless the editor chose the date: it is
    after the day the schedule was saved (a date picked on purpose), or the post has a
    ``canonical_url`` (first published elsewhere: the date is the original's). The date is
    changed on the page and in its published revision, so the next edit starts from it.
    """
    from campaign.models import CampaignPostPage

    if not isinstance(page, CampaignPostPage) or page.go_live_at is None or revision is None:
        return False
    if page.go_live_at > timezone.now() or page.canonical_url:
        return False
    scheduled_on = timezone.localdate(revision.created_at)
    go_live_date = timezone.localdate(page.go_live_at)
    if page.publication_date > scheduled_on or page.publication_date == go_live_date:
        return False
    page.publication_date = go_live_date
    CampaignPostPage.objects.filter(pk=page.pk).update(publication_date=go_live_date)
    revision.content["publication_date"] = go_live_date.isoformat()
    revision.save(update_fields=["content"])
    return True
