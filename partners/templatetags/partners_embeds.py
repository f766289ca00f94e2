"""``{% oembed_discovery page %}``: the oEmbed discovery link (https://oembed.com/, section 4)
for the ``<head>`` of a page the CMS renders itself."""

from django import template
from django.utils.html import format_html

from partners import selectors
from partners.oembed import oembed_path

register = template.Library()


@register.simple_tag(takes_context=True)
def oembed_discovery(context, page) -> str:
    """A ``<link rel="alternate" type="application/json+oembed">`` to our oEmbed answer for
    ``page``'s public URL; nothing for a page the public cannot see (a draft in preview, a
    private page) or outside the request's site."""
    request = context.get("request")
    if request is None or page is None or not page.pk or getattr(request, "is_preview", False):
        return ""
    site = selectors.request_site(request)
    if selectors.embeddable_page(page.pk, site=site) is None:
        return ""
    url = selectors.frontend_url(page, site=site)
    if not url:
        return ""
    return format_html(
        '<link rel="alternate" type="application/json+oembed" href="{}" title="{}">',
        request.build_absolute_uri(oembed_path(url)),
        page.title,
    )
