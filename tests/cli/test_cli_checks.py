"""Our own checks from the command line: `einvoice leitweg`, and `einvoice validate --check`
with its exit status, its own report section, and picture vs XML on a converted PDF."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from tests.conftest import CliRun
from tests.support.checks import SBDH_SENDER, wrap_in_sbdh
from tests.support.convert_support import visual_pdf
from tests.support.corpus import PEPPOL, XRECHNUNG_TESTSUITE, ZUGFERD, require

UBL = XRECHNUNG_TESTSUITE / "business-cases" / "standard" / "01.01a-INVOICE_ubl.xml"
CII = ZUGFERD / "XML-Rechnung" / "CII" / "EN16931_Einfach.cii.xml"
SCHEMA = Path(__file__).resolve().parents[2] / "einvoice_cli" / "schemas" / "report.schema.json"
PICTURE = ZUGFERD / "XML-Rechnung" / "FX" / "EN16931_Einfach.pdf"


def test_leitweg_exit_status(run_cli: CliRun) -> None:
    valid = run_cli(["leitweg", "04011000-1234512345-06", "992-90009-96"])
    assert valid.exit_code == 0
    assert valid.stdout.splitlines() == [
        "valid     04011000-1234512345-06",
        "valid     992-90009-96",
    ]
    invalid = run_cli(["leitweg", "--lang", "en", "992-90009-96", "04011000-1234512345-07"])
    assert invalid.exit_code == 1
    assert "needs 06" in invalid.stdout and "04011000-1234512345-06" in invalid.stdout
    assert run_cli(["leitweg", "--format", "yaml"]).exit_code == 2


def test_leitweg_reads_standard_input_as_json(run_cli: CliRun) -> None:
    result = run_cli(
        ["leitweg", "--format", "json", "--lang", "de"], input="992-90009-96\n\nkein-leitweg\n"
    )
    assert result.exit_code == 1
    ids = json.loads(result.stdout)["leitweg_ids"]
    assert [(i["id"], i["valid"]) for i in ids] == [("992-90009-96", True), ("kein-leitweg", False)]
    assert ids[1]["problems"][0]["problem"] == "coarse-characters"
    assert "Grobadressierung" in ids[1]["problems"][0]["message"]


def test_empty_standard_input_is_a_usage_error(run_cli: CliRun) -> None:
    assert run_cli(["leitweg"], input="").exit_code == 2


def _kein_leitweg(tmp_path: Path) -> Path:
    text = require(UBL).read_text(encoding="utf-8")
    target = tmp_path / "kein-leitweg.xml"
    target.write_text(text.replace("04011000-12345-03", "kein-leitweg"), encoding="utf-8")
    return target


def test_validate_reports_our_findings_apart_and_exits_0(run_cli: CliRun, tmp_path: Path) -> None:
    path = str(_kein_leitweg(tmp_path))
    result = run_cli(["validate", "--check", "leitweg", "--format", "json", path])
    assert result.exit_code == 0
    (document,) = json.loads(result.stdout)["documents"]
    assert document["verdict"] == "accept"
    assert document["checks"] == ["leitweg"]
    ours = [f for f in document["findings"] if f["source"] == "einvoice"]
    assert [(f["rule"], f["severity"], f["in_verdict"]) for f in ours] == [
        ("EINV-LEITWEG", "warning", False)
    ]
    text = run_cli(["validate", "--check", "leitweg", path])
    assert "Our own checks (leitweg): not part of the official verdict" in text.stdout
    german = run_cli(["validate", "--lang", "de", "--check", "leitweg", path])
    assert "Eigene Prüfungen (leitweg): nicht Teil des offiziellen Ergebnisses" in german.stdout
    assert "keine gültige Leitweg-ID" in german.stdout


def test_strict_checks_count_for_the_exit_status(run_cli: CliRun, tmp_path: Path) -> None:
    path = str(_kein_leitweg(tmp_path))
    assert run_cli(["validate", "-q", "--check", "leitweg", "--strict-checks", path]).exit_code == 1
    lowered = ["--check-severity", "EINV-LEITWEG=information"]
    assert (
        run_cli(
            ["validate", "-q", "--check", "leitweg", "--strict-checks", *lowered, path]
        ).exit_code
        == 0
    )


def test_unknown_check_is_a_usage_error(run_cli: CliRun, tmp_path: Path) -> None:
    result = run_cli(["validate", "--check", "leitweg,spelling", str(require(UBL))])
    assert result.exit_code == 2
    assert "unknown check spelling" in result.stderr
    assert run_cli(["validate", "--channel", "email", str(require(UBL))]).exit_code == 2


def test_a_wrapped_document_says_so(run_cli: CliRun, tmp_path: Path) -> None:
    path = tmp_path / "wrapped.xml"
    path.write_bytes(
        wrap_in_sbdh(require(PEPPOL / "rules" / "examples" / "base-example.xml").read_bytes())
    )
    result = run_cli(["validate", "--check", "leitweg", "--format", "json", str(path)])
    report = json.loads(result.stdout)
    jsonschema.validate(report, json.loads(SCHEMA.read_text(encoding="utf-8")))
    (document,) = report["documents"]
    assert document["envelope"]["sender"] == SBDH_SENDER
    assert document["syntax"] == "ubl-invoice"
    text = run_cli(["validate", str(path)])
    assert f"Peppol SBDH envelope: the document came wrapped: sender {SBDH_SENDER}" in text.stdout


def test_an_edited_total_shows_on_the_converted_pdf(run_cli: CliRun, tmp_path: Path) -> None:
    # The picture of the corpus's EN16931_Einfach.pdf prints 529,87 (on page 2); the XML
    # embedded into it here says 592.87 (so the official rules reject it: convert --force).
    edited = tmp_path / "edited.cii.xml"
    text = require(CII).read_text(encoding="utf-8")
    grand = "<ram:GrandTotalAmount>529.87</ram:GrandTotalAmount>"
    assert grand in text
    edited.write_text(text.replace(grand, grand.replace("529.87", "592.87")), encoding="utf-8")
    hybrid = tmp_path / "hybrid.pdf"
    made = run_cli(
        [
            "convert",
            "--force",
            str(edited),
            "--to",
            "facturx",
            "--pdf",
            str(require(PICTURE)),
            "-o",
            str(hybrid),
        ]
    )
    assert made.exit_code == 1  # written, and said to be rejected
    assert hybrid.is_file()
    result = run_cli(["validate", "--check", "consistency", "--format", "json", str(hybrid)])
    (document,) = json.loads(result.stdout)["documents"]
    ours = [f for f in document["findings"] if f["source"] == "einvoice"]
    assert [(f["rule"], f["severity"], f["business_terms"]) for f in ours] == [
        ("EINV-PICTURE-MISMATCH", "warning", ["BT-112"])
    ]
    assert ours[0]["message"] == (
        "BT-112 (Invoice total amount with VAT): the XML says '592.87', but page 2 of the PDF "
        "shows '529,87'"
    )
    # The unedited invoice on the same picture agrees.
    same = tmp_path / "same.pdf"
    run_cli(
        [
            "convert",
            str(require(CII)),
            "--to",
            "facturx",
            "--pdf",
            str(require(PICTURE)),
            "-o",
            str(same),
        ]
    )
    again = run_cli(["validate", "--check", "consistency", "--format", "json", str(same)])
    (document,) = json.loads(again.stdout)["documents"]
    assert [f for f in document["findings"] if f["source"] == "einvoice"] == []


def test_a_pdf_without_text_says_so(run_cli: CliRun, tmp_path: Path) -> None:
    blank = tmp_path / "scan.pdf"
    blank.write_bytes(visual_pdf())
    hybrid = tmp_path / "hybrid.pdf"
    run_cli(
        ["convert", str(require(CII)), "--to", "facturx", "--pdf", str(blank), "-o", str(hybrid)]
    )
    result = run_cli(
        ["validate", "--check", "consistency", "--lang", "de", "--format", "json", str(hybrid)]
    )
    (document,) = json.loads(result.stdout)["documents"]
    ours = [f for f in document["findings"] if f["source"] == "einvoice"]
    assert [f["rule"] for f in ours] == ["EINV-PICTURE-NO-TEXT"]
    assert "keinen Text" in ours[0]["message"]
