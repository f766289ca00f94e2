"""Fixtures for the partners' tests.

Webhooks: a real receiver on loopback, subscriptions that point at it, the database task queue
and its worker. Feeds and the sitemap: a campaign with public posts and one hidden post of each
kind (a draft, a private post behind a login, an expired post, and an alias of a hidden post);
the public post links to the hidden ones in its text, so a test can check that the links lose
their ``href`` too.
"""

from __future__ import annotations

import datetime
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from campaign import factories
from partners.models import WebhookEventType, WebhookSubscription
from tests.frontend_schema.conftest import gql  # noqa: F401 - the GraphQL fixture, shared


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


HIDDEN_KINDS = ["draft", "private", "expired", "alias_of_hidden"]


@pytest.fixture
def feed_world(campaign_tree, locales):
    tree = campaign_tree
    hero = factories.ImageFactory(title="Protest in Brussels", file__width=1600, file__height=900)
    figure = factories.ImageFactory(title="Chart", file__width=800, file__height=600)

    def post(title, **kwargs):
        return factories.CampaignPostPageFactory(
            parent=kwargs.pop("parent", tree.posts),
            title=title,
            summary=f"{title} & more",
            **kwargs,
        )

    hidden = {}
    hidden["draft"] = post("Draft post needle", live=False)
    hidden["private"] = post("Private post needle")
    PageViewRestriction.objects.create(
        page=hidden["private"], restriction_type=PageViewRestriction.LOGIN
    )
    hidden["expired"] = post(
        "Expired post needle", expire_at=timezone.now() - datetime.timedelta(days=1)
    )
    original = post("Aliased original needle")
    hidden["alias_of_hidden"] = original.create_alias(parent=tree.posts, update_slug="mirrored")
    PageViewRestriction.objects.create(page=original, restriction_type=PageViewRestriction.LOGIN)

    older = post("Older post", publication_date=datetime.date(2021, 1, 1))
    body = [
        {"type": "heading", "value": {"text": "Why it matters", "level": "h2"}},
        {
            "type": "paragraph",
            "value": f'<p>Read <a linktype="page" id="{older.pk}">the older post</a> and '
            f'<a linktype="page" id="{hidden["draft"].pk}">the draft</a>, or '
            '<a href="https://example.org/report">the report</a>.</p>',
        },
        {
            "type": "image",
            "value": {"image": figure.pk, "alt_text": "A rising line", "caption": "Growth"},
        },
        {
            "type": "quote",
            "value": {"text": "Ban it <now>", "speaker": "Jane Doe", "speaker_role": "MEP"},
        },
    ]
    public = post(
        "Public post",
        publication_date=datetime.date(2022, 5, 1),
        hero_image=hero,
        body=body,
        licence="cc_by_sa_4",
        partners_may_republish=False,
    )
    public.tags.add("AI Act", "Surveillance")
    public.save_revision().publish()
    older.tags.add("Surveillance")
    older.save_revision().publish()
    external = post(
        "Syndicated post",
        publication_date=datetime.date(2022, 4, 1),
        canonical_url="https://partner.example/original-story/",
    )

    german_campaign = tree.campaign.copy_for_translation(locales["de"])
    german_campaign.save_revision().publish()
    german_posts = tree.posts.copy_for_translation(locales["de"])
    german_posts.save_revision().publish()
    german = public.copy_for_translation(locales["de"])
    german.title = "Öffentlicher Beitrag"
    german.save_revision().publish()
    return SimpleNamespace(
        tree=tree,
        public=Page.objects.get(pk=public.pk).specific,
        older=older,
        external=external,
        german=Page.objects.get(pk=german.pk).specific,
        german_campaign=german_campaign,
        hidden=hidden,
        hero=hero,
    )


@pytest.fixture
def get(client, feed_world):
    """GET a path of the feed world's site: ``get(path, data=..., HTTP_IF_NONE_MATCH=...)``."""

    def run(path, **kwargs):
        return client.get(path, HTTP_HOST="localhost", **kwargs)

    return run
