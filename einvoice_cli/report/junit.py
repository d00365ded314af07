"""``--format junit``: JUnit XML, so that CI systems show each document as a test.

One ``<testsuite>`` per run, one ``<testcase>`` per document: its name is the document's path, its
classname the scenario. A rejected document is a ``<failure>`` whose text lists the findings
that are errors; a document that could not be validated is an ``<error>``; an accepted one
passes. Warnings and information go to the test case's ``<system-out>``, where CI systems
show them without failing the build. The layout follows the JUnit XML that Ant wrote first and
Jenkins and GitLab read (``testsuites`` > ``testsuite`` > ``testcase``).

The suite's counts stand in its opening tag, so the test cases are kept until ``end``: for each
document only its name, classname and the finished texts, never the result itself. No
timestamps or durations are written, so a report is the same for the same documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import assert_never

from lxml import etree

from einvoice_cli.core.findings import Finding, Severity
from einvoice_cli.core.locations import short_location
from einvoice_cli.core.printable import without_surrogates
from einvoice_cli.core.results import DocumentResult, Summary
from einvoice_cli.core.verdict import Verdict
from einvoice_cli.model.names import term_name
from einvoice_cli.report.interface import Formatter

SUITE_NAME = "einvoice validate"
NO_SCENARIO = "(no scenario)"
"""The classname of a document no scenario matched (or that could not be read)."""

# XML 1.0 cannot carry most control characters; a path or message holding one (documents are
# untrusted) must not make the report unreadable, so such characters become U+FFFD.
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot hold replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


@dataclass(frozen=True, slots=True)
class _Case:
    name: str
    classname: str
    outcome: str
    """``failure``, ``error`` or empty for a passed test case."""
    message: str
    body: str
    output: str


class JunitFormatter(Formatter):
    """Writes one JUnit test suite with a test case per document."""

    _cases: list[_Case]

    def begin(self) -> None:
        """Start with no test cases."""
        self._cases = []

    def document(self, result: DocumentResult) -> None:
        """Keep the test case of one document."""
        lang = self.options.lang
        errors = [f for f in result.findings if f.severity is Severity.ERROR]
        others = [f for f in result.findings if f.severity is not Severity.ERROR]
        match result.verdict:
            case Verdict.ACCEPT:
                outcome, message = "", ""
                body = ""
                output = findings_text(result.findings, lang)
            case Verdict.REJECT:
                outcome, message = "failure", _rejected_message(result)
                body = findings_text(errors, lang) or message
                output = findings_text(others, lang)
            case Verdict.ERROR:
                outcome, message = "error", result.error or "the document could not be validated"
                body = message
                output = findings_text(result.findings, lang)
            case _:
                assert_never(result.verdict)
        self._cases.append(
            _Case(
                name=without_surrogates(result.path),
                classname=result.scenario or NO_SCENARIO,
                outcome=outcome,
                message=message,
                body=body,
                output=output,
            )
        )

    def end(self, summary: Summary) -> None:
        """Write the suite with its counts and all test cases."""
        counts: dict[str, str] = {
            "name": SUITE_NAME,
            "tests": str(summary.documents),
            "failures": str(summary.rejected),
            "errors": str(summary.errors),
            "skipped": "0",
        }
        root = etree.Element("testsuites", attrib=counts)
        suite = etree.SubElement(root, "testsuite", attrib=counts)
        for case in self._cases:
            testcase = etree.SubElement(
                suite, "testcase", name=xml_text(case.name), classname=xml_text(case.classname)
            )
            if case.outcome:
                outcome = etree.SubElement(
                    testcase,
                    case.outcome,
                    message=xml_text(case.message),
                    type="reject" if case.outcome == "failure" else "error",
                )
                outcome.text = xml_text(case.body)
            if case.output:
                etree.SubElement(testcase, "system-out").text = xml_text(case.output)
        self._cases = []
        etree.indent(root, space="  ")
        self.stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.stream.write(etree.tostring(root, encoding="unicode") + "\n")
        self.stream.flush()


def _rejected_message(result: DocumentResult) -> str:
    if result.scenario is None:
        return "rejected: no scenario matches the document"
    count = sum(1 for f in result.findings if f.severity is Severity.ERROR and f.in_verdict)
    return f"rejected: {count} error{'' if count == 1 else 's'}"


def findings_text(findings: list[Finding] | tuple[Finding, ...], lang: str) -> str:
    """Findings as plain text, one block each: rule, severity, where (the element a finding is
    about, or where a missing one belongs), message, business terms with their values."""
    return "".join(_finding_block(f, lang) for f in findings)


def _finding_block(finding: Finding, lang: str) -> str:
    head = [f"{finding.rule} ({finding.severity.value})"]
    if finding.line is not None:
        head.append(f"line {finding.line}")
    if finding.place is not None:
        label = "at" if finding.place.present else "missing, belongs at"
        head.append(f"{label} {finding.place.path}")
    elif finding.location:
        head.append(f"at {short_location(finding.location)}")
    if not finding.in_verdict:
        head.append("outside the verdict: the XML Schema check failed")
    lines = [" · ".join(head), f"    {finding.message}"]
    if finding.business_terms:
        values, expected = dict(finding.values), dict(finding.expected)
        named = []
        for term in finding.business_terms:
            name = term_name(term, lang)
            text = f"{term} {name}" if name else term
            if term in values:
                text += f" = {values[term]}"
            if term in expected:
                text += f" (expected {expected[term]})"
            named.append(text)
        lines.append("    " + "; ".join(named))
    return "\n".join(lines) + "\n"
