"""Purge backends for ``wagtail.contrib.frontend_cache`` that also purge by cache tag.

Wagtail's backends purge URLs only; the API's answers live at GET URLs nobody can list (every
query and variable set is a URL), so they are purged by the tags they carry
(``frontend_schema.caching``). Each backend here is Wagtail's, plus ``purge_tags(tags)``:

- ``CloudflareBackend``: Cloudflare's purge-by-tag API (``{"tags": [...]}``, 30 tags a call),
  https://developers.cloudflare.com/cache/how-to/purge-cache/purge-by-tags/;
- ``HTTPBackend``: one ``PURGE`` request to LOCATION with the tags, space-separated, in the
  TAG_HEADER header (``xkey-purge`` for Varnish's vmod-xkey; a proxy may map it to its own scheme);
- ``CloudfrontBackend``: CloudFront has no tags, so it invalidates every API answer
  (``/graphql*``, one invalidation path).
"""

import logging
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

import requests
from wagtail.contrib.frontend_cache.backends import cloudflare, cloudfront, http

logger = logging.getLogger("wagtail.frontendcache")


class CloudflareBackend(cloudflare.CloudflareBackend):
    TAG_CHUNK_SIZE = 30

    def purge_tags(self, tags: list[str]) -> None:
        """Purge every cached answer carrying one of ``tags`` (Cloudflare ``Cache-Tag``)."""
        headers = {"Content-Type": "application/json"}
        if self.cloudflare_token:
            headers["Authorization"] = f"Bearer {self.cloudflare_token}"
        else:
            headers["X-Auth-Email"] = self.cloudflare_email
            headers["X-Auth-Key"] = self.cloudflare_api_key
        for start in range(0, len(tags), self.TAG_CHUNK_SIZE):
            chunk = tags[start : start + self.TAG_CHUNK_SIZE]
            try:
                response = requests.post(
                    self.cloudflare_purge_endpoint_url,
                    json={"tags": chunk},
                    headers=headers,
                    timeout=30,
                )
                ok = response.json().get("success", False)
            except (requests.RequestException, ValueError) as error:
                logger.error("Couldn't purge tags %s from Cloudflare: %s", chunk, error)
                continue
            if not ok:
                logger.error("Couldn't purge tags %s from Cloudflare: %s", chunk, response.text)


class HTTPBackend(http.HTTPBackend):
    def __init__(self, params):
        self.location = params["LOCATION"]
        self.tag_header = params.pop("TAG_HEADER", "xkey-purge")
        super().__init__(params)

    def purge_tags(self, tags: list[str]) -> None:
        """Send one ``PURGE`` to LOCATION naming ``tags`` in the TAG_HEADER header."""
        parts = urlsplit(self.location)
        request = http.PurgeRequest(
            url=urlunsplit((parts.scheme, parts.netloc, "/", "", "")),
            headers={self.tag_header: " ".join(tags), "User-Agent": "campaign-cms-purge"},
        )
        try:
            urlopen(request, timeout=30)  # noqa: S310 - LOCATION comes from the settings
        except (HTTPError, URLError) as error:
            logger.error("Couldn't purge tags from the HTTP cache: %s", error)


class CloudfrontBackend(cloudfront.CloudfrontBackend):
    def purge_tags(self, tags: list[str]) -> None:
        """CloudFront cannot purge by tag: invalidate every answer of the API instead."""
        self._create_invalidation(self.cloudfront_distribution_id, ["/graphql*"])
