"""XMP metadata of a hybrid invoice: what it says about the invoice and about PDF/A.

The XMP packet of a ZUGFeRD/Factur-X PDF names the embedded invoice file, its document type,
the version of the standard and the profile (its PDF/A extension schema), and identifies the
PDF as PDF/A (``pdfaid:part``, ``pdfaid:conformance``). This module reads those properties
from an already parsed packet (``safexml`` parses it; the ``pdf`` package takes it out of the
PDF); judging them is ``hybrid/conformance.py``'s job.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from einvoice_cli.hybrid.profiles import FAMILIES, Family

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_PDFAID = "http://www.aiim.org/pdfa/ns/id/"
_XMP_PROPERTIES = ("DocumentFileName", "DocumentType", "Version", "ConformanceLevel")


@dataclass(frozen=True, slots=True)
class XmpFacts:
    """What the XMP metadata says about the invoice and PDF/A conformance, as written."""

    present: bool
    """Whether the catalog has a /Metadata stream."""
    problem: str | None = None
    """Why the metadata could not be read, when it could not."""
    namespace: str | None = None
    """Namespace URI of the invoice properties found (any namespace naming DocumentFileName or
    ConformanceLevel when none of the standard ones is used)."""
    family: Family | None = None
    """The family whose extension schema :attr:`namespace` is, if any."""
    document_file_name: str | None = None
    document_type: str | None = None
    version: str | None = None
    conformance_level: str | None = None
    pdfa_part: str | None = None
    """``pdfaid:part``."""
    pdfa_conformance: str | None = None
    """``pdfaid:conformance``."""


def read_xmp(tree: etree._ElementTree) -> XmpFacts:
    """The invoice and PDF/A identification properties of a parsed XMP packet.

    Properties may be written as elements or as attributes of ``rdf:Description`` (XMP
    Specification Part 1, §7.9.2.2); both are read. The first standard namespace that carries
    any invoice property wins; failing that, any namespace naming ConformanceLevel or
    DocumentFileName is reported as found, with no family.
    """
    root = tree.getroot()
    values: dict[str, str] = {}
    namespace: str | None = None
    family: Family | None = None
    for spec in FAMILIES:
        values = {
            local: value
            for local in _XMP_PROPERTIES
            if (value := _xmp_value(root, spec.xmp_namespace, local)) is not None
        }
        if values:
            namespace, family = spec.xmp_namespace, spec.family
            break
    else:
        namespace = _unknown_namespace(root)
        if namespace is not None:
            values = {
                local: value
                for local in _XMP_PROPERTIES
                if (value := _xmp_value(root, namespace, local)) is not None
            }
    return XmpFacts(
        present=True,
        namespace=namespace,
        family=family,
        document_file_name=values.get("DocumentFileName"),
        document_type=values.get("DocumentType"),
        version=values.get("Version"),
        conformance_level=values.get("ConformanceLevel"),
        pdfa_part=_xmp_value(root, _PDFAID, "part"),
        pdfa_conformance=_xmp_value(root, _PDFAID, "conformance"),
    )


def _xmp_value(root: etree._Element, namespace: str, local: str) -> str | None:
    qualified = f"{{{namespace}}}{local}"
    for element in root.iter(qualified):
        text = (element.text or "").strip()
        if text:
            return text
    for description in root.iter(f"{{{_RDF}}}Description"):
        value = description.get(qualified)
        if value is not None and value.strip():
            return value.strip()
    return None


def _unknown_namespace(root: etree._Element) -> str | None:
    for local in ("ConformanceLevel", "DocumentFileName"):
        for element in root.iter():
            qname = etree.QName(element)
            if qname.localname == local and qname.namespace:
                return qname.namespace
        for description in root.iter(f"{{{_RDF}}}Description"):
            for attribute in description.attrib:
                qname = etree.QName(attribute)
                if qname.localname == local and qname.namespace:
                    return qname.namespace
    return None
