"""A hostile invoice's rendering opened in headless Chromium (over WebDriver): the page's own
script runs, and nothing the document carried runs, on load or when its links are clicked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import CliRun
from tests.support.rendering_support import Browser, browser_session
from tests.unit.test_rendering import HOSTILE_NOTE, hostile_invoice


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from browser_session()


def test_hostile_content_runs_no_script_in_chromium(
    run_cli: CliRun, browser: Browser, tmp_path: Path
) -> None:
    source = tmp_path / "hostile.xml"
    source.write_bytes(hostile_invoice())
    page = tmp_path / "hostile.html"
    result = run_cli(["view", str(source), "-o", str(page), "--no-validate", "--lang", "en"])
    assert result.exit_code == 0
    browser.open(page.as_uri())
    # The page's own script ran: its onload copies data-title into title.
    assert browser.run("return document.querySelector('[data-title=\"BT-1\"]').title") == "BT-1"
    # The note is shown as text; nothing the document carried ran, on load or on clicks.
    assert HOSTILE_NOTE in str(browser.run("return document.body.innerText"))
    browser.run(
        "document.querySelectorAll('#anlagen a').forEach(function (a) {"
        " try { a.click(); } catch (e) {} });"
    )
    assert browser.run("return document.body.dataset.pwned || null") is None
    assert browser.run("return document.querySelectorAll('img').length") == 0
