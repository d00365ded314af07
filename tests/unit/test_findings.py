"""Severity mapping (KoSIT: unknown flags are errors), business terms, customLevel overrides,
locations for people, and the verdict rule."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from einvoice_cli.core.detect import SYNTAXES, Syntax, syntax_spec
from einvoice_cli.core.findings import (
    Finding,
    Severity,
    Source,
    apply_custom_levels,
    business_terms_in,
    severity_for_flag,
)
from einvoice_cli.core.locations import short_location
from einvoice_cli.core.verdict import Verdict, compute_verdict


@given(st.one_of(st.none(), st.text()))
def test_every_flag_maps_to_a_severity(flag: str | None) -> None:
    assert severity_for_flag(flag) in set(Severity)


def test_known_flags_and_roles() -> None:
    assert severity_for_flag("fatal") is Severity.ERROR
    assert severity_for_flag("error") is Severity.ERROR
    assert severity_for_flag("warning") is Severity.WARNING
    assert severity_for_flag("warn") is Severity.WARNING
    assert severity_for_flag("information") is Severity.INFORMATION
    assert severity_for_flag("info") is Severity.INFORMATION
    assert severity_for_flag(" Warning ") is Severity.WARNING
    assert severity_for_flag("caution") is Severity.ERROR
    assert severity_for_flag(None) is Severity.ERROR


def test_business_terms_in_order_without_repeats() -> None:
    message = (
        '[BR-DE-TMP-32] ... BT-72 "Actual delivery date", BG-14 "Invoicing period" oder '
        "BG-26; BT-72 again; BT-DEX-002 and BG-DEX-09 (XRechnung extension); NOTBT-1"
    )
    assert business_terms_in(message) == ("BT-72", "BG-14", "BG-26", "BT-DEX-002", "BG-DEX-09")


def _finding(rule: str, severity: Severity, in_verdict: bool = True) -> Finding:
    return Finding(rule, severity, "fatal", Source.EN16931, None, "m", in_verdict=in_verdict)


def test_custom_levels_replace_severity_of_listed_rules_only() -> None:
    findings = [_finding("BR-CL-23", Severity.ERROR), _finding("BR-CL-24", Severity.ERROR)]
    leveled = apply_custom_levels(findings, {"BR-CL-23": Severity.WARNING})
    assert [f.severity for f in leveled] == [Severity.WARNING, Severity.ERROR]
    assert leveled[0].flag == "fatal"  # the rule's own flag is kept for the report


def test_verdict() -> None:
    error = _finding("BR-01", Severity.ERROR)
    warning = _finding("BR-02", Severity.WARNING)
    assert compute_verdict([], scenario_matched=True) is Verdict.ACCEPT
    assert compute_verdict([warning], scenario_matched=True) is Verdict.ACCEPT
    assert compute_verdict([error, warning], scenario_matched=True) is Verdict.REJECT
    assert compute_verdict([], scenario_matched=False) is Verdict.REJECT
    outside = replace(error, in_verdict=False)
    assert compute_verdict([outside], scenario_matched=True) is Verdict.ACCEPT


def test_short_location() -> None:
    location = (
        "/*:Invoice[namespace-uri()='urn:oasis:names:specification:ubl:schema:xsd:Invoice-2'][1]"
        "/*:InvoiceLine[namespace-uri()='urn:oasis:names:specification:ubl:schema:xsd:"
        "CommonAggregateComponents-2'][2]/*:ID[namespace-uri()='urn:x'][1]"
        "/@*[local-name()='schemeID' and namespace-uri()='urn:y']"
    )
    assert short_location(location) == "/Invoice/InvoiceLine[2]/ID/@schemeID"


def test_every_syntax_has_one_table_row() -> None:
    assert {spec.syntax for spec in SYNTAXES} == set(Syntax)
    for syntax in Syntax:
        assert syntax_spec(syntax).syntax is syntax


def test_the_count_of_omitted_findings_in_german() -> None:
    from einvoice_cli.core.findings import OMITTED_RULE, Finding, Severity, Source, cap_per_rule
    from einvoice_cli.core.languages import Language

    finding = Finding("BR-27", Severity.ERROR, "fatal", Source.EN16931, "/x", "[BR-27] price")
    kept = cap_per_rule([finding] * 1234, 100, Language.DE)
    [omitted] = [f for f in kept if f.rule == OMITTED_RULE]
    assert omitted.message == (
        "1.134 weitere Meldungen von BR-27 sind nicht aufgeführt (100 von 1.234 sind es)"
    )
    [english] = [f for f in cap_per_rule([finding] * 1234, 100) if f.rule == OMITTED_RULE]
    assert english.message == "1,134 more findings of BR-27 are not listed (100 of 1,234 are)"
