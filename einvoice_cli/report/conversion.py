"""The report of one conversion: what was lost, both verdicts, what was written.

``einvoice convert`` writes the converted document to stdout (or a file), so its report goes to
stderr, in one of two formats (:data:`CONVERSION_REPORTS`): ``text`` for people (a warning per
loss, naming the business term or element; the verdicts; the findings that make a document
rejected; one closing line) and ``json`` for scripts (one object; each validation has the shape
of an entry of ``documents`` in DESIGN.md's contract). A renderer only renders; what happened is
decided in ``conversion/convert.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TextIO

from einvoice_cli.conversion.convert import Conversion, Outcome
from einvoice_cli.core.contract import JsonValue, document_to_json, dumps, tool_info
from einvoice_cli.core.findings import Severity
from einvoice_cli.core.locations import short_location
from einvoice_cli.core.printable import printable
from einvoice_cli.core.results import DocumentResult
from einvoice_cli.core.verdict import Verdict
from einvoice_cli.model import Loss
from einvoice_cli.report.text import finding_place

Renderer = Callable[[Conversion, str | None, TextIO], None]
"""Renders a conversion and where its document was written (``None``: not written)."""

_OUTCOME_TEXT: Mapping[Outcome, str] = MappingProxyType(
    {
        Outcome.CONVERTED: "converted",
        Outcome.OUTPUT_REJECTED: "converted, but the output is rejected",
        Outcome.INPUT_REJECTED: "refused: the input is rejected (--force converts it anyway)",
        Outcome.LOSSES_REFUSED: "refused under --strict: not everything can be carried over",
    }
)


def render_text(conversion: Conversion, written_to: str | None, stream: TextIO) -> None:
    """Warnings, notes, verdicts and a closing line, for people."""
    for loss in conversion.losses:
        stream.write(f"warning: {printable(_loss_text(loss))}\n")
    for note in conversion.notes:
        stream.write(f"note: {printable(note)}\n")
    _verdict(stream, "input", conversion.input)
    if conversion.output is not None:
        _verdict(stream, "output", conversion.output)
    known = conversion.source_syntax or conversion.input.syntax
    source = known.value if known else "?"
    target = conversion.target_syntax.value if conversion.target_syntax else conversion.target
    parts = [f"{conversion.name}: {source} -> {target}", _OUTCOME_TEXT[conversion.outcome]]
    if conversion.losses:
        terms = sorted({loss.term for loss in conversion.losses if loss.term})
        named = f" ({', '.join(terms)})" if terms else ""
        parts.append(f"{len(conversion.losses)} not carried over{named}")
    parts.append(f"written to {written_to}" if written_to else "nothing written")
    stream.write(printable("; ".join(parts)) + "\n")


def _loss_text(loss: Loss) -> str:
    if loss.term:
        return f"{loss.term} not carried over, at {loss.location}: {loss.message}"
    return f"{short_location(loss.location)} not carried over: {loss.message}"


def _verdict(stream: TextIO, label: str, result: DocumentResult) -> None:
    scenario = result.scenario or "no scenario"
    stream.write(f"{label}: {result.verdict.value} ({scenario})\n")
    if result.verdict is Verdict.ACCEPT:
        return
    for finding in result.findings:
        if finding.severity is not Severity.ERROR or not finding.in_verdict:
            continue
        place = finding_place(finding)
        detail = f" [{place}]" if place else ""
        stream.write(printable(f"  {finding.rule}  {finding.message}{detail}") + "\n")


def conversion_to_json(conversion: Conversion, written_to: str | None) -> dict[str, JsonValue]:
    """The ``conversion`` object of the JSON report."""
    return {
        "path": conversion.name,
        "target": conversion.target.value,
        "outcome": conversion.outcome.value,
        "source_syntax": conversion.source_syntax.value if conversion.source_syntax else None,
        "target_syntax": conversion.target_syntax.value if conversion.target_syntax else None,
        "specification": conversion.specification,
        "written_to": written_to,
        "losses": [
            {"location": loss.location, "term": loss.term, "message": loss.message}
            for loss in conversion.losses
        ],
        "notes": list(conversion.notes),
        "input": document_to_json(conversion.input),
        "output": document_to_json(conversion.output) if conversion.output else None,
    }


def render_json(conversion: Conversion, written_to: str | None, stream: TextIO) -> None:
    """One JSON object: ``{"tool": ..., "conversion": ...}``."""
    report = {"tool": tool_info(), "conversion": conversion_to_json(conversion, written_to)}
    stream.write(dumps(report) + "\n")
    stream.flush()


CONVERSION_REPORTS: Mapping[str, Renderer] = MappingProxyType(
    {"text": render_text, "json": render_json}
)
"""Conversion report formats by the name ``--format`` takes."""
