"""The merge that makes the XRechnung rule set: XRechnung Schematron plus whitelisted Peppol rules.

The XRechnung rules that KoSIT's validator configuration runs are not the XRechnung ``.sch``
alone: the release build merges a whitelist of Peppol BIS Billing rules into it first
(DESIGN.md "Rule packs and where the official files come from"). This module performs that
merge on two parsed Schematron sources, following
``reference/xrechnung-2.5.0-peppol-merge.md`` ("the reference" below); each numbered step of the
reference is one function here that cites it.

It owns only the rearranging of Schematron elements. Reading the files and checking their
sha256 is left to ``fetch.py`` and ``rulepacks.py``; resolving the XRechnung schema's
``<include href="../common.sch"/>`` (kept in place, relative to the XRechnung file) and
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
from enum import StrEnum

from lxml import etree

from einvoice_cli.errors import SchematronCompileError

_SCH_NS = "http://purl.oclc.org/dsdl/schematron"
_XSL_NS = "http://www.w3.org/1999/XSL/Transform"

_SCHEMA = f"{{{_SCH_NS}}}schema"
_TITLE = f"{{{_SCH_NS}}}title"
_NS = f"{{{_SCH_NS}}}ns"
_LET = f"{{{_SCH_NS}}}let"
_PHASE = f"{{{_SCH_NS}}}phase"
_ACTIVE = f"{{{_SCH_NS}}}active"
_INCLUDE = f"{{{_SCH_NS}}}include"
_PATTERN = f"{{{_SCH_NS}}}pattern"
_RULE = f"{{{_SCH_NS}}}rule"
_ASSERT = f"{{{_SCH_NS}}}assert"
_REPORT = f"{{{_SCH_NS}}}report"
_EXTENDS = f"{{{_SCH_NS}}}extends"
_XSL_FUNCTION = f"{{{_XSL_NS}}}function"
_XSL_STYLESHEET = f"{{{_XSL_NS}}}stylesheet"

PEPPOL_WHITELIST: tuple[str, ...] = (
    "PEPPOL-EN16931-R001",
    "PEPPOL-EN16931-R005",
    "PEPPOL-EN16931-R008",
    "PEPPOL-EN16931-R010",
    "PEPPOL-EN16931-R020",
    "PEPPOL-EN16931-R040",
    "PEPPOL-EN16931-R041",
    "PEPPOL-EN16931-R042",
    "PEPPOL-EN16931-R043",
    "PEPPOL-EN16931-R044",
    "PEPPOL-EN16931-R046",
    "PEPPOL-EN16931-R053",
    "PEPPOL-EN16931-R054",
    "PEPPOL-EN16931-R055",
    "PEPPOL-EN16931-R061",
    "PEPPOL-EN16931-R101",
    "PEPPOL-EN16931-R110",
    "PEPPOL-EN16931-R111",
    "PEPPOL-EN16931-R120",
    "PEPPOL-EN16931-R121",
    "PEPPOL-EN16931-R130",
)
"""The Peppol rule ids the XRechnung rule set takes over (the reference, "Whitelist")."""

_UTILS_PREFIX = "u"
_UTILS_URI = "utils"

_TITLE_SCHEMATRON_VERSION = "@xr-schematron.version.full@"
_TITLE_XRECHNUNG_VERSION = "@xrechnung.version@"

_SLACK_VALUE_LET = "slackValue"
_SLACK_VALUE = "if($documentCurrencyCode = 'HUF') then 0.5 else 0.02"
_DOCUMENT_CURRENCY_LET = "documentCurrencyCode"


class MergeSyntax(StrEnum):
    """The syntax of the XRechnung schema being merged; ``.value`` names its patterns."""

    UBL = "ubl"
    CII = "cii"


@dataclass(frozen=True, slots=True)
class XRechnungMerge:
    """The parameters of one merge."""

    syntax: MergeSyntax
    schematron_version: str
    """Fills ``@xr-schematron.version.full@`` in the schema title, e.g. ``"2.5.0"``."""
    xrechnung_version: str
    """Fills ``@xrechnung.version@`` in the schema title, e.g. ``"3.0.2"``."""


@dataclass(frozen=True, slots=True)
class _NewAssert:
    """An assert the merge writes itself (the reference, step 5)."""

    id: str
    test: str
    text: str
    flag: str = "fatal"


@dataclass(frozen=True, slots=True)
class _NewPattern:
    """A pattern with one rule that the merge writes itself (the reference, step 5)."""

    id: str
    context: str
    asserts: tuple[_NewAssert, ...]


@dataclass(frozen=True, slots=True)
class _Rewrite:
    """A new test, text and/or flag for one copied assert (the reference, step 7)."""

    id: str
    test: str | None = None
    text: str | None = None
    flag: str | None = None


@dataclass(frozen=True, slots=True)
class _LetValue:
    """A new value for a rule-level ``let`` copied from Peppol (the reference, step 8)."""

    name: str
    value: str


@dataclass(frozen=True, slots=True)
class _SyntaxMerge:
    """What the merge does differently for one syntax."""

    anchor_pattern: str
    """The XRechnung pattern before which the Peppol patterns go (step 4)."""
    pattern_prefix: str
    """Id of the N-th inserted Peppol pattern: this prefix and N (step 4)."""
    new_patterns: tuple[_NewPattern, ...]
    rewrites: tuple[_Rewrite, ...]
    let_values: tuple[_LetValue, ...]


_R120_TEST = (
    "u:slack($lineExtensionAmount, ($quantity * ($priceAmount div $baseQuantity))"
    " + $chargesTotal - $allowancesTotal, $slackValue)"
)

_UBL = _SyntaxMerge(
    anchor_pattern="ubl-pattern",
    pattern_prefix="peppol-ubl-pattern-",
    new_patterns=(),
    rewrites=(
        _Rewrite(
            id="PEPPOL-EN16931-R040",
            test=(
                "not(cbc:MultiplierFactorNumeric and cbc:BaseAmount) or u:slack(if (cbc:Amount)"
                " then cbc:Amount else 0, (xs:decimal(cbc:BaseAmount)"
                " * xs:decimal(cbc:MultiplierFactorNumeric)) div 100, $slackValue)"
            ),
        ),
        _Rewrite(id="PEPPOL-EN16931-R120", test=_R120_TEST, flag="warning"),
    ),
    let_values=(),
)

_CII_TAX_TOTAL = "ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:TaxTotalAmount"
_CII_BASIS_QUANTITY = "ram:SpecifiedLineTradeAgreement/ram:{price}/ram:BasisQuantity"

_CII = _SyntaxMerge(
    anchor_pattern="cii-pattern",
    pattern_prefix="peppol-cii-pattern-",
    new_patterns=(
        _NewPattern(
            id="peppol-cii-pattern-0-a",
            context=(
                "//*[not(name() = 'ram:ApplicableHeaderTradeDelivery') and not(*)"
                " and not(normalize-space())]"
            ),
            asserts=(
                _NewAssert(
                    id="PEPPOL-EN16931-R008",
                    test="false()",
                    text="Document MUST not contain empty elements.",
                ),
            ),
        ),
        _NewPattern(
            id="peppol-cii-pattern-0-b",
            context=(
                "rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem"
                "/ram:SpecifiedLineTradeAgreement/ram:GrossPriceProductTradePrice"
            ),
            asserts=(
                _NewAssert(
                    id="PEPPOL-EN16931-R044",
                    test=(
                        "not(ram:AppliedTradeAllowanceCharge/ram:ActualAmount) or"
                        " ram:AppliedTradeAllowanceCharge/ram:ChargeIndicator/udt:Indicator"
                        " = 'false'"
                    ),
                    text="Charge on price level is NOT allowed. Only value 'false' allowed.",
                ),
                _NewAssert(
                    id="PEPPOL-EN16931-R046",
                    test=(
                        "not(ram:ChargeAmount) or"
                        " xs:decimal(../ram:NetPriceProductTradePrice/ram:ChargeAmount)"
                        " = xs:decimal(ram:ChargeAmount)"
                        " - u:decimalOrZero(ram:AppliedTradeAllowanceCharge/ram:ActualAmount[1])"
                    ),
                    text=(
                        "Item net price MUST equal (Gross price - Allowance amount) when gross"
                        " price is provided."
                    ),
                ),
            ),
        ),
    ),
    rewrites=(
        _Rewrite(
            id="PEPPOL-EN16931-R053",
            test=f"count({_CII_TAX_TOTAL}[@currencyID = $documentCurrencyCode]) <=1",
            text=(
                "No more than one tax total amount must be provided where currency id equals"
                " document currency code."
            ),
        ),
        _Rewrite(
            id="PEPPOL-EN16931-R054",
            text=(
                "Only one tax total amount must be provided where currency id equals tax"
                " currency code, if tax currency code (BT-6) is provided."
            ),
        ),
        _Rewrite(
            id="PEPPOL-EN16931-R101",
            text="Element Additional referenced document can only be used for Invoice line object.",
        ),
        _Rewrite(
            id="PEPPOL-EN16931-R055",
            test=(
                "not(/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction"
                "/ram:ApplicableHeaderTradeSettlement/ram:TaxCurrencyCode and"
                f" {_CII_TAX_TOTAL}[@currencyID = $documentCurrencyCode])"
                f" or ({_CII_TAX_TOTAL}[@currencyID = $taxCurrencyCode] < 0"
                f" and {_CII_TAX_TOTAL}[@currencyID = $documentCurrencyCode] < 0)"
                f" or ({_CII_TAX_TOTAL}[@currencyID = $taxCurrencyCode] >= 0"
                f" and {_CII_TAX_TOTAL}[@currencyID = $documentCurrencyCode] >= 0)"
            ),
        ),
        _Rewrite(
            id="PEPPOL-EN16931-R040",
            test=(
                "not(ram:CalculationPercent and ram:BasisAmount) or u:slack(if (ram:ActualAmount)"
                " then ram:ActualAmount else 0, (xs:decimal(ram:BasisAmount)"
                " * xs:decimal(ram:CalculationPercent)) div 100, $slackValue)"
            ),
        ),
        _Rewrite(id="PEPPOL-EN16931-R120", test=_R120_TEST, flag="warning"),
    ),
    let_values=(
        _LetValue(
            name="baseQuantity",
            value=(
                "if ({net} and xs:decimal({net}) != 0) then xs:decimal({net})"
                " else if ({gross} and xs:decimal({gross}) != 0) then xs:decimal({gross})"
                " else 1"
            ).format(
                net=_CII_BASIS_QUANTITY.format(price="NetPriceProductTradePrice"),
                gross=_CII_BASIS_QUANTITY.format(price="GrossPriceProductTradePrice"),
            ),
        ),
    ),
)

_SYNTAX_MERGES: dict[MergeSyntax, _SyntaxMerge] = {MergeSyntax.UBL: _UBL, MergeSyntax.CII: _CII}


def merge_xrechnung_peppol(
    xrechnung: etree._ElementTree, peppol: etree._ElementTree, merge: XRechnungMerge
) -> etree._ElementTree:
    """Merge the whitelisted Peppol rules into the XRechnung schema of ``merge.syntax``.

    Returns a new tree; neither input is changed. The XRechnung ``include`` stays in place
    (the compiler resolves it relative to the XRechnung file). Raises
    :class:`SchematronCompileError` when a source lacks a shape the merge needs.
    """
    plan = _SYNTAX_MERGES[merge.syntax]
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
    _insert_before(anchor, [*peppol_patterns, *new_patterns])
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
    declarations = schema.findall(_NS)
    if not declarations:
        raise SchematronCompileError("the XRechnung schema has no ns element to add ns u after")
    utils = schema.makeelement(_NS, {"prefix": _UTILS_PREFIX, "uri": _UTILS_URI})
    _insert_after(declarations[-1], [utils])
    return utils


def _copy_global_lets(
    schema: etree._Element, peppol: etree._Element, after: etree._Element
) -> list[etree._Element]:
    """Step 2: copy every top-level Peppol ``let`` after ``after``, adding ``slackValue``.

    ``slackValue`` goes right after the Peppol ``let name="documentCurrencyCode"``; the
    rewritten R040 and R120 (step 7) use it.
    """
    lets: list[etree._Element] = []
    for let in peppol.iterchildren(_LET):
        lets.append(_copy(let))
        if let.get("name") == _DOCUMENT_CURRENCY_LET:
            lets.append(schema.makeelement(_LET, {"name": _SLACK_VALUE_LET, "value": _SLACK_VALUE}))
    if not any(let.get("name") == _SLACK_VALUE_LET for let in lets):
        raise SchematronCompileError(
            f'the Peppol schema has no top-level let name="{_DOCUMENT_CURRENCY_LET}" '
            f"to put {_SLACK_VALUE_LET} after"
        )
    _insert_after(after, lets)
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
    for child in peppol.iterchildren(_XSL_FUNCTION, _XSL_STYLESHEET):
        if child.tag == _XSL_FUNCTION:
            functions.append(child)
        else:
            functions.extend(child.iterchildren(_XSL_FUNCTION))
    if not functions:
        raise SchematronCompileError("the Peppol schema has no xsl:function to copy")
    declared = {f.get("name") for f in schema.iter(_XSL_FUNCTION)}
    for function in functions:
        if function.get("name") in declared:
            raise SchematronCompileError(
                f"the Peppol function {function.get('name')} is already declared in the "
                "XRechnung schema"
            )
    copies = [_copy(f) for f in functions]
    _insert_before(_single_child(schema, _INCLUDE, "include"), copies)
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
    for pattern in peppol.iterchildren(_PATTERN):
        asserts = pattern.findall(f"{_RULE}/{_ASSERT}")
        if any(_is_whitelisted(a) for a in asserts):
            _check_plain_pattern(pattern)
            copied = _copy(pattern)
            _keep_whitelisted(copied)
            _number_repeated_ids(copied, [a.get("id", "") for a in asserts], preceding)
            copied.set("id", f"{prefix}{len(copies) + 1}")
            copies.append(copied)
        preceding.update(a.get("id", "") for a in pattern.iter(_ASSERT))
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
    for assert_ in copied.iter(_ASSERT):
        assert_id = assert_.get("id", "")
        position[assert_id] += 1
        if assert_id in repeated:
            assert_.set("id", f"{assert_id}-{position[assert_id]}")


def _build_cii_patterns(
    schema: etree._Element, patterns: Sequence[_NewPattern]
) -> list[etree._Element]:
    """Step 5 (CII only): the patterns ``peppol-cii-pattern-0-a`` (R008) and ``-0-b`` (R044, R046).

    Peppol's CII schema has no R008, R044 or R046; the XRechnung rule set writes its own.
    R046 calls ``u:decimalOrZero``, which the XRechnung CII schema declares itself.
    """
    built: list[etree._Element] = []
    for new in patterns:
        pattern = schema.makeelement(_PATTERN, {"id": new.id})
        rule = etree.SubElement(pattern, _RULE, {"context": new.context})
        for spec in new.asserts:
            assert_ = etree.SubElement(
                rule, _ASSERT, {"id": spec.id, "test": spec.test, "flag": spec.flag}
            )
            assert_.text = spec.text
        etree.indent(pattern, space="  ", level=1)
        built.append(pattern)
    return built


def _activate_patterns(schema: etree._Element, patterns: Iterable[etree._Element]) -> None:
    """Step 6: give each XRechnung ``phase`` an ``active`` for every inserted pattern."""
    ids = [p.get("id", "") for p in patterns]
    for phase in schema.iterchildren(_PHASE):
        for pattern_id in ids:
            active = phase.makeelement(_ACTIVE, {"pattern": pattern_id})
            if len(phase):
                # Keep the indentation: the new last child takes over the closing whitespace.
                last = phase[-1]
                active.tail, last.tail = last.tail, phase.text
            phase.append(active)


def _rewrite_asserts(patterns: Sequence[etree._Element], rewrites: Iterable[_Rewrite]) -> None:
    """Step 7: replace test, text and/or flag of the copied asserts the XRechnung rules change."""
    for rewrite in rewrites:
        assert_ = _single(_asserts_with_id(patterns, rewrite.id), f"assert {rewrite.id}")
        if rewrite.test is not None:
            assert_.set("test", rewrite.test)
        if rewrite.flag is not None:
            assert_.set("flag", rewrite.flag)
        if rewrite.text is not None:
            for child in list(assert_):
                assert_.remove(child)
            assert_.text = rewrite.text


def _set_rule_let_values(patterns: Sequence[etree._Element], values: Iterable[_LetValue]) -> None:
    """Step 8 (CII only): new value of the rule-level ``let name="baseQuantity"`` from Peppol."""
    for value in values:
        lets = [
            let
            for pattern in patterns
            for let in pattern.iterfind(f"{_RULE}/{_LET}")
            if let.get("name") == value.name
        ]
        _single(lets, f'rule-level let name="{value.name}"').set("value", value.value)


def _fill_title(schema: etree._Element, merge: XRechnungMerge) -> None:
    """Fill the version placeholders of the XRechnung schema title (the reference, last part)."""
    title = _single_child(schema, _TITLE, "title")
    text = title.text or ""
    for placeholder in (_TITLE_SCHEMATRON_VERSION, _TITLE_XRECHNUNG_VERSION):
        if placeholder not in text:
            raise SchematronCompileError(
                f"the XRechnung schema title has no placeholder {placeholder}"
            )
    title.text = text.replace(_TITLE_SCHEMATRON_VERSION, merge.schematron_version).replace(
        _TITLE_XRECHNUNG_VERSION, merge.xrechnung_version
    )


def _schema_element(tree: etree._ElementTree, what: str) -> etree._Element:
    root = tree.getroot()
    if root.tag != _SCHEMA:
        raise SchematronCompileError(
            f"{what} is not an ISO Schematron schema (its root is {etree.QName(root).text})"
        )
    return root


def _check_whitelist_found(peppol: etree._Element, plan: _SyntaxMerge) -> None:
    """Every whitelisted rule must come from the Peppol schema or from step 5's patterns."""
    found = {a.get("id") for a in peppol.iter(_ASSERT)}
    found.update(a.id for p in plan.new_patterns for a in p.asserts)
    missing = [rule for rule in PEPPOL_WHITELIST if rule not in found]
    if missing:
        raise SchematronCompileError(
            f"the Peppol schema has no assert with the whitelisted id {', '.join(missing)}"
        )


