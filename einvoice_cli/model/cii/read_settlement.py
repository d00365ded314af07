"""Read payment and amounts of a CII invoice: BG-16 to BG-23 (EN 16931-3-3)."""

from __future__ import annotations

from typing import TypeVar

from einvoice_cli.model.cii.read_base import CiiReading
from einvoice_cli.model.fields import terms_of
from einvoice_cli.model.semantic import (
    Amount,
    CreditTransfer,
    DirectDebit,
    DocumentAllowance,
    DocumentAllowanceCharge,
    DocumentCharge,
    DocumentTotals,
    PaymentCard,
    PaymentInstructions,
    VatBreakdown,
)
from einvoice_cli.model.xmlread import Element, element_text, group, present, split_by_indicator

_DocAC = TypeVar("_DocAC", bound=DocumentAllowanceCharge)


class CiiSettlementReading(CiiReading):
    """Payment instructions, document level allowances and charges, totals, VAT breakdown."""

    def payment_instructions(
        self, settlement: Element | None, terms: list[Element]
    ) -> PaymentInstructions | None:
        """BG-16 folded from every payment means, with BG-19 from the terms."""
        r = self.r
        means = r.every(settlement, "ram:SpecifiedTradeSettlementPaymentMeans")
        code = r.first_of(means, "ram:TypeCode", term="BT-81")
        text = r.first_of(means, "ram:Information", term="BT-82")
        cards = [c for e in means for c in r.peek(e, "ram:ApplicableTradeSettlementFinancialCard")]
        card = r.use(cards[0]) if cards else None
        mandate = r.first_of(terms, "ram:DirectDebitMandateID", term="BT-89")
        debited = r.first_of(
            means, "ram:PayerPartyDebtorFinancialAccount", "ram:IBANID", term="BT-91"
        )
        return group(
            PaymentInstructions,
            means_code=None if code is None else element_text(code).strip(),
            means_text=None if text is None else element_text(text),
            remittance_information=r.text(settlement, "ram:PaymentReference"),
            credit_transfers=present(self.credit_transfer(e) for e in means),
            card=group(
                PaymentCard,
                primary_account_number=r.code(card, "ram:ID"),
                holder_name=r.text(card, "ram:CardholderName"),
            ),
            direct_debit=group(
                DirectDebit,
                mandate_reference=None if mandate is None else element_text(mandate).strip(),
                creditor_identifier=r.code(settlement, "ram:CreditorReferenceID"),
                debited_account=None if debited is None else element_text(debited).strip(),
            ),
        )

    def credit_transfer(self, means: Element) -> CreditTransfer | None:
        """BG-17: the account is ``ram:IBANID`` or else ``ram:ProprietaryID`` (BR-CO-27)."""
        r = self.r
        account = r.one(means, "ram:PayeePartyCreditorFinancialAccount")
        identifier = r.code(account, "ram:IBANID")
        if identifier is None:
            identifier = r.code(account, "ram:ProprietaryID")
        return group(
            CreditTransfer,
            account_identifier=identifier,
            account_name=r.text(account, "ram:AccountName"),
            service_provider=r.code(
                means, "ram:PayeeSpecifiedCreditorFinancialInstitution", "ram:BICID"
            ),
        )

    def document_allowance_charges(
        self, settlement: Element | None
    ) -> tuple[tuple[DocumentAllowance, ...], tuple[DocumentCharge, ...]]:
        """BG-20 and BG-21 by charge indicator."""
        return split_by_indicator(
            self.r.peek(settlement, "ram:SpecifiedTradeAllowanceCharge"),
            lambda element: self.indicator(element, "BG-20"),
            lambda element: self.document_allowance_charge(element, DocumentAllowance),
            lambda element: self.document_allowance_charge(element, DocumentCharge),
        )

    def document_allowance_charge(self, element: Element, cls: type[_DocAC]) -> _DocAC | None:
        """One document level allowance or charge."""
        r, terms = self.r, terms_of(cls)
        tax = r.one(r.use(element), "ram:CategoryTradeTax")
        self.vat_type(tax)
        return group(
            cls,
            amount=self.amount(element, "ram:ActualAmount", terms["amount"]),
            base_amount=self.amount(element, "ram:BasisAmount", terms["base_amount"]),
            percentage=r.percentage(r.one(element, "ram:CalculationPercent"), terms["percentage"]),
            vat_category_code=r.code(tax, "ram:CategoryCode"),
            vat_rate=r.percentage(r.one(tax, "ram:RateApplicablePercent"), terms["vat_rate"]),
            reason=r.text(element, "ram:Reason"),
            reason_code=r.code(element, "ram:ReasonCode"),
        )

    def totals(self, summation: Element | None) -> DocumentTotals | None:
        """BG-22 from the header monetary summation."""
        vat_total, accounting = self.tax_total_amounts(summation)
        return group(
            DocumentTotals,
            line_net_total=self.amount(summation, "ram:LineTotalAmount", "BT-106"),
            allowance_total=self.amount(summation, "ram:AllowanceTotalAmount", "BT-107"),
            charge_total=self.amount(summation, "ram:ChargeTotalAmount", "BT-108"),
            total_without_vat=self.amount(summation, "ram:TaxBasisTotalAmount", "BT-109"),
            vat_total=vat_total,
            vat_total_accounting_currency=accounting,
            total_with_vat=self.amount(summation, "ram:GrandTotalAmount", "BT-112"),
            paid_amount=self.amount(summation, "ram:TotalPrepaidAmount", "BT-113"),
            rounding_amount=self.amount(summation, "ram:RoundingAmount", "BT-114"),
            amount_due=self.amount(summation, "ram:DuePayableAmount", "BT-115"),
        )

    def tax_total_amounts(self, summation: Element | None) -> tuple[Amount | None, Amount | None]:
        """BT-110 and BT-111: the ``ram:TaxTotalAmount``s in the invoice currency (or without
        a currency) and in the VAT accounting currency (BR-53, BR-DEC-13/15)."""
        r = self.r
        main: Element | None = None
        accounting: Element | None = None
        for element in r.peek(summation, "ram:TaxTotalAmount"):
            currency = (element.get("currencyID") or "").strip() or None
            if main is None and currency in (None, self.currency):
                main = element
                r.attribute_equal(element, "currencyID", self.currency)
            elif accounting is None and self.tax_currency and currency == self.tax_currency:
                accounting = element
                r.attribute_equal(element, "currencyID", self.tax_currency)
        return r.amount(main, "BT-110"), r.amount(accounting, "BT-111")

    def vat_breakdown(self, tax: Element) -> VatBreakdown | None:
        """BG-23 from one header ``ram:ApplicableTradeTax``."""
        r = self.r
        self.vat_type(tax)
        return group(
            VatBreakdown,
            taxable_amount=self.amount(tax, "ram:BasisAmount", "BT-116"),
            tax_amount=self.amount(tax, "ram:CalculatedAmount", "BT-117"),
            category_code=r.code(tax, "ram:CategoryCode"),
            rate=r.percentage(r.one(tax, "ram:RateApplicablePercent"), "BT-119"),
            exemption_reason=r.text(tax, "ram:ExemptionReason"),
            exemption_reason_code=r.code(tax, "ram:ExemptionReasonCode"),
        )
