"""The KoSIT report of every document of the XRechnung test suite, and of the EN 16931, Peppol
and ZUGFeRD corpora: valid against the configuration's ``report.xsd``, its assessment equal to
our verdict, its scenario ours, and its messages our findings, one for one, with the levels the
scenario's customLevel gives them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from einvoice_cli.core.findings import Source
from einvoice_cli.core.results import DocumentResult
from einvoice_cli.core.verdict import Verdict
from einvoice_cli.report.kosit import report_schema
from einvoice_cli.schematron.generated_ids import is_generated_id
from einvoice_cli.validation.engine import RuleEngine
from tests.support.corpus import EN16931, PEPPOL, XRECHNUNG_TESTSUITE, ZUGFERD, files, ident
from tests.support.kosit import REP, S, assessment, messages, report_of, steps, validated

TESTSUITE = files(XRECHNUNG_TESTSUITE / "business-cases") + files(
    XRECHNUNG_TESTSUITE / "technical-cases"
)
OTHERS = (
    files(EN16931 / "ubl" / "examples")
    + files(EN16931 / "cii" / "examples")
    + files(EN16931 / "test" / "testfiles")
    + files(PEPPOL)
    + files(ZUGFERD, "*.pdf")
)
_SCHEMATRON = frozenset(Source) - {Source.XSD, Source.PDF, Source.SCENARIO, Source.INPUT}


@pytest.fixture(scope="module")
def schema(engine: RuleEngine) -> etree.XMLSchema:
    return report_schema(engine)


def custom_level(message: etree._Element, report: etree._Element) -> str:
    """The level of a message after the customLevel the report's scenario declares."""
    for custom in report.iter(f"{S}customLevel"):
        if message.get("code") in (custom.text or "").split():
            return custom.get("level", "")
    return message.get("level", "")


def schematron_messages(report: etree._Element) -> Iterator[tuple[str, str]]:
    for step_id, step in steps(report).items():
        if step_id.startswith("val-sch."):
            for message in messages(step):
                yield message.get("code", ""), custom_level(message, report)


def check(path: Path, engine: RuleEngine, schema: etree.XMLSchema) -> DocumentResult:
    result = validated(path, engine)
    report = report_of(result, engine)
    assert schema.validate(etree.ElementTree(report)), schema.error_log
    expected = "accept" if result.verdict is Verdict.ACCEPT else "reject"
    assert assessment(report) == expected
    matched = report.find(f"{REP}scenarioMatched")
    if result.scenario is None:
        assert matched is None
        return result
    assert matched is not None
    assert matched.findtext(f"{S}scenario/{S}name") == result.scenario
    xsd = [f for f in result.findings if f.source is Source.XSD]
    assert len(messages(steps(report)["val-xsd"])) == len(xsd)
    # A check without an id has a generated id to us and is "UNSPECIFIC" in KoSIT's report,
    # which its own stylesheet writes from the SVRL (default-report.xsl).
    ours = [
        ("UNSPECIFIC" if is_generated_id(f.rule) else f.rule, f.severity.value)
        for f in result.findings
        if f.in_verdict and (f.source in _SCHEMATRON or f.source is Source.PDF)
    ]
    assert sorted(schematron_messages(report)) == sorted(ours)
    return result


@pytest.mark.parametrize("path", TESTSUITE, ids=ident)
def test_testsuite_report(path: Path, engine: RuleEngine, schema: etree.XMLSchema) -> None:
    result = check(path, engine, schema)
    assert result.verdict is Verdict.ACCEPT


@pytest.mark.parametrize("path", OTHERS, ids=ident)
def test_corpus_report(path: Path, engine: RuleEngine, schema: etree.XMLSchema) -> None:
    check(path, engine, schema)


def test_the_corpora_reject_too(engine: RuleEngine) -> None:
    """The comparison covers both assessments, not only accept."""
    verdicts = {validated(p, engine).verdict for p in OTHERS[:40]}
    assert {Verdict.ACCEPT, Verdict.REJECT} <= verdicts
