"""The merge that makes the XRechnung rule set: XRechnung Schematron plus whitelisted Peppol rules.

The XRechnung rules that KoSIT's validator configuration runs are not the XRechnung ``.sch``
alone: the release build merges a whitelist of Peppol BIS Billing rules into it first
(DESIGN.md "Rule packs and where the official files come from"). This module performs that
merge on two parsed Schematron sources, following
``reference/xrechnung-2.5.0-peppol-merge.md`` ("the reference" below); each numbered step of the
reference is one function here that cites it. What the steps differ in per syntax, and the
whitelist, are tables in ``merge_plan.py``; the layout-keeping tree edits are ``elements.py``'s.

It owns only the rearranging of Schematron elements. Reading the files and checking their
sha256 is left to ``rulepacks/fetch.py`` and ``rulepacks/catalog.py``; resolving the XRechnung
schema's ``<include href="../common.sch"/>`` (kept in place, relative to the XRechnung file) and
compiling to XSLT to ``compile.py``. The reference was read off a build with Peppol BIS 3.0.20;
the rule pack feeds this merge Peppol BIS 3.0.19, the version the rules mirror has.

Every shape of the sources the merge relies on (a pattern id, a global ``let``, an assert to
rewrite, a whitelisted rule) is checked, and a source without it raises
:class:`SchematronCompileError`: a future release must fail loudly, not merge silently wrong.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lxml import etree

from einvoice_cli.errors import SchematronCompileError
from einvoice_cli.schematron.elements import (
    ACTIVE,
    ASSERT,
    EXTENDS,
    INCLUDE,
    LET,
    NS,
    PATTERN,
    PHASE,
    REPORT,
    RULE,
    SCHEMA,
    TITLE,
    XSL_FUNCTION,
    XSL_STYLESHEET,
    copy_element,
    insert_after,
    insert_before,
    remove,
    single,
)
from einvoice_cli.schematron.merge.plan import (
    DOCUMENT_CURRENCY_LET,
    PEPPOL_WHITELIST,
    SLACK_VALUE,
    SLACK_VALUE_LET,
    SYNTAX_MERGES,
    TITLE_SCHEMATRON_VERSION,
    TITLE_XRECHNUNG_VERSION,
    UTILS_PREFIX,
    UTILS_URI,
    LetValue,
    MergeSyntax,
    NewPattern,
    Rewrite,
    SyntaxMerge,
)

__all__ = ["PEPPOL_WHITELIST", "MergeSyntax", "XRechnungMerge", "merge_xrechnung_peppol"]


@dataclass(frozen=True, slots=True)
class XRechnungMerge:
    """The parameters of one merge."""

    syntax: MergeSyntax
    schematron_version: str
    """Fills ``@xr-schematron.version.full@`` in the schema title, e.g. ``"2.5.0"``."""
    xrechnung_version: str
    """Fills ``@xrechnung.version@`` in the schema title, e.g. ``"3.0.2"``."""


def merge_xrechnung_peppol(
    xrechnung: etree._ElementTree, peppol: etree._ElementTree, merge: XRechnungMerge
) -> etree._ElementTree:
    """Merge the whitelisted Peppol rules into the XRechnung schema of ``merge.syntax``.

    Returns a new tree; neither input is changed. The XRechnung ``include`` stays in place
    (the compiler resolves it relative to the XRechnung file). Raises
    :class:`SchematronCompileError` when a source lacks a shape the merge needs.
    """
    plan = SYNTAX_MERGES[merge.syntax]
    merged = copy.deepcopy(xrechnung)
    schema = _schema_element(merged, "the XRechnung schema")
    source = _schema_element(peppol, "the Peppol schema")
    _check_whitelist_found(source, plan)
    anchor = _anchor_pattern(schema, plan.anchor_pattern)

    utils_ns = _add_utils_namespace(schema)
    _copy_global_lets(schema, source, after=utils_ns)
    _copy_functions(schema, source)
    peppol_patterns = _copy_peppol_patterns(source, plan.pattern_prefix)
    new_patterns = _build_cii_patterns(schema, plan.new_patterns)
    insert_before(anchor, [*peppol_patterns, *new_patterns])
    inserted = [*peppol_patterns, *new_patterns]
    _check_new_pattern_ids(schema, inserted)
    # The phases list 0-a and 0-b before the numbered patterns, as KoSIT's merge appends them;
    # in the schema they follow the numbered ones. Neither order changes which rules fire.
    _activate_patterns(schema, [*new_patterns, *peppol_patterns])
    _rewrite_asserts(inserted, plan.rewrites)
    _set_rule_let_values(inserted, plan.let_values)
    _fill_title(schema, merge)
    return merged


def _add_utils_namespace(schema: etree._Element) -> etree._Element:
    """Step 1: add ``ns prefix="u" uri="utils"`` after the XRechnung schema's last ``ns``."""
    declarations = schema.findall(NS)
    if not declarations:
        raise SchematronCompileError("the XRechnung schema has no ns element to add ns u after")
    utils = schema.makeelement(NS, {"prefix": UTILS_PREFIX, "uri": UTILS_URI})
    insert_after(declarations[-1], [utils])
    return utils


