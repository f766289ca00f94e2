"""Running the real JavaScript clients of tests/clients from a test (see its README.md)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

CLIENTS = Path(__file__).resolve().parent / "clients"


def node_client_run(script: str, arguments: list[str], *, packages: tuple[str, ...]) -> dict:
    """Run ``node tests/clients/<script> <arguments>`` and return the JSON it prints. Fails the
    test, saying what to install, when Node.js or one of the npm ``packages`` is missing (they
    never skip), and when the script exits non-zero (with its standard error)."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js (`node`) is needed for the real-client tests and was not found.")
    for package in packages:
        if not (CLIENTS / "node_modules" / package).is_dir():
            pytest.fail(
                f"{package} is not installed in tests/clients: run `make test` (which runs "
                "`npm ci` there) or `npm ci --prefix tests/clients`."
            )
    completed = subprocess.run(
        [node, str(CLIENTS / script), *arguments],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)
