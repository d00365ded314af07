"""The terminal rendering: seller, buyer, number and dates, lines, VAT, totals and payment.

It is drawn with rich from the EN 16931 model (``model/``), the same reading the converter
uses, so it needs no stylesheet and works for every document the model reads. Payment account
identifiers are masked to their last four characters unless ``full``; ``terms`` shows each
value's business term. This module and ``cli/`` are the places that import rich for renderings.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from einvoice_cli.core.findings import Severity
from einvoice_cli.core.results import DocumentResult
from einvoice_cli.core.verdict import Verdict
from einvoice_cli.model.parties import Buyer, PostalAddress, Seller
from einvoice_cli.model.semantic import Invoice
from einvoice_cli.model.values import Amount, Percentage, Quantity
from einvoice_cli.rendering import RenderOptions, title
from einvoice_cli.rendering.pack import Language
from einvoice_cli.rendering.source import RenderSource
from einvoice_cli.rendering.words import word

VISIBLE_ACCOUNT_CHARACTERS = 4
"""How many trailing characters of an account identifier stay visible when masked."""


def render_text(source: RenderSource, options: RenderOptions, result: DocumentResult | None) -> str:
    """The document as text for a terminal (with ANSI colours when ``options.color``)."""
    stream = io.StringIO()
    console = Console(
        file=stream,
        width=options.width,
        force_terminal=options.color,
        color_system="standard" if options.color else None,
        highlight=False,
        emoji=False,
    )
    invoice = source.invoice or Invoice()
    view = _TextView(options)
    parts: list[RenderableType] = []
    parts.extend(view.banner(result))
    parts.append(Text(title(source, options.lang), style="bold"))
    parts.append(view.header(invoice))
    parts.append(view.parties(invoice.seller, invoice.buyer))
    parts.append(view.lines(invoice))
    parts.append(view.vat(invoice))
    parts.append(view.totals(invoice))
    parts.extend(view.payment(invoice))
    if source.not_shown:
        parts.append(Text(word("not-shown", options.lang, count=len(source.not_shown))))
    for part in parts:
        console.print(part)
    return stream.getvalue()


class _TextView:
    """The pieces of the text rendering, in one language."""

    def __init__(self, options: RenderOptions) -> None:
        self.options = options
        self.lang = options.lang

    def label(self, key: str, term: str) -> str:
        text = word(key, self.lang)
        return f"{text} ({term})" if self.options.terms else text

    def banner(self, result: DocumentResult | None) -> list[RenderableType]:
        if result is None or result.verdict is not Verdict.REJECT:
            return []
        errors = [f for f in result.findings if f.severity is Severity.ERROR and f.in_verdict]
        lines = [f"[{f.rule}] {f.message}" for f in errors[:10]]
        if len(errors) > 10:
            lines.append(word("more-findings", self.lang, count=len(errors) - 10))
        body = Text("\n".join(lines))
        return [Panel(body, title=word("rejected", self.lang), style="red")]

    def header(self, invoice: Invoice) -> Table:
        table = Table.grid(padding=(0, 2))
        rows = (
            (self.label("number", "BT-1"), invoice.number),
            (self.label("issue-date", "BT-2"), _date(invoice.issue_date, self.lang)),
            (self.label("due-date", "BT-9"), _date(invoice.due_date, self.lang)),
            (self.label("buyer-reference", "BT-10"), invoice.buyer_reference),
        )
        for name, value in rows:
            if value:
                table.add_row(Text(name, style="dim"), Text(value))
        return table

    def parties(self, seller: Seller | None, buyer: Buyer | None) -> Table:
        grid = Table.grid(expand=True, padding=(0, 1))
        grid.add_column(ratio=1)
        grid.add_column(ratio=1)
        grid.add_row(
            Panel(
                self._party(
                    seller.name if seller else None,
                    seller.postal_address if seller else None,
                    seller.vat_identifier if seller else None,
                    "BT-27",
                    "BT-31",
                ),
                title=self.label("seller", "BG-4"),
            ),
            Panel(
                self._party(
                    buyer.name if buyer else None,
                    buyer.postal_address if buyer else None,
                    buyer.vat_identifier if buyer else None,
                    "BT-44",
                    "BT-48",
                ),
                title=self.label("buyer", "BG-7"),
            ),
        )
        return grid

    def _party(
        self,
        name: str | None,
        address: PostalAddress | None,
        vat_identifier: str | None,
        name_term: str,
        vat_term: str,
    ) -> Text:
        lines = [f"{name or ''}{f'  ({name_term})' if self.options.terms else ''}"]
        if address is not None:
            lines.extend(_address_lines(address))
        if vat_identifier:
            lines.append(f"{self.label('vat-id', vat_term)}: {vat_identifier}")
        return Text("\n".join(line for line in lines if line.strip()))

    def lines(self, invoice: Invoice) -> Table:
        table = Table(title=self.label("lines", "BG-25"), title_justify="left", expand=True)
        table.add_column(self.label("line-id", "BT-126"))
        table.add_column(self.label("item", "BT-153"), ratio=1)
        table.add_column(self.label("quantity", "BT-129"), justify="right")
        table.add_column(self.label("unit", "BT-130"))
        table.add_column(self.label("net", "BT-131"), justify="right")
        for line in invoice.lines:
            table.add_row(
                line.identifier or "",
                (line.item.name if line.item else None) or "",
                _quantity(line.quantity, self.lang),
                (line.quantity.unit_code if line.quantity else None) or "",
                _amount(line.net_amount, self.lang),
            )
        return table

    def vat(self, invoice: Invoice) -> Table:
        table = Table(title=self.label("vat-breakdown", "BG-23"), title_justify="left", expand=True)
        table.add_column(self.label("category", "BT-118"))
        table.add_column(self.label("rate", "BT-119"), justify="right")
        table.add_column(self.label("taxable", "BT-116"), justify="right")
        table.add_column(self.label("tax", "BT-117"), justify="right")
        for row in invoice.vat_breakdown:
            table.add_row(
                row.category_code or "",
                _percentage(row.rate, self.lang),
                _amount(row.taxable_amount, self.lang),
                _amount(row.tax_amount, self.lang),
            )
        return table

    def totals(self, invoice: Invoice) -> Table:
        table = Table(title=self.label("totals", "BG-22"), title_justify="left", show_header=False)
        table.add_column()
        table.add_column(justify="right")
        totals = invoice.totals
        currency = invoice.currency_code or ""
        rows = (
            ("line-total", "BT-106", totals.line_net_total if totals else None, ""),
            ("total-without-vat", "BT-109", totals.total_without_vat if totals else None, ""),
            ("vat-total", "BT-110", totals.vat_total if totals else None, ""),
            ("total-with-vat", "BT-112", totals.total_with_vat if totals else None, "bold"),
            ("paid", "BT-113", totals.paid_amount if totals else None, ""),
            ("amount-due", "BT-115", totals.amount_due if totals else None, "bold"),
        )
        for key, term, amount, style in rows:
            if amount is not None:
                table.add_row(
                    Text(self.label(key, term), style=style),
                    Text(f"{_amount(amount, self.lang)} {currency}".strip(), style=style),
                )
        return table

    def payment(self, invoice: Invoice) -> list[RenderableType]:
        rows: list[tuple[str, str]] = []
        instructions = invoice.payment_instructions
        if instructions is not None:
            if instructions.means_code or instructions.means_text:
                means = " ".join(p for p in (instructions.means_code, instructions.means_text) if p)
                rows.append((self.label("means", "BT-81"), means))
            for transfer in instructions.credit_transfers:
                if transfer.account_identifier:
                    account = transfer.account_identifier
                    shown = account if self.options.full else mask(account)
                    rows.append((self.label("account", "BT-84"), shown))
            if instructions.remittance_information:
                rows.append(
                    (self.label("remittance", "BT-83"), instructions.remittance_information)
                )
        if invoice.payment_terms:
            rows.append((self.label("terms", "BT-20"), invoice.payment_terms))
        if not rows:
            return []
        table = Table.grid(padding=(0, 2))
        for name, value in rows:
            table.add_row(Text(name, style="dim"), Text(value))
        return [Group(Text(self.label("payment", "BG-16"), style="bold"), table)]


def mask(account: str) -> str:
    """An account identifier with all but its last four characters hidden."""
    compact = "".join(account.split())
    visible = compact[-VISIBLE_ACCOUNT_CHARACTERS:]
    return "*" * max(0, len(compact) - len(visible)) + visible


def _address_lines(address: PostalAddress) -> Iterable[str]:
    yield from (line or "" for line in (address.line1, address.line2, address.line3))
    city = " ".join(p for p in (address.post_code, address.city) if p)
    yield " ".join(p for p in (city, address.country_code) if p)


def _number(value: Decimal, lang: Language) -> str:
    exponent = value.as_tuple().exponent
    places = max(2, -exponent) if isinstance(exponent, int) else 2
    text = f"{value:,.{places}f}"
    if lang is Language.DE:
        text = text.translate(str.maketrans(",.", ".,"))
    return text


def _amount(amount: Amount | None, lang: Language) -> str:
    return _number(amount.value, lang) if amount is not None else ""


def _quantity(quantity: Quantity | None, lang: Language) -> str:
    return _number(quantity.value, lang) if quantity is not None else ""


def _percentage(rate: Percentage | None, lang: Language) -> str:
    return f"{_number(rate.value, lang)} %" if rate is not None else ""


def _date(value: date | None, lang: Language) -> str | None:
    if value is None:
        return None
    return value.strftime("%d.%m.%Y") if lang is Language.DE else value.isoformat()
