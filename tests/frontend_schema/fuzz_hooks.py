"""What counts as a server error when fuzzing the endpoint, for the test suite and the CLI.

In the suite, ``test_fuzz.py`` calls ``problems``. Against a running server, load this module as
a Schemathesis hook and run its check instead of ``not_a_server_error`` (which counts the API's
documented ``NOT_FOUND`` answers as failures)::

    SCHEMATHESIS_HOOKS=tests.frontend_schema.fuzz_hooks .venv/bin/schemathesis run \\
        http://127.0.0.1:8000/graphql/ --checks no_server_error --max-examples 200
"""

import json
import re
from pathlib import Path

import schemathesis


def documented_client_codes() -> set[str]:
    """The codes of docs/graphql-endpoint.md's "Error codes" table, but INTERNAL_SERVER_ERROR:
    read from the docs, so a code is accepted once it is documented, and only then."""
    text = (Path(__file__).resolve().parents[2] / "docs" / "graphql-endpoint.md").read_text()
    table = text.split("| Code | Meaning | Message |", 1)[1].split("\n\n", 1)[0]
    codes = {
        code
        for row in table.splitlines()
        if row.startswith("| `")
        for code in re.findall(r"`([A-Z_]+)`", row.split("|")[1])
    }
    return codes - {"INTERNAL_SERVER_ERROR"}


CLIENT_CODES = documented_client_codes()


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
