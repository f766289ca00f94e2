"""Page-type rules: editors can create each page type only where it belongs."""

from types import SimpleNamespace

import pytest
from django.urls import reverse
from wagtail.models import Page, get_page_models
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from campaign import factories
from campaign.models import (
    CampaignPage,
    CampaignPostPage,
    DemandIndexPage,
    DemandPage,
    OpenLetterPage,
    OrganisationIndexPage,
    OrganisationPage,
    PostIndexPage,
    StandardPage,
    SupporterIndexPage,
    SupporterPage,
)

INDEX_PAGES = [PostIndexPage, DemandIndexPage, OrganisationIndexPage, SupporterIndexPage]

# page type: (the parent types it may sit under, the child types it may hold)
RULES = {
    CampaignPage: (
        {Page, CampaignPage},
        {CampaignPage, *INDEX_PAGES, OpenLetterPage, StandardPage},
    ),
    PostIndexPage: ({CampaignPage}, {CampaignPostPage}),
    DemandIndexPage: ({CampaignPage}, {DemandPage}),
    OrganisationIndexPage: ({CampaignPage}, {OrganisationPage}),
    SupporterIndexPage: ({CampaignPage}, {SupporterPage}),
    CampaignPostPage: ({PostIndexPage}, set()),
    DemandPage: ({DemandIndexPage}, set()),
    OrganisationPage: ({OrganisationIndexPage}, set()),
    SupporterPage: ({SupporterIndexPage}, set()),
    OpenLetterPage: ({CampaignPage}, set()),
    StandardPage: ({CampaignPage, StandardPage}, {StandardPage}),
}


@pytest.fixture
def one_of_each(campaign_tree):
    """A page of every type, keyed by type, with the tree's root under ``Page``."""
    pages = {
        Page: Page.get_first_root_node(),
        **factories.pages_of_every_type(campaign_tree.campaign),
    }
    return SimpleNamespace(tree=campaign_tree, pages=pages)


def test_the_rules_cover_every_page_type():
    assert set(RULES) == {
        model for model in get_page_models() if model._meta.app_label == "campaign"
    }


@pytest.mark.parametrize("model", RULES, ids=lambda model: model.__name__)
def test_declared_parents_and_children(model):
    parents, children = RULES[model]
    assert set(model.allowed_parent_page_models()) == parents
    assert set(model.allowed_subpage_models()) == children


def test_only_campaigns_can_be_created_at_the_top_of_the_tree(db):
    root = Page.get_first_root_node()
    assert set(root.specific_class.creatable_subpage_models()) == {CampaignPage}


def test_every_page_type_exists_only_under_its_parents(one_of_each):
    # Every page type against a real page of every type: one matrix, so a failure shows all
    # the pairs that changed.
    pairs = [(model, parent_type) for model in RULES for parent_type in one_of_each.pages]
    can_exist = {
        (model.__name__, parent_type.__name__): model.can_exist_under(
            one_of_each.pages[parent_type]
        )
        for model, parent_type in pairs
    }
    can_create = {
        (model.__name__, parent_type.__name__): model.can_create_at(one_of_each.pages[parent_type])
        for model, parent_type in pairs
    }

    expected = {
        (model.__name__, parent_type.__name__): parent_type in RULES[model][0]
        for model, parent_type in pairs
    }
    assert can_exist == expected
    # Creating is never allowed where the type may not exist (and the tree's campaign already
    # has its index pages, so those are not creatable there either).
    assert {pair for pair, allowed in can_create.items() if allowed} == {
        pair
        for pair, allowed in expected.items()
        if allowed and pair[0] not in {model.__name__ for model in INDEX_PAGES}
    }


@pytest.mark.parametrize("model", INDEX_PAGES, ids=lambda model: model.__name__)
def test_a_campaign_has_at_most_one_index_of_each_kind(model, db):
    campaign = factories.CampaignPageFactory()
    assert model.max_count_per_parent == 1
    assert model.can_create_at(campaign) is True

    campaign.add_child(instance=model(title="The one", slug="the-one"))

    assert model.can_create_at(campaign) is False
    # The limit is per campaign: another campaign can still have its own.
    assert model.can_create_at(factories.CampaignPageFactory()) is True


def test_a_second_news_index_is_refused_in_the_admin(campaign_tree, admin_client):
    url = reverse(
        "wagtailadmin_pages:add", args=("campaign", "postindexpage", campaign_tree.campaign.id)
    )
    data = nested_form_data(
        {
            "title": "More news",
            "slug": "more-news",
            "intro": rich_text(""),
            "comments": inline_formset([]),
            "action-publish": "publish",
        }
    )

    assert admin_client.get(url).status_code == 302
    response = admin_client.post(url, data)

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert PostIndexPage.objects.child_of(campaign_tree.campaign).count() == 1
    assert not Page.objects.filter(slug="more-news").exists()


def test_the_add_subpage_view_offers_only_what_may_still_be_added(campaign_tree, admin_client):
    response = admin_client.get(
        reverse("wagtailadmin_pages:add_subpage", args=(campaign_tree.campaign.id,))
    )

    assert response.status_code == 200
    offered = {model_name for _, _, model_name, _ in response.context["page_types"]}
    # The four index pages exist already, so only the repeatable page types remain.
    assert offered == {"campaignpage", "openletterpage", "standardpage"}


@pytest.mark.parametrize(
    ("model", "parent_attribute"),
    [
        (CampaignPostPage, "posts"),
        (DemandPage, "demands"),
        (OrganisationPage, "organisations"),
        (SupporterPage, "supporters"),
        (OpenLetterPage, "campaign"),
        (StandardPage, "campaign"),
    ],
    ids=lambda value: getattr(value, "__name__", value),
)
def test_repeatable_page_types_have_no_count_limit(model, parent_attribute, one_of_each):
    parent = getattr(one_of_each.tree, parent_attribute)

    assert model.max_count is None
    assert model.max_count_per_parent is None
    assert model.can_create_at(parent) is True


def test_standard_pages_nest(campaign_tree):
    page = factories.StandardPageFactory(parent=campaign_tree.campaign)
    child = factories.StandardPageFactory(parent=page)

    assert StandardPage.can_create_at(child) is True


def test_a_site_can_host_several_campaigns(campaign_tree):
    root = Page.get_first_root_node()
    european = campaign_tree.campaign

    assert CampaignPage.can_create_at(root) is True
    second = factories.CampaignPageFactory(parent=root, title="Stop Killer Robots")
    assert CampaignPage.can_create_at(root) is True
    assert CampaignPage.can_create_at(european) is True
    national = factories.CampaignPageFactory(parent=european, title="Reclaim Your Face Italia")

    assert set(CampaignPage.objects.values_list("pk", flat=True)) == {
        european.pk,
        second.pk,
        national.pk,
    }
    assert national.get_parent().specific == european
    # A nested campaign has its own sections, although its parent campaign has them too.
    for model in INDEX_PAGES:
        assert model.can_create_at(national) is True
    # Pages inside the nested campaign belong to it, not to the one above.
    news = factories.PostIndexPageFactory(parent=national)
    post = factories.CampaignPostPageFactory(parent=news)
    assert post.get_campaign().pk == national.pk
