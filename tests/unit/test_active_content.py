"""Active content in hybrid PDFs (issue 14): JavaScript run on opening and Launch actions,
which PDF/A-3 forbids, are reported by a PDF finding; a PDF without them gets none."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from einvoice_cli.hybrid.inspection import inspect_pdf
from einvoice_cli.hybrid.settings import PdfSettings
from tests.conftest import CliRun
from tests.support.corpus import ZUGFERD, require
from tests.support.pdfsamples import Embedded, build_pdf, en16931_xml

JAVASCRIPT = b"/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>"
LAUNCH = b"/OpenAction << /S /Launch /F (cmd.exe) >>"
NAMED_JS = b"/Names << /JavaScript << /Names [(x) << /S /JavaScript /JS (1) >>] >> >>"


def _pdf(extra: bytes) -> bytes:
    pdf = build_pdf([Embedded(name="factur-x.xml", data=en16931_xml())])
    # Into the catalog (object 1), before its closing >>; the xref offsets of later objects
    # shift, which pypdf repairs (as it does for many real PDFs).
    head, _, rest = pdf.partition(b"1 0 obj\n<< ")
    return head + b"1 0 obj\n<< " + extra + b" " + rest


@pytest.mark.parametrize(
    ("extra", "word"),
    [(JAVASCRIPT, "JavaScript"), (LAUNCH, "Launch"), (NAMED_JS, "JavaScript")],
    ids=["open-action-js", "open-action-launch", "names-javascript"],
)
def test_active_content_is_a_pdf_finding(extra: bytes, word: str) -> None:
    inspection = inspect_pdf(_pdf(extra), "active.pdf", PdfSettings())
    [finding] = [f for f in inspection.findings if f.rule == "PDF-A-04"]
    assert word in finding.message
    assert "19005-3" in finding.message


def test_a_pdf_without_active_content_has_no_such_finding() -> None:
    inspection = inspect_pdf(_pdf(b""), "plain.pdf", PdfSettings())
    assert not [f for f in inspection.findings if f.rule == "PDF-A-04"]


def test_convert_refuses_a_visual_pdf_with_active_content(run_cli: CliRun, tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("1;")}
    )
    visual = tmp_path / "scripted.pdf"
    with visual.open("wb") as stream:
        writer.write(stream)
    source = require(ZUGFERD / "XML-Rechnung" / "CII" / "XRECHNUNG_Einfach.cii.xml")
    out = tmp_path / "hybrid.pdf"
    result = run_cli(
        ["convert", str(source), "--to", "facturx", "--pdf", str(visual), "-o", str(out)]
    )
    assert result.exit_code == 2, result.stderr
    assert "JavaScript" in result.stderr and "PDF/A-3" in result.stderr
    assert not out.exists()
