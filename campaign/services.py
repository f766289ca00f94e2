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
