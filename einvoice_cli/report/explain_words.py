"""The words of ``einvoice explain``, in English and German (``--lang``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from einvoice_cli.core.findings import Severity
from einvoice_cli.evidence.bindings import SyntaxFamily


@dataclass(frozen=True, slots=True)
class ExplainWords:
    """The labels of an explanation in one language."""

    message: str
    rule_file: str
    context: str
    test: str
    flag: str
    severity_per_scenario: str
    severity: Mapping[Severity, str]
    custom_level: str
    terms: str
    hint: str
    not_searched: str
    cardinality: str
    group: str
    document: str
    path: Mapping[SyntaxFamily, str]
    rules: str


EN = ExplainWords(
    message="message",
    rule_file="rule file",
    context="context",
    test="test",
    flag="flag",
    severity_per_scenario="severity per scenario",
    severity=MappingProxyType(
        {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFORMATION: "information"}
    ),
    custom_level="set by the scenario's customLevel",
    terms="business terms",
    hint="hint",
    not_searched="not installed, so not searched",
    cardinality="cardinality",
    group="in group",
    document="(the invoice)",
    path=MappingProxyType({SyntaxFamily.UBL: "UBL", SyntaxFamily.CII: "CII"}),
    rules="rules that name it",
)

DE = ExplainWords(
    message="Meldung",
    rule_file="Regeldatei",
    context="Kontext",
    test="Test",
    flag="Flag",
    severity_per_scenario="Schweregrad je Szenario",
    severity=MappingProxyType(
        {Severity.ERROR: "Fehler", Severity.WARNING: "Warnung", Severity.INFORMATION: "Hinweis"}
    ),
    custom_level="durch customLevel des Szenarios gesetzt",
    terms="Geschäftsbegriffe",
    hint="Tipp",
    not_searched="nicht installiert, daher nicht durchsucht",
    cardinality="Kardinalität",
    group="in Gruppe",
    document="(die Rechnung)",
    path=MappingProxyType({SyntaxFamily.UBL: "UBL", SyntaxFamily.CII: "CII"}),
    rules="Regeln, die ihn nennen",
)

EXPLAIN_WORDS: Mapping[str, ExplainWords] = MappingProxyType({"en": EN, "de": DE})
"""The words by language code."""


def explain_words(lang: str) -> ExplainWords:
    """The words for ``lang`` (one of :data:`einvoice_cli.core.languages.LANGUAGES`)."""
    return EXPLAIN_WORDS[lang]
