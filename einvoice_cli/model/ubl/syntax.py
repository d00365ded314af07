"""What the UBL reader and writer share: namespaces, dates, placeholders, and the two documents.

UBL 2.1 has two document types for an EN 16931 invoice, Invoice and CreditNote. What differs
between them for the binding (EN 16931-3-2) is one row of :data:`UBL_DOCUMENTS`; the reader and
writer look rows up and never branch on the document type.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from einvoice_cli.core.detect import Syntax

CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
EXT = "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2"
INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
CREDIT_NOTE = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"

PREFIXES: Mapping[str, str] = MappingProxyType(
    {"ubl": INVOICE, "cn": CREDIT_NOTE, "cac": CAC, "cbc": CBC, "ext": EXT}
)
"""The prefixes of the EN 16931 UBL Schematron, used in names and reported locations."""

UBL_VERSION = "2.1"
"""``cbc:UBLVersionID`` of the documents this binding reads; the writer leaves it out."""

VAT = "VAT"
"""The tax scheme every EN 16931 tax category and VAT identifier names (``cac:TaxScheme``)."""

TAX_REGISTRATION_SCHEME = "FC"
"""The scheme the writer gives the seller tax registration identifier (BT-32); EN 16931-3-2
binds BT-32 to any ``cac:PartyTaxScheme`` whose scheme is not VAT, so the reader takes any."""

INVOICED_OBJECT = "130"
"""``cbc:DocumentTypeCode`` of the reference that carries BT-18 (and BT-128 on a line)."""

PROJECT_REFERENCE = "50"
"""``cbc:DocumentTypeCode`` of the CreditNote reference that carries BT-11 (UBL-SR-43)."""

CREDITOR_SCHEME = "SEPA"
"""The ``schemeID`` that marks a party identifier as BT-90 (EN 16931-3-2, UBL-SR-29)."""

ORDER_PLACEHOLDER = "NA"
"""``cac:OrderReference/cbc:ID`` is mandatory in UBL; Peppol BIS 3 writes ``NA`` there when
an invoice has a sales order reference (BT-14) but no purchase order reference (BT-13). The
reader reads that combination as "no BT-13", and the writer writes it."""

CARD_NETWORK_PLACEHOLDERS = frozenset({"NA", "mapped-from-cii"})
"""``cac:CardAccount/cbc:NetworkID`` is mandatory in UBL but no business term. The writer puts
``NA`` there; the reader takes these placeholders (the second is the XRechnung test suite's) as
empty and reports any other value as not carried."""

CREDIT_NOTE_TYPE_CODES = frozenset(
    {"81", "83", "261", "262", "296", "308", "381", "396", "420", "458", "532"}
)
"""UNTDID 1001 codes of credit notes (EN 16931 code list for BT-3): a UBL writer that is free
to choose writes these as a CreditNote."""

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_date(text: str) -> date:
    """Parse a UBL date (xs:date, ``YYYY-MM-DD``, no time zone); raise ValueError otherwise."""
    stripped = text.strip()
    if not _DATE.fullmatch(stripped):
        raise ValueError(f"not a date of the form YYYY-MM-DD: {text!r}")
    return date.fromisoformat(stripped)


@dataclass(frozen=True, slots=True)
class UblDocument:
    """What differs between the UBL Invoice and CreditNote bindings of EN 16931."""

    syntax: Syntax
    namespace: str
    root: str
    """Local name of the root element."""
    type_code: str
    line: str
    quantity: str
    sub_line: str
    """The XRechnung extension's sub invoice line (BG-DEX-01) element inside a line."""
    due_date_in_payment_means: bool
    """BT-9 is ``cbc:DueDate`` in an Invoice, ``cac:PaymentMeans/cbc:PaymentDueDate`` in a
    CreditNote (which has no ``cbc:DueDate``)."""
    project_in_document_reference: bool
    """BT-11 is ``cac:ProjectReference`` in an Invoice; a CreditNote has none and uses
    ``cac:AdditionalDocumentReference`` with document type code 50."""
    prepaid_payment: bool
    """Whether the document has ``cac:PrepaidPayment`` (the XRechnung third party payment,
    BG-DEX-09); a CreditNote has not."""
    header_order: tuple[str, ...]
    """The children of the root element in the order of the document's XSD sequence."""


_HEAD: tuple[str, ...] = (
    "ext:UBLExtensions",
    "cbc:UBLVersionID",
    "cbc:CustomizationID",
    "cbc:ProfileID",
    "cbc:ProfileExecutionID",
    "cbc:ID",
    "cbc:CopyIndicator",
    "cbc:UUID",
    "cbc:IssueDate",
    "cbc:IssueTime",
)
_CURRENCIES: tuple[str, ...] = (
    "cbc:TaxCurrencyCode",
    "cbc:PricingCurrencyCode",
    "cbc:PaymentCurrencyCode",
    "cbc:PaymentAlternativeCurrencyCode",
    "cbc:AccountingCostCode",
    "cbc:AccountingCost",
    "cbc:LineCountNumeric",
    "cbc:BuyerReference",
)
_PARTIES: tuple[str, ...] = (
    "cac:Signature",
    "cac:AccountingSupplierParty",
    "cac:AccountingCustomerParty",
    "cac:PayeeParty",
    "cac:BuyerCustomerParty",
    "cac:SellerSupplierParty",
    "cac:TaxRepresentativeParty",
    "cac:Delivery",
    "cac:DeliveryTerms",
    "cac:PaymentMeans",
    "cac:PaymentTerms",
)
_RATES: tuple[str, ...] = (
    "cac:TaxExchangeRate",
    "cac:PricingExchangeRate",
    "cac:PaymentExchangeRate",
    "cac:PaymentAlternativeExchangeRate",
)

UBL_INVOICE = UblDocument(
    syntax=Syntax.UBL_INVOICE,
    namespace=INVOICE,
    root="Invoice",
    type_code="cbc:InvoiceTypeCode",
    line="cac:InvoiceLine",
    quantity="cbc:InvoicedQuantity",
    sub_line="cac:SubInvoiceLine",
    due_date_in_payment_means=False,
    project_in_document_reference=False,
    prepaid_payment=True,
    header_order=(
        *_HEAD,
        "cbc:DueDate",
        "cbc:InvoiceTypeCode",
        "cbc:Note",
        "cbc:TaxPointDate",
        "cbc:DocumentCurrencyCode",
        *_CURRENCIES,
        "cac:InvoicePeriod",
        "cac:OrderReference",
        "cac:BillingReference",
        "cac:DespatchDocumentReference",
        "cac:ReceiptDocumentReference",
        "cac:StatementDocumentReference",
        "cac:OriginatorDocumentReference",
        "cac:ContractDocumentReference",
        "cac:AdditionalDocumentReference",
        "cac:ProjectReference",
        *_PARTIES,
        "cac:PrepaidPayment",
        "cac:AllowanceCharge",
        *_RATES,
        "cac:TaxTotal",
        "cac:WithholdingTaxTotal",
        "cac:LegalMonetaryTotal",
        "cac:InvoiceLine",
    ),
)

UBL_CREDIT_NOTE = UblDocument(
    syntax=Syntax.UBL_CREDITNOTE,
    namespace=CREDIT_NOTE,
    root="CreditNote",
    type_code="cbc:CreditNoteTypeCode",
    line="cac:CreditNoteLine",
    quantity="cbc:CreditedQuantity",
    sub_line="cac:SubCreditNoteLine",
    due_date_in_payment_means=True,
    project_in_document_reference=True,
    prepaid_payment=False,
    header_order=(
        *_HEAD,
        "cbc:TaxPointDate",
        "cbc:CreditNoteTypeCode",
        "cbc:Note",
        "cbc:DocumentCurrencyCode",
        *_CURRENCIES,
        "cac:InvoicePeriod",
        "cac:DiscrepancyResponse",
        "cac:OrderReference",
        "cac:BillingReference",
        "cac:DespatchDocumentReference",
        "cac:ReceiptDocumentReference",
        "cac:ContractDocumentReference",
        "cac:AdditionalDocumentReference",
        "cac:StatementDocumentReference",
        "cac:OriginatorDocumentReference",
        *_PARTIES,
        *_RATES,
        "cac:AllowanceCharge",
        "cac:TaxTotal",
        "cac:LegalMonetaryTotal",
        "cac:CreditNoteLine",
    ),
)

UBL_DOCUMENTS: tuple[UblDocument, ...] = (UBL_INVOICE, UBL_CREDIT_NOTE)


def ubl_document(syntax: Syntax) -> UblDocument:
    """The row of a UBL syntax; :class:`LookupError` for a syntax that is not UBL."""
    for document in UBL_DOCUMENTS:
        if document.syntax is syntax:
            return document
    raise LookupError(f"{syntax.value} is not a UBL syntax")


def ubl_document_for_root(tag: str) -> UblDocument | None:
    """The row whose root element has Clark name ``tag``, if any."""
    for document in UBL_DOCUMENTS:
        if tag == f"{{{document.namespace}}}{document.root}":
            return document
    return None
