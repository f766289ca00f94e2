"""Middleware of the CMS host itself (Wagtail's page URLs, the admin, documents)."""

from urllib.parse import urlparse

from django import http
from wagtail.contrib.redirects.middleware import RedirectMiddleware, get_redirect
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site

from campaign.selectors import public_redirects, site_root_pages


class PublicRedirectMiddleware(RedirectMiddleware):
    """Wagtail's redirects on the CMS host, under the API's rule: only a redirect whose target
    is public (``campaign.selectors.public_redirects``) is followed; any other 404 stays a 404.

    Wagtail's own middleware would send a visitor from a hidden page's former address to its
    current one, giving away both.
    """

    def process_response(self, request, response):
        if response.status_code != 404:
            return response
        path = Redirect.normalise_path(request.get_full_path(), decode_unicode=False)
        redirect = get_redirect(request, path)
        if redirect is None:
            path_without_query = urlparse(path).path
            if path_without_query == path:
                return response
            redirect = get_redirect(request, path_without_query)
        if redirect is None:
            return response
        site = Site.find_for_request(request)
        roots = site_root_pages(site) if site is not None else []
        if not public_redirects(Redirect.objects.filter(pk=redirect.pk), site_roots=roots).exists():
            return response
        link = redirect.link
        if link is None:
            return response
        if redirect.is_permanent:
            return http.HttpResponsePermanentRedirect(link)
        return http.HttpResponseRedirect(link)
