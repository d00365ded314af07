"""Write invoice lines as UBL: BG-25 to BG-32 and sub invoice lines (BG-DEX-01 to 08)."""

from __future__ import annotations

from einvoice_cli.model.semantic import (
    InvoiceLine,
    ItemInformation,
    LineAllowanceCharge,
    LineCharge,
    LineVatInformation,
    PriceDetails,
)
from einvoice_cli.model.ubl.syntax import INVOICED_OBJECT
from einvoice_cli.model.ubl.write_base import UblWriting
from einvoice_cli.model.xmlwrite import Element, has_any, iso_date

_PRICE_DISCOUNT_PLACEHOLDER = "0"


class UblLinesWriting(UblWriting):
    """Invoice lines and, recursively, sub invoice lines."""

    def line(self, element: Element, line: InvoiceLine) -> None:
        """BG-25 (or BG-DEX-01) with its sub invoice lines."""
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
        """One line allowance or charge (BG-27, BG-28)."""
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
        """BG-31, BG-32 and the line VAT information (BG-30) as ``cac:Item``."""
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
