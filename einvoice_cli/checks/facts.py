"""The key facts of an invoice that its printed picture must show, read from its XML.

Also the two terms the Leitweg-ID check needs, BT-10 (buyer reference) and BT-55 (buyer
country), read the same way: XPath on the tree, without building the semantic model.

Invoice number (BT-1), issue date (BT-2), grand total (BT-112), amount due (BT-115), seller
VAT identifier (BT-31) and IBAN (BT-84). Where each syntax keeps them is one row of
:data:`_LOCATIONS` (ZUGFeRD 1.0 included, which the semantic model does not read); this module
only reads values and knows nothing of PDFs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from types import MappingProxyType

from lxml import etree

from einvoice_cli.core.detect import Syntax, detect


class FactKind(StrEnum):
    """How a fact's value is written and compared."""

    IDENTIFIER = "identifier"
    """Compared as written (invoice number)."""
    DATE = "date"
    AMOUNT = "amount"
    COMPACT = "compact"
    """Compared without spaces, in capitals (VAT identifier, IBAN)."""


@dataclass(frozen=True, slots=True)
class FactSpec:
    """One fact: its business term and how it is compared."""

    term: str
    kind: FactKind


FACTS: tuple[FactSpec, ...] = (
    FactSpec("BT-1", FactKind.IDENTIFIER),
    FactSpec("BT-2", FactKind.DATE),
    FactSpec("BT-112", FactKind.AMOUNT),
    FactSpec("BT-115", FactKind.AMOUNT),
    FactSpec("BT-31", FactKind.COMPACT),
    FactSpec("BT-84", FactKind.COMPACT),
)
"""The facts compared, in report order."""

_UBL_NS = MappingProxyType(
    {
        "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
        "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    }
)
_UBL = MappingProxyType(
    {
        "BT-10": "/*/cbc:BuyerReference",
        "BT-55": "/*/cac:AccountingCustomerParty/cac:Party/cac:PostalAddress/cac:Country/"
        "cbc:IdentificationCode",
        "BT-1": "/*/cbc:ID",
        "BT-2": "/*/cbc:IssueDate",
        "BT-112": "/*/cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount",
        "BT-115": "/*/cac:LegalMonetaryTotal/cbc:PayableAmount",
        "BT-31": "/*/cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme"
        "[cac:TaxScheme/cbc:ID = 'VAT']/cbc:CompanyID",
        "BT-84": "/*/cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID",
    }
)


def _cii(ram: str, rsm: str, document: str, summation: str) -> Mapping[str, str]:
    return MappingProxyType(
        {
            "BT-10": f"//{ram}:BuyerReference",
            "BT-55": f"//{ram}:BuyerTradeParty/{ram}:PostalTradeAddress/{ram}:CountryID",
            "BT-1": f"/*/{rsm}:{document}/{ram}:ID",
            "BT-2": f"/*/{rsm}:{document}/{ram}:IssueDateTime/*",
            "BT-112": f"//{ram}:{summation}/{ram}:GrandTotalAmount",
            "BT-115": f"//{ram}:{summation}/{ram}:DuePayableAmount",
            "BT-31": f"//{ram}:SellerTradeParty/{ram}:SpecifiedTaxRegistration/{ram}:ID"
            "[@schemeID = 'VA']",
            "BT-84": f"//{ram}:SpecifiedTradeSettlementPaymentMeans/"
            f"{ram}:PayeePartyCreditorFinancialAccount/{ram}:IBANID",
        }
    )


@dataclass(frozen=True, slots=True)
class _Location:
    namespaces: Mapping[str, str]
    paths: Mapping[str, str]


_LOCATIONS: Mapping[Syntax, _Location] = MappingProxyType(
    {
        Syntax.UBL_INVOICE: _Location(_UBL_NS, _UBL),
        Syntax.UBL_CREDITNOTE: _Location(_UBL_NS, _UBL),
        Syntax.CII: _Location(
            MappingProxyType(
                {
                    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
                    "ram": "urn:un:unece:uncefact:data:standard:"
                    "ReusableAggregateBusinessInformationEntity:100",
                }
            ),
            _cii(
                "ram", "rsm", "ExchangedDocument", "SpecifiedTradeSettlementHeaderMonetarySummation"
            ),
        ),
        Syntax.ZUGFERD_1: _Location(
            MappingProxyType(
                {
                    "rsm": "urn:ferd:CrossIndustryDocument:invoice:1p0",
                    "ram": "urn:un:unece:uncefact:data:standard:"
                    "ReusableAggregateBusinessInformationEntity:12",
                }
            ),
            _cii(
                "ram", "rsm", "HeaderExchangedDocument", "SpecifiedTradeSettlementMonetarySummation"
            ),
        ),
    }
)

FactValue = str | date | Decimal


@dataclass(frozen=True, slots=True)
class XmlFact:
    """One fact as the XML states it."""

    spec: FactSpec
    text: str
    """As written in the XML."""
    value: FactValue
    """Parsed: a date for BT-2, a decimal for amounts, the text otherwise."""


def term_text(tree: etree._ElementTree, term: str) -> str | None:
    """The text of the first occurrence of business term ``term`` (one of :data:`FACTS`, or
    BT-10 and BT-55), whitespace collapsed; ``None`` when the document has none."""
    syntax = detect(tree).syntax
    location = _LOCATIONS.get(syntax) if syntax is not None else None
    if location is None:
        return None
    return _first_text(tree, location, term)


def _first_text(tree: etree._ElementTree, location: _Location, term: str) -> str | None:
    path = location.paths.get(term)
    if path is None:
        return None
    found = tree.xpath(path, namespaces=dict(location.namespaces))
    elements = (
        [e for e in found if isinstance(e, etree._Element)] if isinstance(found, list) else []
    )
    text = " ".join((elements[0].text or "").split()) if elements else ""
    return text or None


def invoice_facts(tree: etree._ElementTree) -> tuple[XmlFact | None, ...]:
    """The facts of :data:`FACTS`, in order; ``None`` for one the XML does not carry (or
    carries in a form that cannot be read)."""
    syntax = detect(tree).syntax
    location = _LOCATIONS.get(syntax) if syntax is not None else None
    if location is None:
        return tuple(None for _ in FACTS)
    out: list[XmlFact | None] = []
    for spec in FACTS:
        text = _first_text(tree, location, spec.term)
        value = _parse(spec.kind, text) if text else None
        out.append(XmlFact(spec, text, value) if text and value is not None else None)
    return tuple(out)


def _parse(kind: FactKind, text: str) -> FactValue | None:
    match kind:
        case FactKind.DATE:
            digits = text.replace("-", "")
            if len(digits) != 8 or not digits.isdigit():
                return None
            try:
                return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
            except ValueError:
                return None
        case FactKind.AMOUNT:
            try:
                return Decimal(text)
            except InvalidOperation:
                return None
        case FactKind.COMPACT:
            return "".join(text.split()).upper()
        case FactKind.IDENTIFIER:
            return text
