"""The formatter protocol and the JSON shape of a result, shared by all formats."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import TextIO

import einvoice_cli
from einvoice_cli.findings import Finding
from einvoice_cli.locations import short_location
from einvoice_cli.results import DocumentResult, Summary

JsonValue = str | int | float | bool | None | list["JsonValue"] | dict[str, "JsonValue"]


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """How a report is rendered."""

    color: bool = False
    """Use colour (only ever true on a terminal and without NO_COLOR)."""
    width: int | None = None
    """Terminal width for text output; ``None`` lets the formatter decide."""
    lang: str = "en"
    """Language of the report's own words and of business-term names (``en`` or ``de``, see
    :data:`einvoice_cli.terms.LANGUAGES`); rule messages stay as the rules word them."""


class Formatter(ABC):
    """Renders results to a stream as they arrive."""

    def __init__(self, stream: TextIO, options: ReportOptions) -> None:
        self.stream = stream
        self.options = options

    @abstractmethod
    def begin(self) -> None:
        """Called once before the first document."""

    @abstractmethod
    def document(self, result: DocumentResult) -> None:
        """Called for each document, in input order."""

    @abstractmethod
    def end(self, summary: Summary) -> None:
        """Called once after the last document."""


def tool_info() -> dict[str, JsonValue]:
    """The ``tool`` object of the JSON contract."""
    return {"name": "einvoice-cli", "version": einvoice_cli.__version__}


def finding_to_json(finding: Finding) -> dict[str, JsonValue]:
    """One finding in DESIGN.md's JSON shape (plus the additive ``line`` and ``in_verdict``)."""
    return {
        "rule": finding.rule,
        "severity": finding.severity.value,
        "flag": finding.flag,
        "source": finding.source.value,
        "location": finding.location,
        "message": finding.message,
        "business_terms": list(finding.business_terms),
        "line": finding.line,
        "in_verdict": finding.in_verdict,
    }


def document_to_json(result: DocumentResult) -> dict[str, JsonValue]:
    """One entry of ``documents`` in DESIGN.md's JSON contract (plus additive fields)."""
    return {
        "path": result.path,
        "container": result.container.value,
        "syntax": result.syntax.value if result.syntax else None,
        "specification": result.specification,
        "scenario": result.scenario,
        "verdict": result.verdict.value,
        "findings": [finding_to_json(f) for f in result.findings],
        "error": result.error,
        "rules": [{"step": r.step, "rules": r.rules} for r in result.rules],
        "schematron_skipped": result.schematron_skipped,
        "profile": result.profile,
        "attachment": result.attachment,
        "attachment_choice": result.attachment_choice,
    }


def summary_to_json(summary: Summary) -> dict[str, JsonValue]:
    """The ``summary`` object of the JSON contract."""
    return {
        "documents": summary.documents,
        "accepted": summary.accepted,
        "rejected": summary.rejected,
        "errors": summary.errors,
    }


def finding_place(finding: Finding) -> str:
    """Where a finding points, for a line of text: its business terms, its short location and
    its source line, joined by `` · ``; empty when it names none of them."""
    place = [", ".join(finding.business_terms)] if finding.business_terms else []
    if finding.location:
        place.append("at " + short_location(finding.location))
    if finding.line is not None:
        place.append(f"line {finding.line}")
    return " · ".join(place)
