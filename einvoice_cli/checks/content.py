"""What an attachment really is, by its first bytes, and whether it carries active content.

Portals accept a few file types and check them by content, not by the name or MIME code an
invoice declares (``checks/portal.py`` compares the three). Active content is what a portal's
virus scanner turns away: JavaScript and launch actions in a PDF, macros in a spreadsheet.
pypdf is imported only when a PDF attachment is looked into.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType


class FileKind(StrEnum):
    """A file type as the portals name them; ``.value`` is the name in their lists."""

    PDF = "pdf"
    PNG = "png"
    JPEG = "jpeg"
    XLSX = "xlsx"
    ODS = "ods"
    CSV = "csv"
    XML = "xml"
    ZIP = "zip"
    """A ZIP archive that is neither an xlsx nor an ods spreadsheet."""
    EXECUTABLE = "executable"
    """A Windows (MZ) or ELF program."""
    UNKNOWN = "unknown"


MIME_KINDS: Mapping[str, FileKind] = MappingProxyType(
    {
        "application/pdf": FileKind.PDF,
        "image/png": FileKind.PNG,
        "image/jpeg": FileKind.JPEG,
        "image/jpg": FileKind.JPEG,
        "text/csv": FileKind.CSV,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": FileKind.XLSX,
        "application/vnd.oasis.opendocument.spreadsheet": FileKind.ODS,
        "application/xml": FileKind.XML,
        "text/xml": FileKind.XML,
    }
)
"""MIME codes (BT-125-1) and the kind they declare."""

EXTENSION_KINDS: Mapping[str, FileKind] = MappingProxyType(
    {
        "pdf": FileKind.PDF,
        "png": FileKind.PNG,
        "jpg": FileKind.JPEG,
        "jpeg": FileKind.JPEG,
        "csv": FileKind.CSV,
        "xlsx": FileKind.XLSX,
        "ods": FileKind.ODS,
        "xml": FileKind.XML,
        "exe": FileKind.EXECUTABLE,
    }
)
"""File name extensions (of BT-125-2) and the kind they declare."""

_SIGNATURES: tuple[tuple[bytes, FileKind], ...] = (
    (b"\x89PNG\r\n\x1a\n", FileKind.PNG),
    (b"\xff\xd8\xff", FileKind.JPEG),
    (b"MZ", FileKind.EXECUTABLE),
    (b"\x7fELF", FileKind.EXECUTABLE),
)
_PDF_HEADER_WINDOW = 1024
"""A PDF header may follow some bytes of junk; readers look in the first kilobyte."""
_TEXT_SAMPLE = 1 << 16
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


def sniff(data: bytes) -> FileKind:
    """The kind of file ``data`` is, by its content."""
    if b"%PDF-" in data[:_PDF_HEADER_WINDOW]:
        return FileKind.PDF
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    sample = data[:_TEXT_SAMPLE]
    if b"\x00" in sample:
        return FileKind.UNKNOWN
    text = sample.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"<"):
        return FileKind.XML
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.start < len(sample) - 3:  # not just a character cut at the sample's end
            try:
                sample.decode("cp1252")
            except UnicodeDecodeError:
                return FileKind.UNKNOWN
    # Text that is not XML: CSV is the only text type the portals accept, and text carries
    # no signature to tell it from other text.
    return FileKind.CSV


def _zip_names(data: bytes) -> list[str] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, ValueError):
        return None


def _zip_kind(data: bytes) -> FileKind:
    names = _zip_names(data)
    if names is None:
        return FileKind.UNKNOWN
    if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
        return FileKind.XLSX
    if "mimetype" in names:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                mimetype = archive.read("mimetype").strip()
        except (zipfile.BadZipFile, NotImplementedError, ValueError, zlib.error):
            return FileKind.UNKNOWN  # damaged, or packed in a way zipfile cannot read
        if mimetype == _ODS_MIMETYPE:
            return FileKind.ODS
    return FileKind.ZIP


# PDF names that start an action a reader runs by itself (ISO 32000-1, 12.6.4): JavaScript
# (12.6.4.16) and launching another application (12.6.4.5).
_PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch)(?![A-Za-z0-9#])")
_ACTIVE_NAMES = {b"JavaScript": "JavaScript", b"JS": "JavaScript", b"Launch": "launch action"}


def active_content(data: bytes, kind: FileKind) -> tuple[str, ...]:
    """The kinds of active content found in a file (``JavaScript``, ``launch action``,
    ``macros``), sorted; empty when none."""
    if kind is FileKind.PDF:
        return _pdf_active(data)
    if kind in (FileKind.XLSX, FileKind.ODS):
        names = _zip_names(data) or []
        macros = any(
            n.lower().endswith("vbaproject.bin") or n.startswith(("Basic/", "Scripts/"))
            for n in names
        )
        return ("macros",) if macros else ()
    return ()


def _pdf_active(data: bytes) -> tuple[str, ...]:
    found = {_ACTIVE_NAMES[m.group(1)] for m in _PDF_ACTIVE.finditer(data)}
    # Actions are dictionaries: outside object streams they stand uncompressed in the file,
    # inside one (ISO 32000-1, 7.5.7) the byte scan cannot see them, so those are decoded.
    if b"/ObjStm" not in data:
        return tuple(sorted(found))
    for stream in _object_streams(data):
        found.update(_ACTIVE_NAMES[m.group(1)] for m in _PDF_ACTIVE.finditer(stream))
    return tuple(sorted(found))


def _object_streams(data: bytes) -> list[bytes]:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError
    from pypdf.generic import IndirectObject, StreamObject

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        out = []
        for generation, objects in reader.xref.items():
            for number in objects:
                obj = IndirectObject(number, generation, reader).get_object()
                if isinstance(obj, StreamObject) and obj.get("/Type") == "/ObjStm":
                    out.append(obj.get_data())
        return out
    except (PyPdfError, ValueError, KeyError, OSError):
        # A PDF pypdf cannot read is judged by its uncompressed bytes alone.
        return []
