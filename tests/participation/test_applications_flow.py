"""The whole flow as a front end and a moderator live it: organisationApply as a GraphQL
multipart request with a logo, over HTTP; the queue in the admin; accepting; the draft
organisation page with the logo in the right campaign. Then the admin's limits (the "Data
protection" group only, logged exports) and erasure, which leaves no trace in the database."""

import io
import json
import logging

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.models import PageLogEntry

from campaign.models import OrganisationPage
from participation.choices import ApplicationStatus
from participation.models import OrganisationApplication, SupporterSignUp
from participation.tokens import MANAGE, token_make
from tests.participation.conftest import (
    APPLY,
    CONTACT_EMAIL,
    CONTACT_NAME,
    apply_input,
    image_bytes,
    logo_upload,
)

PREFLIGHT = {"Apollo-Require-Preflight": "true"}


def _member(group_names: list[str], username: str) -> User:
    user = User.objects.create_user(username=username, password="x")
    user.groups.set(Group.objects.filter(name__in=group_names))
    return user


def _multipart_apply(client, world, *, headers=PREFLIGHT, **changes):
    """POST organisationApply as the GraphQL multipart request specification says: the
    operation with `logo: null`, a map from the file's field to that variable, the file."""
    operations = {
        "query": APPLY,
        "variables": {"input": {**apply_input(world, **changes), "logo": None}},
    }
    return client.post(
        "/graphql/",
        {
            "operations": json.dumps(operations),
            "map": json.dumps({"0": ["variables.input.logo"]}),
            "0": logo_upload("our logo.png", image_bytes(size=(300, 200))),
        },
        headers=headers,
    )


def test_a_front_end_applies_and_a_moderator_accepts_into_a_draft_page(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    # The front end: one multipart request with the logo.
    with django_capture_on_commit_callbacks(execute=True):
        response = _multipart_apply(client, world)
    assert response.status_code == 200, response.content
    assert response.json()["data"]["organisationApply"]["__typename"] == (
        "OrganisationApplicationReceived"
    )
    application = OrganisationApplication.objects.get()
    assert application.logo and application.status == ApplicationStatus.PENDING
    assert mailoutbox[-1].to == [CONTACT_EMAIL]

    # The moderator: the queue, the application, the accept form.
    moderator = _member(["Data protection"], "dpo")
    client.force_login(moderator)
    queue = client.get(reverse("organisation_applications:index"))
    assert queue.status_code == 200
    assert "Digital Rights Lab" in queue.content.decode()
    inspect = client.get(reverse("organisation_applications:inspect", args=[application.pk]))
    assert reverse("organisation_applications:accept", args=[application.pk]) in (
        inspect.content.decode()
    )
    logo = client.get(reverse("organisation_applications:logo", args=[application.pk]))
    assert logo.status_code == 200
    assert b"".join(logo.streaming_content).startswith(b"\x89PNG")
    confirm = client.get(reverse("organisation_applications:accept", args=[application.pk]))
    assert confirm.status_code == 200
    assert "draft organisation page" in confirm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        accepted = client.post(reverse("organisation_applications:accept", args=[application.pk]))

    # A draft page in the campaign's coalition, with the logo as a library image.
    page = OrganisationPage.objects.get(title="Digital Rights Lab")
    assert accepted.status_code == 302
    # The data protection group edits no pages: back to the application, which links there.
    assert accepted["Location"] == reverse(
        "organisation_applications:inspect", args=[application.pk]
    )
    assert reverse("wagtailadmin_pages:edit", args=[page.pk]) in (
        client.get(accepted["Location"]).content.decode()
    )
    assert not page.live and page.has_unpublished_changes
    assert page.get_parent().specific_class.__name__ == "OrganisationIndexPage"
    assert page.get_campaign().pk == world.campaign.pk
    assert (page.title, page.website, page.country.code, page.scope, page.role) == (
        "Digital Rights Lab",
        "https://digital-rights.example",
        "NL",
        "national",
        "partner",
    )
    assert page.description == "We defend privacy online in the Netherlands."
    image = get_image_model().objects.get(collection__name="Organisation logos")
    assert page.logo == image
    assert image.collection.name == "Organisation logos"
    assert (image.width, image.height) == (300, 200)
    assert image.file_size and image.file_hash
    # The history names the application by its ID only.
    entry = PageLogEntry.objects.get(page=page, action="participation.application_accepted")
    assert entry.message == f"Created as a draft from organisation application {application.pk}"
    assert entry.user_id == moderator.pk
    assert CONTACT_EMAIL not in json.dumps(entry.data) and CONTACT_NAME not in entry.message
    # The application links to the page; the private logo is gone; the applicant is told.
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    assert application.page == page and not application.logo
    assert "accepted" in mailoutbox[-1].subject.lower() or "welcome" in (
        mailoutbox[-1].subject.lower()
    )


def test_a_multipart_request_without_a_preflight_header_is_refused(client, world):
    response = _multipart_apply(client, world, headers={})

    assert response.status_code == 400
    assert "Apollo-Require-Preflight" in response.json()["errors"][0]["message"]
    assert OrganisationApplication.objects.count() == 0


def test_the_operation_name_header_also_passes_the_csrf_check(client, world):
    response = _multipart_apply(client, world, headers={"X-Apollo-Operation-Name": "Apply"})

    assert response.json()["data"]["organisationApply"]["__typename"] == (
        "OrganisationApplicationReceived"
    )


@pytest.mark.parametrize(
    ("groups", "status"),
    [
        (["Data protection"], 200),
        (["Campaign administrators"], 302),
        (["Campaign editors"], 302),
    ],
)
def test_only_the_data_protection_group_sees_applications(apply, client, groups, status):
    apply(logo=logo_upload())
    application = OrganisationApplication.objects.get()
    client.force_login(_member(groups, "staff"))

    for url in (
        reverse("organisation_applications:index"),
        reverse("organisation_applications:inspect", args=[application.pk]),
    ):
        assert client.get(url).status_code == status
    moderation = client.get(reverse("organisation_applications:accept", args=[application.pk]))
    logo = client.get(reverse("organisation_applications:logo", args=[application.pk]))
    if status == 200:
        assert (
            CONTACT_EMAIL in client.get(reverse("organisation_applications:index")).content.decode()
        )
        assert moderation.status_code == 200 and logo.status_code == 200
    else:
        assert moderation.status_code in (302, 403) and logo.status_code in (302, 403)


def test_nobody_adds_an_application_by_hand(client, db):
    client.force_login(User.objects.create_superuser("root", "root@example.org", "x"))

    response = client.get(reverse("organisation_applications:index"))

    assert reverse("organisation_applications:add") not in response.content.decode()
    assert client.get(reverse("organisation_applications:add")).status_code in (302, 403)


def test_the_queue_filters_by_status(apply, client):
    apply()
    apply(name="Second Org", contactEmail="second@example.org")
    OrganisationApplication.objects.filter(name="Second Org").update(
        status=ApplicationStatus.REJECTED
    )
    client.force_login(_member(["Data protection"], "dpo"))

    pending = client.get(reverse("organisation_applications:index"), {"status": "pending"})

    assert "Digital Rights Lab" in pending.content.decode()
    assert "Second Org" not in pending.content.decode()


def test_reject_and_ask_for_more_need_a_message_for_the_applicant(
    apply, client, mailoutbox, django_capture_on_commit_callbacks
):
    apply()
    application = OrganisationApplication.objects.get()
    client.force_login(_member(["Data protection"], "dpo"))
    url = reverse("organisation_applications:reject", args=[application.pk])

    empty = client.post(url, {"message": ""})
    assert empty.status_code == 200  # the form again, with the error
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("organisation_applications:request_information", args=[application.pk]),
            {"message": "Please send your statutes."},
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.NEEDS_MORE_INFORMATION
    assert "Please send your statutes." in mailoutbox[-1].body

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"message": "Your statutes do not fit the coalition's aims."})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    assert "do not fit" in mailoutbox[-1].body
    # Decided: no more steps.
    again = client.post(
        reverse("organisation_applications:accept", args=[application.pk]), follow=True
    )
    assert "decided already" in again.content.decode()
    assert not OrganisationPage.objects.filter(title="Digital Rights Lab").exists()


