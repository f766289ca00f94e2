"""The main editor journeys in a real browser: log in, open the demands, change a demand's
progress and publish, preview a post, translate a post into Italian from its actions menu, read
and filter a Campaign listing, find a post by a name in its body; and GraphiQL offline."""

import re

import pytest
from django.test import override_settings
from wagtail.models import Locale

from campaign import factories
from campaign.choices import DemandProgress
from campaign.models import CampaignPostPage, DemandPage
from tests.campaign.test_templates import RAW
from tests.campaign.test_templates import offline_embeds as offline_embeds  # a fixture

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a-long-browser-test-password"
WAIT = 90  # seconds; the admin's scripts are large and CI machines are small


def wait_for(browser, condition, timeout=WAIT):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, timeout).until(condition)


def css(browser, selector, timeout=WAIT):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec

    return wait_for(browser, ec.visibility_of_element_located((By.CSS_SELECTOR, selector)), timeout)


def xpath(browser, path, timeout=WAIT):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec

    return wait_for(browser, ec.element_to_be_clickable((By.XPATH, path)), timeout)


def visible_text(browser) -> str:
    return browser.execute_script("return document.body.innerText")


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)


@pytest.fixture
def demands(campaign_tree):
    return [
        factories.DemandPageFactory(
            parent=campaign_tree.demands, number=number, title=f"Demand number {number}"
        )
        for number in (5, 3, 1, 4, 2)
    ]


def admin_log_in(browser, live_server, username: str) -> None:
    """Log in through the admin's login form, as a person would (password ``PASSWORD``)."""
    browser.delete_all_cookies()
    browser.get(f"{live_server.url}/admin/login/")
    css(browser, "#id_username").send_keys(username)
    browser.find_element("css selector", "#id_password").send_keys(PASSWORD)
    browser.find_element("css selector", "form button[type=submit]").click()
    wait_for(browser, lambda driver: "/admin/login/" not in driver.current_url)


@pytest.fixture
def logged_in(browser, live_server, editor):
    """The browser, logged in as the editor."""
    admin_log_in(browser, live_server, "editor")
    return browser


def test_log_in_and_open_campaign_demands(logged_in, live_server, demands, screenshot):
    browser = logged_in
    screenshot("dashboard")
    xpath(browser, "//nav//button[.//*[normalize-space()='Campaign']]").click()
    css(browser, ".sidebar-sub-menu-panel")
    link = xpath(
        browser, "//*[contains(@class, 'sidebar-sub-menu-panel')]//a[contains(., 'Demands')]"
    )
    # The menu slides open: a script click is not intercepted by the animation.
    browser.execute_script("arguments[0].click()", link)
    css(browser, "table.listing tbody tr")

    screenshot("demands")
    titles = [
        cell.text
        for cell in browser.find_elements(
            "css selector", "table.listing td.title a[href$='/edit/']"
        )
    ]
    assert titles == [f"Demand number {n}" for n in (1, 2, 3, 4, 5)]
    link = browser.find_element("link text", "Demand number 1")
    assert link.get_attribute("href").endswith(f"/admin/pages/{demands[2].pk}/edit/")
    assert "live" in browser.find_element("css selector", "table.listing tbody tr").text.lower()


def test_change_a_demands_progress_and_publish(logged_in, live_server, demands, screenshot):
    from selenium.webdriver.support.ui import Select

    browser = logged_in
    demand = next(page for page in demands if page.number == 1)
    browser.get(f"{live_server.url}/admin/demands/")
    xpath(browser, "//table//a[normalize-space()='Demand number 1']").click()
    Select(css(browser, "#id_progress_status")).select_by_visible_text("Amendment tabled")
    xpath(browser, "//footer//button[contains(@class, 'dropdown__toggle')]").click()
    xpath(browser, "//button[@name='action-publish']").click()
    css(browser, ".messages .success, .messages li.success")
    screenshot("published")

    demand.refresh_from_db()
    assert demand.live
    assert demand.progress_status == DemandProgress.AMENDMENT_TABLED
    assert demand.live_revision.as_object().progress_status == DemandProgress.AMENDMENT_TABLED


def test_preview_a_post_shows_no_raw_data(logged_in, live_server, campaign_tree, screenshot):
    browser = logged_in
    pages = factories.pages_of_every_type(campaign_tree.campaign)
    post = pages[CampaignPostPage]
    browser.get(f"{live_server.url}/admin/pages/{post.pk}/edit/")
    xpath(browser, "//button[@data-side-panel-toggle='preview']").click()

    def preview_loaded(driver):
        # The panel swaps its iframe when the preview reloads; look into the current one.
        from selenium.common.exceptions import WebDriverException

        driver.switch_to.default_content()
        try:
            frame = driver.find_element("css selector", "iframe.w-preview__iframe")
            driver.switch_to.frame(frame)
            return bool(driver.find_elements("css selector", "main h1"))
        except WebDriverException:
            return False

    try:
        wait_for(browser, preview_loaded)
    finally:
        screenshot("preview-panel-loading")
    heading = css(browser, "h1")
    assert heading.text == post.title
    text = visible_text(browser)
    html = browser.page_source
    screenshot("preview")
    browser.switch_to.default_content()
    screenshot("preview-panel")

    assert "A plain preview from the CMS" in text
    assert RAW.search(text) is None, text
    assert RAW.search(html) is None
    assert "people signed" in text  # the key figure
    images = re.findall(r"<img [^>]*>", html)
    assert images and all('alt="' in image for image in images)


