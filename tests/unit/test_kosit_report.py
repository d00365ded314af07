"""The KoSIT report of single documents: what each part says, for an accepted XRechnung, one
the XML Schema rejects, one a business rule rejects, one a customLevel lets through, a Peppol
invoice (default report), a hybrid PDF, a document that is not an invoice and one that is not
XML. Every report is valid against the configuration's ``report.xsd``."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from einvoice_cli.api import Validator
from einvoice_cli.core.findings import Severity, Source
from einvoice_cli.core.verdict import Verdict
from einvoice_cli.errors import RuleExecutionError
from einvoice_cli.report.kosit import kosit_report, report_schema
from einvoice_cli.report.kosit_input import PDF_STEP_NAME, REPORT_PACK
from einvoice_cli.rulepacks.scenarios import ArtifactRef
from einvoice_cli.settings import Settings
from einvoice_cli.validation.engine import RuleEngine
from einvoice_cli.validation.inputs import Input
from einvoice_cli.validation.pipeline import ValidationOptions, validate
from tests.support.corpus import PEPPOL, XRECHNUNG_TESTSUITE, ZUGFERD, files, require
from tests.support.kosit import (
    NS,
    REP,
    TIMESTAMP,
    S,
    assessment,
    messages,
    report_of,
    steps,
    validated,
)

CIUS = XRECHNUNG_TESTSUITE / "technical-cases" / "cius"
MINIMAL_UBL = CIUS / "01.05_minimal_test_ubl.xml"
EXTENSION = XRECHNUNG_TESTSUITE / "business-cases" / "extension" / "05.01a-INVOICE_ubl.xml"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"


@pytest.fixture(scope="module")
def schema(engine: RuleEngine) -> etree.XMLSchema:
    return report_schema(engine)


def assert_valid(report: etree._Element, schema: etree.XMLSchema) -> None:
    assert schema.validate(etree.ElementTree(report)), schema.error_log


def without(path: Path, element: str) -> bytes:
    """A corpus document with its first ``cbc:ELEMENT`` removed."""
    tree = etree.parse(str(require(path)))
    target = tree.getroot().find(f"{{{CBC}}}{element}")
    assert target is not None
    tree.getroot().remove(target)
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


def test_an_accepted_xrechnung(engine: RuleEngine, schema: etree.XMLSchema) -> None:
    result = validated(MINIMAL_UBL, engine)
    report = report_of(result, engine)
    assert_valid(report, schema)
    assert report.get("valid") == "true"
    assert assessment(report) == "accept"
    assert report.findtext(f"{REP}timestamp") == "2026-01-31T12:00:00.000+00:00"
    digest = base64.b64encode(hashlib.sha256(MINIMAL_UBL.read_bytes()).digest()).decode()
    assert report.findtext(".//rep:hashValue", namespaces=NS) == digest
    assert report.findtext(".//rep:documentReference", namespaces=NS) == str(MINIMAL_UBL)
    scenario = report.find(f"{REP}scenarioMatched/{S}scenario")
    assert scenario is not None
    assert scenario.findtext(f"{S}name") == "EN16931 XRechnung (UBL Invoice)"
    # The official scenario element, its placeholders filled, and the XRechnung report's data.
    assert "xrechnung_3.0'])" in (scenario.findtext(f"{S}match") or "")
    assert report.findtext(".//rep:documentData/id", namespaces=NS) == "1234567"
    assert list(steps(report)) == ["val-xsd", "val-sch.1", "val-sch.2", "val-xml"]
    [message] = messages(steps(report)["val-sch.2"])
    assert message.get("code") == "BR-DE-TMP-32"
    assert message.get("level") == "information"
    assert message.get("xpathLocation", "").startswith("/*:Invoice")


def test_an_xml_schema_error_skips_the_schematron_steps(
    engine: RuleEngine, schema: etree.XMLSchema
) -> None:
    result = validated(MINIMAL_UBL, engine, without(MINIMAL_UBL, "IssueDate"))
    assert result.verdict is Verdict.REJECT
    report = report_of(result, engine)
    assert_valid(report, schema)
    assert report.get("valid") == "false"
    assert assessment(report) == "reject"
    assert list(steps(report)) == ["val-xsd", "val-xml"]
    xsd = steps(report)["val-xsd"]
    assert xsd.get("valid") == "false"
    found = messages(xsd)
    assert [m.get("code") for m in found] == ["generic-error"]
    assert "IssueDate" in (found[0].text or "")
    assert found[0].get("lineNumber") is not None


def test_a_business_rule_error(engine: RuleEngine, schema: etree.XMLSchema) -> None:
    result = validated(MINIMAL_UBL, engine, without(MINIMAL_UBL, "BuyerReference"))
    report = report_of(result, engine)
    assert_valid(report, schema)
    assert assessment(report) == "reject"
    codes = {m.get("code"): m.get("level") for m in report.iter(f"{REP}message")}
    assert codes["BR-DE-15"] == "error"
    assert steps(report)["val-sch.2"].get("valid") == "false"


def test_a_custom_level_turns_an_error_into_information(
    engine: RuleEngine, schema: etree.XMLSchema
) -> None:
    result = validated(EXTENSION, engine)
    assert result.verdict is Verdict.ACCEPT
    report = report_of(result, engine)
    assert_valid(report, schema)
    # The message keeps the rule's own level; the scenario's customLevel (copied into the
    # report) makes the assessment accept, as in KoSIT.
    [br_co_16] = [m for m in report.iter(f"{REP}message") if m.get("code") == "BR-CO-16"]
    assert br_co_16.get("level") == "error"
    levels = report.xpath(".//s:customLevel[contains(., 'BR-CO-16')]/@level", namespaces=NS)
    assert levels == ["information"]
    assert assessment(report) == "accept"


def test_a_peppol_invoice_has_the_default_report(
    engine: RuleEngine, schema: etree.XMLSchema
) -> None:
    path = require(PEPPOL / "rules" / "examples" / "base-example.xml")
    result = validated(path, engine)
    assert result.scenario is not None and "Peppol" in result.scenario
    report = report_of(result, engine)
    assert_valid(report, schema)
    assert assessment(report) == result.verdict.value
    scenario = report.find(f"{REP}scenarioMatched/{S}scenario")
    assert scenario is not None
    assert scenario.findtext(f"{S}name") == result.scenario
    assert report.find(f"{REP}scenarioMatched/{REP}documentData") is None
    assert len(steps(report)) == 2 + len(engine.store.catalog.scenario(result.scenario).schematron)


def test_a_hybrid_pdf_carries_its_pdf_findings(engine: RuleEngine, schema: etree.XMLSchema) -> None:
    for path in files(ZUGFERD / "ZUGFeRDv2", "*.pdf"):
        result = validated(path, engine)
        pdf = [f for f in result.findings if f.source is Source.PDF and f.in_verdict]
        if result.scenario is not None and pdf:
            break
    else:
        pytest.fail("no ZUGFeRD 2 PDF with PDF-side findings")
    report = report_of(result, engine)
    assert_valid(report, schema)
    assert assessment(report) == result.verdict.value
    [step] = [
        s for s in steps(report).values() if s.findtext(f"{S}resource/{S}name") == PDF_STEP_NAME
    ]
    assert [m.get("code") for m in messages(step)] == [f.rule for f in pdf]
    assert [m.get("level") for m in messages(step)] == [f.severity.value for f in pdf]


def test_a_document_no_scenario_takes(engine: RuleEngine, schema: etree.XMLSchema) -> None:
    not_an_invoice = etree.tostring(etree.parse(str(MINIMAL_UBL)).getroot()[0])
    result = validated(Path("not-an-invoice.xml"), engine, not_an_invoice)
    assert result.scenario is None
    assert result.verdict is Verdict.REJECT
    report = report_of(result, engine)
    assert_valid(report, schema)
    assert report.find(f"{REP}noScenarioMatched") is not None
    assert assessment(report) == "reject"


def test_a_document_that_is_not_xml(engine: RuleEngine, schema: etree.XMLSchema) -> None:
    result = validated(Path("broken.xml"), engine, MINIMAL_UBL.read_bytes()[:300])
    assert result.verdict is Verdict.ERROR
    report = report_of(result, engine)
    assert_valid(report, schema)
    assert assessment(report) == "reject"
    [message] = messages(steps(report)["val-xml"])
    assert message.get("level") == "error"
    assert message.get("code") == "generic-error"
    assert "broken.xml" in (message.text or "")


def test_the_hash_is_of_the_document_as_received(engine: RuleEngine) -> None:
    result = validated(MINIMAL_UBL, engine)
    body = MINIMAL_UBL.read_bytes()
    report = etree.fromstring(kosit_report(replace(result, sha256=None), body, engine))
    digest = base64.b64encode(hashlib.sha256(body).digest()).decode()
    assert report.findtext(".//rep:hashValue", namespaces=NS) == digest


def test_the_xml_may_be_passed_instead_of_kept(engine: RuleEngine) -> None:
    result = validated(MINIMAL_UBL, engine)
    bare = replace(result, invoice_xml=None)
    report = etree.fromstring(kosit_report(bare, MINIMAL_UBL.read_bytes(), engine))
    assert report.findtext(".//rep:documentData/id", namespaces=NS) == "1234567"
    with pytest.raises(ValueError, match="needs the invoice XML"):
        kosit_report(bare, None, engine)


def test_a_result_without_its_svrl_is_refused(engine: RuleEngine) -> None:
    [result] = validate([Input(str(MINIMAL_UBL), path=MINIMAL_UBL)], engine, ValidationOptions())
    assert result.svrl == () and result.invoice_xml is None
    with pytest.raises(ValueError, match="carries no SVRL"):
        kosit_report(result, MINIMAL_UBL.read_bytes(), engine, timestamp=TIMESTAMP)


def test_the_svrl_is_kept_only_when_asked(engine: RuleEngine) -> None:
    result = validated(MINIMAL_UBL, engine)
    assert len(result.svrl) == 2
    assert result.invoice_xml == MINIMAL_UBL.read_bytes()
    assert result.sha256 == hashlib.sha256(MINIMAL_UBL.read_bytes()).hexdigest()
    assert all(f.severity is not Severity.ERROR for f in result.findings)


def test_stylesheet_parameters_hold_for_one_call(engine: RuleEngine) -> None:
    result = validated(MINIMAL_UBL, engine)
    kosit_report(result, None, engine, timestamp=TIMESTAMP)
    stylesheet = engine.stylesheet(ArtifactRef.parse(f"{REPORT_PACK}:xrechnung-report"))
    empty = engine.saxon.document(etree.ElementTree(etree.Element("empty")))
    # input-document is required: without it the call fails, so the last document is not kept.
    with pytest.raises(RuleExecutionError):
        stylesheet.transform(empty)


def test_through_the_public_api(engine: RuleEngine, schema: etree.XMLSchema) -> None:
    validator = Validator(Settings(keep_report_input=True), engine=engine)
    result = validator.validate(MINIMAL_UBL)
    report = etree.fromstring(kosit_report(result, None, validator.engine))
    assert schema.validate(etree.ElementTree(report))
    assert assessment(report) == "accept"


def test_rules_run_outside_the_verdict_stay_out_of_the_report(engine: RuleEngine) -> None:
    data = without(MINIMAL_UBL, "IssueDate")
    options = ValidationOptions(keep_report_input=True, all_rules=True)
    [result] = validate([Input("no-issue-date.xml", data=data)], engine, options)
    assert any(not f.in_verdict for f in result.findings)  # --all-rules ran the Schematron
    report = report_of(result, engine)
    assert list(steps(report)) == ["val-xsd", "val-xml"]  # as KoSIT, which skips it
    assert assessment(report) == "reject"
