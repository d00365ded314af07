"""The table of each rule's business terms that the Schematron compiler stores with the
compiled rules: one line per rule id, ``BR-CO-15 BT-112 BT-109 BT-110``, in a data element of
the stylesheet that Saxon ignores. Reading it needs no binding table, so a process that runs
cached rules does not load one for it (``rule_terms.py`` computes the terms)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping


def terms_table_text(terms: Mapping[str, Iterable[str]]) -> str:
    """The table the compiler stores: one line per rule id, ``ID TERM TERM ...``."""
    return "\n".join(f"{rule} {' '.join(t)}" for rule, t in sorted(terms.items()) if t)


_TABLE = re.compile(r"<evsch:terms(?:\s[^>]*)?>([^<]*)</evsch:terms>")


def terms_of_stylesheet(xslt_text: str) -> dict[str, tuple[str, ...]]:
    """The table of rule ids and terms a stylesheet of our compiler holds (empty for others)."""
    match = _TABLE.search(xslt_text)
    return parse_terms_table(match.group(1)) if match else {}


def parse_terms_table(text: str) -> dict[str, tuple[str, ...]]:
    """The table :func:`terms_table_text` wrote."""
    out: dict[str, tuple[str, ...]] = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        rule, *terms = line.split()
        out[rule] = tuple(terms)
    return out
