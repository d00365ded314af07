"""Compare two invoices business term by business term.

Two documents hold "the same invoice" when their models have the same value for every business
term; how either document spells it in XML does not matter. :func:`diff_invoices` lists each
term whose value differs, is only in one of them, or (with ``lexical``) is written differently.
"""

from __future__ import annotations

from dataclasses import dataclass

from einvoice_cli.model.fields import TermScalar, TermValue, iter_terms


@dataclass(frozen=True, slots=True)
class Difference:
    """One business term that two invoices do not share."""

    path: str
    """Where the term is, e.g. ``BG-25[2]/BG-29/BT-146``."""
    term: str
    left: TermScalar | None
    """The value in the first invoice; ``None`` when it does not have the term."""
    right: TermScalar | None
    """The value in the second invoice; ``None`` when it does not have the term."""

    def __str__(self) -> str:
        return f"{self.path}: {_show(self.left)} != {_show(self.right)}"


def diff_invoices(left: object, right: object, *, lexical: bool = False) -> tuple[Difference, ...]:
    """The business terms whose values differ between two models (invoices or groups).

    Decimals compare by value (``100.00`` equals ``100.0``); with ``lexical`` their text must
    be the same as well, which is what a converter that keeps precision has to achieve.
    """
    before = {tv.path: tv for tv in iter_terms(left)}
    after = {tv.path: tv for tv in iter_terms(right)}
    out = []
    for path in [*before, *(p for p in after if p not in before)]:
        a, b = before.get(path), after.get(path)
        known = a if a is not None else b
        if known is None or _same(a, b, lexical=lexical):
            continue
        out.append(
            Difference(
                path, known.term, None if a is None else a.value, None if b is None else b.value
            )
        )
    return tuple(out)


def _same(a: TermValue | None, b: TermValue | None, *, lexical: bool) -> bool:
    if a is None or b is None:
        return a is b
    if a.value != b.value:
        return False
    return not lexical or a.text is None or b.text is None or a.text == b.text


def _show(value: TermScalar | None) -> str:
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return repr(value)
