"""Reading KoSIT reports in tests: the report of a corpus document, its assessment, its steps
and messages, and the report schema they must be valid against."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from einvoice_cli.core.results import DocumentResult
from einvoice_cli.report.kosit import kosit_report
from einvoice_cli.validation.engine import RuleEngine
from einvoice_cli.validation.inputs import Input
from einvoice_cli.validation.pipeline import ValidationOptions, validate

REP = "{http://www.xoev.de/de/validator/varl/1}"
S = "{http://www.xoev.de/de/validator/framework/1/scenarios}"
NS = {"rep": REP[1:-1], "s": S[1:-1]}

TIMESTAMP = datetime(2026, 1, 31, 12, 0, tzinfo=UTC)
"""A fixed check time, so reports compare byte for byte."""

KEEP = ValidationOptions(keep_report_input=True)


def validated(path: Path, engine: RuleEngine, data: bytes | None = None) -> DocumentResult:
    """The result of one document (its bytes, or the file), with the report's input kept."""
    item = Input(str(path), path=path) if data is None else Input(str(path), data=data)
    [result] = validate([item], engine, KEEP)
    return result


def report_of(result: DocumentResult, engine: RuleEngine) -> etree._Element:
    """The KoSIT report of a result, parsed."""
    return etree.fromstring(kosit_report(result, None, engine, timestamp=TIMESTAMP))


def assessment(report: etree._Element) -> str:
    """``accept`` or ``reject``, as the report recommends."""
    [choice] = report.xpath("rep:assessment/*", namespaces=NS)
    return etree.QName(choice).localname


def steps(report: etree._Element) -> dict[str, etree._Element]:
    """The validation step results by id (``val-xsd``, ``val-sch.1``, ..., ``val-xml``)."""
    return {e.get("id", ""): e for e in report.iter(f"{REP}validationStepResult")}


def messages(step: etree._Element) -> list[etree._Element]:
    """The messages of one step, in order."""
    return step.findall(f"{REP}message")
