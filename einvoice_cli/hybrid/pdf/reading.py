"""Reading an untrusted PDF under limits: the open PDF, its embedded files' content, its XMP.

The file size is checked first, and every stream is decompressed under pypdf's output limits
(``pypdf.apply_configuration``, which caps FlateDecode, LZW, RunLength, JBIG2, Brotli and
array-based streams while they decode, not after), set to the attachment limit here; the
decoded length is checked again after. So a decompression bomb costs at most the limit in
memory and is refused. pypdf's exceptions (and the ``ValueError``/``KeyError`` kind that
damaged files provoke) become :class:`InputError` with a one-line message naming the file, and
pypdf's warnings about repairs are collected instead of reaching stderr.
"""

from __future__ import annotations

import io
import logging
import zlib
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager

from pypdf import PdfReader, apply_configuration
from pypdf.errors import (
    DependencyError,
    EmptyFileError,
    FileNotDecryptedError,
    LimitReachedError,
    PyPdfError,
)
from pypdf.generic import DictionaryObject, PdfObject, StreamObject

from einvoice_cli.errors import (
    BrokenPdf,
    EmptyInput,
    EncryptedPdf,
    InputError,
    InputTooLarge,
    NoInvoiceInPdf,
    NotAPdf,
)
from einvoice_cli.hybrid.pdf.attachments import Attachment, find_attachments
from einvoice_cli.hybrid.pdf.objects import as_array, as_dict, as_name, uncached_stream
from einvoice_cli.hybrid.settings import PdfSettings
from einvoice_cli.hybrid.xmp import XmpFacts, read_xmp
from einvoice_cli.xml.parser import ParseSettings, parse_xml

_PDF_HEADER = b"%PDF-"
_HEADER_WINDOW = 1024  # ISO 32000-1 Annex H: readers accept the header within the first 1 KiB

# Exceptions that damaged or hostile PDFs provoke inside pypdf besides its own PyPdfError.
_DAMAGE = (
    PyPdfError,
    ValueError,
    KeyError,
    TypeError,
    IndexError,
    AttributeError,
    AssertionError,
    RecursionError,
    zlib.error,
)


