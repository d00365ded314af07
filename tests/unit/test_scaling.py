"""How cost grows with the size of a document (issue 13): an invoice whose lines each break a
rule costs about what a valid one of the same size costs, and the findings of one rule are
capped per document, with a finding that says how many more there were."""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

from einvoice_cli.core.findings import Severity, Source
from einvoice_cli.core.results import DocumentResult
from einvoice_cli.core.verdict import Verdict
from einvoice_cli.validation.engine import RuleEngine
from einvoice_cli.validation.inputs import Input
from einvoice_cli.validation.pipeline import ValidationOptions, validate_input
from tests.conftest import CliRun
from tests.support.scaled import LINE_RULE, invoice_with_lines


def _validate(engine: RuleEngine, data: bytes, options: ValidationOptions) -> DocumentResult:
    return validate_input(Input(name="scaled", data=data), engine, options, None)


def _seconds(engine: RuleEngine, lines: int) -> float:
    data = invoice_with_lines(lines, failing=True)
    start = time.perf_counter()
    result = _validate(engine, data, ValidationOptions(max_findings_per_rule=0))
    elapsed = time.perf_counter() - start
    assert Counter(f.rule for f in result.findings)[LINE_RULE] == lines
    return elapsed


def test_failing_lines_cost_grows_linearly(engine: RuleEngine) -> None:
    _seconds(engine, 100)  # the rules compiled, the engine warm
    small, large = _seconds(engine, 1000), _seconds(engine, 4000)
    # Four times the lines: about four times the time; the square would be sixteen times.
    assert large / small < 8, (small, large)


def test_findings_of_one_rule_are_capped_and_the_rest_counted(engine: RuleEngine) -> None:
    data = invoice_with_lines(250, failing=True)
    result = _validate(engine, data, ValidationOptions(max_findings_per_rule=100))
    assert result.verdict is Verdict.REJECT
    counts = Counter(f.rule for f in result.findings)
    assert counts[LINE_RULE] == 100
    assert counts["PEPPOL-EN16931-R120"] == 100
    omitted = [f for f in result.findings if f.rule == "EINV-FINDINGS-OMITTED"]
    assert len(omitted) == 2
    for finding in omitted:
        assert finding.source is Source.EINVOICE
        assert finding.severity is Severity.INFORMATION
        assert not finding.in_verdict
        assert "150 more findings" in finding.message
    # The first kept finding of the rule is about the first failing line, with its line number.
    first = next(f for f in result.findings if f.rule == LINE_RULE)
    assert first.location is not None and first.location.endswith("[3]")
    assert first.line is not None
    line_text = data.decode().splitlines()[first.line - 1]
    # The line of the failing line's element, or of the term's own (BT-146, the price).
    assert "<cac:InvoiceLine>" in line_text or "-1.00</cbc:PriceAmount>" in line_text


def test_no_cap_keeps_every_finding(engine: RuleEngine) -> None:
    data = invoice_with_lines(150, failing=True)
    result = _validate(engine, data, ValidationOptions(max_findings_per_rule=0))
    assert Counter(f.rule for f in result.findings)[LINE_RULE] == 150
    assert not any(f.source is Source.EINVOICE for f in result.findings)


def test_the_cli_caps_findings_and_max_findings_0_reports_all(
    run_cli: CliRun, tmp_path: Path
) -> None:
    source = tmp_path / "lines.xml"
    source.write_bytes(invoice_with_lines(120, failing=True))
    capped = json.loads(run_cli(["validate", "-f", "json", str(source)]).stdout)
    rules = Counter(f["rule"] for f in capped["documents"][0]["findings"])
    assert rules[LINE_RULE] == 100 and rules["EINV-FINDINGS-OMITTED"] == 2
    omitted = next(
        f for f in capped["documents"][0]["findings"] if f["rule"] == "EINV-FINDINGS-OMITTED"
    )
    assert omitted["source"] == "einvoice" and omitted["in_verdict"] is False
    full = json.loads(
        run_cli(["validate", "-f", "json", "--max-findings", "0", str(source)]).stdout
    )
    assert Counter(f["rule"] for f in full["documents"][0]["findings"])[LINE_RULE] == 120
