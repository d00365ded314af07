"""Adding the values, the expected figure and the place to the findings of one document."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal, InvalidOperation

from lxml import etree

from einvoice_cli.core.detect import Syntax
from einvoice_cli.core.findings import Finding, Source
from einvoice_cli.core.locations import LineIndex
from einvoice_cli.evidence.bindings import FAMILY_OF_SYNTAX
from einvoice_cli.evidence.expected import expected_value
from einvoice_cli.evidence.places import DocumentPlaces

Element = etree._Element


def with_evidence(
    findings: Iterable[Finding],
    tree: etree._ElementTree,
    syntax: Syntax | None,
    index: LineIndex | None = None,
) -> tuple[Finding, ...]:
    """The findings with ``values``, ``expected`` and ``place`` added where the document has
    them; a syntax without a binding table (ZUGFeRD 1) leaves them as they are. ``index``:
    the document's :class:`LineIndex`, when the caller has one (one lookup per finding costs
    the square of a parent's children otherwise)."""
    binding = FAMILY_OF_SYNTAX.get(syntax) if syntax is not None else None
    if binding is None:
        return tuple(findings)
    places = DocumentPlaces(tree, binding)
    elements = index or LineIndex(tree)
    return tuple(_enriched(f, tree, places, elements) for f in findings)


def _enriched(
    finding: Finding, tree: etree._ElementTree, places: DocumentPlaces, elements: LineIndex
) -> Finding:
    if finding.source is Source.XSD:
        return _xsd_terms(finding, tree, places)
    context = elements.element_at(finding.location)
    if context is None:
        return finding
    values = places.values(finding.business_terms, context)
    computed = expected_value(finding.rule, places, context)
    expected = (
        (computed,)
        if computed is not None and not _same_number(computed[1], values.get(computed[0]))
        else ()
    )
    place = None
    if len(context):
        # The rule names a containing element (often the root), not a term's own element (a
        # leaf in both syntaxes): point at the term the rule is about.
        for term in finding.business_terms:
            place = places.place(term, context)
            if place is not None:
                break
    return replace(
        finding,
        values=tuple(values.items()),
        expected=expected,
        place=place,
        line=place.line if place is not None else finding.line,
    )


_EXPECTED = re.compile(r"Missing child element\(s\)\. Expected is (?:one of )?\( ([^)]*) \)")
"""libxml2's message for a missing element, with the names it expected there."""


def _same_number(expected: str, present: str | None) -> bool:
    """Whether the document already has the expected figure (``994.780`` is ``994.78``)."""
    if present is None:
        return False
    try:
        return Decimal(expected) == Decimal(present)
    except InvalidOperation:
        return False


def _xsd_terms(finding: Finding, tree: etree._ElementTree, places: DocumentPlaces) -> Finding:
    """An XML Schema finding names the offending element; its business term is the element's
    or, for an element of no term, the nearest enclosing one's."""
    if not finding.location or finding.business_terms:
        return finding
    # libxml2 names elements with the document's own prefixes (or ``*`` where it has none).
    prefixes = {
        prefix: uri
        for e in tree.iter()
        if isinstance(e.tag, str)
        for prefix, uri in e.nsmap.items()
        if prefix
    }
    try:
        found = tree.xpath(finding.location, namespaces=prefixes)
    except etree.XPathError:
        return finding
    element = found[0] if isinstance(found, list) and found else None
    expected = _EXPECTED.search(finding.message)
    if isinstance(element, Element) and expected is not None:
        # "Missing child element(s). Expected is ( {ns}ID )": the terms of the missing child.
        from einvoice_cli.evidence.rule_terms import terms_of_child

        names = [
            etree.QName(e).localname for e in (*reversed(list(element.iterancestors())), element)
        ]
        terms: dict[str, None] = {}
        for clark in expected.group(1).split(","):
            local = clark.strip().rsplit("}", 1)[-1]
            terms.update(dict.fromkeys(terms_of_child(names, local)))
        if terms:
            return replace(finding, business_terms=tuple(terms))
    while isinstance(element, Element):
        term = places.term_of(element)
        if term is not None:
            value = places.values((term,), element)
            return replace(finding, business_terms=(term,), values=tuple(value.items()))
        element = element.getparent()
    return finding
