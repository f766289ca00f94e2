"""HTTP caching of the GraphQL endpoint: cache tags, validators, Cache-Control, a response cache.

Documented for operators in docs/graphql-endpoint.md ("Caching").

Cache tags name what an answer contains, so that a publication purges exactly the answers it
changed (Cloudflare's ``Cache-Tag``, Fastly's and Varnish xkey's ``Surrogate-Key``). The scheme:

- ``graphql``: every answer of the endpoint;
- ``site-<site id>``: every answer about that site;
- ``page-<page id>``: every answer holding that page (as any page type);
- ``snippet-<app label>.<model>-<id>``: every answer holding that snippet (a political group);
- ``image-<id>``, ``document-<id>``: every answer holding that image (its URL, renditions, alt
  text), or that document (its URL, title), in a field, a block or rich text;
- ``sitemap``: every answer holding sitemap entries (the ``sitemap`` field, /sitemap.xml):
  any page's publication, unpublication, move or deletion changes it;
- ``list-<app label>.<model>``: every answer holding a list with an item of that model (so that a
  page of that type appearing or disappearing purges the lists it may join or leave);
- ``absent``: every answer where a root field found nothing (a page that may appear later);
- ``any-<app label>.<model>``: instead of the ``page-``/``snippet-``/``image-``/``document-``
  tags of that model when the header would pass GRAPHQL_CACHE_TAGS_MAX_BYTES (a CDN limit):
  purged on any change of the model.

Tags are collected while the answer is built, without SQL: each object type of a page, snippet or
image model records the object when GraphQL completes it (``collect_tags``); documents, rich
text's images and documents and the sitemap are recorded where they are resolved.

The response cache keeps whole public answers in Django's default cache. Each entry stores the
versions its tags had when it was stored; ``tags_invalidate`` gives the tags new versions, so one
publication drops the entries naming it and no others. A hit reads the entry and one generation
key; it reads its tags' versions only when some tag changed since it was stored.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache, caches
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils import timezone
from wagtail.models import Page

from cms.cache import TrackedValue

# The snippet models whose objects the API shows as GraphQL types, by label: their objects are
# tagged, and saving or deleting one purges its tag. Wagtail registers snippets only once the
# admin's hooks load, too late to ask it here; a test keeps this list complete.
SNIPPET_MODELS = ("campaign.PoliticalGroup",)

SITE_WIDE_TAG = "graphql"
ABSENT_TAG = "absent"
SITEMAP_TAG = "sitemap"
# Every answer holding search results, which follow the search index that a background task
# updates after a page is saved (frontend_schema.signals drops them then). Its historical value
# is a list tag's; model labels always have a dot, so no model's list tag is the same.
SEARCH_TAG = "list-search"

# The response headers an entry of the response cache restores, besides the body and status.
# Not Cache-Control: it depends on the request's method (GET answers are public, POST answers say
# nothing) and on how long the answer stays fresh, so each hit sets its own.
STORED_HEADERS = ("Content-Type", "ETag", "Cache-Tag", "Surrogate-Key", "Vary")

_KEY_PREFIX = "graphql-response:"
_VERSION_PREFIX = "graphql-tag-version:"
# Changes whenever any tag changes: an entry stored under the current generation is fresh
# without reading the versions of its tags (a home page names over a hundred).
_GENERATION_KEY = "graphql-tag-generation"


def page_tag(page_id: int) -> str:
    return f"page-{page_id}"


def snippet_tag(label: str, object_id: int) -> str:
    return f"snippet-{label}-{object_id}"


def image_tag(image_id: int) -> str:
    return f"image-{image_id}"


def document_tag(document_id: int) -> str:
    return f"document-{document_id}"


def list_tag(label: str) -> str:
    return f"list-{label}"


def any_tag(label: str) -> str:
    return f"any-{label}"


def site_tag(site_id: int) -> str:
    return f"site-{site_id}"


def page_change_tags(*, page_id: int, label: str, parent_id: int | None) -> list[str]:
    """The tags to purge when the page ``page_id`` (of model ``label``, e.g.
    ``campaign.campaignpostpage``) is published, unpublished, moved or deleted: the page, its
    parent (whose ``children`` it joins or leaves), the lists of its type (where it may enter,
    leave or change place), collapsed answers of its type, answers that found nothing, and the
    sitemap."""
    tags = [page_tag(page_id), list_tag(label), any_tag(label), ABSENT_TAG, SITEMAP_TAG]
    if parent_id is not None:
        tags.append(page_tag(parent_id))
    return tags


def snippet_change_tags(*, label: str, object_id: int) -> list[str]:
    """The tags to purge when a snippet is saved or deleted."""
    return [snippet_tag(label, object_id), list_tag(label), any_tag(label), ABSENT_TAG]


def media_change_tags(*, label: str, object_id: int, is_image: bool) -> list[str]:
    """The tags to purge when an image or document (of model ``label``) is saved or deleted:
    the answers holding it, and collapsed answers holding objects of its model. An answer
    never holds an image or document no page or setting uses, so nothing else can change."""
    tag = image_tag(object_id) if is_image else document_tag(object_id)
    return [tag, any_tag(label)]


@dataclass
class CacheTags:
    """What one answer contains, by model label (``app_label.model_name``): object IDs, and
    the models that appeared in a list; images and documents by ID with their model's label;
    whether it holds sitemap entries."""

    pages: set[int] = field(default_factory=set)
    snippets: dict[str, set[int]] = field(default_factory=dict)
    page_labels: set[str] = field(default_factory=set)
    listed: set[str] = field(default_factory=set)
    images: set[int] = field(default_factory=set)
    documents: set[int] = field(default_factory=set)
    media_labels: set[str] = field(default_factory=set)
    sitemap: bool = False
    search: bool = False
    # The earliest expiry time (Wagtail's "expire_at") of a page in the answer: the answer is
    # wrong from then on, whether or not `publish_scheduled` has run yet.
    expires_at: datetime.datetime | None = None

    def note_expiry(self, when: datetime.datetime | None) -> None:
        if when is not None and (self.expires_at is None or when < self.expires_at):
            self.expires_at = when

    def fresh_for(self) -> float | None:
        """Seconds until a page of the answer expires (at least 0), or None when none will."""
        if self.expires_at is None:
            return None
        return max(0.0, (self.expires_at - timezone.now()).total_seconds())

    def add_image(self, image) -> None:
        self.images.add(image.pk)
        self.media_labels.add(image._meta.label_lower)

    def add_document(self, document) -> None:
        self.documents.add(document.pk)
        self.media_labels.add(document._meta.label_lower)

    def header_tags(self, *, site_id: int | None, absent: bool) -> list[str]:
        """The answer's tags, at most GRAPHQL_CACHE_TAGS_MAX_BYTES long once joined with commas;
        past that, the ``page-``/``snippet-`` tags give way to ``any-<model>`` tags."""
        head = [SITE_WIDE_TAG]
        if site_id is not None:
            head.append(site_tag(site_id))
        if absent:
            head.append(ABSENT_TAG)
        if self.sitemap:
            head.append(SITEMAP_TAG)
        if self.search:
            head.append(SEARCH_TAG)
        head.extend(list_tag(label) for label in sorted(self.listed))
        items = [page_tag(pk) for pk in sorted(self.pages)]
        for label in sorted(self.snippets):
            items.extend(snippet_tag(label, pk) for pk in sorted(self.snippets[label]))
        items.extend(image_tag(pk) for pk in sorted(self.images))
        items.extend(document_tag(pk) for pk in sorted(self.documents))
        tags = head + items
        if _joined_length(tags) <= settings.GRAPHQL_CACHE_TAGS_MAX_BYTES:
            return tags
        labels = sorted(self.page_labels | set(self.snippets) | self.media_labels)
        collapsed = head + [any_tag(label) for label in labels]
        if _joined_length(collapsed) <= settings.GRAPHQL_CACHE_TAGS_MAX_BYTES:
            return collapsed
        return head[:2]


def _joined_length(tags: list[str]) -> int:
    return sum(len(tag) for tag in tags) + max(len(tags) - 1, 0)


def _in_list(path) -> bool:
    while path is not None:
        if isinstance(path.key, int):
            return True
        path = path.prev
    return False


def _recorder(original, model_label: str, kind: str):
    def is_type_of(obj, info) -> bool:
        matches = original(obj, info)
        pk = getattr(obj, "pk", None)
        if matches and pk is not None:
            from frontend_schema.context import state

            tags = state(info).cache_tags
            label = type(obj)._meta.label_lower
            if kind == "image":
                tags.add_image(obj)
                return matches
            if kind == "page":
                tags.pages.add(pk)
                tags.page_labels.add(label)
                tags.note_expiry(getattr(obj, "expire_at", None))
            else:
                tags.snippets.setdefault(label, set()).add(pk)
            if _in_list(info.path):
                tags.listed.add(label)
        return matches

    return is_type_of


def collect_tags(schema) -> None:
    """Make every object type of a page, snippet or image model record, in the request's
    ``RequestState.cache_tags``, each object GraphQL completes with it.

    GraphQL calls ``is_type_of`` once per object it completes as that type (graphql-core's
    ``complete_object_value``), whichever resolver produced it: a root field, a relation, a
    batch, ``node(id:)``. Wrapping it needs no change to the types and costs no SQL.
    """
    from django.apps import apps
    from wagtail.images.models import AbstractImage

    snippet_models = tuple(apps.get_model(label) for label in SNIPPET_MODELS)
    for graphql_type in schema._schema.type_map.values():
        definition = getattr(graphql_type, "extensions", None) or {}
        origin = getattr(definition.get("strawberry-definition"), "origin", None)
        django_definition = getattr(origin, "__strawberry_django_definition__", None)
        if django_definition is None or getattr(graphql_type, "is_type_of", None) is None:
            continue
        model = django_definition.model
        if issubclass(model, Page):
            kind = "page"
        elif issubclass(model, snippet_models):
            kind = "snippet"
        elif issubclass(model, AbstractImage):
            kind = "image"
        else:
            continue
        graphql_type.is_type_of = _recorder(graphql_type.is_type_of, model._meta.label_lower, kind)


# --- Headers ---------------------------------------------------------------------------------


def public_cache_control(response: HttpResponse, *, fresh_for: float | None = None) -> None:
    """``Cache-Control`` for a clean public answer: browsers keep it GRAPHQL_GET_MAX_AGE
    seconds, shared caches GRAPHQL_GET_S_MAXAGE, and may serve it stale for
    GRAPHQL_STALE_WHILE_REVALIDATE seconds more while they fetch a fresh one (RFC 9111 and 5861).

    ``fresh_for`` (seconds, from ``CacheTags.fresh_for``): an answer holding a page that expires
    then is kept no longer, and never served stale.
    """
    max_age = settings.GRAPHQL_GET_MAX_AGE
    s_maxage = settings.GRAPHQL_GET_S_MAXAGE
    if fresh_for is not None:
        max_age = min(max_age, int(fresh_for))
        s_maxage = min(s_maxage if s_maxage is not None else max_age, int(fresh_for))
    stale = settings.GRAPHQL_STALE_WHILE_REVALIDATE if fresh_for is None else 0
    # Set whole (an answer is either public or not stored at all), from a value made once per
    # process for each combination: every hit of the response cache sets it.
    response["Cache-Control"] = _public_cache_control_value(max_age, s_maxage, stale)


@functools.lru_cache(maxsize=256)
def _public_cache_control_value(max_age: int, s_maxage: int | None, stale: int) -> str:
    directives = ["public", f"max-age={max_age}"]
    if s_maxage is not None:
        directives.append(f"s-maxage={s_maxage}")
    if stale:
        directives.append(f"stale-while-revalidate={stale}")
    return ", ".join(directives)


def no_store(response: HttpResponse, *, private: bool = False) -> None:
    """``Cache-Control: no-store`` (with ``private`` for previews): no cache keeps the answer."""
    if private:
        _set_cache_control(response, private=True, no_store=True)
    else:
        _set_cache_control(response, no_store=True)


def _set_cache_control(response: HttpResponse, **directives) -> None:
    from django.utils.cache import patch_cache_control

    # Replaced, not merged: an answer is either public or not stored at all.
    if response.has_header("Cache-Control"):
        del response["Cache-Control"]
    patch_cache_control(response, **directives)


def tag_headers(response: HttpResponse, tags: list[str]) -> None:
    """``Cache-Tag`` (Cloudflare: comma-separated) and ``Surrogate-Key`` (Fastly, Varnish xkey:
    space-separated) naming ``tags``."""
    response["Cache-Tag"] = ",".join(tags)
    response["Surrogate-Key"] = " ".join(tags)


def etag(response: HttpResponse) -> None:
    """A strong ``ETag``: the SHA-256 of the media type and the body (the first 32 hex digits),
    so that equal answers have equal tags on every server, and the two media types of one
    answer (application/json, application/graphql-response+json) have different ones, as a
    strong validator must (RFC 9110 §8.8.3)."""
    digest = hashlib.sha256(response.get("Content-Type", "").encode() + b"\n" + response.content)
    response["ETag"] = f'"{digest.hexdigest()[:32]}"'


def conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """``304 Not Modified`` for a GET whose ``If-None-Match`` names the answer's ETag (Django's
    ``get_conditional_response``, RFC 9110 §13.1.2), else ``response`` unchanged."""
    from django.utils.cache import get_conditional_response

    if request.method != "GET" or not response.has_header("ETag"):
        return response
    if not request.headers.get("If-None-Match"):
        return response
    return get_conditional_response(request, etag=response["ETag"], response=response)


# --- The response cache -----------------------------------------------------------------------

_schema_version: str | None = None


def _schema_fingerprint() -> str:
    """A digest of the schema's SDL: a deployment that changes the schema starts a new cache."""
    global _schema_version
    if _schema_version is None:
        from frontend_schema.schema import schema

        _schema_version = hashlib.sha256(str(schema).encode()).hexdigest()[:16]
    return _schema_version


