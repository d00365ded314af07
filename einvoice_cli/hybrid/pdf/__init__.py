"""The invoice inside a PDF: its embedded files, its XMP metadata, and which file is the invoice.

This package is the only code that imports pypdf to read PDFs (``hybrid/embed.py``, which writes
them, is the only other). It lists the embedded files of a hybrid invoice (the catalog's
EmbeddedFiles name tree and its /AF array), reads the XMP metadata, chooses the invoice XML by
the rules of ZUGFeRD/Factur-X and returns it, with what was seen, as frozen values. Judging what
it found against the standard is ``hybrid/conformance.py``'s job; validating the XML is the
pipeline's.

Its modules, by concern:

- ``reading.py``: the open PDF under limits (:class:`PdfSettings`), pypdf's exceptions turned
  into :class:`~einvoice_cli.errors.InputError`, the embedded files' content and the XMP;
- ``attachments.py``: the EmbeddedFiles name tree and /AF walk, and :class:`Attachment`;
- ``invoice.py``: choosing the invoice among the embedded files, and :class:`PdfInvoice`;
- ``objects.py``: typed access to pypdf's objects.

The limits live in ``hybrid/settings.py``, so that importing them does not load pypdf; they are
re-exported here.
"""

from __future__ import annotations

from collections.abc import Iterator

from einvoice_cli.hybrid.pdf.attachments import Attachment
from einvoice_cli.hybrid.pdf.invoice import Choice, OtherInvoice, PdfInvoice, read_invoice
from einvoice_cli.hybrid.pdf.reading import OpenPdf
from einvoice_cli.hybrid.settings import DEFAULT_MAX_PDF_BYTES, PdfSettings

__all__ = [
    "DEFAULT_MAX_PDF_BYTES",
    "Attachment",
    "Choice",
    "OtherInvoice",
    "PdfInvoice",
    "PdfSettings",
    "extract_attachments",
    "extract_invoice",
    "list_attachments",
]


def extract_invoice(data: bytes, name: str, settings: PdfSettings) -> PdfInvoice:
    """Find the invoice XML in a PDF's bytes, or raise :class:`InputError` saying why not."""
    return read_invoice(OpenPdf(data, name, settings))


def list_attachments(data: bytes, name: str, settings: PdfSettings) -> tuple[Attachment, ...]:
    """Every embedded file of a PDF, described but not decoded."""
    return OpenPdf(data, name, settings).attachments


def extract_attachments(
    data: bytes, name: str, settings: PdfSettings
) -> Iterator[tuple[Attachment, bytes]]:
    """Every embedded file of a PDF with its decoded content, one at a time."""
    pdf = OpenPdf(data, name, settings)
    for index, attachment in enumerate(pdf.attachments):
        with pdf.guarded():
            content = pdf.content(index)
        yield attachment, content
