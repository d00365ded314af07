"""What the converter tests share: a visual PDF made in the test, and reading a result back."""

from __future__ import annotations

import io
from collections.abc import Sequence

from lxml import etree
from pypdf import PdfWriter

from einvoice_cli.core.detect import Syntax
from einvoice_cli.model import ReadResult, read_invoice
from einvoice_cli.xml.parser import ParseSettings, parse_xml

SCENARIO_SYNTAX_LABELS = {
    Syntax.UBL_INVOICE: "UBL Invoice",
    Syntax.UBL_CREDITNOTE: "UBL CreditNote",
    Syntax.CII: "CII",
}
"""How the configuration's scenario names end for each syntax, e.g. ``EN16931 XRechnung (CII)``."""


def visual_pdf(
    attachments: Sequence[tuple[str, bytes]] = (),
    *,
    user_password: str | None = None,
) -> bytes:
    """A one-page A4 PDF (blank: the tests need a visual PDF, not its looks), optionally with
    embedded files and encryption."""
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    for name, data in attachments:
        writer.add_attachment(name, data)
    if user_password is not None:
        writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def read_back(xml: bytes, name: str = "converted") -> ReadResult:
    """Read a converted document into the model, as its receiver would."""
    return read_invoice(parse_xml(xml, name, ParseSettings()))


def canonical(xml: bytes) -> bytes:
    """The document in canonical form (C14N 1.0), for comparing XML regardless of spelling."""
    return etree.tostring(parse_xml(xml, "c14n", ParseSettings()), method="c14n")


def matching_scenario(scenario: str | None, syntax: Syntax | None) -> str | None:
    """The scenario of the same specification for another syntax: ``EN16931 XRechnung (UBL
    Invoice)`` becomes ``EN16931 XRechnung (CII)`` for CII."""
    if scenario is None or syntax is None:
        return None
    stem, _, _ = scenario.rpartition(" (")
    return f"{stem} ({SCENARIO_SYNTAX_LABELS[syntax]})"
