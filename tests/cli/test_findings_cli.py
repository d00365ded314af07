"""What a supplier reads about a finding on the command line: the values of its terms, the
expected figure, where it is, a hint, in English or German; and `einvoice explain`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from einvoice_cli.cli.validate_run import ValidateCommand, execute
from einvoice_cli.core.languages import Language
from einvoice_cli.settings import Settings
from einvoice_cli.validation.engine import RuleEngine
from tests.conftest import CliRun
from tests.support.corpus import MIRROR

REPO = Path(__file__).resolve().parents[2]
INVALID = str(REPO / "samples" / "invalid-invoice.xml")
ROOT_LINE = 26  # the line of <ubl:Invoice in the sample (its start tag ends on 28)


def test_the_sample_shows_values_expected_total_and_places(run_cli: CliRun) -> None:
    result = run_cli(["validate", "--lang", "en", INVALID])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert "          BT-112 Invoice total amount with VAT: 994.87 (expected 994.78)" in lines
    assert "          BT-109 Invoice total amount without VAT: 877.70" in lines
    assert "          BT-110 Invoice total VAT amount: 117.08" in lines
    assert (
        "          at /ubl:Invoice/cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount · line 151"
        in lines
    )
    assert "          missing, belongs at /ubl:Invoice/cbc:BuyerReference · line 37" in lines
    assert "          at /ubl:Invoice/cac:PaymentTerms/cbc:Note · line 120" in lines
    assert not any(line.endswith(("line 28", f"line {ROOT_LINE}")) for line in lines)
    # The regular expression of BR-DE-18 only with --verbose; a hint under each message.
    assert "(^|\\r?\\n)#(SKONTO)" not in result.stdout
    assert "[regular expression: see --verbose]" in result.stdout
    assert any(
        line.startswith("          hint: Give the buyer reference (BT-10)") for line in lines
    )
    verbose = run_cli(["validate", "--lang", "en", "--verbose", INVALID])
    assert "(^|\\r?\\n)#(SKONTO)#TAGE=" in verbose.stdout


def test_the_json_report_carries_values_expected_and_place(run_cli: CliRun) -> None:
    result = run_cli(["validate", "-f", "json", INVALID])
    findings = {f["rule"]: f for f in json.loads(result.stdout)["documents"][0]["findings"]}
    co15 = findings["BR-CO-15"]
    assert co15["values"] == {
        "BT-112": "994.87",
        "BT-109": "877.70",
        "BT-110": "117.08",
        "BT-5": "EUR",
    }
    assert co15["expected"] == {"BT-112": "994.78"}
    assert co15["place"] == {
        "path": "/ubl:Invoice/cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount",
        "present": True,
        "line": 151,
    }
    # The official location stays as the rules report it.
    assert co15["location"].startswith("/*:Invoice[namespace-uri()=")
    assert findings["BR-DE-15"]["place"]["present"] is False
    assert findings["BR-DE-15"]["line"] == 37


def test_the_text_report_in_german(run_cli: CliRun) -> None:
    result = run_cli(["validate", "--lang", "de", INVALID])
    lines = result.stdout.splitlines()
    assert lines[0] == f"ABLEHNEN  {INVALID}"
    assert lines[1] == "        Szenario: EN16931 XRechnung (UBL Invoice)"
    assert "    Fehler (3)" in lines
    assert (
        "          BT-112 Rechnungsgesamtbetrag einschließlich Umsatzsteuer: 994.87 "
        "(erwartet 994.78)" in lines
    )
    assert "          fehlt, gehört nach /ubl:Invoice/cbc:BuyerReference · Zeile 37" in lines
    assert any(line.startswith("          Tipp: Geben Sie die Käuferreferenz") for line in lines)
    assert result.stderr == "1 Dokument: 0 angenommen, 1 abgelehnt, 0 nicht prüfbar\n"


def test_quiet_verdict_words_ignore_the_locale(
    run_cli: CliRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Scripts read --quiet lines: under a German locale they stay ACCEPT/REJECT unless
    --lang asks for German, while the text report follows the locale."""
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    assert run_cli(["validate", "-q", INVALID]).stdout == f"REJECT  {INVALID}\n"
    assert run_cli(["validate", INVALID]).stdout.startswith(f"ABLEHNEN  {INVALID}\n")


@pytest.mark.parametrize(("lang", "label"), [("en", "REJECT"), ("de", "ABLEHNEN")])
def test_quiet_prints_a_verdict_line_for_every_verdict(
    run_cli: CliRun, tmp_path: Path, lang: str, label: str
) -> None:
    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"")
    valid = str(REPO / "samples" / "xrechnung-ubl-invoice.xml")
    result = run_cli(["validate", "-q", "--lang", lang, valid, INVALID, str(empty)])
    assert result.exit_code == 2
    accept = {"en": "ACCEPT", "de": "ANNEHMEN"}[lang]
    error = {"en": "ERROR ", "de": "FEHLER  "}[lang]
    assert result.stdout.splitlines() == [
        f"{accept}  {valid}",
        f"{label}  {INVALID}",
        f"{error}  {empty}",
    ]
    assert result.stderr == ""


