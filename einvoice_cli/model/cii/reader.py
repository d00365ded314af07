"""Read a UN/CEFACT Cross Industry Invoice (D16B) into the semantic model (EN 16931-3-3).

The XPath of every business term follows the CEN EN 16931 CII Schematron (validation-1.3.15).
CII carries none of the XRechnung extension's groups: the XRechnung CII rules warn that sub
invoice lines (``ram:ParentLineID``) are not supported (BR-DEX-15) and bind no third party
payment, so such content is reported as not carried, like any other element the reader does
not take (see :class:`~einvoice_cli.model.xmlread.Reading`).
"""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from lxml import etree

from einvoice_cli.model.cii.syntax import (
    DATE_FORMAT,
    INVOICED_OBJECT,
    PREFIXES,
    PROJECT_NAME,
    ROOT,
    SUPPORTING_DOCUMENT,
    TAX_REGISTRATION_SCHEME,
    TENDER_OR_LOT,
    VAT,
    VAT_IDENTIFIER_SCHEME,
    VAT_POINT_CODE_FROM_CII,
    parse_date,
)
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
    SupportingDocument,
    TaxRepresentativePostalAddress,
    VatBreakdown,
)
from einvoice_cli.model.terms import terms_of
from einvoice_cli.model.xmlread import Element, Reading, element_text, group, present

_Address = TypeVar("_Address", bound=PostalAddress)
_Contact = TypeVar("_Contact", bound=Contact)
_DocAC = TypeVar("_DocAC", bound=DocumentAllowanceCharge)
_LineAC = TypeVar("_LineAC", bound=LineAllowanceCharge)

_BOOLEAN = {"true": True, "1": True, "false": False, "0": False}


def read_cii(tree: etree._ElementTree) -> tuple[Invoice, tuple[Loss, ...]]:
    """Read a CII D16B invoice; raise :class:`ValueError` for any other document."""
    root = tree.getroot()
    if root.tag != ROOT:
        raise ValueError(f"not a UN/CEFACT Cross Industry Invoice: {root.tag!r}")
    reader = _CiiReader(Reading(root, PREFIXES))
    invoice = reader.invoice()
    return invoice, reader.r.losses()


