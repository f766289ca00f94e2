"""The SSRF guard: private, loopback, link-local and reserved targets are refused when saved and
again when connecting, unless WEBHOOKS_ALLOW_PRIVATE_TARGETS is on."""

import socket

import pytest

from partners import outbound, services
from partners.models import WebhookDelivery, WebhookSubscription


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "::1",
        "fc00::1",
        "fe80::1",
        "::ffff:127.0.0.1",
        "224.0.0.1",
        "240.0.0.1",
    ],
)
def test_non_public_addresses(address):
    assert not outbound.address_is_public(address)


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:4700::6810:84e5", "1.1.1.1"])
def test_public_addresses(address):
    assert outbound.address_is_public(address)


def test_target_check(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    for url in (
        "http://127.0.0.1:8000/",
        "http://localhost/",
        "https://[::1]/",
        "gopher://x/",
        "http://user:pw@93.184.215.14/",
        "http:///nohost",
    ):
        with pytest.raises(outbound.UnsafeTargetError):
            outbound.target_check(url)
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = True
    outbound.target_check("http://127.0.0.1:8000/")


def test_a_name_that_resolves_to_a_private_address_is_refused_when_connecting(
    db, settings, monkeypatch, receiver
):
    """DNS rebinding: the name passed the check when saved, and now points at loopback."""
    subscription = WebhookSubscription.objects.create(
        name="Rebinding",
        url=f"http://hooks.example.org:{receiver.port}/",
        event_types=["page.published"],
    )
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    real = socket.getaddrinfo

    def rebinding(host, *args, **kwargs):
        if host == "hooks.example.org":
            return real("127.0.0.1", *args, **kwargs)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    delivery = WebhookDelivery.objects.create(
        subscription=subscription, message_id="msg_x", event_type="page.published", body="{}"
    )
    assert services.webhook_delivery_attempt(delivery_id=delivery.pk) == "pending"
    delivery.refresh_from_db()
    assert "private, loopback or reserved" in delivery.error
    assert receiver.requests == []


def test_the_connection_itself_is_checked(settings, monkeypatch, receiver):
    """Even past the URL check, the connection goes only to a checked address."""
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    with outbound.checked_session() as session, pytest.raises(Exception) as caught:
        session.post(receiver.url, data=b"{}", timeout=(1, 1))
    text = repr(caught.value) + repr(caught.value.__context__)
    assert "UnsafeTargetError" in text or "private" in text
    assert receiver.requests == []
