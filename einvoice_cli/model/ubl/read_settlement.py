"""Read payment and amounts of a UBL invoice: BG-16 to BG-23 (EN 16931-3-2)."""

from __future__ import annotations

from typing import TypeVar

from einvoice_cli.model.fields import terms_of
from einvoice_cli.model.semantic import (
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
from einvoice_cli.model.ubl.read_base import UblReading
from einvoice_cli.model.ubl.syntax import CARD_NETWORK_PLACEHOLDERS, VAT
from einvoice_cli.model.xmlread import Element, element_text, group, present, split_by_indicator

_DocAC = TypeVar("_DocAC", bound=DocumentAllowanceCharge)


class UblSettlementReading(UblReading):
    """Payment instructions, document level allowances and charges, totals, VAT breakdown."""

    def payment_instructions(self, means: list[Element]) -> PaymentInstructions | None:
        """BG-16 folded from every ``cac:PaymentMeans``, one BG-17 per payee account."""
        r = self.r
        code = self.r.first_of(means, "cbc:PaymentMeansCode", term="BT-81")
        means_text: str | None = None
        for element in means:
            found = self.r.peek_path(element, "cbc:PaymentMeansCode")
            name = None if found is None else found.get("name")
            if found is not None and name is not None and means_text in (None, name):
                means_text = r.attribute(found, "name")
        cards = [c for e in means for c in r.peek(e, "cac:CardAccount")]
        card = r.use(cards[0]) if cards else None
        if card is not None:
            network = self.r.peek_path(card, "cbc:NetworkID")
            if network is not None and element_text(network).strip() in CARD_NETWORK_PLACEHOLDERS:
                r.use(network)
        mandates = [m for e in means for m in r.peek(e, "cac:PaymentMandate")]
        mandate = r.use(mandates[0]) if mandates else None
        remittance = self.r.first_of(means, "cbc:PaymentID", term="BT-83")
        return group(
            PaymentInstructions,
            means_code=None if code is None else element_text(code).strip(),
            means_text=means_text,
            remittance_information=None if remittance is None else element_text(remittance),
            credit_transfers=present(
                self.credit_transfer(r.one(e, "cac:PayeeFinancialAccount")) for e in means
            ),
            card=group(
                PaymentCard,
                primary_account_number=r.code(card, "cbc:PrimaryAccountNumberID"),
                holder_name=r.text(card, "cbc:HolderName"),
            ),
            direct_debit=group(
                DirectDebit,
                mandate_reference=r.code(mandate, "cbc:ID"),
                creditor_identifier=self.creditor_identifier,
                debited_account=r.code(mandate, "cac:PayerFinancialAccount", "cbc:ID"),
            ),
        )

    def credit_transfer(self, account: Element | None) -> CreditTransfer | None:
        """BG-17 from a ``cac:PayeeFinancialAccount``."""
        r = self.r
        return group(
            CreditTransfer,
            account_identifier=r.code(account, "cbc:ID"),
            account_name=r.text(account, "cbc:Name"),
            service_provider=r.code(account, "cac:FinancialInstitutionBranch", "cbc:ID"),
        )

    def document_allowance_charges(
        self, root: Element
    ) -> tuple[tuple[DocumentAllowance, ...], tuple[DocumentCharge, ...]]:
        """BG-20 and BG-21: the ``cac:AllowanceCharge``s by charge indicator."""
        return split_by_indicator(
            self.r.peek(root, "cac:AllowanceCharge"),
            lambda element: self.indicator(element, "BG-20"),
            lambda element: self.document_allowance_charge(element, DocumentAllowance),
            lambda element: self.document_allowance_charge(element, DocumentCharge),
        )

    def document_allowance_charge(self, element: Element, cls: type[_DocAC]) -> _DocAC | None:
        """One document level allowance or charge."""
        r, terms = self.r, terms_of(cls)
        category = r.one(r.use(element), "cac:TaxCategory")
        r.fixed(category, ("cac:TaxScheme", "cbc:ID"), VAT)
        return group(
            cls,
            amount=self.amount(element, "cbc:Amount", terms["amount"]),
            base_amount=self.amount(element, "cbc:BaseAmount", terms["base_amount"]),
            percentage=r.percentage(
                r.one(element, "cbc:MultiplierFactorNumeric"), terms["percentage"]
            ),
            vat_category_code=r.code(category, "cbc:ID"),
            vat_rate=r.percentage(r.one(category, "cbc:Percent"), terms["vat_rate"]),
            reason=r.text(element, "cbc:AllowanceChargeReason"),
            reason_code=r.code(element, "cbc:AllowanceChargeReasonCode"),
        )

    def totals(self, root: Element) -> DocumentTotals | None:
        """BG-22 from ``cac:LegalMonetaryTotal`` and the ``cac:TaxTotal`` amounts."""
        r = self.r
        tax_totals = r.peek(root, "cac:TaxTotal")
        main, accounting = self.split_tax_totals(tax_totals)
        total = r.one(root, "cac:LegalMonetaryTotal")
        return group(
            DocumentTotals,
            line_net_total=self.amount(total, "cbc:LineExtensionAmount", "BT-106"),
            allowance_total=self.amount(total, "cbc:AllowanceTotalAmount", "BT-107"),
            charge_total=self.amount(total, "cbc:ChargeTotalAmount", "BT-108"),
            total_without_vat=self.amount(total, "cbc:TaxExclusiveAmount", "BT-109"),
            vat_total=self.amount(main, "cbc:TaxAmount", "BT-110"),
            vat_total_accounting_currency=self.amount(
                accounting, "cbc:TaxAmount", "BT-111", self.tax_currency
            ),
            total_with_vat=self.amount(total, "cbc:TaxInclusiveAmount", "BT-112"),
            paid_amount=self.amount(total, "cbc:PrepaidAmount", "BT-113"),
            rounding_amount=self.amount(total, "cbc:PayableRoundingAmount", "BT-114"),
            amount_due=self.amount(total, "cbc:PayableAmount", "BT-115"),
        )

    def split_tax_totals(self, tax_totals: list[Element]) -> tuple[Element | None, Element | None]:
        """The ``cac:TaxTotal`` of BT-110 (the one with the VAT breakdown, else the first in the
        invoice currency) and the one of BT-111 (another one in the VAT accounting currency)."""

        def currency(element: Element) -> str | None:
            found = self.r.peek_path(element, "cbc:TaxAmount")
            value = None if found is None else found.get("currencyID")
            return None if value is None else value.strip()

        main = next((t for t in tax_totals if self.r.peek(t, "cac:TaxSubtotal")), None)
        if main is None:
            main = next((t for t in tax_totals if currency(t) == self.currency), None)
        rest = [t for t in tax_totals if t is not main]
        accounting = None
        if self.tax_currency is not None:
            accounting = next((t for t in rest if currency(t) == self.tax_currency.strip()), None)
        return (
            None if main is None else self.r.use(main),
            None if accounting is None else self.r.use(accounting),
        )

    def vat_breakdown(self, root: Element) -> tuple[VatBreakdown, ...]:
        """BG-23 from the ``cac:TaxSubtotal``s of the BT-110 ``cac:TaxTotal``."""
        r = self.r
        main = next((t for t in r.peek(root, "cac:TaxTotal") if r.is_used(t)), None)
        out = []
        for element in r.every(main, "cac:TaxSubtotal"):
            category = r.one(element, "cac:TaxCategory")
            r.fixed(category, ("cac:TaxScheme", "cbc:ID"), VAT)
            out.append(
                group(
                    VatBreakdown,
                    taxable_amount=self.amount(element, "cbc:TaxableAmount", "BT-116"),
                    tax_amount=self.amount(element, "cbc:TaxAmount", "BT-117"),
                    category_code=r.code(category, "cbc:ID"),
                    rate=r.percentage(r.one(category, "cbc:Percent"), "BT-119"),
                    exemption_reason=r.text(category, "cbc:TaxExemptionReason"),
                    exemption_reason_code=r.code(category, "cbc:TaxExemptionReasonCode"),
                )
            )
        return present(out)