class _CiiReader:
    """One document's reading; the invoice currencies are needed all over."""

    def __init__(self, reading: Reading) -> None:
        self.r = reading
        self.currency: str | None = None
        self.tax_currency: str | None = None

    # -- helpers ----------------------------------------------------------------------------

    def amount(self, parent: Element | None, name: str, term: str) -> Amount | None:
        """An amount; a ``currencyID`` (not used in CII but for BT-110/111) carries nothing
        when it repeats the invoice currency."""
        element = self.r.one(parent, name)
        if element is not None:
            self.r.attribute_equal(element, "currencyID", self.currency)
        return self.r.amount(element, term)

    def date_at(self, parent: Element | None, path: tuple[str, ...], term: str) -> date | None:
        """A date element (``udt:DateTimeString``, ``udt:DateString``...) of format 102."""
        element = self.r.one(parent, *path)
        if element is None:
            return None
        if (element.get("format") or "").strip() != DATE_FORMAT:
            self.r.reject(element, term, f"date format {element.get('format')!r} is not 102")
            return None
        self.r.attribute(element, "format")
        return self.r.read_date(element, term, parse_date)

    def date_time(self, parent: Element | None, name: str, term: str) -> date | None:
        return self.date_at(parent, (name, "udt:DateTimeString"), term)

    def indicator(self, parent: Element, term: str) -> bool | None:
        """``ram:ChargeIndicator/udt:Indicator``; a missing or bad one rejects the parent."""
        found = self.r.peek_path(parent, "ram:ChargeIndicator", "udt:Indicator")
        value = None if found is None else _BOOLEAN.get(element_text(found).strip())
        if value is None:
            self.r.reject(parent, term, "allowance or charge without a valid ChargeIndicator")
            return None
        self.r.one(parent, "ram:ChargeIndicator", "udt:Indicator")
        return value

    def type_code(self, element: Element) -> str | None:
        found = self.r.peek_path(element, "ram:TypeCode")
        return None if found is None else element_text(found).strip()

    def vat_type(self, tax: Element | None) -> None:
        self.r.fixed(tax, ("ram:TypeCode",), VAT)

    # -- the document -----------------------------------------------------------------------

    def invoice(self) -> Invoice:
        r, root = self.r, self.r.root
        context = r.one(root, "rsm:ExchangedDocumentContext")
        document = r.one(root, "rsm:ExchangedDocument")
        transaction = r.one(root, "rsm:SupplyChainTradeTransaction")
        agreement = r.one(transaction, "ram:ApplicableHeaderTradeAgreement")
        delivery = r.one(transaction, "ram:ApplicableHeaderTradeDelivery")
        settlement = r.one(transaction, "ram:ApplicableHeaderTradeSettlement")
        self.currency = r.code(settlement, "ram:InvoiceCurrencyCode")
        self.tax_currency = r.code(settlement, "ram:TaxCurrencyCode")
        references = self.referenced_documents(agreement)
        taxes = r.every(settlement, "ram:ApplicableTradeTax")
        terms = r.every(settlement, "ram:SpecifiedTradePaymentTerms")
        allowances, charges = self.document_allowance_charges(settlement)
        return Invoice(
            number=r.code(document, "ram:ID"),
            issue_date=self.date_time(document, "ram:IssueDateTime", "BT-2"),
            type_code=r.code(document, "ram:TypeCode"),
            currency_code=self.currency,
            vat_accounting_currency_code=self.tax_currency,
            vat_point_date=self.date_at(
                r.first_of(taxes, "ram:TaxPointDate", "udt:DateString", attributes=("format",)),
                (),
                "BT-7",
            ),
            vat_point_date_code=self.vat_point_date_code(r.first_of(taxes, "ram:DueDateTypeCode")),
            due_date=self.date_at(
                r.first_of(
                    terms, "ram:DueDateDateTime", "udt:DateTimeString", attributes=("format",)
                ),
                (),
                "BT-9",
            ),
            buyer_reference=r.text(agreement, "ram:BuyerReference"),
            project_reference=self.project(r.one(agreement, "ram:SpecifiedProcuringProject")),
            contract_reference=r.code(
                agreement, "ram:ContractReferencedDocument", "ram:IssuerAssignedID"
            ),
            purchase_order_reference=r.code(
                agreement, "ram:BuyerOrderReferencedDocument", "ram:IssuerAssignedID"
            ),
            sales_order_reference=r.code(
                agreement, "ram:SellerOrderReferencedDocument", "ram:IssuerAssignedID"
            ),
            receiving_advice_reference=r.code(
                delivery, "ram:ReceivingAdviceReferencedDocument", "ram:IssuerAssignedID"
            ),
            despatch_advice_reference=r.code(
                delivery, "ram:DespatchAdviceReferencedDocument", "ram:IssuerAssignedID"
            ),
            tender_or_lot_reference=references[0],
            invoiced_object_identifier=references[1],
            buyer_accounting_reference=r.text(
                settlement, "ram:ReceivableSpecifiedTradeAccountingAccount", "ram:ID"
            ),
            payment_terms=r.text(terms[0] if terms else None, "ram:Description"),
            notes=present(
                group(
                    InvoiceNote,
                    subject_code=r.code(e, "ram:SubjectCode"),
                    note=r.text(e, "ram:Content"),
                )
                for e in r.every(document, "ram:IncludedNote")
            ),
            process_control=group(
                ProcessControl,
                business_process=r.code(
                    context, "ram:BusinessProcessSpecifiedDocumentContextParameter", "ram:ID"
                ),
                specification=r.code(
                    context, "ram:GuidelineSpecifiedDocumentContextParameter", "ram:ID"
                ),
            ),
            preceding_invoices=present(
                group(
                    PrecedingInvoiceReference,
                    reference=r.code(e, "ram:IssuerAssignedID"),
                    issue_date=self.date_at(
                        e, ("ram:FormattedIssueDateTime", "qdt:DateTimeString"), "BT-26"
                    ),
                )
                for e in r.every(settlement, "ram:InvoiceReferencedDocument")
            ),
            seller=self.seller(r.one(agreement, "ram:SellerTradeParty")),
            buyer=self.buyer(r.one(agreement, "ram:BuyerTradeParty")),
            payee=self.payee(r.one(settlement, "ram:PayeeTradeParty")),
            tax_representative=self.tax_representative(
                r.one(agreement, "ram:SellerTaxRepresentativeTradeParty")
            ),
            delivery=self.delivery(delivery, settlement),
            payment_instructions=self.payment_instructions(settlement, terms),
            allowances=allowances,
            charges=charges,
            totals=self.totals(
                r.one(settlement, "ram:SpecifiedTradeSettlementHeaderMonetarySummation")
            ),
            vat_breakdown=present(self.vat_breakdown(e) for e in taxes),
            supporting_documents=references[2],
            lines=tuple(
                self.line(e) for e in r.every(transaction, "ram:IncludedSupplyChainTradeLineItem")
            ),
        )

    def vat_point_date_code(self, element: Element | None) -> str | None:
        if element is None:
            return None
        code = VAT_POINT_CODE_FROM_CII.get(element_text(element).strip())
        if code is None:
            self.r.reject(element, "BT-8", "code has no UNTDID 2005 counterpart (3, 35, 432)")
        return code

    def project(self, project: Element | None) -> str | None:
        name = self.r.peek_path(project, "ram:Name")
        if name is not None and element_text(name).strip() == PROJECT_NAME:
            self.r.use(name)
        return self.r.code(project, "ram:ID")

    def referenced_documents(
        self, agreement: Element | None
    ) -> tuple[str | None, Identifier | None, tuple[SupportingDocument, ...]]:
        """BT-17 (type code 50), BT-18 (type code 130) and BG-24 (type code 916)."""
        r = self.r
        tender: str | None = None
        invoiced_object: Identifier | None = None
        documents = []
        for element in r.peek(agreement, "ram:AdditionalReferencedDocument"):
            code = self.type_code(element)
            if code == TENDER_OR_LOT and tender is None:
                r.one(r.use(element), "ram:TypeCode")
                tender = r.code(element, "ram:IssuerAssignedID")
            elif code == INVOICED_OBJECT and invoiced_object is None:
                r.one(r.use(element), "ram:TypeCode")
                invoiced_object = self.invoiced_object(element)
            elif code == SUPPORTING_DOCUMENT:
                r.one(r.use(element), "ram:TypeCode")
                documents.append(
                    group(
                        SupportingDocument,
                        reference=r.code(element, "ram:IssuerAssignedID"),
                        description=r.text(element, "ram:Name"),
                        external_location=r.text(element, "ram:URIID"),
                        attachment=r.binary(r.one(element, "ram:AttachmentBinaryObject"), "BT-125"),
                    )
                )
        return tender, invoiced_object, present(documents)

    def invoiced_object(self, element: Element) -> Identifier | None:
        """BT-18 or BT-128: the identifier, its scheme in ``ram:ReferenceTypeCode``."""
        identifier = self.r.one(element, "ram:IssuerAssignedID")
        if identifier is None:
            return None
        return Identifier(
            element_text(identifier).strip(), self.r.code(element, "ram:ReferenceTypeCode")
        )

    # -- parties ----------------------------------------------------------------------------

    def party_identifiers(self, party: Element | None) -> list[Identifier]:
        """``ram:ID`` (no scheme) and ``ram:GlobalID`` (with ``schemeID``), in that order."""
        ids = [Identifier(element_text(e).strip()) for e in self.r.every(party, "ram:ID")]
        globals_ = [self.r.identifier(e) for e in self.r.every(party, "ram:GlobalID")]
        return ids + [g for g in globals_ if g is not None]

    def single_identifier(self, party: Element | None, term: str) -> Identifier | None:
        """A party identifier that occurs once (BT-46, BT-60, BT-71): the first one."""
        candidates = self.r.peek(party, "ram:ID") + self.r.peek(party, "ram:GlobalID")
        for extra in candidates[1:]:
            self.r.reject(extra, term, f"{term} occurs once; a further identifier is not carried")
        if not candidates:
            return None
        return self.r.identifier(self.r.use(candidates[0]))

    def tax_registration(self, party: Element | None, scheme: str) -> str | None:
        """The ``ram:SpecifiedTaxRegistration/ram:ID`` with ``schemeID`` ``scheme``."""
        for element in self.r.peek(party, "ram:SpecifiedTaxRegistration"):
            found = self.r.peek_path(element, "ram:ID")
            if found is not None and (found.get("schemeID") or "").strip() == scheme:
                self.r.use(element)
                self.r.attribute(found, "schemeID")
                return self.r.code(element, "ram:ID")
        return None

    def address(self, element: Element | None, cls: type[_Address]) -> _Address | None:
        r = self.r
        return group(
            cls,
            line1=r.text(element, "ram:LineOne"),
            line2=r.text(element, "ram:LineTwo"),
            line3=r.text(element, "ram:LineThree"),
            city=r.text(element, "ram:CityName"),
            post_code=r.text(element, "ram:PostcodeCode"),
            subdivision=r.text(element, "ram:CountrySubDivisionName"),
            country_code=r.code(element, "ram:CountryID"),
        )

    def contact(self, element: Element | None, cls: type[_Contact]) -> _Contact | None:
        """BT-41/BT-56 is ``ram:PersonName`` or else ``ram:DepartmentName`` (CII-SR-465/466)."""
        r = self.r
        point = r.text(element, "ram:PersonName")
        if point is None:
            point = r.text(element, "ram:DepartmentName")
        return group(
            cls,
            point=point,
            telephone=r.text(element, "ram:TelephoneUniversalCommunication", "ram:CompleteNumber"),
            email=r.text(element, "ram:EmailURIUniversalCommunication", "ram:URIID"),
        )

    def electronic_address(self, party: Element | None) -> Identifier | None:
        return self.r.identifier(self.r.one(party, "ram:URIUniversalCommunication", "ram:URIID"))

    def seller(self, party: Element | None) -> Seller | None:
        r = self.r
        legal = r.one(party, "ram:SpecifiedLegalOrganization")
        return group(
            Seller,
            name=r.text(party, "ram:Name"),
            trading_name=r.text(legal, "ram:TradingBusinessName"),
            identifiers=tuple(self.party_identifiers(party)),
            legal_registration=r.identifier(r.one(legal, "ram:ID")),
            vat_identifier=self.tax_registration(party, VAT_IDENTIFIER_SCHEME),
            tax_registration=self.tax_registration(party, TAX_REGISTRATION_SCHEME),
            additional_legal_information=r.text(party, "ram:Description"),
            electronic_address=self.electronic_address(party),
            postal_address=self.address(
                r.one(party, "ram:PostalTradeAddress"), SellerPostalAddress
            ),
            contact=self.contact(r.one(party, "ram:DefinedTradeContact"), SellerContact),
        )

    def buyer(self, party: Element | None) -> Buyer | None:
        r = self.r
        legal = r.one(party, "ram:SpecifiedLegalOrganization")
        return group(
            Buyer,
            name=r.text(party, "ram:Name"),
            trading_name=r.text(legal, "ram:TradingBusinessName"),
            identifier=self.single_identifier(party, "BT-46"),
            legal_registration=r.identifier(r.one(legal, "ram:ID")),
            vat_identifier=self.tax_registration(party, VAT_IDENTIFIER_SCHEME),
            electronic_address=self.electronic_address(party),
            postal_address=self.address(r.one(party, "ram:PostalTradeAddress"), BuyerPostalAddress),
            contact=self.contact(r.one(party, "ram:DefinedTradeContact"), BuyerContact),
        )

    def payee(self, party: Element | None) -> Payee | None:
        r = self.r
        return group(
            Payee,
            name=r.text(party, "ram:Name"),
            identifier=self.single_identifier(party, "BT-60"),
            legal_registration=r.identifier(
                r.one(party, "ram:SpecifiedLegalOrganization", "ram:ID")
            ),
        )

    def tax_representative(self, party: Element | None) -> SellerTaxRepresentative | None:
        return group(
            SellerTaxRepresentative,
            name=self.r.text(party, "ram:Name"),
            vat_identifier=self.tax_registration(party, VAT_IDENTIFIER_SCHEME),
            postal_address=self.address(
                self.r.one(party, "ram:PostalTradeAddress"), TaxRepresentativePostalAddress
            ),
        )

    def delivery(self, delivery: Element | None, settlement: Element | None) -> Delivery | None:
        r = self.r
        party = r.one(delivery, "ram:ShipToTradeParty")
        period = r.one(settlement, "ram:BillingSpecifiedPeriod")
        return group(
            Delivery,
            party_name=r.text(party, "ram:Name"),
            location_identifier=self.single_identifier(party, "BT-71"),
            actual_date=self.date_time(
                r.one(delivery, "ram:ActualDeliverySupplyChainEvent"),
                "ram:OccurrenceDateTime",
                "BT-72",
            ),
            invoicing_period=group(
                InvoicingPeriod,
                start=self.date_time(period, "ram:StartDateTime", "BT-73"),
                end=self.date_time(period, "ram:EndDateTime", "BT-74"),
            ),
            address=self.address(r.one(party, "ram:PostalTradeAddress"), DeliverToAddress),
        )

    # -- payment and amounts ----------------------------------------------------------------

    def payment_instructions(
        self, settlement: Element | None, terms: list[Element]
    ) -> PaymentInstructions | None:
        r = self.r
        means = r.every(settlement, "ram:SpecifiedTradeSettlementPaymentMeans")
        code = r.first_of(means, "ram:TypeCode")
        text = r.first_of(means, "ram:Information")
        cards = [c for e in means for c in r.peek(e, "ram:ApplicableTradeSettlementFinancialCard")]
        card = r.use(cards[0]) if cards else None
        mandate = r.first_of(terms, "ram:DirectDebitMandateID")
        debited = r.first_of(means, "ram:PayerPartyDebtorFinancialAccount", "ram:IBANID")
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
        allowances: list[DocumentAllowance | None] = []
        charges: list[DocumentCharge | None] = []
        for element in self.r.peek(settlement, "ram:SpecifiedTradeAllowanceCharge"):
            indicator = self.indicator(element, "BG-20")
            if indicator is True:
                charges.append(self.document_allowance_charge(element, DocumentCharge))
            elif indicator is False:
                allowances.append(self.document_allowance_charge(element, DocumentAllowance))
        return present(allowances), present(charges)

    def document_allowance_charge(self, element: Element, cls: type[_DocAC]) -> _DocAC | None:
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

    # -- lines ------------------------------------------------------------------------------

    def line(self, element: Element) -> InvoiceLine:
        r = self.r
        document = r.one(element, "ram:AssociatedDocumentLineDocument")
        product = r.one(element, "ram:SpecifiedTradeProduct")
        agreement = r.one(element, "ram:SpecifiedLineTradeAgreement")
        settlement = r.one(element, "ram:SpecifiedLineTradeSettlement")
        period = r.one(settlement, "ram:BillingSpecifiedPeriod")
        allowances, charges = self.line_allowance_charges(settlement)
        return InvoiceLine(
            identifier=r.code(document, "ram:LineID"),
            note=r.text(document, "ram:IncludedNote", "ram:Content"),
            object_identifier=self.line_object(settlement),
            quantity=r.quantity(
                r.one(element, "ram:SpecifiedLineTradeDelivery", "ram:BilledQuantity"), "BT-129"
            ),
            net_amount=self.amount(
                r.one(settlement, "ram:SpecifiedTradeSettlementLineMonetarySummation"),
                "ram:LineTotalAmount",
                "BT-131",
            ),
            order_line_reference=r.code(
                agreement, "ram:BuyerOrderReferencedDocument", "ram:LineID"
            ),
            accounting_reference=r.text(
                settlement, "ram:ReceivableSpecifiedTradeAccountingAccount", "ram:ID"
            ),
            period=group(
                LinePeriod,
                start=self.date_time(period, "ram:StartDateTime", "BT-134"),
                end=self.date_time(period, "ram:EndDateTime", "BT-135"),
            ),
            allowances=allowances,
            charges=charges,
            price=self.price(agreement),
            vat=self.line_vat(r.one(settlement, "ram:ApplicableTradeTax")),
            item=self.item(product),
        )

    def line_object(self, settlement: Element | None) -> Identifier | None:
        """BT-128: the line's additional referenced document with type code 130."""
        for element in self.r.peek(settlement, "ram:AdditionalReferencedDocument"):
            if self.type_code(element) == INVOICED_OBJECT:
                self.r.one(self.r.use(element), "ram:TypeCode")
                return self.invoiced_object(element)
        return None

    def line_allowance_charges(
        self, settlement: Element | None
    ) -> tuple[tuple[LineAllowance, ...], tuple[LineCharge, ...]]:
        allowances: list[LineAllowance | None] = []
        charges: list[LineCharge | None] = []
        for element in self.r.peek(settlement, "ram:SpecifiedTradeAllowanceCharge"):
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
            amount=self.amount(element, "ram:ActualAmount", terms["amount"]),
            base_amount=self.amount(element, "ram:BasisAmount", terms["base_amount"]),
            percentage=r.percentage(r.one(element, "ram:CalculationPercent"), terms["percentage"]),
            reason=r.text(element, "ram:Reason"),
            reason_code=r.code(element, "ram:ReasonCode"),
        )

    def price(self, agreement: Element | None) -> PriceDetails | None:
        """BG-29. The base quantity is on the net price; a gross price may repeat it (BR-TMP-3
        of XRechnung wants them equal), and it is taken from there when the net price has none."""
        r = self.r
        net = r.one(agreement, "ram:NetPriceProductTradePrice")
        gross = r.one(agreement, "ram:GrossPriceProductTradePrice")
        discount: Element | None = None
        for element in r.peek(gross, "ram:AppliedTradeAllowanceCharge"):
            indicator = r.peek_path(element, "ram:ChargeIndicator", "udt:Indicator")
            is_allowance = indicator is not None and (
                _BOOLEAN.get(element_text(indicator).strip()) is False
            )
            if discount is None and is_allowance:
                discount = r.use(element)
                r.one(element, "ram:ChargeIndicator", "udt:Indicator")
        base = r.quantity(r.one(net, "ram:BasisQuantity"), "BT-149")
        gross_base = r.peek_path(gross, "ram:BasisQuantity")
        if gross_base is not None:
            repeated = r.quantity(gross_base, "BT-149")
            if base is None:
                base = repeated
            elif repeated != base:
                r.reject(gross_base, "BT-149", "differs from the net price's base quantity")
        return group(
            PriceDetails,
            net_price=self.amount(net, "ram:ChargeAmount", "BT-146"),
            discount=self.amount(discount, "ram:ActualAmount", "BT-147"),
            gross_price=self.amount(gross, "ram:ChargeAmount", "BT-148"),
            base_quantity=base,
        )

    def line_vat(self, tax: Element | None) -> LineVatInformation | None:
        self.vat_type(tax)
        return group(
            LineVatInformation,
            category_code=self.r.code(tax, "ram:CategoryCode"),
            rate=self.r.percentage(self.r.one(tax, "ram:RateApplicablePercent"), "BT-152"),
        )

    def item(self, product: Element | None) -> ItemInformation | None:
        r = self.r
        return group(
            ItemInformation,
            name=r.text(product, "ram:Name"),
            description=r.text(product, "ram:Description"),
            seller_identifier=r.code(product, "ram:SellerAssignedID"),
            buyer_identifier=r.code(product, "ram:BuyerAssignedID"),
            standard_identifier=r.identifier(r.one(product, "ram:GlobalID")),
            classifications=present(
                r.identifier(r.one(e, "ram:ClassCode"), "listID", "listVersionID")
                for e in r.every(product, "ram:DesignatedProductClassification")
            ),
            origin_country=r.code(product, "ram:OriginTradeCountry", "ram:ID"),
            attributes=present(
                group(
                    ItemAttribute,
                    name=r.text(e, "ram:Description"),
                    value=r.text(e, "ram:Value"),
                )
                for e in r.every(product, "ram:ApplicableProductCharacteristic")
            ),
        )
