"""The JSON report of a run over the whole XRechnung test suite validates against the JSON
Schema the repository keeps for DESIGN.md's output contract; jsonl lines are its documents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.conftest import CliRun
from tests.support.corpus import XRECHNUNG_TESTSUITE, require

SCHEMA_PATH = (
    Path(__file__).resolve().parents[2] / "einvoice_cli" / "schemas" / "report.schema.json"
)


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(loaded)
    return loaded


def test_json_report_of_the_testsuite_matches_the_contract(
    run_cli: CliRun, schema: dict[str, Any]
) -> None:
    result = run_cli(["validate", "--format", "json", str(require(XRECHNUNG_TESTSUITE))])
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    jsonschema.validate(report, schema)
    assert report["summary"] == {"documents": 86, "accepted": 86, "rejected": 0, "errors": 0}
    assert len(report["documents"]) == 86
    assert "86 documents: 86 accepted, 0 rejected, 0 in error" in result.stderr


def test_jsonl_lines_are_contract_documents(run_cli: CliRun, schema: dict[str, Any]) -> None:
    folder = require(XRECHNUNG_TESTSUITE / "technical-cases" / "cvd")
    result = run_cli(["validate", "--format", "jsonl", str(folder), "missing.xml"])
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    document_schema = {"$ref": "#/$defs/document", "$defs": schema["$defs"]}
    for line in lines:
        jsonschema.validate(json.loads(line), document_schema)
    assert [json.loads(line)["verdict"] for line in lines] == ["accept", "accept", "error"]