def test_explain_a_rule(run_cli: CliRun) -> None:
    result = run_cli(["explain", "--lang", "en", "BR-CO-15"])
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("BR-CO-15\n")
    assert "  rule file: cen-en16931@1.3.15:ubl-schematron\n" in out
    assert "  context: /ubl:Invoice | /cn:CreditNote\n" in out
    assert "cac:LegalMonetaryTotal/xs:decimal(cbc:TaxInclusiveAmount)" in out
    assert "    EN16931 XRechnung (UBL Invoice): error\n" in out
    assert "    BT-112 Invoice total amount with VAT\n" in out
    assert "  hint: Make the total with VAT (BT-112)" in out


def test_explain_shows_the_severity_a_scenario_sets_by_custom_level(run_cli: CliRun) -> None:
    # The XRechnung configuration lowers BR-CL-23 (unit of measure codes) to a warning.
    result = run_cli(["explain", "--lang", "de", "BR-CL-23"])
    assert result.exit_code == 0
    assert (
        "    EN16931 XRechnung (UBL Invoice): Warnung (durch customLevel des Szenarios gesetzt)"
        in result.stdout
    )
    assert "    EN16931 (UBL Invoice): Fehler" in result.stdout


def test_explain_a_business_term(run_cli: CliRun) -> None:
    result = run_cli(["explain", "--lang", "de", "BT-10"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "BT-10 Käuferreferenz"
    assert "  Kardinalität: 0..1" in lines
    assert "  UBL: /*/cbc:BuyerReference" in lines
    assert (
        "  CII: /*/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/"
        "ram:BuyerReference" in lines
    )
    rules = next(line for line in lines if line.startswith("  Regeln, die ihn nennen"))
    assert "BR-DE-15" in rules


def test_explain_an_unknown_rule_is_one_line(run_cli: CliRun) -> None:
    result = run_cli(["explain", "BR-NO-SUCH-RULE"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: no rule 'BR-NO-SUCH-RULE' in the installed rule files")
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize(("count", "tables"), [(1, False), (2, True)])
def test_summary_tables_on_a_terminal_only_for_batches(
    engine: RuleEngine,
    rules_cache: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    count: int,
    tables: bool,
) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    samples = [INVALID, str(REPO / "samples" / "xrechnung-ubl-invoice.xml")][:count]
    command = ValidateCommand(
        paths=tuple(samples),
        output_format="json",
        settings=Settings(cache_dir=rules_cache, mirror=str(MIRROR)),
        jobs=1,
        lang=Language.EN,
    )
    assert execute(command, engine) == 1
    stderr = capsys.readouterr().err
    assert ("Verdicts" in stderr) is tables
    assert ("Most frequent rules" in stderr) is tables
    assert f"{count} document" in stderr


def test_the_same_evidence_for_cii(run_cli: CliRun, tmp_path: Path) -> None:
    # The CII twin of the sample, with the same two mistakes: total with VAT and no BT-10.
    text = (REPO / "samples" / "xrechnung-cii-invoice.xml").read_text(encoding="utf-8")
    start = text.index("<ram:BuyerReference>")
    end = text.index("</ram:BuyerReference>") + len("</ram:BuyerReference>")
    broken = text[:start] + text[end:]
    broken = broken.replace("<ram:GrandTotalAmount>994.78", "<ram:GrandTotalAmount>994.87")
    path = tmp_path / "cii.xml"
    path.write_text(broken, encoding="utf-8")
    result = run_cli(["validate", "-f", "json", str(path)])
    findings = {f["rule"]: f for f in json.loads(result.stdout)["documents"][0]["findings"]}
    co15 = findings["BR-CO-15"]
    assert {k: co15["values"][k] for k in ("BT-112", "BT-109", "BT-110")} == {
        "BT-112": "994.87",
        "BT-109": "877.70",
        "BT-110": "117.08",
    }
    assert co15["expected"] == {"BT-112": "994.78"}
    assert co15["place"]["path"].endswith(
        "/ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:GrandTotalAmount"
    )
    de15 = findings["BR-DE-15"]["place"]
    assert de15["present"] is False
    assert de15["path"] == (
        "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/"
        "ram:ApplicableHeaderTradeAgreement/ram:BuyerReference"
    )


def test_errors_are_said_in_german_too(run_cli: CliRun, tmp_path: Path) -> None:
    """A document in error gets its kind in German before the reason, and the tip in German;
    a run that cannot start says Fehler: and its tip in German."""
    broken = tmp_path / "broken.xml"
    broken.write_bytes(b"<Invoice><unclosed></Invoice>")
    large = str(REPO / "samples" / "xrechnung-ubl-invoice.xml")
    result = run_cli(["validate", "--lang", "de", "--max-size", "100", str(broken), large])
    lines = result.stdout.splitlines()
    assert lines[1].startswith(f"        kein wohlgeformtes XML: {broken}: Opening and ending tag")
    assert "not well-formed XML" not in lines[1]  # the kind is said once, in German
    assert lines[3].endswith("(Grenze mit --max-size anheben, bei einem PDF mit --max-pdf-size)")
    english = run_cli(["validate", "--lang", "en", str(broken)]).stdout.splitlines()
    assert english[1].startswith(f"        {broken}: not well-formed XML")
    refused = run_cli(["validate", "--lang", "de", "--scenario", "nope", large])
    assert refused.exit_code == 2
    assert refused.stderr.startswith("Fehler: ")
