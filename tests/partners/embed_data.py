"""Data for the embed and oEmbed tests: a campaign with a counter, posts, a coalition, a German
translation, and hidden pages of every kind (imported by the test modules as fixtures)."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from campaign import factories
from campaign.choices import OrganisationRole
from campaign.services import signature_count_record
from tests.restrictions import restrict

FRONTEND = "https://reclaimyourface.example"

HIDDEN_KINDS = [
    "draft",
    "unpublished",
    "expired",
    "login",
    "password",
    "groups",
    "under_private_parent",
    "alias_of_hidden",
]


def hidden_page(kind: str, make, parent, private_parent):
    """A page made by ``make(parent, title=...)``, hidden in the way ``kind`` says.
    ``private_parent`` is a public page of a type that ``make``'s pages can sit under, which
    this function puts behind a login for "under_private_parent"."""
    title = f"Hidden {kind}"
    if kind == "draft":
        return make(parent, title=title, live=False)
    if kind == "under_private_parent":
        restrict(private_parent)
        return make(private_parent, title=title)
    if kind == "alias_of_hidden":
        original = make(parent, title=f"{title} original")
        alias = original.create_alias(parent=parent, update_slug=f"alias-{original.slug}")
        restrict(original)
        return alias.specific
    page = make(parent, title=title)
    if kind == "unpublished":
        page.unpublish()
    elif kind == "expired":
        type(page).objects.filter(pk=page.pk).update(
            expire_at=timezone.now() - datetime.timedelta(minutes=1)
        )
    else:
        restrict(page, kind)
    return page


@pytest.fixture
def world(campaign_tree, locales):
    """The campaign (goal 1,000,000; 182,341 signatures on 2026-03-15; its first call to action
    leads to the demands), a post with a hero image, two organisations (a lead with a logo) and
    a draft one, and the campaign, its index pages and the post translated into German."""
    tree = campaign_tree
    campaign = tree.campaign
    campaign.signature_goal = 1_000_000
    campaign.calls_to_action = [
        {
            "type": "call_to_action",
            "value": {
                "title": "Sign the ECI",
                "text": "",
                "button_label": "Sign the ECI",
                "page": tree.demands.pk,
                "url": "",
            },
        }
    ]
    campaign.save_revision().publish()
    signature_count_record(
        campaign=campaign,
        count=182_341,
        as_of=datetime.date(2026, 3, 15),
        source_url="https://citizens-initiative.example/count",
    )
    post = factories.CampaignPostPageFactory(
        parent=tree.posts,
        title="Coalition meets MEPs",
        summary="Members met MEPs on the AI Act.",
        publication_date=datetime.date(2026, 3, 1),
        hero_image=factories.ImageFactory(file__width=1280, file__height=720),
    )
    lead = factories.OrganisationPageFactory(
        parent=tree.organisations,
        title="Zeta Lead",
        role=OrganisationRole.LEAD,
        logo=factories.ImageFactory(file__width=300, file__height=100),
        website="https://zeta.example",
    )
    partner = factories.OrganisationPageFactory(parent=tree.organisations, title="Alpha Partner")
    draft_org = factories.OrganisationPageFactory(
        parent=tree.organisations, title="Draft Organisation", live=False
    )
    private_org = factories.OrganisationPageFactory(
        parent=tree.organisations, title="Private Organisation"
    )
    restrict(private_org)

    german = campaign.copy_for_translation(locales["de"])
    german.title = "Reclaim Your Face DE"
    german.save_revision().publish()
    german_demands = tree.demands.copy_for_translation(locales["de"])
    german_demands.title = "Forderungen"
    german_demands.slug = "forderungen"
    german_demands.save_revision().publish()
    german_posts = tree.posts.copy_for_translation(locales["de"])
    german_posts.save_revision().publish()
    german_post = post.copy_for_translation(locales["de"])
    german_post.title = "Das Bündnis trifft Abgeordnete"
    german_post.save_revision().publish()
    return SimpleNamespace(
        tree=tree,
        campaign=campaign,
        german=german,
        post=post,
        german_post=german_post,
        lead=lead,
        partner=partner,
        draft_org=draft_org,
        private_org=private_org,
    )


def hidden_campaign(world, kind):
    """A campaign nested in the world's campaign, hidden in the way ``kind`` says, with a
    counter reading and a lead organisation of its own."""

    def make(parent, **kwargs):
        return factories.CampaignPageFactory(parent=parent, signature_goal=100, **kwargs)

    private_parent = factories.CampaignPageFactory(parent=world.campaign, title="Members area")
    campaign = hidden_page(kind, make, world.campaign, private_parent)
    signature_count_record(campaign=campaign, count=77)
    organisations = factories.OrganisationIndexPageFactory(parent=campaign)
    factories.OrganisationPageFactory(parent=organisations, title="Hidden member")
    return campaign


def hidden_post(world, kind):
    """A post hidden in the way ``kind`` says."""

    def make(parent, **kwargs):
        return factories.CampaignPostPageFactory(parent=parent, **kwargs)

    members = factories.CampaignPageFactory(parent=world.campaign, title="Members news")
    private_posts = factories.PostIndexPageFactory(parent=members)
    return hidden_page(kind, make, world.tree.posts, private_posts)