def _json(value) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _request_params(request: HttpRequest) -> dict | None:
    """The GraphQL parameters of ``request``, or None when they cannot be read.

    This runs before the view's own checks, so whatever it cannot read (bad JSON, JSON nested
    deeper than Python's recursion limit, an over-long integer) means "not cached": the view then
    refuses the request with its clear error.
    """
    if request.method == "GET":
        params: dict = {
            "query": request.GET.get("query"),
            "operationName": request.GET.get("operationName"),
        }
        try:
            for name in ("variables", "extensions"):
                raw = request.GET.get(name)
                params[name] = json.loads(raw) if raw else None
        except (ValueError, RecursionError):
            return None
        return params
    if request.method == "POST" and request.content_type == "application/json":
        try:
            body = json.loads(request.body)
        except (ValueError, RecursionError):
            return None
        return body if isinstance(body, dict) else None
    return None


def response_cache_key(request: HttpRequest, media_type: str) -> str | None:
    """The response cache's key for ``request``, or None when it must not be cached.

    The key covers the document (its SHA-256, which is also the hash Apollo's automatic
    persisted queries send in place of the document), the variables, the operation name, the
    host (the site), the response media type and the schema. Requests with an ``Authorization``
    header are never cached: an answer could depend on who asks.
    """
    if not settings.GRAPHQL_RESPONSE_CACHE or request.headers.get("Authorization"):
        return None
    query_string = request.META.get("QUERY_STRING", "")
    if request.method == "GET" and len(query_string) <= _MEMO_QUERY_STRING_BYTES:
        # A GET's key depends on its query string, scheme, host and media type only: computed
        # once per process for each (the hit path of the response cache parses nothing).
        return _get_key(
            query_string,
            request.scheme,
            request.get_host(),
            media_type,
            _schema_fingerprint(),
            _persisted_settings(),
        )
    return _key(request, media_type)


