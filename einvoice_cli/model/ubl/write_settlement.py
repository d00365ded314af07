"""Write payment and amounts as UBL: BG-16 to BG-23 and BG-DEX-09 (EN 16931-3-2)."""

from __future__ import annotations

from decimal import Decimal

from einvoice_cli.model.loss import Loss
from einvoice_cli.model.semantic import (
    Amount,
    DirectDebit,
    DocumentAllowanceCharge,
    DocumentCharge,
    DocumentTotals,
    VatBreakdown,
)
from einvoice_cli.model.ubl.write_base import AddChild, UblWriting
from einvoice_cli.model.xmlwrite import Element, has_any, iso_date

_NETWORK_PLACEHOLDER = "NA"  # the reader takes it back as empty (syntax.CARD_NETWORK_PLACEHOLDERS)


class UblSettlementWriting(UblWriting):
    """Payment means, third party payments, allowances and charges, tax totals, totals."""

    def payment_means(self, add: AddChild) -> None:
        """BG-16 as one ``cac:PaymentMeans`` per credit transfer account."""
        b, inv, doc = self.b, self.inv, self.doc
        payment = inv.payment_instructions
        due_date = inv.due_date if doc.due_date_in_payment_means else None
        if payment is None:
            if due_date is not None:
                self.losses.append(
                    Loss(
                        "BT-9",
                        "BT-9",
                        "a UBL CreditNote holds the due date only in a "
                        "cac:PaymentMeans, which needs payment instructions (BG-16)",
                    )
                )
            return
        transfers = payment.credit_transfers or (None,)
        for index, transfer in enumerate(transfers):
            element = add("cac:PaymentMeans")
            b.add(
                element,
                "cbc:PaymentMeansCode",
                payment.means_code or "",
                name=payment.means_text if index == 0 else None,
            )
            if index == 0 and due_date is not None:
                b.add(element, "cbc:PaymentDueDate", iso_date(due_date))
            b.text(element, "cbc:PaymentID", payment.remittance_information)
            if index == 0 and payment.card is not None:
                card = b.add(element, "cac:CardAccount")
                b.add(card, "cbc:PrimaryAccountNumberID", payment.card.primary_account_number or "")
                b.add(card, "cbc:NetworkID", _NETWORK_PLACEHOLDER)
                b.text(card, "cbc:HolderName", payment.card.holder_name)
            if transfer is not None:
                account = b.add(element, "cac:PayeeFinancialAccount")
                b.text(account, "cbc:ID", transfer.account_identifier)
                b.text(account, "cbc:Name", transfer.account_name)
                if transfer.service_provider is not None:
                    branch = b.add(account, "cac:FinancialInstitutionBranch")
                    b.add(branch, "cbc:ID", transfer.service_provider)
            if index == 0:
                self.mandate(element, payment.direct_debit)

    def mandate(self, means: Element, debit: DirectDebit | None) -> None:
        """BG-19 (without BT-90) as ``cac:PaymentMandate``."""
        if debit is None or not has_any(debit.mandate_reference, debit.debited_account):
            return
        b = self.b
        mandate = b.add(means, "cac:PaymentMandate")
        b.text(mandate, "cbc:ID", debit.mandate_reference)
        if debit.debited_account is not None:
            b.add(b.add(mandate, "cac:PayerFinancialAccount"), "cbc:ID", debit.debited_account)

    def third_party_payments(self, add: AddChild) -> None:
        """BG-DEX-09 as ``cac:PrepaidPayment``; a CreditNote has none."""
        for index, payment in enumerate(self.inv.third_party_payments, start=1):
            if not self.doc.prepaid_payment:
                self.losses.append(
                    Loss(
                        f"BG-DEX-09[{index}]",
                        "BG-DEX-09",
                        f"a UBL {self.doc.root} has no cac:PrepaidPayment for the third party "
                        "payment",
                    )
                )
                continue
            element = add("cac:PrepaidPayment")
            self.b.text(element, "cbc:ID", payment.type)
            self.money(element, "cbc:PaidAmount", payment.amount)
            self.b.text(element, "cbc:InstructionID", payment.description)

    def document_allowance_charge(self, element: Element, item: DocumentAllowanceCharge) -> None:
        """One document level allowance or charge (BG-20, BG-21)."""
        b = self.b
        b.add(
            element, "cbc:ChargeIndicator", "true" if isinstance(item, DocumentCharge) else "false"
        )
        b.text(element, "cbc:AllowanceChargeReasonCode", item.reason_code)
        b.text(element, "cbc:AllowanceChargeReason", item.reason)
        b.amount(element, "cbc:MultiplierFactorNumeric", item.percentage)
        self.money(element, "cbc:Amount", item.amount)
        self.money(element, "cbc:BaseAmount", item.base_amount)
        if has_any(item.vat_category_code, item.vat_rate):
            category = b.add(element, "cac:TaxCategory")
            b.text(category, "cbc:ID", item.vat_category_code)
            b.amount(category, "cbc:Percent", item.vat_rate)
            self.tax_scheme(category)

    def tax_totals(self, add: AddChild) -> None:
        """BT-110 with the VAT breakdown, and BT-111 in the VAT accounting currency."""
        inv = self.inv
        totals = inv.totals or DocumentTotals()
        if totals.vat_total is not None or inv.vat_breakdown:
            element = add("cac:TaxTotal")
            vat_total = totals.vat_total
            if vat_total is None:
                # cbc:TaxAmount is mandatory in cac:TaxTotal although BT-110 is optional; the
                # value BR-CO-14 demands for it is the sum of the VAT category tax amounts.
                vat_total = Amount(
                    sum((v.tax_amount.value for v in inv.vat_breakdown if v.tax_amount), Decimal(0))
                )
            self.money(element, "cbc:TaxAmount", vat_total)
            for breakdown in inv.vat_breakdown:
                self.vat_breakdown(self.b.add(element, "cac:TaxSubtotal"), breakdown)
        accounting = totals.vat_total_accounting_currency
        if accounting is not None:
            currency = inv.vat_accounting_currency_code
            if currency is None:
                self.losses.append(
                    Loss("BG-22/BT-111", "BT-111", "no VAT accounting currency (BT-6) to name")
                )
            else:
                self.money(add("cac:TaxTotal"), "cbc:TaxAmount", accounting, currency)

    def vat_breakdown(self, element: Element, breakdown: VatBreakdown) -> None:
        """One BG-23 as ``cac:TaxSubtotal``."""
        b = self.b
        self.money(element, "cbc:TaxableAmount", breakdown.taxable_amount)
        self.money(element, "cbc:TaxAmount", breakdown.tax_amount)
        category = b.add(element, "cac:TaxCategory")
        b.text(category, "cbc:ID", breakdown.category_code)
        b.amount(category, "cbc:Percent", breakdown.rate)
        b.text(category, "cbc:TaxExemptionReasonCode", breakdown.exemption_reason_code)
        b.text(category, "cbc:TaxExemptionReason", breakdown.exemption_reason)
        self.tax_scheme(category)

    def monetary_total(self, element: Element, totals: DocumentTotals | None) -> None:
        """BG-22 as ``cac:LegalMonetaryTotal``."""
        if totals is None:
            return
        for name, value in (
            ("cbc:LineExtensionAmount", totals.line_net_total),
            ("cbc:TaxExclusiveAmount", totals.total_without_vat),
            ("cbc:TaxInclusiveAmount", totals.total_with_vat),
            ("cbc:AllowanceTotalAmount", totals.allowance_total),
            ("cbc:ChargeTotalAmount", totals.charge_total),
            ("cbc:PrepaidAmount", totals.paid_amount),
            ("cbc:PayableRoundingAmount", totals.rounding_amount),
            ("cbc:PayableAmount", totals.amount_due),
        ):
            self.money(element, name, value)
