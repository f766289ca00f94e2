"""Autosaved drafts: an abandoned new page does not block its slug, and never-published pages
leave no redirects behind."""

from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.contrib.redirects.models import Redirect

from campaign import factories
from campaign.models import CampaignPostPage
from tests.campaign.admin_forms import post_form_data


def add_post(client, parent, **fields):
    url = reverse("wagtailadmin_pages:add", args=("campaign", "campaignpostpage", parent.pk))
    return client.post(url, post_form_data(**fields))


def edit_post(client, page, **fields):
    return client.post(
        reverse("wagtailadmin_pages:edit", args=(page.pk,)), post_form_data(**fields)
    )


def test_retyping_the_title_of_an_abandoned_new_post_works(campaign_tree, admin_client):
    # The first attempt: autosave stored it as a draft, and the editor left.
    draft_data = {"title": "Hello", "slug": "hello", "action-publish": ""}
    add_post(admin_client, campaign_tree.posts, **draft_data)
    abandoned = CampaignPostPage.objects.get(slug="hello")
    assert abandoned.first_published_at is None

    response = add_post(admin_client, campaign_tree.posts, title="Hello", slug="hello")

    assert response.status_code == 302, response.context["form"].errors
    post = CampaignPostPage.objects.exclude(pk=abandoned.pk).get(title="Hello")
    assert post.slug == "hello-2"
    assert post.live
    warnings = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert len(warnings) == 1
    assert "'hello' belongs to an unpublished draft" in warnings[0]
    assert "'hello-2'" in warnings[0]


def test_the_slug_of_a_published_page_is_still_refused(campaign_tree, admin_client):
    factories.CampaignPostPageFactory(parent=campaign_tree.posts, slug="hello")

    response = add_post(admin_client, campaign_tree.posts, title="Hello", slug="hello")

    assert response.status_code == 200
    assert "already in use" in str(response.context["form"].errors["slug"])


def test_a_retitled_never_published_draft_leaves_no_redirect(
    campaign_tree, admin_client, django_capture_on_commit_callbacks
):
    add_post(
        admin_client, campaign_tree.posts, title="Draft", slug="draft", **{"action-publish": ""}
    )
    draft = CampaignPostPage.objects.get(slug="draft")

    # Wagtail creates redirects once the transaction commits.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = edit_post(
            admin_client, draft, title="Renamed", slug="renamed", **{"action-publish": ""}
        )

    assert response.status_code == 302
    assert callbacks, "the slug change was not signalled"
    draft.refresh_from_db()
    assert draft.slug == "renamed"
    assert not Redirect.objects.exists()


def test_a_renamed_published_page_still_gets_its_redirect(
    campaign_tree, admin_client, django_capture_on_commit_callbacks
):
    post = factories.CampaignPostPageFactory(parent=campaign_tree.posts, slug="old")

    with django_capture_on_commit_callbacks(execute=True):
        response = edit_post(admin_client, post, title="New", slug="new")

    assert response.status_code == 302
    redirect = Redirect.objects.get()
    assert redirect.old_path == "/news/old"
    assert redirect.redirect_page_id == post.pk
