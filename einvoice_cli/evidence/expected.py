"""What the arithmetic rules of EN 16931 expect a total to be, computed from the document.

A rule such as BR-CO-15 says "BT-112 = BT-109 + BT-110"; when it fails, the supplier wants the
figure that would satisfy it. Each rule is one row of :data:`ARITHMETIC`: the term it checks and
how its value follows from the others (EN 16931-1, clause 6.4, and the VAT category rules
BR-x-08/-09). The official rule still decides; this only shows the figure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from types import MappingProxyType

from lxml import etree

from einvoice_cli.evidence.places import DocumentPlaces

Element = etree._Element
_CENT = Decimal("0.01")


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.strip())
    except InvalidOperation:
        return None


def _numbers(places: DocumentPlaces, term: str, context: Element) -> list[Decimal] | None:
    """The term's values as decimals; ``None`` when one is not a number."""
    out = []
    for node in places.nodes(term, context):
        text = node if isinstance(node, str) else "".join(node.itertext())
        number = _decimal(text)
        if number is None:
            return None
        out.append(number)
    return out


def _one(places: DocumentPlaces, term: str, context: Element) -> Decimal:
    numbers = _numbers(places, term, context)
    if numbers is None or len(numbers) > 1:
        raise _NotComputable
    return numbers[0] if numbers else Decimal(0)


def _sum(places: DocumentPlaces, term: str) -> Decimal:
    numbers = _numbers(places, term, places.root)
    if numbers is None:
        raise _NotComputable
    return sum(numbers, Decimal(0))


class _NotComputable(Exception):
    """A value the rule needs is missing twice or not a number: no figure to show."""


Formula = Callable[[DocumentPlaces, Element], Decimal]


@dataclass(frozen=True, slots=True)
class Arithmetic:
    """One arithmetic rule: the business term it checks and the value that term should have."""

    term: str
    formula: Formula


def _vat_amount(places: DocumentPlaces, context: Element) -> Decimal:
    base = _one(places, "BT-116", context)
    rate = _one(places, "BT-119", context)
    return (base * rate / 100).quantize(_CENT, rounding=ROUND_HALF_UP)


def _text(places: DocumentPlaces, term: str, context: Element) -> str | None:
    found = places.nodes(term, context)
    if not found:
        return None
    first = found[0]
    return (first if isinstance(first, str) else "".join(first.itertext())).strip()


def _same_rate(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a == b
    x, y = _decimal(a), _decimal(b)
    return x == y if x is not None and y is not None else a == b


def _category_base(with_rate: bool) -> Formula:
    """BR-x-08: the taxable amount of a VAT category (and rate): its lines' net amounts plus its
    document level charges minus its document level allowances."""

    def formula(places: DocumentPlaces, context: Element) -> Decimal:
        category = _text(places, "BT-118", context)
        rate = _text(places, "BT-119", context) if with_rate else None
        total = Decimal(0)
        parts: Iterable[tuple[str, str, str, str, int]] = (
            ("BG-25", "BT-151", "BT-152", "BT-131", 1),
            ("BG-21", "BT-102", "BT-103", "BT-99", 1),
            ("BG-20", "BT-95", "BT-96", "BT-92", -1),
        )
        for group, category_term, rate_term, amount_term, sign in parts:
            for element in places.group_elements(group):
                if _text(places, category_term, element) != category:
                    continue
                if with_rate and not _same_rate(_text(places, rate_term, element), rate):
                    continue
                total += sign * _one(places, amount_term, element)
        return total.quantize(_CENT, rounding=ROUND_HALF_UP)

    return formula


def _zero(places: DocumentPlaces, context: Element) -> Decimal:
    return Decimal("0.00")


def _rows() -> dict[str, Arithmetic]:
    rows = {
        "BR-CO-10": Arithmetic("BT-106", lambda p, c: _sum(p, "BT-131")),
        "BR-CO-11": Arithmetic("BT-107", lambda p, c: _sum(p, "BT-92")),
        "BR-CO-12": Arithmetic("BT-108", lambda p, c: _sum(p, "BT-99")),
        "BR-CO-13": Arithmetic(
            "BT-109",
            lambda p, c: (
                _one(p, "BT-106", p.root) - _one(p, "BT-107", p.root) + _one(p, "BT-108", p.root)
            ),
        ),
        "BR-CO-14": Arithmetic("BT-110", lambda p, c: _sum(p, "BT-117")),
        "BR-CO-15": Arithmetic(
            "BT-112", lambda p, c: _one(p, "BT-109", p.root) + _one(p, "BT-110", p.root)
        ),
        "BR-CO-16": Arithmetic(
            "BT-115",
            lambda p, c: (
                _one(p, "BT-112", p.root) - _one(p, "BT-113", p.root) + _one(p, "BT-114", p.root)
            ),
        ),
        "BR-CO-17": Arithmetic("BT-117", _vat_amount),
    }
    # VAT categories: standard rate (S) and the two Canary Islands / Ceuta-Melilla ones (L, M)
    # are split by rate too; the others have one taxable amount and no tax.
    for category, by_rate in (
        ("S", True), ("L", True), ("M", True),
        ("Z", False), ("E", False), ("AE", False), ("K", False), ("G", False), ("O", False),
    ):  # fmt: skip
        rows[f"BR-{category}-08"] = Arithmetic("BT-116", _category_base(by_rate))
        rows[f"BR-{category}-09"] = Arithmetic("BT-117", _vat_amount if by_rate else _zero)
    return rows


ARITHMETIC: Mapping[str, Arithmetic] = MappingProxyType(_rows())
"""Rule id -> the term it checks and how to compute the value the rule expects."""


def expected_value(rule: str, places: DocumentPlaces, context: Element) -> tuple[str, str] | None:
    """The term an arithmetic rule checks and the value that satisfies it, where computable."""
    row = ARITHMETIC.get(rule)
    if row is None:
        return None
    try:
        value = row.formula(places, context)
    except _NotComputable:
        return None
    return row.term, str(value)
