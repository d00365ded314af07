"""The business terms a Schematron check is about, read from its own XPath.

Many rule messages name no term ("[UBL-SR-43]-Scheme identifier shall only be used..."), and
an XML Schema message never does. The check's context and test do name elements, and the
binding table (``evidence/bindings.py``) says which term each element holds. A path in the test,
read below the context, that ends like a term's path names that term; so does a context that
is a term's or group's element. The compiler stores the result with the compiled rules.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

from einvoice_cli.core.findings import business_terms_in
from einvoice_cli.evidence.bindings import TERM_BINDINGS, SyntaxFamily, local_steps

_ROOTS = frozenset(("Invoice", "CreditNote", "CrossIndustryInvoice"))
_MAX_MATCHES = 4
"""A path ending in a name this many terms end in (``cbc:ID``) says nothing on its own."""


def _index() -> Mapping[str, tuple[tuple[str, ...], ...]]:
    out: dict[str, tuple[tuple[str, ...], ...]] = {}
    for term in TERM_BINDINGS:
        steps = {s[1:] for b in SyntaxFamily for s in local_steps(term, b)}
        out[term] = tuple(sorted(s for s in steps if s))
    return MappingProxyType(out)


_STEPS: Mapping[str, tuple[tuple[str, ...], ...]] = _index()
"""Every term's element names below the root, per syntax and alternative."""


def _by_last_name() -> Mapping[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    out: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for term, alternatives in _STEPS.items():
        for steps in alternatives:
            out.setdefault(steps[-1], []).append((term, steps))
    return MappingProxyType({name: tuple(rows) for name, rows in out.items()})


_BY_LAST_NAME = _by_last_name()
"""The same, by the local name of the term's own element: the candidates for a path."""

_PATH = re.compile(
    r"(?<![\w:$@.-])((?:(?:\.\.|\.|[A-Za-z][\w-]*:[A-Za-z][\w-]*)/+)*"
    r"(?:[A-Za-z][\w-]*:[A-Za-z][\w-]*(?!\s*\()|@[A-Za-z][\w-]*))"
)
"""A relative location path of prefixed names (``cac:TaxTotal/cbc:TaxAmount``), ``..`` steps
and an attribute; a prefixed name followed by ``(`` is a function call, not a step."""


def _without_predicates(expression: str) -> tuple[str, list[str]]:
    """The expression with ``[...]`` removed, and the contents of the outermost predicates."""
    depth, out, inner, current = 0, [], [], ""
    for char in expression:
        if char == "[":
            depth += 1
            if depth == 1:
                current = ""
                continue
        elif char == "]":
            depth -= 1
            if depth == 0:
                inner.append(current)
                continue
        if depth == 0:
            out.append(char)
        else:
            current += char
    return "".join(out), inner


def _names(path: str) -> list[str]:
    """The local names of a path's steps; ``..`` kept, ``.`` and empty steps dropped."""
    out = []
    for step in path.split("/"):
        step = step.strip()
        if step in ("", "."):
            continue
        out.append(step if step in ("..", "*") else step.rsplit(":", 1)[-1])
    return out


def _paths(expression: str) -> list[tuple[list[str], bool]]:
    """The paths an expression reads, as lists of local names (predicates included), each
    with whether it starts with ``//`` (anywhere in the document, not below the context)."""
    bare, predicates = _without_predicates(expression)
    found = [
        (_names(m.group(1)), bare[max(0, m.start() - 2) : m.start()] == "//")
        for m in _PATH.finditer(bare)
    ]
    for predicate in predicates:
        found.extend(_paths(predicate))
    return [(names, anywhere) for names, anywhere in found if names]


def _ends_with(steps: tuple[str, ...], tail: list[str]) -> bool:
    return len(tail) <= len(steps) and list(steps[len(steps) - len(tail) :]) == tail


def _matching(tail: list[str], context: list[str]) -> list[str]:
    """The terms whose path ends with ``tail`` and runs through ``context``'s elements."""
    named = [n for n in context if n not in ("*", "..")]
    at_root = bool(named) and named[-1] in _ROOTS
    out: dict[str, None] = {}
    for term, steps in _BY_LAST_NAME.get(tail[-1], ()):
        if term in out or not _ends_with(steps, tail):
            continue
        above = steps[: len(steps) - len(tail)]
        if (not above) if at_root else _in_order(named, above):
            out[term] = None
    return list(out)


def _in_order(names: list[str], steps: tuple[str, ...]) -> bool:
    """Whether ``names`` occur in ``steps`` in this order (not necessarily adjacent)."""
    remaining = iter(steps)
    return all(name in remaining for name in names)


def _resolve(context: list[str], relative: list[str]) -> tuple[list[str], list[str]]:
    """``..`` steps climb the context: the context left and the path below it."""
    context = list(context)
    rest = list(relative)
    while rest and rest[0] == "..":
        rest.pop(0)
        if context:
            context.pop()
    return context, [s for s in rest if s != ".."]


def terms_of_location(location: str | None, test: str | None, message: str) -> tuple[str, ...]:
    """For a stylesheet that stores no table (one shipped compiled): the terms from the SVRL's
    location, read as the context, and its test."""
    names = re.findall(r"\*:([\w.-]+)\[namespace-uri\(\)", location or "")
    context = "/".join(f"x:{n}" for n in names)
    return terms_of_check(("/" + context) if context else "", test or "", message)


def terms_of_check(context: str, test: str, message: str) -> tuple[str, ...]:
    """The business terms of one assert or report: those its message names, then those the
    elements of its context and test hold, in order of appearance."""
    found: dict[str, None] = dict.fromkeys(business_terms_in(message))
    contexts = [_names(_without_predicates(alt)[0]) for alt in context.split("|")] or [[]]
    for names in contexts:
        names = [n for n in names if n not in _ROOTS] if len(names) > 1 else names
        own = _matching(names[-2:] if len(names) > 1 else names, []) if names else []
        if names and names[-1] not in _ROOTS and len(own) <= _MAX_MATCHES:
            found.update(dict.fromkeys(own))
        for relative, anywhere in _paths(test):
            anchor, tail = _resolve([] if anywhere else names, relative)
            elements = [s for s in tail if not s.startswith("@")]
            # An element of no term ("should not include cac:RegistrationAddress") is about the
            # nearest enclosing element that has one.
            while elements:
                matches = _matching(elements, anchor)
                if matches:
                    if len(matches) <= _MAX_MATCHES:
                        found.update(dict.fromkeys(matches))
                    break
                elements.pop()
    return tuple(found)


def terms_of_child(element_names: list[str], child: str) -> tuple[str, ...]:
    """The terms a child called ``child`` (a local name) of the element with the local names
    ``element_names`` (root first) would hold: for an XML Schema message such as "Missing
    child element(s). Expected is ( {...}ID )" on the root, BT-1."""
    matches = _matching([child], element_names[-1:] if len(element_names) == 1 else element_names)
    return tuple(matches) if len(matches) <= _MAX_MATCHES else ()
