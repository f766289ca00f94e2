from campaign import factories


def test_campaign_tree_builds(campaign_tree):
    post = factories.CampaignPostPageFactory(parent=campaign_tree.posts)
    assert post.get_campaign().specific == campaign_tree.campaign
