"""DESIGN.md's JSON contract: a document, a finding and a summary as JSON values.

Every format that writes JSON (``json``, ``jsonl``, ``--output-dir`` reports, the conversion
report, SARIF's properties) and the library's ``DocumentResult.to_json()`` build it here, so the
contract has one owner. Add fields, never
change them: scripts depend on the shape.
"""

from __future__ import annotations

import json
import re

from einvoice_cli.core.findings import Finding
from einvoice_cli.core.results import DocumentResult, Summary
from einvoice_cli.core.version import tool_version

JsonValue = str | int | float | bool | None | list["JsonValue"] | dict[str, "JsonValue"]
"""A value JSON can hold."""


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def dumps(value: object, *, indent: int | None = None) -> str:
    """``value`` as JSON text that is always valid UTF-8.

    A file name that is not valid UTF-8 reaches us with surrogate escapes (:pep:`383`, as
    ``os.fsdecode`` gives it), which UTF-8 cannot encode: such a character is written as the
    JSON escape ``\\udcNN``, where NN is the undecodable byte. Python's ``json.loads`` and
    ``os.fsencode`` give the exact name back; other readers see a replacement character.
    """
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def tool_info() -> dict[str, JsonValue]:
    """The ``tool`` object of the JSON contract."""
    return {"name": "einvoice-cli", "version": tool_version()}


def finding_to_json(finding: Finding) -> dict[str, JsonValue]:
    """One finding in DESIGN.md's JSON shape (plus the additive ``line``, ``in_verdict``,
    ``values``, ``expected`` and ``place``)."""
    place: JsonValue = None
    if finding.place is not None:
        place = {
            "path": finding.place.path,
            "present": finding.place.present,
            "line": finding.place.line,
        }
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
        "values": dict(finding.values),
        "expected": dict(finding.expected),
        "place": place,
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
        "error_kind": result.error_kind.value if result.error_kind else None,
        "rules": [{"step": r.step, "rules": r.rules} for r in result.rules],
        "schematron_skipped": result.schematron_skipped,
        "profile": result.profile,
        "attachment": result.attachment,
        "attachment_choice": result.attachment_choice,
        "envelope": _envelope(result),
        "checks": list(result.checks),
    }


def _envelope(result: DocumentResult) -> dict[str, JsonValue] | None:
    envelope = result.envelope
    if envelope is None:
        return None
    return {
        "sender": envelope.sender,
        "receiver": envelope.receiver,
        "document_type": envelope.document_type,
        "process": envelope.process,
        "instance": envelope.instance,
    }


def summary_to_json(summary: Summary) -> dict[str, JsonValue]:
    """The ``summary`` object of the JSON contract."""
    return {
        "documents": summary.documents,
        "accepted": summary.accepted,
        "rejected": summary.rejected,
        "errors": summary.errors,
    }
