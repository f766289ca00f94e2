"""Template filters of the campaign's page templates (the CMS host's plain rendering)."""

from django import template
from django.utils.safestring import mark_safe
from wagtail.rich_text import RichText

from campaign.selectors import public_rich_text

register = template.Library()


@register.filter
def public_richtext(value, page):
    """Wagtail's ``richtext`` filter under the API's visibility rule:
    ``{{ value|public_richtext:page }}`` (``campaign.selectors.public_rich_text``; ``page`` is
    the page being rendered)."""
    html = value.source if isinstance(value, RichText) else str(value or "")
    return mark_safe(public_rich_text(html, page=page))  # noqa: S308
