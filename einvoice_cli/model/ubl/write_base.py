"""The state and helpers every part of the UBL writer shares."""

from __future__ import annotations

from typing import Protocol

from einvoice_cli.model.loss import Loss
from einvoice_cli.model.semantic import Amount, Invoice
from einvoice_cli.model.ubl.syntax import PREFIXES, VAT, UblDocument
from einvoice_cli.model.xmlwrite import Builder, Element


class AddChild(Protocol):
    """Adds a child to the document element (kept apart until it is put in XSD order)."""

    def __call__(self, name: str, text: str | None = None) -> Element:
        """Create the child ``name`` with ``text`` and return it."""


class UblWriting:
    """One document being written: the invoice, the document type, the losses so far."""

    def __init__(self, invoice: Invoice, document: UblDocument) -> None:
        self.inv = invoice
        self.doc = document
        self.b = Builder({**PREFIXES, "doc": document.namespace})
        self.losses: list[Loss] = []
        self.currency = invoice.currency_code

    def money(
        self, parent: Element, name: str, value: Amount | None, currency: str | None = None
    ) -> None:
        """An amount with ``currencyID``: the invoice currency (BT-5) unless told otherwise."""
        self.b.amount(parent, name, value, currencyID=currency or self.currency)

    def tax_scheme(self, parent: Element) -> None:
        """``cac:TaxScheme/cbc:ID`` VAT."""
        self.b.add(self.b.add(parent, "cac:TaxScheme"), "cbc:ID", VAT)
