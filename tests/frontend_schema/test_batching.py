"""Lists batch a field's loads over the items that have the field, whatever else the list holds."""

from types import SimpleNamespace

import pytest

from campaign import factories, models
from frontend_schema import batching


def test_pages_with_fragments_on_several_types(campaign_tree, gql):
    campaign_tree.campaign.intro = "<p>Ban <b>biometric</b> mass surveillance.</p>"
    campaign_tree.campaign.save()
    factories.CampaignPostPageFactory(parent=campaign_tree.posts, title="Launch")
    data = gql(
        """{ pages(first: 20) { edges { node { __typename title
            ... on Campaign { intro { html } }
            ... on PostIndex { intro { text } }
            ... on CampaignPost { tags } } } } }"""
    ).data
    nodes = {node["title"]: node for node in (e["node"] for e in data["pages"]["edges"])}
    assert nodes["Reclaim Your Face"]["intro"] == {
        "html": "<p>Ban <b>biometric</b> mass surveillance.</p>"
    }
    assert nodes["News"] == {"__typename": "PostIndex", "title": "News", "intro": None}
    assert nodes["Launch"] == {"__typename": "CampaignPost", "title": "Launch", "tags": []}
    assert nodes["Coalition"] == {"__typename": "OrganisationIndex", "title": "Coalition"}


def fake_info():
    return SimpleNamespace(context=SimpleNamespace())


def test_a_loader_sees_only_the_members_of_its_owner(db):
    info = fake_info()
    campaign, post = models.CampaignPage(title="C"), models.CampaignPostPage(title="P")
    other_campaign = models.CampaignPage(title="D")
    batching.register_group(info, [campaign, post, other_campaign])
    seen = []

    def loader(members):
        seen.append(members)
        return {id(member): member.title.lower() for member in members}

    value = batching.load_for_group(info, campaign, "title", loader, owner=models.CampaignPage)
    again = batching.load_for_group(
        info, other_campaign, "title", loader, owner=models.CampaignPage
    )
    assert (value, again) == ("c", "d")
    assert seen == [[campaign, other_campaign]]


def test_asking_for_a_field_the_instance_lacks_is_a_type_error(db):
    info = fake_info()
    post = models.CampaignPostPage(title="P")
    with pytest.raises(TypeError, match="CampaignPostPage is not a CampaignPage"):
        batching.load_for_group(info, post, "intro", dict, owner=models.CampaignPage)
