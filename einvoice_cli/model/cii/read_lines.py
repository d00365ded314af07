"""Read the lines of a CII invoice: BG-25 to BG-32 (EN 16931-3-3)."""

from __future__ import annotations

from typing import TypeVar

from einvoice_cli.model.cii.read_base import BOOLEAN, CiiReading
from einvoice_cli.model.cii.syntax import INVOICED_OBJECT
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
)
from einvoice_cli.model.xmlread import Element, element_text, group, present, split_by_indicator

_LineAC = TypeVar("_LineAC", bound=LineAllowanceCharge)


class CiiLinesReading(CiiReading):
    """Invoice lines (``ram:IncludedSupplyChainTradeLineItem``)."""

    def line(self, element: Element) -> InvoiceLine:
        """BG-25 from a ``ram:IncludedSupplyChainTradeLineItem``."""
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
        """BG-27 and BG-28 by charge indicator."""
        return split_by_indicator(
            self.r.peek(settlement, "ram:SpecifiedTradeAllowanceCharge"),
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
                BOOLEAN.get(element_text(indicator).strip()) is False
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
        """BG-30: the line's ``ram:ApplicableTradeTax``."""
        self.vat_type(tax)
        return group(
            LineVatInformation,
            category_code=self.r.code(tax, "ram:CategoryCode"),
            rate=self.r.percentage(self.r.one(tax, "ram:RateApplicablePercent"), "BT-152"),
        )

    def item(self, product: Element | None) -> ItemInformation | None:
        """BG-31 with its attributes (BG-32) from ``ram:SpecifiedTradeProduct``."""
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
