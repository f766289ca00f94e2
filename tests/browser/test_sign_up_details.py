"""A sign-up's details in a real browser: a member of the "Data protection" group opens a
sign-up and reads each consent as it was given (purpose, exact words, version, form, time) and
whether it was withdrawn."""

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime

from participation.choices import ConsentPurpose
from participation.services.supporters import ConsentRequest, supporter_sign_up
from tests.browser.test_editor_journeys import PASSWORD, admin_log_in, css, visible_text

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_sign_ups_consents_are_shown_as_given_and_withdrawn(
    browser, live_server, campaign_tree, screenshot
):
    user = User.objects.create_user(username="dpo", password=PASSWORD)
    user.groups.set(Group.objects.filter(name="Data protection"))
    sign_up = supporter_sign_up(
        campaign=campaign_tree.campaign,
        email="ada@example.org",
        name="Ada Lovelace",
        country="GB",
        language="en",
        source="home-page-form",
        consents=[ConsentRequest(purpose=ConsentPurpose.NEWSLETTER)],
    )
    consent = sign_up.consents.get()
    consent.withdrawn_at = timezone.now()
    consent.save()

    admin_log_in(browser, live_server, "dpo")
    browser.get(f"{live_server.url}/admin/supporter_sign_ups/inspect/{sign_up.pk}/")
    css(browser, "main")
    text = visible_text(browser)
    screenshot("details")
    assert consent.wording in text
    assert f"version {consent.wording_version}" in text
    assert "home-page-form" in text and "withdrawn" in text
    # Every time in the site's time zone (Europe/Brussels), the sign-up's own as its consent's.
    given = date_format(localtime(consent.granted_at), "DATETIME_FORMAT")
    created = date_format(localtime(sign_up.created_at), "DATETIME_FORMAT")
    assert f"Given {given}" in text and created in text
    assert "None" not in text  # not confirmed yet: "-"
