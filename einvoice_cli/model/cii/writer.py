"""Write the semantic model as a UN/CEFACT Cross Industry Invoice D16B (EN 16931-3-3 binding).

Elements are written in the order of the CII D16B XSD sequences (CrossIndustryInvoice_100pD16B
and its ReusableAggregateBusinessInformationEntity schema, as published by CEN). What CII cannot
hold is reported as a :class:`Loss`: the XRechnung extension's sub invoice lines (BG-DEX-01,
not supported in CII by XRechnung, BR-DEX-15) and third party payments (BG-DEX-09, bound to UBL
only), and every preceding invoice reference after the first (``ram:InvoiceReferencedDocument``
occurs at most once in D16B).
"""

from __future__ import annotations

import re
from datetime import date

from lxml import etree

from einvoice_cli.model.cii.syntax import (
    DATE_FORMAT,
    INVOICED_OBJECT,
    PREFIXES,
    PROJECT_NAME,
    QDT,
    RAM,
    RSM,
    SUPPORTING_DOCUMENT,
    TAX_REGISTRATION_SCHEME,
    TENDER_OR_LOT,
    UDT,
    VAT,
    VAT_IDENTIFIER_SCHEME,
    VAT_POINT_CODE_TO_CII,
    format_date,
)
from einvoice_cli.model.loss import Loss
from einvoice_cli.model.semantic import (
    Buyer,
    Contact,
    CreditTransfer,
    DocumentAllowanceCharge,
    DocumentCharge,
    DocumentTotals,
    Identifier,
    Invoice,
    InvoiceLine,
    ItemInformation,
    LineAllowanceCharge,
    LineCharge,
    Payee,
    PaymentInstructions,
    Percentage,
    PostalAddress,
    PriceDetails,
    Seller,
    SellerTaxRepresentative,
    VatBreakdown,
)
from einvoice_cli.model.xmlwrite import Builder, Element, has_any

# BT-84 is an IBAN (ram:IBANID) or a proprietary account identifier (ram:ProprietaryID).
_IBAN = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")


def write_cii(invoice: Invoice) -> tuple[etree._ElementTree, tuple[Loss, ...]]:
    """The invoice as a CII D16B document, and what it could not hold."""
    writer = _CiiWriter(invoice)
    root = writer.document()
    return etree.ElementTree(root), tuple(writer.losses)


