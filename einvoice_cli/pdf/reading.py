"""The invoice inside a PDF: its embedded files, its XMP metadata, and which file is the invoice.

This is the only module that imports pypdf. It lists the embedded files of a hybrid invoice
(the catalog's EmbeddedFiles name tree and its /AF array), reads the XMP metadata, chooses the
invoice XML by the rules of ZUGFeRD/Factur-X and returns it, with what was seen, as frozen
values. Judging what it found against the standard is ``pdfcheck.py``'s job; validating the
XML is the pipeline's.

Untrusted PDFs are read with limits (:class:`PdfSettings`): the file size is checked first, and
every stream is decompressed under pypdf's output limits (``pypdf.apply_configuration``, which
caps FlateDecode, LZW, RunLength, JBIG2, Brotli and array-based streams while they decode,
not after), set to the attachment limit here; the decoded length is checked again after. So a
decompression bomb costs at most the limit in memory and is refused. pypdf's exceptions (and
the ``ValueError``/``KeyError`` kind that damaged files provoke) become :class:`InputError`
with a one-line message naming the file. The limits themselves live in ``pdfsettings.py``, so
that importing them does not load pypdf; they are re-exported here.
"""

from __future__ import annotations

import io
import logging
import zlib
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from enum import StrEnum

from lxml import etree
from pypdf import PdfReader, apply_configuration
from pypdf.errors import (
    DependencyError,
    EmptyFileError,
    FileNotDecryptedError,
    LimitReachedError,
    PyPdfError,
)
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    StreamObject,
)

from einvoice_cli.detect import detect
from einvoice_cli.errors import InputError
from einvoice_cli.pdfsettings import DEFAULT_MAX_PDF_BYTES as DEFAULT_MAX_PDF_BYTES
from einvoice_cli.pdfsettings import PdfSettings as PdfSettings
from einvoice_cli.profiles import INVOICE_FILE_NAMES, AFRelationship
from einvoice_cli.safexml import ParseSettings, parse_xml
from einvoice_cli.xmp import XmpFacts, read_xmp

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


@dataclass(frozen=True, slots=True)
class Attachment:
    """One embedded file of the PDF, as its file specification describes it."""

    name: str
    """The file name: the file specification's /UF, else /F, else its name-tree key. It may
    contain anything; sanitise it before using it as a path (``outfiles.safe_file_name``)."""
    key: str | None
    """Its key in the EmbeddedFiles name tree; ``None`` when only /AF references it."""
    mime_type: str | None
    """The embedded file stream's /Subtype (a MIME type such as ``text/xml``), if present."""
    relationship: AFRelationship | None
    """The /AFRelationship; ``None`` when absent or not one of PDF 2.0's values."""
    relationship_name: str | None
    """The /AFRelationship as written (without the slash), for messages; ``None`` if absent."""
    in_name_tree: bool
    in_af: bool
    """Whether the catalog's /AF array references this file specification."""
    declared_size: int | None
    """The /Params /Size the PDF declares (not trusted for limits)."""
    description: str | None = None

    def has_name(self, name: str) -> bool:
        """Whether its name or name-tree key is ``name``, ignoring case."""
        wanted = name.casefold()
        return self.name.casefold() == wanted or (
            self.key is not None and self.key.casefold() == wanted
        )


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

    @property
    def size(self) -> int:
        """The size of the invoice XML in bytes."""
        return len(self.xml)


def extract_invoice(data: bytes, name: str, settings: PdfSettings) -> PdfInvoice:
    """Find the invoice XML in a PDF's bytes, or raise :class:`InputError` saying why not."""
    return _Pdf(data, name, settings).invoice()


def list_attachments(data: bytes, name: str, settings: PdfSettings) -> tuple[Attachment, ...]:
    """Every embedded file of a PDF, described but not decoded."""
    return _Pdf(data, name, settings).attachments


def extract_attachments(
    data: bytes, name: str, settings: PdfSettings
) -> Iterator[tuple[Attachment, bytes]]:
    """Every embedded file of a PDF with its decoded content, one at a time."""
    pdf = _Pdf(data, name, settings)
    for index, attachment in enumerate(pdf.attachments):
        yield attachment, pdf.content(index)


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
            raise InputError(
                f"{name}: the PDF is encrypted with a password and cannot be read "
                "(PDF/A-3 forbids encryption, ISO 19005-3 §6.1.3)"
            ) from e
        except DependencyError as e:
            raise InputError(f"{name}: the PDF cannot be read here: {_one_line(e)}") from e
        except EmptyFileError as e:
            raise InputError(f"{name}: the file is empty") from e
        except LimitReachedError as e:
            raise InputError(
                f"{name}: a stream decompresses to more than the limit of "
                f"{settings.max_attachment_bytes:,} bytes; refusing the PDF"
            ) from e
        except _DAMAGE as e:
            raise InputError(
                f"{name}: not a readable PDF (damaged or truncated: {_one_line(e)})"
            ) from e