def test_a_csv_export_is_logged_without_personal_data(apply, client, caplog):
    apply()
    user = _member(["Data protection"], "dpo")
    client.force_login(user)
    caplog.set_level(logging.INFO)

    response = client.get(
        reverse("organisation_applications:index"), {"export": "csv", "status": "pending"}
    )

    body = b"".join(response.streaming_content).decode()
    assert CONTACT_EMAIL in body and "Digital Rights Lab" in body
    (line,) = [r.getMessage() for r in caplog.records if "exported" in r.getMessage()]
    assert f"by user {user.pk}: 1 rows" in line and "status" in line
    assert CONTACT_EMAIL not in line and CONTACT_NAME not in line and "dpo" not in line


def _database_dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", "--natural-foreign", stdout=out, exclude=["contenttypes"])
    return out.getvalue()


def _traces(text: str) -> list[str]:
    personal = [CONTACT_EMAIL, CONTACT_NAME, "555 0101", "Grace", "hopper"]
    return [value for value in personal if value.lower() in text.lower()]


def test_erasure_from_the_admin_leaves_no_trace_in_the_database(
    apply, sign_up, client, django_capture_on_commit_callbacks
):
    from django.core.files.storage import storages

    sign_up(email=CONTACT_EMAIL, name=CONTACT_NAME)
    apply(logo=logo_upload())
    apply(name="Another Org", logo=logo_upload())  # the same contact, twice
    application = OrganisationApplication.objects.first()
    logo_names = list(OrganisationApplication.objects.values_list("logo", flat=True))
    client.force_login(_member(["Data protection"], "dpo"))
    url = reverse("organisation_applications:delete", args=[application.pk])
    assert "everything else stored under the contact" in client.get(url).content.decode()
    assert _traces(_database_dump())

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)

    assert response.status_code == 302
    assert OrganisationApplication.objects.count() == 0
    assert SupporterSignUp.objects.count() == 0
    assert _traces(_database_dump()) == []
    assert not any(storages["private"].exists(name) for name in logo_names)


def test_erasure_through_the_manage_link_also_erases_applications(
    apply, sign_up, run, django_capture_on_commit_callbacks
):
    sign_up(email=CONTACT_EMAIL.upper(), name="Grace")
    apply(logo=logo_upload())
    token = token_make(reference=SupporterSignUp.objects.get().reference, purpose=MANAGE)

    with django_capture_on_commit_callbacks(execute=True):
        run("mutation($t: String!) { supporterErase(token: $t) { __typename } }", {"t": token})

    assert OrganisationApplication.objects.count() == 0
    assert _traces(_database_dump()) == []


def test_erasing_an_accepted_application_keeps_the_organisation_page_without_the_contact(
    apply, client, django_capture_on_commit_callbacks
):
    from participation import services

    apply(logo=logo_upload())
    with django_capture_on_commit_callbacks(execute=True):
        page = services.application_accept(application=OrganisationApplication.objects.get())

    with django_capture_on_commit_callbacks(execute=True):
        services.personal_data_erase(email=CONTACT_EMAIL)

    assert OrganisationPage.objects.filter(pk=page.pk).exists()
    assert _traces(_database_dump()) == []
