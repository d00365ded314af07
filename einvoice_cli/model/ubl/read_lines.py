"""Read the lines of a UBL invoice: BG-25 to BG-32, and sub invoice lines (BG-DEX-01 to 08)."""

from __future__ import annotations

from typing import TypeVar

from einvoice_cli.model.fields import terms_of
from einvoice_cli.model.semantic import (
    Identifier,
    InvoiceLine,
    ItemAttribute,
    ItemInformation,
    LineAllowance,
    LineAllowanceCharge,
    LineCharge,
    LinePeriod,
    LineVatInformation,
    PriceDetails,
    SubInvoiceLine,
    SubInvoiceLineItem,
)
from einvoice_cli.model.ubl.read_base import BOOLEAN, UblReading
from einvoice_cli.model.ubl.syntax import INVOICED_OBJECT, VAT
from einvoice_cli.model.xmlread import Element, element_text, group, present, split_by_indicator

_Line = TypeVar("_Line", bound=InvoiceLine)
_LineAC = TypeVar("_LineAC", bound=LineAllowanceCharge)
_Item = TypeVar("_Item", bound=ItemInformation)


class UblLinesReading(UblReading):
    """Invoice lines and, recursively, sub invoice lines."""

    def line(self, element: Element, cls: type[_Line], item_cls: type[ItemInformation]) -> _Line:
        """BG-25 (or, for ``SubInvoiceLine``, BG-DEX-01) with its sub invoice lines."""
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
        """BG-27 and BG-28: the line's ``cac:AllowanceCharge``s by charge indicator."""
        return split_by_indicator(
            self.r.peek(line, "cac:AllowanceCharge"),
            lambda element: self.indicator(element, "BG-27"),
            lambda element: self.line_allowance_charge(element, LineAllowance),
            lambda element: self.line_allowance_charge(element, LineCharge),
        )

    def line_allowance_charge(self, element: Element, cls: type[_LineAC]) -> _LineAC | None:
        """One line allowance or charge."""
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
        """BG-29: net price, base quantity, and the discount from the gross price."""
        r = self.r
        discount: Element | None = None
        for element in r.peek(price, "cac:AllowanceCharge"):
            indicator = self.r.peek_path(element, "cbc:ChargeIndicator")
            if indicator is None or discount is not None:
                continue
            if BOOLEAN.get(element_text(indicator).strip()) is False:
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
        """BG-30: the item's ``cac:ClassifiedTaxCategory``."""
        r = self.r
        r.fixed(category, ("cac:TaxScheme", "cbc:ID"), VAT)
        return group(
            LineVatInformation,
            category_code=r.code(category, "cbc:ID"),
            rate=r.percentage(r.one(category, "cbc:Percent"), "BT-152"),
        )

    def item(self, item: Element | None, cls: type[_Item]) -> _Item | None:
        """BG-31 with its attributes (BG-32), or BG-DEX-02 with BG-DEX-08 for a sub line."""
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
