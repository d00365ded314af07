"""What a rendering starts from: the invoice XML of a document, parsed once, and what the page
must say about it besides the official visualization.

A hybrid PDF gives its embedded invoice. The document is parsed by the one hardened parser
(``xml/parser.py``); the official stylesheets get a copy in which attachments over the page's
size limit are emptied (the page lists them instead of carrying megabytes of base64), and the
EN 16931 model (``model/``) says which elements the visualization, which shows the EN 16931 /
XRechnung semantic model, will not show.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from lxml import etree

from einvoice_cli.core.detect import Syntax, detect
from einvoice_cli.errors import EinvoiceError, NotAnInvoice, RenderingError
from einvoice_cli.hybrid.settings import PdfSettings
from einvoice_cli.model import read_invoice
from einvoice_cli.model.loss import Loss
from einvoice_cli.model.semantic import Invoice
from einvoice_cli.rendering.pack import renderable
from einvoice_cli.xml.parser import ParseSettings, parse_xml

PDF_MAGIC = b"%PDF-"

_BINARY_OBJECTS = frozenset(
    {
        # UBL cac:Attachment/cbc:EmbeddedDocumentBinaryObject (BT-125)
        "{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}"
        "EmbeddedDocumentBinaryObject",
        # CII ram:AdditionalReferencedDocument/ram:AttachmentBinaryObject (BT-125)
        "{urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100}"
        "AttachmentBinaryObject",
    }
)
"""The elements that carry an attached document (BT-125) in each syntax."""


@dataclass(frozen=True, slots=True)
class OmittedAttachment:
    """An attachment too large to be carried inside the page."""

    filename: str
    mime_code: str
    size: int
    """Its decoded size in bytes."""


@dataclass(frozen=True, slots=True)
class RenderSource:
    """A document ready to render: the tree the stylesheets see and what else the page says."""

    name: str
    syntax: Syntax
    tree: etree._ElementTree
    """The copy the official stylesheets get (large attachments emptied)."""
    invoice: Invoice | None
    """The document read into the EN 16931 model; ``None`` when the model cannot read it."""
    not_shown: tuple[Loss, ...]
    """Elements of the document the visualization does not show (outside its semantic model)."""
    omitted: tuple[OmittedAttachment, ...]


def invoice_xml(data: bytes, name: str, pdf: PdfSettings) -> bytes:
    """The invoice XML of a document: the document itself, or a hybrid PDF's embedded invoice."""
    if not data.startswith(PDF_MAGIC):
        return data
    # Imported here: pypdf is only needed for PDFs.
    from einvoice_cli.hybrid.pdf import extract_invoice

    return extract_invoice(data, name, pdf).xml


def load_source(
    data: bytes,
    name: str,
    *,
    parse: ParseSettings,
    pdf: PdfSettings,
    max_attachment_bytes: int,
) -> RenderSource:
    """Parse a document for rendering, or raise an :class:`EinvoiceError` saying why not."""
    tree = parse_xml(invoice_xml(data, name, pdf), name, parse)
    detection = detect(tree)
    if detection.syntax is None:
        raise NotAnInvoice(
            f"{name}: not an invoice (root element {detection.root or '?'}); "
            "UBL 2.1 Invoice or CreditNote and UN/CEFACT CII D16B can be shown"
        )
    if not renderable(detection.syntax):
        raise RenderingError(
            f"{name}: {detection.syntax.value} documents cannot be shown; the official "
            "visualization reads UBL 2.1 and UN/CEFACT CII D16B"
        )
    invoice: Invoice | None
    try:
        read = read_invoice(tree)
        invoice, not_shown = read.invoice, read.losses
    except EinvoiceError:
        invoice, not_shown = None, ()
    shown = copy.deepcopy(tree)
    omitted = omit_large_attachments(shown, max_attachment_bytes)
    return RenderSource(name, detection.syntax, shown, invoice, not_shown, omitted)


def omit_large_attachments(
    tree: etree._ElementTree, max_bytes: int
) -> tuple[OmittedAttachment, ...]:
    """Empty every attachment larger than ``max_bytes`` in ``tree``; what was emptied."""
    omitted = []
    for element in tree.iter():
        if element.tag not in _BINARY_OBJECTS:
            continue
        text = "".join((element.text or "").split())
        size = _decoded_size(text)
        if size <= max_bytes:
            continue
        omitted.append(
            OmittedAttachment(
                filename=element.get("filename") or "",
                mime_code=element.get("mimeCode") or "",
                size=size,
            )
        )
        element.text = ""
    return tuple(omitted)


def _decoded_size(text: str) -> int:
    """The decoded size of base64 text, from its length (decoding megabytes to count them
    would cost more than the page saves)."""
    return len(text) * 3 // 4 - text[-2:].count("=")
