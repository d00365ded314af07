"""PDFs through `einvoice validate`: container pdf, profile, PDF-side findings, and broken PDFs
as errors that do not stop the batch."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import CliRun
from tests.support import pdfsamples
from tests.support.corpus import ZUGFERD, require

FX_EINFACH = ZUGFERD / "XML-Rechnung" / "FX" / "EN16931_Einfach.pdf"
CII_EINFACH = ZUGFERD / "XML-Rechnung" / "CII" / "EN16931_Einfach.cii.xml"


def _documents(stdout: str) -> list[Any]:
    documents = json.loads(stdout)["documents"]
    assert isinstance(documents, list)
    return documents


def test_pdf_and_xml_in_one_run(run_cli: CliRun) -> None:
    result = run_cli(
        ["validate", "-f", "json", str(require(FX_EINFACH)), str(require(CII_EINFACH))]
    )
    assert result.exit_code == 0
    pdf, xml = _documents(result.stdout)
    assert pdf["container"] == "pdf"
    assert pdf["profile"] == "en16931"
    assert pdf["attachment"] == "factur-x.xml"
    assert pdf["attachment_choice"]
    assert pdf["scenario"] == "Factur-X 1.0 / ZUGFeRD 2.x EN 16931"
    assert pdf["rules"][1]["rules"] == "facturx@1.09.2:en16931-schematron"
    assert xml["container"] == "xml"
    assert xml["scenario"] == "EN16931 (CII)"  # a standalone XML goes to the official scenario
    assert xml["profile"] == "en16931"


def test_text_report_names_profile_and_embedded_file(run_cli: CliRun) -> None:
    result = run_cli(["validate", str(require(FX_EINFACH))])
    assert result.exit_code == 0
    assert (
        "scenario: Factur-X 1.0 / ZUGFeRD 2.x EN 16931 · profile: en16931 · invoice: factur-x.xml"
        in result.stdout
    )


def test_pdf_side_findings_count(run_cli: CliRun, tmp_path: Path) -> None:
    bad_xmp = pdfsamples.xmp_packet(level="BASIC")  # the XML is EN 16931
    pdf = tmp_path / "wrong-level.pdf"
    pdf.write_bytes(pdfsamples.facturx_pdf(xmp=bad_xmp))
    result = run_cli(["validate", "-f", "json", str(pdf)])
    assert result.exit_code == 1
    [document] = _documents(result.stdout)
    [finding] = [f for f in document["findings"] if f["source"] == "pdf"]
    assert finding["rule"] == "PDF-XMP-07"
    assert finding["severity"] == "error"
    assert "§2.3" in finding["message"]
    assert document["verdict"] == "reject"


def test_broken_pdfs_are_errors_and_the_batch_goes_on(run_cli: CliRun, tmp_path: Path) -> None:
    good = pdfsamples.facturx_pdf()
    cases = {
        "no-attachments.pdf": pdfsamples.build_pdf([], xmp=pdfsamples.xmp_packet()),
        "no-invoice.pdf": pdfsamples.build_pdf(
            [pdfsamples.Embedded("notes.txt", b"hello", mime="text/plain")],
            xmp=pdfsamples.xmp_packet(),
        ),
        "encrypted.pdf": pdfsamples.encrypted(good, "secret"),
        "truncated.pdf": good[: len(good) // 3],
        "bomb.pdf": pdfsamples.build_pdf(
            [
                pdfsamples.Embedded(
                    "factur-x.xml", b"", encoded=pdfsamples.flate_bomb(80 * 1024 * 1024)
                )
            ],
            xmp=pdfsamples.xmp_packet(),
        ),
        "good.pdf": good,
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
    not_a_pdf = tmp_path / "text.pdf"
    not_a_pdf.write_text("this is not a PDF", encoding="utf-8")
    names = [*cases, "text.pdf"]
    result = run_cli(
        ["validate", "-f", "json", "--max-size", "16MiB", *(str(tmp_path / n) for n in names)]
    )
    assert result.exit_code == 2
    by_name = {Path(d["path"]).name: d for d in _documents(result.stdout)}
    assert by_name["good.pdf"]["verdict"] == "accept"
    for name in names:
        if name == "good.pdf":
            continue
        document = by_name[name]
        assert document["verdict"] == "error", name
        assert name in document["error"]
        assert "\n" not in document["error"]
    assert by_name["encrypted.pdf"]["container"] == "pdf"
    assert by_name["text.pdf"]["container"] == "xml"  # not a PDF: read as what it is
    assert "Traceback" not in result.stderr