def _copy_global_lets(
    schema: etree._Element, peppol: etree._Element, after: etree._Element
) -> list[etree._Element]:
    """Step 2: copy every top-level Peppol ``let`` after ``after``, adding ``slackValue``.

    ``slackValue`` goes right after the Peppol ``let name="documentCurrencyCode"``; the
    rewritten R040 and R120 (step 7) use it.
    """
    lets: list[etree._Element] = []
    for let in peppol.iterchildren(LET):
        lets.append(copy_element(let))
        if let.get("name") == DOCUMENT_CURRENCY_LET:
            lets.append(schema.makeelement(LET, {"name": SLACK_VALUE_LET, "value": SLACK_VALUE}))
    if not any(let.get("name") == SLACK_VALUE_LET for let in lets):
        raise SchematronCompileError(
            f'the Peppol schema has no top-level let name="{DOCUMENT_CURRENCY_LET}" '
            f"to put {SLACK_VALUE_LET} after"
        )
    insert_after(after, lets)
    return lets


def _copy_functions(schema: etree._Element, peppol: etree._Element) -> list[etree._Element]:
    """Step 3: copy Peppol's ``xsl:function`` elements before the XRechnung ``include``.

    The reference has them in a top-level ``xsl:stylesheet`` of the Peppol schema. Peppol
    BIS 3.0.19 has no such element: its functions are direct children of ``sch:schema``,
    each declaring the XSLT namespace as its default namespace
    (``<function xmlns="http://www.w3.org/1999/XSL/Transform" name="u:slack" ...>``). Both
    places are read, in document order.
    """
    functions: list[etree._Element] = []
    for child in peppol.iterchildren(XSL_FUNCTION, XSL_STYLESHEET):
        if child.tag == XSL_FUNCTION:
            functions.append(child)
        else:
            functions.extend(child.iterchildren(XSL_FUNCTION))
    if not functions:
        raise SchematronCompileError("the Peppol schema has no xsl:function to copy")
    declared = {f.get("name") for f in schema.iter(XSL_FUNCTION)}
    for function in functions:
        if function.get("name") in declared:
            raise SchematronCompileError(
                f"the Peppol function {function.get('name')} is already declared in the "
                "XRechnung schema"
            )
    copies = [copy_element(f) for f in functions]
    insert_before(_single_child(schema, INCLUDE, "include"), copies)
    return copies


def _copy_peppol_patterns(peppol: etree._Element, prefix: str) -> list[etree._Element]:
    """Step 4: copies of the Peppol patterns with a whitelisted assert, cut to the whitelist.

    The N-th such pattern (document order) gets the id ``prefix`` + N. Within it only rules
    with a whitelisted assert are kept, and within those only whitelisted asserts; the other
    elements of a kept rule or pattern (``let``) stay, comments do not. Ids that repeat among
    a pattern's asserts get the suffix ``-K`` (:func:`_number_repeated_ids`).
    """
    preceding: Counter[str] = Counter()
    copies: list[etree._Element] = []
    for pattern in peppol.iterchildren(PATTERN):
        asserts = pattern.findall(f"{RULE}/{ASSERT}")
        if any(_is_whitelisted(a) for a in asserts):
            _check_plain_pattern(pattern)
            copied = copy_element(pattern)
            _keep_whitelisted(copied)
            _number_repeated_ids(copied, [a.get("id", "") for a in asserts], preceding)
            copied.set("id", f"{prefix}{len(copies) + 1}")
            copies.append(copied)
        preceding.update(a.get("id", "") for a in pattern.iter(ASSERT))
    return copies


