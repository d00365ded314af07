"""``einvoice validate --format kosit``: one document's KoSIT report on stdout (compared with
tests/golden/kosit/ for the samples), several into ``--output-dir`` as ``NAME-report.xml``, and
the usage errors that keep stdout one XML document."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from einvoice_cli import __version__
from einvoice_cli.report.kosit import report_schema
from einvoice_cli.validation.engine import RuleEngine
from tests.conftest import CliRun
from tests.support.corpus import XRECHNUNG_TESTSUITE, require
from tests.support.kosit import NS, REP, assessment, messages, steps

REPO = Path(__file__).resolve().parents[2]
GOLDEN = REPO / "tests" / "golden" / "kosit"
SAMPLES = sorted(str(p.relative_to(REPO)) for p in (REPO / "samples").glob("*.xml"))
MINIMAL_UBL = XRECHNUNG_TESTSUITE / "technical-cases" / "cius" / "01.05_minimal_test_ubl.xml"


def normalise(text: str) -> str:
    """Without the version and the check time (in the report and in its HTML explanation)."""
    text = text.replace(f"einvoice-cli {__version__}<", "einvoice-cli VERSION<")
    text = re.sub(r"<rep:timestamp>[^<]*</rep:timestamp>", "<rep:timestamp/>", text)
    return re.sub(r"<html:dd>\d+\.\d+\.\d+ \d+:\d+:\d+</html:dd>", "<html:dd>TIME</html:dd>", text)


@pytest.fixture(scope="module")
def schema(engine: RuleEngine) -> etree.XMLSchema:
    return report_schema(engine)


@pytest.mark.parametrize("sample", SAMPLES)
def test_report_of_a_sample(
    sample: str,
    run_cli: CliRun,
    monkeypatch: pytest.MonkeyPatch,
    update_golden: bool,
    schema: etree.XMLSchema,
) -> None:
    monkeypatch.chdir(REPO)
    result = run_cli(["validate", "--format", "kosit", sample])
    invalid = "invalid" in sample
    assert result.exit_code == (1 if invalid else 0)
    report = etree.fromstring(result.stdout.encode("utf-8"))
    assert schema.validate(etree.ElementTree(report)), schema.error_log
    assert assessment(report) == ("reject" if invalid else "accept")
    assert report.findtext(".//rep:documentReference", namespaces=NS) == sample
    golden = GOLDEN / f"{Path(sample).stem}-report.xml"
    actual = normalise(result.stdout)
    if update_golden:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert actual == require(golden).read_text(encoding="utf-8")


def test_standard_input(run_cli: CliRun, schema: etree.XMLSchema) -> None:
    result = run_cli(["validate", "--format", "kosit", "-"], input=MINIMAL_UBL.read_bytes())
    assert result.exit_code == 0
    report = etree.fromstring(result.stdout.encode("utf-8"))
    assert schema.validate(etree.ElementTree(report))
    assert report.findtext(".//rep:documentReference", namespaces=NS) == "-"


@pytest.mark.parametrize(
    "arguments",
    [
        [str(MINIMAL_UBL), str(MINIMAL_UBL)],
        [str(MINIMAL_UBL.parent)],
        ["--files-from", "-"],
    ],
    ids=["two-files", "a-folder", "a-list"],
)
def test_several_documents_need_a_folder(arguments: list[str], run_cli: CliRun) -> None:
    result = run_cli(["validate", "--format", "kosit", *arguments], input="")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--output-dir DIR (one NAME-report.xml each)" in result.stderr


def test_several_documents_into_a_folder(
    run_cli: CliRun, tmp_path: Path, schema: etree.XMLSchema
) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_bytes(MINIMAL_UBL.read_bytes()[:200])
    folder = tmp_path / "reports"
    result = run_cli(
        ["validate", "-f", "kosit", "--output-dir", str(folder), str(MINIMAL_UBL), str(broken)]
    )
    assert result.exit_code == 2  # one document in error
    assert result.stdout == f"ACCEPT  {MINIMAL_UBL}\nERROR   {broken}\n"
    assert sorted(p.name for p in folder.iterdir()) == [
        "01.05_minimal_test_ubl-report.xml",
        "broken-report.xml",
    ]
    accepted = etree.parse(str(folder / "01.05_minimal_test_ubl-report.xml")).getroot()
    assert schema.validate(etree.ElementTree(accepted))
    assert assessment(accepted) == "accept"
    unreadable = etree.parse(str(folder / "broken-report.xml")).getroot()
    assert schema.validate(etree.ElementTree(unreadable))
    assert assessment(unreadable) == "reject"
    assert unreadable.find(f"{REP}noScenarioMatched") is not None
    [message] = messages(steps(unreadable)["val-xml"])
    assert str(broken) in (message.text or "")


def test_kosit_reports_beside_json(run_cli: CliRun, tmp_path: Path) -> None:
    result = run_cli(
        [
            "validate",
            "--format",
            "json",
            "--output-dir",
            str(tmp_path),
            "--report-format",
            "kosit",
            str(MINIMAL_UBL),
        ]
    )
    assert result.exit_code == 0
    assert '"verdict": "accept"' in result.stdout
    report = etree.parse(str(tmp_path / "01.05_minimal_test_ubl-report.xml")).getroot()
    assert assessment(report) == "accept"


def test_kosit_and_another_report_format_conflict(run_cli: CliRun, tmp_path: Path) -> None:
    result = run_cli(
        [
            "validate",
            "-f",
            "kosit",
            "--output-dir",
            str(tmp_path),
            "--report-format",
            "html",
            str(MINIMAL_UBL),
        ]
    )
    assert result.exit_code == 2
    assert "--format kosit writes KoSIT reports into --output-dir" in result.stderr
