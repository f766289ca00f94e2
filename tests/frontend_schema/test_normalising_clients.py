"""The schema in real normalising caches: urql graphcache and Apollo Client's InMemoryCache
against a served endpoint (tests/clients/check.mjs and apollo_blocks.mjs, see their README).

The data has a page of every type, every block in the bodies, and the whole campaign translated
to German and published, the German post with its own paragraph text (the block-id issue's
repro: a post translated with ``copy_for_translation``, its German paragraph edited).
Node.js and the packages of tests/clients/package-lock.json are needed (see node_clients.py).
"""

import json
from pathlib import Path

import pytest
from django.test import Client
from wagtail.models import Page
from wagtail.rich_text import RichText

from campaign import factories, models
from tests.frontend_schema.full_answer import GRAPHQL_SCHEMA
from tests.frontend_schema.test_paths import publish_german_tree
from tests.node_clients import node_script_run

DOCS = Path(__file__).resolve().parents[2] / "docs" / "graphql.md"
PACKAGES = ("@apollo/client", "@urql/core", "@urql/exchange-graphcache", "graphql")
GERMAN_PARAGRAPH = "<p>GERMAN PARAGRAPH TEXT: Verbot biometrischer Überwachung</p>"


@pytest.fixture
def translated_campaign(campaign_tree, locales):
    """A page of every type in English and German, all published; the German post's first
    paragraph says GERMAN_PARAGRAPH. Returns the English post and its German translation."""
    pages = factories.pages_of_every_type(campaign_tree.campaign)
    # A page of a type the API has no fields for: the API answers it as a GenericPage.
    campaign_tree.campaign.add_child(instance=Page(title="Plain page", slug="plain-page"))
    german = publish_german_tree(campaign_tree, locales)
    english_post = pages[models.CampaignPostPage]
    german_post = german[english_post.pk]
    for block in german_post.body:
        if block.block_type == "paragraph":
            block.value = RichText(GERMAN_PARAGRAPH)
            break
    german_post.save_revision().publish()
    return english_post, german_post


def post_path(locale: str) -> str:
    """The `path` the API gives the one post in ``locale`` (German ones start with /de/)."""
    answer = (
        Client()
        .post(
            "/graphql/",
            {
                "query": "query($locale: String) "
                "{ posts(locale: $locale) { edges { node { path } } } }",
                "variables": {"locale": locale},
            },
            content_type="application/json",
        )
        .json()
    )
    [edge] = answer["data"]["posts"]["edges"]
    return edge["node"]["path"]


def check(endpoint: str) -> tuple[dict, str]:
    """The JSON summary check.mjs printed last, and its whole output; fails on a non-zero exit."""
    completed = node_script_run("check.mjs", endpoint, str(DOCS), packages=PACKAGES)
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output
    return json.loads(completed.stdout.strip().splitlines()[-1]), output


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_urql_graphcache_and_apollo_cache_every_page_type_in_two_locales(
    live_server, translated_campaign
):
    summary, output = check(f"{live_server.url}/graphql/")

    assert summary["failures"] == [], output
    assert summary["warnings"] == 0, output
    assert summary["errors"] == 0, output
    # Every page type answered its full selection in both languages.
    page_interface = GRAPHQL_SCHEMA.get_type("Page")
    page_types = {t.name for t in GRAPHQL_SCHEMA.get_possible_types(page_interface)}
    assert set(summary["pageTypes"]) == page_types, output
    for locale in ("en", "de"):
        assert {name for name, count in summary["pagesByType"][locale].items() if count} == (
            page_types
        ), output
    assert summary["apollo"] == {"enPosts": 1, "dePosts": 1, "englishUnchanged": True}, output


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_apollo_keeps_the_english_paragraphs_after_loading_the_german_post(
    live_server, translated_campaign
):
    english_path, german_path = post_path("en"), post_path("de")
    assert german_path.startswith("/de/"), german_path

    completed = node_script_run(
        "apollo_blocks.mjs",
        f"{live_server.url}/graphql/",
        english_path,
        german_path,
        packages=PACKAGES,
    )

    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output
    assert "OK: the English post is unchanged" in output
    assert "GERMAN PARAGRAPH" in output  # the German answer had its own paragraph