def _number_repeated_ids(
    copied: etree._Element, source_ids: Sequence[str], preceding: Counter[str]
) -> None:
    """Step 4: suffix ``-K`` to each id that occurs more than once among a pattern's asserts.

    K is the assert's position among the asserts with that id in the whole Peppol document.
    ``source_ids`` are the ids of the source pattern's asserts, ``preceding`` counts the ids of
    the asserts before it, and ``copied`` is the pattern cut to the whitelist. Cutting keeps
    every assert whose id is whitelisted, so counting the copy's asserts counts the source's.
    """
    repeated = {i for i, n in Counter(source_ids).items() if n > 1}
    position = Counter(preceding)
    for assert_ in copied.iter(ASSERT):
        assert_id = assert_.get("id", "")
        position[assert_id] += 1
        if assert_id in repeated:
            assert_.set("id", f"{assert_id}-{position[assert_id]}")


def _build_cii_patterns(
    schema: etree._Element, patterns: Sequence[NewPattern]
) -> list[etree._Element]:
    """Step 5 (CII only): the patterns ``peppol-cii-pattern-0-a`` (R008) and ``-0-b`` (R044, R046).

    Peppol's CII schema has no R008, R044 or R046; the XRechnung rule set writes its own.
    R046 calls ``u:decimalOrZero``, which the XRechnung CII schema declares itself.
    """
    built: list[etree._Element] = []
    for new in patterns:
        pattern = schema.makeelement(PATTERN, {"id": new.id})
        rule = etree.SubElement(pattern, RULE, {"context": new.context})
        for spec in new.asserts:
            assert_ = etree.SubElement(
                rule, ASSERT, {"id": spec.id, "test": spec.test, "flag": spec.flag}
            )
            assert_.text = spec.text
        etree.indent(pattern, space="  ", level=1)
        built.append(pattern)
    return built


def _activate_patterns(schema: etree._Element, patterns: Iterable[etree._Element]) -> None:
    """Step 6: give each XRechnung ``phase`` an ``active`` for every inserted pattern."""
    ids = [p.get("id", "") for p in patterns]
    for phase in schema.iterchildren(PHASE):
        for pattern_id in ids:
            active = phase.makeelement(ACTIVE, {"pattern": pattern_id})
            if len(phase):
                # Keep the indentation: the new last child takes over the closing whitespace.
                last = phase[-1]
                active.tail, last.tail = last.tail, phase.text
            phase.append(active)


def _rewrite_asserts(patterns: Sequence[etree._Element], rewrites: Iterable[Rewrite]) -> None:
    """Step 7: replace test, text and/or flag of the copied asserts the XRechnung rules change."""
    for rewrite in rewrites:
        assert_ = single(_asserts_with_id(patterns, rewrite.id), f"assert {rewrite.id}")
        if rewrite.test is not None:
            assert_.set("test", rewrite.test)
        if rewrite.flag is not None:
            assert_.set("flag", rewrite.flag)
        if rewrite.text is not None:
            for child in list(assert_):
                assert_.remove(child)
            assert_.text = rewrite.text


def _set_rule_let_values(patterns: Sequence[etree._Element], values: Iterable[LetValue]) -> None:
    """Step 8 (CII only): new value of the rule-level ``let name="baseQuantity"`` from Peppol."""
    for value in values:
        lets = [
            let
            for pattern in patterns
            for let in pattern.iterfind(f"{RULE}/{LET}")
            if let.get("name") == value.name
        ]
        single(lets, f'rule-level let name="{value.name}"').set("value", value.value)


