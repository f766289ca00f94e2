"""The errors the API returns, each with a stable ``extensions.code``.

Resolvers report a client's own mistake by raising one of the ``ClientError`` classes below; the
message reaches the client as written, so make it precise (what was wrong, what is accepted).
Every other exception is unexpected: outside development its message is replaced by
"Unexpected error." and the code is ``INTERNAL_SERVER_ERROR`` (the original is logged by
strawberry under the ``strawberry.execution`` logger).

Codes:

- ``GRAPHQL_PARSE_FAILED``: the document is not valid GraphQL syntax, or has too many tokens.
- ``GRAPHQL_VALIDATION_FAILED``: the document does not fit the schema or breaks a limit (depth,
  aliases, directives, introspection when disabled).
- ``QUERY_TOO_COMPLEX``: the operation's estimated cost is above GRAPHQL_MAX_COST
  (``frontend_schema.cost``); ``extensions`` carry ``cost`` and ``budget``.
- ``BAD_USER_INPUT``: a variable or argument value is not acceptable (``UserInputError``).
- ``NOT_FOUND``: the thing the client named does not exist or is not public (``NotFoundError``).
- ``BAD_REQUEST``: the HTTP request itself is wrong (not JSON, no query, a batch...).
- ``TOO_MANY_ERRORS``: the last error of a response whose other errors were cut.
- ``INTERNAL_SERVER_ERROR``: anything else.

The HTTP layer adds ``METHOD_NOT_ALLOWED``, ``NOT_ACCEPTABLE``, ``PAYLOAD_TOO_LARGE`` and
``URI_TOO_LONG`` for requests refused before any GraphQL runs; ``frontend_schema.persisted`` adds
``PERSISTED_QUERY_NOT_FOUND``, ``PERSISTED_QUERY_NOT_SUPPORTED`` and ``TRUSTED_DOCUMENT_REQUIRED``.
"""

import logging
import re

from graphql import GraphQLError

PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
BAD_USER_INPUT = "BAD_USER_INPUT"
NOT_FOUND = "NOT_FOUND"
BAD_REQUEST = "BAD_REQUEST"
TOO_MANY_ERRORS = "TOO_MANY_ERRORS"
INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"

UNEXPECTED_ERROR_MESSAGE = "Unexpected error."

# What graphql-core quotes of a variable's value when it refuses it: the value may be personal
# data (an email address in the wrong field), and the client knows what it sent anyway.
_QUOTED_VALUES = [
    (
        re.compile(r"Value '.*' does not exist in '(\w+)' enum\.", re.DOTALL),
        r"The value is not one of '\1'.",
    ),
    (re.compile(r"(cannot represent [^:]*value): .*", re.DOTALL), r"\1."),
    (re.compile(r"(found|got)[: ] .*", re.DOTALL), r"\1 another value."),
]
# graphql-core appends " Did you mean 'x'?" (or "... the enum value 'X'?") to some messages.
_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")


class ClientError(GraphQLError):
    """A mistake of the client's; shown as written, never masked."""

    code = BAD_REQUEST

    def __init__(self, message: str, *, argument: str | None = None, **extensions):
        extensions = {"code": self.code, **extensions}
        if argument:
            extensions["argument"] = argument
        super().__init__(message, extensions=extensions)


class UserInputError(ClientError):
    """A value the client sent is not acceptable (an unknown locale, a bad cursor...)."""

    code = BAD_USER_INPUT


class NotFoundError(ClientError):
    """The thing the client named does not exist or is not public."""

    code = NOT_FOUND


EXECUTION_LOGGER = logging.getLogger("strawberry.execution")


def errors_log(errors: list[GraphQLError], *, logger: logging.Logger = EXECUTION_LOGGER) -> None:
    """Log the errors of one request: client mistakes at INFO, in one line without a traceback;
    server errors (an exception that is not a GraphQLError, such as a bug in a resolver) at ERROR
    with their traceback. A client mistake is anything the client can fix: a document that does
    not parse or validate, bad variables, or a ``ClientError`` a resolver raised; the line of a
    ``ClientError`` names its code and argument, never its message (which may quote input)."""
    for error in errors:
        original = error.original_error
        if original is not None and not isinstance(original, GraphQLError):
            logger.error(error, exc_info=original)
        else:
            where = ".".join(str(key) for key in error.path or ()) or "request"
            if is_client_error(error):
                # Resolvers' messages may repeat what the client sent ("No public campaign has
                # the ID <value>"), which can be anything, an email address included: the log
                # names the code and the argument only.
                extensions = error.extensions or {}
                argument = extensions.get("argument")
                logger.info(
                    "GraphQL client error at %s: %s%s",
                    where,
                    extensions.get("code", "CLIENT_ERROR"),
                    f" (argument {argument})" if argument else "",
                )
            else:
                logger.info(
                    "GraphQL client error at %s: %s", where, without_values(error.message)
                )


def without_values(message: str) -> str:
    """``message`` without the values graphql-core quotes when it refuses a variable
    ("Value 'ada@example.org' does not exist in 'ConsentPurpose' enum." becomes "The value is
    not one of 'ConsentPurpose'."), so that neither a response nor a log line repeats them."""
    if not message.startswith("Variable '$"):
        return message
    for pattern, replacement in _QUOTED_VALUES:
        message = pattern.sub(replacement, message)
    return message


def error_code(error: GraphQLError) -> str | None:
    return (error.extensions or {}).get("code")


def is_client_error(error: GraphQLError) -> bool:
    """Whether a resolver raised one of the ``ClientError`` classes to report this error."""
    return isinstance(error, ClientError) or isinstance(error.original_error, ClientError)


def with_code(error: GraphQLError, code: str) -> GraphQLError:
    """A copy of ``error`` that carries ``code``, unless it already has a code.

    A copy, because the validation cache shares its error objects between requests.
    """
    return _copy(error, extensions={"code": code, **(error.extensions or {})})


def unexpected(error: GraphQLError, *, mask: bool) -> GraphQLError:
    """An unexpected error as the client sees it: masked in production, coded everywhere."""
    if not mask:
        return with_code(error, INTERNAL_SERVER_ERROR)
    return _copy(
        error,
        message=UNEXPECTED_ERROR_MESSAGE,
        original_error=None,
        extensions={"code": INTERNAL_SERVER_ERROR},
    )


def without_suggestions(error: GraphQLError) -> GraphQLError:
    """``error`` without graphql-core's "Did you mean ...?" hints, which reveal the schema."""
    message = _SUGGESTION.sub("", error.message)
    return error if message == error.message else _copy(error, message=message)


def capped(errors: list[GraphQLError], limit: int) -> list[GraphQLError]:
    """The first ``limit`` errors, and one more that says how many were left out."""
    if len(errors) <= limit:
        return errors
    omitted = len(errors) - limit
    note = GraphQLError(
        f"{omitted} more errors were left out: a response holds at most {limit} errors.",
        extensions={"code": TOO_MANY_ERRORS},
    )
    return [*errors[:limit], note]


def _copy(error: GraphQLError, **changes) -> GraphQLError:
    fields = {
        "message": error.message,
        "nodes": error.nodes,
        "source": error.source,
        "positions": error.positions,
        "path": error.path,
        "original_error": error.original_error,
        "extensions": error.extensions,
    }
    return GraphQLError(**(fields | changes))
