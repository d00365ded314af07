"""What ``einvoice explain`` says about a rule (``BR-CO-15``) or a business term (``BT-10``).

A rule: its message, context and test as the official source writes them, the severity it has in
each scenario that contains it (after the scenario's customLevel), its business terms and the
hint. A business term: its names, cardinality, group, paths in UBL and CII, and the rules whose
message or XPath names it. Everything is read from the installed official rule files and the
binding table; nothing here validates a document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from lxml import etree

from einvoice_cli.core.findings import Severity, Source, severity_for_flag
from einvoice_cli.errors import EinvoiceError, UnknownRuleError
from einvoice_cli.evidence.bindings import TERM_BINDINGS, SyntaxFamily, absolute_path
from einvoice_cli.evidence.rule_terms import terms_of_check
from einvoice_cli.model.names import TERM_NAMES, TermName
from einvoice_cli.rulepacks.scenarios import ArtifactRef, Scenario, SchematronStep
from einvoice_cli.rules_info.hints import HINTS
from einvoice_cli.schematron.generated_ids import generated_id
from einvoice_cli.schematron.runtime.svrl import SVRL_NS
from einvoice_cli.validation.engine import RuleEngine

_SCH = "http://purl.oclc.org/dsdl/schematron"
_XSL = "http://www.w3.org/1999/XSL/Transform"
_TERM_ID = re.compile(r"^B[TG]-(?:DEX-)?\d+(?:-\d+)?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class RuleCheck:
    """One assert or report of one rule file, as written there."""

    artifact: str
    """The rule file: ``cen-en16931@1.3.15:ubl-schematron``."""
    context: str
    test: str
    flag: str | None
    message: str


@dataclass(frozen=True, slots=True)
class ScenarioLevel:
    """The severity a rule has in one scenario."""

    scenario: str
    severity: Severity
    custom_level: bool
    """Whether the scenario's customLevel sets it (instead of the rule's flag)."""


@dataclass(frozen=True, slots=True)
class RuleExplanation:
    """Everything the tool knows about one rule id."""

    rule: str
    checks: tuple[RuleCheck, ...]
    levels: tuple[ScenarioLevel, ...]
    terms: tuple[str, ...]
    hint: Mapping[str, str] | None
    unavailable: tuple[str, ...] = ()
    """Scenarios whose rules are not installed here (so they were not searched)."""


@dataclass(frozen=True, slots=True)
class TermExplanation:
    """Everything the tool knows about one business term or group."""

    term: str
    name: TermName | None
    cardinality: str | None
    group: str | None
    paths: Mapping[SyntaxFamily, str] = field(default_factory=dict)
    rules: tuple[str, ...] = ()


def is_term(identifier: str) -> bool:
    """Whether ``identifier`` looks like a business term or group id (``BT-10``, ``BG-4``)."""
    return bool(_TERM_ID.match(identifier))


def _normalised(text: str) -> str:
    return " ".join(text.split())


_SVRL_KINDS = {"assert": "failed-assert", "report": "successful-report"}
"""The SVRL element each Schematron check writes: a generated id is made from its name."""


def _checks(
    tree: etree._ElementTree, source: Source
) -> Iterator[tuple[str, str, str, str | None, str]]:
    """(id, context, test, flag, message) of every assert and report of a Schematron source or
    of an ISO-skeleton XSLT (whose context is its template's match). A check without an id has
    the id validation gives it (``schematron/generated_ids.py``)."""
    root = tree.getroot()
    ns = {"sch": _SCH, "xsl": _XSL, "svrl": SVRL_NS}
    for kind in ("assert", "report"):
        for check in root.iterfind(f".//sch:{kind}", ns):
            yield _check_row(check, source, _SVRL_KINDS[kind])
    for kind in _SVRL_KINDS.values():
        for output in root.iterfind(f".//svrl:{kind}", ns):
            yield _output_row(output, source, kind)


def _output_row(
    output: etree._Element, source: Source, kind: str
) -> tuple[str, str, str, str | None, str]:
    template = next(output.iterancestors(f"{{{_XSL}}}template"), None)
    context = template.get("match", "") if template is not None else ""
    # The id is the attribute, or (as the skeleton writes it) an xsl:attribute named id.
    written = output.find(f"{{{_XSL}}}attribute[@name='id']")
    rule_id = output.get("id") or (_normalised(written.text or "") if written is not None else "")
    if not rule_id:
        # The runtime names it by the fired-rule's context, which the skeleton copies from
        # the template's match.
        fired = template.find(f".//{{{SVRL_NS}}}fired-rule") if template is not None else None
        fired_context = fired.get("context") if fired is not None else context
        rule_id = generated_id(source, kind, fired_context, output.get("test"))
    text = output.find(f"{{{SVRL_NS}}}text")
    message = _normalised("".join(text.itertext())) if text is not None else ""
    test = _normalised(output.get("test") or "")
    written_flag = output.find(f"{{{_XSL}}}attribute[@name='flag']")
    flag = output.get("flag") or (written_flag.text if written_flag is not None else None)
    return rule_id, _normalised(context), test, flag, message


def _check_row(
    check: etree._Element, source: Source, kind: str
) -> tuple[str, str, str, str | None, str]:
    rule = check.getparent()
    context = rule.get("context", "") if rule is not None else ""
    flag = check.get("flag") or check.get("role")
    message = _normalised("".join(check.itertext()))
    test = _normalised(check.get("test") or "")
    # Our compiler writes no fired-rule, so a check without an id is named by its test alone.
    rule_id = check.get("id") or generated_id(source, kind, None, check.get("test"))
    return rule_id, _normalised(context), test, flag, message


class RuleLibrary:
    """The official rule files of every scenario, read once, for explaining rules and terms."""

    def __init__(self, engine: RuleEngine) -> None:
        """``engine`` gives the installed rule files; missing ones are installed as usual."""
        self._engine = engine
        self._sources: dict[ArtifactRef, etree._ElementTree] = {}
        self.unavailable: list[str] = []

    def _source(self, scenario: Scenario, ref: ArtifactRef) -> etree._ElementTree | None:
        cached = self._sources.get(ref)
        if cached is not None:
            return cached
        try:
            self._engine.store.ensure_scenario(scenario)
            tree = self._engine.rules_source(ref)
        except EinvoiceError:
            if scenario.name not in self.unavailable:
                self.unavailable.append(scenario.name)
            return None
        self._sources[ref] = tree
        return tree

    def _each(self) -> Iterator[tuple[Scenario, SchematronStep, etree._ElementTree]]:
        for scenario in self._engine.store.catalog.scenarios:
            for step in scenario.schematron:
                tree = self._source(scenario, step.rules)
                if tree is not None:
                    yield scenario, step, tree

    def explain_rule(self, rule: str) -> RuleExplanation:
        """Explain rule ``rule``; :class:`UnknownRuleError` when no installed file has it."""
        checks: dict[tuple[str, str, str], RuleCheck] = {}
        levels: dict[str, ScenarioLevel] = {}
        terms: dict[str, None] = {}
        for scenario, step, tree in self._each():
            for rule_id, context, test, flag, message in _checks(tree, step.source):
                if rule_id != rule:
                    continue
                ref = str(step.rules)
                key = (ref, context, test)
                checks.setdefault(key, RuleCheck(ref, context, test, flag, message))
                terms.update(dict.fromkeys(terms_of_check(context, test, message)))
                custom = scenario.custom_levels.get(rule)
                severity = custom if custom is not None else severity_for_flag(flag)
                levels.setdefault(
                    scenario.name, ScenarioLevel(scenario.name, severity, custom is not None)
                )
        if not checks:
            where = ", ".join(self.unavailable)
            extra = f" (not installed, so not searched: {where})" if where else ""
            raise UnknownRuleError(f"no rule {rule!r} in the installed rule files{extra}")
        return RuleExplanation(
            rule=rule,
            checks=tuple(checks.values()),
            levels=tuple(levels.values()),
            terms=tuple(terms),
            hint=HINTS.get(rule),
            unavailable=tuple(self.unavailable),
        )

    def explain_term(self, term: str) -> TermExplanation:
        """Explain business term or group ``term`` (its id as EN 16931 writes it)."""
        binding = TERM_BINDINGS.get(term)
        name = TERM_NAMES.get(term)
        if binding is None and name is None:
            raise UnknownRuleError(f"no business term or group {term!r} in EN 16931 or XRechnung")
        rules: dict[str, None] = {}
        trees = {str(step.rules): (step.source, tree) for _, step, tree in self._each()}
        for source, tree in trees.values():
            for rule_id, context, test, _, message in _checks(tree, source):
                if rule_id and term in terms_of_check(context, test, message):
                    rules[rule_id] = None
        paths = (
            MappingProxyType({b: absolute_path(term, b) for b in SyntaxFamily})
            if binding is not None
            else MappingProxyType({})
        )
        return TermExplanation(
            term=term,
            name=name,
            cardinality=binding.cardinality if binding else None,
            group=binding.group if binding else None,
            paths=paths,
            rules=tuple(sorted(rules, key=_rule_order)),
        )


def _rule_order(rule: str) -> tuple[str, int, str]:
    """BR-2 before BR-10: by prefix, then number."""
    match = re.match(r"^(.*?)(\d+)(\D*)$", rule)
    return (match.group(1), int(match.group(2)), match.group(3)) if match else (rule, 0, "")