class _CiiWriter:
    def __init__(self, invoice: Invoice) -> None:
        self.inv = invoice
        self.b = Builder(PREFIXES)
        self.losses: list[Loss] = []

    # -- helpers ----------------------------------------------------------------------------

    def date_at(
        self, parent: Element, name: str, value: date | None, data_type: str = "udt"
    ) -> None:
        """``<name><udt:DateTimeString format="102">CCYYMMDD</…></name>``."""
        if value is not None:
            wrapper = self.b.add(parent, name)
            self.b.add(
                wrapper, f"{data_type}:DateTimeString", format_date(value), format=DATE_FORMAT
            )

    def identifier_party(self, party: Element, identifier: Identifier | None) -> None:
        """A party identifier: ``ram:GlobalID`` with its scheme, ``ram:ID`` without one."""
        if identifier is None:
            return
        if identifier.scheme_id is None:
            self.b.add(party, "ram:ID", identifier.value)
        else:
            self.b.identifier(party, "ram:GlobalID", identifier)

    def tax_registration(self, party: Element, value: str | None, scheme: str) -> None:
        if value is not None:
            self.b.add(
                self.b.add(party, "ram:SpecifiedTaxRegistration"), "ram:ID", value, schemeID=scheme
            )

    def address(self, party: Element, address: PostalAddress | None) -> None:
        if address is None:
            return
        b = self.b
        element = b.add(party, "ram:PostalTradeAddress")
        b.text(element, "ram:PostcodeCode", address.post_code)
        b.text(element, "ram:LineOne", address.line1)
        b.text(element, "ram:LineTwo", address.line2)
        b.text(element, "ram:LineThree", address.line3)
        b.text(element, "ram:CityName", address.city)
        b.text(element, "ram:CountryID", address.country_code)
        b.text(element, "ram:CountrySubDivisionName", address.subdivision)

    def contact(self, party: Element, contact: Contact | None) -> None:
        if contact is None:
            return
        b = self.b
        element = b.add(party, "ram:DefinedTradeContact")
        b.text(element, "ram:PersonName", contact.point)
        if contact.telephone is not None:
            b.add(
                b.add(element, "ram:TelephoneUniversalCommunication"),
                "ram:CompleteNumber",
                contact.telephone,
            )
        if contact.email is not None:
            b.add(b.add(element, "ram:EmailURIUniversalCommunication"), "ram:URIID", contact.email)

    def electronic_address(self, party: Element, address: Identifier | None) -> None:
        if address is not None:
            self.b.identifier(
                self.b.add(party, "ram:URIUniversalCommunication"), "ram:URIID", address
            )

    def trade_tax(
        self, parent: Element, name: str, category: str | None, rate: Percentage | None
    ) -> None:
        """A line or allowance/charge VAT category: type VAT, category code, rate."""
        b = self.b
        tax = b.add(parent, name)
        b.add(tax, "ram:TypeCode", VAT)
        b.text(tax, "ram:CategoryCode", category)
        b.amount(tax, "ram:RateApplicablePercent", rate)

    # -- the document -----------------------------------------------------------------------

    def document(self) -> Element:
        inv, b = self.inv, self.b
        root = b.root("rsm:CrossIndustryInvoice", {"rsm": RSM, "ram": RAM, "qdt": QDT, "udt": UDT})
        context = b.add(root, "rsm:ExchangedDocumentContext")
        control = inv.process_control
        if control is not None and control.business_process is not None:
            b.add(
                b.add(context, "ram:BusinessProcessSpecifiedDocumentContextParameter"),
                "ram:ID",
                control.business_process,
            )
        if control is not None and control.specification is not None:
            b.add(
                b.add(context, "ram:GuidelineSpecifiedDocumentContextParameter"),
                "ram:ID",
                control.specification,
            )
        document = b.add(root, "rsm:ExchangedDocument")
        b.text(document, "ram:ID", inv.number)
        b.text(document, "ram:TypeCode", inv.type_code)
        self.date_at(document, "ram:IssueDateTime", inv.issue_date)
        for note in inv.notes:
            element = b.add(document, "ram:IncludedNote")
            b.text(element, "ram:Content", note.note)
            b.text(element, "ram:SubjectCode", note.subject_code)
        transaction = b.add(root, "rsm:SupplyChainTradeTransaction")
        for index, line in enumerate(inv.lines, start=1):
            self.line(b.add(transaction, "ram:IncludedSupplyChainTradeLineItem"), index, line)
        self.agreement(b.add(transaction, "ram:ApplicableHeaderTradeAgreement"))
        self.delivery(b.add(transaction, "ram:ApplicableHeaderTradeDelivery"))
        self.settlement(b.add(transaction, "ram:ApplicableHeaderTradeSettlement"))
        for index, _payment in enumerate(inv.third_party_payments, start=1):
            self.losses.append(
                Loss(
                    f"BG-DEX-09[{index}]",
                    "BG-DEX-09",
                    "CII has no binding for the XRechnung third party payment (UBL only)",
                )
            )
        return root

    def agreement(self, element: Element) -> None:
        inv, b = self.inv, self.b
        b.text(element, "ram:BuyerReference", inv.buyer_reference)
        self.seller(b.add(element, "ram:SellerTradeParty"), inv.seller or Seller())
        self.buyer(b.add(element, "ram:BuyerTradeParty"), inv.buyer or Buyer())
        if inv.tax_representative is not None:
            self.tax_representative(
                b.add(element, "ram:SellerTaxRepresentativeTradeParty"), inv.tax_representative
            )
        for name, value in (
            ("ram:SellerOrderReferencedDocument", inv.sales_order_reference),
            ("ram:BuyerOrderReferencedDocument", inv.purchase_order_reference),
            ("ram:ContractReferencedDocument", inv.contract_reference),
        ):
            if value is not None:
                b.add(b.add(element, name), "ram:IssuerAssignedID", value)
        for document in inv.supporting_documents:
            reference = b.add(element, "ram:AdditionalReferencedDocument")
            b.add(reference, "ram:IssuerAssignedID", document.reference or "")
            b.text(reference, "ram:URIID", document.external_location)
            b.add(reference, "ram:TypeCode", SUPPORTING_DOCUMENT)
            b.text(reference, "ram:Name", document.description)
            b.binary(reference, "ram:AttachmentBinaryObject", document.attachment)
        if inv.tender_or_lot_reference is not None:
            reference = b.add(element, "ram:AdditionalReferencedDocument")
            b.add(reference, "ram:IssuerAssignedID", inv.tender_or_lot_reference)
            b.add(reference, "ram:TypeCode", TENDER_OR_LOT)
        if inv.invoiced_object_identifier is not None:
            self.invoiced_object(
                b.add(element, "ram:AdditionalReferencedDocument"), inv.invoiced_object_identifier
            )
        if inv.project_reference is not None:
            project = b.add(element, "ram:SpecifiedProcuringProject")
            b.add(project, "ram:ID", inv.project_reference)
            b.add(project, "ram:Name", PROJECT_NAME)

    def invoiced_object(self, reference: Element, identifier: Identifier) -> None:
        """BT-18 or BT-128: type code 130, the scheme in ``ram:ReferenceTypeCode``."""
        b = self.b
        b.add(reference, "ram:IssuerAssignedID", identifier.value)
        b.add(reference, "ram:TypeCode", INVOICED_OBJECT)
        b.text(reference, "ram:ReferenceTypeCode", identifier.scheme_id)

    def seller(self, party: Element, seller: Seller) -> None:
        b = self.b
        for identifier in sorted(seller.identifiers, key=lambda i: i.scheme_id is not None):
            self.identifier_party(party, identifier)
        b.text(party, "ram:Name", seller.name)
        b.text(party, "ram:Description", seller.additional_legal_information)
        if has_any(seller.legal_registration, seller.trading_name):
            legal = b.add(party, "ram:SpecifiedLegalOrganization")
            b.identifier(legal, "ram:ID", seller.legal_registration)
            b.text(legal, "ram:TradingBusinessName", seller.trading_name)
        self.contact(party, seller.contact)
        self.address(party, seller.postal_address)
        self.electronic_address(party, seller.electronic_address)
        self.tax_registration(party, seller.vat_identifier, VAT_IDENTIFIER_SCHEME)
        self.tax_registration(party, seller.tax_registration, TAX_REGISTRATION_SCHEME)

    def buyer(self, party: Element, buyer: Buyer) -> None:
        b = self.b
        self.identifier_party(party, buyer.identifier)
        b.text(party, "ram:Name", buyer.name)
        if has_any(buyer.legal_registration, buyer.trading_name):
            legal = b.add(party, "ram:SpecifiedLegalOrganization")
            b.identifier(legal, "ram:ID", buyer.legal_registration)
            b.text(legal, "ram:TradingBusinessName", buyer.trading_name)
        self.contact(party, buyer.contact)
        self.address(party, buyer.postal_address)
        self.electronic_address(party, buyer.electronic_address)
        self.tax_registration(party, buyer.vat_identifier, VAT_IDENTIFIER_SCHEME)

    def tax_representative(self, party: Element, representative: SellerTaxRepresentative) -> None:
        self.b.text(party, "ram:Name", representative.name)
        self.address(party, representative.postal_address)
        self.tax_registration(party, representative.vat_identifier, VAT_IDENTIFIER_SCHEME)

    def payee(self, party: Element, payee: Payee) -> None:
        self.identifier_party(party, payee.identifier)
        self.b.text(party, "ram:Name", payee.name)
        if payee.legal_registration is not None:
            legal = self.b.add(party, "ram:SpecifiedLegalOrganization")
            self.b.identifier(legal, "ram:ID", payee.legal_registration)

    def delivery(self, element: Element) -> None:
        inv, b = self.inv, self.b
        delivery = inv.delivery
        if delivery is not None and has_any(
            delivery.party_name, delivery.location_identifier, delivery.address
        ):
            party = b.add(element, "ram:ShipToTradeParty")
            self.identifier_party(party, delivery.location_identifier)
            b.text(party, "ram:Name", delivery.party_name)
            self.address(party, delivery.address)
        if delivery is not None and delivery.actual_date is not None:
            event = b.add(element, "ram:ActualDeliverySupplyChainEvent")
            self.date_at(event, "ram:OccurrenceDateTime", delivery.actual_date)
        for name, value in (
            ("ram:DespatchAdviceReferencedDocument", inv.despatch_advice_reference),
            ("ram:ReceivingAdviceReferencedDocument", inv.receiving_advice_reference),
        ):
            if value is not None:
                b.add(b.add(element, name), "ram:IssuerAssignedID", value)

    # -- settlement -------------------------------------------------------------------------

    def settlement(self, element: Element) -> None:
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
        """BG-23; the tax point date (BT-7) and its code (BT-8) go into every breakdown."""
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
        for breakdown in inv.vat_breakdown:
            self.breakdown(b.add(settlement, "ram:ApplicableTradeTax"), breakdown, cii_code)

    def breakdown(self, tax: Element, breakdown: VatBreakdown, cii_code: str | None) -> None:
        b = self.b
        b.amount(tax, "ram:CalculatedAmount", breakdown.tax_amount)
        b.add(tax, "ram:TypeCode", VAT)
        b.text(tax, "ram:ExemptionReason", breakdown.exemption_reason)
        b.amount(tax, "ram:BasisAmount", breakdown.taxable_amount)
        b.text(tax, "ram:CategoryCode", breakdown.category_code)
        b.text(tax, "ram:ExemptionReasonCode", breakdown.exemption_reason_code)
        if self.inv.vat_point_date is not None:
            point = b.add(tax, "ram:TaxPointDate")
            b.add(point, "udt:DateString", format_date(self.inv.vat_point_date), format=DATE_FORMAT)
        b.text(tax, "ram:DueDateTypeCode", cii_code)
        b.amount(tax, "ram:RateApplicablePercent", breakdown.rate)

    def allowance_charge(self, element: Element, item: DocumentAllowanceCharge) -> None:
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

    # -- lines ------------------------------------------------------------------------------

    def line(self, element: Element, index: int, line: InvoiceLine) -> None:
        b = self.b
        document = b.add(element, "ram:AssociatedDocumentLineDocument")
        b.text(document, "ram:LineID", line.identifier)
        if line.note is not None:
            b.add(b.add(document, "ram:IncludedNote"), "ram:Content", line.note)
        self.product(b.add(element, "ram:SpecifiedTradeProduct"), line.item or ItemInformation())
        agreement = b.add(element, "ram:SpecifiedLineTradeAgreement")
        if line.order_line_reference is not None:
            b.add(
                b.add(agreement, "ram:BuyerOrderReferencedDocument"),
                "ram:LineID",
                line.order_line_reference,
            )
        self.price(agreement, index, line.price)
        if line.quantity is not None:
            b.quantity(
                b.add(element, "ram:SpecifiedLineTradeDelivery"),
                "ram:BilledQuantity",
                line.quantity,
            )
        settlement = b.add(element, "ram:SpecifiedLineTradeSettlement")
        if line.vat is not None:
            self.trade_tax(
                settlement, "ram:ApplicableTradeTax", line.vat.category_code, line.vat.rate
            )
        if line.period is not None:
            period = b.add(settlement, "ram:BillingSpecifiedPeriod")
            self.date_at(period, "ram:StartDateTime", line.period.start)
            self.date_at(period, "ram:EndDateTime", line.period.end)
        for allowance_charge in (*line.allowances, *line.charges):
            self.line_allowance_charge(
                b.add(settlement, "ram:SpecifiedTradeAllowanceCharge"), allowance_charge
            )
        if line.net_amount is not None:
            summation = b.add(settlement, "ram:SpecifiedTradeSettlementLineMonetarySummation")
            b.amount(summation, "ram:LineTotalAmount", line.net_amount)
        if line.object_identifier is not None:
            self.invoiced_object(
                b.add(settlement, "ram:AdditionalReferencedDocument"), line.object_identifier
            )
        if line.accounting_reference is not None:
            account = b.add(settlement, "ram:ReceivableSpecifiedTradeAccountingAccount")
            b.add(account, "ram:ID", line.accounting_reference)
        for sub_index, _sub_line in enumerate(line.sub_lines, start=1):
            self.losses.append(
                Loss(
                    f"BG-25[{index}]/BG-DEX-01[{sub_index}]",
                    "BG-DEX-01",
                    "XRechnung does not support sub invoice lines in CII (BR-DEX-15)",
                )
            )

    def product(self, element: Element, item: ItemInformation) -> None:
        b = self.b
        b.identifier(element, "ram:GlobalID", item.standard_identifier)
        b.text(element, "ram:SellerAssignedID", item.seller_identifier)
        b.text(element, "ram:BuyerAssignedID", item.buyer_identifier)
        b.text(element, "ram:Name", item.name)
        b.text(element, "ram:Description", item.description)
        for attribute in item.attributes:
            characteristic = b.add(element, "ram:ApplicableProductCharacteristic")
            b.text(characteristic, "ram:Description", attribute.name)
            b.text(characteristic, "ram:Value", attribute.value)
        for classification in item.classifications:
            b.identifier(
                b.add(element, "ram:DesignatedProductClassification"),
                "ram:ClassCode",
                classification,
                scheme="listID",
                version="listVersionID",
            )
        if item.origin_country is not None:
            b.add(b.add(element, "ram:OriginTradeCountry"), "ram:ID", item.origin_country)

    def price(self, agreement: Element, index: int, price: PriceDetails | None) -> None:
        """BG-29: the gross price carries the discount, the net price the base quantity."""
        if price is None:
            return
        b = self.b
        if price.gross_price is not None:
            gross = b.add(agreement, "ram:GrossPriceProductTradePrice")
            b.amount(gross, "ram:ChargeAmount", price.gross_price)
            if price.discount is not None:
                discount = b.add(gross, "ram:AppliedTradeAllowanceCharge")
                b.add(b.add(discount, "ram:ChargeIndicator"), "udt:Indicator", "false")
                b.amount(discount, "ram:ActualAmount", price.discount)
        elif price.discount is not None:
            self.losses.append(
                Loss(
                    f"BG-25[{index}]/BG-29/BT-147",
                    "BT-147",
                    "CII holds the item price discount only with a gross price (BT-148)",
                )
            )
        if has_any(price.net_price, price.base_quantity):
            net = b.add(agreement, "ram:NetPriceProductTradePrice")
            b.amount(net, "ram:ChargeAmount", price.net_price)
            b.quantity(net, "ram:BasisQuantity", price.base_quantity)

    def line_allowance_charge(self, element: Element, item: LineAllowanceCharge) -> None:
        b = self.b
        indicator = b.add(element, "ram:ChargeIndicator")
        b.add(indicator, "udt:Indicator", "true" if isinstance(item, LineCharge) else "false")
        b.amount(element, "ram:CalculationPercent", item.percentage)
        b.amount(element, "ram:BasisAmount", item.base_amount)
        b.amount(element, "ram:ActualAmount", item.amount)
        b.text(element, "ram:ReasonCode", item.reason_code)
        b.text(element, "ram:Reason", item.reason)
