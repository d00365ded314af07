"""Write payment and amounts as CII: BG-16 to BG-23 (EN 16931-3-3)."""

from __future__ import annotations

import re

from einvoice_cli.model.cii.syntax import DATE_FORMAT, VAT, VAT_POINT_CODE_TO_CII, format_date
from einvoice_cli.model.cii.write_base import CiiWriting
from einvoice_cli.model.loss import Loss
from einvoice_cli.model.semantic import (
    CreditTransfer,
    DocumentAllowanceCharge,
    DocumentCharge,
    DocumentTotals,
    Payee,
    PaymentInstructions,
    VatBreakdown,
)
from einvoice_cli.model.xmlwrite import Element, has_any

# BT-84 is an IBAN (ram:IBANID) or a proprietary account identifier (ram:ProprietaryID).
_IBAN = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")


class CiiSettlementWriting(CiiWriting):
    """The header trade settlement."""

    def settlement(self, element: Element) -> None:
        """The header trade settlement: payment, VAT, period, allowances, terms, totals."""
        inv, b = self.inv, self.b
        payment = inv.payment_instructions or PaymentInstructions()
        debit = payment.direct_debit
        b.text(
            element, "ram:CreditorReferenceID", None if debit is None else debit.creditor_identifier
        )
        b.text(element, "ram:PaymentReference", payment.remittance_information)
        b.text(element, "ram:TaxCurrencyCode", inv.vat_accounting_currency_code)
        b.text(element, "ram:InvoiceCurrencyCode", inv.currency_code)
        if inv.payee is not None:
            self.payee(b.add(element, "ram:PayeeTradeParty"), inv.payee)
        if inv.payment_instructions is not None:
            self.payment_means(element, payment)
        self.vat_breakdown(element)
        delivery = inv.delivery
        period = None if delivery is None else delivery.invoicing_period
        if period is not None:
            billing = b.add(element, "ram:BillingSpecifiedPeriod")
            self.date_at(billing, "ram:StartDateTime", period.start)
            self.date_at(billing, "ram:EndDateTime", period.end)
        for allowance_charge in (*inv.allowances, *inv.charges):
            self.allowance_charge(
                b.add(element, "ram:SpecifiedTradeAllowanceCharge"), allowance_charge
            )
        mandate = None if debit is None else debit.mandate_reference
        if has_any(inv.payment_terms, inv.due_date, mandate):
            terms = b.add(element, "ram:SpecifiedTradePaymentTerms")
            b.text(terms, "ram:Description", inv.payment_terms)
            self.date_at(terms, "ram:DueDateDateTime", inv.due_date)
            b.text(terms, "ram:DirectDebitMandateID", mandate)
        self.totals(
            b.add(element, "ram:SpecifiedTradeSettlementHeaderMonetarySummation"),
            inv.totals or DocumentTotals(),
        )
        for index, preceding in enumerate(inv.preceding_invoices, start=1):
            if index > 1:
                self.losses.append(
                    Loss(
                        f"BG-3[{index}]",
                        "BG-3",
                        "CII D16B holds one preceding invoice reference "
                        "(ram:InvoiceReferencedDocument occurs at most once)",
                    )
                )
                continue
            reference = b.add(element, "ram:InvoiceReferencedDocument")
            b.add(reference, "ram:IssuerAssignedID", preceding.reference or "")
            self.date_at(reference, "ram:FormattedIssueDateTime", preceding.issue_date, "qdt")
        if inv.buyer_accounting_reference is not None:
            account = b.add(element, "ram:ReceivableSpecifiedTradeAccountingAccount")
            b.add(account, "ram:ID", inv.buyer_accounting_reference)

    def payment_means(self, settlement: Element, payment: PaymentInstructions) -> None:
        """One ``ram:SpecifiedTradeSettlementPaymentMeans`` per credit transfer account; the
        means text, card and debited account in the first."""
        b = self.b
        transfers: tuple[CreditTransfer | None, ...] = payment.credit_transfers or (None,)
        debit = payment.direct_debit
        for index, transfer in enumerate(transfers):
            element = b.add(settlement, "ram:SpecifiedTradeSettlementPaymentMeans")
            b.text(element, "ram:TypeCode", payment.means_code)
            if index == 0:
                b.text(element, "ram:Information", payment.means_text)
            if index == 0 and payment.card is not None:
                card = b.add(element, "ram:ApplicableTradeSettlementFinancialCard")
                b.text(card, "ram:ID", payment.card.primary_account_number)
                b.text(card, "ram:CardholderName", payment.card.holder_name)
            if index == 0 and debit is not None and debit.debited_account is not None:
                account = b.add(element, "ram:PayerPartyDebtorFinancialAccount")
                b.add(account, "ram:IBANID", debit.debited_account)
            if transfer is not None:
                self.credit_transfer(element, transfer)

    def credit_transfer(self, means: Element, transfer: CreditTransfer) -> None:
        """BG-17: BT-84 as ``ram:IBANID`` when it has an IBAN's form, else ``ram:ProprietaryID``."""
        b = self.b
        identifier = transfer.account_identifier
        if has_any(identifier, transfer.account_name):
            account = b.add(means, "ram:PayeePartyCreditorFinancialAccount")
            is_iban = identifier is not None and _IBAN.fullmatch("".join(identifier.split()))
            if is_iban:
                b.text(account, "ram:IBANID", identifier)
            b.text(account, "ram:AccountName", transfer.account_name)
            if not is_iban:
                b.text(account, "ram:ProprietaryID", identifier)
        if transfer.service_provider is not None:
            institution = b.add(means, "ram:PayeeSpecifiedCreditorFinancialInstitution")
            b.add(institution, "ram:BICID", transfer.service_provider)

    def vat_breakdown(self, settlement: Element) -> None:
        """BG-23; the tax point date (BT-7) goes into the first breakdown only (CII-SR-461
        allows one ``ram:TaxPointDate``), its code (BT-8) into every one (CII-SR-462 allows
        repeats of one value)."""
        inv, b = self.inv, self.b
        code = inv.vat_point_date_code
        cii_code = None if code is None else VAT_POINT_CODE_TO_CII.get(code.strip())
        if code is not None and cii_code is None:
            self.losses.append(
                Loss("BT-8", "BT-8", f"code {code!r} has no UNTDID 2475 counterpart in CII")
            )
        if not inv.vat_breakdown and has_any(inv.vat_point_date, cii_code):
            self.losses.append(
                Loss("BT-7", "BT-7", "CII holds BT-7 and BT-8 only in a VAT breakdown (BG-23)")
            )
        for index, breakdown in enumerate(inv.vat_breakdown):
            tax = b.add(settlement, "ram:ApplicableTradeTax")
            self.breakdown(tax, breakdown, cii_code, with_point_date=index == 0)

    def breakdown(
        self, tax: Element, breakdown: VatBreakdown, cii_code: str | None, *, with_point_date: bool
    ) -> None:
        """One BG-23 as a header ``ram:ApplicableTradeTax``."""
        b = self.b
        b.amount(tax, "ram:CalculatedAmount", breakdown.tax_amount)
        b.add(tax, "ram:TypeCode", VAT)
        b.text(tax, "ram:ExemptionReason", breakdown.exemption_reason)
        b.amount(tax, "ram:BasisAmount", breakdown.taxable_amount)
        b.text(tax, "ram:CategoryCode", breakdown.category_code)
        b.text(tax, "ram:ExemptionReasonCode", breakdown.exemption_reason_code)
        if with_point_date and self.inv.vat_point_date is not None:
            point = b.add(tax, "ram:TaxPointDate")
            b.add(point, "udt:DateString", format_date(self.inv.vat_point_date), format=DATE_FORMAT)
        b.text(tax, "ram:DueDateTypeCode", cii_code)
        b.amount(tax, "ram:RateApplicablePercent", breakdown.rate)

    def allowance_charge(self, element: Element, item: DocumentAllowanceCharge) -> None:
        """One document level allowance or charge (BG-20, BG-21)."""
        b = self.b
        indicator = b.add(element, "ram:ChargeIndicator")
        b.add(indicator, "udt:Indicator", "true" if isinstance(item, DocumentCharge) else "false")
        b.amount(element, "ram:CalculationPercent", item.percentage)
        b.amount(element, "ram:BasisAmount", item.base_amount)
        b.amount(element, "ram:ActualAmount", item.amount)
        b.text(element, "ram:ReasonCode", item.reason_code)
        b.text(element, "ram:Reason", item.reason)
        self.trade_tax(element, "ram:CategoryTradeTax", item.vat_category_code, item.vat_rate)

    def totals(self, element: Element, totals: DocumentTotals) -> None:
        """BG-22; BT-110 and BT-111 name their currencies (BR-53, BR-DEC-13/15)."""
        b, inv = self.b, self.inv
        b.amount(element, "ram:LineTotalAmount", totals.line_net_total)
        b.amount(element, "ram:ChargeTotalAmount", totals.charge_total)
        b.amount(element, "ram:AllowanceTotalAmount", totals.allowance_total)
        b.amount(element, "ram:TaxBasisTotalAmount", totals.total_without_vat)
        b.amount(element, "ram:TaxTotalAmount", totals.vat_total, currencyID=inv.currency_code)
        accounting = totals.vat_total_accounting_currency
        if accounting is not None and inv.vat_accounting_currency_code is None:
            self.losses.append(
                Loss("BG-22/BT-111", "BT-111", "no VAT accounting currency (BT-6) to name")
            )
        elif accounting is not None:
            b.amount(
                element,
                "ram:TaxTotalAmount",
                accounting,
                currencyID=inv.vat_accounting_currency_code,
            )
        b.amount(element, "ram:RoundingAmount", totals.rounding_amount)
        b.amount(element, "ram:GrandTotalAmount", totals.total_with_vat)
        b.amount(element, "ram:TotalPrepaidAmount", totals.paid_amount)
        b.amount(element, "ram:DuePayableAmount", totals.amount_due)

    def payee(self, party: Element, payee: Payee) -> None:
        """BG-10 as ``ram:PayeeTradeParty``."""
        self.identifier_party(party, payee.identifier)
        self.b.text(party, "ram:Name", payee.name)
        if payee.legal_registration is not None:
            legal = self.b.add(party, "ram:SpecifiedLegalOrganization")
            self.b.identifier(legal, "ram:ID", payee.legal_registration)
