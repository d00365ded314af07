"""``--format sarif``: SARIF 2.1.0, for code-scanning views and tools that read static analysis.

One run. Each rule that fired is a ``reportingDescriptor`` in ``tool.driver.rules``: its
``shortDescription`` is the first message seen for it, its ``properties`` name the business
terms (with their names in the report's language) and the rule's source. There is no
``helpUri``: the official rules have no stable page per rule. Each finding is a ``result`` with
``ruleId``, ``level`` (error, warning, note), the message as the rule words it, and a location:
the document's path as given as ``artifactLocation.uri``, ``region.startLine`` where the line is
known, and the finding's XPath as a logical location. Every document is an ``artifact`` whose
properties carry its verdict and scenario, so accepted documents are listed too; a document that
could not be validated is a tool execution notification of the invocation.

Results are written as they arrive: JSON does not order an object's members, so the run opens
with ``results`` and closes with the artifacts, the rules and the invocation. Only those stay in
memory (one small entry per document and per rule), never the findings.
"""

from __future__ import annotations

import os
from pathlib import PurePosixPath
from typing import assert_never
from urllib.parse import quote

from einvoice_cli.core.contract import JsonValue, dumps
from einvoice_cli.core.findings import Finding, Severity
from einvoice_cli.core.locations import short_location
from einvoice_cli.core.results import DocumentResult, Summary
from einvoice_cli.core.verdict import Verdict
from einvoice_cli.core.version import tool_version
from einvoice_cli.model.names import term_name
from einvoice_cli.report.interface import Formatter

SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
"""The OASIS SARIF 2.1.0 schema (with errata 01) the output conforms to."""


def sarif_level(severity: Severity) -> str:
    """The SARIF ``level`` of a severity."""
    match severity:
        case Severity.ERROR:
            return "error"
        case Severity.WARNING:
            return "warning"
        case Severity.INFORMATION:
            return "note"
        case _:
            assert_never(severity)


def artifact_uri(path: str) -> str:
    """A document's path as a URI reference: relative paths stay relative, as the user gave them.

    Characters a URI cannot hold are percent-encoded, from the name's bytes (so a byte that is
    not valid UTF-8 becomes ``%E9``, as RFC 8089 has it); an absolute path becomes a ``file:``
    URI.
    """
    posix = os.fsencode(path.replace("\\", "/"))
    if PurePosixPath(os.fsdecode(posix)).is_absolute():
        return "file://" + quote(posix, safe="/")
    return quote(posix, safe="/")


def _logical_kind(location: str) -> str:
    last = location.rsplit("/", 1)[-1]
    return "attribute" if last.startswith("@") else "element"


class SarifFormatter(Formatter):
    """Writes one SARIF log with one run."""

    _rules: dict[str, int]
    _descriptors: list[JsonValue]
    _artifacts: list[JsonValue]
    _notifications: list[JsonValue]
    _first: bool

    def begin(self) -> None:
        """Open the log, the run and its results array."""
        self._rules = {}
        self._descriptors = []
        self._artifacts = []
        self._notifications = []
        self._first = True
        head = {"$schema": SARIF_SCHEMA, "version": "2.1.0"}
        self.stream.write(dumps(head)[:-1] + ', "runs": [{"results": [')

    def document(self, result: DocumentResult) -> None:
        """Write the results of one document and remember it as an artifact."""
        index = len(self._artifacts)
        uri = artifact_uri(result.path)
        properties: dict[str, JsonValue] = {
            "verdict": result.verdict.value,
            "scenario": result.scenario,
            "container": result.container.value,
            "syntax": result.syntax.value if result.syntax else None,
            "specification": result.specification,
            "rules": [f"{r.step}: {r.rules}" for r in result.rules],
        }
        if result.profile is not None:
            properties["profile"] = result.profile
        if result.attachment is not None:
            properties["attachment"] = result.attachment
        self._artifacts.append({"location": {"uri": uri}, "properties": properties})
        if result.verdict is Verdict.ERROR:
            self._notifications.append(
                {
                    "level": "error",
                    "message": {"text": result.error or "the document could not be validated"},
                    "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}],
                }
            )
        for finding in result.findings:
            self._write(self._result(finding, uri, index))

    def _write(self, value: JsonValue) -> None:
        separator = "\n  " if self._first else ",\n  "
        self._first = False
        self.stream.write(separator + dumps(value))

    def _rule_index(self, finding: Finding) -> int:
        index = self._rules.get(finding.rule)
        if index is None:
            index = len(self._descriptors)
            self._rules[finding.rule] = index
            self._descriptors.append(
                {
                    "id": finding.rule,
                    "shortDescription": {"text": finding.message},
                    "properties": {
                        "business_terms": list(finding.business_terms),
                        "business_term_names": {
                            term: term_name(term, self.options.lang) or ""
                            for term in finding.business_terms
                        },
                        "source": finding.source.value,
                    },
                }
            )
        return index

    def _result(self, finding: Finding, uri: str, artifact: int) -> JsonValue:
        physical: dict[str, JsonValue] = {"artifactLocation": {"uri": uri, "index": artifact}}
        if finding.line is not None:
            physical["region"] = {"startLine": finding.line}
        location: dict[str, JsonValue] = {"physicalLocation": physical}
        if finding.location:
            location["logicalLocations"] = [
                {
                    "name": (
                        finding.place.path
                        if finding.place is not None
                        else short_location(finding.location)
                    ),
                    "fullyQualifiedName": finding.location,
                    "kind": _logical_kind(finding.location),
                }
            ]
        return {
            "ruleId": finding.rule,
            "ruleIndex": self._rule_index(finding),
            "level": sarif_level(finding.severity),
            "message": {"text": finding.message},
            "locations": [location],
            "properties": {
                "severity": finding.severity.value,
                "flag": finding.flag,
                "source": finding.source.value,
                "business_terms": list(finding.business_terms),
                "in_verdict": finding.in_verdict,
                "values": dict(finding.values),
                "expected": dict(finding.expected),
            },
        }

    def end(self, summary: Summary) -> None:
        """Close the results and write the artifacts, the tool with its rules, the invocation."""
        tool = {
            "driver": {
                "name": "einvoice-cli",
                "version": tool_version(),
                "rules": self._descriptors,
            }
        }
        invocation: dict[str, JsonValue] = {"executionSuccessful": summary.errors == 0}
        if self._notifications:
            invocation["toolExecutionNotifications"] = self._notifications
        closing = "]" if self._first else "\n]"
        self.stream.write(closing)
        for key, value in (
            ("artifacts", self._artifacts),
            ("tool", tool),
            ("invocations", [invocation]),
        ):
            self.stream.write(f', "{key}": ' + dumps(value))
        self.stream.write("}]}\n")
        self.stream.flush()
