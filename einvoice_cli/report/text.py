"""``--format text``: the verdict of each document and its findings, for people.

Per document: the verdict and path, the scenario (or why there is none), then the findings
grouped by severity with rule id, message, business terms and where (short path and line).
Colour only on a terminal and never under ``NO_COLOR`` (the CLI decides, see ReportOptions).
"""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from einvoice_cli.core.findings import Finding, Severity
from einvoice_cli.core.locations import short_location
from einvoice_cli.core.printable import printable
from einvoice_cli.core.results import DocumentResult, Summary
from einvoice_cli.core.verdict import Verdict
from einvoice_cli.report.interface import Formatter

_VERDICT_STYLE = {
    Verdict.ACCEPT: ("ACCEPT", "bold green"),
    Verdict.REJECT: ("REJECT", "bold red"),
    Verdict.ERROR: ("ERROR ", "bold magenta"),
}
_SEVERITY_STYLE = {
    Severity.ERROR: ("error", "red"),
    Severity.WARNING: ("warning", "yellow"),
    Severity.INFORMATION: ("information", "cyan"),
}
_PLURAL = {
    Severity.ERROR: "errors",
    Severity.WARNING: "warnings",
    Severity.INFORMATION: "information",
}


class TextFormatter(Formatter):
    """Human-readable report."""

    _console: Console

    def begin(self) -> None:
        """Set up the console for the stream."""
        self._console = Console(
            file=self.stream,
            force_terminal=self.options.color,
            no_color=not self.options.color,
            color_system="auto" if self.options.color else None,
            highlight=False,
            emoji=False,
            width=self.options.width or (None if self.options.color else 100),
            soft_wrap=not self.options.color,
        )

    def document(self, result: DocumentResult) -> None:
        """Render one document."""
        label, style = _VERDICT_STYLE[result.verdict]
        head = Text()
        head.append(label, style=style)
        head.append("  ")
        head.append(printable(result.path), style="bold")
        self._console.print(head)
        if result.error is not None:
            tip = self.options.tips.get(result.error_kind) if result.error_kind else None
            self._console.print(
                Text("        " + printable(result.error) + (f" ({tip})" if tip else ""))
            )
            return
        self._console.print(Text("        " + printable(_scenario_line(result)), style="dim"))
        for severity in Severity:
            group = [f for f in result.findings if f.severity is severity]
            if not group:
                continue
            colour = _SEVERITY_STYLE[severity][1]
            title = Text(f"    {_PLURAL[severity]} ({len(group)})", style=f"bold {colour}")
            self._console.print(title)
            for finding in group:
                self._print_finding(finding, colour)

    def _print_finding(self, finding: Finding, colour: str) -> None:
        line = Text("      ")
        line.append(finding.rule, style=f"bold {colour}")
        line.append("  ")
        line.append(printable(finding.message))
        if not finding.in_verdict:
            line.append("  (outside the verdict: the XML Schema check failed)", style="italic")
        self._console.print(line)
        place = finding_place(finding)
        if place:
            self._console.print(Text("          " + printable(place), style="dim"))

    def end(self, summary: Summary) -> None:
        """The summary line goes to stderr (written by the CLI), not into the report."""


def _scenario_line(result: DocumentResult) -> str:
    if result.scenario is None:
        return "no scenario" + (f" · invoice: {result.attachment}" if result.attachment else "")
    parts = [f"scenario: {result.scenario}"]
    if result.profile is not None:
        parts.append(f"profile: {result.profile}")
    if result.attachment is not None:
        parts.append(f"invoice: {result.attachment}")
    if result.schematron_skipped:
        parts.append("business rules not run: the XML Schema check failed (see --all-rules)")
    return " · ".join(parts)


def finding_place(finding: Finding) -> str:
    """Where a finding points, for a line of text: its business terms, its short location and
    its source line, joined by `` · ``; empty when it names none of them."""
    place = [", ".join(finding.business_terms)] if finding.business_terms else []
    if finding.location:
        place.append("at " + short_location(finding.location))
    if finding.line is not None:
        place.append(f"line {finding.line}")
    return " · ".join(place)
