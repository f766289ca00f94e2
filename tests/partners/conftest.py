"""A real webhook receiver on loopback, and subscriptions that point at it."""

from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import override_settings

from partners.models import WebhookEventType, WebhookSubscription


class Receiver:
    """An HTTP server in a thread on 127.0.0.1 that records every POST (headers, raw body).

    ``status`` is what it answers; ``delay`` seconds it waits first. ``stop()`` closes the port
    (connections are refused), ``start()`` opens it again on the same port.
    """

    def __init__(self):
        self.requests: list[dict] = []
        self.status = 204
        self.delay = 0.0
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.server = None
        self.thread = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    def start(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("content-length", 0))
                body = self.rfile.read(length)
                time.sleep(receiver.delay)
                receiver.requests.append({"headers": dict(self.headers.items()), "body": body})
                self.send_response(receiver.status)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        ThreadingHTTPServer.allow_reuse_address = True
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self):
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def events(self) -> list[dict]:
        return [json.loads(request["body"]) for request in self.requests]

    def types(self) -> list[str]:
        return [event["type"] for event in self.events()]


@pytest.fixture
def receiver():
    running = Receiver().start()
    yield running
    running.stop()


@pytest.fixture
def subscription(db, receiver):
    return WebhookSubscription.objects.create(
        name="Front end", url=receiver.url, event_types=list(WebhookEventType.values)
    )


@pytest.fixture
def database_queue():
    """The real database task backend instead of the tests' immediate one (django-tasks resets
    its backends when TASKS changes)."""
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        yield


def run_worker():
    """Run the database worker until no task is ready (`db_worker --batch`), in this process.

    The worker closes "old" database connections between tasks; inside a test's transaction
    Django counts the test's own connection as such (its autocommit is off) and PostgreSQL's
    would be closed, so that housekeeping is left out here.
    """
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    ):
        call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
