"""Read a UBL 2.1 Invoice or CreditNote into the semantic model (EN 16931-3-2 binding).

The XPath of every business term follows the CEN EN 16931 UBL Schematron (validation-1.3.15)
and, for the XRechnung extension, the XRechnung UBL Schematron (v2.5.0): sub invoice lines are
``cac:SubInvoiceLine`` (``cac:SubCreditNoteLine`` in a CreditNote), third party payments are
``cac:PrepaidPayment``. Every element and attribute the reader does not take is reported as a
:class:`~einvoice_cli.model.loss.Loss` by :class:`~einvoice_cli.model.xmlread.Reading`.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TypeVar

from lxml import etree

from einvoice_cli.model.loss import Loss
from einvoice_cli.model.semantic import (
    Amount,
    Buyer,
    BuyerContact,
    BuyerPostalAddress,
    Contact,
    CreditTransfer,
    DeliverToAddress,
    Delivery,
    DirectDebit,
    DocumentAllowance,
    DocumentAllowanceCharge,
    DocumentCharge,
    DocumentTotals,
    Identifier,
    Invoice,
    InvoiceLine,
    InvoiceNote,
    InvoicingPeriod,
    ItemAttribute,
    ItemInformation,
    LineAllowance,
    LineAllowanceCharge,
    LineCharge,
    LinePeriod,
    LineVatInformation,
    Payee,
    PaymentCard,
    PaymentInstructions,
    PostalAddress,
    PrecedingInvoiceReference,
    PriceDetails,
    ProcessControl,
    Seller,
    SellerContact,
    SellerPostalAddress,
    SellerTaxRepresentative,
    SubInvoiceLine,
    SubInvoiceLineItem,
    SupportingDocument,
    TaxRepresentativePostalAddress,
    ThirdPartyPayment,
    VatBreakdown,
)
from einvoice_cli.model.terms import terms_of
from einvoice_cli.model.ubl.syntax import (
    CARD_NETWORK_PLACEHOLDERS,
    CREDITOR_SCHEME,
    INVOICED_OBJECT,
    ORDER_PLACEHOLDER,
    PREFIXES,
    PROJECT_REFERENCE,
    VAT,
    UblDocument,
    parse_date,
    ubl_document_for_root,
)
from einvoice_cli.model.xmlread import Element, Reading, element_text, group, present

_Address = TypeVar("_Address", bound=PostalAddress)
_Contact = TypeVar("_Contact", bound=Contact)
_Line = TypeVar("_Line", bound=InvoiceLine)
_DocAC = TypeVar("_DocAC", bound=DocumentAllowanceCharge)
_LineAC = TypeVar("_LineAC", bound=LineAllowanceCharge)

# EN 16931-3-2 puts the invoice note subject code (BT-21) in front of the note: "#AAI#text".
_NOTE = re.compile(r"#([A-Z]{3})#(.*)", re.DOTALL)

_BOOLEAN = {"true": True, "1": True, "false": False, "0": False}


def read_ubl(tree: etree._ElementTree) -> tuple[Invoice, tuple[Loss, ...]]:
    """Read a UBL Invoice or CreditNote; raise :class:`ValueError` for any other document."""
    root = tree.getroot()
    document = ubl_document_for_root(str(root.tag))
    if document is None:
        raise ValueError(f"not a UBL 2.1 Invoice or CreditNote: {root.tag!r}")
    reader = _UblReader(Reading(root, PREFIXES), document)
    invoice = reader.invoice()
    return invoice, reader.r.losses()


class _UblReader:
    """One document's reading; the invoice currencies are needed all over."""

    def __init__(self, reading: Reading, document: UblDocument) -> None:
        self.r = reading
        self.doc = document
        self.currency: str | None = None
        self.tax_currency: str | None = None
        self.creditor_identifier: str | None = None

    # -- helpers ----------------------------------------------------------------------------

    def amount(
        self, parent: Element | None, name: str, term: str, currency: str | None = None
    ) -> Amount | None:
        """An amount whose ``currencyID`` is the invoice currency (or ``currency``)."""
        element = self.r.one(parent, name)
        if element is not None:
            self.r.attribute_equal(element, "currencyID", currency or self.currency)
        return self.r.amount(element, term)

    def date_at(self, parent: Element | None, name: str, term: str) -> date | None:
        return self.r.read_date(self.r.one(parent, name), term, parse_date)

    def indicator(self, parent: Element, term: str) -> bool | None:
        """``cbc:ChargeIndicator``; a missing or malformed one rejects the whole parent."""
        found = self.r.peek_path(parent, "cbc:ChargeIndicator")
        value = None if found is None else _BOOLEAN.get(element_text(found).strip())
        if found is None or value is None:
            self.r.reject(parent, term, "allowance or charge without a valid ChargeIndicator")
            return None
        self.r.use(found)
        return value

    def document_type_code(self, element: Element) -> str | None:
        found = self.r.peek_path(element, "cbc:DocumentTypeCode")
        return None if found is None else element_text(found).strip()

    # -- the document -----------------------------------------------------------------------

    def invoice(self) -> Invoice:
        r, root, doc = self.r, self.r.root, self.doc
        self.currency = r.code(root, "cbc:DocumentCurrencyCode")
        self.tax_currency = r.code(root, "cbc:TaxCurrencyCode")
        # Parties first: they hold the bank assigned creditor identifier (BT-90) of BG-19.
        seller = self.seller(r.one(root, "cac:AccountingSupplierParty", "cac:Party"))
        buyer = self.buyer(r.one(root, "cac:AccountingCustomerParty", "cac:Party"))
        payee = self.payee(r.one(root, "cac:PayeeParty"))
        order = r.one(root, "cac:OrderReference")
        sales_order = r.code(order, "cbc:SalesOrderID")
        invoiced_object, project, supporting = self.document_references(root)
        if not doc.project_in_document_reference:
            project = r.code(root, "cac:ProjectReference", "cbc:ID")
        means = r.every(root, "cac:PaymentMeans")
        if doc.due_date_in_payment_means:
            due_date = r.read_date(self.r.first_of(means, "cbc:PaymentDueDate"), "BT-9", parse_date)
        else:
            due_date = self.date_at(root, "cbc:DueDate", "BT-9")
        allowances, charges = self.document_allowance_charges(root)
        return Invoice(
            number=r.code(root, "cbc:ID"),
            issue_date=self.date_at(root, "cbc:IssueDate", "BT-2"),
            type_code=r.code(root, doc.type_code),
            currency_code=self.currency,
            vat_accounting_currency_code=self.tax_currency,
            vat_point_date=self.date_at(root, "cbc:TaxPointDate", "BT-7"),
            vat_point_date_code=r.code(root, "cac:InvoicePeriod", "cbc:DescriptionCode"),
            due_date=due_date,
            buyer_reference=r.text(root, "cbc:BuyerReference"),
            project_reference=project,
            contract_reference=r.code(root, "cac:ContractDocumentReference", "cbc:ID"),
            purchase_order_reference=self.purchase_order(order, sales_order),
            sales_order_reference=sales_order,
            receiving_advice_reference=r.code(root, "cac:ReceiptDocumentReference", "cbc:ID"),
            despatch_advice_reference=r.code(root, "cac:DespatchDocumentReference", "cbc:ID"),
            tender_or_lot_reference=r.code(root, "cac:OriginatorDocumentReference", "cbc:ID"),
            invoiced_object_identifier=invoiced_object,
            buyer_accounting_reference=r.text(root, "cbc:AccountingCost"),
            payment_terms=r.text(root, "cac:PaymentTerms", "cbc:Note"),
            notes=tuple(self.note(e) for e in r.every(root, "cbc:Note")),
            process_control=group(
                ProcessControl,
                business_process=r.code(root, "cbc:ProfileID"),
                specification=r.code(root, "cbc:CustomizationID"),
            ),
            preceding_invoices=present(
                self.preceding_invoice(e) for e in r.every(root, "cac:BillingReference")
            ),
            seller=seller,
            buyer=buyer,
            payee=payee,
            tax_representative=self.tax_representative(r.one(root, "cac:TaxRepresentativeParty")),
            delivery=self.delivery(root),
            payment_instructions=self.payment_instructions(means),
            allowances=allowances,
            charges=charges,
            totals=self.totals(root),
            vat_breakdown=self.vat_breakdown(root),
            supporting_documents=supporting,
            lines=tuple(
                self.line(e, InvoiceLine, ItemInformation) for e in r.every(root, doc.line)
            ),
            third_party_payments=present(
                group(
                    ThirdPartyPayment,
                    type=r.text(e, "cbc:ID"),
                    amount=self.amount(e, "cbc:PaidAmount", "BT-DEX-002"),
                    description=r.text(e, "cbc:InstructionID"),
                )
                for e in r.every(root, "cac:PrepaidPayment")
            ),
        )

    def note(self, element: Element) -> InvoiceNote:
        text = element_text(self.r.use(element))
        match = _NOTE.fullmatch(text)
        if match is None:
            return InvoiceNote(note=text)
        return InvoiceNote(subject_code=match.group(1), note=match.group(2))

    def purchase_order(self, order: Element | None, sales_order: str | None) -> str | None:
        element = self.r.one(order, "cbc:ID")
        if element is None:
            return None
        text = element_text(element).strip()
        if sales_order is not None and text == ORDER_PLACEHOLDER:
            return None
        return text

    def preceding_invoice(self, element: Element) -> PrecedingInvoiceReference | None:
        reference = self.r.one(element, "cac:InvoiceDocumentReference")
        return group(
            PrecedingInvoiceReference,
            reference=self.r.code(reference, "cbc:ID"),
            issue_date=self.date_at(reference, "cbc:IssueDate", "BT-26"),
        )

    def document_references(
        self, root: Element
    ) -> tuple[Identifier | None, str | None, tuple[SupportingDocument, ...]]:
        """BT-18 (type code 130), BT-11 in a CreditNote (type code 50), and BG-24 (the rest)."""
        r = self.r
        invoiced_object: Identifier | None = None
        project: str | None = None
        documents = []
        for element in r.peek(root, "cac:AdditionalDocumentReference"):
            code = self.document_type_code(element)
            if code == INVOICED_OBJECT:
                if invoiced_object is None:
                    r.one(r.use(element), "cbc:DocumentTypeCode")
                    invoiced_object = r.identifier(r.one(element, "cbc:ID"))
                continue
            if code == PROJECT_REFERENCE and self.doc.project_in_document_reference:
                if project is None:
                    r.one(r.use(element), "cbc:DocumentTypeCode")
                    project = r.code(element, "cbc:ID")
                continue
            attachment = r.one(r.use(element), "cac:Attachment")
            embedded = r.one(attachment, "cbc:EmbeddedDocumentBinaryObject")
            documents.append(
                group(
                    SupportingDocument,
                    reference=r.code(element, "cbc:ID"),
                    description=r.text(element, "cbc:DocumentDescription"),
                    external_location=r.text(attachment, "cac:ExternalReference", "cbc:URI"),
                    attachment=r.binary(embedded, "BT-125"),
                )
            )
        return invoiced_object, project, present(documents)

    # -- parties ----------------------------------------------------------------------------

    def party_identifiers(self, party: Element | None) -> list[Identifier]:
        """``cac:PartyIdentification/cbc:ID``s; one with scheme SEPA is BT-90, kept aside."""
        identifiers = []
        for element in self.r.peek(party, "cac:PartyIdentification"):
            found = self.r.peek_path(element, "cbc:ID")
            scheme = None if found is None else found.get("schemeID")
            if (
                found is not None
                and scheme is not None
                and scheme.strip().upper() == CREDITOR_SCHEME
            ):
                if self.creditor_identifier is None:
                    self.r.use(element)
                    self.r.use(found)
                    self.r.attribute(found, "schemeID")
                    self.creditor_identifier = element_text(found).strip()
                continue
            identifier = self.r.identifier(self.r.one(self.r.use(element), "cbc:ID"))
            if identifier is not None:
                identifiers.append(identifier)
        return identifiers

    def tax_schemes(self, party: Element | None, *, other: bool) -> tuple[str | None, str | None]:
        """The VAT identifier and, where ``other``, the tax registration identifier (BT-32):
        the ``cac:PartyTaxScheme`` whose scheme is VAT, and one whose scheme is anything else."""
        r = self.r
        vat: str | None = None
        registration: str | None = None
        for element in r.peek(party, "cac:PartyTaxScheme"):
            scheme = self.r.peek_path(element, "cac:TaxScheme", "cbc:ID")
            is_vat = scheme is not None and element_text(scheme).strip() == VAT
            if is_vat and vat is None:
                vat = r.code(r.use(element), "cbc:CompanyID")
                r.one(element, "cac:TaxScheme", "cbc:ID")
            elif not is_vat and other and registration is None and scheme is not None:
                registration = r.code(r.use(element), "cbc:CompanyID")
                r.one(element, "cac:TaxScheme", "cbc:ID")
        return vat, registration

    def address(self, element: Element | None, cls: type[_Address]) -> _Address | None:
        r = self.r
        return group(
            cls,
            line1=r.text(element, "cbc:StreetName"),
            line2=r.text(element, "cbc:AdditionalStreetName"),
            line3=r.text(element, "cac:AddressLine", "cbc:Line"),
            city=r.text(element, "cbc:CityName"),
            post_code=r.text(element, "cbc:PostalZone"),
            subdivision=r.text(element, "cbc:CountrySubentity"),
            country_code=r.code(element, "cac:Country", "cbc:IdentificationCode"),
        )

    def contact(self, element: Element | None, cls: type[_Contact]) -> _Contact | None:
        r = self.r
        return group(
            cls,
            point=r.text(element, "cbc:Name"),
            telephone=r.text(element, "cbc:Telephone"),
            email=r.text(element, "cbc:ElectronicMail"),
        )

    def seller(self, party: Element | None) -> Seller | None:
        r = self.r
        legal = r.one(party, "cac:PartyLegalEntity")
        vat, registration = self.tax_schemes(party, other=True)
        return group(
            Seller,
            name=r.text(legal, "cbc:RegistrationName"),
            trading_name=r.text(party, "cac:PartyName", "cbc:Name"),
            identifiers=tuple(self.party_identifiers(party)),
            legal_registration=r.identifier(r.one(legal, "cbc:CompanyID")),
            vat_identifier=vat,
            tax_registration=registration,
            additional_legal_information=r.text(legal, "cbc:CompanyLegalForm"),
            electronic_address=r.identifier(r.one(party, "cbc:EndpointID")),
            postal_address=self.address(r.one(party, "cac:PostalAddress"), SellerPostalAddress),
            contact=self.contact(r.one(party, "cac:Contact"), SellerContact),
        )

    def buyer(self, party: Element | None) -> Buyer | None:
        r = self.r
        legal = r.one(party, "cac:PartyLegalEntity")
        vat, _ = self.tax_schemes(party, other=False)
        return group(
            Buyer,
            name=r.text(legal, "cbc:RegistrationName"),
            trading_name=r.text(party, "cac:PartyName", "cbc:Name"),
            identifier=r.identifier(r.one(party, "cac:PartyIdentification", "cbc:ID")),
            legal_registration=r.identifier(r.one(legal, "cbc:CompanyID")),
            vat_identifier=vat,
            electronic_address=r.identifier(r.one(party, "cbc:EndpointID")),
            postal_address=self.address(r.one(party, "cac:PostalAddress"), BuyerPostalAddress),
            contact=self.contact(r.one(party, "cac:Contact"), BuyerContact),
        )

    def payee(self, party: Element | None) -> Payee | None:
        r = self.r
        identifiers = self.party_identifiers(party)
        if len(identifiers) > 1:  # BT-60 occurs once; give the others back to be reported
            for element in r.peek(party, "cac:PartyIdentification")[1:]:
                r.reject(element, "BT-60", "a second Payee identifier is not carried")
        return group(
            Payee,
            name=r.text(party, "cac:PartyName", "cbc:Name"),
            identifier=identifiers[0] if identifiers else None,
            legal_registration=r.identifier(r.one(party, "cac:PartyLegalEntity", "cbc:CompanyID")),
        )

    def tax_representative(self, party: Element | None) -> SellerTaxRepresentative | None:
        vat, _ = self.tax_schemes(party, other=False)
        return group(
            SellerTaxRepresentative,
            name=self.r.text(party, "cac:PartyName", "cbc:Name"),
            vat_identifier=vat,
            postal_address=self.address(
                self.r.one(party, "cac:PostalAddress"), TaxRepresentativePostalAddress
            ),
        )

    def delivery(self, root: Element) -> Delivery | None:
        r = self.r
        element = r.one(root, "cac:Delivery")
        period = r.one(root, "cac:InvoicePeriod")
        location = r.one(element, "cac:DeliveryLocation")
        return group(
            Delivery,
            party_name=r.text(element, "cac:DeliveryParty", "cac:PartyName", "cbc:Name"),
            location_identifier=r.identifier(r.one(location, "cbc:ID")),
            actual_date=self.date_at(element, "cbc:ActualDeliveryDate", "BT-72"),
            invoicing_period=group(
                InvoicingPeriod,
                start=self.date_at(period, "cbc:StartDate", "BT-73"),
                end=self.date_at(period, "cbc:EndDate", "BT-74"),
            ),
            address=self.address(r.one(location, "cac:Address"), DeliverToAddress),
        )

    # -- payment and amounts ----------------------------------------------------------------

    def payment_instructions(self, means: list[Element]) -> PaymentInstructions | None:
        r = self.r
        code = self.r.first_of(means, "cbc:PaymentMeansCode")
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
        remittance = self.r.first_of(means, "cbc:PaymentID")
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
        allowances: list[DocumentAllowance | None] = []
        charges: list[DocumentCharge | None] = []
        for element in self.r.peek(root, "cac:AllowanceCharge"):
            indicator = self.indicator(element, "BG-20")
            if indicator is True:
                charges.append(self.document_allowance_charge(element, DocumentCharge))
            elif indicator is False:
                allowances.append(self.document_allowance_charge(element, DocumentAllowance))
        return present(allowances), present(charges)

    def document_allowance_charge(self, element: Element, cls: type[_DocAC]) -> _DocAC | None:
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

    # -- lines ------------------------------------------------------------------------------

    def line(self, element: Element, cls: type[_Line], item_cls: type[ItemInformation]) -> _Line:
        r, doc = self.r, self.doc
        item = r.one(element, "cac:Item")
        period = r.one(element, "cac:InvoicePeriod")
        allowances, charges = self.line_allowance_charges(element)
        return cls(
            identifier=r.code(element, "cbc:ID"),
            note=r.text(element, "cbc:Note"),
            object_identifier=self.line_object(element),
            quantity=r.quantity(r.one(element, doc.quantity), "BT-129"),
            net_amount=self.amount(element, "cbc:LineExtensionAmount", "BT-131"),
            order_line_reference=r.code(element, "cac:OrderLineReference", "cbc:LineID"),
            accounting_reference=r.text(element, "cbc:AccountingCost"),
            period=group(
                LinePeriod,
                start=self.date_at(period, "cbc:StartDate", "BT-134"),
                end=self.date_at(period, "cbc:EndDate", "BT-135"),
            ),
            allowances=allowances,
            charges=charges,
            price=self.price(r.one(element, "cac:Price")),
            vat=self.line_vat(r.one(item, "cac:ClassifiedTaxCategory")),
            item=self.item(item, item_cls),
            sub_lines=tuple(
                self.line(e, SubInvoiceLine, SubInvoiceLineItem)
                for e in r.every(element, doc.sub_line)
            ),
        )

    def line_object(self, line: Element) -> Identifier | None:
        """BT-128: the line's ``cac:DocumentReference`` with document type code 130."""
        for element in self.r.peek(line, "cac:DocumentReference"):
            if self.document_type_code(element) == INVOICED_OBJECT:
                self.r.one(self.r.use(element), "cbc:DocumentTypeCode")
                return self.r.identifier(self.r.one(element, "cbc:ID"))
        return None

    def line_allowance_charges(
        self, line: Element
    ) -> tuple[tuple[LineAllowance, ...], tuple[LineCharge, ...]]:
        allowances: list[LineAllowance | None] = []
        charges: list[LineCharge | None] = []
        for element in self.r.peek(line, "cac:AllowanceCharge"):
            indicator = self.indicator(element, "BG-27")
            if indicator is True:
                charges.append(self.line_allowance_charge(element, LineCharge))
            elif indicator is False:
                allowances.append(self.line_allowance_charge(element, LineAllowance))
        return present(allowances), present(charges)

    def line_allowance_charge(self, element: Element, cls: type[_LineAC]) -> _LineAC | None:
        r, terms = self.r, terms_of(cls)
        r.use(element)
        return group(
            cls,
            amount=self.amount(element, "cbc:Amount", terms["amount"]),
            base_amount=self.amount(element, "cbc:BaseAmount", terms["base_amount"]),
            percentage=r.percentage(
                r.one(element, "cbc:MultiplierFactorNumeric"), terms["percentage"]
            ),
            reason=r.text(element, "cbc:AllowanceChargeReason"),
            reason_code=r.code(element, "cbc:AllowanceChargeReasonCode"),
        )

    def price(self, price: Element | None) -> PriceDetails | None:
        r = self.r
        discount: Element | None = None
        for element in r.peek(price, "cac:AllowanceCharge"):
            indicator = self.r.peek_path(element, "cbc:ChargeIndicator")
            if indicator is None or discount is not None:
                continue
            if _BOOLEAN.get(element_text(indicator).strip()) is False:
                discount = r.use(element)
                r.use(indicator)
        return group(
            PriceDetails,
            net_price=self.amount(price, "cbc:PriceAmount", "BT-146"),
            discount=self.amount(discount, "cbc:Amount", "BT-147"),
            gross_price=self.amount(discount, "cbc:BaseAmount", "BT-148"),
            base_quantity=r.quantity(r.one(price, "cbc:BaseQuantity"), "BT-149"),
        )

    def line_vat(self, category: Element | None) -> LineVatInformation | None:
        r = self.r
        r.fixed(category, ("cac:TaxScheme", "cbc:ID"), VAT)
        return group(
            LineVatInformation,
            category_code=r.code(category, "cbc:ID"),
            rate=r.percentage(r.one(category, "cbc:Percent"), "BT-152"),
        )

    def item(self, item: Element | None, cls: type[ItemInformation]) -> ItemInformation | None:
        r = self.r
        return group(
            cls,
            name=r.text(item, "cbc:Name"),
            description=r.text(item, "cbc:Description"),
            seller_identifier=r.code(item, "cac:SellersItemIdentification", "cbc:ID"),
            buyer_identifier=r.code(item, "cac:BuyersItemIdentification", "cbc:ID"),
            standard_identifier=r.identifier(
                r.one(item, "cac:StandardItemIdentification", "cbc:ID")
            ),
            classifications=present(
                r.identifier(r.one(e, "cbc:ItemClassificationCode"), "listID", "listVersionID")
                for e in r.every(item, "cac:CommodityClassification")
            ),
            origin_country=r.code(item, "cac:OriginCountry", "cbc:IdentificationCode"),
            attributes=present(
                group(ItemAttribute, name=r.text(e, "cbc:Name"), value=r.text(e, "cbc:Value"))
                for e in r.every(item, "cac:AdditionalItemProperty")
            ),
        )
