"""Which syntax a document is written in, and which specification it claims to follow.

Everything that differs between UBL Invoice, UBL CreditNote, UN/CEFACT CII and ZUGFeRD 1.0 for
this purpose is one row of :data:`SYNTAXES`; code looks rows up and never branches on a syntax.
Choosing a scenario from the result is ``rulepacks/scenarios.py``'s job.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from lxml import etree


class Syntax(StrEnum):
    """The XML syntax of an invoice; ``.value`` is the JSON spelling."""

    UBL_INVOICE = "ubl-invoice"
    UBL_CREDITNOTE = "ubl-creditnote"
    CII = "cii"
    ZUGFERD_1 = "zugferd-1"


@dataclass(frozen=True, slots=True)
class SyntaxSpec:
    """What identifies one syntax and where its specification identifier is."""

    syntax: Syntax
    root: str
    """Clark name (``{namespace}local``) of the root element."""
    title: str
    namespaces: Mapping[str, str]
    specification_xpath: str
    """XPath 1.0 (with :attr:`namespaces`) of the specification identifier: BT-24, the
    CustomizationID in UBL and the guideline parameter in CII."""


_UBL_CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
_CII_RSM = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
_CII_RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
_ZF1_RSM = "urn:ferd:CrossIndustryDocument:invoice:1p0"
_ZF1_RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:12"

SYNTAXES: tuple[SyntaxSpec, ...] = (
    SyntaxSpec(
        syntax=Syntax.UBL_INVOICE,
        root="{urn:oasis:names:specification:ubl:schema:xsd:Invoice-2}Invoice",
        title="UBL 2.1 Invoice",
        namespaces=MappingProxyType({"cbc": _UBL_CBC}),
        specification_xpath="/*/cbc:CustomizationID",
    ),
    SyntaxSpec(
        syntax=Syntax.UBL_CREDITNOTE,
        root="{urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2}CreditNote",
        title="UBL 2.1 CreditNote",
        namespaces=MappingProxyType({"cbc": _UBL_CBC}),
        specification_xpath="/*/cbc:CustomizationID",
    ),
    SyntaxSpec(
        syntax=Syntax.CII,
        root=f"{{{_CII_RSM}}}CrossIndustryInvoice",
        title="UN/CEFACT Cross Industry Invoice D16B",
        namespaces=MappingProxyType({"rsm": _CII_RSM, "ram": _CII_RAM}),
        specification_xpath=(
            "/*/rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID"
        ),
    ),
    SyntaxSpec(
        syntax=Syntax.ZUGFERD_1,
        root=f"{{{_ZF1_RSM}}}CrossIndustryDocument",
        title="ZUGFeRD 1.0 Cross Industry Document",
        namespaces=MappingProxyType({"rsm": _ZF1_RSM, "ram": _ZF1_RAM}),
        specification_xpath=(
            "/*/rsm:SpecifiedExchangedDocumentContext"
            "/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID"
        ),
    ),
)

_BY_ROOT: Mapping[str, SyntaxSpec] = MappingProxyType({spec.root: spec for spec in SYNTAXES})


@dataclass(frozen=True, slots=True)
class Detection:
    """What a document is, as far as its root element and specification identifier tell."""

    root: str
    """Clark name of the document's root element."""
    syntax: Syntax | None
    """``None`` when the root element is not one of the invoice syntaxes."""
    specification: str | None
    """The specification identifier (whitespace-trimmed), ``None`` when absent."""


def syntax_spec(syntax: Syntax) -> SyntaxSpec:
    """The table row of a syntax."""
    for spec in SYNTAXES:
        if spec.syntax is syntax:
            return spec
    raise LookupError(syntax)  # unreachable: every Syntax member has a row (tested)


def detect(tree: etree._ElementTree) -> Detection:
    """Find the syntax and specification identifier of a parsed document."""
    root = tree.getroot()
    name = root.tag if isinstance(root.tag, str) else ""
    spec = _BY_ROOT.get(name)
    if spec is None:
        return Detection(root=name, syntax=None, specification=None)
    nodes = tree.xpath(spec.specification_xpath, namespaces=dict(spec.namespaces))
    specification = None
    if isinstance(nodes, list) and nodes:
        first = nodes[0]
        if isinstance(first, etree._Element):
            specification = (first.text or "").strip() or None
    return Detection(root=name, syntax=spec.syntax, specification=specification)


class ProfileId(StrEnum):
    """A ZUGFeRD/Factur-X profile (``hybrid/profiles.py`` holds what each demands);
    ``.value`` is the JSON spelling of the report's ``profile`` field."""

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