def _check_new_pattern_ids(schema: etree._Element, inserted: Sequence[etree._Element]) -> None:
    """Pattern ids must stay unique: phases name patterns by id."""
    counts = Counter(p.get("id") for p in schema.iterchildren(_PATTERN))
    for pattern in inserted:
        if counts[pattern.get("id")] > 1:
            raise SchematronCompileError(
                f"the XRechnung schema already has a pattern with the id {pattern.get('id')}"
            )


def _anchor_pattern(schema: etree._Element, pattern_id: str) -> etree._Element:
    matches = [p for p in schema.iterchildren(_PATTERN) if p.get("id") == pattern_id]
    return _single(matches, f'top-level pattern id="{pattern_id}" in the XRechnung schema')


def _check_plain_pattern(pattern: etree._Element) -> None:
    """Refuse abstract patterns and rules, ``extends`` and reports: step 4 does not cover them."""
    if pattern.get("abstract") == "true" or pattern.get("is-a") is not None:
        raise SchematronCompileError(f"Peppol pattern at line {pattern.sourceline} is abstract")
    for rule in pattern.iterchildren(_RULE):
        if rule.get("abstract") == "true" or rule.find(_EXTENDS) is not None:
            raise SchematronCompileError(
                f"Peppol rule at line {rule.sourceline} is abstract or extends another rule"
            )
        if rule.find(_REPORT) is not None and any(
            _is_whitelisted(a) for a in rule.iterchildren(_ASSERT)
        ):
            raise SchematronCompileError(
                f"Peppol rule at line {rule.sourceline} mixes whitelisted asserts with reports"
            )