def _check_header(data: bytes, name: str, settings: PdfSettings) -> None:
    if not data:
        raise InputError(f"{name}: the file is empty")
    if len(data) > settings.max_pdf_bytes:
        raise InputError(
            f"{name}: {len(data):,} bytes is over the PDF size limit of "
            f"{settings.max_pdf_bytes:,} bytes"
        )
    if _PDF_HEADER not in data[:_HEADER_WINDOW]:
        raise InputError(f"{name}: not a PDF (no %PDF- header)")


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


class _Pdf:
    """An open PDF: its file specifications, read once, and bounded access to their content."""

    def __init__(self, data: bytes, name: str, settings: PdfSettings) -> None:
        _check_header(data, name, settings)
        self._name = name
        self._settings = settings
        self._repairs: list[str] = []
        self._streams: list[object] = []
        """Per attachment, the reference to its embedded file stream (not the stream)."""
        with self._guarded():
            # pypdf asks a stream that has getbuffer() for it, which makes BytesIO copy the
            # whole file; a BufferedReader over it has none, so the PDF's bytes stay shared.
            self._reader = PdfReader(io.BufferedReader(io.BytesIO(data)), strict=False)
            catalog = _dict(self._reader.trailer.get("/Root"))
            if catalog is None:
                raise InputError(f"{name}: not a readable PDF (it has no document catalog)")
            self._catalog = catalog
            self.attachments = self._list_attachments()

    def _guarded(self) -> AbstractContextManager[None]:
        return _guarded(self._name, self._settings, self._repairs)

    # -- embedded files ------------------------------------------------------------------

    def _list_attachments(self) -> tuple[Attachment, ...]:
        found: dict[object, tuple[str | None, DictionaryObject]] = {}
        names = _dict(self._catalog.get("/Names"))
        if names is not None:
            self._walk_name_tree(names.get("/EmbeddedFiles"), 0, set(), found)
        af_ids: set[object] = set()
        af = _array(self._catalog.get("/AF"))
        for item in af or ():
            spec = _dict(item)
            if spec is None:
                continue
            identity = _identity(item, spec)
            af_ids.add(identity)
            found.setdefault(identity, (None, spec))
            self._check_count(len(found))
        out = []
        for identity, (key, spec) in found.items():
            out.append(self._attachment(key, spec, identity in af_ids))
        return tuple(out)

    def _walk_name_tree(
        self,
        node_ref: object,
        depth: int,
        seen: set[object],
        found: dict[object, tuple[str | None, DictionaryObject]],
    ) -> None:
        node = _dict(node_ref)
        if node is None:
            return
        identity = _identity(node_ref, node)
        if identity in seen:
            return  # a /Kids cycle
        seen.add(identity)
        if depth > self._settings.max_name_tree_depth:
            raise InputError(
                f"{self._name}: the EmbeddedFiles name tree is nested deeper than "
                f"{self._settings.max_name_tree_depth} levels; refusing the PDF"
            )
        pairs = _array(node.get("/Names")) or ArrayObject()
        for index in range(0, len(pairs) - 1, 2):
            key = _text(pairs[index])
            spec_ref = pairs[index + 1]
            spec = _dict(spec_ref)
            if spec is None:
                continue
            found.setdefault(_identity(spec_ref, spec), (key, spec))
            self._check_count(len(found))
        for kid in _array(node.get("/Kids")) or ():
            self._walk_name_tree(kid, depth + 1, seen, found)

    def _check_count(self, count: int) -> None:
        if count > self._settings.max_attachments:
            raise InputError(
                f"{self._name}: more than {self._settings.max_attachments} embedded files; "
                "refusing the PDF"
            )

    def _attachment(self, key: str | None, spec: DictionaryObject, in_af: bool) -> Attachment:
        reference = self._embedded_reference(spec)
        self._streams.append(reference)
        stream = self._stream(reference)
        name = _text(spec.get("/UF")) or _text(spec.get("/F")) or key or ""
        relationship_name = _name(spec.get("/AFRelationship"))
        mime_type = _name(stream.get("/Subtype")) if stream is not None else None
        params = _dict(stream.get("/Params")) if stream is not None else None
        size = params.get("/Size") if params is not None else None
        return Attachment(
            name=name,
            key=key,
            mime_type=mime_type,
            relationship=_relationship(relationship_name),
            relationship_name=relationship_name,
            in_name_tree=key is not None,
            in_af=in_af,
            declared_size=int(size) if isinstance(size, NumberObject) else None,
            description=_text(spec.get("/Desc")),
        )

    @staticmethod
    def _embedded_reference(spec: DictionaryObject) -> object:
        files = _dict(spec.get("/EF"))
        if files is None:
            return None
        for key in ("/UF", "/F"):
            if key in files and isinstance(_resolve(files.raw_get(key)), StreamObject):
                return files.raw_get(key)
        return None

    def _stream(self, reference: object) -> StreamObject | None:
        """The stream a reference points at, read now and not kept in pypdf's object cache.

        pypdf keeps every object it has read, stream data included; dropping embedded file
        streams after use keeps memory at one stream's size, not the sum of all of them.
        """
        stream = _resolve(reference)
        if isinstance(reference, IndirectObject):
            self._reader.resolved_objects.pop((reference.generation, reference.idnum), None)
        return stream if isinstance(stream, StreamObject) else None

    def content(self, index: int) -> bytes:
        """The decoded content of an embedded file, refused past the attachment limit."""
        with self._guarded():
            return self._content(index)

    def _content(self, index: int) -> bytes:
        attachment = self.attachments[index]
        stream = self._stream(self._streams[index])
        if stream is None:
            raise InputError(f"{self._name}: {attachment.name} has no embedded file stream")
        limit = self._settings.max_attachment_bytes
        try:
            data = stream.get_data()
        except LimitReachedError as e:
            raise InputError(
                f"{self._name}: {attachment.name} decompresses to more than the limit of "
                f"{limit:,} bytes; refusing it"
            ) from e
        if len(data) > limit:
            raise InputError(
                f"{self._name}: {attachment.name} is {len(data):,} bytes, over the limit of "
                f"{limit:,} bytes; refusing it"
            )
        return bytes(data)

    # -- the invoice -----------------------------------------------------------------------

    def invoice(self) -> PdfInvoice:
        """Choose the invoice XML by the standard's rules and read it."""
        with self._guarded():
            return self._invoice()

    def _invoice(self) -> PdfInvoice:
        xmp = self._xmp()
        if not self.attachments:
            raise InputError(
                f"{self._name}: the PDF has no embedded files, so no invoice XML "
                "(a plain PDF, not ZUGFeRD/Factur-X)"
            )
        index, choice, reason = self._choose(xmp)
        xml = self._content(index)
        others = tuple(
            OtherInvoice(self.attachments[i], _same_xml(xml, self._content(i), self._settings))
            for i in self._named_candidates()
            if i != index
        )
        return PdfInvoice(
            name=self._name,
            xml=xml,
            attachment=self.attachments[index],
            attachments=self.attachments,
            choice=choice,
            reason=reason,
            xmp=xmp,
            others=others,
            encrypted=self._reader.is_encrypted,
            repairs=tuple(self._repairs),
        )

    def _named_candidates(self) -> list[int]:
        """Indexes of embedded files with a standard invoice name, in the standard's order."""
        out: list[int] = []
        for standard in INVOICE_FILE_NAMES:
            for index, attachment in enumerate(self.attachments):
                if index not in out and attachment.has_name(standard):
                    out.append(index)
        return out

    def _choose(self, xmp: XmpFacts) -> tuple[int, Choice, str]:
        named = self._named_candidates()
        wanted = xmp.document_file_name
        if wanted:
            for index, attachment in enumerate(self.attachments):
                if attachment.name == wanted or attachment.key == wanted:
                    return (
                        index,
                        Choice.XMP_NAMED,
                        f"took {attachment.name}: the XMP metadata names it as DocumentFileName",
                    )
        if named:
            first = self.attachments[named[0]]
            rest = "" if len(named) == 1 else f" (of {len(named)} files with such names)"
            return (
                named[0],
                Choice.STANDARD_NAME,
                f"took {first.name}: a standard ZUGFeRD/Factur-X invoice file name{rest}",
            )
        invoices = [index for index in self._xml_like() if self._is_invoice(index)]
        if len(invoices) == 1:
            only = self.attachments[invoices[0]]
            return (
                invoices[0],
                Choice.ONLY_INVOICE,
                f"took {only.name}: no file has a standard invoice name, and it is the only "
                "embedded XML that is an invoice",
            )
        listed = ", ".join(a.name for a in self.attachments[:5])
        more = ", ..." if len(self.attachments) > 5 else ""
        if invoices:
            raise InputError(
                f"{self._name}: {len(invoices)} embedded XMLs are invoices and none has a "
                f"standard name ({', '.join(self.attachments[i].name for i in invoices)}); "
                "cannot tell which one is binding"
            )
        raise InputError(
            f"{self._name}: none of the {len(self.attachments)} embedded files is an invoice "
            f"XML ({listed}{more})"
        )

    def _xml_like(self) -> list[int]:
        return [
            index
            for index, attachment in enumerate(self.attachments)
            if attachment.name.casefold().endswith(".xml")
            or "xml" in (attachment.mime_type or "").casefold()
        ]

    def _is_invoice(self, index: int) -> bool:
        data = self._content(index)
        try:
            tree = parse_xml(
                data,
                f"{self._name} ({self.attachments[index].name})",
                ParseSettings(max_bytes=self._settings.max_attachment_bytes),
            )
        except InputError:
            return False
        return detect(tree).syntax is not None

    # -- XMP -------------------------------------------------------------------------------

    def _xmp(self) -> XmpFacts:
        reference = self._catalog.get("/Metadata")
        stream = reference.get_object() if isinstance(reference, PdfObject) else None
        if not isinstance(stream, StreamObject):
            return XmpFacts(present=False)
        try:
            data = stream.get_data()
        except LimitReachedError:
            return XmpFacts(present=True, problem="the XMP metadata stream is too large")
        if len(data) > self._settings.max_xmp_bytes:
            return XmpFacts(
                present=True,
                problem=f"the XMP metadata is {len(data):,} bytes, over the limit of "
                f"{self._settings.max_xmp_bytes:,} bytes",
            )
        try:
            tree = parse_xml(
                bytes(data),
                "XMP metadata",
                ParseSettings(max_bytes=self._settings.max_xmp_bytes),
            )
        except InputError as e:
            return XmpFacts(present=True, problem=str(e))
        return read_xmp(tree)


