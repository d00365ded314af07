"""The project's own sample documents in ``samples/``, validated through the real CLI.

The README and the smoke tests rely on them: the three valid samples must be accepted under
their XRechnung scenario without any error finding, and ``invalid-invoice.xml`` must be
rejected for exactly the rules its header comment documents, no more and no fewer.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

import pytest
from click.testing import CliRunner

from einvoice_cli.cli.main import cli
from tests.support.corpus import MIRROR, REPO, require

SAMPLES = REPO / "samples"

# Each valid sample and the scenario of the XRechnung 3.0 configuration that must take it.
VALID = {
    "xrechnung-ubl-invoice.xml": "EN16931 XRechnung (UBL Invoice)",
    "xrechnung-cii-invoice.xml": "EN16931 XRechnung (CII)",
    "xrechnung-ubl-creditnote.xml": "EN16931 XRechnung (UBL CreditNote)",
}

INVALID = "invalid-invoice.xml"
INVALID_SCENARIO = "EN16931 XRechnung (UBL Invoice)"
# The rules invalid-invoice.xml breaks on purpose (its header comment gives the reasons).
INVALID_RULES = frozenset({"BR-DE-15", "BR-CO-15", "BR-DE-18"})


class FindingJson(TypedDict):
    """The fields of a finding in the JSON report (DESIGN.md) that these tests read."""

    rule: str
    severity: str


class DocumentJson(TypedDict):
    """The fields of a document in the JSON report (DESIGN.md) that these tests read."""

    path: str
    scenario: str | None
    verdict: str
    findings: list[FindingJson]


@dataclass(frozen=True, slots=True)
class Run:
    """One ``einvoice validate --format json`` invocation and its parsed report."""

    exit_code: int
    stderr: str
    documents: dict[str, DocumentJson]
    """The report's document objects, keyed by file name."""


def validate(paths: list[Path], cache: Path) -> Run:
    """Run ``einvoice validate --format json PATHS`` in-process with rules from the mirror."""
    result = CliRunner().invoke(
        cli,
        ["validate", "--format", "json", *(str(p) for p in paths)],
        env={
            "EINVOICE_CACHE_DIR": str(cache),
            "EINVOICE_RULES_MIRROR": str(require(MIRROR)),
            # The mirror is a directory, so nothing is ever downloaded.
            "EINVOICE_OFFLINE": "1",
        },
        catch_exceptions=False,
    )
    print(f"--- exit {result.exit_code}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}")
    documents: list[DocumentJson] = json.loads(result.stdout)["documents"]
    return Run(
        exit_code=result.exit_code,
        stderr=result.stderr,
        documents={Path(d["path"]).name: d for d in documents},
    )


@pytest.fixture(scope="session")
def sample_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Run, Run]:
    """The valid samples in one run and the invalid one in another, sharing one rules cache."""
    cache = tmp_path_factory.mktemp("samples-rules-cache")
    valid = validate([require(SAMPLES / name) for name in VALID], cache)
    invalid = validate([require(SAMPLES / INVALID)], cache)
    return valid, invalid


def errors(document: DocumentJson) -> set[str]:
    """The rule ids of a document's findings with severity error."""
    return {f["rule"] for f in document["findings"] if f["severity"] == "error"}


def test_valid_samples_exit_zero(sample_runs: tuple[Run, Run]) -> None:
    valid, _ = sample_runs
    assert valid.exit_code == 0
    assert sorted(valid.documents) == sorted(VALID)
    assert "3 documents: 3 accepted, 0 rejected, 0 in error" in valid.stderr


@pytest.mark.parametrize("name", sorted(VALID))
def test_valid_sample_accepted(sample_runs: tuple[Run, Run], name: str) -> None:
    document = sample_runs[0].documents[name]
    assert document["scenario"] == VALID[name]
    assert document["verdict"] == "accept"
    assert errors(document) == set()


def test_invalid_sample_rejected_for_its_documented_rules(sample_runs: tuple[Run, Run]) -> None:
    _, invalid = sample_runs
    assert invalid.exit_code == 1
    document = invalid.documents[INVALID]
    assert document["scenario"] == INVALID_SCENARIO
    assert document["verdict"] == "reject"
    assert document["findings"], "no findings"
    assert errors(document) == INVALID_RULES
    assert {f["severity"] for f in document["findings"]} == {"error"}


def test_invalid_sample_comment_lists_its_rules() -> None:
    """The header comment names exactly the rules the test expects, so the two cannot drift."""
    text = require(SAMPLES / INVALID).read_text(encoding="utf-8")
    comment = text[text.index("<!--") : text.index("-->")]
    documented = set(re.findall(r"^\s+(BR-[A-Z0-9-]+)\s+\(", comment, flags=re.MULTILINE))
    assert documented == INVALID_RULES
