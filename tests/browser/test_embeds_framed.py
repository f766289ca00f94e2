"""The widgets in a real browser, as a partner shows them: framed by a page from another origin,
with JavaScript off. The CMS's other pages stay unframable."""

import functools
import http.server
import threading

import pytest

from tests.browser.conftest import chromium_options, start_chromium
from tests.partners.embed_data import world as world  # a fixture

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WAIT = 60


@pytest.fixture
def scriptless_browser():
    """Headless chromium with JavaScript switched off for every site."""
    options = chromium_options(window_size="1280,1100", lang="de")
    options.add_experimental_option(
        "prefs", {"profile.managed_default_content_settings.javascript": 2}
    )
    driver = start_chromium(options)
    driver.set_page_load_timeout(WAIT)
    yield driver
    driver.quit()


@pytest.fixture
def partner_site(tmp_path):
    """A partner's web server on another origin (127.0.0.1 on a free port; the CMS is on
    localhost), serving what the test writes into ``tmp_path``."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield tmp_path, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def frame_text(browser, frame_id: str) -> str:
    from selenium.webdriver.common.by import By

    browser.switch_to.default_content()
    browser.switch_to.frame(browser.find_element(By.ID, frame_id))
    try:
        return browser.find_element(By.TAG_NAME, "body").text
    finally:
        browser.switch_to.default_content()


def test_a_partner_page_frames_the_widgets_with_scripts_off(
    world, live_server, partner_site, scriptless_browser, screenshot_folder
):
    from selenium.webdriver.common.by import By

    folder, origin = partner_site
    cms = live_server.url.replace("127.0.0.1", "localhost")
    assert not cms.startswith(origin)
    campaign, post = world.campaign.pk, world.post.pk
    (folder / "partner.html").write_text(
        f"""<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Partner</title>
<style>body{{font-family:sans-serif;margin:16px}} iframe{{border:1px solid #ccc;margin:4px}}</style>
</head><body>
<h1>Ein Partner</h1>
<noscript><p id="noscript">JavaScript is off on this page.</p></noscript>
<iframe id="counter" src="{cms}/embed/de/counter/{campaign}/" width="360" height="250"
  title="Zähler"></iframe>
<iframe id="card" src="{cms}/embed/card/{post}/" width="400" height="420" title="Beitrag"></iframe>
<iframe id="coalition" src="{cms}/embed/coalition/{campaign}/?locale=fr" width="420"
  height="250" title="Bündnis"></iframe>
<iframe id="page" src="{cms}/demands/" width="300" height="120" title="Not a widget"></iframe>
</body></html>"""
    )
    scriptless_browser.get(f"{origin}/partner.html")
    assert scriptless_browser.find_element(By.ID, "noscript").is_displayed()

    counter = frame_text(scriptless_browser, "counter")
    assert "Reclaim Your Face DE" in counter
    assert "182.341" in counter
    assert "15. März 2026" in counter
    assert "Sign the ECI" in counter
    card = frame_text(scriptless_browser, "card")
    assert "Coalition meets MEPs" in card and "Read more" in card
    coalition = frame_text(scriptless_browser, "coalition")
    assert "La coalition derrière Reclaim Your Face" in coalition

    # The bar is drawn without scripts, at the share of the goal.
    scriptless_browser.switch_to.frame(scriptless_browser.find_element(By.ID, "counter"))
    bar = scriptless_browser.find_element(By.TAG_NAME, "progress")
    assert bar.get_attribute("value") == "18" and bar.size["width"] > 200
    logo_frame_links = None
    scriptless_browser.switch_to.default_content()
    scriptless_browser.switch_to.frame(scriptless_browser.find_element(By.ID, "coalition"))
    logos = scriptless_browser.find_elements(By.CSS_SELECTOR, ".logos img")
    assert [logo.get_attribute("alt") for logo in logos] == ["Zeta Lead"]
    assert logos[0].get_attribute("naturalWidth") not in (None, "0")  # the image loaded
    logo_frame_links = scriptless_browser.find_elements(By.CSS_SELECTOR, ".logos a")
    assert logo_frame_links[0].get_attribute("href") == "https://zeta.example/"
    scriptless_browser.switch_to.default_content()

    # A page that is not a widget refuses to be framed: its content never shows.
    assert "Demands" not in frame_text(scriptless_browser, "page")

    path = screenshot_folder / "partner-page-with-widgets.png"
    scriptless_browser.save_screenshot(str(path))
    assert path.stat().st_size > 10_000


@pytest.fixture
def screenshot_folder(tmp_path):
    import os
    from pathlib import Path

    folder = Path(os.environ.get("BROWSER_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder
