"""Where each business term and group lives in UBL and CII: the table in ``bindings.toml``.

The readers in ``model/ubl`` and ``model/cii`` read a document term by term; this table states
the same binding (EN 16931-3-2 and -3-3) as data, so that code outside the readers can find a
term's element in a document (a finding's values and place), name the terms an XPath reads
(a rule's business terms) and show a term's paths (``einvoice explain BT-10``). It imports no
part of the model: every validation reads it, and the model's readers cost start-up time a
validation does not need (tests tie the table to the readers and their prefixes).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from types import MappingProxyType
from typing import Any

from einvoice_cli.core.detect import Syntax


class SyntaxFamily(StrEnum):
    """Syntaxes that share one binding of EN 16931 (UBL Invoice and CreditNote; CII);
    ``.value`` is the column of ``bindings.toml``."""

    UBL = "ubl"
    CII = "cii"


FAMILY_OF_SYNTAX: Mapping[Syntax, SyntaxFamily] = MappingProxyType(
    {
        Syntax.UBL_INVOICE: SyntaxFamily.UBL,
        Syntax.UBL_CREDITNOTE: SyntaxFamily.UBL,
        Syntax.CII: SyntaxFamily.CII,
    }
)
"""The binding a syntax uses; ZUGFeRD 1 has its own, which the table does not hold."""


@dataclass(frozen=True, slots=True)
class TermBinding:
    """One business term or group and where it lives."""

    term: str
    """``BT-…`` or ``BG-…``."""
    group: str | None
    """The group it belongs to; ``None`` for the document itself."""
    cardinality: str
    """As EN 16931-1 gives it within its group: ``0..1``, ``1..1``, ``0..n``, ``1..n``."""
    paths: Mapping[SyntaxFamily, str]
    """XPath relative to the group's element (the root element for the document)."""
    is_group: bool

    def path(self, binding: SyntaxFamily) -> str:
        """The relative XPath in ``binding``."""
        return self.paths[binding]


def _load(table: dict[str, Any]) -> Mapping[str, TermBinding]:
    out: dict[str, TermBinding] = {}
    for section, is_group in (("group", True), ("term", False)):
        for term, row in table[section].items():
            out[term] = TermBinding(
                term=term,
                group=row["in"] or None,
                cardinality=row["card"],
                paths=MappingProxyType({b: row[b.value] for b in SyntaxFamily}),
                is_group=is_group,
            )
    return MappingProxyType(out)


def _table() -> dict[str, Any]:
    text = resources.files("einvoice_cli.evidence").joinpath("bindings.toml").read_text("utf-8")
    return tomllib.loads(text)


_TABLE = _table()

TERM_BINDINGS: Mapping[str, TermBinding] = _load(_TABLE)
"""Every business term and group the table holds, by id."""

PREFIXES: Mapping[SyntaxFamily, Mapping[str, str]] = MappingProxyType(
    {f: MappingProxyType(dict(_TABLE["prefixes"][f.value])) for f in SyntaxFamily}
)
"""The namespace prefixes the table's paths use, per family: those of the EN 16931 Schematron
(the model's syntax modules declare the same; a test ties them)."""

UBL_ROOT_ORDER: tuple[str, ...] = tuple(_TABLE["ubl_root_order"]["names"])
"""The local names of a UBL Invoice's or CreditNote's children in the order the XSD gives."""


def chain(term: str) -> tuple[TermBinding, ...]:
    """The groups from the document down to ``term``, and ``term`` itself, outermost first."""
    out: list[TermBinding] = []
    current: str | None = term
    while current is not None:
        found = TERM_BINDINGS[current]
        out.append(found)
        current = found.group
    return tuple(reversed(out))


def absolute_path(term: str, binding: SyntaxFamily) -> str:
    """The XPath of ``term`` from the root element (``/*/…``), every alternative spelled out."""
    paths = ["/*"]
    for step in chain(term):
        relative = step.path(binding)
        paths = [
            p if alt == "." else f"{p}/{alt}" for p in paths for alt in _alternatives(relative)
        ]
    return "|".join(paths)


_PREDICATE = re.compile(r"\[[^\[\]]*\]")
_NAME = re.compile(r"(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)$")


def local_steps(term: str, binding: SyntaxFamily) -> tuple[tuple[str, ...], ...]:
    """The local names from the root element down to ``term``'s element, per alternative.

    For naming the terms a rule's XPath reads: ``("Invoice", "LegalMonetaryTotal",
    "TaxInclusiveAmount")``; the root is ``*``. An attribute is its name with ``@``.
    """
    out = []
    for path in absolute_path(term, binding).split("|"):
        steps: list[str] = []
        for raw in _PREDICATE.sub("", path).split("/"):
            if raw == "..":
                steps.pop()
            elif raw.startswith("@"):
                steps.append(raw)
            elif raw:
                match = _NAME.search(raw)
                steps.append(match.group(1) if match else raw)
        out.append(tuple(steps))
    return tuple(out)


def _alternatives(path: str) -> list[str]:
    """``a|b`` as ``[a, b]`` (no ``|`` occurs inside a predicate of this table)."""
    return path.split("|")
