"""The GraphQL endpoint: strawberry's sync Django view, plus what the public endpoint needs on top.

Strawberry 0.341 answers every result as ``application/json`` with status 200 and every refused
request as plain text. This view adds, following the GraphQL-over-HTTP specification:

- content negotiation: ``application/graphql-response+json`` when the client prefers it, with the
  specification's status codes (400 for a request error, such as a document that does not parse
  or validate), ``application/json`` with status 200 otherwise, 406 when neither is acceptable,
  and ``Vary: Accept`` on every response;
- no ``data`` entry when the request failed before execution, as the GraphQL specification says;
- JSON errors with a code for requests refused before any GraphQL runs (405 for a mutation sent
  with GET, 413 and 414 for a request larger than GRAPHQL_MAX_REQUEST_BYTES, 400 otherwise);
- file uploads by the GraphQL multipart request specification
  (https://github.com/jaydenseric/graphql-multipart-request-spec), for ``organisationApply``'s
  logo: up to GRAPHQL_MAX_UPLOAD_REQUEST_BYTES, and only with a header that a browser sends
  cross-site only after a CORS preflight (``multipart_csrf_check``);
- a last masking pass for errors that escaped ErrorPolicy (an extension that crashed);
- persisted queries: Apollo's automatic persisted queries and trusted documents, resolved while
  the request is parsed (frontend_schema.persisted);
- HTTP caching (frontend_schema.caching): ``Cache-Control`` on every answer (public with
  ``s-maxage`` for clean GETs, ``no-store`` for errors and previews), a strong ``ETag`` and
  ``304 Not Modified``, cache tags naming the pages and snippets of the answer, and a response
  cache that answers a repeated public query without running GraphQL;
- GraphiQL only when GRAPHQL_GRAPHIQL is on, served from the project's static files
  (frontend_schema/static/frontend_schema/graphiql/), never from a CDN.
"""

import dataclasses
import functools
import json
import logging
import sys

from cross_web import DjangoHTTPRequestAdapter, HTTPException
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from strawberry.django import views as strawberry_views
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.types.graphql import OperationType

from frontend_schema.caching import (
    SITE_WIDE_TAG,
    conditional,
    etag,
    no_store,
    public_cache_control,
    response_cache_generation,
    response_cache_get,
    response_cache_key,
    response_cache_set,
    tag_headers,
)
from frontend_schema.context import STATE_ATTRIBUTE
from frontend_schema.errors import (
    BAD_REQUEST,
    INTERNAL_SERVER_ERROR,
    UNEXPECTED_ERROR_MESSAGE,
    error_code,
    unexpected,
)
from frontend_schema.persisted import persisted_query_store, request_document

# The response media types. With the charset parameter, Django's negotiation matches both
# "application/json" and "application/json; charset=utf-8" in Accept, and no other charset.
GRAPHQL_RESPONSE_JSON = "application/graphql-response+json; charset=utf-8"
JSON = "application/json; charset=utf-8"

# What GraphiQL shows first: a query that works on any site.
DEFAULT_QUERY = """# Write a query, then run it with the play button or Ctrl-Enter.
# The Docs button lists every type and field.
{
  site {
    name
    locales
  }
}
"""

logger = logging.getLogger(__name__)

HTTP_ERROR_CODES = {
    400: BAD_REQUEST,
    500: INTERNAL_SERVER_ERROR,
    405: "METHOD_NOT_ALLOWED",
    406: "NOT_ACCEPTABLE",
    413: "PAYLOAD_TOO_LARGE",
    414: "URI_TOO_LONG",
}


def preferred_media_type(request: HttpRequest) -> str | None:
    """The response media type the client prefers, or None when it accepts neither.

    No Accept header (or ``*/*``) means ``application/json``, as the specification says.
    """
    accept = request.headers.get("Accept")
    if not accept:
        return JSON
    return _preferred_media_type(accept)


