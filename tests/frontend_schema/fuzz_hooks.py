"""What counts as a server error when fuzzing the endpoint, for the test suite and the CLI.

In the suite, ``test_fuzz.py`` calls ``problems``. Against a running server, load this module as
a Schemathesis hook and run its check instead of ``not_a_server_error`` (which counts the API's
documented ``NOT_FOUND`` answers as failures)::

    SCHEMATHESIS_HOOKS=tests.frontend_schema.fuzz_hooks .venv/bin/schemathesis run \\
        http://127.0.0.1:8000/graphql/ --checks no_server_error --max-examples 200
"""

import json

import schemathesis

# The codes of docs/graphql-endpoint.md, "Error codes", but INTERNAL_SERVER_ERROR.
CLIENT_CODES = {
    "GRAPHQL_PARSE_FAILED",
    "GRAPHQL_VALIDATION_FAILED",
    "BAD_USER_INPUT",
    "NOT_FOUND",
    "BAD_REQUEST",
    "METHOD_NOT_ALLOWED",
    "NOT_ACCEPTABLE",
    "PAYLOAD_TOO_LARGE",
    "URI_TOO_LONG",
    "TOO_MANY_ERRORS",
}


def problems(status: int, content_type: str, content: bytes) -> list[str]:
    """What is wrong with an answer of the endpoint: a 5xx status, a body that is not JSON (an
    HTML error page), or an error without a client code. Empty when nothing is."""
    found = []
    if status >= 500:
        found.append(f"status {status}")
    if not content_type.startswith(("application/json", "application/graphql-response+json")):
        return [*found, f"Content-Type {content_type}"]
    try:
        body = json.loads(content)
    except ValueError:
        return [*found, "a body that is not JSON"]
    for error in body.get("errors") or []:
        code = (error.get("extensions") or {}).get("code")
        if code not in CLIENT_CODES:
            found.append(f"{code}: {error.get('message')}")
    return found


@schemathesis.check
def no_server_error(ctx, response, case):
    """Fails on a 5xx, a body that is not JSON, or an error without a documented client code."""
    # Schemathesis gives the headers as lists, under lower-case names.
    headers = {name.lower(): values for name, values in response.headers.items()}
    content_type = (headers.get("content-type") or [""])[0]
    found = problems(response.status_code, content_type, response.content)
    if found:
        raise AssertionError("; ".join(found))
