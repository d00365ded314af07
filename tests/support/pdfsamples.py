"""Small PDFs built for tests: hybrid invoices with every defect the PDF-side rules know.

PDFs are written byte by byte (objects, cross-reference table, trailer) so that a test controls
exactly what is in them, down to the broken parts; pypdf is used only to encrypt. Nothing here
is committed as a binary: each test builds what it needs.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from pypdf import PdfReader, PdfWriter

from tests.support.corpus import ZUGFERD, require

FX_NAMESPACE = "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#"
ZF1_NAMESPACE = "urn:ferd:pdfa:CrossIndustryDocument:invoice:1p0#"
EN16931_XML = ZUGFERD / "XML-Rechnung" / "CII" / "EN16931_Einfach.cii.xml"
XRECHNUNG_XML = ZUGFERD / "XML-Rechnung" / "CII" / "XRECHNUNG_Elektron.cii.xml"


def en16931_xml() -> bytes:
    """A CII invoice of the EN 16931 profile, from the corpus."""
    return require(EN16931_XML).read_bytes()


@dataclass(frozen=True)
class Embedded:
    """One embedded file to build."""

    name: str
    data: bytes
    mime: str | None = "text/xml"
    relationship: str | None = "Alternative"
    in_tree: bool = True
    in_af: bool = True
    flate: bool = False
    encoded: bytes | None = None
    """Already Flate-encoded content, written as is (for decompression bombs)."""
    length: str | None = None
    """The stream's /Length as written instead of the true one, ``{self}`` standing for the
    stream's own object number (``"{self} 0 R"``: a /Length that refers to its stream)."""


def xmp_packet(
    *,
    namespace: str = FX_NAMESPACE,
    file_name: str | None = "factur-x.xml",
    document_type: str | None = "INVOICE",
    version: str | None = "1.0",
    level: str | None = "EN 16931",
    part: str | None = "3",
    conformance: str | None = "B",
    as_attributes: bool = False,
) -> bytes:
    """An XMP packet with the invoice and PDF/A identification properties (``None`` omits)."""
    invoice = {
        "DocumentFileName": file_name,
        "DocumentType": document_type,
        "Version": version,
        "ConformanceLevel": level,
    }
    pdfa = {"part": part, "conformance": conformance}
    if as_attributes:
        attrs = " ".join(f'fx:{k}="{v}"' for k, v in invoice.items() if v is not None)
        attrs += " " + " ".join(f'pdfaid:{k}="{v}"' for k, v in pdfa.items() if v is not None)
        body = f'<rdf:Description rdf:about="" {attrs}/>'
    else:
        props = "".join(f"<fx:{k}>{v}</fx:{k}>" for k, v in invoice.items() if v is not None)
        ids = "".join(f"<pdfaid:{k}>{v}</pdfaid:{k}>" for k, v in pdfa.items() if v is not None)
        body = (
            f'<rdf:Description rdf:about="">{ids}</rdf:Description>'
            f'<rdf:Description rdf:about="">{props}</rdf:Description>'
        )
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"'
        f' xmlns:fx="{namespace}">{body}</rdf:RDF></x:xmpmeta>'
        '<?xpacket end="w"?>'
    ).encode()


