"""Supporting documents (BG-24) embedded in invoices, in both syntaxes."""

from __future__ import annotations

import pytest

from einvoice_cli.errors import InputError
from einvoice_cli.model.attachments import supporting_documents
from einvoice_cli.xml.parser import ParseSettings, parse_xml
from tests.support.corpus import ZUGFERD, require


def _documents(relative: str) -> list[tuple[int, str | None, str | None, str | None, bytes]]:
    path = require(ZUGFERD / "XML-Rechnung" / relative)
    tree = parse_xml(path.read_bytes(), path.name, ParseSettings())
    return [
        (d.position, d.reference, d.filename, d.mime_code, d.data[:8])
        for d in supporting_documents(tree, path.name)
    ]


def test_ubl_and_cii_carry_the_same_supporting_documents() -> None:
    expected = [
        (1, "Aufmass", "Aufmass.png", "image/png", b"\x89PNG\r\n\x1a\n"),
        (2, "ElektronRapport", "ElektronRapport.pdf", "application/pdf", b"%PDF-1.7"),
    ]
    assert _documents("UBL/XRECHNUNG_Elektron.ubl.xml") == expected
    assert _documents("CII/XRECHNUNG_Elektron.cii.xml") == expected


def test_an_invoice_without_embedded_documents_has_none() -> None:
    assert _documents("CII/EN16931_Einfach.cii.xml") == []


def test_content_that_is_not_base64_is_an_input_error() -> None:
    xml = (
        b'<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:'
        b'CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:'
        b'ReusableAggregateBusinessInformationEntity:100"><ram:AdditionalReferencedDocument>'
        b'<ram:AttachmentBinaryObject filename="a.pdf" mimeCode="application/pdf">'
        b"not*base64</ram:AttachmentBinaryObject></ram:AdditionalReferencedDocument>"
        b"</rsm:CrossIndustryInvoice>"
    )
    tree = parse_xml(xml, "x.xml", ParseSettings())
    with pytest.raises(
        InputError, match=r"x.xml: supporting document 1 \(a.pdf\) is not valid base64"
    ):
        supporting_documents(tree, "x.xml")
