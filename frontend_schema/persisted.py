"""Persisted queries: Apollo's automatic persisted queries, and trusted documents (an allow-list).

Automatic persisted queries (APQ, https://www.apollographql.com/docs/apollo-server/performance/apq):
a request may carry ``extensions.persistedQuery = {"version": 1, "sha256Hash": "<hex>"}``, in the
JSON body of a POST or as the JSON ``extensions`` URL parameter of a GET.

- The hash alone: the document is looked up in the "default" cache (then among the trusted
  documents). Unknown, the answer is ``PersistedQueryNotFound``, on which Apollo Client's
  persisted-queries link and urql's ``persistedExchange`` send the request again with the
  document. Both match the message (Apollo also the code), at any status.
- The hash and the document: the hash must be the SHA-256 of the document's text, else 400. Once
  the document has run (it parsed and validated), it is kept for
  GRAPHQL_PERSISTED_QUERIES_TIMEOUT seconds.
- A version other than 1, or GRAPHQL_PERSISTED_QUERIES off: ``PersistedQueryNotSupported``, on
  which both clients stop sending hashes.

Trusted documents: ``manage.py register_trusted_documents`` stores the documents of a front end's
build (graphql-codegen's persisted-documents manifest) as ``TrustedDocument`` rows. With
GRAPHQL_TRUSTED_DOCUMENTS_ONLY on, only those run, by hash or by full text, and anything else is
refused with ``TRUSTED_DOCUMENT_REQUIRED``; the APQ cache is then neither read nor written.

All these refusals are status 400 (never 404, which CDNs may cache without being told to).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass

from cross_web import HTTPException
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from graphql import GraphQLError, parse, validate

from frontend_schema.models import TrustedDocument

PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
PERSISTED_QUERY_NOT_SUPPORTED = "PERSISTED_QUERY_NOT_SUPPORTED"
TRUSTED_DOCUMENT_REQUIRED = "TRUSTED_DOCUMENT_REQUIRED"

# The messages the clients match on, exactly (urql matches nothing else).
NOT_FOUND_MESSAGE = "PersistedQueryNotFound"
NOT_SUPPORTED_MESSAGE = "PersistedQueryNotSupported"
TRUSTED_DOCUMENT_REQUIRED_MESSAGE = (
    "This server runs only trusted documents, and this document is not one of them: register "
    "the front end's documents with `manage.py register_trusted_documents`."
)

SUPPORTED_VERSION = 1
SHA256_HEX = re.compile(r"[0-9a-f]{64}")
CACHE_KEY_PREFIX = "graphql:apq:1:"


class PersistedQueryError(HTTPException):
    """A request refused by the persisted-query rules; ``code`` becomes ``extensions.code``."""

    def __init__(self, reason: str, code: str, status_code: int = 400):
        super().__init__(status_code, reason)
        self.code = code


@dataclass(frozen=True)
class PersistedDocument:
    """The document a request runs, and the hash to keep it under once it has run (or None)."""

    query: str | None
    store_hash: str | None = None


def document_hash(document: str) -> str:
    """The SHA-256 of a document's UTF-8 text, as 64 lowercase hexadecimal digits.

    This is the hash of Apollo's APQ protocol and graphql-codegen's default ``hashAlgorithm``.
    A lone surrogate (which JSON can carry) is hashed as is, never raised on: the document is
    refused later, by the parser, with a clear error.
    """
    return hashlib.sha256(document.encode("utf-8", "surrogatepass")).hexdigest()


def requested_hash(extensions: Mapping | None) -> str | None:
    """The ``sha256Hash`` of a request's ``extensions.persistedQuery``, or None without one.

    Raises ``PersistedQueryError``: ``PERSISTED_QUERY_NOT_SUPPORTED`` for a version other than 1,
    ``BAD_REQUEST`` for a malformed entry.
    """
    persisted = (extensions or {}).get("persistedQuery")
    if persisted is None:
        return None
    if not isinstance(persisted, Mapping):
        raise PersistedQueryError(
            "`extensions.persistedQuery` must be an object: "
            '{"version": 1, "sha256Hash": "<64 hexadecimal digits>"}.',
            "BAD_REQUEST",
        )
    version = persisted.get("version")
    # JSON's true would equal 1 in Python.
    if isinstance(version, bool) or version != SUPPORTED_VERSION:
        raise PersistedQueryError(NOT_SUPPORTED_MESSAGE, PERSISTED_QUERY_NOT_SUPPORTED)
    sha256_hash = persisted.get("sha256Hash")
    if not isinstance(sha256_hash, str) or not SHA256_HEX.fullmatch(sha256_hash.lower()):
        raise PersistedQueryError(
            "`extensions.persistedQuery.sha256Hash` must be the SHA-256 of the document in "
            "64 hexadecimal digits.",
            "BAD_REQUEST",
        )
    return sha256_hash.lower()


def trusted_document(sha256_hash: str) -> str | None:
    """The text of the trusted document registered under ``sha256_hash``, or None."""
    return (
        TrustedDocument.objects.filter(sha256_hash=sha256_hash)
        .values_list("document", flat=True)
        .first()
    )


def request_document(*, query: str | None, extensions: Mapping | None) -> PersistedDocument:
    """The document a request runs, following the APQ protocol and the trusted-documents rule.

    ``query`` and ``extensions`` are the request's members as sent. Raises
    ``PersistedQueryError`` (see the module's docstring for each case); a request without
    ``persistedQuery`` and outside trusted-documents mode passes through unchanged.
    """
    sha256_hash = requested_hash(extensions)
    trusted_only = settings.GRAPHQL_TRUSTED_DOCUMENTS_ONLY
    if sha256_hash is not None and query is not None and document_hash(query) != sha256_hash:
        raise PersistedQueryError(
            "The document's SHA-256 is not `extensions.persistedQuery.sha256Hash`: hash the "
            "exact text sent as `query` (UTF-8).",
            "BAD_REQUEST",
        )
    if trusted_only:
        if query is None and sha256_hash is None:
            return PersistedDocument(query=None)  # "No GraphQL query found in the request"
        document = trusted_document(sha256_hash or document_hash(query))
        if document is None:
            raise PersistedQueryError(TRUSTED_DOCUMENT_REQUIRED_MESSAGE, TRUSTED_DOCUMENT_REQUIRED)
        return PersistedDocument(query=document)
    if sha256_hash is None:
        return PersistedDocument(query=query)
    if not settings.GRAPHQL_PERSISTED_QUERIES:
        raise PersistedQueryError(NOT_SUPPORTED_MESSAGE, PERSISTED_QUERY_NOT_SUPPORTED)
    if query is not None:
        return PersistedDocument(query=query, store_hash=sha256_hash)
    document = cache.get(CACHE_KEY_PREFIX + sha256_hash) or trusted_document(sha256_hash)
    if document is None:
        raise PersistedQueryError(NOT_FOUND_MESSAGE, PERSISTED_QUERY_NOT_FOUND)
    return PersistedDocument(query=document)


def persisted_query_store(*, sha256_hash: str, query: str) -> None:
    """Keep ``query`` in the "default" cache under its hash for GRAPHQL_PERSISTED_QUERIES_TIMEOUT.

    Call it only once the document has run, so that only documents that parse and validate
    take room in the cache.
    """
    cache.set(CACHE_KEY_PREFIX + sha256_hash, query, settings.GRAPHQL_PERSISTED_QUERIES_TIMEOUT)


class ManifestError(ValueError):
    """A persisted-documents manifest that cannot be registered; the message lists why."""


def manifest_errors(manifest: object, *, schema) -> list[str]:
    """What is wrong with a persisted-documents manifest, one sentence each (empty: nothing).

    ``manifest`` is graphql-codegen's ``persisted-documents.json`` as decoded JSON: an object
    mapping each document's SHA-256 (``hashAlgorithm: "sha256"``, the default) to its text.
    Every document must parse and validate against ``schema`` (a graphql-core ``GraphQLSchema``).
    """
    if not isinstance(manifest, dict):
        return [
            "The manifest must be a JSON object mapping each document's SHA-256 hash to the "
            "document (graphql-codegen's persisted-documents.json)."
        ]
    if not manifest:
        return ["The manifest holds no documents."]
    errors = []
    for key, document in manifest.items():
        if not isinstance(document, str):
            errors.append(f"{key}: the value must be the document's text, a string.")
            continue
        if document_hash(document) != key.lower():
            errors.append(
                f"{key}: this is not the SHA-256 of the document (its SHA-256 is "
                f"{document_hash(document)}); set `persistedDocuments: {{hashAlgorithm: "
                f"'sha256'}}` in the codegen configuration."
            )
            continue
        try:
            problems = validate(schema, parse(document))
        except GraphQLError as error:
            problems = [error]
        errors.extend(f"{key}: {problem.message}" for problem in problems)
    return errors


def trusted_documents_register(
    *, manifest: object, schema, client_name: str = "", client_version: str = ""
) -> tuple[int, int]:
    """Register every document of a manifest as trusted; returns (added, already registered).

    Nothing is registered unless every document is valid: raises ``ManifestError`` listing every
    problem (see ``manifest_errors``). A document registered before keeps its first client.
    """
    errors = manifest_errors(manifest, schema=schema)
    if errors:
        raise ManifestError("\n".join(errors))
    hashes = {key.lower(): document for key, document in manifest.items()}
    with transaction.atomic():
        known = set(
            TrustedDocument.objects.filter(sha256_hash__in=list(hashes)).values_list(
                "sha256_hash", flat=True
            )
        )
        TrustedDocument.objects.bulk_create(
            TrustedDocument(
                sha256_hash=sha256_hash,
                document=document,
                client_name=client_name,
                client_version=client_version,
            )
            for sha256_hash, document in hashes.items()
            if sha256_hash not in known
        )
    return len(hashes) - len(known), len(known)
