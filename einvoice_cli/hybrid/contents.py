"""Everything a hybrid invoice carries, written out: ``einvoice extract --all``.

That is every embedded file of the PDF and every supporting document (BG-24) embedded as
base64 in its invoice XML. Names come from the documents and are made safe and unique by
``core/outputs.py`` before anything is written; contents are decoded one at a time, so memory stays
bounded by the attachment limit however many files the PDF holds.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from einvoice_cli.core.outputs import safe_file_name, unique_names, write_files
from einvoice_cli.errors import InputError
from einvoice_cli.hybrid.pdf import (
    PdfInvoice,
    PdfSettings,
    extract_attachments,
    extract_invoice,
    list_attachments,
)
from einvoice_cli.model.attachments import SupportingDocument, supporting_documents
from einvoice_cli.xml.parser import ParseSettings, parse_xml


@dataclass(frozen=True, slots=True)
class WrittenFile:
    """One file written by :func:`extract_all`."""

    path: Path
    origin: str
    """Where it came from, e.g. ``embedded file 'factur-x.xml'``."""


@dataclass(frozen=True, slots=True)
class Extraction:
    """What :func:`extract_all` wrote, and what the user should know about it."""

    written: tuple[WrittenFile, ...]
    invoice: PdfInvoice | None
    """The invoice XML and how it was chosen; ``None`` when the PDF has none."""
    notes: tuple[str, ...]
    """Why something could not be extracted (no invoice XML, an XML that is not well-formed)."""


def extract_all(
    data: bytes, name: str, folder: Path, settings: PdfSettings, overwrite: bool
) -> Extraction:
    """Write every embedded file of a PDF and every supporting document of its invoice.

    Raises :class:`InputError` when the PDF cannot be read or has no embedded files, and
    ``outfiles.OutputError`` when a target exists (nothing is written then) without ``overwrite``.
    """
    notes: list[str] = []
    invoice: PdfInvoice | None
    try:
        invoice = extract_invoice(data, name, settings)
        attachments = invoice.attachments
    except InputError as e:
        attachments = list_attachments(data, name, settings)
        if not attachments:
            raise
        invoice = None
        notes.append(f"{e}; so there are no supporting documents to extract")
    documents = _documents(invoice, settings, notes)
    names = unique_names(
        chain(
            (
                safe_file_name(attachment.name, f"attachment-{number}.bin")
                for number, attachment in enumerate(attachments, start=1)
            ),
            (
                safe_file_name(document.filename, f"supporting-document-{document.position}.bin")
                for document in documents
            ),
        )
    )
    origins = [f"embedded file {a.name!r}" for a in attachments] + [
        _origin(document, invoice) for document in documents
    ]
    contents: Iterator[bytes] = chain(
        (content for _, content in extract_attachments(data, name, settings)),
        (document.data for document in documents),
    )
    paths = list(write_files(folder, names, contents, overwrite))
    return Extraction(
        written=tuple(
            WrittenFile(path, origin) for path, origin in zip(paths, origins, strict=True)
        ),
        invoice=invoice,
        notes=tuple(notes),
    )


def _documents(
    invoice: PdfInvoice | None, settings: PdfSettings, notes: list[str]
) -> tuple[SupportingDocument, ...]:
    if invoice is None:
        return ()
    label = f"{invoice.name} ({invoice.attachment.name})"
    try:
        tree = parse_xml(invoice.xml, label, ParseSettings(max_bytes=settings.max_attachment_bytes))
        return supporting_documents(tree, label)
    except InputError as e:
        notes.append(f"{e}; its supporting documents (BG-24) were not extracted")
        return ()


def _origin(document: SupportingDocument, invoice: PdfInvoice | None) -> str:
    inside = invoice.attachment.name if invoice is not None else "the invoice"
    reference = f" {document.reference!r}" if document.reference else ""
    return f"supporting document{reference} (BG-24) in {inside}"
