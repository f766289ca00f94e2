"""Outbound HTTP to addresses that administrators type in: refuses private networks (SSRF).

A URL that resolves to a loopback, private, link-local, shared, multicast or reserved address is
refused, at save time (``target_check``) and again at connection time: the connection goes to the
very address that was checked, so a DNS answer that changes in between (DNS rebinding) cannot
redirect a request into the private network. ``WEBHOOKS_ALLOW_PRIVATE_TARGETS = True`` lifts the
rule (development and tests, whose receivers listen on 127.0.0.1).
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool


class UnsafeTargetError(ValueError):
    """The target URL is not allowed: bad scheme, unresolvable host or a non-public address."""


def private_targets_allowed() -> bool:
    return bool(getattr(settings, "WEBHOOKS_ALLOW_PRIVATE_TARGETS", False))


def address_is_public(address: str) -> bool:
    """True for a globally routable unicast address (``ipaddress``'s ``is_global``), which leaves
    out loopback, RFC 1918 private, link-local, shared (100.64/10), multicast and reserved
    ranges, and IPv4-mapped IPv6 forms of them."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def resolve_public(host: str, port: int) -> list[tuple]:
    """``getaddrinfo`` results for ``host`` (TCP), all of them public unless private targets
    are allowed. Raises ``UnsafeTargetError`` when the host does not resolve or any of its
    addresses is not public (one bad address is enough to refuse: a client may pick any)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise UnsafeTargetError(f"The host '{host}' could not be resolved.") from error
    if not private_targets_allowed():
        for info in infos:
            address = info[4][0]
            if not address_is_public(address):
                raise UnsafeTargetError(
                    f"The host '{host}' resolves to {address}, a private, loopback or reserved "
                    "address. Only public addresses may receive webhooks."
                )
    return infos


def target_check(url: str) -> None:
    """Check that ``url`` may receive requests: http(s), a host, and public addresses only.

    Raises ``UnsafeTargetError`` with a message for the administrator.
    """
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        raise UnsafeTargetError("The URL must start with https:// or http://.")
    if not parts.hostname:
        raise UnsafeTargetError("The URL has no host.")
    if parts.username or parts.password:
        raise UnsafeTargetError("The URL must not contain a user name or password.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise UnsafeTargetError("The URL's port is not valid.") from error
    resolve_public(parts.hostname, port)


class _CheckedConnectionMixin:
    """Connects only to addresses ``resolve_public`` accepts, resolving once and connecting to
    the checked address (TLS still verifies the certificate against the host name)."""

    def _new_conn(self):
        infos = resolve_public(self._dns_host, self.port)
        host = self._dns_host
        last_error = None
        for info in infos:
            self._dns_host = info[4][0]
            try:
                return super()._new_conn()
            except Exception as error:  # noqa: BLE001 - try the next address, like urllib3
                last_error = error
            finally:
                self._dns_host = host
        raise last_error


class CheckedHTTPConnection(_CheckedConnectionMixin, HTTPConnection):
    pass


class CheckedHTTPSConnection(_CheckedConnectionMixin, HTTPSConnection):
    pass


class CheckedHTTPConnectionPool(HTTPConnectionPool):
    ConnectionCls = CheckedHTTPConnection


class CheckedHTTPSConnectionPool(HTTPSConnectionPool):
    ConnectionCls = CheckedHTTPSConnection


class CheckedAdapter(HTTPAdapter):
    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": CheckedHTTPConnectionPool,
            "https": CheckedHTTPSConnectionPool,
        }


def checked_session() -> requests.Session:
    """A ``requests`` session that refuses non-public addresses at connection time and ignores
    proxy and .netrc settings from the environment (they would bypass the check)."""
    session = requests.Session()
    session.trust_env = False
    adapter = CheckedAdapter(max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def timeouts() -> tuple[float, float]:
    """``(connect, read)`` timeouts in seconds, from ``WEBHOOKS_CONNECT_TIMEOUT`` and
    ``WEBHOOKS_READ_TIMEOUT``."""
    return (
        float(getattr(settings, "WEBHOOKS_CONNECT_TIMEOUT", 5)),
        float(getattr(settings, "WEBHOOKS_READ_TIMEOUT", 10)),
    )
