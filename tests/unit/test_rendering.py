"""The renderings of real documents: the official page in German and English, what we add
around it (banner, what is not shown, left-out attachments, highlights), hostile content made
inert, the terminal text, and the refusals."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html

from einvoice_cli.core.verdict import Verdict
from einvoice_cli.errors import NotAnInvoice, RenderingError
from einvoice_cli.rendering import Language, Renderer, RenderFormat, RenderOptions, render
from einvoice_cli.rendering.pack import VISUALIZATION_PACK
from einvoice_cli.rendering.text import mask
from einvoice_cli.rendering.words import keys, word
from einvoice_cli.rulepacks.catalog import ArtifactKind, load_catalog
from einvoice_cli.validation.engine import RuleEngine
from einvoice_cli.validation.inputs import Input
from einvoice_cli.validation.pipeline import ValidationOptions, validate_input
from tests.support.corpus import MIRROR, REPO, XRECHNUNG_TESTSUITE, ZUGFERD, require

STANDARD = XRECHNUNG_TESTSUITE / "business-cases" / "standard"
UBL = STANDARD / "01.01a-INVOICE_ubl.xml"
CII = STANDARD / "01.01a-INVOICE_uncefact.xml"
WITH_ATTACHMENTS = (
    XRECHNUNG_TESTSUITE / "technical-cases" / "cius" / "01.01_comprehensive_test_ubl.xml"
)
EXTENDED = (
    ZUGFERD
    / "ZUGFeRDv2"
    / "correct"
    / "Mustangproject"
    / "testout-ZF2PushItemChargesAllowances.xml"
)
ZUGFERD_1 = ZUGFERD / "ZUGFeRDv1" / "correct" / "4s4u" / "additional-data-sample-1.pdf"


def page(
    renderer: Renderer, data: bytes, lang: Language = Language.EN, **kw: object
) -> html.HtmlElement:
    options = RenderOptions(lang=lang)
    rendered = renderer.render(data, "test.xml", RenderFormat.HTML, options, **kw)  # type: ignore[arg-type]
    return html.document_fromstring(rendered)


def text_of(element: html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def test_the_pack_declares_every_official_file_as_the_mirror_lists_it() -> None:
    catalog = load_catalog()
    pack = catalog.pack(VISUALIZATION_PACK)
    manifest = {
        url: sha
        for url, sha, _ in (
            line.split("\t") for line in require(MIRROR / "MANIFEST.tsv").read_text().splitlines()
        )
        if "xrechnung-visualization/v2026-01-31/" in url
    }
    assert {f.location: f.sha256 for f in pack.files} == manifest
    assert {a.kind for a in pack.artifacts.values()} == {ArtifactKind.RENDERING}
    assert pack.licence.startswith("Apache-2.0")


def test_the_official_page_in_both_languages(renderer: Renderer) -> None:
    data = require(UBL).read_bytes()
    german, english = page(renderer, data, Language.DE), page(renderer, data, Language.EN)
    assert german.get("lang") == "de" and english.get("lang") == "en"
    assert text_of(german.get_element_by_id("menueUebersicht")) == "Übersicht"
    assert text_of(english.get_element_by_id("menueUebersicht")) == "Overview"
    overview = text_of(english.get_element_by_id("uebersicht"))
    assert "123456XX" in overview and "2016-04-04" in overview and "336.90" in overview
    assert "4.4.2016" in text_of(german.get_element_by_id("uebersicht"))
    # Self-contained: CSS and JS inline, nothing loaded from elsewhere.
    assert german.xpath("//style") and german.xpath("//script")
    assert not german.xpath("//script[@src] | //link[@href] | //img[@src]")


def test_credit_note_and_cii_render(renderer: Renderer) -> None:
    credit = require(ZUGFERD / "XML-Rechnung" / "UBL" / "ubl-tc434-creditnote1.xml")
    for path in (CII, credit):
        shown = text_of(page(renderer, path.read_bytes()).get_element_by_id("uebersicht"))
        assert "Invoice data" in shown
    text = renderer.render(credit.read_bytes(), "c.xml", RenderFormat.TEXT, RenderOptions())
    assert text.startswith(b"Gutschrift ")


def test_a_rejected_invoice_has_a_banner_and_highlighted_fields(
    renderer: Renderer, engine: RuleEngine, without_buyer_reference: Path
) -> None:
    data = without_buyer_reference.read_bytes()
    result = validate_input(Input("x.xml", data=data), engine, ValidationOptions(), None)
    assert result.verdict is Verdict.REJECT
    rendered = page(renderer, data, Language.DE, result=result)
    banner = rendered.cssselect(".einvoice-banner")
    assert len(banner) == 1
    assert text_of(banner[0]).startswith("Diese Rechnung wurde bei der Prüfung abgelehnt")
    assert "[BR-DE-15]" in text_of(banner[0])
    highlighted = {e.get("data-title") for e in rendered.cssselect(".einvoice-highlight")}
    assert "BT-10" in highlighted
    # Without a validation there is neither.
    plain = page(renderer, data, Language.DE)
    assert not plain.cssselect(".einvoice-banner, .einvoice-highlight")


def test_what_the_visualization_cannot_show_is_listed(renderer: Renderer) -> None:
    rendered = page(renderer, require(EXTENDED).read_bytes())
    notices = [text_of(n) for n in rendered.cssselect(".einvoice-notice")]
    # The official stylesheets fail on this EXTENDED invoice: the page says so and why.
    assert notices[0].startswith("The official visualization cannot render this document")
    assert any(n.startswith("Not shown:") for n in notices), notices
    listed = " ".join(notices)
    assert "ram:" in listed or "/rsm:" in listed  # the elements are named by their path


def test_large_attachments_are_listed_not_carried(renderer: Renderer) -> None:
    data = require(WITH_ATTACHMENTS).read_bytes()
    whole = renderer.render(data, "a.xml", RenderFormat.HTML, RenderOptions())
    small = renderer.render(
        data, "a.xml", RenderFormat.HTML, RenderOptions(max_attachment_bytes=1000)
    )
    assert len(small) < len(whole) - 100_000
    notice = text_of(html.document_fromstring(small).cssselect(".einvoice-notice")[-1])
    assert notice.startswith("Anlagen nicht in diese Seite eingebettet")
    assert "01_15_Anhang_01.pdf (application/pdf," in notice


HOSTILE_NOTE = "<script>document.body.dataset.pwned='note'</script><img src=x onerror=alert(1)>"


def hostile_invoice() -> bytes:
    """A test-suite invoice whose note, attachment name and link try to run script."""
    text = require(WITH_ATTACHMENTS).read_text(encoding="utf-8")
    escaped = HOSTILE_NOTE.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"<cbc:Note>[^<]*</cbc:Note>", f"<cbc:Note>{escaped}</cbc:Note>", text, count=1)
    text = text.replace(
        'filename="01_15_Anhang_01.pdf"',
        "filename=\"x', 'y', 'z'); document.body.dataset.pwned='click'; ('\"",
        1,
    )
    return text.replace(
        "<cbc:URI>https://xeinkauf.de/xrechnung/</cbc:URI>",
        "<cbc:URI>javascript:document.body.dataset.pwned='link'</cbc:URI>",
        1,
    ).encode("utf-8")


def test_hostile_content_is_text_not_script(renderer: Renderer) -> None:
    rendered = page(renderer, hostile_invoice())
    # The note is there, as text.
    assert HOSTILE_NOTE in rendered.text_content()
    assert not [s for s in rendered.xpath("//script") if "pwned" in (s.text or "")]
    assert not rendered.xpath("//img")
    # No handler or link the visualization did not write itself survives.
    for element in rendered.iter():
        for name, value in element.attrib.items():
            assert "pwned" not in value, (element.tag, name, value)
    # The visualization's own handlers stay.
    assert rendered.xpath("//a[starts-with(@onclick, 'downloadData(')]")
    assert rendered.xpath("//button[@onclick]")


def test_documents_that_cannot_be_rendered(renderer: Renderer) -> None:
    with pytest.raises(NotAnInvoice, match="not an invoice"):
        renderer.render(
            require(REPO / "tests" / "schemas" / "junit.xsd").read_bytes(),
            "junit.xsd",
            RenderFormat.HTML,
            RenderOptions(),
        )
    with pytest.raises(RenderingError, match="zugferd-1 documents cannot be shown"):
        renderer.render(
            require(ZUGFERD_1).read_bytes(), "z.pdf", RenderFormat.HTML, RenderOptions()
        )


def test_the_text_rendering(renderer: Renderer) -> None:
    data = require(WITH_ATTACHMENTS).read_bytes()
    text = renderer.render(data, "a.xml", RenderFormat.TEXT, RenderOptions(lang=Language.EN))
    shown = text.decode()
    for expected in ("Invoice 1234567", "[Seller name]", "[Buyer ", "Beratung", "XPP"):
        assert expected in shown
    assert "12,829.69 EUR" in shown  # BT-112 and BT-115
    assert "Amount due" in shown and "VAT breakdown" in shown
    assert "*" * 18 + "6199" in shown  # the IBAN, masked
    assert "(BT-" not in shown and "\x1b[" not in shown
    full = renderer.render(
        data, "a.xml", RenderFormat.TEXT, RenderOptions(full=True, terms=True)
    ).decode()
    assert "Zahlbetrag (BT-115)" in full and "12.829,69 EUR" in full
    iban = re.search(r"Konto \(BT-84\)\s+(\S+)", full)
    assert iban is not None and "*" not in iban.group(1) and iban.group(1).endswith("6199")


def test_the_library_function(renderer: Renderer) -> None:
    data = require(CII).read_bytes()
    assert render(data, format="text", lang="en", renderer=renderer).startswith(b"Invoice ")
    assert render(data, format="pdf", renderer=renderer).startswith(b"%PDF-")


def test_mask_keeps_the_last_four() -> None:
    assert mask("DE02 1203 0000 0000 2020 51") == "******************2051"
    assert mask("123") == "123"


def test_every_word_exists_in_every_language() -> None:
    for key in keys():
        for lang in Language:
            assert word(key, lang, count=1, scenario="s", terms="t", reason="r").strip()
