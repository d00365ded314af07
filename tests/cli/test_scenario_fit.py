"""A document that fits no scenario, or not the forced one, is told why in one line (issue 13
item 6): a scenario forced on a document of another syntax is an error of that document naming
both syntaxes, never an XML Schema finding and never an acceptance; a guideline id with ':'
where the official one has '#' is not taken for the profile it resembles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from einvoice_cli.core.results import Container
from einvoice_cli.core.verdict import Verdict
from einvoice_cli.errors import ErrorKind
from einvoice_cli.validation.engine import RuleEngine
from einvoice_cli.validation.inputs import Input
from einvoice_cli.validation.pipeline import ValidationOptions, validate
from einvoice_cli.validation.scenario_fit import resembled_id
from tests.conftest import CliRun
from tests.support.corpus import XRECHNUNG_TESTSUITE, ZUGFERD, require

STANDARD = XRECHNUNG_TESTSUITE / "business-cases" / "standard"
UBL = STANDARD / "01.01a-INVOICE_ubl.xml"
CII = STANDARD / "01.01a-INVOICE_uncefact.xml"
MUSTANG = ZUGFERD / "ZUGFeRDv2" / "fail" / "Mustangproject"
COLON_EXTENDED = MUSTANG / "MustangGnuaccountingBeispielRE-20171118_506.pdf"
EXTENDED = "urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended"


@pytest.mark.parametrize(
    ("scenario", "document", "document_syntax", "scenario_syntax"),
    [
        ("EN16931 XRechnung (UBL Invoice)", CII, "(cii)", "(ubl-invoice)"),
        ("EN16931 XRechnung (CII)", UBL, "(ubl-invoice)", "(cii)"),
        ("ZUGFeRD 1.0 BASIC", CII, "(cii)", "(zugferd-1)"),
    ],
    ids=["ubl-scenario-on-cii", "cii-scenario-on-ubl", "zugferd1-scenario-on-cii"],
)
def test_a_forced_scenario_of_another_syntax_is_an_error_naming_both(
    run_cli: CliRun, scenario: str, document: object, document_syntax: str, scenario_syntax: str
) -> None:
    result = run_cli(["validate", "-f", "json", "--scenario", scenario, str(require(document))])  # type: ignore[arg-type]
    assert result.exit_code == 2
    [report] = json.loads(result.stdout)["documents"]
    assert report["verdict"] == "error"
    assert report["error_kind"] == "scenario-mismatch"
    assert report["findings"] == []
    message = report["error"]
    assert "\n" not in message
    assert f"'{scenario}'" in message
    assert document_syntax in message and scenario_syntax in message
    assert "global declaration" not in message


def test_the_mismatch_reads_in_german_with_a_tip(run_cli: CliRun) -> None:
    result = run_cli(
        [
            "validate",
            "--lang",
            "de",
            "--scenario",
            "EN16931 XRechnung (UBL Invoice)",
            str(require(CII)),
        ]
    )
    assert result.exit_code == 2
    assert "FEHLER" in result.stdout
    assert "das Dokument passt nicht zum Szenario " in result.stdout
    assert "Szenario passt nicht zur Syntax" not in result.stdout  # said once, in German
    assert "--scenario weglassen" in result.stdout
    assert "SCHEMAV" not in result.stdout


def test_a_forced_scenario_of_the_right_syntax_still_validates(engine: RuleEngine) -> None:
    options = ValidationOptions(scenario="EN16931 (UBL Invoice)")
    [result] = validate([Input(name="u.xml", path=require(UBL))], engine, options)
    assert result.verdict is Verdict.ACCEPT
    assert result.scenario == "EN16931 (UBL Invoice)"


def test_a_mismatched_pdf_is_an_error_too(engine: RuleEngine) -> None:
    pdf = require(ZUGFERD / "XML-Rechnung" / "FX" / "EN16931_Einfach.pdf")
    options = ValidationOptions(scenario="EN16931 XRechnung (UBL Invoice)")
    [result] = validate([Input(name="x.pdf", path=pdf)], engine, options)
    assert result.container is Container.PDF
    assert result.verdict is Verdict.ERROR
    assert result.error_kind is ErrorKind.SCENARIO_MISMATCH


def test_a_factur_x_id_with_colons_is_not_taken_as_extended(engine: RuleEngine) -> None:
    [result] = validate(
        [Input(name="m.pdf", path=require(COLON_EXTENDED))], engine, ValidationOptions()
    )
    assert result.specification == "urn:cen.eu:en16931:2017:compliant:factur-x.eu:1p0:extended"
    assert result.verdict is Verdict.REJECT
    assert result.scenario is None
    assert result.profile is None
    [finding] = [f for f in result.findings if f.source.value == "scenario"]
    assert finding.rule == "SCENARIO-MISSPELLED-SPECIFICATION"
    assert repr(EXTENDED) in finding.message
    assert "':' where the official id has '#'" in finding.message
    assert "Factur-X 1.0 / ZUGFeRD 2.x EXTENDED" in finding.message


def test_the_misspelling_has_a_hint_in_german(run_cli: CliRun) -> None:
    result = run_cli(["validate", "--lang", "de", str(require(COLON_EXTENDED))])
    assert result.exit_code == 1
    assert "SCENARIO-MISSPELLED-SPECIFICATION" in result.stdout
    assert "Tipp: Schreiben Sie die Spezifikationskennung (BT-24) genau" in result.stdout


def test_resembled_ids(engine: RuleEngine) -> None:
    scenarios = [s for s in engine.store.catalog.selectable if s.syntax.value == "cii"]
    colon = "urn:cen.eu:en16931:2017:compliant:factur-x.eu:1p0:extended"
    resembled = resembled_id(colon, scenarios)
    assert resembled is not None and resembled.specification == EXTENDED
    typo = "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.O"
    resembled = resembled_id(typo, scenarios)
    assert resembled is not None and resembled.name == "EN16931 XRechnung (CII)"
    assert resembled_id(EXTENDED, scenarios) is None  # an official id resembles nothing
    assert resembled_id("urn:example:my-own-invoice", scenarios) is None


def _with_specification(tmp_path: Path, specification: str) -> Path:
    text = require(UBL).read_text(encoding="utf-8")
    official = "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"
    assert official in text
    target = tmp_path / "invoice.xml"
    target.write_text(text.replace(official, specification, 1), encoding="utf-8")
    return target


@pytest.mark.parametrize(
    ("specification", "rule", "german"),
    [
        (
            "urn:example:my-own-invoice",
            "SCENARIO-UNKNOWN-SPECIFICATION",
            "kein Szenario für die Spezifikationskennung 'urn:example:my-own-invoice' "
            "(ubl-invoice); bekannte Spezifikationskennungen: ",
        ),
        (
            "urn:cen.eu:en16931:2017#compliant#urn:xoev-de:kosit:standard:xrechnung_1.2",
            "SCENARIO-OUTDATED-XRECHNUNG",
            "das Dokument ist eine XRechnung 1.2 (Spezifikationskennung ",
        ),
        (
            "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.O",
            "SCENARIO-MISSPELLED-SPECIFICATION",
            "ist keine offizielle; sie ähnelt 'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:"
            "kosit:xrechnung_3.0' (Szenario 'EN16931 XRechnung (UBL Invoice)'): sie ist anders "
            "geschrieben",
        ),
    ],
    ids=["unknown", "outdated", "misspelled"],
)
def test_why_no_scenario_takes_it_in_german(
    run_cli: CliRun, tmp_path: Path, specification: str, rule: str, german: str
) -> None:
    """Our scenario findings are worded in the chosen language, also in JSON; the text report
    lists the known ids only with --verbose."""
    document = _with_specification(tmp_path, specification)
    [report] = json.loads(
        run_cli(["validate", "--lang", "de", "-f", "json", str(document)]).stdout
    )["documents"]
    [finding] = report["findings"]
    assert finding["rule"] == rule
    assert german in finding["message"]
    text = run_cli(["validate", "--lang", "de", str(document)]).stdout
    assert german.split("; bekannte")[0] in " ".join(text.split())
    if rule == "SCENARIO-UNKNOWN-SPECIFICATION":
        assert "bekannte Spezifikationskennungen: … (--verbose)" in text
        assert "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol" not in text
        verbose = run_cli(["validate", "--lang", "de", "--verbose", str(document)]).stdout
        assert "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol" in "".join(verbose.split())


def test_a_forced_scenario_of_another_syntax_in_german(run_cli: CliRun) -> None:
    scenario = "EN16931 XRechnung (UBL Invoice)"
    result = run_cli(["validate", "--lang", "de", "-f", "json", "--scenario", scenario, str(CII)])
    [report] = json.loads(result.stdout)["documents"]
    assert report["error"] == (
        f"das Dokument passt nicht zum Szenario '{scenario}', das UBL 2.1 Invoice (ubl-invoice) "
        "prüft: es ist UN/CEFACT Cross Industry Invoice D16B (cii)"
    )
