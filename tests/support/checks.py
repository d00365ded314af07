"""Invoices for the tests of our own checks, generated from corpus documents: attachments
added, an SBDH wrapped around."""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from tests.support.corpus import XRECHNUNG_TESTSUITE, require

UBL_INVOICE = XRECHNUNG_TESTSUITE / "business-cases" / "standard" / "01.01a-INVOICE_ubl.xml"
"""An XRechnung UBL invoice without embedded attachments."""

_CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
_CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"


@dataclass(frozen=True)
class Attached:
    """One attachment to embed: file name (BT-125-2), MIME code (BT-125-1), content."""

    filename: str
    mime_code: str
    content: bytes


def with_attachments(attachments: Sequence[Attached], source: Path = UBL_INVOICE) -> bytes:
    """``source`` with each attachment embedded as an additional supporting document (BG-24),
    where UBL places them (before the seller)."""
    tree = etree.parse(str(require(source)))
    root = tree.getroot()
    seller = root.find(f"{{{_CAC}}}AccountingSupplierParty")
    assert seller is not None
    for position, attached in enumerate(attachments, start=1):
        reference = etree.Element(f"{{{_CAC}}}AdditionalDocumentReference")
        etree.SubElement(reference, f"{{{_CBC}}}ID").text = f"Anlage-{position}"
        attachment = etree.SubElement(reference, f"{{{_CAC}}}Attachment")
        binary = etree.SubElement(attachment, f"{{{_CBC}}}EmbeddedDocumentBinaryObject")
        binary.set("mimeCode", attached.mime_code)
        binary.set("filename", attached.filename)
        binary.text = base64.b64encode(attached.content).decode("ascii")
        seller.addprevious(reference)
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


def csv(rows: int = 3) -> bytes:
    """A small CSV file."""
    return b"Position;Betrag\n" + b"".join(f"{i};{i}.00\n".encode() for i in range(rows))


def pdf(javascript: str | None = None) -> bytes:
    """A one-page PDF, with a document-level JavaScript action when given."""
    from pypdf import PdfWriter
    from pypdf.actions import JavaScript

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if javascript is not None:
        writer.add_open_action(JavaScript(javascript))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def xlsx(macros: bool) -> bytes:
    """A minimal xlsx package; with ``macros``, carrying a VBA project as macro workbooks do."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook/>')
        if macros:
            archive.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 VBA project")
    return out.getvalue()


SBDH_TEMPLATE = """<?xml version="1.0" encoding="UTF-8"?>
<StandardBusinessDocument xmlns="http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader">
  <StandardBusinessDocumentHeader>
    <HeaderVersion>1.0</HeaderVersion>
    <Sender><Identifier Authority="iso6523-actorid-upis">0088:7315458756324</Identifier></Sender>
    <Receiver>
      <Identifier Authority="iso6523-actorid-upis">0204:991-33333TEST-33</Identifier>
    </Receiver>
    <DocumentIdentification>
      <Standard>urn:oasis:names:specification:ubl:schema:xsd:Invoice-2</Standard>
      <TypeVersion>2.1</TypeVersion>
      <InstanceIdentifier>4f0c3b8e-5a0e-4c53-9d0b-1b2f6c1e7a11</InstanceIdentifier>
      <Type>Invoice</Type>
      <CreationDateAndTime>2026-12-05T08:00:00Z</CreationDateAndTime>
    </DocumentIdentification>
    <BusinessScope>
      <Scope>
        <Type>DOCUMENTID</Type>
        <InstanceIdentifier>urn:oasis:names:specification:ubl:schema:xsd:Invoice-2::Invoice##urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1</InstanceIdentifier>
        <Identifier>busdox-docid-qns</Identifier>
      </Scope>
      <Scope>
        <Type>PROCESSID</Type>
        <InstanceIdentifier>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</InstanceIdentifier>
        <Identifier>cenbii-procid-ubl</Identifier>
      </Scope>
    </BusinessScope>
  </StandardBusinessDocumentHeader>
{payload}
</StandardBusinessDocument>
"""
SBDH_SENDER = "iso6523-actorid-upis::0088:7315458756324"
SBDH_RECEIVER = "iso6523-actorid-upis::0204:991-33333TEST-33"


def wrap_in_sbdh(document: bytes) -> bytes:
    """``document`` as the payload of a Peppol SBDH (its XML declaration dropped)."""
    text = document.decode("utf-8").lstrip("\ufeff")
    if text.startswith("<?xml"):
        text = text[text.index("?>") + 2 :]
    return SBDH_TEMPLATE.format(payload=text.strip()).encode("utf-8")
