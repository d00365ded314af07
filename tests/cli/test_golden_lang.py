"""The text and HTML reports of samples/ in German, compared byte for byte with tests/golden/
(the English ones are test_golden.py's). Only ``pytest --update-golden`` rewrites them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.cli.test_golden import GOLDEN, REPO, SAMPLES, normalise
from tests.conftest import CliRun


@pytest.mark.parametrize("output_format", ["text", "html"])
def test_german_report_of_the_samples(
    output_format: str, run_cli: CliRun, monkeypatch: pytest.MonkeyPatch, update_golden: bool
) -> None:
    monkeypatch.chdir(REPO)
    result = run_cli(["validate", "--lang", "de", "--format", output_format, *SAMPLES])
    assert result.exit_code == 1
    assert result.stderr == "4 Dokumente: 3 angenommen, 1 abgelehnt, 0 nicht prüfbar\n"
    golden: Path = GOLDEN / f"samples.de.{output_format}"
    # The run's duration, as normalise() does for the English page.
    actual = re.sub(r"(<dt>Dauer</dt><dd>)[^<]*(</dd>)", r"\1DURATION\2", normalise(result.stdout))
    if update_golden:
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8")
