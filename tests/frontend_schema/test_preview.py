"""Headless preview: the admin hands the front end a token; the API serves the unsaved content."""

import datetime
from urllib.parse import parse_qs, urlparse

import pytest
from django.test import override_settings
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset

from campaign import factories
from campaign.models import PagePreview
from campaign.services import page_preview_create
from tests.campaign.admin_forms import post_form_data

PREVIEW_QUERY = """query($t: String!) { preview(token: $t) { __typename title path
    ... on CampaignPost { summary relatedOrganisations { name } } } }"""


@pytest.fixture
def post(campaign_tree):
    post = factories.CampaignPostPageFactory(
        parent=campaign_tree.posts, title="Published title", summary="Published summary"
    )
    return post


def edit_form(post, organisation):
    return post_form_data(
        title="Draft title",
        slug=post.slug,
        summary="Draft summary",
        related_organisations=inline_formset([{"organisation": organisation.pk}]),
    )


@override_settings(FRONTEND_PREVIEW_URL="https://front.example/api/preview")
def test_admin_preview_sends_editors_to_the_front_end_with_a_token(
    campaign_tree, post, admin_client, gql
):
    organisation = factories.OrganisationPageFactory(
        parent=campaign_tree.organisations, title="EDRi"
    )
    draft_organisation = factories.OrganisationPageFactory(
        parent=campaign_tree.organisations, title="Draft org", live=False
    )
    preview_url = f"/admin/pages/{post.pk}/edit/preview/"
    response = admin_client.post(preview_url, edit_form(post, organisation))
    assert response.json()["is_valid"] is True
    response = admin_client.get(preview_url)
    assert response.status_code == 302
    target = urlparse(response["Location"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == "https://front.example/api/preview"
    token = parse_qs(target.query)["token"][0]
    assert parse_qs(target.query)["type"] == ["CampaignPostPage"]

    data = gql(PREVIEW_QUERY, {"t": token}).data["preview"]
    assert data == {
        "__typename": "CampaignPost",
        "title": "Draft title",
        "path": "/news/published-title/",
        "summary": "Draft summary",
        "relatedOrganisations": [{"name": "EDRi"}],
    }
    # The public API still serves the published version.
    public = gql('{ page(path: "/news/published-title/") { title } }').data["page"]
    assert public == {"title": "Published title"}

    # Draft pages linked from the preview stay hidden.
    admin_client.post(preview_url, edit_form(post, draft_organisation))
    token = parse_qs(urlparse(admin_client.get(preview_url)["Location"]).query)["token"][0]
    assert gql(PREVIEW_QUERY, {"t": token}).data["preview"]["relatedOrganisations"] == []


def test_without_a_front_end_the_admin_shows_the_built_in_preview(post, admin_client):
    preview_url = f"/admin/pages/{post.pk}/edit/preview/"
    organisation = factories.OrganisationPageFactory(parent=post.get_parent().get_parent())
    admin_client.post(preview_url, edit_form(post, organisation))
    response = admin_client.get(preview_url)
    assert response.status_code == 200
    assert b"Draft title" in response.content


def test_unknown_and_expired_tokens_are_clear_errors(post, gql):
    result = gql(PREVIEW_QUERY, {"t": "made-up"}, allow_errors=True)
    assert result.codes == ["NOT_FOUND"]
    assert "expired" in result.messages[0]
    preview = page_preview_create(page=post)
    PagePreview.objects.filter(pk=preview.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=2)
    )
    result = gql(PREVIEW_QUERY, {"t": preview.token}, allow_errors=True)
    assert result.codes == ["NOT_FOUND"]


def test_creating_a_preview_removes_expired_ones(post):
    old = page_preview_create(page=post)
    PagePreview.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=2)
    )
    page_preview_create(page=post)
    assert not PagePreview.objects.filter(pk=old.pk).exists()
    assert PagePreview.objects.count() == 1


def test_preview_answers_are_never_cached(post, client):
    preview = page_preview_create(page=post)
    response = client.get(
        "/graphql/", {"query": PREVIEW_QUERY, "variables": f'{{"t": "{preview.token}"}}'}
    )
    assert response.status_code == 200
    assert response.json()["data"]["preview"]["title"] == "Published title"
    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_every_page_type_has_a_built_in_preview_and_an_api_preview(
    campaign_tree, admin_client, gql
):
    for model, page in factories.pages_of_every_type(campaign_tree.campaign).items():
        response = admin_client.get(f"/admin/pages/{page.pk}/view_draft/")
        assert response.status_code == 200, model
        assert page.title.encode() in response.content
        preview = page_preview_create(page=page.specific)
        data = gql("query($t: String!) { preview(token: $t) { title } }", {"t": preview.token})
        assert data.data["preview"]["title"] == page.title, model
