"""Headless Debian chromium driven by selenium, against pytest-django's live server.

The tests need /usr/bin/chromium and /usr/bin/chromedriver (Debian's `chromium` and
`chromium-driver` packages; `make test` installs them). Where they are missing the tests fail,
saying so: a skipped browser test would pass for a check it never made. Screenshots go to
$BROWSER_SCREENSHOTS when it is set (to look at), else to tmp.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
MISSING = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.exists()]


def chromium_options(*, window_size: str = "1400,1000", lang: str = "en"):
    """Selenium options for headless Debian chromium on this machine: no sandbox (root), and no
    background connections, which the closed network refuses."""
    from selenium import webdriver

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--window-size={window_size}",
        f"--lang={lang}",
    ):
        options.add_argument(argument)
    return options


def start_chromium(options):
    """A selenium driver for ``options``; fails the test, saying what is missing, without the
    browser."""
    if MISSING:
        pytest.fail(
            f"no headless browser: {', '.join(MISSING)} missing; `make test` installs them "
            "(apt-get install chromium chromium-driver)"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    return webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))


@pytest.fixture(scope="session")
def browser():
    driver = start_chromium(chromium_options())
    driver.set_page_load_timeout(120)
    yield driver
    driver.quit()


@pytest.fixture
def screenshot(browser, tmp_path, request):
    """Save what the browser shows as <test name>-<label>.png and return the path."""
    folder = Path(os.environ.get("BROWSER_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)

    def take(label: str) -> Path:
        path = folder / f"{request.node.name}-{label}.png"
        browser.save_screenshot(str(path))
        return path

    return take
