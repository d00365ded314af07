"""Predicates on the ancestor steps of a rule context, decided once per node by a key.

A rule context such as Peppol's
``ubl-invoice:Invoice[cac:InvoicePeriod/cbc:StartDate]/cac:InvoiceLine/cac:InvoicePeriod/cbc:StartDate``
tests the predicate on the invoice again for every line's start date it matches, and the test
walks the invoice's children, all its lines among them: the square of the number of lines
(issue 13). Written as ``ubl-invoice:Invoice[key('evsch:kN', generate-id())]/...`` with
``<xsl:key name="evsch:kN" match="ubl-invoice:Invoice[cac:InvoicePeriod/cbc:StartDate]"
use="generate-id()"/>``, the predicate is decided once per invoice element, when Saxon builds
the key's index, and each match looks its element up.

Why the result is the same: the key's index holds exactly the nodes its pattern
``NAME[P]...`` matches, the same pattern as the step's, tested on the same node (a predicate in
a pattern, positional ones too, sees the node among its siblings either way); ``generate-id()``
names one node. A dynamic error while testing a pattern makes it not match, in a template's
pattern and in a key's alike (XSLT 3.0, 5.5.4). Only element name steps on the child axis with
predicates that read something are rewritten, and never a predicate that calls ``current()``
(the node a pattern matches, which differs between the two); the last step, which is tested once
per node anyway, stays as written.
"""

from __future__ import annotations

import re

from einvoice_cli.schematron.optimize.keys import (
    NAME_TEST,
    Keys,
    depths,
    predicate_list,
    split_top,
)

_STEP = re.compile(rf"[ \t\r\n]*(?P<name>{NAME_TEST})(?P<predicates>\[.*\])?[ \t\r\n]*", re.DOTALL)
_CHEAP = re.compile(r"[ \t\r\n]*(?:\$[\w.\-]+(?::[\w.\-]+)?|\d+|true\(\)|false\(\))[ \t\r\n]*")
"""A predicate that reads nothing of the document: a variable, a number, a boolean."""


def rewrite_pattern(pattern: str, keys: Keys) -> str:
    """A match pattern with the predicates of its ancestor steps looked up in keys."""
    branches = split_top(pattern, "|") if "[" in pattern else None
    if branches is None:
        return pattern
    return "|".join(_branch(branch, keys) for branch in branches)


def _branch(branch: str, keys: Keys) -> str:
    levels = depths(branch)
    if levels is None:
        return branch
    # Split at the slashes outside brackets: step texts and the separators between them.
    pieces: list[str] = []
    start = 0
    index = 0
    while index < len(branch):
        if branch[index] == "/" and levels[index] == "":
            end = index + 2 if branch.startswith("//", index) else index + 1
            pieces.extend((branch[start:index], branch[index:end]))
            start = index = end
            continue
        index += 1
    pieces.append(branch[start:])
    # An absolute pattern's first step is empty; the last step is tested once per node.
    steps = pieces[0::2]
    rewritten = [_step(step, keys) if position < len(steps) - 1 else step
                 for position, step in enumerate(steps)]  # fmt: skip
    joined = [rewritten[0]]
    for separator, step in zip(pieces[1::2], rewritten[1:], strict=True):
        joined.extend((separator, step))
    return "".join(joined)


def _step(step: str, keys: Keys) -> str:
    match = _STEP.fullmatch(step)
    if match is None or match.group("predicates") is None:
        return step
    name, predicates = match.group("name"), match.group("predicates")
    parts = predicate_list(predicates)
    if parts is None or all(_CHEAP.fullmatch(part) for part in parts):
        return step
    if "current()" in predicates:
        return step
    key = keys.key(f"{name}{predicates}", "generate-id()")
    return step.replace(f"{name}{predicates}", f"{name}[key('{key}', generate-id())]", 1)
