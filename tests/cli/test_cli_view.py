"""``einvoice view`` through the real CLI: the format OUT implies, text and HTML on stdout, the
exit status of accepted, rejected and unrenderable documents, a hybrid PDF's invoice, ``convert
--to facturx`` with the rendering as its visual PDF, and HTML report folders linking each
document to its rendering. The hostile page in Chromium is in tests/system/test_view_browser.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from einvoice_cli.hybrid.pdf import PdfSettings, extract_invoice
from tests.conftest import CliRun
from tests.support.corpus import XRECHNUNG_TESTSUITE, ZUGFERD, require

STANDARD = XRECHNUNG_TESTSUITE / "business-cases" / "standard"
UBL = STANDARD / "01.01a-INVOICE_ubl.xml"
CII = STANDARD / "01.01a-INVOICE_uncefact.xml"
HYBRID = ZUGFERD / "XML-Rechnung" / "FX" / "EN16931_Einfach.pdf"


@pytest.mark.parametrize(
    ("suffix", "magic"),
    [(".pdf", b"%PDF-"), (".html", b"<!DOCTYPE html>"), (".txt", b"Rechnung 123456XX")],
)
def test_out_chooses_the_format(run_cli: CliRun, tmp_path: Path, suffix: str, magic: bytes) -> None:
    target = tmp_path / f"rechnung{suffix}"
    result = run_cli(["view", str(require(UBL)), "-o", str(target)])
    assert result.exit_code == 0
    assert result.stdout == "" and result.stderr == ""
    assert target.read_bytes().startswith(magic)


def test_html_on_stdout_when_it_is_not_a_terminal(run_cli: CliRun) -> None:
    result = run_cli(["view", str(require(CII)), "--lang", "en"])
    assert result.exit_code == 0
    assert result.stdout.startswith("<!DOCTYPE html>")
    assert '<html lang="en">' in result.stdout


def test_text_with_terms_and_full_account(run_cli: CliRun) -> None:
    result = run_cli(["view", str(require(UBL)), "-f", "text", "--terms", "--lang", "en"])
    assert result.exit_code == 0
    assert "Invoice 123456XX" in result.stdout
    assert "Amount due (BT-115)" in result.stdout and "336.90 EUR" in result.stdout


def test_a_rejected_invoice_is_rendered_with_exit_1(
    run_cli: CliRun, without_buyer_reference: Path, tmp_path: Path
) -> None:
    target = tmp_path / "abgelehnt.html"
    result = run_cli(["view", str(without_buyer_reference), "-o", str(target)])
    assert result.exit_code == 1
    assert "rejected; rendered with a banner" in result.stderr
    page = target.read_text(encoding="utf-8")
    assert "einvoice-banner" in page and "BR-DE-15" in page
    skipped = run_cli(["view", str(without_buyer_reference), "--no-validate", "-f", "text"])
    assert skipped.exit_code == 0 and "abgelehnt" not in skipped.stdout


def test_what_cannot_be_rendered_is_one_line_and_exit_2(run_cli: CliRun, tmp_path: Path) -> None:
    other = tmp_path / "kein-beleg.xml"
    other.write_bytes(b"<?xml version='1.0'?><order><id>1</id></order>")
    result = run_cli(["view", str(other)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: {other}: not an invoice (root element order)")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_out_is_not_replaced_without_overwrite(run_cli: CliRun, tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    target.write_text("mine")
    refused = run_cli(["view", str(require(UBL)), "-o", str(target)])
    assert refused.exit_code == 2 and target.read_text() == "mine"
    replaced = run_cli(["view", str(require(UBL)), "-o", str(target), "--overwrite"])
    assert replaced.exit_code == 0 and target.read_text().startswith("<!DOCTYPE html>")


def test_a_hybrid_pdf_shows_its_invoice(run_cli: CliRun) -> None:
    xml = extract_invoice(require(HYBRID).read_bytes(), "h.pdf", PdfSettings()).xml
    assert b"<ram:ID>471102</ram:ID>" in xml
    result = run_cli(["view", str(HYBRID), "-f", "text", "--lang", "en", "--no-validate"])
    assert result.exit_code == 0
    assert "Invoice 471102" in result.stdout


def test_convert_to_facturx_without_a_visual_pdf(run_cli: CliRun, tmp_path: Path) -> None:
    target = tmp_path / "hybrid.pdf"
    converted = run_cli(["convert", str(require(UBL)), "--to", "facturx", "-o", str(target)])
    assert converted.exit_code == 0
    checked = run_cli(["validate", "--format", "json", str(target)])
    assert checked.exit_code == 0
    document = json.loads(checked.stdout)["documents"][0]
    assert document["verdict"] == "accept" and document["container"] == "pdf"
    assert not [f for f in document["findings"] if f["source"] == "pdf"]
    shown = run_cli(["view", str(target), "-f", "text", "--no-validate"])
    assert "Rechnung 123456XX" in shown.stdout


def test_html_reports_link_each_document_to_its_rendering(
    run_cli: CliRun, tmp_path: Path, without_buyer_reference: Path
) -> None:
    folder = tmp_path / "berichte"
    accepted = require(UBL)
    result = run_cli(
        [
            "validate",
            "--output-dir",
            str(folder),
            "--report-format",
            "html",
            "--lang",
            "de",
            str(without_buyer_reference),
            str(accepted),
        ]
    )
    assert result.exit_code == 1
    report = (folder / "no-buyer-reference.xml.html").read_text(encoding="utf-8")
    assert '<a href="no-buyer-reference.xml.view.html">Rechnung anzeigen' in report
    rendering = (folder / "no-buyer-reference.xml.view.html").read_text(encoding="utf-8")
    assert 'class="einvoice-banner"' in rendering and "[BR-DE-15]" in rendering
    assert 'data-title="BT-10" class="BT-10 boxdaten wert einvoice-highlight"' in rendering
    fine = (folder / f"{accepted.name}.view.html").read_text(encoding="utf-8")
    assert 'class="einvoice-banner"' not in fine and "123456XX" in fine
