"""What a batch adds up to: verdicts, scenarios, containers and the rules that fire most.

:class:`BatchSummary` is fed one result at a time and keeps counts only (per verdict, per
scenario, per container, per rule) and the rule packs used, never the documents, so it stays
small over any number of them. It also knows when the run started. The CLI and the HTML report
render it; they compute nothing themselves.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from einvoice_cli.core.findings import Severity
from einvoice_cli.core.results import Container, DocumentResult, Summary
from einvoice_cli.core.verdict import Verdict

MAX_TERMS_PER_RULE = 8
"""Business terms remembered per rule (a rule's messages name the same few terms)."""

_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFORMATION: 2}


@dataclass(frozen=True, slots=True)
class ScenarioCount:
    """The verdicts of the documents validated with one scenario."""

    scenario: str | None
    """The scenario's name; ``None`` for documents no scenario was chosen for."""
    accepted: int
    rejected: int
    errors: int

    @property
    def documents(self) -> int:
        """All documents of this scenario."""
        return self.accepted + self.rejected + self.errors


@dataclass(frozen=True, slots=True)
class RuleCount:
    """How often one rule fired over a batch."""

    rule: str
    severity: Severity
    """The most severe level it had (after the scenarios' overrides)."""
    documents: int
    """Documents with at least one finding of this rule."""
    findings: int
    business_terms: tuple[str, ...]
    """The business terms its findings name, in the order first seen."""


@dataclass(frozen=True, slots=True)
class ContainerCount:
    """How many documents came in one kind of container."""

    container: Container
    documents: int


@dataclass(slots=True)
class _RuleTally:
    severity: Severity
    documents: int = 0
    findings: int = 0
    terms: dict[str, None] = field(default_factory=dict)


class BatchSummary:
    """Counts over a batch, built one result at a time (see the module docstring).

    Rules are counted from findings of severity error or warning; information is not a
    problem to rank.
    """

    def __init__(self, clock: Callable[[], datetime] | None = None) -> None:
        self.clock = clock or _now
        """Where the time comes from (the run's start and end; tests give a fixed one)."""
        self.started = self.clock()
        """When counting began: the start of the run."""
        self.summary = Summary()
        self._scenarios: dict[str | None, Counter[Verdict]] = {}
        self._containers: Counter[Container] = Counter()
        self._packs: dict[str, None] = {}
        self._rules: dict[str, _RuleTally] = {}

    def add(self, result: DocumentResult) -> None:
        """Count one more document."""
        self.summary = self.summary.add(result)
        self._scenarios.setdefault(result.scenario, Counter())[result.verdict] += 1
        self._containers[result.container] += 1
        for used in result.rules:
            # ``PACK@VERSION:ARTIFACT``: the pack and its version are what a reader compares.
            self._packs.setdefault(used.rules.partition(":")[0], None)
        seen: set[str] = set()
        for finding in result.findings:
            if finding.severity is Severity.INFORMATION:
                continue
            tally = self._rules.get(finding.rule)
            if tally is None:
                tally = self._rules[finding.rule] = _RuleTally(finding.severity)
            elif _SEVERITY_ORDER[finding.severity] < _SEVERITY_ORDER[tally.severity]:
                tally.severity = finding.severity
            tally.findings += 1
            if finding.rule not in seen:
                seen.add(finding.rule)
                tally.documents += 1
            for term in finding.business_terms:
                if len(tally.terms) < MAX_TERMS_PER_RULE:
                    tally.terms.setdefault(term, None)

    def scenarios(self) -> tuple[ScenarioCount, ...]:
        """Counts per scenario, most documents first (then by name, no scenario last)."""
        counts = [
            ScenarioCount(
                scenario,
                accepted=verdicts[Verdict.ACCEPT],
                rejected=verdicts[Verdict.REJECT],
                errors=verdicts[Verdict.ERROR],
            )
            for scenario, verdicts in self._scenarios.items()
        ]
        return tuple(
            sorted(counts, key=lambda c: (-c.documents, c.scenario is None, c.scenario or ""))
        )

    def containers(self) -> tuple[ContainerCount, ...]:
        """Documents per container, in the order of :class:`Container` (empty ones left out)."""
        return tuple(
            ContainerCount(c, self._containers[c]) for c in Container if self._containers[c]
        )

    def rule_packs(self) -> tuple[str, ...]:
        """The rule packs the run used, ``PACK@VERSION``, sorted."""
        return tuple(sorted(self._packs))

    def top_rules(self, limit: int = 10) -> tuple[RuleCount, ...]:
        """The rules that fired in the most documents (then most findings, then by id)."""
        ranked = sorted(
            self._rules.items(), key=lambda item: (-item[1].documents, -item[1].findings, item[0])
        )
        return tuple(
            RuleCount(rule, t.severity, t.documents, t.findings, tuple(t.terms))
            for rule, t in ranked[:limit]
        )


def _now() -> datetime:
    return datetime.now(UTC)