class OpenPdf:
    """An open PDF: its file specifications, read once, and bounded access to their content.

    Use pypdf only inside :meth:`guarded`: ``content`` and ``xmp`` expect its limits to apply.
    """

    def __init__(self, data: bytes, name: str, settings: PdfSettings) -> None:
        _check_header(data, name, settings)
        self.name = name
        """The PDF's name in reports."""
        self.settings = settings
        self._repairs: list[str] = []
        with self.guarded():
            # pypdf asks a stream that has getbuffer() for it, which makes BytesIO copy the
            # whole file; a BufferedReader over it has none, so the PDF's bytes stay shared.
            self._reader = PdfReader(io.BufferedReader(io.BytesIO(data)), strict=False)
            catalog = as_dict(self._reader.trailer.get("/Root"))
            if catalog is None:
                raise BrokenPdf(f"{name}: not a readable PDF (it has no document catalog)")
            self._catalog = catalog
            files = find_attachments(self._reader, catalog, name, settings)
        self.attachments: tuple[Attachment, ...] = tuple(f.attachment for f in files)
        """Every embedded file, name-tree order first, then files only /AF references."""
        self._streams = tuple(f.stream for f in files)
        """Per attachment, the reference to its embedded file stream (not the stream)."""

    def guarded(self) -> AbstractContextManager[None]:
        """Run pypdf under this PDF's limits, with its log captured and its exceptions ours."""
        return _guarded(self.name, self.settings, self._repairs)

    @property
    def encrypted(self) -> bool:
        """Whether the PDF is encrypted (it was readable, so with the empty user password)."""
        return self._reader.is_encrypted

    @property
    def repairs(self) -> tuple[str, ...]:
        """What pypdf reported so far while working around damage."""
        return tuple(self._repairs)

    def active_content(self) -> tuple[str, ...]:
        """What the PDF would run: ``JavaScript`` and ``Launch`` actions (on opening, on
        document or page events, in links) and a JavaScript name tree; PDF/A-3 forbids both
        (ISO 19005-3 §6.6.1). At most :data:`_MAX_ACTION_PAGES` pages are looked at."""
        found: set[str] = set()
        catalog = self._catalog
        names = as_dict(catalog.get("/Names"))
        if names is not None and "/JavaScript" in names:
            found.add("JavaScript")
        actions = [catalog.get("/OpenAction"), *_event_actions(catalog)]
        for page in self._reader.pages[:_MAX_ACTION_PAGES]:
            actions.extend(_event_actions(page))
            for annotation in as_array(page.get("/Annots")) or ():
                annotation_dict = as_dict(annotation)
                if annotation_dict is not None:
                    actions.append(annotation_dict.get("/A"))
                    actions.extend(_event_actions(annotation_dict))
        for action in actions:
            described = as_dict(action)
            kind = as_name(described.get("/S")) if described is not None else None
            if kind in _ACTIVE_ACTIONS:
                found.add(kind)
        return tuple(sorted(found))

    def content(self, index: int) -> bytes:
        """The decoded content of an embedded file, refused past the attachment limit."""
        attachment = self.attachments[index]
        stream = uncached_stream(self._reader, self._streams[index])
        if stream is None:
            raise NoInvoiceInPdf(f"{self.name}: {attachment.name} has no embedded file stream")
        limit = self.settings.max_attachment_bytes
        try:
            data = stream.get_data()
        except LimitReachedError as e:
            if (broken := _broken_structure(e, self.name)) is not None:
                raise broken from e
            raise InputTooLarge(
                f"{self.name}: {attachment.name} decompresses to more than the limit of "
                f"{limit:,} bytes; refusing it",
                limit=limit,
            ) from e
        if len(data) > limit:
            raise InputTooLarge(
                f"{self.name}: {attachment.name} is {len(data):,} bytes, over the limit of "
                f"{limit:,} bytes; refusing it",
                limit=limit,
            )
        return bytes(data)

    def page_texts(self) -> tuple[str, ...]:
        """The text of each visible page as pypdf extracts it (empty for a page that is only
        an image); damage becomes :class:`InputError`."""
        with self.guarded():
            return tuple(page.extract_text() or "" for page in self._reader.pages)

    def xmp(self) -> XmpFacts:
        """The catalog's XMP metadata; a stream too large or unreadable is noted, not raised."""
        reference = self._catalog.get("/Metadata")
        stream = reference.get_object() if isinstance(reference, PdfObject) else None
        if not isinstance(stream, StreamObject):
            return XmpFacts(present=False)
        try:
            data = stream.get_data()
        except LimitReachedError:
            return XmpFacts(present=True, problem="the XMP metadata stream is too large")
        if len(data) > self.settings.max_xmp_bytes:
            return XmpFacts(
                present=True,
                problem=f"the XMP metadata is {len(data):,} bytes, over the limit of "
                f"{self.settings.max_xmp_bytes:,} bytes",
            )
        try:
            tree = parse_xml(
                bytes(data),
                "XMP metadata",
                ParseSettings(max_bytes=self.settings.max_xmp_bytes),
            )
        except InputError as e:
            return XmpFacts(present=True, problem=str(e))
        return read_xmp(tree)


