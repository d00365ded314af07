"""The CSV report holds exactly the findings of the JSON report, on real documents: the
XRechnung test suite through the CLI, and CEN's EN 16931 unit tests (with ``--all-rules``, so
they carry many findings of every kind) through both formatters.

Python's csv module reads the CSV back; each finding must come back as the JSON report has it,
and each document without findings as one row with the finding columns empty.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from einvoice_cli.core.contract import JsonValue
from einvoice_cli.core.results import DocumentResult
from einvoice_cli.report import CsvDialect, ReportOptions
from einvoice_cli.report.csv import CsvFormatter
from einvoice_cli.validation.engine import RuleEngine
from einvoice_cli.validation.inputs import Input
from einvoice_cli.validation.pipeline import ValidationOptions, validate
from tests.conftest import CliRun
from tests.corpus.test_en16931_unit import SCENARIO_BY_ROOT, UNIT_TESTS
from tests.support.corpus import XRECHNUNG_TESTSUITE, require
from tests.support.report_results import render

HEADER = [
    "document",
    "verdict",
    "scenario",
    "rule",
    "severity",
    "source",
    "in_verdict",
    "business_terms",
    "message",
    "location",
    "line",
]


def expected_rows(documents: Sequence[dict[str, JsonValue]]) -> list[list[str]]:
    """The rows the CSV must have, made from the JSON report's documents."""
    rows = []
    for document in documents:
        head = [str(document["path"]), str(document["verdict"]), str(document["scenario"] or "")]
        findings = document["findings"]
        assert isinstance(findings, list)
        if not findings:
            rows.append([*head, "", "", "", "", "", str(document["error"] or ""), "", ""])
        for finding in findings:
            assert isinstance(finding, dict)
            terms = finding["business_terms"]
            assert isinstance(terms, list)
            line = finding["line"]
            rows.append(
                [
                    *head,
                    str(finding["rule"]),
                    str(finding["severity"]),
                    str(finding["source"]),
                    "true" if finding["in_verdict"] else "false",
                    " ".join(str(t) for t in terms),
                    str(finding["message"]),
                    str(finding["location"] or ""),
                    "" if line is None else str(line),
                ]
            )
    return rows


def read_csv(text: str, dialect: CsvDialect) -> list[list[str]]:
    """The rows of a CSV report, header checked and removed; in the excel dialect the ``'``
    put before a formula character is taken off again."""
    if dialect is CsvDialect.EXCEL:
        assert text.startswith("\ufeff")
        rows = list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=";"))
        rows = [
            [c[1:] if c[:1] == "'" and c[1:2] in ("=", "+", "-", "@", "\t", "\r") else c for c in r]
            for r in rows
        ]
    else:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == HEADER
    return rows[1:]


def test_xrechnung_testsuite_csv_is_the_json(run_cli: CliRun) -> None:
    folder = str(require(XRECHNUNG_TESTSUITE))
    as_json = run_cli(["validate", "--format", "json", "--lang", "en", folder])
    as_csv = run_cli(["validate", "--format", "csv", "--lang", "en", folder])
    assert as_json.exit_code == as_csv.exit_code == 0
    documents = json.loads(as_json.stdout)["documents"]
    assert len(documents) == 86
    expected = expected_rows(documents)
    assert read_csv(as_csv.stdout, CsvDialect.EXCEL) == expected
    # Warnings and information findings are there too, not only the documents.
    assert any(row[3] for row in expected)
    plain = run_cli(["validate", "-f", "csv", "--csv-dialect", "rfc4180", "--lang", "en", folder])
    assert read_csv(plain.stdout, CsvDialect.RFC4180) == expected


def unit_test_results(engine: RuleEngine) -> list[DocumentResult]:
    results: list[DocumentResult] = []
    for root, scenario in SCENARIO_BY_ROOT.items():
        inputs = [Input(u.id, data=u.document) for u in UNIT_TESTS if u.root == root]
        options = ValidationOptions(scenario=scenario, all_rules=True)
        results.extend(validate(inputs, engine, options))
    return results


def test_en16931_unit_tests_csv_is_the_json(engine: RuleEngine) -> None:
    results = unit_test_results(engine)
    assert len(results) == len(UNIT_TESTS)
    documents = json.loads(render("json", results)[0])["documents"]
    expected = expected_rows(documents)
    assert sum(len(d["findings"]) for d in documents) > 1000
    assert len(expected) == sum(max(1, len(d["findings"])) for d in documents)
    for dialect in CsvDialect:
        stream = io.StringIO()
        formatter = CsvFormatter(stream, ReportOptions(csv_dialect=dialect))
        formatter.begin()
        for result in results:
            formatter.document(result)
        assert read_csv(stream.getvalue(), dialect) == expected
