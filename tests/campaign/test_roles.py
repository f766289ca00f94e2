"""The campaign team's roles and review workflow (migration 0005), tried through the admin."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from wagtail.models import WorkflowState

from campaign import factories
from campaign.models import CampaignPostPage, DemandPage, SignatureCount
from tests.campaign.admin_forms import post_form_data

EDITORS = "Campaign editors"
MODERATORS = "Campaign moderators"
ADMINISTRATORS = "Campaign administrators"


def member(name: str, username: str) -> User:
    user = User.objects.create_user(username=username, password="a-long-test-password")
    user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def team(db):
    return {
        "editor": member(EDITORS, "editor"),
        "moderator": member(MODERATORS, "moderator"),
        "administrator": member(ADMINISTRATORS, "administrator"),
    }


def test_the_three_roles_replace_wagtails_default_groups(db):
    names = set(Group.objects.values_list("name", flat=True))
    assert {EDITORS, MODERATORS, ADMINISTRATORS} <= names
    assert not names & {"Editors", "Moderators"}


def test_what_each_role_may_do_with_pages(campaign_tree, team):
    post = factories.CampaignPostPageFactory(parent=campaign_tree.posts)
    abilities = {
        role: (
            post.permissions_for_user(user).can_edit(),
            post.permissions_for_user(user).can_publish(),
            post.permissions_for_user(user).can_delete(),
        )
        for role, user in team.items()
    }
    assert abilities == {
        "editor": (True, False, False),
        "moderator": (True, True, True),
        "administrator": (True, True, True),
    }


def test_only_administrators_manage_users_and_settings(db, team):
    for permission in (
        "auth.add_user",
        "wagtailcore.change_site",
        "campaign.change_campaignsitesettings",
    ):
        assert [role for role, user in team.items() if user.has_perm(permission)] == [
            "administrator"
        ], permission


def test_every_role_uploads_images_and_reaches_the_admin(db, team, client):
    for user in team.values():
        client.force_login(user)
        assert client.get(reverse("wagtailadmin_home")).status_code == 200
        assert client.get(reverse("wagtailimages:add")).status_code == 200


@pytest.mark.parametrize("model", [CampaignPostPage, DemandPage])
def test_posts_and_demands_go_through_the_review_workflow(campaign_tree, model):
    parent = campaign_tree.posts if model is CampaignPostPage else campaign_tree.demands
    factory = (
        factories.CampaignPostPageFactory
        if model is CampaignPostPage
        else factories.DemandPageFactory
    )
    page = factory(parent=parent)
    workflow = page.get_workflow()
    assert workflow is not None and workflow.active
    assert workflow.name == "Campaign review"
    task = workflow.tasks.get().specific
    assert set(task.groups.values_list("name", flat=True)) == {MODERATORS, ADMINISTRATORS}


def test_an_editor_submits_a_post_and_a_moderator_publishes_it(campaign_tree, team, client):
    client.force_login(team["editor"])
    add_url = reverse(
        "wagtailadmin_pages:add",
        args=("campaign", "campaignpostpage", campaign_tree.posts.pk),
    )
    # An editor cannot publish: the publish action only saves a draft.
    data = post_form_data(title="Demands handed over", slug="demands-handed-over")
    client.post(add_url, data)
    post = CampaignPostPage.objects.get(slug="demands-handed-over")
    assert not post.live

    data.pop("action-publish")
    data["action-submit"] = "submit"
    response = client.post(reverse("wagtailadmin_pages:edit", args=(post.pk,)), data)
    assert response.status_code == 302
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(post.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    post.refresh_from_db()
    assert not post.live

    client.force_login(team["moderator"])
    task_state = state.current_task_state
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=(post.pk, "approve", task_state.pk),
        ),
        {"comment": "Good to go."},
    )
    assert response.status_code in (200, 302)
    post.refresh_from_db()
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert post.live


def test_the_migration_is_idempotent(db):
    from importlib import import_module

    from django.apps import apps

    roles = import_module("campaign.migrations.0005_editorial_roles")
    counts = import_module("campaign.migrations.0006_signature_count_history")
    webhooks = import_module("partners.migrations.0002_webhook_permissions")
    before = {
        group.name: sorted(group.permissions.values_list("codename", flat=True))
        for group in Group.objects.all()
    }
    roles.roles_ensure(apps, None)
    counts.permissions_grant(apps, None)
    webhooks.permissions_grant(apps, None)
    after = {
        group.name: sorted(group.permissions.values_list("codename", flat=True))
        for group in Group.objects.all()
    }
    assert after == before


# --- The counter: a new reading in one step -------------------------------------------------


def test_an_editor_records_a_count_without_touching_the_campaign_page(
    campaign_tree, locales, team, client
):
    campaign = campaign_tree.campaign
    german = campaign.copy_for_translation(locales["de"])
    german.save_revision().publish()
    revisions = campaign.revisions.count()
    client.force_login(team["editor"])
    add_url = reverse("wagtailsnippets_campaign_signaturecount:add")

    form = client.get(add_url).context["form"]
    # One counter for a campaign and its translations: only the default language is offered,
    # and with one campaign it is already chosen.
    assert list(form.fields["campaign"].queryset) == [campaign.page_ptr.specific]
    assert form.fields["campaign"].initial == campaign.pk

    response = client.post(
        add_url,
        {
            "campaign": campaign.pk,
            "count": "72500",
            "as_of": "2022-12-01",
            "source_url": "https://register.example.eu/eci/1",
            "note": "From the ECI register's weekly report.",
        },
    )
    assert response.status_code == 302
    reading = SignatureCount.objects.get()
    assert (reading.count, reading.as_of.isoformat(), reading.created_by) == (
        72500,
        "2022-12-01",
        team["editor"],
    )
    assert campaign.revisions.count() == revisions
    assert german.signature_count_latest() == reading

    listing = client.get(reverse("wagtailsnippets_campaign_signaturecount:list"))
    assert "72500 signatures (2022-12-01)" in listing.content.decode().replace(",", "")


def test_a_bad_reading_gets_a_clear_message_in_the_admin(campaign_tree, team, client):
    client.force_login(team["editor"])
    response = client.post(
        reverse("wagtailsnippets_campaign_signaturecount:add"),
        {"campaign": campaign_tree.campaign.pk, "count": "-4", "as_of": "2999-01-01"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["count"] == ["The signature count cannot be below zero."]
    assert errors["as_of"] == ["A count cannot be dated in the future."]
    assert not SignatureCount.objects.exists()
