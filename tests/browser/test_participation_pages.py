"""A supporter follows the links in their email in a real browser, without a front end: the
confirmation page, then the page to manage their consents and erase their data. Chromium
reports no Content-Security-Policy violation on the way (the pages' inline style by nonce, their
forms posting back to the CMS)."""

from urllib.parse import urlparse

import pytest
from django.core import mail
from selenium.webdriver.common.by import By

from participation.choices import SignUpStatus
from participation.models import ConsentRecord, SupporterSignUp, SuppressionEntry
from tests.browser.test_content_security_policy import violations
from tests.browser.test_content_security_policy import watched as watched  # a fixture
from tests.browser.test_editor_journeys import css, visible_text, wait_for
from tests.participation.conftest import run as run  # a fixture
from tests.participation.conftest import sign_up as sign_up  # a fixture
from tests.participation.conftest import world as world  # a fixture

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def button(browser, label: str):
    return browser.find_element(By.XPATH, f"//button[normalize-space()='{label}']")


def test_a_supporter_confirms_withdraws_and_erases_through_the_email_links(
    watched, live_server, sign_up, screenshot
):
    sign_up()
    confirm_url, manage_url = (
        live_server.url + urlparse(url).path + "?" + urlparse(url).query
        for url in mail.outbox[-1].body.split()
        if url.startswith("http")
    )

    watched.get(confirm_url)
    css(watched, "h1")
    assert "Reclaim Your Face" in visible_text(watched)
    assert watched.execute_script("return getComputedStyle(document.body).maxWidth") != "none"
    screenshot("confirm")
    assert SupporterSignUp.objects.get().status == SignUpStatus.PENDING
    button(watched, "Confirm my sign-up").click()
    wait_for(watched, lambda driver: "Your support is confirmed" in visible_text(driver))
    screenshot("confirmed")
    assert SupporterSignUp.objects.get().status == SignUpStatus.CONFIRMED
    assert violations(watched) == []

    watched.get(manage_url)
    wait_for(watched, lambda driver: "Your consents" in visible_text(driver))
    screenshot("manage")
    watched.find_elements(By.XPATH, "//button[normalize-space()='Withdraw this consent']")[
        0
    ].click()
    wait_for(watched, lambda driver: "Your consent is withdrawn." in visible_text(driver))
    screenshot("withdrawn")
    assert ConsentRecord.objects.filter(withdrawn_at__isnull=False).count() == 1

    button(watched, "Erase everything…").click()
    wait_for(watched, lambda driver: "Erase everything?" in visible_text(driver))
    screenshot("erase-question")
    assert SupporterSignUp.objects.count() == 1
    button(watched, "Yes, erase everything").click()
    wait_for(watched, lambda driver: "Your data has been erased" in visible_text(driver))
    screenshot("erased")
    assert SupporterSignUp.objects.count() == 0
    assert SuppressionEntry.objects.count() == 1
    assert violations(watched) == []