def test_translate_a_post_into_italian(logged_in, live_server, campaign_tree, screenshot):
    """Through the post's actions menu in Campaign → Posts, as an editor finds it."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec

    browser = logged_in
    italian = Locale.objects.get_or_create(language_code="it")[0]
    post = factories.CampaignPostPageFactory(parent=campaign_tree.posts, title="Hello")
    browser.get(f"{live_server.url}/admin/posts/")
    xpath(browser, "//button[@aria-label=\"More options for 'Hello'\"]").click()
    translate = xpath(browser, "//a[normalize-space()='Translate']")
    screenshot("actions-menu")
    assert translate.get_attribute("href").endswith(f"/admin/translation/submit/page/{post.pk}/")
    translate.click()

    checkbox = wait_for(
        browser,
        ec.presence_of_element_located(
            (By.XPATH, f"//input[@name='locales' and @value='{italian.pk}']")
        ),
    )
    assert checkbox.is_enabled()
    screenshot("translate-form")
    browser.execute_script("arguments[0].click()", checkbox)
    # The form's own submit, as pressing its Submit button does.
    browser.execute_script("arguments[0].form.requestSubmit()", checkbox)
    wait_for(browser, lambda driver: re.search(r"/admin/pages/\d+/edit/", driver.current_url))
    screenshot("italian-edit")

    translation = CampaignPostPage.objects.get(locale=italian)
    assert browser.current_url.endswith(f"/admin/pages/{translation.pk}/edit/")
    assert translation.translation_key == post.translation_key
    assert translation.get_parent().locale == italian


def listing_rows(browser) -> list[str]:
    return [row.text for row in browser.find_elements("css selector", "table.listing tbody tr")]


def test_listing_columns_and_a_filter_of_values_in_use(
    logged_in, live_server, campaign_tree, screenshot
):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec

    browser = logged_in
    german = Locale.objects.get_or_create(language_code="de")[0]
    for title, country in (("Digitalcourage", "DE"), ("La Quadrature du Net", "FR")):
        page = factories.OrganisationPageFactory(
            parent=campaign_tree.organisations, title=title, country=country
        )
    page.copy_for_translation(german, copy_parents=True).save_revision().publish()

    browser.get(f"{live_server.url}/admin/organisations/")
    css(browser, "table.listing tbody tr")
    headers = [cell.text for cell in browser.find_elements("css selector", "table.listing th")]
    for label in ("Language", "Updated", "Status"):
        assert any(label in header for header in headers), headers
    rows = listing_rows(browser)
    assert any("La Quadrature du Net" in row and "German" in row for row in rows), rows
    screenshot("organisations")

    xpath(browser, "//button[@aria-label='Show filters' or @data-w-drilldown-target]").click()
    xpath(browser, "//button[contains(normalize-space(), 'Country')]").click()
    options = wait_for(
        browser,
        ec.presence_of_all_elements_located((By.CSS_SELECTOR, "input[name='country']")),
    )
    screenshot("country-filter")
    assert sorted(option.get_attribute("value") for option in options) == ["", "DE", "FR"]
    browser.execute_script(
        "arguments[0].click()",
        browser.find_element("css selector", "input[name='country'][value='FR']"),
    )
    wait_for(browser, lambda driver: "country=FR" in driver.current_url)
    wait_for(browser, lambda driver: len(listing_rows(driver)) == 2)
    assert all("La Quadrature du Net" in row for row in listing_rows(browser))


def test_admin_search_finds_a_post_by_a_name_in_its_body(
    logged_in, live_server, campaign_tree, screenshot
):
    from tests.campaign.test_search import paragraph

    browser = logged_in
    factories.CampaignPostPageFactory(
        parent=campaign_tree.posts,
        title="Coalition meets MEPs",
        body=paragraph("<p>We met Dragoș Tudorache and Brando Benifei.</p>"),
    )
    factories.CampaignPostPageFactory(parent=campaign_tree.posts, title="Something else")

    browser.get(f"{live_server.url}/admin/posts/")
    css(browser, "#id_q").send_keys("Tudorache")
    wait_for(browser, lambda driver: "q=Tudorache" in driver.current_url)
    wait_for(browser, lambda driver: len(listing_rows(driver)) == 1)
    screenshot("posts-search")
    assert "Coalition meets MEPs" in listing_rows(browser)[0]

    # Search in the menu: Wagtail's page search over every page type.
    browser.get(f"{live_server.url}/admin/pages/search/?q=tudorache")
    css(browser, "table.listing tbody tr")
    screenshot("page-search")
    assert [row for row in listing_rows(browser) if "Coalition meets MEPs" in row]
    assert not [row for row in listing_rows(browser) if "Something else" in row]


def test_graphiql_runs_a_query_without_internet(browser, live_server, campaign_tree, screenshot):
    with override_settings(GRAPHQL_GRAPHIQL=True):
        browser.get(f"{live_server.url}/graphql/")
        run = css(browser, ".graphiql-execute-button")
        run.click()
        wait_for(
            browser,
            lambda driver: (
                campaign_tree.site.site_name in visible_text(driver)
                or '"locales"' in visible_text(driver)
            ),
        )
        screenshot("graphiql")
        resources = browser.execute_script(
            "return performance.getEntriesByType('resource').map(entry => entry.name)"
        )
    assert resources
    assert all(url.startswith(live_server.url) for url in resources), resources
    assert '"locales"' in visible_text(browser)


def test_demand_pages_are_not_served_to_anonymous_visitors_as_drafts(browser, live_server, demands):
    draft = demands[0]
    draft.unpublish()
    browser.delete_all_cookies()
    browser.get(f"{live_server.url}{draft.url}")
    assert "Demand number 5" not in visible_text(browser)
    assert DemandPage.objects.get(pk=draft.pk).live is False
