"""Asserts of the form ``not(PATH)``, decided together from one walk below the rule's context.

Official rule sets hold long lists of asserts such as ``not(cac:TaxTotal/cbc:RoundingAmount)``
in one rule (CEN's UBL syntax rule has 525). Compiled one by one, each is a child-axis probe
per document and an expression Saxon must compile. When a rule has at least
:data:`MIN_ASSERTS` of them, ``compile.py`` gives the rule one constant trie of their paths
instead: the rule's context node is walked once, only along the paths the trie holds, and the
walk yields the numbers of the asserts whose path exists, which are exactly those that fail.

Only the strict form is taken: ``not(`` a relative path of prefixed element names, optionally
ending in ``@name`` (or ``@name`` alone), ``)``, with no predicates, axes, wildcards or variables.
The path may start with a parenthesised union of element names, as CEN writes its 131 line
asserts (``not((cac:InvoiceLine|cac:CreditNoteLine)/cac:Item/...)``): the assert then has one
path per name, and fails when any of them exists.
Prefixes resolve with the stylesheet's namespaces, as Saxon resolves them in the test; an
unprefixed attribute is in no namespace. Anything else stays an ordinary test. This module
writes the XPath and XSLT text; where it goes in the stylesheet is ``compile.py``'s choice.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from lxml import etree

MIN_ASSERTS = 16
"""Fewest strict-form asserts in a rule for the walk to replace their tests. Fewer gain
nothing measurable (CEN's CII rules hold 4 to 87 each, with no change in per-document time at
any threshold) and are clearer in the stylesheet as they are written."""

_NAME = r"[A-Za-z_][\w.\-]*"
_QNAME = rf"{_NAME}:{_NAME}"
_SPACE = r"[ \t\r\n]*"
_ABSENCE = re.compile(
    rf"^{_SPACE}not\({_SPACE}((?:{_QNAME}(?:/{_QNAME})*(?:/@(?:{_NAME}:)?{_NAME})?)"
    rf"|@(?:{_NAME}:)?{_NAME}){_SPACE}\){_SPACE}$"
)
_UNION = re.compile(
    rf"^{_SPACE}not\({_SPACE}\({_SPACE}({_QNAME}(?:{_SPACE}\|{_SPACE}{_QNAME})+){_SPACE}\)"
    rf"((?:/{_QNAME})*(?:/@(?:{_NAME}:)?{_NAME})?){_SPACE}\){_SPACE}$"
)
"""The strict form with a union of element names first. ``\\w`` (in both) is narrower than
XML's name characters, which only means fewer tests are taken."""

FOUND = "evsch:found"
"""The template variable with the sorted numbers of the rule's strict-form asserts that fail."""

WALK_FUNCTION = """
<xsl:function name="evsch:present" as="xs:integer*">
  <xsl:param name="node" as="node()"/>
  <xsl:param name="paths" as="map(*)"/>
  <xsl:sequence select="
    for $attributes in $paths('@'), $attribute in $node/@*
    return $attributes(node-name($attribute)),
    for $child in $node/*, $below in $paths(node-name($child))
    return ($below(''), evsch:present($child, $below))"/>
</xsl:function>
"""
"""``evsch:present(node, trie)``: the numbers of the asserts whose path exists below ``node``.
A trie node is a map from an element's ``xs:QName`` to the trie below that step, with ``''``
for the numbers of the paths that end at it and ``'@'`` for a map from an attribute's
``xs:QName`` to the numbers of the paths that end there. QName keys compare by namespace URI
and local name, as the name tests do."""


@dataclass(frozen=True, slots=True)
class Step:
    """One step of a strict-form path: an element or attribute name, equal by expanded name."""

    uri: str
    local: str
    attribute: bool
    prefix: str = field(compare=False)
    """The prefix the test wrote (bound to ``uri`` in the stylesheet), or ``''``."""


