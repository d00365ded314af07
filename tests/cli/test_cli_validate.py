"""`einvoice validate` through the real CLI: exit statuses, streams, batches with bad members,
scenario selection, --all-rules, and no traceback without --debug."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from einvoice_cli.validation import pipeline
from tests.conftest import CliRun
from tests.support.corpus import EN16931, XRECHNUNG_TESTSUITE, require

STANDARD = XRECHNUNG_TESTSUITE / "business-cases" / "standard"
UBL = STANDARD / "01.01a-INVOICE_ubl.xml"
CII = STANDARD / "01.01a-INVOICE_uncefact.xml"
XR_SPEC = "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"


def _documents(stdout: str) -> list[Any]:
    """The ``documents`` of a JSON report (JSON is untyped: Any)."""
    documents = json.loads(stdout)["documents"]
    assert isinstance(documents, list)
    return documents


def test_accepted_documents_exit_0(run_cli: CliRun) -> None:
    result = run_cli(["validate", str(require(UBL)), str(require(CII))])
    assert result.exit_code == 0
    assert result.stdout.startswith("ACCEPT  ")
    assert "scenario: EN16931 XRechnung (UBL Invoice)" in result.stdout
    assert "scenario: EN16931 XRechnung (CII)" in result.stdout
    assert result.stderr.strip() == "2 documents: 2 accepted, 0 rejected, 0 in error"


def test_rejected_document_exits_1_and_names_the_rule(
    run_cli: CliRun, without_buyer_reference: Path
) -> None:
    result = run_cli(["validate", "-f", "json", str(without_buyer_reference)])
    assert result.exit_code == 1
    [document] = _documents(result.stdout)
    assert document["verdict"] == "reject"
    [br_de_15] = [f for f in document["findings"] if f["rule"] == "BR-DE-15"]
    assert br_de_15["severity"] == "error"
    assert br_de_15["flag"] == "fatal"
    assert br_de_15["source"] == "xrechnung"
    assert br_de_15["business_terms"] == ["BT-10"]
    assert (
        br_de_15["location"]
        == "/*:Invoice[namespace-uri()='urn:oasis:names:specification:ubl:schema:xsd:Invoice-2'][1]"
    )
    # BT-10 is missing: the finding points where cbc:BuyerReference belongs (before the element
    # that follows it in the UBL sequence), not at the root the rule's context names.
    assert br_de_15["place"] == {
        "path": "/ubl:Invoice/cbc:BuyerReference",
        "present": False,
        "line": 13,
    }
    assert br_de_15["line"] == 13
    assert br_de_15["values"] == {}


def test_text_report_groups_findings_by_severity(
    run_cli: CliRun, without_buyer_reference: Path
) -> None:
    result = run_cli(["validate", str(without_buyer_reference)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == f"REJECT  {without_buyer_reference}"
    assert "    errors (1)" in lines
    assert any(line.startswith("      BR-DE-15  [BR-DE-15]") for line in lines)
    assert "          BT-10 Buyer reference" in lines
    assert "          missing, belongs at /ubl:Invoice/cbc:BuyerReference · line 13" in lines


def test_one_bad_file_in_a_batch_is_reported_and_the_rest_validated(
    run_cli: CliRun, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text("<Invoice><unclosed></Invoice>", encoding="utf-8")
    result = run_cli(["validate", "-f", "json", str(require(UBL)), str(broken), str(require(CII))])
    assert result.exit_code == 2
    verdicts = [(Path(str(d["path"])).name, d["verdict"]) for d in _documents(result.stdout)]
    assert verdicts == [(UBL.name, "accept"), ("broken.xml", "error"), (CII.name, "accept")]
    assert "not well-formed XML" in result.stdout
    assert "Traceback" not in result.stderr


def test_missing_and_unreadable_paths_are_errors(run_cli: CliRun, tmp_path: Path) -> None:
    vanished = tmp_path / "vanished.xml"
    vanished.symlink_to(tmp_path / "gone.xml")  # the target disappeared
    folder_named_like_a_file = tmp_path / "folder.xml"
    folder_named_like_a_file.mkdir()
    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"")
    result = run_cli(
        ["validate", "-f", "json", str(tmp_path / "nope.xml"), str(vanished), str(empty)]
    )
    assert result.exit_code == 2
    errors = [str(d["error"]) for d in _documents(result.stdout)]
    assert errors[0].endswith("nope.xml: no such file or directory")
    assert "vanished.xml: cannot be read" in errors[1]
    assert errors[2].endswith("empty.xml: the file is empty")


def test_folders_are_walked_recursively_in_a_stable_order(run_cli: CliRun) -> None:
    folder = require(XRECHNUNG_TESTSUITE / "technical-cases")
    result = run_cli(["validate", "-f", "json", str(folder)])
    paths = [str(d["path"]) for d in _documents(result.stdout)]
    assert paths == sorted(paths)
    assert len(paths) == 14
    assert result.exit_code == 0


def test_stdin(run_cli: CliRun) -> None:
    result = run_cli(["validate", "-f", "json", "-"], input=require(CII).read_bytes())
    assert result.exit_code == 0
    [document] = _documents(result.stdout)
    assert document["path"] == "-"
    assert document["scenario"] == "EN16931 XRechnung (CII)"


def test_xml_that_is_not_an_invoice_is_rejected(run_cli: CliRun, tmp_path: Path) -> None:
    other = tmp_path / "order.xml"
    other.write_text('<Order xmlns="urn:example:order"><ID>1</ID></Order>', encoding="utf-8")
    result = run_cli(["validate", "-f", "json", str(other)])
    assert result.exit_code == 1
    [document] = _documents(result.stdout)
    assert document["verdict"] == "reject"
    assert document["scenario"] is None
    [finding] = document["findings"]
    assert finding["rule"] == "SCENARIO-NOT-AN-INVOICE"
    assert "{urn:example:order}Order is not an invoice" in finding["message"]


def test_unknown_specification_id_is_rejected_naming_the_known_ones(
    run_cli: CliRun, tmp_path: Path
) -> None:
    text = require(UBL).read_text(encoding="utf-8").replace(XR_SPEC, "urn:example:unknown:1.0")
    target = tmp_path / "unknown-spec.xml"
    target.write_text(text, encoding="utf-8")
    result = run_cli(["validate", "-f", "json", str(target)])
    assert result.exit_code == 1
    [document] = _documents(result.stdout)
    assert document["specification"] == "urn:example:unknown:1.0"
    [finding] = document["findings"]
    assert finding["rule"] == "SCENARIO-UNKNOWN-SPECIFICATION"
    assert "'urn:example:unknown:1.0'" in finding["message"]
    assert XR_SPEC in finding["message"]
    assert "urn:cen.eu:en16931:2017," in finding["message"]


def test_forced_scenario(run_cli: CliRun) -> None:
    result = run_cli(
        ["validate", "-f", "json", "--scenario", "EN16931 (UBL Invoice)", str(require(UBL))]
    )
    [document] = _documents(result.stdout)
    assert document["scenario"] == "EN16931 (UBL Invoice)"
    assert [r["rules"] for r in document["rules"]] == [
        "ubl@2.1:invoice-xsd",
        "cen-en16931@1.3.15:ubl-schematron",
    ]


def test_unknown_forced_scenario_is_a_usage_error(run_cli: CliRun) -> None:
    result = run_cli(["validate", "--scenario", "No such thing", str(require(UBL))])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(
        "error: no scenario is called 'No such thing'; known scenarios:"
    )


def test_all_rules_reports_business_rules_outside_the_verdict(
    run_cli: CliRun,
) -> None:
    fragment = EN16931 / "test" / "Invoice-unit-UBL" / "BR-01.xml"
    require(fragment)
    text = require(UBL).read_text(encoding="utf-8")
    # Schema-invalid: an unknown element in the middle of the invoice.
    broken = text.replace(
        "<cbc:BuyerReference>", "<cbc:Unknown>x</cbc:Unknown><cbc:BuyerReference>"
    )
    plain = run_cli(["validate", "-f", "json", "-"], input=broken)
    everything = run_cli(["validate", "-f", "json", "--all-rules", "-"], input=broken)
    [without] = _documents(plain.stdout)
    [with_all] = _documents(everything.stdout)
    assert without["verdict"] == with_all["verdict"] == "reject"
    assert without["schematron_skipped"] is True
    assert {f["source"] for f in without["findings"]} == {"xsd"}
    business = [f for f in with_all["findings"] if f["source"] != "xsd"]
    assert business, "--all-rules ran no business rules"
    assert all(f["in_verdict"] is False for f in business)
    assert with_all["schematron_skipped"] is False


def test_internal_errors_are_reported_without_traceback_unless_debug(
    run_cli: CliRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(pipeline, "_validate_tree", explode)
    result = run_cli(["validate", "-f", "json", str(require(UBL))])
    assert result.exit_code == 2
    [document] = _documents(result.stdout)
    assert document["error"] == "internal error (RuntimeError: boom); rerun with --debug"
    with pytest.raises(RuntimeError, match="boom"):
        run_cli(["--debug", "validate", str(require(UBL))])


def test_usage_errors_exit_2(run_cli: CliRun) -> None:
    assert run_cli(["validate"]).exit_code == 2
    assert run_cli(["validate", "--format", "yaml", str(require(UBL))]).exit_code == 2