@functools.lru_cache(maxsize=256)
def _preferred_media_type(accept: str) -> str | None:
    # Django parses Accept with the email package on every request; clients send few distinct
    # headers, so each is parsed once per process.
    request = HttpRequest()
    request.META["HTTP_ACCEPT"] = accept
    return request.get_preferred_type([JSON, GRAPHQL_RESPONSE_JSON])


# Headers that make a browser ask (a CORS preflight) before it sends a request cross-site:
# Apollo Server's CSRF prevention accepts the same two, and Apollo's clients send them.
PREFLIGHT_HEADERS = ("Apollo-Require-Preflight", "X-Apollo-Operation-Name")


def is_multipart(request: HttpRequest) -> bool:
    return request.method == "POST" and request.content_type == "multipart/form-data"


def multipart_csrf_check(request: HttpRequest) -> None:
    """Refuse a multipart request without one of PREFLIGHT_HEADERS (not empty).

    A multipart POST is a "simple" request: any web page can make its visitors' browsers send
    one, unseen and without asking this server first, and so apply in their name and from their
    addresses (around the per-client rate limit). A custom header cannot be sent cross-site
    without a CORS preflight, which CORS_ALLOWED_ORIGINS then decides. JSON requests need no
    header: their content type already asks for a preflight.
    """
    if not any(request.headers.get(name, "").strip() for name in PREFLIGHT_HEADERS):
        raise HTTPException(
            400,
            "A multipart request must carry a non-empty Apollo-Require-Preflight or "
            "X-Apollo-Operation-Name header (CSRF prevention).",
        )


def check_size(request: HttpRequest) -> None:
    """Refuse a request larger than GRAPHQL_MAX_REQUEST_BYTES (a multipart request with files:
    GRAPHQL_MAX_UPLOAD_REQUEST_BYTES) before reading it."""
    limit = (
        settings.GRAPHQL_MAX_UPLOAD_REQUEST_BYTES
        if is_multipart(request)
        else settings.GRAPHQL_MAX_REQUEST_BYTES
    )
    if len(request.META.get("QUERY_STRING", "")) > limit:
        raise HTTPException(
            414, f"The query string is longer than {limit} bytes. Send the document with POST."
        )
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0  # Django reads no body then either.
    if length > limit:
        raise HTTPException(413, f"The request body is {length} bytes; at most {limit} are read.")


class RequestAdapter(DjangoHTTPRequestAdapter):
    @property
    def body(self) -> str:
        try:
            return self.request.body.decode()
        except UnicodeDecodeError as error:
            raise HTTPException(400, "The request body is not valid UTF-8.") from error


