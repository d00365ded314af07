"""Active content in hybrid PDFs (issue 14): JavaScript run on opening and Launch actions,
which PDF/A-3 forbids, are reported by a PDF finding; a PDF without them gets none."""

from __future__ import annotations

import pytest

from einvoice_cli.hybrid.inspection import inspect_pdf
from einvoice_cli.hybrid.settings import PdfSettings
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
