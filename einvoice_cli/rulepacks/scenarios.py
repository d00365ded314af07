"""Scenarios, and choosing exactly one for a document (KoSIT semantics).

A scenario is what KoSIT's ``scenarios.xml`` calls one: a match expression, the XML Schema,
the ordered Schematron steps and the customLevel overrides. The definitions are data in
``rules/configurations/*.toml``, loaded by ``rulepacks/catalog.py``; this module only holds the type
and the selection rule. Like KoSIT's ``impl/ScenarioRepository.java``, selection demands
exactly one matching scenario: none or several is a rejection, not a guess.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from lxml import etree

from einvoice_cli.core.detect import Syntax
from einvoice_cli.core.findings import Severity, Source
from einvoice_cli.errors import ScenarioError


@dataclass(frozen=True, slots=True)
class ArtifactRef:
    """A reference to one artifact of one rule pack: ``PACK@VERSION:ARTIFACT``."""

    pack: str
    version: str
    artifact: str

    @classmethod
    def parse(cls, text: str) -> ArtifactRef:
        """Parse ``PACK@VERSION:ARTIFACT``."""
        pack_version, sep, artifact = text.partition(":")
        pack, at, version = pack_version.partition("@")
        if not (sep and at and pack and version and artifact):
            raise ValueError(f"not a PACK@VERSION:ARTIFACT reference: {text!r}")
        return cls(pack, version, artifact)

    @property
    def pack_key(self) -> str:
        """``PACK@VERSION``."""
        return f"{self.pack}@{self.version}"

    def __str__(self) -> str:
        return f"{self.pack}@{self.version}:{self.artifact}"


@dataclass(frozen=True, slots=True)
class SchematronStep:
    """One ``validateWithSchematron`` step of a scenario."""

    source: Source
    """What findings of this step are reported as (en16931, xrechnung, peppol, ...)."""
    name: str
    """The step's name as the official configuration gives it."""
    rules: ArtifactRef


@dataclass(frozen=True, slots=True)
class Scenario:
    """One scenario: which documents it takes and how it validates them."""

    name: str
    configuration: str
    """Id of the configuration (``rules/configurations/ID.toml``) it belongs to."""
    syntax: Syntax
    specification: str
    """The specification identifier its match expression looks for."""
    match: str
    """XPath 1.0 expression, evaluated with :attr:`namespaces`, true for documents it takes."""
    namespaces: Mapping[str, str]
    xsd: ArtifactRef
    schematron: tuple[SchematronStep, ...]
    custom_levels: Mapping[str, Severity]
    """customLevel overrides: rule id -> severity replacing the one the rule's flag gives."""
    fallback: str | None = None
    """A scenario to validate with instead when this one's rule packs cannot be installed
    (offline, no mirror): one whose rules ship with einvoice-cli."""
    also_specifications: tuple[str, ...] = ()
    """Other spellings of the specification identifier the match expression accepts."""

    @property
    def specification_ids(self) -> tuple[str, ...]:
        """Every specification identifier the scenario takes, the main one first."""
        return (self.specification, *self.also_specifications)

    def matches(self, tree: etree._ElementTree) -> bool:
        """Whether the scenario's match expression is true for the document."""
        return bool(_compiled(self.match, tuple(sorted(self.namespaces.items())))(tree))


@functools.cache
def _compiled(match: str, namespaces: tuple[tuple[str, str], ...]) -> etree.XPath:
    """A match expression compiled once per process (every document evaluates it)."""
    return etree.XPath(match, namespaces=dict(namespaces))


class SelectionOutcome(StrEnum):
    """How scenario selection ended."""

    MATCHED = "matched"
    FORCED = "forced"
    NONE = "none"
    AMBIGUOUS = "ambiguous"


@dataclass(frozen=True, slots=True)
class Selection:
    """The result of choosing a scenario for one document."""

    outcome: SelectionOutcome
    scenario: Scenario | None
    """The chosen scenario; ``None`` unless the outcome is MATCHED or FORCED."""
    candidates: tuple[Scenario, ...] = ()
    """All scenarios whose match was true (for AMBIGUOUS)."""


def find_scenario(scenarios: Sequence[Scenario], name: str) -> Scenario:
    """The scenario called ``name`` (case-insensitive), or :class:`ScenarioError` listing them."""
    wanted = name.strip().casefold()
    for scenario in scenarios:
        if scenario.name.casefold() == wanted:
            return scenario
    known = "; ".join(s.name for s in scenarios)
    raise ScenarioError(f"no scenario is called {name!r}; known scenarios: {known}")


def select_scenario(
    tree: etree._ElementTree,
    configurations: Sequence[Sequence[Scenario]],
    forced: Scenario | None = None,
) -> Selection:
    """Choose the scenario for a document: the forced one, or the single one that matches.

    ``configurations`` are the scenario sets in priority order. Within one configuration,
    exactly one scenario must match, as in KoSIT; the first configuration with any match
    decides, so a later one never makes an official verdict ambiguous.
    """
    if forced is not None:
        return Selection(SelectionOutcome.FORCED, forced)
    for scenarios in configurations:
        matching = tuple(s for s in scenarios if s.matches(tree))
        if len(matching) == 1:
            return Selection(SelectionOutcome.MATCHED, matching[0], matching)
        if matching:
            return Selection(SelectionOutcome.AMBIGUOUS, None, matching)
    return Selection(SelectionOutcome.NONE, None)
