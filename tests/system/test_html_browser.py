"""The HTML report in a real browser: headless Chromium opens the samples' report from a file
and we read what a person sees once the page's script has run.

Needs Debian's ``chromium`` (``apt-get install chromium``); without it these tests fail and say
so, they are never skipped.
"""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from lxml import html

from einvoice_cli.validation.engine import RuleEngine
from scripts.html_screenshot import CHROMIUM, dump_dom, samples_report, screenshot
from tests.cli.test_golden import REPO


@pytest.fixture(scope="module")
def chromium() -> Path:
    if not CHROMIUM.is_file():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's chromium package "
            "(apt-get install -y chromium)",
            pytrace=False,
        )
    return CHROMIUM


@pytest.fixture
def german_report(engine: RuleEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(REPO)
    page = tmp_path / "bericht.html"
    page.write_text(samples_report(engine, "de"), encoding="utf-8")
    return page


def seen(element: html.HtmlElement) -> str:
    """The element's text as a person reads it: cells and lines apart, whitespace collapsed."""
    return " ".join(" ".join(element.itertext()).split())


def shown(page: html.HtmlElement, selector: str) -> list[html.HtmlElement]:
    """The elements the selector finds that are not hidden, nor inside something hidden."""
    return [
        e
        for e in page.cssselect(selector)
        if not any(a.get("hidden") is not None for a in (e, *e.iterancestors()))
    ]


def test_the_report_as_a_person_sees_it(
    chromium: Path, german_report: Path, tmp_path: Path
) -> None:
    dom = dump_dom(german_report.as_uri(), tmp_path / "profile")
    page = html.document_fromstring(dom)
    # The script ran: it revealed the filter and counted the documents.
    filters = page.get_element_by_id("filters")
    assert filters.get("hidden") is None
    assert seen(filters.cssselect("legend")[0]) == "Dokumente nach Ergebnis anzeigen"
    assert [seen(label) for label in filters.cssselect("label")] == [
        "Angenommen (3)",
        "Abgelehnt (1)",
        "Nicht prüfbar (0)",
    ]
    assert seen(page.get_element_by_id("filter-status")) == "4 von 4 Dokumenten angezeigt"
    rows = shown(page, "nav#index tbody tr")
    assert [seen(row.cssselect(".verdict")[0]) for row in rows] == [
        "Ablehnen",
        "Annehmen",
        "Annehmen",
        "Annehmen",
    ]
    assert [seen(row.cssselect("a")[0]) for row in rows] == [
        "samples/invalid-invoice.xml",
        "samples/xrechnung-cii-invoice.xml",
        "samples/xrechnung-ubl-creditnote.xml",
        "samples/xrechnung-ubl-invoice.xml",
    ]
    rejected = shown(page, "section.document")[0]
    text = seen(rejected)
    assert text.startswith("Ablehnen samples/invalid-invoice.xml Szenario EN16931 XRechnung")
    assert "Fehler (3)" in text
    assert "BT-10 Käuferreferenz" in text
    assert "BT-112 Rechnungsgesamtbetrag einschließlich Umsatzsteuer" in text
    # The rule's message as the rule words it, with where and on which line.
    assert '[BR-DE-15] Das Element "Buyer reference" (BT-10) muss übermittelt werden.' in text
    # The value in the document and the one the rule expects, beside the term's name.
    assert "Rechnungsgesamtbetrag einschließlich Umsatzsteuer: 994.87 (erwartet 994.78)" in text
    assert "Tipp: Geben Sie die Käuferreferenz (BT-10) an" in text
    # Where: the element the rule is about (the official XPath in the title), and its line.
    location = rejected.cssselect("code.location")[0]
    assert seen(location).replace(" ", "") == (
        "/ubl:Invoice/cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount"
    )
    assert location.get("title", "").startswith("/*:Invoice[namespace-uri()=")
    assert "fehlt, gehört nach" in seen(rejected.cssselect("tbody tr")[1])
    assert [seen(row.cssselect("td")[-1]) for row in rejected.cssselect("tbody tr")] == [
        "151",
        "37",
        "120",
    ]
    assert seen(page.get_element_by_id("summary")) == (
        "4 Dokumente: 3 angenommen, 1 abgelehnt, 0 nicht prüfbar"
    )


def test_the_verdict_filter_hides_what_is_not_chosen(
    chromium: Path, german_report: Path, tmp_path: Path
) -> None:
    # The filter starts from the page address (a link can carry it), then reacts to the boxes.
    dom = dump_dom(german_report.as_uri() + "?verdict=reject", tmp_path / "profile")
    page = html.document_fromstring(dom)
    assert seen(page.get_element_by_id("filter-status")) == "1 von 4 Dokumenten angezeigt"
    assert [seen(a) for a in shown(page, "nav#index tbody a")] == ["samples/invalid-invoice.xml"]
    assert [s.get("id") for s in shown(page, "section.document")] == ["doc-1"]
    assert len(page.cssselect("section.document")) == 4  # hidden, not removed


def test_a_screenshot_shows_the_page(chromium: Path, german_report: Path, tmp_path: Path) -> None:
    target = tmp_path / "bericht.png"
    screenshot(german_report.as_uri(), target, tmp_path / "profile", (1000, 700))
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1000, 700)
