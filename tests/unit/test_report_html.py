"""``--format html``: exact sections on fixed results, one self-contained page, both languages,
and document text that never becomes markup."""

from __future__ import annotations

import base64
import io
import re
import zlib

import pytest
from lxml import html

from einvoice_cli import __version__
from einvoice_cli.core.languages import Language
from einvoice_cli.core.results import summarize
from einvoice_cli.model.names import LANGUAGES
from einvoice_cli.report import ReportOptions
from einvoice_cli.report.catalogue import CATALOGUE, DE, EN, language_of_locale, messages
from einvoice_cli.report.html import HtmlFormatter, document_page, document_section
from einvoice_cli.report.html_assets import CONTENT_SECURITY_POLICY, SCRIPT, STYLE
from einvoice_cli.report.html_index import SORT_COLUMNS
from tests.support.html_index import index_rows
from tests.support.report_results import (
    ACCEPTED,
    HOSTILE,
    HOSTILE_TEXT,
    IN_ERROR,
    REJECTED,
    RUN,
    render,
)

ROOT_TITLE = (
    "/*:Invoice[namespace-uri()=&#x27;urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
    "&#x27;][1]"
)

REJECTED_SECTION = f"""\
<section class="document" id="doc-1" data-verdict="reject">
<h2><span class="verdict reject">Reject</span> <span class="path">in/a/rechnung.xml</span></h2>
<dl class="facts">
<dt>Scenario</dt><dd>EN16931 XRechnung (UBL Invoice)</dd>
<dt>Specification identifier</dt><dd><code>\
urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0</code></dd>
<dt>Syntax</dt><dd>ubl-invoice</dd>
<dt>Rules used</dt><dd><ul><li>XML Schema: <code>ubl@2.1:invoice-xsd</code></li>\
<li>Schematron rules for EN16931 (UBL): <code>cen-en16931@1.3.15:ubl-schematron</code></li>\
</ul></dd>
</dl>
<h3 class="sev-error">Errors (1)</h3>
<table class="findings sev-table-error">
<thead><tr><th>Rule</th><th>Business terms</th><th>Message</th><th>Location</th><th>Line</th></tr>\
</thead>
<tbody>
<tr><td class="rule sev-error">BR-DE-15</td><td><ul class="terms"><li><span class="term">BT-10\
</span> Buyer reference</li></ul></td><td class="message">[BR-DE-15] Das Element "Buyer reference" \
(BT-10) muss übermittelt werden.<br><span class="hint">Hint: Give the buyer reference (BT-10): \
for German public buyers the Leitweg-ID they told you.</span></td><td><code class="location" \
title="{ROOT_TITLE}">/Invoice\
</code></td><td>2</td></tr>
</tbody>
</table>
<h3 class="sev-warning">Warnings (1)</h3>
<table class="findings sev-table-warning">
<thead><tr><th>Rule</th><th>Business terms</th><th>Message</th><th>Location</th><th>Line</th></tr>\
</thead>
<tbody>
<tr><td class="rule sev-warning">BR-DE-21</td><td><ul class="terms"><li><span class="term">BG-4\
</span> SELLER</li></ul></td><td class="message">[BR-DE-21] Seller (BG-4) should name a contact.\
</td><td><code class="location" title="{ROOT_TITLE}/*:AccountingSupplierParty[namespace-uri()=\
&#x27;urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2&#x27;][1]">/Invoice\
<wbr>/AccountingSupplierParty</code></td><td></td></tr>
</tbody>
</table>
<h3 class="sev-information">Information (1)</h3>
<table class="findings sev-table-information">
<thead><tr><th>Rule</th><th>Business terms</th><th>Message</th><th>Location</th><th>Line</th></tr>\
</thead>
<tbody>
<tr><td class="rule sev-information">PEPPOL-EN16931-R002</td><td></td><td class="message">No more \
than one note is allowed on document level.<br><span class="outside">(outside the verdict: the XML \
Schema check failed)</span></td><td></td><td></td></tr>
</tbody>
</table>
</section>
"""

IN_ERROR_SECTION_DE = """\
<section class="document" id="doc-3" data-verdict="error">
<h2><span class="verdict error">Fehler</span> <span class="path">scan.pdf</span></h2>
<dl class="facts">
<dt>Warum es nicht geprüft werden konnte</dt><dd>scan.pdf: the PDF has no embedded invoice</dd>
<dt>Container</dt><dd>pdf</dd>
</dl>
</section>
"""


