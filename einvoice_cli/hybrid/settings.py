"""Limits for reading untrusted PDFs, apart from the PDF reader itself.

Validating XML needs these values (they are part of the validation options) but not the reader:
keeping them here lets ``validation/pipeline.py`` and the command line import them without loading
pypdf, whose import costs a noticeable part of the start-up time of every ``einvoice`` call.
``einvoice_cli.hybrid.pdf`` re-exports both names.
"""

from __future__ import annotations

from dataclasses import dataclass

from einvoice_cli.xml.parser import DEFAULT_MAX_BYTES

DEFAULT_MAX_PDF_BYTES = 128 * 1024 * 1024
"""Default limit for the PDF itself: a 100 MB hybrid invoice (scanned supporting documents)
still passes; memory for reading it stays close to its size."""


@dataclass(frozen=True, slots=True)
class PdfSettings:
    """Limits for reading untrusted PDFs."""

    max_pdf_bytes: int = DEFAULT_MAX_PDF_BYTES
    """PDFs larger than this are refused before parsing."""
    max_attachment_bytes: int = DEFAULT_MAX_BYTES
    """No stream may decompress to more than this; an embedded file that would is refused."""
    max_xmp_bytes: int = 4 * 1024 * 1024
    """XMP metadata larger than this is not parsed (reported as unreadable)."""
    max_attachments: int = 1000
    """PDFs with more embedded files than this are refused."""
    max_name_tree_depth: int = 32
    """Deepest /Kids nesting followed in the EmbeddedFiles name tree."""