def _keep_whitelisted(pattern: etree._Element) -> None:
    # Comments go: in Peppol they head groups of rules (or are rules commented out) that the
    # whitelist mostly drops, so the ones left would describe what is no longer there.
    for comment in list(pattern.iter(etree.Comment)):
        _remove(comment)
    for rule in pattern.findall(_RULE):
        asserts = rule.findall(_ASSERT)
        if not any(_is_whitelisted(a) for a in asserts):
            _remove(rule)
            continue
        for assert_ in asserts:
            if not _is_whitelisted(assert_):
                _remove(assert_)


def _is_whitelisted(assert_: etree._Element) -> bool:
    return assert_.get("id") in PEPPOL_WHITELIST


def _asserts_with_id(patterns: Sequence[etree._Element], assert_id: str) -> list[etree._Element]:
    return [a for p in patterns for a in p.iter(_ASSERT) if a.get("id") == assert_id]


def _single(elements: Sequence[etree._Element], what: str) -> etree._Element:
    if len(elements) != 1:
        raise SchematronCompileError(f"expected exactly one {what}, found {len(elements)}")
    return elements[0]


def _single_child(parent: etree._Element, tag: str, what: str) -> etree._Element:
    return _single(parent.findall(tag), f"top-level {what} in the XRechnung schema")


