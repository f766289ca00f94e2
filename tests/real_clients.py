"""Apollo Client and urql with their persisted-queries support, run with Node.js
(tests/clients/persisted_queries.mjs; tests/clients/README.md)."""

import json

from tests.node_clients import node_client_run

PACKAGES = ("@apollo/client", "@urql/core", "@urql/exchange-persisted")


def run_client(client: str, endpoint: str, query: str, variables: dict, *, times: int = 2) -> dict:
    """What ``client`` (plain, apollo or urql) got when it sent ``query`` ``times`` times to
    ``endpoint``, and its HTTP requests (``persisted_queries.mjs``). Fails the test, saying what
    to install, when Node.js or the packages are missing."""
    return node_client_run(
        "persisted_queries.mjs",
        [client, endpoint, query, json.dumps(variables), str(times)],
        packages=PACKAGES,
    )
