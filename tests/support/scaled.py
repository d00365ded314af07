"""Large invoices made from a corpus invoice, for the tests and benchmarks of how cost grows
with size (issues 13 and 14): many lines (all valid, or each breaking a rule) and many VAT
breakdowns. Generated in memory; nothing large is kept in the repository."""

from __future__ import annotations

import re
from pathlib import Path

from tests.support.corpus import XRECHNUNG_TESTSUITE

BASE = XRECHNUNG_TESTSUITE / "business-cases" / "standard" / "01.01a-INVOICE_ubl.xml"
"""A UBL XRechnung with two lines, one VAT breakdown (S, 7 %) and no allowances."""

LINE_RULE = "BR-27"
"""The rule each line of :func:`invoice_with_lines` breaks with ``failing``: the item net
price (BT-146) is negative."""

_LINE = re.compile(r"[ \t]*<cac:InvoiceLine>.*?</cac:InvoiceLine>\n", re.DOTALL)
_TAX_TOTAL = re.compile(r"[ \t]*<cac:TaxTotal>.*?</cac:TaxTotal>\n", re.DOTALL)
_MONETARY_TOTAL = re.compile(
    r"[ \t]*<cac:LegalMonetaryTotal>.*?</cac:LegalMonetaryTotal>\n", re.DOTALL
)


def _amount(name: str, value: str, text: str) -> str:
    return re.sub(
        rf"(<cbc:{name} currencyID=\"EUR\">)[^<]*(<)", rf"\g<1>{value}\g<2>", text, count=1
    )


def _base(path: Path = BASE) -> tuple[str, str]:
    text = path.read_text(encoding="utf-8")
    line = _LINE.search(text)
    assert line is not None, path
    return text, line.group()


def invoice_with_lines(count: int, *, failing: bool) -> bytes:
    """The base invoice with ``count`` lines more, each with amount 0.00 (the totals stay
    right); with ``failing``, each of them breaks :data:`LINE_RULE`."""
    text, line = _base()
    extra = []
    for number in range(count):
        copy = re.sub(r"<cbc:ID>[^<]*</cbc:ID>", f"<cbc:ID>G{number}</cbc:ID>", line, count=1)
        copy = _amount("LineExtensionAmount", "0.00", copy)
        copy = _amount("PriceAmount", "-1.00" if failing else "0.00", copy)
        extra.append(copy)
    end = text.rindex("</ubl:Invoice>")
    return (text[:end] + "".join(extra) + text[end:]).encode("utf-8")


def invoice_with_vat_rates(count: int) -> bytes:
    """A valid invoice with ``count`` lines of 100.00 EUR, each at its own VAT rate (1.00 %,
    1.01 %, ...), and so ``count`` VAT breakdowns."""
    text, line = _base()
    lines, subtotals, total_tax = [], [], 0
    for number in range(count):
        cents = 100 + number  # the rate in hundredths of a percent = the tax in cents
        rate = f"{cents // 100}.{cents % 100:02d}"
        copy = re.sub(r"<cbc:ID>[^<]*</cbc:ID>", f"<cbc:ID>R{number}</cbc:ID>", line, count=1)
        copy = _amount("LineExtensionAmount", "100.00", copy)
        copy = _amount("PriceAmount", "100.00", copy)
        copy = re.sub(
            r"<cbc:Percent>[^<]*</cbc:Percent>", f"<cbc:Percent>{rate}</cbc:Percent>", copy
        )
        lines.append(copy)
        subtotals.append(
            "<cac:TaxSubtotal>"
            '<cbc:TaxableAmount currencyID="EUR">100.00</cbc:TaxableAmount>'
            f'<cbc:TaxAmount currencyID="EUR">{rate}</cbc:TaxAmount>'
            f"<cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>{rate}</cbc:Percent>"
            "<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory>"
            "</cac:TaxSubtotal>\n"
        )
        total_tax += cents
    net = f"{count * 100}.00"
    tax = f"{total_tax // 100}.{total_tax % 100:02d}"
    gross_cents = count * 10000 + total_tax
    gross = f"{gross_cents // 100}.{gross_cents % 100:02d}"
    tax_total = (
        f'<cac:TaxTotal><cbc:TaxAmount currencyID="EUR">{tax}</cbc:TaxAmount>\n'
        + "".join(subtotals)
        + "</cac:TaxTotal>\n"
    )
    monetary = (
        "<cac:LegalMonetaryTotal>"
        f'<cbc:LineExtensionAmount currencyID="EUR">{net}</cbc:LineExtensionAmount>'
        f'<cbc:TaxExclusiveAmount currencyID="EUR">{net}</cbc:TaxExclusiveAmount>'
        f'<cbc:TaxInclusiveAmount currencyID="EUR">{gross}</cbc:TaxInclusiveAmount>'
        f'<cbc:PayableAmount currencyID="EUR">{gross}</cbc:PayableAmount>'
        "</cac:LegalMonetaryTotal>\n"
    )
    text = _LINE.sub("", text)
    text = _TAX_TOTAL.sub(lambda _: tax_total, text, count=1)
    text = _MONETARY_TOTAL.sub(lambda _: monetary, text, count=1)
    end = text.rindex("</ubl:Invoice>")
    return (text[:end] + "".join(lines) + text[end:]).encode("utf-8")
