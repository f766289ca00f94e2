"""The container's health check: ``python deploy/healthcheck.py /health/live/``.

Sends one GET for the path to the gunicorn in the same container and exits 0 when it answers
200, 1 otherwise (another status, a refused connection, a timeout), as Docker's HEALTHCHECK
expects. Standard library only: it runs every 30 seconds, so it must not import Django.

The request carries what the production settings check before any view runs: a ``Host`` from
``ALLOWED_HOSTS`` (the first one that names a host; "localhost" when none does) and
``X-Forwarded-Proto: https``, the proxy's header that ``SECURE_PROXY_SSL_HEADER`` trusts, so that
``SECURE_SSL_REDIRECT`` does not answer with a redirect. The port is the one of
``GUNICORN_BIND`` (default 8000, as in deploy/gunicorn.conf.py's container setting).
"""

import http.client
import os
import sys

TIMEOUT_SECONDS = 4


def health_host(allowed_hosts: str) -> str:
    """The first host name in a comma-separated ``ALLOWED_HOSTS`` that names one host.

    "*" names none; a leading dot (".example.org", any subdomain) is dropped. "localhost" when
    nothing is left.
    """
    for host in (item.strip() for item in allowed_hosts.split(",")):
        host = host.lstrip(".")
        if host and host != "*":
            return host
    return "localhost"


def bind_port(bind: str) -> int:
    """The TCP port of a gunicorn bind address ("0.0.0.0:8000", "[::]:8000"); 8000 if none."""
    _, _, port = bind.rpartition(":")
    return int(port) if port.isdigit() else 8000


def main(argv: list[str]) -> int:
    """Exit status 0 when GET ``argv[1]`` answers 200, else 1 (with the reason on stderr)."""
    path = argv[1] if len(argv) > 1 else "/health/live/"
    port = bind_port(os.environ.get("GUNICORN_BIND", "0.0.0.0:8000"))
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT_SECONDS)
    try:
        connection.request(
            "GET",
            path,
            headers={
                "Host": health_host(os.environ.get("ALLOWED_HOSTS", "")),
                "X-Forwarded-Proto": "https",
            },
        )
        status = connection.getresponse().status
    except OSError as error:
        sys.stderr.write(f"health check {path}: {error}\n")
        return 1
    finally:
        connection.close()
    if status != 200:
        sys.stderr.write(f"health check {path}: status {status}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
