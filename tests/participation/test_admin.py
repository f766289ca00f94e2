"""The admin's sign-ups listing: for the "Data protection" group only, exports logged without
personal data."""

import logging

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from tests.participation.conftest import NORMALISED

INDEX = "supporter_sign_ups:index"


def _member(group_names: list[str], username: str) -> User:
    user = User.objects.create_user(
        username=username, password="x", email=f"{username}@staff.example"
    )
    user.groups.set(Group.objects.filter(name__in=group_names))
    return user


def test_the_migrations_create_the_data_protection_group(db):
    group = Group.objects.get(name="Data protection")

    assert set(group.permissions.values_list("codename", flat=True)) == {
        "access_admin",
        "view_supportersignup",
        "view_consentrecord",
        "view_suppressionentry",
        "view_organisationapplication",
        "change_organisationapplication",
        "delete_organisationapplication",
    }


@pytest.mark.parametrize(
    ("groups", "status"),
    [
        (["Data protection"], 200),
        (["Campaign administrators"], 302),
        (["Campaign editors"], 302),
    ],
)
def test_only_the_data_protection_group_sees_sign_ups(sign_up, client, groups, status):
    sign_up()
    client.force_login(_member(groups, "staff"))

    response = client.get(reverse(INDEX))

    assert response.status_code == status
    if status == 200:
        assert NORMALISED in response.content.decode()


def test_the_listing_filters_by_status(sign_up, client):
    sign_up()
    client.force_login(_member(["Data protection"], "dpo"))

    pending = client.get(reverse(INDEX), {"status": "pending"})
    confirmed = client.get(reverse(INDEX), {"status": "confirmed"})

    assert NORMALISED in pending.content.decode()
    assert NORMALISED not in confirmed.content.decode()


def test_a_csv_export_is_logged_without_personal_data(sign_up, client, caplog):
    sign_up()
    user = _member(["Data protection"], "dpo")
    client.force_login(user)
    caplog.set_level(logging.INFO)

    response = client.get(reverse(INDEX), {"export": "csv", "status": "pending"})

    body = b"".join(response.streaming_content).decode()
    assert NORMALISED in body  # the export itself holds the data
    (line,) = [r.getMessage() for r in caplog.records if "exported" in r.getMessage()]
    assert f"by user {user.pk}: 1 rows" in line
    assert "status" in line
    assert NORMALISED not in line and "dpo" not in line and "Ada" not in line


def test_the_listing_searches_by_address(sign_up, client):
    sign_up()
    sign_up(email="someone-else@example.net", name="Grace")
    client.force_login(_member(["Data protection"], "dpo"))

    response = client.get(reverse(INDEX), {"q": "lovelace"})

    content = response.content.decode()
    assert NORMALISED in content
    assert "someone-else@example.net" not in content


def test_the_inspect_view_shows_a_sign_up(sign_up, client):
    from participation.models import SupporterSignUp

    sign_up()
    client.force_login(_member(["Data protection"], "dpo"))

    response = client.get(
        reverse("supporter_sign_ups:inspect", args=[SupporterSignUp.objects.get().pk])
    )

    assert response.status_code == 200
    assert NORMALISED in response.content.decode()


def test_nobody_adds_or_edits_a_sign_up_in_the_admin_superusers_included(
    admin_client, django_user_model, sign_up
):
    """A sign-up comes from the API with its consents; the add form once crashed (no campaign)
    and its error logged the row, personal data included."""
    from django.urls import reverse

    from participation.models import SupporterSignUp
    from participation.wagtail_hooks import sign_up_permissions

    sign_up()
    row = SupporterSignUp.objects.get()
    superuser = django_user_model.objects.get(username="admin")
    assert not sign_up_permissions.user_has_permission(superuser, "add")
    assert not sign_up_permissions.user_has_permission(superuser, "change")
    assert sign_up_permissions.user_has_permission(superuser, "view")

    add = reverse("supporter_sign_ups:add")
    edit = reverse("supporter_sign_ups:edit", args=[row.pk])
    assert admin_client.get(add).status_code in {302, 403}
    assert admin_client.post(add, {"name": "Someone"}).status_code in {302, 403}
    assert admin_client.post(edit, {"name": "Changed"}).status_code in {302, 403}
    row.refresh_from_db()
    assert row.name != "Changed" and SupporterSignUp.objects.count() == 1
    index = admin_client.get(reverse("supporter_sign_ups:index"))
    assert index.status_code == 200
    assert add.encode() not in index.content and edit.encode() not in index.content


def test_the_inspect_view_shows_each_consent_as_given_and_withdrawn(sign_up, client):
    """The data protection officer sees the record that makes the processing lawful: each
    purpose with the exact words shown, their version, the form, when, and any withdrawal."""
    from django.utils import timezone

    from participation.models import SupporterSignUp

    sign_up()
    record = SupporterSignUp.objects.get()
    consents = list(record.consents.all())
    assert consents
    consents[0].withdrawn_at = timezone.now()
    consents[0].save()
    client.force_login(_member(["Data protection"], "dpo"))

    page = client.get(reverse("supporter_sign_ups:inspect", args=[record.pk])).content.decode()

    from django.utils.html import escape

    for consent in consents:
        assert escape(consent.wording) in page
        assert f"version {consent.wording_version}" in page
    assert "withdrawn " in page
