"""The state and helpers every part of the CII reader shares."""

from __future__ import annotations

from datetime import date

from einvoice_cli.model.cii.syntax import DATE_FORMAT, VAT, parse_date
from einvoice_cli.model.semantic import Amount, Identifier
from einvoice_cli.model.xmlread import Element, Reading, element_text

BOOLEAN = {"true": True, "1": True, "false": False, "0": False}
"""xs:boolean's lexical forms (``udt:Indicator``)."""


class CiiReading:
    """One document's reading: tracked elements and invoice currencies."""

    def __init__(self, reading: Reading) -> None:
        self.r = reading
        self.currency: str | None = None
        self.tax_currency: str | None = None

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
        """A ``udt:DateTimeString`` below ``name``."""
        return self.date_at(parent, (name, "udt:DateTimeString"), term)

    def indicator(self, parent: Element, term: str) -> bool | None:
        """``ram:ChargeIndicator/udt:Indicator``; a missing or bad one rejects the parent."""
        found = self.r.peek_path(parent, "ram:ChargeIndicator", "udt:Indicator")
        value = None if found is None else BOOLEAN.get(element_text(found).strip())
        if value is None:
            self.r.reject(parent, term, "allowance or charge without a valid ChargeIndicator")
            return None
        self.r.one(parent, "ram:ChargeIndicator", "udt:Indicator")
        return value

    def type_code(self, element: Element) -> str | None:
        """A referenced document's ``ram:TypeCode``, without marking it used."""
        found = self.r.peek_path(element, "ram:TypeCode")
        return None if found is None else element_text(found).strip()

    def vat_type(self, tax: Element | None) -> None:
        """Use the trade tax type code if it is VAT (the only tax EN 16931 knows)."""
        self.r.fixed(tax, ("ram:TypeCode",), VAT)

    def invoiced_object(self, element: Element) -> Identifier | None:
        """BT-18 or BT-128: the identifier, its scheme in ``ram:ReferenceTypeCode``."""
        identifier = self.r.one(element, "ram:IssuerAssignedID")
        if identifier is None:
            return None
        return Identifier(
            element_text(identifier).strip(), self.r.code(element, "ram:ReferenceTypeCode")
        )