def _fill_title(schema: etree._Element, merge: XRechnungMerge) -> None:
    """Fill the version placeholders of the XRechnung schema title (the reference, last part)."""
    title = _single_child(schema, TITLE, "title")
    text = title.text or ""
    for placeholder in (TITLE_SCHEMATRON_VERSION, TITLE_XRECHNUNG_VERSION):
        if placeholder not in text:
            raise SchematronCompileError(
                f"the XRechnung schema title has no placeholder {placeholder}"
            )
    title.text = text.replace(TITLE_SCHEMATRON_VERSION, merge.schematron_version).replace(
        TITLE_XRECHNUNG_VERSION, merge.xrechnung_version
    )


def _schema_element(tree: etree._ElementTree, what: str) -> etree._Element:
    root = tree.getroot()
    if root.tag != SCHEMA:
        raise SchematronCompileError(
            f"{what} is not an ISO Schematron schema (its root is {etree.QName(root).text})"
        )
    return root


def _check_whitelist_found(peppol: etree._Element, plan: SyntaxMerge) -> None:
    """Every whitelisted rule must come from the Peppol schema or from step 5's patterns."""
    found = {a.get("id") for a in peppol.iter(ASSERT)}
    found.update(a.id for p in plan.new_patterns for a in p.asserts)
    missing = [rule for rule in PEPPOL_WHITELIST if rule not in found]
    if missing:
        raise SchematronCompileError(
            f"the Peppol schema has no assert with the whitelisted id {', '.join(missing)}"
        )


def _check_new_pattern_ids(schema: etree._Element, inserted: Sequence[etree._Element]) -> None:
    """Pattern ids must stay unique: phases name patterns by id."""
    counts = Counter(p.get("id") for p in schema.iterchildren(PATTERN))
    for pattern in inserted:
        if counts[pattern.get("id")] > 1:
            raise SchematronCompileError(
                f"the XRechnung schema already has a pattern with the id {pattern.get('id')}"
            )


def _anchor_pattern(schema: etree._Element, pattern_id: str) -> etree._Element:
    matches = [p for p in schema.iterchildren(PATTERN) if p.get("id") == pattern_id]
    return single(matches, f'top-level pattern id="{pattern_id}" in the XRechnung schema')


def _check_plain_pattern(pattern: etree._Element) -> None:
    """Refuse abstract patterns and rules, ``extends`` and reports: step 4 does not cover them."""
    if pattern.get("abstract") == "true" or pattern.get("is-a") is not None:
        raise SchematronCompileError(f"Peppol pattern at line {pattern.sourceline} is abstract")
    for rule in pattern.iterchildren(RULE):
        if rule.get("abstract") == "true" or rule.find(EXTENDS) is not None:
            raise SchematronCompileError(
                f"Peppol rule at line {rule.sourceline} is abstract or extends another rule"
            )
        if rule.find(REPORT) is not None and any(
            _is_whitelisted(a) for a in rule.iterchildren(ASSERT)
        ):
            raise SchematronCompileError(
                f"Peppol rule at line {rule.sourceline} mixes whitelisted asserts with reports"
            )


def _keep_whitelisted(pattern: etree._Element) -> None:
    # Comments go: in Peppol they head groups of rules (or are rules commented out) that the
    # whitelist mostly drops, so the ones left would describe what is no longer there.
    for comment in list(pattern.iter(etree.Comment)):
        remove(comment)
    for rule in pattern.findall(RULE):
        asserts = rule.findall(ASSERT)
        if not any(_is_whitelisted(a) for a in asserts):
            remove(rule)
            continue
        for assert_ in asserts:
            if not _is_whitelisted(assert_):
                remove(assert_)


def _is_whitelisted(assert_: etree._Element) -> bool:
    return assert_.get("id") in PEPPOL_WHITELIST


def _asserts_with_id(patterns: Sequence[etree._Element], assert_id: str) -> list[etree._Element]:
    return [a for p in patterns for a in p.iter(ASSERT) if a.get("id") == assert_id]


def _single_child(parent: etree._Element, tag: str, what: str) -> etree._Element:
    return single(parent.findall(tag), f"top-level {what} in the XRechnung schema")