@contextmanager
def _guarded(name: str, settings: PdfSettings, repairs: list[str]) -> Iterator[None]:
    """Run pypdf under the limits, with its log captured and its exceptions translated.

    Entered around each use of pypdf rather than for an open PDF's lifetime, so that neither
    the limits nor the log capture outlive a call (``extract_attachments`` yields in between).
    """
    limit = settings.max_attachment_bytes + 1  # reaching the limit already means "too large"
    with (
        _captured_pypdf_log(repairs),
        apply_configuration(
            maximum_declared_stream_length=settings.max_pdf_bytes,
            array_based_stream_maximum_output_length=limit,
            jbig2_maximum_output_length=limit,
            lzw_maximum_output_length=limit,
            run_length_maximum_output_length=limit,
            zlib_maximum_output_length=limit,
            brotli_maximum_output_length=limit,
            image_maximum_buffer_size=limit,
            stream_decoding_work_maximum_length=4 * limit,
        ),
    ):
        try:
            yield
        except FileNotDecryptedError as e:
            raise EncryptedPdf(
                f"{name}: the PDF is encrypted with a password and cannot be read "
                "(PDF/A-3 forbids encryption, ISO 19005-3 §6.1.3)"
            ) from e
        except DependencyError as e:
            raise BrokenPdf(f"{name}: the PDF cannot be read here: {_one_line(e)}") from e
        except EmptyFileError as e:
            raise EmptyInput(f"{name}: the file is empty") from e
        except LimitReachedError as e:
            if (broken := _broken_structure(e, name)) is not None:
                raise broken from e
            raise InputTooLarge(
                f"{name}: a stream decompresses to more than the limit of "
                f"{settings.max_attachment_bytes:,} bytes; refusing the PDF",
                limit=settings.max_attachment_bytes,
            ) from e
        except NotImplementedError as e:
            # pypdf's word for a stream filter it does not know (issue 14: it stopped a batch).
            raise InputError(
                f"{name}: the PDF uses what cannot be read here ({_one_line(e)})"
            ) from e
        except _DAMAGE as e:
            raise BrokenPdf(
                f"{name}: not a readable PDF (damaged or truncated: {_one_line(e)})"
            ) from e


_BROKEN_STRUCTURES = (
    (
        "Detected loop with self reference",
        "an object refers to itself, such as a stream whose /Length is a reference to that stream",
    ),
    (
        "Declared stream length of",
        "a stream's /Length declares more bytes than the whole file holds",
    ),
)
"""pypdf raises its ``LimitReachedError`` also for a reference cycle and for a declared /Length
past the file (which the size limit of the PDF bounds), things no decompression is involved in;
these are damage, not bombs (issue 14: they were reported as decompression bombs). pypdf tells
them only by its message."""


def _broken_structure(error: LimitReachedError, name: str) -> BrokenPdf | None:
    """The error for a limit pypdf reached that is the file's damage, not its size; ``None``
    for a stream that decompresses past the limit."""
    text = str(error)
    for opening, reason in _BROKEN_STRUCTURES:
        if text.startswith(opening):
            return BrokenPdf(f"{name}: not a readable PDF (invalid: {reason})")
    return None


def _check_header(data: bytes, name: str, settings: PdfSettings) -> None:
    if not data:
        raise EmptyInput(f"{name}: the file is empty")
    if len(data) > settings.max_pdf_bytes:
        raise InputTooLarge(
            f"{name}: {len(data):,} bytes is over the PDF size limit of "
            f"{settings.max_pdf_bytes:,} bytes",
            limit=settings.max_pdf_bytes,
            limit_name="max_pdf_bytes",
        )
    if _PDF_HEADER not in data[:_HEADER_WINDOW]:
        raise NotAPdf(f"{name}: not a PDF (no %PDF- header)")


class _CollectingHandler(logging.Handler):
    def __init__(self, messages: list[str]) -> None:
        super().__init__(level=logging.WARNING)
        self.messages = messages

    def emit(self, record: logging.LogRecord) -> None:
        message = _one_line(record.getMessage())
        if message not in self.messages:
            self.messages.append(message)


@contextmanager
def _captured_pypdf_log(messages: list[str]) -> Iterator[None]:
    """Collect pypdf's warnings about damage instead of letting them reach stderr.

    pypdf reports repairs through the ``pypdf`` logger; without a handler Python would print
    them on stderr, which carries only diagnostics of our own.
    """
    logger = logging.getLogger("pypdf")
    handler = _CollectingHandler(messages)
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _one_line(error: BaseException | str) -> str:
    text = " ".join(str(error).split())
    return text or type(error).__name__


_ACTIVE_ACTIONS = frozenset(("JavaScript", "Launch"))
_MAX_ACTION_PAGES = 1000


def _event_actions(holder: DictionaryObject) -> list[object]:
    """The actions of an object's additional-actions dictionary (/AA)."""
    events = as_dict(holder.get("/AA"))
    return list(events.values()) if events is not None else []
