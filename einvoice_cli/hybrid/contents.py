"""Everything a hybrid invoice carries, written out: ``einvoice extract --all``.

That is every embedded file of the PDF and every supporting document (BG-24) embedded as
base64 in its invoice XML. Names come from the documents and are made safe and unique by
``core/outputs.py`` before anything is written; contents are decoded one at a time, so memory stays
bounded by the attachment limit however many files the PDF holds.

What is written is bounded as a whole too (issue 14: a 109 KB PDF with 200 attachments of
60 MiB filled a disk): a first pass decodes every file only to add up their sizes, stopping past
the total limit; the total must also fit in the free space of the folder's file system. Only
then is the first file written, so a PDF that holds too much writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from einvoice_cli.core.outputs import check_room, safe_file_name, unique_names, write_files
from einvoice_cli.errors import InputError, InputTooLarge
from einvoice_cli.hybrid.pdf import (
    PdfInvoice,
    PdfSettings,
    extract_attachments,
    extract_invoice,
    list_attachments,
)
from einvoice_cli.model.attachments import SupportingDocument, supporting_documents
from einvoice_cli.xml.parser import ParseSettings, parse_xml

DEFAULT_MAX_TOTAL_BYTES = 256 * 1024**2
"""The most ``extract --all`` writes for one PDF, all files together: four attachments at the
attachment limit; hybrid invoices carry a few MB."""


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
    data: bytes,
    name: str,
    folder: Path,
    settings: PdfSettings,
    overwrite: bool,
    *,
    max_total_bytes: int = DEFAULT_MAX_TOTAL_BYTES,
) -> Extraction:
    """Write every embedded file of a PDF and every supporting document of its invoice.

    Raises :class:`InputError` when the PDF cannot be read or has no embedded files,
    :class:`InputTooLarge` when the files total more than ``max_total_bytes``, and
    ``OutputError`` when a target exists without ``overwrite`` or the files do not fit in the
    free space (``NoSpace``); nothing is written then.
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
    total = _total_size(data, name, settings, documents, max_total_bytes)
    check_room(folder, total)
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


def _total_size(
    data: bytes,
    name: str,
    settings: PdfSettings,
    documents: tuple[SupportingDocument, ...],
    limit: int,
) -> int:
    """The bytes all files to write take, decoded one at a time and no further than the
    attachment that passes ``limit``."""
    total = 0
    sizes = chain(
        (len(content) for _, content in extract_attachments(data, name, settings)),
        (len(document.data) for document in documents),
    )
    for size in sizes:
        total += size
        if total > limit:
            raise InputTooLarge(
                f"{name}: its embedded files and supporting documents total more than the "
                f"limit of {limit:,} bytes; nothing was written",
                limit=limit,
                limit_name="max_total_bytes",
            )
    return total


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
