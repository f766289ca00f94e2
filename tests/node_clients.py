"""Running the real JavaScript clients of tests/clients (Node.js scripts) from pytest.

Node.js and the packages of tests/clients/package-lock.json are needed: `make test` installs the
packages (`npm ci`). Without them a test fails, saying what is missing; it never skips.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

CLIENTS = Path(__file__).resolve().parent / "clients"


def node_script_run(
    script: str, *arguments: str, packages: tuple[str, ...], timeout: int = 180
) -> subprocess.CompletedProcess:
    """Run ``tests/clients/<script>`` with ``arguments`` under Node.js and return the finished
    process (its ``returncode``, ``stdout`` and ``stderr`` as text).

    Fails the calling test (``pytest.fail``) when ``node`` is not on the PATH or one of the npm
    ``packages`` is not installed in tests/clients/node_modules; raises
    ``subprocess.TimeoutExpired`` after ``timeout`` seconds.
    """
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js (`node`) is needed for the real-client tests and was not found.")
    for package in packages:
        if not (CLIENTS / "node_modules" / package).is_dir():
            pytest.fail(
                f"{package} is not installed in tests/clients: run `make test` (which runs "
                "`npm ci` there) or `npm ci --prefix tests/clients`."
            )
    return subprocess.run(
        [node, str(CLIENTS / script), *arguments],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def node_client_run(script: str, arguments: list[str], *, packages: tuple[str, ...]) -> dict:
    """``node_script_run`` for a script that prints one JSON document: that document. Fails the
    test when the script exits non-zero (with its standard error)."""
    completed = node_script_run(script, *arguments, packages=packages)
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)
