"""Under the Content-Security-Policy, nothing the admin, GraphiQL, the landing page or a page on
the CMS host needs is blocked: chromium reports no violation on any of them."""

import pytest
from django.test import override_settings

from campaign import factories
from tests.browser.test_editor_journeys import css, visible_text, wait_for
from tests.browser.test_editor_journeys import editor as editor  # a fixture
from tests.browser.test_editor_journeys import logged_in as logged_in  # a fixture

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Collects every violation report of every document the browser opens.
LISTENER = (
    "window.__cspViolations = [];"
    "document.addEventListener('securitypolicyviolation', event => window.__cspViolations.push("
    "event.violatedDirective + ' ' + event.blockedURI + ' ' + event.sourceFile + ':' +"
    " event.lineNumber));"
)


@pytest.fixture
def watched(browser):
    script = browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": LISTENER})
    browser.get_log("browser")  # drop what earlier tests left
    yield browser
    browser.execute_cdp_cmd(
        "Page.removeScriptToEvaluateOnNewDocument", {"identifier": script["identifier"]}
    )


def violations(browser) -> list[str]:
    reported = browser.execute_script("return window.__cspViolations || []")
    logged = [
        entry["message"]
        for entry in browser.get_log("browser")
        if "Content Security Policy" in entry["message"]
    ]
    return reported + logged


def test_the_public_pages_load_under_their_policy(watched, live_server, campaign_tree):
    factories.CampaignPostPageFactory(parent=campaign_tree.posts, slug="a-post")
    for url in ("/", "/news/a-post/"):
        watched.get(f"{live_server.url}{url}")
        css(watched, "h1")
        assert watched.execute_script("return getComputedStyle(document.body).fontFamily") != "", (
            url
        )  # the inline style applied
        assert violations(watched) == [], url


def test_graphiql_loads_and_runs_a_query(watched, live_server, campaign_tree):
    with override_settings(GRAPHQL_GRAPHIQL=True):
        watched.get(f"{live_server.url}/graphql/")
        css(watched, ".graphiql-execute-button").click()
        wait_for(watched, lambda driver: '"locales"' in visible_text(driver))
        assert violations(watched) == []


def test_the_admin_works_without_violations(watched, logged_in, live_server, campaign_tree):
    from selenium.webdriver.common.by import By

    image = factories.ImageFactory()
    post = factories.CampaignPostPageFactory(parent=campaign_tree.posts, hero_image=image)
    assert violations(watched) == []  # sign-in and dashboard

    watched.get(f"{live_server.url}/admin/pages/{post.pk}/edit/")
    css(watched, "#id_title")
    assert violations(watched) == []

    # The image chooser opens in a modal and lists images.
    buttons = watched.find_elements(By.CSS_SELECTOR, "[data-chooser-action-choose]")
    image_button = next(b for b in buttons if "image" in b.get_attribute("outerHTML").lower())
    watched.execute_script("arguments[0].scrollIntoView(); arguments[0].click()", image_button)
    css(watched, ".modal-dialog")
    wait_for(watched, lambda driver: image.title in visible_text(driver))
    assert violations(watched) == []

    watched.get(f"{live_server.url}/admin/pages/{post.pk}/edit/preview/")
    css(watched, "h1")
    assert violations(watched) == []
