"""Read a UN/CEFACT Cross Industry Invoice (D16B) into the semantic model (EN 16931-3-3).

The XPath of every business term follows the CEN EN 16931 CII Schematron (validation-1.3.15).
CII carries none of the XRechnung extension's groups: the XRechnung CII rules warn that sub
invoice lines (``ram:ParentLineID``) are not supported (BR-DEX-15) and bind no third party
payment, so such content is reported as not carried, like any other element the reader does
not take (see :class:`~einvoice_cli.model.xmlread.Reading`).
"""

from __future__ import annotations

from lxml import etree

from einvoice_cli.model.cii.read_lines import CiiLinesReading
from einvoice_cli.model.cii.read_parties import CiiPartiesReading
from einvoice_cli.model.cii.read_settlement import CiiSettlementReading
from einvoice_cli.model.cii.syntax import (
    INVOICED_OBJECT,
    PREFIXES,
    PROJECT_NAME,
    ROOT,
    SUPPORTING_DOCUMENT,
    TENDER_OR_LOT,
    VAT_POINT_CODE_FROM_CII,
)
from einvoice_cli.model.loss import Loss
from einvoice_cli.model.semantic import (
    Identifier,
    Invoice,
    InvoiceNote,
    PrecedingInvoiceReference,
    ProcessControl,
    SupportingDocument,
)
from einvoice_cli.model.xmlread import Element, Reading, element_text, group, present


def read_cii(tree: etree._ElementTree) -> tuple[Invoice, tuple[Loss, ...]]:
    """Read a CII D16B invoice; raise :class:`ValueError` for any other document."""
    root = tree.getroot()
    if root.tag != ROOT:
        raise ValueError(f"not a UN/CEFACT Cross Industry Invoice: {root.tag!r}")
    reader = _CiiReader(Reading(root, PREFIXES))
    invoice = reader.invoice()
    return invoice, reader.r.losses()


class _CiiReader(CiiPartiesReading, CiiSettlementReading, CiiLinesReading):
    """The whole document: the header terms here, the groups in the base classes."""

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
                r.first_of(
                    taxes, "ram:TaxPointDate", "udt:DateString", term="BT-7", attributes=("format",)
                ),
                (),
                "BT-7",
            ),
            vat_point_date_code=self.vat_point_date_code(
                r.first_of(taxes, "ram:DueDateTypeCode", term="BT-8")
            ),
            due_date=self.date_at(
                r.first_of(
                    terms,
                    "ram:DueDateDateTime",
                    "udt:DateTimeString",
                    term="BT-9",
                    attributes=("format",),
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
