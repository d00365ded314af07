"""The EN 16931-1 semantic model of an invoice, with the XRechnung 3.0 extension's additions.

:class:`Invoice` is the root; its fields follow EN 16931-1 table 2 in order, and every field
names its business term or group (see :mod:`einvoice_cli.model.fields`). The groups live in
:mod:`~einvoice_cli.model.parties` (BG-4 to BG-12), :mod:`~einvoice_cli.model.settlement`
(BG-16 to BG-24, BG-DEX-09) and :mod:`~einvoice_cli.model.lines` (BG-25 to BG-32, BG-DEX-01
to BG-DEX-08); this module re-exports them all.

Every field is optional and every repeated group may be empty, whatever EN 16931 says about
cardinality: the model carries what a document holds, so that a document the validator rejects
can still be read, shown and, when the user insists, converted. Cardinality and code lists are
the validator's business.

The model knows nothing of XML. Syntax bindings are in :mod:`einvoice_cli.model.ubl` and
:mod:`einvoice_cli.model.cii`.
"""

# RUF009: bt() and bg() return dataclasses.field(...) with term metadata, not a shared
# mutable default; ruff only recognises field() itself.
# ruff: noqa: RUF009

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from einvoice_cli.model.fields import bg, bt
from einvoice_cli.model.lines import (
    InvoiceLine,
    ItemAttribute,
    ItemInformation,
    LineAllowance,
    LineAllowanceCharge,
    LineCharge,
    LinePeriod,
    LineVatInformation,
    PriceDetails,
    SubInvoiceLine,
    SubInvoiceLineItem,
)
from einvoice_cli.model.parties import (
    Buyer,
    BuyerContact,
    BuyerPostalAddress,
    Contact,
    DeliverToAddress,
    Payee,
    PostalAddress,
    Seller,
    SellerContact,
    SellerPostalAddress,
    SellerTaxRepresentative,
    TaxRepresentativePostalAddress,
)
from einvoice_cli.model.settlement import (
    CreditTransfer,
    DirectDebit,
    DocumentAllowance,
    DocumentAllowanceCharge,
    DocumentCharge,
    DocumentTotals,
    PaymentCard,
    PaymentInstructions,
    SupportingDocument,
    ThirdPartyPayment,
    VatBreakdown,
)
from einvoice_cli.model.values import (
    Amount,
    BinaryObject,
    Identifier,
    Percentage,
    Quantity,
)

__all__ = [
    "Amount",
    "BinaryObject",
    "Buyer",
    "BuyerContact",
    "BuyerPostalAddress",
    "Contact",
    "CreditTransfer",
    "DeliverToAddress",
    "Delivery",
    "DirectDebit",
    "DocumentAllowance",
    "DocumentAllowanceCharge",
    "DocumentCharge",
    "DocumentTotals",
    "Identifier",
    "Invoice",
    "InvoiceLine",
    "InvoiceNote",
    "InvoicingPeriod",
    "ItemAttribute",
    "ItemInformation",
    "LineAllowance",
    "LineAllowanceCharge",
    "LineCharge",
    "LinePeriod",
    "LineVatInformation",
    "Payee",
    "PaymentCard",
    "PaymentInstructions",
    "Percentage",
    "PostalAddress",
    "PrecedingInvoiceReference",
    "PriceDetails",
    "ProcessControl",
    "Quantity",
    "Seller",
    "SellerContact",
    "SellerPostalAddress",
    "SellerTaxRepresentative",
    "SubInvoiceLine",
    "SubInvoiceLineItem",
    "SupportingDocument",
    "TaxRepresentativePostalAddress",
    "ThirdPartyPayment",
    "VatBreakdown",
]


@dataclass(frozen=True, slots=True)
class InvoiceNote:
    """BG-1 INVOICE NOTE."""

    subject_code: str | None = bt("BT-21", "Invoice note subject code", None)
    note: str | None = bt("BT-22", "Invoice note", None)


@dataclass(frozen=True, slots=True)
class ProcessControl:
    """BG-2 PROCESS CONTROL."""

    business_process: str | None = bt("BT-23", "Business process type", None)
    specification: str | None = bt("BT-24", "Specification identifier", None)
    """The specification id (an XRechnung stays an XRechnung when converted)."""


@dataclass(frozen=True, slots=True)
class PrecedingInvoiceReference:
    """BG-3 PRECEDING INVOICE REFERENCE."""

    reference: str | None = bt("BT-25", "Preceding Invoice reference", None)
    issue_date: date | None = bt("BT-26", "Preceding Invoice issue date", None)


