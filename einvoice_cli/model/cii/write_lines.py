"""Write invoice lines as CII: BG-25 to BG-32 (EN 16931-3-3)."""

from __future__ import annotations

from einvoice_cli.model.cii.write_base import CiiWriting
from einvoice_cli.model.loss import Loss
from einvoice_cli.model.semantic import (
    InvoiceLine,
    ItemInformation,
    LineAllowanceCharge,
    LineCharge,
    PriceDetails,
)
from einvoice_cli.model.xmlwrite import Element, has_any


class CiiLinesWriting(CiiWriting):
    """Invoice lines; sub invoice lines are reported as lost."""

    def line(self, element: Element, index: int, line: InvoiceLine) -> None:
        """BG-25 as a ``ram:IncludedSupplyChainTradeLineItem``; sub invoice lines are losses."""
        b = self.b
        document = b.add(element, "ram:AssociatedDocumentLineDocument")
        b.text(document, "ram:LineID", line.identifier)
        if line.note is not None:
            b.add(b.add(document, "ram:IncludedNote"), "ram:Content", line.note)
        self.product(b.add(element, "ram:SpecifiedTradeProduct"), line.item or ItemInformation())
        agreement = b.add(element, "ram:SpecifiedLineTradeAgreement")
        if line.order_line_reference is not None:
            b.add(
                b.add(agreement, "ram:BuyerOrderReferencedDocument"),
                "ram:LineID",
                line.order_line_reference,
            )
        self.price(agreement, index, line.price)
        if line.quantity is not None:
            b.quantity(
                b.add(element, "ram:SpecifiedLineTradeDelivery"),
                "ram:BilledQuantity",
                line.quantity,
            )
        settlement = b.add(element, "ram:SpecifiedLineTradeSettlement")
        if line.vat is not None:
            self.trade_tax(
                settlement, "ram:ApplicableTradeTax", line.vat.category_code, line.vat.rate
            )
        if line.period is not None:
            period = b.add(settlement, "ram:BillingSpecifiedPeriod")
            self.date_at(period, "ram:StartDateTime", line.period.start)
            self.date_at(period, "ram:EndDateTime", line.period.end)
        for allowance_charge in (*line.allowances, *line.charges):
            self.line_allowance_charge(
                b.add(settlement, "ram:SpecifiedTradeAllowanceCharge"), allowance_charge
            )
        if line.net_amount is not None:
            summation = b.add(settlement, "ram:SpecifiedTradeSettlementLineMonetarySummation")
            b.amount(summation, "ram:LineTotalAmount", line.net_amount)
        if line.object_identifier is not None:
            self.invoiced_object(
                b.add(settlement, "ram:AdditionalReferencedDocument"), line.object_identifier
            )
        if line.accounting_reference is not None:
            account = b.add(settlement, "ram:ReceivableSpecifiedTradeAccountingAccount")
            b.add(account, "ram:ID", line.accounting_reference)
        for sub_index, _sub_line in enumerate(line.sub_lines, start=1):
            self.losses.append(
                Loss(
                    f"BG-25[{index}]/BG-DEX-01[{sub_index}]",
                    "BG-DEX-01",
                    "XRechnung does not support sub invoice lines in CII (BR-DEX-15)",
                )
            )

    def product(self, element: Element, item: ItemInformation) -> None:
        """BG-31 and BG-32 as ``ram:SpecifiedTradeProduct``."""
        b = self.b
        b.identifier(element, "ram:GlobalID", item.standard_identifier)
        b.text(element, "ram:SellerAssignedID", item.seller_identifier)
        b.text(element, "ram:BuyerAssignedID", item.buyer_identifier)
        b.text(element, "ram:Name", item.name)
        b.text(element, "ram:Description", item.description)
        for attribute in item.attributes:
            characteristic = b.add(element, "ram:ApplicableProductCharacteristic")
            b.text(characteristic, "ram:Description", attribute.name)
            b.text(characteristic, "ram:Value", attribute.value)
        for classification in item.classifications:
            b.identifier(
                b.add(element, "ram:DesignatedProductClassification"),
                "ram:ClassCode",
                classification,
                scheme="listID",
                version="listVersionID",
            )
        if item.origin_country is not None:
            b.add(b.add(element, "ram:OriginTradeCountry"), "ram:ID", item.origin_country)

    def price(self, agreement: Element, index: int, price: PriceDetails | None) -> None:
        """BG-29: the gross price carries the discount, the net price the base quantity."""
        if price is None:
            return
        b = self.b
        if price.gross_price is not None:
            gross = b.add(agreement, "ram:GrossPriceProductTradePrice")
            b.amount(gross, "ram:ChargeAmount", price.gross_price)
            if price.discount is not None:
                discount = b.add(gross, "ram:AppliedTradeAllowanceCharge")
                b.add(b.add(discount, "ram:ChargeIndicator"), "udt:Indicator", "false")
                b.amount(discount, "ram:ActualAmount", price.discount)
        elif price.discount is not None:
            self.losses.append(
                Loss(
                    f"BG-25[{index}]/BG-29/BT-147",
                    "BT-147",
                    "CII holds the item price discount only with a gross price (BT-148)",
                )
            )
        if has_any(price.net_price, price.base_quantity):
            net = b.add(agreement, "ram:NetPriceProductTradePrice")
            b.amount(net, "ram:ChargeAmount", price.net_price)
            b.quantity(net, "ram:BasisQuantity", price.base_quantity)

    def line_allowance_charge(self, element: Element, item: LineAllowanceCharge) -> None:
        """One line allowance or charge (BG-27, BG-28)."""
        b = self.b
        indicator = b.add(element, "ram:ChargeIndicator")
        b.add(indicator, "udt:Indicator", "true" if isinstance(item, LineCharge) else "false")
        b.amount(element, "ram:CalculationPercent", item.percentage)
        b.amount(element, "ram:BasisAmount", item.base_amount)
        b.amount(element, "ram:ActualAmount", item.amount)
        b.text(element, "ram:ReasonCode", item.reason_code)
        b.text(element, "ram:Reason", item.reason)
