"""A campaign with public posts and one hidden post of each kind, for feeds and the sitemap.

Hidden: a draft, a private post (login restriction), an expired post, and an alias of a hidden
post (its original is put behind a login). The public post links to the hidden ones in its text,
so a test can check that the links lose their ``href`` too.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from campaign import factories
from tests.frontend_schema.conftest import gql  # noqa: F401 - the GraphQL fixture, shared

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
