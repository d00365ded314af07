"""Writing hybrid PDF invoices: an invoice XML embedded into a visual PDF.

The ``pdf`` package reads untrusted PDFs; this is the only other code that imports pypdf, and the
only code that writes PDFs. The embedding itself is the ``factur-x`` package's generator
(``facturx.generate_from_binary``): it adds the embedded file stream (MIME type ``text/xml``,
size, checksum), the file specification with its ``AFRelationship``, the catalog's /AF and
EmbeddedFiles entries, the XMP packet with PDF/A-3 identification and the Factur-X PDF/A
extension schema, and the document information. It knows the Factur-X profiles only: it always
names the file ``factur-x.xml`` and writes XMP ``Version`` 1.0 with the profile's Factur-X
level. Where the profile table asks for other facts (the XRECHNUNG profile is embedded as
``xrechnung.xml`` with the XRechnung version and ``ConformanceLevel`` XRECHNUNG, ZUGFeRD 2.1.1
Technical Supplement Part A §2.2 and §2.3), :func:`embed_invoice` corrects those values in the
generated PDF with pypdf; nothing else of the generator's output is touched.

What to embed and how the PDF must describe it is decided by the caller (``hybrid/facturx.py``,
from ``hybrid/profiles.py``); this module carries it out and translates the libraries' exceptions
into
:class:`PdfWriteError`.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import facturx
from lxml import etree
from pypdf import PdfReader, PdfWriter, apply_configuration
from pypdf.errors import PyPdfError
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)

from einvoice_cli.errors import BrokenPdf, EinvoiceError, InputError
from einvoice_cli.hybrid.profiles import AFRelationship, Family, family_spec
from einvoice_cli.hybrid.xmp import XmpFacts, read_xmp
from einvoice_cli.xml.parser import ParseSettings, parse_xml

_MAX_XMP_BYTES = 4 * 1024 * 1024

# What pypdf and the generator raise on PDFs they cannot handle, besides pypdf's own errors.
_FAILURES = (PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError, zlib.error)

_GENERATOR_FILE_NAME = family_spec(Family.FACTURX).document_file_name
"""The name ``facturx.generate_from_binary`` gives the invoice file whatever the profile: the
Factur-X standard's ``factur-x.xml``."""


class PdfWriteError(EinvoiceError):
    """A hybrid PDF could not be written (the visual PDF is unusable, or a library failed)."""


@dataclass(frozen=True, slots=True)
class InvoiceFile:
    """The invoice XML to embed and every fact the PDF must state about it."""

    xml: bytes
    file_name: str
    """The embedded file's name (``/F``, ``/UF``, its name-tree key) and XMP DocumentFileName."""
    relationship: AFRelationship
    xmp_namespace: str
    """The namespace of the XMP extension schema (the generator writes Factur-X's)."""
    version: str
    """XMP ``Version``."""
    conformance_level: str
    """XMP ``ConformanceLevel``."""
    generator_level: str
    """The level the generator is asked for (``minimum``, ``basicwl``, ``basic``, ``en16931``,
    ``extended``): the Factur-X level of the profile, or the one closest to it."""


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """The PDF's title, author, subject and keywords (document information and XMP ``dc``)."""

    title: str
    author: str
    subject: str
    keywords: str


@dataclass(frozen=True, slots=True)
class ExtraFile:
    """A further embedded file (one the visual PDF already had, carried over)."""

    name: str
    data: bytes
    description: str
    relationship: AFRelationship
    """Supplement or Unspecified: the generator allows no other value for a further file."""


@dataclass(frozen=True, slots=True)
class VisualFacts:
    """What matters about the visual PDF before an invoice is embedded into it."""

    encrypted: bool
    xmp: XmpFacts
    """Its XMP metadata as found (``present=False`` when it has none)."""


def inspect_visual(data: bytes, name: str) -> VisualFacts:
    """Whether the visual PDF is encrypted, and what its XMP says (its PDF/A identification).

    The caller has read the PDF through the ``pdf`` package first, under its limits; this only
    looks at the trailer and the catalog's /Metadata.
    """
    limit = _MAX_XMP_BYTES + 1  # only the XMP stream is decoded here; a bomb stops at this
    try:
        with apply_configuration(
            zlib_maximum_output_length=limit,
            lzw_maximum_output_length=limit,
            run_length_maximum_output_length=limit,
            brotli_maximum_output_length=limit,
            array_based_stream_maximum_output_length=limit,
        ):
            reader = PdfReader(io.BytesIO(data), strict=False)
            encrypted = reader.is_encrypted
            metadata = None if encrypted else reader.root_object.get("/Metadata")
            stream = metadata.get_object() if metadata is not None else None
            raw = stream.get_data() if isinstance(stream, StreamObject) else None
    except _FAILURES as e:
        raise BrokenPdf(f"{name}: not a usable PDF ({_one_line(e)})") from e
    if raw is None:
        return VisualFacts(encrypted=encrypted, xmp=XmpFacts(present=False))
    try:
        tree = parse_xml(bytes(raw), f"{name} (XMP)", ParseSettings(max_bytes=_MAX_XMP_BYTES))
    except InputError as e:
        return VisualFacts(encrypted=encrypted, xmp=XmpFacts(present=True, problem=str(e)))
    return VisualFacts(encrypted=encrypted, xmp=read_xmp(tree))