# Query strings up to this length have their GET keys kept in memory (at most 1024 of them).
_MEMO_QUERY_STRING_BYTES = 8192


def _persisted_settings() -> tuple[bool, bool]:
    # Part of _get_key's memo key only: _key reads these settings, so a memoised key must not
    # outlive a change of them (tests change them).
    return settings.GRAPHQL_PERSISTED_QUERIES, settings.GRAPHQL_TRUSTED_DOCUMENTS_ONLY


@functools.lru_cache(maxsize=1024)
def _get_key(
    query_string: str, scheme: str, host: str, media_type: str, schema: str, persisted: tuple
) -> str | None:
    request = HttpRequest()
    request.method = "GET"
    request.META["QUERY_STRING"] = query_string
    # As Django's WSGIRequest reads it: WSGI gives the raw bytes decoded as ISO-8859-1.
    request.GET = QueryDict(query_string.encode("iso-8859-1"))
    return _key(request, media_type, host=host, scheme=scheme)


def _key(
    request: HttpRequest, media_type: str, *, host: str | None = None, scheme: str | None = None
) -> str | None:
    from frontend_schema.persisted import PersistedQueryError, requested_hash

    params = _request_params(request)
    if params is None:
        return None
    extensions = params.get("extensions")
    if extensions is not None and not isinstance(extensions, dict):
        return None
    try:
        # The persisted-query rules (frontend_schema.persisted) decide before any cache: a
        # request they refuse has no key, so the view refuses it with their error.
        requested = requested_hash(extensions)
    except PersistedQueryError:
        return None
    query = params.get("query")
    if isinstance(query, str):
        document = hashlib.sha256(query.encode("utf-8", "surrogatepass")).hexdigest()
        if requested is not None and requested != document:
            return None
        # A document sent with its hash registers it for later requests of the hash alone
        # (frontend_schema.persisted), which happens only when it runs: its own entries, so that
        # an entry of the plain document never answers it.
        kind = "document" if requested is None else "registration"
    elif requested is not None:
        if not (settings.GRAPHQL_PERSISTED_QUERIES or settings.GRAPHQL_TRUSTED_DOCUMENTS_ONLY):
            return None
        # Its own entries: kept only once a request of the hash alone ran, i.e. passed the
        # persisted-query rules (the document was registered, or trusted).
        document, kind = requested, "hash"
    else:
        return None
    operation = params.get("operationName")
    parts = [
        _schema_fingerprint(),
        kind,
        document,
        params.get("variables") or {},
        operation if isinstance(operation, str) else None,
        # Absolute URLs in answers (images, embeds) follow the request's scheme and host.
        scheme if scheme is not None else request.scheme,
        host if host is not None else request.get_host(),
        media_type,
    ]
    # "surrogatepass": the key is computed before the request's text is checked, and a lone
    # surrogate (valid in JSON, not in UTF-8) must reach that check rather than crash here.
    return _KEY_PREFIX + hashlib.sha256(_json(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _versions(tags: list[str], *, create: bool) -> tuple[dict[str, str], str | None]:
    """The current version of each tag, by tag, and the current generation, read together
    (one ``get_many``); with ``create``, tags without a version (and a missing generation) get
    one."""
    keys = {_VERSION_PREFIX + tag: tag for tag in tags}
    wanted = [*keys, _GENERATION_KEY]
    found = cache.get_many(wanted)
    if create and len(found) < len(wanted):
        for key in set(wanted) - found.keys():
            cache.add(key, uuid.uuid4().hex[:12], timeout=None)
        if _GENERATION_KEY not in found:
            _generation.changed()
        found = cache.get_many(wanted)
    versions = {keys[key]: value for key, value in found.items() if key in keys}
    return versions, found.get(_GENERATION_KEY)


def tags_invalidate(tags) -> None:
    """Drop every response-cache entry that names one of ``tags``: each tag gets a new version,
    and the generation changes, so that every entry checks its tags again on its next hit."""
    values = {_VERSION_PREFIX + tag: uuid.uuid4().hex[:12] for tag in set(tags)}
    values[_GENERATION_KEY] = uuid.uuid4().hex[:12]
    cache.set_many(values, timeout=None)
    _generation.changed()


class LocalCopies:
    """This process's copies of response-cache entries it served, within
    GRAPHQL_RESPONSE_CACHE_LOCAL_BYTES of answers (least recently used dropped first; an answer
    larger than a tenth of that is not kept), each until its own expiry. Kept as Python objects
    (no pickling, unlike Django's local-memory cache, whose unpickling of a 30 KB answer cost as
    much as the rest of a hit). Thread-safe."""

    def __init__(self) -> None:
        self._entries: OrderedDict[str, tuple[float, dict]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> dict | None:
        """The entry under ``key``, or None when there is none or it expired."""
        with self._lock:
            held = self._entries.get(key)
            if held is None:
                return None
            if held[0] <= time.monotonic():
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return held[1]

    def set(self, key: str, entry: dict, timeout: float) -> None:
        """Keep ``entry`` under ``key`` for ``timeout`` seconds, if it fits (see the class)."""
        budget = settings.GRAPHQL_RESPONSE_CACHE_LOCAL_BYTES
        if len(entry["body"]) > budget // 10:
            return
        with self._lock:
            self._drop(key)
            self._entries[key] = (time.monotonic() + timeout, entry)
            self._bytes += len(entry["body"])
            while self._bytes > budget:
                self._drop(next(iter(self._entries)))

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def _drop(self, key: str) -> None:
        held = self._entries.pop(key, None)
        if held is not None:
            self._bytes -= len(held[1]["body"])


local_copies = LocalCopies()
# The generation, kept in memory between changes that Redis announces (cms.cache.TrackedValue):
# with Redis, a hit on a local copy then makes no round trip at all.
_generation = TrackedValue(_GENERATION_KEY)


def response_cache_generation() -> str | None:
    """The current generation (renewed by every ``tags_invalidate``): read it before building an
    answer and pass it to ``response_cache_set``, which keeps the answer only if no change
    happened meanwhile. From memory with Redis (``_generation``); created when there is none
    yet."""
    generation = _generation.get(caches["default"])
    if generation is None:
        cache.add(_GENERATION_KEY, uuid.uuid4().hex[:12], timeout=None)
        _generation.changed()
        generation = _generation.get(caches["default"])
    return generation


def response_cache_get(key: str) -> tuple[HttpResponse, float | None] | None:
    """The stored answer under ``key`` as a new response, with the seconds until a page of it
    expires (None when none does; see ``CacheTags.fresh_for``), or None when there is none or
    one of its tags changed since it was stored. The response has no ``Cache-Control``: the
    caller sets the one its request's method calls for.

    An entry this process already checked at the current generation (``local_copies``) costs no
    read of the shared cache at all with Redis (the generation is tracked, see ``_generation``),
    one read of the generation key with other backends. Otherwise the entry and the generation
    come in one ``get_many``. While no tag changed since the entry was stored (the same
    generation), that is all; otherwise the versions of the entry's tags are compared, and an
    entry whose tags did not change is stamped with the new generation (for the rest of its
    time), so that an unrelated publication costs each entry one check.
    """
    held = local_copies.get(key)
    if held is not None:
        generation = response_cache_generation()
        if generation is not None and held["generation"] == generation:
            return _stored_response(held)
    found = cache.get_many([key, _GENERATION_KEY])
    entry = found.get(key)
    if entry is None:
        return None
    generation = found.get(_GENERATION_KEY)
    remaining = _remaining(entry)
    if remaining < 1:
        return None
    if generation is None or entry.get("generation") != generation:
        versions, _ = _versions(list(entry["versions"]), create=False)
        if versions != entry["versions"]:
            return None
        if generation is not None:
            entry = {**entry, "generation": generation}
            cache.set(key, entry, timeout=int(remaining))
    if generation is not None:
        # Checked at `generation` (read before the versions were): served locally while it lasts.
        local_copies.set(key, entry, remaining)
    return _stored_response(entry)


def _remaining(entry: dict) -> float:
    return entry.get("fresh_until", 0) - time.time()


def _stored_response(entry: dict) -> tuple[HttpResponse, float | None]:
    response = HttpResponse(entry["body"], status=entry["status"])
    for name, value in entry["headers"].items():
        response[name] = value
    expires_at = entry.get("page_expires_at")
    return response, None if expires_at is None else max(0.0, expires_at - time.time())


def response_cache_set(
    key: str,
    response: HttpResponse,
    tags: list[str],
    *,
    generation_before: str | None,
    fresh_for: float | None = None,
) -> bool:
    """Store ``response`` under ``key`` for GRAPHQL_RESPONSE_CACHE_TIMEOUT seconds (less when
    ``fresh_for``, seconds, is shorter: a page of the answer expires), with the current versions
    of ``tags`` and the current generation. Returns whether it was stored.

    Not stored when the generation is no longer ``generation_before`` (read before the answer
    was built): something changed meanwhile, and the answer may hold data from before a change
    whose purge has already run; stored under the new versions, it would pass for fresh.
    """
    timeout = float(settings.GRAPHQL_RESPONSE_CACHE_TIMEOUT)
    if fresh_for is not None:
        timeout = min(timeout, fresh_for)
    if timeout < 1:
        return False
    versions, generation = _versions(tags, create=True)
    if generation_before is None or generation != generation_before:
        return False
    now = time.time()
    entry = {
        "status": response.status_code,
        "body": response.content,
        "headers": {name: response[name] for name in STORED_HEADERS if response.has_header(name)},
        "versions": versions,
        "generation": generation,
        "fresh_until": now + timeout,
        # When a page of the answer expires (None: none does), for each hit's Cache-Control.
        "page_expires_at": None if fresh_for is None else now + fresh_for,
    }
    cache.set(key, entry, timeout=int(timeout))
    return True