def absent_paths(
    test: str, namespaces: Mapping[str | None, str]
) -> tuple[tuple[Step, ...], ...] | None:
    """The expanded paths of a test of the strict form (one, or one per name of a leading
    union), or None for any other test."""
    match = _ABSENCE.match(test)
    if match is not None:
        texts = [match.group(1)]
    else:
        union = _UNION.match(test)
        if union is None:
            return None
        names = union.group(1).split("|")
        texts = [name.strip(" \t\r\n") + union.group(2) for name in names]
    paths = []
    for text in texts:
        path = _steps(text, namespaces)
        if path is None:
            return None
        paths.append(path)
    return tuple(paths)


def _steps(text: str, namespaces: Mapping[str | None, str]) -> tuple[Step, ...] | None:
    steps: list[Step] = []
    for part in text.split("/"):
        attribute = part.startswith("@")
        prefix, _, local = part.removeprefix("@").rpartition(":")
        uri = namespaces.get(prefix, "") if prefix else ""
        if prefix and not uri:
            return None  # left to Saxon, which reports the undeclared prefix
        steps.append(Step(uri, local, attribute, prefix))
    return tuple(steps)


@dataclass(slots=True)
class _Trie:
    numbers: list[int] = field(default_factory=list)
    elements: dict[Step, _Trie] = field(default_factory=dict)
    attributes: dict[Step, list[int]] = field(default_factory=dict)

    def literal(self) -> str:
        entries = []
        if self.numbers:
            entries.append(f"'': {_numbers(self.numbers)}")
        if self.attributes:
            pairs = (f"{_qname(s)}: {_numbers(n)}" for s, n in self.attributes.items())
            entries.append("'@': map{" + ", ".join(pairs) + "}")
        entries.extend(f"{_qname(s)}: {t.literal()}" for s, t in self.elements.items())
        return "map{" + ", ".join(entries) + "}"


class AbsenceTable:
    """The strict-form asserts of one rule: the trie of their paths, and the XPath that takes
    their failing numbers from :data:`FOUND` in runs, in place, so the SVRL keeps rule order."""

    def __init__(self, paths: dict[etree._Element, tuple[tuple[Step, ...], ...]]) -> None:
        self._paths = paths
        self._trie = _Trie()
        self._run: list[int] = []

    @classmethod
    def of(
        cls, asserts: list[etree._Element], namespaces: Mapping[str | None, str]
    ) -> AbsenceTable | None:
        """The table of a rule's plain-text asserts, if at least :data:`MIN_ASSERTS` are of
        the strict form; None otherwise."""
        paths = {}
        for check in asserts:
            found = absent_paths(check.get("test") or "", namespaces)
            if found is not None:
                paths[check] = found
        return cls(paths) if len(paths) >= MIN_ASSERTS else None

    def add(self, check: etree._Element, number: int, pending: list[str]) -> bool:
        """Take the check with this number if it is one of the table's asserts (a run goes on
        while they follow each other); else end the run, into ``pending``, and return False."""
        paths = self._paths.get(check)
        if paths is None:
            self.end_run(pending)
            return False
        for path in paths:
            node = self._trie
            for step in path[:-1]:
                node = node.elements.setdefault(step, _Trie())
            last = path[-1]
            if last.attribute:
                node.attributes.setdefault(last, []).append(number)
            else:
                node.elements.setdefault(last, _Trie()).numbers.append(number)
        self._run.append(number)
        return True

    def end_run(self, pending: list[str]) -> None:
        """Append the XPath of the current run's failing asserts (in order) to ``pending``."""
        if self._run:
            first, last = self._run[0], self._run[-1]
            pending.append(f"${FOUND}[. ge {first} and . le {last}]")
            self._run.clear()

    def found(self, table: str) -> str:
        """The select of :data:`FOUND`, given the name of the static variable with the trie."""
        return f"sort(distinct-values(evsch:present(., ${table})))"

    def literal(self) -> str:
        """The trie as an XPath map constructor."""
        return self._trie.literal()


def _qname(step: Step) -> str:
    if step.prefix:
        return f"xs:QName('{step.prefix}:{step.local}')"
    return f"QName('', '{step.local}')"


def _numbers(numbers: list[int]) -> str:
    return "(" + ", ".join(map(str, numbers)) + ")"