def embed_invoice(
    visual: bytes,
    name: str,
    invoice: InvoiceFile,
    info: DocumentInfo,
    extras: Sequence[ExtraFile] = (),
) -> bytes:
    """The visual PDF with the invoice embedded as a PDF/A-3 hybrid invoice.

    The XMP metadata is written without a filter: every PDF/A part accepts that (PDF/A-1
    demands it, ISO 19005-1 §6.7.2), and tools that do not decode PDF streams can read it.
    """
    try:
        generated = facturx.generate_from_binary(
            visual,
            invoice.xml,
            flavor="factur-x",
            level=invoice.generator_level,
            check_xsd=False,  # the converter validates with the official rules itself
            pdf_metadata={
                "title": info.title,
                "author": info.author,
                "subject": info.subject,
                "keywords": info.keywords,
            },
            attachments={
                extra.name: {
                    "filedata": extra.data,
                    "description": extra.description,
                    "afrelationship": extra.relationship.value.lower(),
                }
                for extra in extras
            },
            afrelationship=invoice.relationship.value.lower(),
            xmp_compression=False,
        )
    except _FAILURES as e:
        raise PdfWriteError(f"{name}: the invoice cannot be embedded ({_one_line(e)})") from e
    if not isinstance(generated, bytes):
        raise PdfWriteError(f"{name}: the Factur-X generator returned no PDF")
    return _correct_facts(generated, name, invoice)


def _correct_facts(pdf: bytes, name: str, invoice: InvoiceFile) -> bytes:
    """Give the invoice file the name, and the XMP the values, that ``invoice`` asks for."""
    try:
        writer = PdfWriter(clone_from=io.BytesIO(pdf))
        root = writer.root_object
        renamed = _rename_invoice_file(root, invoice.file_name)
        metadata = root.get("/Metadata")
        metadata = metadata.get_object() if isinstance(metadata, PdfObject) else None
        if not isinstance(metadata, StreamObject):
            raise PdfWriteError(f"{name}: the generated PDF has no XMP metadata stream")
        xmp = bytes(metadata.get_data())
        corrected = _corrected_xmp(xmp, invoice)
        if not renamed and corrected == xmp:
            return pdf
        metadata.set_data(corrected)
        out = io.BytesIO()
        writer.write(out)
    except _FAILURES as e:
        raise PdfWriteError(
            f"{name}: the generated PDF cannot be completed ({_one_line(e)})"
        ) from e
    return out.getvalue()


def _rename_invoice_file(root: DictionaryObject, wanted: str) -> bool:
    """Rename the generator's invoice file to ``wanted`` in the name tree and its file
    specification; whether anything changed. The generator writes one flat, sorted /Names
    array; it stays sorted by key (ISO 32000-1 §7.9.6)."""
    if wanted == _GENERATOR_FILE_NAME:
        return False
    tree = _dict(_dict(root.get("/Names")).get("/EmbeddedFiles"))
    pairs = tree.get("/Names")
    if not isinstance(pairs, ArrayObject):
        raise PdfWriteError("the generated PDF has no flat EmbeddedFiles name array")
    entries = [(str(pairs[i]), pairs[i + 1]) for i in range(0, len(pairs) - 1, 2)]
    if wanted in (key for key, _ in entries):
        raise PdfWriteError(f"the visual PDF already embeds a file named {wanted}")
    renamed = []
    for key, reference in entries:
        if key == _GENERATOR_FILE_NAME:
            spec = _dict(reference)
            spec[NameObject("/F")] = TextStringObject(wanted)
            spec[NameObject("/UF")] = TextStringObject(wanted)
            key = wanted
        renamed.append((key, reference))
    renamed.sort(key=lambda entry: entry[0])
    tree[NameObject("/Names")] = ArrayObject(
        item for key, reference in renamed for item in (TextStringObject(key), reference)
    )
    return True


def _corrected_xmp(xmp: bytes, invoice: InvoiceFile) -> bytes:
    """The XMP packet with DocumentFileName, Version and ConformanceLevel set as asked."""
    tree = parse_xml(xmp, "generated XMP", ParseSettings(max_bytes=_MAX_XMP_BYTES))
    wanted = {
        "DocumentFileName": invoice.file_name,
        "Version": invoice.version,
        "ConformanceLevel": invoice.conformance_level,
    }
    changed = False
    for local, value in wanted.items():
        elements = list(tree.iter(f"{{{invoice.xmp_namespace}}}{local}"))
        if not elements:
            raise PdfWriteError(
                f"the generated XMP has no {local} in {invoice.xmp_namespace}; "
                "the factur-x package writes another extension schema"
            )
        for element in elements:
            if element.text != value:
                element.text = value
                changed = True
    if not changed:
        return xmp
    return etree.tostring(tree, encoding="UTF-8")


def _dict(value: object) -> DictionaryObject:
    """``value`` (an object or a reference to one) as a dictionary of the generated PDF."""
    resolved = value.get_object() if isinstance(value, PdfObject) else value
    if not isinstance(resolved, DictionaryObject):
        raise PdfWriteError("the generated PDF lacks an expected dictionary")
    return resolved


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__