def _same_xml(first: bytes, second: bytes, settings: PdfSettings) -> bool:
    """Whether two XML documents are equal after canonicalisation (C14N 1.0, comments kept)."""
    limits = ParseSettings(max_bytes=settings.max_attachment_bytes)
    try:
        one = parse_xml(first, "first", limits)
        two = parse_xml(second, "second", limits)
    except InputError:
        return False
    return bool(etree.tostring(one, method="c14n") == etree.tostring(two, method="c14n"))


# -- pypdf object helpers ------------------------------------------------------------------


def _resolve(value: object) -> object:
    return value.get_object() if isinstance(value, PdfObject) else value


def _dict(value: object) -> DictionaryObject | None:
    resolved = _resolve(value)
    return resolved if isinstance(resolved, DictionaryObject) else None


def _array(value: object) -> ArrayObject | None:
    resolved = _resolve(value)
    return resolved if isinstance(resolved, ArrayObject) else None


def _identity(reference: object, resolved: object) -> object:
    """Identity of a PDF object: its object number when indirect, else the Python object."""
    if isinstance(reference, IndirectObject):
        return ("ref", reference.idnum, reference.generation)
    return ("direct", id(resolved))


def _text(value: object) -> str | None:
    resolved = _resolve(value)
    if isinstance(resolved, ByteStringObject):
        return bytes(resolved).decode("utf-8", errors="replace")
    if isinstance(resolved, str):
        return str(resolved)
    return None


def _name(value: object) -> str | None:
    """A PDF name (``/text#2Fxml`` arrives decoded as ``/text/xml``) without its slash."""
    resolved = _resolve(value)
    if isinstance(resolved, NameObject):
        return str(resolved)[1:] or None
    if isinstance(resolved, str):  # a string where a name belongs: still say what it is
        return str(resolved) or None
    return None


def _relationship(name: str | None) -> AFRelationship | None:
    if name is None:
        return None
    try:
        return AFRelationship(name)
    except ValueError:
        return None


def _one_line(error: BaseException | str) -> str:
    text = " ".join(str(error).split())
    return text or type(error).__name__