@dataclass(frozen=True, slots=True)
class InvoicingPeriod:
    """BG-14 INVOICING PERIOD (EN 16931-1 places it inside BG-13)."""

    start: date | None = bt("BT-73", "Invoicing period start date", None)
    end: date | None = bt("BT-74", "Invoicing period end date", None)


@dataclass(frozen=True, slots=True)
class Delivery:
    """BG-13 DELIVERY INFORMATION."""

    party_name: str | None = bt("BT-70", "Deliver to party name", None)
    location_identifier: Identifier | None = bt("BT-71", "Deliver to location identifier", None)
    actual_date: date | None = bt("BT-72", "Actual delivery date", None)
    invoicing_period: InvoicingPeriod | None = bg("BG-14", "INVOICING PERIOD", None)
    address: DeliverToAddress | None = bg("BG-15", "DELIVER TO ADDRESS", None)


@dataclass(frozen=True, slots=True)
class Invoice:
    """An invoice or credit note as EN 16931-1 defines it (the root, "INVOICE")."""

    number: str | None = bt("BT-1", "Invoice number", None)
    issue_date: date | None = bt("BT-2", "Invoice issue date", None)
    type_code: str | None = bt("BT-3", "Invoice type code", None)
    currency_code: str | None = bt("BT-5", "Invoice currency code", None)
    vat_accounting_currency_code: str | None = bt("BT-6", "VAT accounting currency code", None)
    vat_point_date: date | None = bt("BT-7", "Value added tax point date", None)
    vat_point_date_code: str | None = bt("BT-8", "Value added tax point date code", None)
    """A UNTDID 2005 code (3, 35, 432) as in UBL; the CII binding uses UNTDID 2475 (5, 29,
    72) and its reader and writer translate."""
    due_date: date | None = bt("BT-9", "Payment due date", None)
    buyer_reference: str | None = bt("BT-10", "Buyer reference", None)
    project_reference: str | None = bt("BT-11", "Project reference", None)
    contract_reference: str | None = bt("BT-12", "Contract reference", None)
    purchase_order_reference: str | None = bt("BT-13", "Purchase order reference", None)
    sales_order_reference: str | None = bt("BT-14", "Sales order reference", None)
    receiving_advice_reference: str | None = bt("BT-15", "Receiving advice reference", None)
    despatch_advice_reference: str | None = bt("BT-16", "Despatch advice reference", None)
    tender_or_lot_reference: str | None = bt("BT-17", "Tender or lot reference", None)
    invoiced_object_identifier: Identifier | None = bt("BT-18", "Invoiced object identifier", None)
    buyer_accounting_reference: str | None = bt("BT-19", "Buyer accounting reference", None)
    payment_terms: str | None = bt("BT-20", "Payment terms", None)
    notes: tuple[InvoiceNote, ...] = bg("BG-1", "INVOICE NOTE", ())
    process_control: ProcessControl | None = bg("BG-2", "PROCESS CONTROL", None)
    preceding_invoices: tuple[PrecedingInvoiceReference, ...] = bg(
        "BG-3", "PRECEDING INVOICE REFERENCE", ()
    )
    seller: Seller | None = bg("BG-4", "SELLER", None)
    buyer: Buyer | None = bg("BG-7", "BUYER", None)
    payee: Payee | None = bg("BG-10", "PAYEE", None)
    tax_representative: SellerTaxRepresentative | None = bg(
        "BG-11", "SELLER TAX REPRESENTATIVE PARTY", None
    )
    delivery: Delivery | None = bg("BG-13", "DELIVERY INFORMATION", None)
    payment_instructions: PaymentInstructions | None = bg("BG-16", "PAYMENT INSTRUCTIONS", None)
    allowances: tuple[DocumentAllowance, ...] = bg("BG-20", "DOCUMENT LEVEL ALLOWANCES", ())
    charges: tuple[DocumentCharge, ...] = bg("BG-21", "DOCUMENT LEVEL CHARGES", ())
    totals: DocumentTotals | None = bg("BG-22", "DOCUMENT TOTALS", None)
    vat_breakdown: tuple[VatBreakdown, ...] = bg("BG-23", "VAT BREAKDOWN", ())
    supporting_documents: tuple[SupportingDocument, ...] = bg(
        "BG-24", "ADDITIONAL SUPPORTING DOCUMENTS", ()
    )
    lines: tuple[InvoiceLine, ...] = bg("BG-25", "INVOICE LINE", ())
    third_party_payments: tuple[ThirdPartyPayment, ...] = bg("BG-DEX-09", "THIRD PARTY PAYMENT", ())
