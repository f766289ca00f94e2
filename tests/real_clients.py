"""The real GraphQL clients of tests/clients, run with Node.js (tests/clients/README.md)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

CLIENTS = Path(__file__).resolve().parent / "clients"
SCRIPT = CLIENTS / "persisted_queries.mjs"
PACKAGES = ("@apollo/client", "@urql/core", "@urql/exchange-persisted")


def run_client(client: str, endpoint: str, query: str, variables: dict, *, times: int = 2) -> dict:
    """What ``client`` (plain, apollo or urql) got when it sent ``query`` ``times`` times to
    ``endpoint``, and its HTTP requests (``persisted_queries.mjs``). Fails the test, saying what
    to install, when Node.js or the packages are missing."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js (`node`) is needed for the real-client tests and was not found.")
    for package in PACKAGES:
        if not (CLIENTS / "node_modules" / package).is_dir():
            pytest.fail(
                f"{package} is not installed in tests/clients: run `make test` (which runs "
                "`npm ci` there) or `npm ci --prefix tests/clients`."
            )
    completed = subprocess.run(  # noqa: S603
        [node, str(SCRIPT), client, endpoint, query, json.dumps(variables), str(times)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)