def flate_bomb(size: int) -> bytes:
    """Flate-encoded zeros that inflate to ``size`` bytes, made without holding them."""
    encoder = zlib.compressobj(6)
    chunk = b"\0" * (1024 * 1024)
    parts = []
    for _ in range(size // len(chunk)):
        parts.append(encoder.compress(chunk))
    parts.append(encoder.compress(b"\0" * (size % len(chunk))))
    parts.append(encoder.flush())
    return b"".join(parts)


@dataclass
class _Objects:
    bodies: list[bytes] = field(default_factory=list)

    def add(self, body: bytes) -> int:
        self.bodies.append(body)
        return len(self.bodies)

    def set(self, number: int, body: bytes) -> None:
        self.bodies[number - 1] = body


def pdf_string(text: str) -> bytes:
    """A PDF text string in UTF-16BE hex, which carries any character."""
    return b"<" + ("\ufeff" + text).encode("utf-16-be").hex().upper().encode() + b">"


def _stream(dictionary: bytes, data: bytes, length: bytes | None = None) -> bytes:
    written = b"%d" % len(data) if length is None else length
    return b"<< " + dictionary + b" /Length " + written + b" >>\nstream\n" + data + b"\nendstream"


def _name(value: str) -> bytes:
    return b"/" + value.replace("/", "#2F").replace(" ", "#20").encode()


def build_pdf(
    files: Sequence[Embedded] = (),
    *,
    xmp: bytes | None = None,
    xmp_flate: bool = False,
    xmp_encoded: bytes | None = None,
    tree_depth: int = 0,
    tree_cycle: bool = False,
) -> bytes:
    """A one-page PDF with the given embedded files and XMP metadata.

    ``xmp_encoded`` is Flate-encoded XMP written as is (a bomb, say). ``tree_depth`` nests the
    EmbeddedFiles name tree under that many /Kids levels; ``tree_cycle`` makes its root one of
    its own kids.
    """
    objects = _Objects()
    catalog = objects.add(b"")
    pages = objects.add(b"")
    page = objects.add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] >>" % pages)
    objects.set(pages, b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page)
    tree_pairs = []
    af = []
    for file in files:
        if file.encoded is not None:
            content, filters = file.encoded, b" /Filter /FlateDecode"
        elif file.flate:
            content, filters = zlib.compress(file.data), b" /Filter /FlateDecode"
        else:
            content, filters = file.data, b""
        mime = b" /Subtype " + _name(file.mime) if file.mime is not None else b""
        length = None
        if file.length is not None:
            length = file.length.format(self=len(objects.bodies) + 1).encode()
        stream = objects.add(_stream(b"/Type /EmbeddedFile" + mime + filters, content, length))
        relationship = b" /AFRelationship " + _name(file.relationship) if file.relationship else b""
        spec = objects.add(
            b"<< /Type /Filespec /F "
            + pdf_string(file.name)
            + b" /UF "
            + pdf_string(file.name)
            + relationship
            + b" /EF << /F %d 0 R /UF %d 0 R >> >>" % (stream, stream)
        )
        if file.in_tree:
            tree_pairs.append(pdf_string(file.name) + b" %d 0 R" % spec)
        if file.in_af:
            af.append(b"%d 0 R" % spec)
    entries = [b"/Type /Catalog /Pages %d 0 R" % pages]
    if tree_pairs:
        node = objects.add(b"<< /Names [" + b" ".join(tree_pairs) + b"] >>")
        for _ in range(tree_depth):
            node = objects.add(b"<< /Kids [%d 0 R] >>" % node)
        if tree_cycle:
            objects.set(node, objects.bodies[node - 1].replace(b"[", b"[%d 0 R " % node, 1))
        entries.append(b"/Names << /EmbeddedFiles %d 0 R >>" % node)
    if af:
        entries.append(b"/AF [" + b" ".join(af) + b"]")
    if xmp_encoded is not None:
        xmp, xmp_flate = b"", True
    if xmp is not None:
        data, filters = (zlib.compress(xmp), b" /Filter /FlateDecode") if xmp_flate else (xmp, b"")
        data = data if xmp_encoded is None else xmp_encoded
        metadata = objects.add(_stream(b"/Type /Metadata /Subtype /XML" + filters, data))
        entries.append(b"/Metadata %d 0 R" % metadata)
    objects.set(catalog, b"<< " + b" ".join(entries) + b" >>")
    return _serialise(objects.bodies)


def _serialise(bodies: Sequence[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(bodies) + 1,
        xref,
    )
    return bytes(out)


def facturx_pdf(xml: bytes | None = None, xmp: bytes | None = None) -> bytes:
    """A well-formed Factur-X EN 16931 PDF embedding ``xml`` (default: a corpus invoice)."""
    return build_pdf(
        [Embedded("factur-x.xml", en16931_xml() if xml is None else xml, flate=True)],
        xmp=xmp_packet() if xmp is None else xmp,
        xmp_flate=True,
    )


def encrypted(data: bytes, user_password: str) -> bytes:
    """The PDF encrypted with RC4-128 (which needs no crypto library to read)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password, "owner-secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def huge_pdf(size: int) -> bytes:
    """A Factur-X PDF of about ``size`` bytes: the invoice plus one large uncompressed file."""
    return build_pdf(
        [
            Embedded(
                "scan.bin", b"\0" * size, mime="application/octet-stream", relationship="Supplement"
            ),
            Embedded("factur-x.xml", en16931_xml()),
        ],
        xmp=xmp_packet(),
    )
