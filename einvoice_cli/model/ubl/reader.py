"""Read a UBL 2.1 Invoice or CreditNote into the semantic model (EN 16931-3-2 binding).

The XPath of every business term follows the CEN EN 16931 UBL Schematron (validation-1.3.15)
and, for the XRechnung extension, the XRechnung UBL Schematron (v2.5.0): sub invoice lines are
``cac:SubInvoiceLine`` (``cac:SubCreditNoteLine`` in a CreditNote), third party payments are
``cac:PrepaidPayment``. Every element and attribute the reader does not take is reported as a
:class:`~einvoice_cli.model.loss.Loss` by :class:`~einvoice_cli.model.xmlread.Reading`.
"""

from __future__ import annotations

import re

from lxml import etree

from einvoice_cli.model.loss import Loss
from einvoice_cli.model.semantic import (
    Identifier,
    Invoice,
    InvoiceLine,
    InvoiceNote,
    ItemInformation,
    PrecedingInvoiceReference,
    ProcessControl,
    SupportingDocument,
    ThirdPartyPayment,
)
from einvoice_cli.model.ubl.read_lines import UblLinesReading
from einvoice_cli.model.ubl.read_parties import UblPartiesReading
from einvoice_cli.model.ubl.read_settlement import UblSettlementReading
from einvoice_cli.model.ubl.syntax import (
    INVOICED_OBJECT,
    ORDER_PLACEHOLDER,
    PREFIXES,
    PROJECT_REFERENCE,
    UBL_VERSION,
    parse_date,
    ubl_document_for_root,
)
from einvoice_cli.model.xmlread import Element, Reading, element_text, group, present

# EN 16931-3-2 puts the invoice note subject code (BT-21) in front of the note: "#AAI#text".
_NOTE = re.compile(r"#([A-Z]{3})#(.*)", re.DOTALL)


def read_ubl(tree: etree._ElementTree) -> tuple[Invoice, tuple[Loss, ...]]:
    """Read a UBL Invoice or CreditNote; raise :class:`ValueError` for any other document."""
    root = tree.getroot()
    document = ubl_document_for_root(str(root.tag))
    if document is None:
        raise ValueError(f"not a UBL 2.1 Invoice or CreditNote: {root.tag!r}")
    reader = _UblReader(Reading(root, PREFIXES), document)
    invoice = reader.invoice()
    return invoice, reader.r.losses()


class _UblReader(UblPartiesReading, UblSettlementReading, UblLinesReading):
    """The whole document: the header terms here, the groups in the base classes."""

    def invoice(self) -> Invoice:
        r, root, doc = self.r, self.r.root, self.doc
        self.currency = r.code(root, "cbc:DocumentCurrencyCode")
        self.tax_currency = r.code(root, "cbc:TaxCurrencyCode")
        # The version of UBL itself carries nothing when it is the version read (UBL-CR-002).
        r.fixed(root, ("cbc:UBLVersionID",), UBL_VERSION)
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
            due_date = r.read_date(
                self.r.first_of(means, "cbc:PaymentDueDate", term="BT-9"), "BT-9", parse_date
            )
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
