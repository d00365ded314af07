"""The reports of samples/ in every format are compared byte for byte with tests/golden/.

The version is normalised; paths are relative to the repository. Only
``pytest --update-golden`` rewrites the golden files, and their diff is reviewed like code.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from einvoice_cli import __version__
from tests.conftest import CliRun

REPO = Path(__file__).resolve().parents[2]
GOLDEN = REPO / "tests" / "golden"
SAMPLES = sorted(str(p.relative_to(REPO)) for p in (REPO / "samples").glob("*.xml"))


def normalise(text: str) -> str:
    text = re.sub(re.escape(f'"version": "{__version__}"'), '"version": "VERSION"', text)
    text = text.replace(f"einvoice-cli {__version__}<", "einvoice-cli VERSION<")  # html
    # The run's facts on the HTML page: when it started and how long it took.
    text = re.sub(r'<time datetime="[^"]*">[^<]*</time>', "<time>TIME</time>", text)
    return re.sub(r"(<dt>Duration</dt><dd>)[^<]*(</dd>)", r"\1DURATION\2", text)


def test_there_are_samples() -> None:
    assert len(SAMPLES) == 4


@pytest.mark.parametrize(
    "output_format", ["text", "json", "jsonl", "junit", "sarif", "html", "csv"]
)
def test_report_of_the_samples(
    output_format: str, run_cli: CliRun, monkeypatch: pytest.MonkeyPatch, update_golden: bool
) -> None:
    monkeypatch.chdir(REPO)
    result = run_cli(["validate", "--format", output_format, *SAMPLES])
    assert result.exit_code == 1  # the invalid sample is rejected
    assert result.stderr == "4 documents: 3 accepted, 1 rejected, 0 in error\n"
    golden = GOLDEN / f"samples.{output_format}"
    actual = normalise(result.stdout)
    # Bytes, not text: the CSV's line ends (CRLF) are part of its format.
    if update_golden:
        golden.write_bytes(actual.encode("utf-8"))
    assert actual == golden.read_bytes().decode("utf-8")