def _copy(element: etree._Element) -> etree._Element:
    """A deep copy without the source's tail text; in-scope namespaces come along."""
    copied = copy.deepcopy(element)
    copied.tail = None
    return copied


def _insert_after(anchor: etree._Element, elements: Sequence[etree._Element]) -> None:
    """Insert ``elements`` after ``anchor``, each on its own line at the anchor's indentation."""
    indent = _indentation(anchor.tail)
    for element in reversed(elements):
        element.tail = anchor.tail
        anchor.tail = indent
        anchor.addnext(element)


def _insert_before(anchor: etree._Element, elements: Sequence[etree._Element]) -> None:
    """Insert ``elements`` before ``anchor``, each on its own line at the anchor's indentation."""
    indent = _indentation(anchor.tail)
    for element in elements:
        element.tail = indent
        anchor.addprevious(element)


def _remove(element: etree._Element) -> None:
    """Remove ``element``, leaving the whitespace that followed it to its predecessor."""
    parent = element.getparent()
    if parent is None:
        return
    previous = element.getprevious()
    if previous is not None:
        previous.tail = element.tail
    else:
        parent.text = element.tail
    parent.remove(element)


def _indentation(tail: str | None) -> str:
    """A line break and the indentation of the next line, from the whitespace after an element."""
    if not tail or "\n" not in tail:
        return "\n"
    return "\n" + tail.rsplit("\n", 1)[1]
