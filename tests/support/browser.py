"""Headless Chromium driven by Selenium, for pages that need clicks and uploads.

It uses Debian's ``chromium`` and ``chromium-driver`` (``/usr/bin/chromium``,
``/usr/bin/chromedriver``); a missing one fails the test and says which package to install.
The browser starts clean (a fresh profile), talks to no one but the page, and needs no display.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from scripts.html_screenshot import CHROMIUM, HEADLESS

CHROMEDRIVER = Path("/usr/bin/chromedriver")


@contextmanager
def chromium_driver(profile: Path) -> Iterator[webdriver.Chrome]:
    """A headless Chromium with a fresh profile, closed afterwards."""
    for binary, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not binary.is_file():
            pytest.fail(
                f"{binary} is missing: this test needs Debian's {package} package "
                f"(apt-get install -y {package})",
                pytrace=False,
            )
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (*HEADLESS, f"--user-data-dir={profile}"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
