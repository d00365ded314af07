"""The state and helpers every part of the UBL reader shares."""

from __future__ import annotations

from datetime import date

from einvoice_cli.model.semantic import Amount
from einvoice_cli.model.ubl.syntax import UblDocument, parse_date
from einvoice_cli.model.xmlread import Element, Reading, element_text

BOOLEAN = {"true": True, "1": True, "false": False, "0": False}
"""xs:boolean's lexical forms (``cbc:ChargeIndicator``)."""


class UblReading:
    """One document's reading: tracked elements, document type, invoice currencies."""

    def __init__(self, reading: Reading, document: UblDocument) -> None:
        self.r = reading
        self.doc = document
        self.currency: str | None = None
        self.tax_currency: str | None = None
        self.creditor_identifier: str | None = None

    def amount(
        self, parent: Element | None, name: str, term: str, currency: str | None = None
    ) -> Amount | None:
        """An amount whose ``currencyID`` is the invoice currency (or ``currency``)."""
        element = self.r.one(parent, name)
        if element is not None:
            self.r.attribute_equal(element, "currencyID", currency or self.currency)
        return self.r.amount(element, term)

    def date_at(self, parent: Element | None, name: str, term: str) -> date | None:
        """A UBL date (``YYYY-MM-DD``); a malformed one is rejected."""
        return self.r.read_date(self.r.one(parent, name), term, parse_date)

    def indicator(self, parent: Element, term: str) -> bool | None:
        """``cbc:ChargeIndicator``; a missing or malformed one rejects the whole parent."""
        found = self.r.peek_path(parent, "cbc:ChargeIndicator")
        value = None if found is None else BOOLEAN.get(element_text(found).strip())
        if found is None or value is None:
            self.r.reject(parent, term, "allowance or charge without a valid ChargeIndicator")
            return None
        self.r.use(found)
        return value

    def document_type_code(self, element: Element) -> str | None:
        """A document reference's ``cbc:DocumentTypeCode``, without marking it used."""
        found = self.r.peek_path(element, "cbc:DocumentTypeCode")
        return None if found is None else element_text(found).strip()
