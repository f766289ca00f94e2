from campaign import factories


def test_posts_and_page(campaign_tree, gql):
    org = factories.OrganisationPageFactory(parent=campaign_tree.organisations, title="EDRi")
    post = factories.CampaignPostPageFactory(parent=campaign_tree.posts, title="Hello")
    post.related_organisations.create(organisation=org)
    post.save()
    result = gql(
        """{ posts { totalCount edges { cursor node { id title path url locale
             relatedOrganisations { name logo { url } } seo { title canonicalUrl }
             parent { title } } } }
           campaigns { title intro { html } counter { count } demands { number } }
           page(path: "/news/hello/") { __typename title ... on CampaignPost { summary } } }"""
    )
    print(result.data)
    assert result.data["posts"]["totalCount"] == 1
    assert result.data["page"]["__typename"] == "CampaignPost"
