"""Invoice lines: BG-25 to BG-32 of EN 16931-1, and the XRechnung extension's sub invoice lines.

The XRechnung 3.0 extension (``urn:xeinkauf.de:kosit:extension:xrechnung_3.0``) adds BG-DEX-01
SUB INVOICE LINE, which nests to any depth below an invoice line and has the line's business
terms (BT-126 to BT-161) in its own groups: BG-DEX-02 item information, BG-DEX-03 allowances,
BG-DEX-04 charges, BG-DEX-05 period, BG-DEX-06 VAT information, BG-DEX-07 price details and
BG-DEX-08 item attributes. Only UBL binds it (``cac:SubInvoiceLine``); the XRechnung CII rules
say XRechnung does not support sub invoice lines in CII (BR-DEX-15).
"""

# RUF009: bt() and bg() return dataclasses.field(...) with term metadata, not a shared
# mutable default; ruff only recognises field() itself.
# ruff: noqa: RUF009

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from einvoice_cli.model.fields import bg, bt
from einvoice_cli.model.values import Amount, Identifier, Percentage, Quantity


@dataclass(frozen=True, slots=True)
class LinePeriod:
    """BG-26 INVOICE LINE PERIOD."""

    start: date | None = bt("BT-134", "Invoice line period start date", None)
    end: date | None = bt("BT-135", "Invoice line period end date", None)


@dataclass(frozen=True, slots=True)
class LineAllowanceCharge:
    """The shape line allowances and charges share; use one of the subclasses."""

    amount: Amount | None = None
    base_amount: Amount | None = None
    percentage: Percentage | None = None
    reason: str | None = None
    reason_code: str | None = None


@dataclass(frozen=True, slots=True)
class LineAllowance(LineAllowanceCharge):
    """BG-27 INVOICE LINE ALLOWANCES."""

    amount: Amount | None = bt("BT-136", "Invoice line allowance amount", None)
    base_amount: Amount | None = bt("BT-137", "Invoice line allowance base amount", None)
    percentage: Percentage | None = bt("BT-138", "Invoice line allowance percentage", None)
    reason: str | None = bt("BT-139", "Invoice line allowance reason", None)
    reason_code: str | None = bt("BT-140", "Invoice line allowance reason code", None)


@dataclass(frozen=True, slots=True)
class LineCharge(LineAllowanceCharge):
    """BG-28 INVOICE LINE CHARGES."""

    amount: Amount | None = bt("BT-141", "Invoice line charge amount", None)
    base_amount: Amount | None = bt("BT-142", "Invoice line charge base amount", None)
    percentage: Percentage | None = bt("BT-143", "Invoice line charge percentage", None)
    reason: str | None = bt("BT-144", "Invoice line charge reason", None)
    reason_code: str | None = bt("BT-145", "Invoice line charge reason code", None)


@dataclass(frozen=True, slots=True)
class PriceDetails:
    """BG-29 PRICE DETAILS."""

    net_price: Amount | None = bt("BT-146", "Item net price", None)
    discount: Amount | None = bt("BT-147", "Item price discount", None)
    gross_price: Amount | None = bt("BT-148", "Item gross price", None)
    base_quantity: Quantity | None = bt("BT-149", "Item price base quantity", None, unit="BT-150")


@dataclass(frozen=True, slots=True)
class LineVatInformation:
    """BG-30 LINE VAT INFORMATION."""

    category_code: str | None = bt("BT-151", "Invoiced item VAT category code", None)
    rate: Percentage | None = bt("BT-152", "Invoiced item VAT rate", None)


@dataclass(frozen=True, slots=True)
class ItemAttribute:
    """BG-32 ITEM ATTRIBUTES."""

    name: str | None = bt("BT-160", "Item attribute name", None)
    value: str | None = bt("BT-161", "Item attribute value", None)


@dataclass(frozen=True, slots=True)
class ItemInformation:
    """BG-31 ITEM INFORMATION."""

    name: str | None = bt("BT-153", "Item name", None)
    description: str | None = bt("BT-154", "Item description", None)
    seller_identifier: str | None = bt("BT-155", "Item Seller's identifier", None)
    buyer_identifier: str | None = bt("BT-156", "Item Buyer's identifier", None)
    standard_identifier: Identifier | None = bt("BT-157", "Item standard identifier", None)
    classifications: tuple[Identifier, ...] = bt("BT-158", "Item classification identifier", ())
    origin_country: str | None = bt("BT-159", "Item country of origin", None)
    attributes: tuple[ItemAttribute, ...] = bg("BG-32", "ITEM ATTRIBUTES", ())


@dataclass(frozen=True, slots=True)
class SubInvoiceLineItem(ItemInformation):
    """BG-DEX-02 SUB INVOICE LINE ITEM INFORMATION (XRechnung extension)."""

    attributes: tuple[ItemAttribute, ...] = bg("BG-DEX-08", "SUB INVOICE LINE ITEM ATTRIBUTES", ())


@dataclass(frozen=True, slots=True)
class InvoiceLine:
    """BG-25 INVOICE LINE."""

    identifier: str | None = bt("BT-126", "Invoice line identifier", None)
    note: str | None = bt("BT-127", "Invoice line note", None)
    object_identifier: Identifier | None = bt("BT-128", "Invoice line object identifier", None)
    quantity: Quantity | None = bt("BT-129", "Invoiced quantity", None, unit="BT-130")
    net_amount: Amount | None = bt("BT-131", "Invoice line net amount", None)
    order_line_reference: str | None = bt(
        "BT-132", "Referenced purchase order line reference", None
    )
    accounting_reference: str | None = bt("BT-133", "Invoice line Buyer accounting reference", None)
    period: LinePeriod | None = bg("BG-26", "INVOICE LINE PERIOD", None)
    allowances: tuple[LineAllowance, ...] = bg("BG-27", "INVOICE LINE ALLOWANCES", ())
    charges: tuple[LineCharge, ...] = bg("BG-28", "INVOICE LINE CHARGES", ())
    price: PriceDetails | None = bg("BG-29", "PRICE DETAILS", None)
    vat: LineVatInformation | None = bg("BG-30", "LINE VAT INFORMATION", None)
    item: ItemInformation | None = bg("BG-31", "ITEM INFORMATION", None)
    sub_lines: tuple[SubInvoiceLine, ...] = bg("BG-DEX-01", "SUB INVOICE LINE", ())


@dataclass(frozen=True, slots=True)
class SubInvoiceLine(InvoiceLine):
    """BG-DEX-01 SUB INVOICE LINE (XRechnung extension): an invoice line's business terms."""

    period: LinePeriod | None = bg("BG-DEX-05", "SUB INVOICE LINE PERIOD", None)
    allowances: tuple[LineAllowance, ...] = bg("BG-DEX-03", "SUB INVOICE LINE ALLOWANCES", ())
    charges: tuple[LineCharge, ...] = bg("BG-DEX-04", "SUB INVOICE LINE CHARGES", ())
    price: PriceDetails | None = bg("BG-DEX-07", "SUB INVOICE LINE PRICE DETAILS", None)
    vat: LineVatInformation | None = bg("BG-DEX-06", "SUB INVOICE LINE VAT INFORMATION", None)
    item: SubInvoiceLineItem | None = bg("BG-DEX-02", "SUB INVOICE LINE ITEM INFORMATION", None)
