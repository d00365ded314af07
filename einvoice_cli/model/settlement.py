"""Payment and amounts: BG-16 to BG-24 of EN 16931-1, and the XRechnung third party payment.

BG-16 PAYMENT INSTRUCTIONS occurs at most once; its credit transfer accounts (BG-17) repeat.
UBL repeats ``cac:PaymentMeans`` once per account with the same means code (UBL-SR-47), CII
repeats ``ram:SpecifiedTradeSettlementPaymentMeans``; both readers fold them into this one group.

BG-DEX-09 THIRD PARTY PAYMENT belongs to the XRechnung 3.0 extension; its rules BR-DEX-09 to
BR-DEX-14 bind it to UBL ``cac:PrepaidPayment`` only.
"""

# RUF009: bt() and bg() return dataclasses.field(...) with term metadata, not a shared
# mutable default; ruff only recognises field() itself.
# ruff: noqa: RUF009

from __future__ import annotations

from dataclasses import dataclass

from einvoice_cli.model.fields import bg, bt
from einvoice_cli.model.values import Amount, BinaryObject, Percentage


@dataclass(frozen=True, slots=True)
class CreditTransfer:
    """BG-17 CREDIT TRANSFER."""

    account_identifier: str | None = bt("BT-84", "Payment account identifier", None)
    account_name: str | None = bt("BT-85", "Payment account name", None)
    service_provider: str | None = bt("BT-86", "Payment service provider identifier", None)


@dataclass(frozen=True, slots=True)
class PaymentCard:
    """BG-18 PAYMENT CARD INFORMATION."""

    primary_account_number: str | None = bt("BT-87", "Payment card primary account number", None)
    holder_name: str | None = bt("BT-88", "Payment card holder name", None)


@dataclass(frozen=True, slots=True)
class DirectDebit:
    """BG-19 DIRECT DEBIT."""

    mandate_reference: str | None = bt("BT-89", "Mandate reference identifier", None)
    creditor_identifier: str | None = bt("BT-90", "Bank assigned creditor identifier", None)
    debited_account: str | None = bt("BT-91", "Debited account identifier", None)


@dataclass(frozen=True, slots=True)
class PaymentInstructions:
    """BG-16 PAYMENT INSTRUCTIONS."""

    means_code: str | None = bt("BT-81", "Payment means type code", None)
    means_text: str | None = bt("BT-82", "Payment means text", None)
    remittance_information: str | None = bt("BT-83", "Remittance information", None)
    credit_transfers: tuple[CreditTransfer, ...] = bg("BG-17", "CREDIT TRANSFER", ())
    card: PaymentCard | None = bg("BG-18", "PAYMENT CARD INFORMATION", None)
    direct_debit: DirectDebit | None = bg("BG-19", "DIRECT DEBIT", None)


@dataclass(frozen=True, slots=True)
class DocumentAllowanceCharge:
    """The shape document level allowances and charges share; use one of the subclasses."""

    amount: Amount | None = None
    base_amount: Amount | None = None
    percentage: Percentage | None = None
    vat_category_code: str | None = None
    vat_rate: Percentage | None = None
    reason: str | None = None
    reason_code: str | None = None


@dataclass(frozen=True, slots=True)
class DocumentAllowance(DocumentAllowanceCharge):
    """BG-20 DOCUMENT LEVEL ALLOWANCES."""

    amount: Amount | None = bt("BT-92", "Document level allowance amount", None)
    base_amount: Amount | None = bt("BT-93", "Document level allowance base amount", None)
    percentage: Percentage | None = bt("BT-94", "Document level allowance percentage", None)
    vat_category_code: str | None = bt("BT-95", "Document level allowance VAT category code", None)
    vat_rate: Percentage | None = bt("BT-96", "Document level allowance VAT rate", None)
    reason: str | None = bt("BT-97", "Document level allowance reason", None)
    reason_code: str | None = bt("BT-98", "Document level allowance reason code", None)


@dataclass(frozen=True, slots=True)
class DocumentCharge(DocumentAllowanceCharge):
    """BG-21 DOCUMENT LEVEL CHARGES."""

    amount: Amount | None = bt("BT-99", "Document level charge amount", None)
    base_amount: Amount | None = bt("BT-100", "Document level charge base amount", None)
    percentage: Percentage | None = bt("BT-101", "Document level charge percentage", None)
    vat_category_code: str | None = bt("BT-102", "Document level charge VAT category code", None)
    vat_rate: Percentage | None = bt("BT-103", "Document level charge VAT rate", None)
    reason: str | None = bt("BT-104", "Document level charge reason", None)
    reason_code: str | None = bt("BT-105", "Document level charge reason code", None)


@dataclass(frozen=True, slots=True)
class DocumentTotals:
    """BG-22 DOCUMENT TOTALS."""

    line_net_total: Amount | None = bt("BT-106", "Sum of Invoice line net amount", None)
    allowance_total: Amount | None = bt("BT-107", "Sum of allowances on document level", None)
    charge_total: Amount | None = bt("BT-108", "Sum of charges on document level", None)
    total_without_vat: Amount | None = bt("BT-109", "Invoice total amount without VAT", None)
    vat_total: Amount | None = bt("BT-110", "Invoice total VAT amount", None)
    vat_total_accounting_currency: Amount | None = bt(
        "BT-111", "Invoice total VAT amount in accounting currency", None
    )
    total_with_vat: Amount | None = bt("BT-112", "Invoice total amount with VAT", None)
    paid_amount: Amount | None = bt("BT-113", "Paid amount", None)
    rounding_amount: Amount | None = bt("BT-114", "Rounding amount", None)
    amount_due: Amount | None = bt("BT-115", "Amount due for payment", None)


@dataclass(frozen=True, slots=True)
class VatBreakdown:
    """BG-23 VAT BREAKDOWN."""

    taxable_amount: Amount | None = bt("BT-116", "VAT category taxable amount", None)
    tax_amount: Amount | None = bt("BT-117", "VAT category tax amount", None)
    category_code: str | None = bt("BT-118", "VAT category code", None)
    rate: Percentage | None = bt("BT-119", "VAT category rate", None)
    exemption_reason: str | None = bt("BT-120", "VAT exemption reason text", None)
    exemption_reason_code: str | None = bt("BT-121", "VAT exemption reason code", None)


@dataclass(frozen=True, slots=True)
class SupportingDocument:
    """BG-24 ADDITIONAL SUPPORTING DOCUMENTS."""

    reference: str | None = bt("BT-122", "Supporting document reference", None)
    description: str | None = bt("BT-123", "Supporting document description", None)
    external_location: str | None = bt("BT-124", "External document location", None)
    attachment: BinaryObject | None = bt("BT-125", "Attached document", None)


@dataclass(frozen=True, slots=True)
class ThirdPartyPayment:
    """BG-DEX-09 THIRD PARTY PAYMENT (XRechnung extension): a gross amount a third party claims.

    BR-DEX-09 adds these amounts to the amount due for payment (BT-115).
    """

    type: str | None = bt("BT-DEX-001", "Third party payment type", None)
    amount: Amount | None = bt("BT-DEX-002", "Third party payment amount", None)
    description: str | None = bt("BT-DEX-003", "Third party payment description", None)
