"""``einvoice convert`` through the real CLI: streams, files, exit statuses, the report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from einvoice_cli.cli.convert import convert
from einvoice_cli.hybrid.pdf import PdfSettings, extract_invoice
from tests.conftest import CliRun
from tests.support.convert_support import canonical, read_back, visual_pdf
from tests.support.corpus import REPO, XRECHNUNG_TESTSUITE, ZUGFERD, require

STANDARD = XRECHNUNG_TESTSUITE / "business-cases" / "standard"
EXTENSION = XRECHNUNG_TESTSUITE / "business-cases" / "extension"
UBL = STANDARD / "01.01a-INVOICE_ubl.xml"
CII = STANDARD / "01.01a-INVOICE_uncefact.xml"
SUB_LINES = EXTENSION / "04.01a-INVOICE_ubl.xml"
REJECTED = ZUGFERD / "XML-Rechnung" / "CII" / "EN16931_ElektronischeAdresse.cii.xml"
"""Rejected by the validator as it is (BR-CL-25: BT-49 scheme 9958)."""


def test_ubl_to_cii_on_stdout(run_cli: CliRun) -> None:
    result = run_cli(["convert", str(require(UBL)), "--to", "cii"])
    assert result.exit_code == 0
    assert read_back(result.stdout_bytes).syntax.value == "cii"
    assert "input: accept (EN16931 XRechnung (UBL Invoice))" in result.stderr
    assert "output: accept (EN16931 XRechnung (CII))" in result.stderr
    assert result.stderr.rstrip().endswith("ubl-invoice -> cii; converted; written to -")


def test_cii_to_ubl_into_a_file_and_never_over_it(run_cli: CliRun, tmp_path: Path) -> None:
    out = tmp_path / "rechnung.xml"
    first = run_cli(["convert", str(require(CII)), "--to", "ubl", "-o", str(out)])
    assert first.exit_code == 0
    assert first.stdout == ""
    assert read_back(out.read_bytes()).syntax.value == "ubl-invoice"
    assert [p.name for p in tmp_path.iterdir()] == ["rechnung.xml"]  # no temporary left

    out.write_bytes(b"keep")
    second = run_cli(["convert", str(require(CII)), "--to", "ubl", "-o", str(out)])
    assert second.exit_code == 2
    assert "exists; nothing was written (--overwrite replaces it)" in second.stderr
    assert out.read_bytes() == b"keep"

    third = run_cli(["convert", str(require(CII)), "--to", "ubl", "-o", str(out), "--overwrite"])
    assert third.exit_code == 0
    assert out.read_bytes() != b"keep"


def test_losses_are_warnings_naming_the_business_terms(run_cli: CliRun) -> None:
    result = run_cli(["convert", str(require(SUB_LINES)), "--to", "cii"])
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [
        f"warning: BG-DEX-01 not carried over, at BG-25[{line}]/BG-DEX-01[{sub}]: XRechnung "
        "does not support sub invoice lines in CII (BR-DEX-15)"
        for line, sub in ((1, 1), (1, 2), (2, 1), (2, 2))
    ]
    assert "4 not carried over (BG-DEX-01)" in result.stderr


def test_strict_refuses_losses_and_writes_nothing(run_cli: CliRun, tmp_path: Path) -> None:
    out = tmp_path / "out.xml"
    result = run_cli(
        ["convert", str(require(SUB_LINES)), "--to", "cii", "--strict", "-o", str(out)]
    )
    assert result.exit_code == 2
    assert not out.exists()
    assert result.stdout == ""
    assert "refused under --strict" in result.stderr
    assert "nothing written" in result.stderr


def test_a_rejected_input_is_refused_unless_forced(run_cli: CliRun, tmp_path: Path) -> None:
    out = tmp_path / "out.xml"
    refused = run_cli(["convert", str(require(REJECTED)), "--to", "ubl", "-o", str(out)])
    assert refused.exit_code == 1
    assert not out.exists()
    assert "input: reject (EN16931 (CII))" in refused.stderr
    assert "  BR-CL-25  " in refused.stderr
    assert "refused: the input is rejected (--force converts it anyway)" in refused.stderr

    forced = run_cli(["convert", str(require(REJECTED)), "--to", "ubl", "-o", str(out), "--force"])
    assert forced.exit_code == 1
    assert out.exists()
    assert "output: reject (EN16931 (UBL Invoice))" in forced.stderr
    assert "converted, but the output is rejected" in forced.stderr


def test_json_report_on_stderr(run_cli: CliRun) -> None:
    result = run_cli(["convert", str(require(SUB_LINES)), "--to", "cii", "--format", "json"])
    assert result.exit_code == 0
    report = json.loads(result.stderr)
    conversion = report["conversion"]
    assert report["tool"]["name"] == "einvoice-cli"
    assert conversion["outcome"] == "converted"
    assert (conversion["source_syntax"], conversion["target_syntax"]) == ("ubl-invoice", "cii")
    assert conversion["written_to"] == "-"
    assert {loss["term"] for loss in conversion["losses"]} == {"BG-DEX-01"}
    assert conversion["input"]["verdict"] == conversion["output"]["verdict"] == "accept"
    assert conversion["output"]["scenario"] == "EN16931 XRechnung Extension (CII)"
    assert result.stdout.startswith("<?xml")


def test_standard_input(run_cli: CliRun) -> None:
    result = run_cli(["convert", "-", "--to", "cii"], input=require(UBL).read_bytes())
    assert result.exit_code == 0
    assert read_back(result.stdout_bytes).syntax.value == "cii"


def test_facturx_pdf_that_einvoice_validate_accepts(run_cli: CliRun, tmp_path: Path) -> None:
    source = require(ZUGFERD / "XML-Rechnung" / "CII" / "XRECHNUNG_Einfach.cii.xml")
    visual = tmp_path / "rechnung.pdf"
    visual.write_bytes(visual_pdf())
    out = tmp_path / "hybrid.pdf"
    made = run_cli(
        ["convert", str(source), "--to", "facturx", "--pdf", str(visual), "-o", str(out)]
    )
    assert made.exit_code == 0
    assert "does not identify itself as PDF/A" in made.stderr

    checked = run_cli(["validate", "--format", "json", str(out)])
    assert checked.exit_code == 0
    document = json.loads(checked.stdout)["documents"][0]
    assert (document["verdict"], document["profile"]) == ("accept", "xrechnung")
    assert [f for f in document["findings"] if f["source"] == "pdf"] == []

    extracted = run_cli(["extract", str(out)])
    assert canonical(extracted.stdout_bytes) == canonical(source.read_bytes())


def test_facturx_to_stdout(run_cli: CliRun, tmp_path: Path) -> None:
    visual = tmp_path / "rechnung.pdf"
    visual.write_bytes(visual_pdf())
    result = run_cli(["convert", str(require(UBL)), "--to", "facturx", "--pdf", str(visual)])
    assert result.exit_code == 0
    invoice = extract_invoice(result.stdout_bytes, "stdout", PdfSettings())
    assert invoice.attachment.name == "xrechnung.xml"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--to", "cii", "--pdf", "x.pdf"], "--pdf is only for --to facturx"),
        (["--to", "xml"], "'xml' is not one of"),
    ],
)
def test_usage_errors(run_cli: CliRun, arguments: list[str], message: str) -> None:
    result = run_cli(["convert", str(require(UBL)), *arguments])
    assert result.exit_code == 2
    assert message in result.stderr


def test_unreadable_input_is_an_error(run_cli: CliRun, tmp_path: Path) -> None:
    missing = run_cli(["convert", str(tmp_path / "missing.xml"), "--to", "cii"])
    assert missing.exit_code == 2
    assert missing.stderr.startswith("error: ")
    broken = tmp_path / "broken.xml"
    broken.write_bytes(b"<Invoice>")
    result = run_cli(["convert", str(broken), "--to", "cii"])
    assert result.exit_code == 2
    assert "not well-formed XML" in result.stderr


def test_help_has_examples() -> None:
    assert convert.help is not None
    assert "Examples:" in convert.help
    assert "einvoice convert" in convert.help


def test_the_report_in_german(
    run_cli: CliRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--lang de`` (or a German locale) words the report on stderr in German; the findings'
    messages stay as the official rules word them."""
    out = tmp_path / "out.xml"
    refused = run_cli(["convert", str(require(REJECTED)), "--to", "ubl", "--lang", "de"])
    assert refused.exit_code == 1
    assert "Eingabe: abgelehnt (EN16931 (CII))" in refused.stderr
    assert "  BR-CL-25  " in refused.stderr and " · Zeile " in refused.stderr
    assert "verweigert: die Eingabe ist abgelehnt (--force wandelt sie trotzdem um)" in (
        refused.stderr
    )
    assert refused.stderr.rstrip().endswith("; nichts geschrieben")

    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    lossy = run_cli(["convert", str(require(SUB_LINES)), "--to", "cii", "-o", str(out)])
    assert lossy.exit_code == 0
    assert "Warnung: BG-DEX-01 nicht übernommen, bei BG-25[1]/BG-DEX-01[1]: XRechnung" in (
        lossy.stderr
    )
    assert f"umgewandelt; 4 nicht übernommen (BG-DEX-01); geschrieben nach {out}" in lossy.stderr

    english = run_cli(["convert", str(require(UBL)), "--to", "cii", "--lang", "en"])
    assert english.exit_code == 0
    assert "; converted; written to -" in english.stderr


def test_the_report_leaves_a_quoted_regular_expression_to_json(run_cli: CliRun) -> None:
    sample = str(REPO / "samples" / "invalid-invoice.xml")
    text = run_cli(["convert", sample, "--to", "cii", "--lang", "en"])
    [line] = [line for line in text.stderr.splitlines() if "BR-DE-18  " in line][:1]
    assert "[regular expression: see --format json]" in line and "(^|" not in line
    data = run_cli(["convert", sample, "--to", "cii", "--format", "json"])
    assert "(^|" in data.stderr
