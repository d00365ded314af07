"""Which embedded file is the invoice: the rules of ZUGFeRD/Factur-X, applied to an open PDF.

The XMP ``DocumentFileName`` wins; else the first file with a standard invoice name, in the
standard's order (``profiles.INVOICE_FILE_NAMES``); else the only embedded XML whose root is an
invoice. Other files with a standard name are reported beside the chosen one, with whether they
hold the same XML. Judging the choice against the standard is ``hybrid/conformance.py``'s job.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from lxml import etree

from einvoice_cli.core.detect import detect
from einvoice_cli.core.languages import Language
from einvoice_cli.errors import InputError, NoInvoiceInPdf
from einvoice_cli.hybrid.messages import PDF_WORDS, took
from einvoice_cli.hybrid.pdf.attachments import Attachment
from einvoice_cli.hybrid.pdf.reading import OpenPdf
from einvoice_cli.hybrid.profiles import INVOICE_FILE_NAMES
from einvoice_cli.hybrid.settings import PdfSettings
from einvoice_cli.hybrid.xmp import XmpFacts
from einvoice_cli.xml.parser import ParseSettings, parse_xml


class Choice(StrEnum):
    """How the invoice XML was chosen among the embedded files."""

    XMP_NAMED = "xmp-named"
    """The XMP ``DocumentFileName`` names it."""
    STANDARD_NAME = "standard-name"
    """It has a standard invoice file name (the first in the standard's order)."""
    ONLY_INVOICE = "only-invoice"
    """No standard name; it is the only embedded XML whose root is an invoice."""


@dataclass(frozen=True, slots=True)
class OtherInvoice:
    """Another embedded file with a standard invoice name, besides the chosen one."""

    attachment: Attachment
    same_as_chosen: bool
    """Whether it is the same XML as the chosen one after canonicalisation (C14N)."""


@dataclass(frozen=True, slots=True)
class PdfInvoice:
    """The invoice XML of a PDF and what the PDF says about it."""

    name: str
    """The PDF's name in reports."""
    xml: bytes
    """The invoice XML exactly as embedded."""
    attachment: Attachment
    """The embedded file the XML was taken from."""
    attachments: tuple[Attachment, ...]
    """Every embedded file, name-tree order first, then files only /AF references."""
    choice: Choice
    reason: str
    """One sentence for the report: which file was taken, and why."""
    xmp: XmpFacts
    others: tuple[OtherInvoice, ...] = ()
    encrypted: bool = False
    """Whether the PDF is encrypted (readable with the empty user password)."""
    repairs: tuple[str, ...] = field(default=())
    """What pypdf reported while working around damage (wrong xref offsets and the like)."""
    active_content: tuple[str, ...] = ()
    """The kinds of action the PDF would run (``JavaScript``, ``Launch``); PDF/A-3 forbids
    them."""

    @property
    def size(self) -> int:
        """The size of the invoice XML in bytes."""
        return len(self.xml)


def read_invoice(pdf: OpenPdf) -> PdfInvoice:
    """Choose the invoice XML by the standard's rules and read it."""
    with pdf.guarded():
        xmp = pdf.xmp()
        if not pdf.attachments:
            raise NoInvoiceInPdf(
                f"{pdf.name}: the PDF has no embedded files, so no invoice XML "
                "(a plain PDF, not ZUGFeRD/Factur-X)"
            )
        index, choice, reason = _choose(pdf, xmp)
        xml = pdf.content(index)
        others = tuple(
            OtherInvoice(pdf.attachments[i], _same_xml(xml, pdf.content(i), pdf.settings))
            for i in _named_candidates(pdf.attachments)
            if i != index
        )
        return PdfInvoice(
            name=pdf.name,
            xml=xml,
            attachment=pdf.attachments[index],
            attachments=pdf.attachments,
            choice=choice,
            reason=reason,
            xmp=xmp,
            others=others,
            encrypted=pdf.encrypted,
            repairs=pdf.repairs,
            active_content=pdf.active_content(),
        )


def _named_candidates(attachments: tuple[Attachment, ...]) -> list[int]:
    """Indexes of embedded files with a standard invoice name, in the standard's order."""
    out: list[int] = []
    for standard in INVOICE_FILE_NAMES:
        for index, attachment in enumerate(attachments):
            if index not in out and attachment.has_name(standard):
                out.append(index)
    return out


def _choose(pdf: OpenPdf, xmp: XmpFacts) -> tuple[int, Choice, str]:
    attachments = pdf.attachments
    named = _named_candidates(attachments)
    wanted = xmp.document_file_name
    words = PDF_WORDS[Language.EN]
    if wanted:
        for index, attachment in enumerate(attachments):
            if attachment.name == wanted or attachment.key == wanted:
                reason = took(words, Choice.XMP_NAMED, attachment.name, len(named))
                return index, Choice.XMP_NAMED, reason
    if named:
        first = attachments[named[0]]
        return (
            named[0],
            Choice.STANDARD_NAME,
            took(words, Choice.STANDARD_NAME, first.name, len(named)),
        )
    invoices = [index for index in _xml_like(attachments) if _is_invoice(pdf, index)]
    if len(invoices) == 1:
        only = attachments[invoices[0]]
        return invoices[0], Choice.ONLY_INVOICE, took(words, Choice.ONLY_INVOICE, only.name, 0)
    listed = ", ".join(a.name for a in attachments[:5])
    more = ", ..." if len(attachments) > 5 else ""
    if invoices:
        raise NoInvoiceInPdf(
            f"{pdf.name}: {len(invoices)} embedded XMLs are invoices and none has a "
            f"standard name ({', '.join(attachments[i].name for i in invoices)}); "
            "cannot tell which one is binding"
        )
    raise NoInvoiceInPdf(
        f"{pdf.name}: none of the {len(attachments)} embedded files is an invoice "
        f"XML ({listed}{more})"
    )


def _xml_like(attachments: tuple[Attachment, ...]) -> list[int]:
    return [
        index
        for index, attachment in enumerate(attachments)
        if attachment.name.casefold().endswith(".xml")
        or "xml" in (attachment.mime_type or "").casefold()
    ]


def _is_invoice(pdf: OpenPdf, index: int) -> bool:
    data = pdf.content(index)
    try:
        tree = parse_xml(
            data,
            f"{pdf.name} ({pdf.attachments[index].name})",
            ParseSettings(max_bytes=pdf.settings.max_attachment_bytes),
        )
    except InputError:
        return False
    return detect(tree).syntax is not None


def _same_xml(first: bytes, second: bytes, settings: PdfSettings) -> bool:
    """Whether two XML documents are equal after canonicalisation (C14N 1.0, comments kept)."""
    limits = ParseSettings(max_bytes=settings.max_attachment_bytes)
    try:
        one = parse_xml(first, "first", limits)
        two = parse_xml(second, "second", limits)
    except InputError:
        return False
    return bool(etree.tostring(one, method="c14n") == etree.tostring(two, method="c14n"))
