"""Moderating an organisation's application in a real browser: a member of the "Data
protection" group logs in, finds the application in the queue, opens it (the logo is shown),
accepts it on the confirmation screen, and lands in the editor of the draft organisation page."""

import pytest
from django.contrib.auth.models import Group, User

from campaign.models import OrganisationPage
from participation import services
from participation.choices import ApplicationStatus
from participation.models import OrganisationApplication
from tests.browser.test_editor_journeys import (
    PASSWORD,
    admin_log_in,
    css,
    visible_text,
    wait_for,
    xpath,
)
from tests.participation.conftest import image_bytes, logo_upload

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def moderator(db):
    user = User.objects.create_user(username="dpo", password=PASSWORD)
    user.groups.set(Group.objects.filter(name="Data protection"))
    return user


@pytest.fixture
def application(campaign_tree):
    with_logo = logo_upload("logo.png", image_bytes(size=(240, 120), colour=(20, 120, 200)))
    return services.organisation_apply(
        campaign=campaign_tree.campaign,
        language="en",
        fields={
            "name": "Digital Rights Lab",
            "website": "https://digital-rights.example",
            "country": "NL",
            "international": False,
            "description": "We defend privacy online in the Netherlands.",
            "role": "partner",
            "contact_name": "Grace Hopper",
            "contact_email": "grace@digital-rights.example",
            "message": "We would love to join.",
        },
        logo=with_logo,
    )


def test_accept_an_application_from_the_queue(
    browser, live_server, moderator, application, screenshot
):
    admin_log_in(browser, live_server, "dpo")

    browser.get(f"{live_server.url}/admin/organisation_applications/")
    css(browser, "table.listing tbody tr")
    screenshot("queue")
    row = browser.find_element("css selector", "table.listing tbody tr").text
    assert "Digital Rights Lab" in row and "waiting for a decision" in row.lower()

    browser.get(f"{live_server.url}/admin/organisation_applications/inspect/{application.pk}/")
    logo = css(browser, "img[alt='The logo as uploaded']")
    wait_for(
        browser, lambda driver: driver.execute_script("return arguments[0].naturalWidth", logo)
    )
    assert browser.execute_script("return arguments[0].naturalWidth", logo) == 240
    assert "grace@digital-rights.example" in visible_text(browser)
    # Words for people, not Python's: "No" (not "False"), no "None".
    assert "International\nNo" in visible_text(browser)
    assert "False" not in visible_text(browser) and "None" not in visible_text(browser)
    screenshot("inspect")

    xpath(browser, "//a[normalize-space()='Accept']").click()
    xpath(browser, "//button[normalize-space()='Accept and make a draft page']")
    assert "draft organisation page" in visible_text(browser)
    screenshot("confirm-accept")
    xpath(browser, "//button[normalize-space()='Accept and make a draft page']").click()

    css(browser, ".messages .success, .messages li.success")
    assert "draft organisation page is ready for review" in visible_text(browser)
    screenshot("accepted")
    page = OrganisationPage.objects.get(title="Digital Rights Lab")
    # The data protection group does not edit pages: it is back on the application, which
    # links to the draft for the editors.
    assert browser.current_url.endswith(f"/organisation_applications/inspect/{application.pk}/")
    edit_link = xpath(browser, "//a[normalize-space()='Edit the organisation page made from it']")
    assert edit_link.get_attribute("href").endswith(f"/admin/pages/{page.pk}/edit/")
    assert not page.live
    assert page.logo is not None
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    assert OrganisationApplication.objects.get().page_id == page.pk