def visible_text(element: html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def test_exact_sections() -> None:
    assert document_section(REJECTED, EN, "doc-1") == REJECTED_SECTION
    assert document_section(IN_ERROR, DE, "doc-3") == IN_ERROR_SECTION_DE
    assert "No findings." in document_section(ACCEPTED, EN, "doc-2")


def test_run_page_structure(capsys: pytest.CaptureFixture[str]) -> None:
    output, _ = render("html", RUN)
    assert capsys.readouterr() == ("", "")
    assert output.startswith('<!DOCTYPE html>\n<html lang="en">\n')
    assert output.endswith(f"<script>{SCRIPT}</script>\n</body>\n</html>\n")
    assert REJECTED_SECTION in output
    page = html.document_fromstring(output)
    assert [s.get("data-verdict") for s in page.cssselect("section.document")] == [
        "reject",
        "accept",
        "error",
    ]
    # The list is data the script draws from; the table body starts empty.
    assert page.cssselect("nav#index tbody tr") == []
    rows = index_rows(page)
    assert [r.verdict for r in rows] == ["reject", "accept", "error"]
    assert [r.href for r in rows] == ["#doc-1", "#doc-2", "#doc-3"]
    assert [(r.path, r.scenario, r.errors, r.warnings, r.information) for r in rows] == [
        ("in/a/rechnung.xml", "EN16931 XRechnung (UBL Invoice)", 1, 1, 1),
        ("in/b/rechnung.xml", "EN16931 XRechnung (UBL Invoice)", 0, 0, 0),
        ("scan.pdf", None, 0, 0, 0),
    ]
    # The first error decides most cases without a click; a document in error says why.
    assert [r.first for r in rows] == [
        (
            "error",
            "BR-DE-15",
            '[BR-DE-15] Das Element "Buyer reference" (BT-10) muss übermittelt werden.',
        ),
        None,
        ("error", None, "scan.pdf: the PDF has no embedded invoice"),
    ]
    assert rows[0].rules == ("BR-DE-15", "BR-DE-21")
    assert rows[0].other_rules == ("PEPPOL-EN16931-R002",)
    assert rows[0].terms == ("BT-10", "BG-4")
    assert [r.container for r in rows] == ["xml", "xml", "pdf"]
    sorters = [b.get("data-sort") for b in page.cssselect("nav#index th button")]
    assert sorters == list(SORT_COLUMNS)
    filters = page.get_element_by_id("filters")
    assert filters.get("hidden") is not None  # shown by the script, useless without it
    assert [visible_text(label) for label in filters.cssselect("label")] == [
        "Accepted (1)",
        "Rejected (1)",
        "In error (1)",
    ]
    assert visible_text(page.get_element_by_id("summary")) == (
        "3 documents: 1 accepted, 1 rejected, 1 in error"
    )
    assert f"einvoice-cli {__version__}" in visible_text(page.cssselect("header")[0])


def test_the_page_is_self_contained() -> None:
    output, _ = render("html", RUN)
    page = html.document_fromstring(output)
    # Nothing is loaded from elsewhere: no external scripts, styles, images, frames or fonts.
    assert page.cssselect("[src], link, iframe, object, embed, img") == []
    assert not re.search(r"https?://", STYLE + SCRIPT)
    assert [s.text for s in page.cssselect("script:not([type])")] == [SCRIPT]
    # The other script elements are data of types no browser runs.
    assert [s.get("type") for s in page.cssselect("script[type]")] == [
        "application/json",
        "application/octet-stream",
    ]
    assert [s.text for s in page.cssselect("style")] == [STYLE]
    policy = page.cssselect('meta[http-equiv="Content-Security-Policy"]')
    assert [m.get("content") for m in policy] == [CONTENT_SECURITY_POLICY]
    assert CONTENT_SECURITY_POLICY.startswith("default-src 'none'; style-src 'sha256-")


def test_german_report() -> None:
    output, _ = render("html", RUN, lang="de")
    page = html.document_fromstring(output)
    assert page.get("lang") == "de"
    text = visible_text(page)
    assert "Prüfbericht E-Rechnung" in text
    assert "BT-10 Käuferreferenz" in text
    assert "BG-4 VERKÄUFER" in text
    assert "Angenommen (1) Abgelehnt (1) Nicht prüfbar (1)" in text
    # Rule messages are shown as the rules word them.
    assert "[BR-DE-21] Seller (BG-4) should name a contact." in text
    assert "3 Dokumente: 1 angenommen, 1 abgelehnt, 1 nicht prüfbar" in text


def test_every_language_has_every_word() -> None:
    assert tuple(CATALOGUE) == LANGUAGES
    for lang in LANGUAGES:
        assert messages(lang).lang == lang
    with pytest.raises(ValueError, match="no report language 'fr'"):
        messages("fr")


def test_document_text_never_becomes_markup() -> None:
    output, _ = render("html", (HOSTILE,))
    page = html.document_fromstring(output)
    # The only script is the report's own; the hostile message made no element.
    assert [s.text for s in page.cssselect("script:not([type])")] == [SCRIPT]
    assert "</script>" not in (page.get_element_by_id("index-data").text or "")
    assert index_rows(page)[0].messages == (HOSTILE_TEXT,)
    assert index_rows(page)[0].path == HOSTILE.path
    assert page.cssselect("img, b, i, u, rule") == []
    assert not any(name.startswith("on") for element in page.iter() for name in element.attrib)
    message = page.cssselect("td.message")[0]
    assert message.text_content() == HOSTILE_TEXT
    assert visible_text(page.cssselect("span.path")[0]) == HOSTILE.path
    location = page.cssselect("code.location")[0]
    assert location.get("title") == HOSTILE.findings[0].location
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" not in output  # text, not attr
    assert '&lt;script&gt;alert("x")&lt;/script&gt;' in output


def test_document_page_links_back_to_the_index() -> None:
    page_text = document_page(REJECTED, ReportOptions(lang=Language.DE), index_href="index.html")
    page = html.document_fromstring(page_text)
    assert page.findtext(".//title") == "Bericht zu in/a/rechnung.xml"
    assert [a.get("href") for a in page.cssselect("main a")] == ["index.html"]
    assert page.cssselect("nav") == []  # a single document's page has no index
    assert "BT-10 Käuferreferenz" in visible_text(page)


@pytest.mark.parametrize(
    ("locale", "lang"),
    [
        ("de_DE.UTF-8", "de"),
        ("de_AT", "de"),
        ("de_CH.UTF-8@euro", "de"),
        ("de", "de"),
        ("en_GB.UTF-8", "en"),
        ("fr_FR.UTF-8", "en"),
        ("C", "en"),
        ("C.UTF-8", "en"),
        ("POSIX", "en"),
        ("", "en"),
        (None, "en"),
    ],
)
def test_language_of_locale(locale: str | None, lang: str) -> None:
    assert language_of_locale(locale) == lang


def test_sections_past_the_live_ones_are_packed() -> None:
    stream = io.StringIO()
    formatter = HtmlFormatter(stream, ReportOptions(lang=Language.DE))
    formatter.live_sections = 1
    formatter.begin()
    for result in RUN:
        formatter.document(result)
    formatter.end(summarize(RUN))
    page = html.document_fromstring(stream.getvalue())
    assert [s.get("id") for s in page.cssselect("main > section.document")] == ["doc-1"]
    [block] = page.cssselect("main > script.packed-sections")
    assert (block.get("type"), block.get("data-first"), block.get("data-count")) == (
        "application/octet-stream",
        "2",
        "2",
    )
    packed = zlib.decompress(base64.b64decode(block.text or "")).decode("utf-8")
    assert packed == document_section(ACCEPTED, DE, "doc-2") + document_section(
        IN_ERROR, DE, "doc-3"
    )
    # The list still has every document, and the page says where the other reports are.
    assert [r.href for r in index_rows(page)] == ["#doc-1", "#doc-2", "#doc-3"]
    assert "die der 2 übrigen sind in dieser Seite komprimiert" in visible_text(page)
    assert page.get_element_by_id("unpacked").tag == "div"


def test_our_checks_have_a_section_of_their_own() -> None:
    from dataclasses import replace

    from einvoice_cli.core.findings import Finding, Severity, Source
    from einvoice_cli.core.results import Envelope

    ours = Finding(
        rule="EINV-LEITWEG",
        severity=Severity.WARNING,
        flag=None,
        source=Source.EINVOICE,
        location=None,
        message="BT-10 (Buyer reference) 'kein-leitweg' is not a valid Leitweg-ID",
        business_terms=("BT-10",),
        in_verdict=False,
    )
    result = replace(
        ACCEPTED,
        findings=(*ACCEPTED.findings, ours),
        checks=("leitweg",),
        envelope=Envelope(sender="iso6523-actorid-upis::0088:1", receiver="0204:991-1-1"),
    )
    for words, heading in (
        (EN, "Our own checks (leitweg): not part of the official verdict"),
        (DE, "Eigene Prüfungen (leitweg): nicht Teil des offiziellen Ergebnisses"),
    ):
        page = html.fromstring(document_section(result, words, "doc-1"))
        (section,) = page.find_class("checks")
        assert section.findtext("h3") == heading
        assert [td.text_content() for td in section.find_class("rule")] == ["EINV-LEITWEG"]
        assert not section.find_class("outside")  # the heading says it; no note per finding
        official = [e for e in page.find_class("rule") if e not in section.find_class("rule")]
        assert "EINV-LEITWEG" not in [e.text_content() for e in official]
        assert words.envelope in page.text_content()
        assert "iso6523-actorid-upis::0088:1" in page.text_content()


def test_no_section_when_no_check_ran() -> None:
    page = html.fromstring(document_section(ACCEPTED, EN, "doc-1"))
    assert not page.find_class("checks")
