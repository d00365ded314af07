"""Write the semantic model as a UN/CEFACT Cross Industry Invoice D16B (EN 16931-3-3 binding).

Elements are written in the order of the CII D16B XSD sequences (CrossIndustryInvoice_100pD16B
and its ReusableAggregateBusinessInformationEntity schema, as published by CEN). What CII cannot
hold is reported as a :class:`Loss`: the XRechnung extension's sub invoice lines (BG-DEX-01,
not supported in CII by XRechnung, BR-DEX-15) and third party payments (BG-DEX-09, bound to UBL
only), and every preceding invoice reference after the first (``ram:InvoiceReferencedDocument``
occurs at most once in D16B).
"""

from __future__ import annotations

from lxml import etree

from einvoice_cli.model.cii.syntax import (
    PROJECT_NAME,
    QDT,
    RAM,
    RSM,
    SUPPORTING_DOCUMENT,
    TENDER_OR_LOT,
    UDT,
)
from einvoice_cli.model.cii.write_lines import CiiLinesWriting
from einvoice_cli.model.cii.write_parties import CiiPartiesWriting
from einvoice_cli.model.cii.write_settlement import CiiSettlementWriting
from einvoice_cli.model.loss import Loss
from einvoice_cli.model.semantic import Buyer, Invoice, Seller
from einvoice_cli.model.xmlwrite import Element


def write_cii(invoice: Invoice) -> tuple[etree._ElementTree, tuple[Loss, ...]]:
    """The invoice as a CII D16B document, and what it could not hold."""
    writer = _CiiWriter(invoice)
    root = writer.document()
    return etree.ElementTree(root), tuple(writer.losses)


class _CiiWriter(CiiPartiesWriting, CiiSettlementWriting, CiiLinesWriting):
    """The whole document: the root and the header agreement here, the rest in the base classes."""

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