# The API authenticates no request by its cookies, so a forged cross-site request can do nothing
# its sender could not do directly: CSRF protection would only stop legitimate clients. Should a
# field or mutation ever depend on the session, remove this exemption first (``dispatch.
# csrf_exempt`` below).
class GraphQLView(strawberry_views.GraphQLView):
    request_adapter_class = RequestAdapter
    allow_queries_via_get = True
    # Answers follow the query's `locale` argument only (see frontend_schema.middleware).
    language_neutral = True
    # The hash a persisted query's document is kept under once it has run (set while parsing).
    persisted_query_hash: str | None = None

    def __init__(self, *args, multipart_uploads_enabled: bool = True, **kwargs):
        # GraphQL multipart requests (file uploads), behind multipart_csrf_check.
        super().__init__(*args, multipart_uploads_enabled=multipart_uploads_enabled, **kwargs)

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        self.media_type = preferred_media_type(request)
        self.cache_tags: list[str] | None = None
        self.fresh_for: float | None = None
        cache_key = generation_before = None
        try:
            check_size(request)
            if is_multipart(request):
                multipart_csrf_check(request)
            if not self.should_render_graphql_ide(self.request_adapter_class(request)):
                if self.media_type is not None:
                    # First the response cache, whose key a GET computes once per process from
                    # its query string: a hit parses nothing. A key exists only for a request
                    # with a document or a persisted query's hash (it passes the checks below).
                    cache_key = response_cache_key(request, self.media_type)
                    cached = response_cache_get(cache_key) if cache_key is not None else None
                    if cached is not None:
                        # The stored bytes and headers of the same public answer: no GraphQL runs.
                        response, fresh_for = cached
                        if request.method == "GET":
                            public_cache_control(response, fresh_for=fresh_for)
                        return conditional(request, response)
                    if cache_key is not None:
                        # Read before the answer is built: see response_cache_set.
                        generation_before = response_cache_generation()
                # A persisted query's GET may carry its hash alone, in `extensions`.
                if request.method == "GET" and not {"query", "extensions"} & set(request.GET):
                    raise HTTPException(400, "GET requests need a `query` parameter.")
                if self.media_type is None:
                    raise HTTPException(
                        406,
                        "This endpoint answers with application/graphql-response+json or "
                        "application/json (UTF-8) only.",
                    )
            response = self.run(request=request)
        except HTTPException as error:
            response = self.error_response(error)
        except Exception:
            # Whatever escaped (a bug), the client gets JSON, never Django's HTML error page.
            logger.exception("The GraphQL view failed on a %s request.", request.method)
            response = self.error_response(HTTPException(500, UNEXPECTED_ERROR_MESSAGE))
        patch_vary_headers(response, ["Accept"])
        if cache_key is not None and self.cache_tags is not None and self._is_query(request):
            response_cache_set(
                cache_key,
                response,
                self.cache_tags,
                generation_before=generation_before,
                fresh_for=self.fresh_for,
            )
        return conditional(request, response)

    # What csrf_exempt sets, set once: as_view() copies dispatch's attributes to the view function,
    # which CsrfViewMiddleware reads. (method_decorator would wrap dispatch on every request.)
    dispatch.csrf_exempt = True

    def _is_query(self, request: HttpRequest) -> bool:
        # Only GET can carry nothing but queries; a POST may select a mutation, if the schema
        # has any: the executed operation's type was recorded while it ran.
        if request.method == "GET" or self.schema._schema.mutation_type is None:
            return True
        state = getattr(request, STATE_ATTRIBUTE, None)
        return getattr(state, "operation_type", None) is OperationType.QUERY

    def should_render_graphql_ide(self, request) -> bool:
        return (
            settings.GRAPHQL_GRAPHIQL
            and "extensions" not in request.query_params
            and super().should_render_graphql_ide(request)
        )

    def render_graphql_ide(self, request: HttpRequest) -> HttpResponse:
        # Strawberry's page loads GraphiQL from a CDN: it stays on "Loading..." offline and
        # under a Content-Security-Policy. This one uses the vendored files and no inline script.
        response = render(
            request, "frontend_schema/graphiql.html", {"default_query": DEFAULT_QUERY}
        )
        # Its own Content-Security-Policy (cms.middleware); the endpoint's answers keep the
        # strict default.
        response._csp_config = settings.CONTENT_SECURITY_POLICY_GRAPHIQL
        return response

    def decode_json(self, data: str | bytes) -> object:
        try:
            value = super().decode_json(data)
        except RecursionError as error:
            raise HTTPException(
                400, "The JSON is nested too deeply: no request needs more than a few levels."
            ) from error
        except json.JSONDecodeError:
            raise  # strawberry answers "Unable to parse request body as JSON"
        except ValueError as error:
            # Python refuses to read an integer longer than sys.get_int_max_str_digits().
            raise HTTPException(
                400,
                "The JSON holds a number too long to read: integers may have at most "
                f"{sys.get_int_max_str_digits()} digits.",
            ) from error
        # In a POST, strawberry decodes the body, or a multipart request's `operations` and
        # `map` fields: each must be an object (batching, a list of operations, is not offered).
        # Strawberry would fail with an AttributeError on a body that is not an object.
        if self.request.method == "POST" and isinstance(value, list):
            raise HTTPException(400, "Batching is not supported: send one operation per request.")
        if self.request.method == "POST" and not isinstance(value, dict):
            raise HTTPException(
                400, "The request body must be a JSON object with a `query` member."
            )
        return value

    def parse_http_body(self, request):
        request_data = super().parse_http_body(request)
        if isinstance(request_data, list):
            return request_data  # a batch, refused in decode_json
        document = request_document(query=request_data.query, extensions=request_data.extensions)
        self.persisted_query_hash = document.store_hash
        return dataclasses.replace(request_data, query=document.query)

    def execute_single(self, **kwargs):
        try:
            result = super().execute_single(**kwargs)
        except HTTPException as error:
            # The specification asks for 405 when a GET selects a mutation; strawberry says 400.
            if self.request.method == "GET" and isinstance(
                error.__cause__, InvalidOperationTypeError
            ):
                raise HTTPException(405, "Mutations cannot be sent with GET; use POST.") from error
            raise
        # Kept only once it has run: a document that does not parse or validate takes no room.
        if self.persisted_query_hash and (
            result.data is not None or any(error.path for error in result.errors or ())
        ):
            persisted_query_store(
                sha256_hash=self.persisted_query_hash, query=kwargs["request_data"].query
            )
        return result

    def process_result(self, request: HttpRequest, result) -> dict:
        # ErrorPolicy codes every error; one without a code escaped it (an extension crashed).
        errors = [
            error if error_code(error) else unexpected(error, mask=settings.GRAPHQL_MASK_ERRORS)
            for error in result.errors or ()
        ]
        response: dict = {}
        # A request error (no data, and no error from a field) happened before execution; then
        # the response has no "data" entry at all.
        if result.data is not None or any(error.path for error in errors):
            response["data"] = result.data
        if errors:
            response["errors"] = [error.formatted for error in errors]
        if result.extensions:
            response["extensions"] = result.extensions
        return response

    def create_response(self, response_data: dict, sub_response) -> HttpResponse:
        response = super().create_response(response_data, sub_response)
        response["Content-Type"] = self.media_type
        state = getattr(self.request, STATE_ATTRIBUTE, None)
        if getattr(state, "private", False):
            no_store(response, private=True)
        elif "errors" in response_data:
            # An error may be passing (a timeout, a bug being fixed): never keep it.
            no_store(response)
        else:
            self.cache_tags = (
                state.cache_tags.header_tags(
                    site_id=state.site.pk if state.site is not None else None,
                    absent=_finds_nothing(response_data.get("data")),
                )
                if state is not None
                else [SITE_WIDE_TAG]
            )
            # An answer holding a page that expires is fresh until then only.
            self.fresh_for = state.cache_tags.fresh_for() if state is not None else None
            tag_headers(response, self.cache_tags)
            etag(response)
            if self.request.method == "GET":
                # Only queries travel by GET, so a clean answer may be cached like any page.
                public_cache_control(response, fresh_for=self.fresh_for)
        if self.media_type == GRAPHQL_RESPONSE_JSON and "data" not in response_data:
            codes = {error["extensions"]["code"] for error in response_data["errors"]}
            response.status_code = 500 if INTERNAL_SERVER_ERROR in codes else 400
        return response

    def error_response(self, error: HTTPException) -> HttpResponse:
        code = getattr(error, "code", None) or HTTP_ERROR_CODES.get(error.status_code, BAD_REQUEST)
        body = {"errors": [{"message": error.reason, "extensions": {"code": code}}]}
        response = HttpResponse(
            self.encode_json(body), status=error.status_code, content_type=self.media_type or JSON
        )
        if error.status_code == 405:
            response["Allow"] = "POST" if self.request.method == "GET" else "GET, POST"
        no_store(response)
        return response


def _finds_nothing(data: dict | None) -> bool:
    """Whether a root field of the answer found nothing (null, an empty list, a connection
    without edges): publishing a page may change that, so the answer is tagged ``absent``."""
    for value in (data or {}).values():
        if value is None or value == []:
            return True
        if isinstance(value, dict) and (value.get("edges") == [] or value.get("nodes") == []):
            return True
    return False
