"""``--format text``: the verdict of each document and its findings, for people.

Per document: the verdict and path, the scenario (or why there is none), then the findings
grouped by severity: rule id and message (wrapped and indented on a terminal; a quoted regular
expression only with ``--verbose``), each business term with its name and its value in the
document (and the value an arithmetic rule expects), where (the element and its line, or where
a missing one belongs) and a hint for the rules that fire most. Words in ``--lang``.
Colour only on a terminal and never under ``NO_COLOR`` (the CLI decides, see ReportOptions).
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Mapping
from types import MappingProxyType

from rich.console import Console
from rich.text import Text

from einvoice_cli.core.findings import Finding, Severity, Source
from einvoice_cli.core.locations import short_location
from einvoice_cli.core.printable import printable
from einvoice_cli.core.results import DocumentResult, Summary
from einvoice_cli.core.verdict import Verdict
from einvoice_cli.errors import ErrorKind
from einvoice_cli.report.catalogue import messages
from einvoice_cli.report.interface import Formatter
from einvoice_cli.report.messages import shown_message
from einvoice_cli.report.terminal_words import TerminalWords, terminal_words
from einvoice_cli.rules_info.hints import hint_for

_VERDICT_STYLE = {
    Verdict.ACCEPT: "bold green",
    Verdict.REJECT: "bold red",
    Verdict.ERROR: "bold magenta",
}
_SEVERITY_COLOUR = {
    Severity.ERROR: "red",
    Severity.WARNING: "yellow",
    Severity.INFORMATION: "cyan",
}
_MESSAGE_INDENT = 16
_DETAIL_INDENT = 10


class TextFormatter(Formatter):
    """Human-readable report."""

    _console: Console
    _buffer: io.StringIO
    _words: TerminalWords

    def begin(self) -> None:
        """Set up the console for the stream."""
        self._words = terminal_words(self.options.lang)
        # The console renders into a buffer that goes to the stream in one write per document:
        # under a progress bar the stream is rich's redirect of stdout, which clears the bar
        # before a whole write but not before the pieces a console writes itself.
        self._buffer = io.StringIO()
        self._console = Console(
            file=self._buffer,
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
        self._render(result)
        self._emit()

    def _emit(self) -> None:
        """Write what the console rendered to the stream, in one write."""
        text = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        if text:
            self.stream.write(text)
            self.stream.flush()

    def _render(self, result: DocumentResult) -> None:
        words = self._words
        head = Text()
        head.append(words.verdict[result.verdict], style=_VERDICT_STYLE[result.verdict])
        head.append("  ")
        head.append(printable(result.path), style="bold")
        self._console.print(head)
        if result.error is not None:
            kind = result.error_kind
            tip = self.options.tips.get(kind) if kind else None
            said = self._words.error_kinds.get(kind) if kind else None
            reason = _without_kind(result.error, kind) if said and kind else result.error
            line = (f"{said}: " if said else "") + printable(reason) + (f" ({tip})" if tip else "")
            self._console.print(Text("        " + line))
            return
        self._console.print(
            Text("        " + printable(_scenario_line(result, words)), style="dim")
        )
        if result.envelope is not None:
            envelope = result.envelope
            catalogue = messages(self.options.lang)
            parties = catalogue.envelope_parties.format(
                sender=envelope.sender or "?", receiver=envelope.receiver or "?"
            )
            line = f"{catalogue.envelope}: {parties}"
            self._console.print(Text("        " + printable(line), style="dim"))
        official = list(result.official_findings)
        ours = list(result.check_findings)
        self._print_groups(official, "    ")
        if result.checks:
            # Our own checks in a section of their own: they are not the official verdict.
            catalogue = messages(self.options.lang)
            title = "    " + catalogue.our_checks.format(checks=", ".join(result.checks))
            self._console.print(Text(title, style="bold"))
            if not ours:
                self._console.print(Text("      " + catalogue.no_check_findings, style="dim"))
            self._print_groups(ours, "      ")

    def _print_groups(self, findings: list[Finding], indent: str) -> None:
        for severity in Severity:
            group = [f for f in findings if f.severity is severity]
            if not group:
                continue
            colour = _SEVERITY_COLOUR[severity]
            heading = f"{indent}{self._words.severity_group[severity]} ({len(group)})"
            self._console.print(Text(heading, style=f"bold {colour}"))
            for finding in group:
                self._print_finding(finding, colour)

    def _print_finding(self, finding: Finding, colour: str) -> None:
        words, lang = self._words, self.options.lang
        message = shown_message(
            printable(finding.message), verbose=self.options.verbose, hidden=words.regex_hidden
        )
        if not finding.in_verdict and finding.source is not Source.EINVOICE:
            message += f"  ({words.outside_verdict})"
        rule = f"      {finding.rule}  "
        line = Text(rule, style=f"bold {colour}")
        if self.options.color:
            # On a terminal: wrapped to the width, continued under the message's first word.
            width = max(40, self._console.width - max(len(rule), _MESSAGE_INDENT))
            wrapped = textwrap.wrap(
                message, width, break_long_words=False, break_on_hyphens=False
            ) or [""]
            indent = "\n" + " " * len(rule)
            line.append(indent.join(wrapped))
        else:
            line.append(message)
        self._console.print(line)
        detail = " " * _DETAIL_INDENT
        values = dict(finding.values)
        expected = dict(finding.expected)
        if finding.business_terms:
            # Imported here: the names table loads the semantic model (~0.1 s of start-up),
            # which an accepted document's report does not need.
            from einvoice_cli.model.names import term_name
        for term in finding.business_terms:
            text = term
            name = term_name(term, lang)
            if name:
                text += f" {name}"
            if term in values:
                text += f": {values[term]}"
            if term in expected:
                text += f" ({words.expected} {expected[term]})"
            self._print_detail(detail, text.split(" "), " ", "dim")
        place = _place(finding, words)
        if place:
            self._print_detail(detail, printable(place).split(_JOIN), _JOIN, "dim")
        hint = hint_for(finding.rule, lang)
        if hint:
            self._print_detail(detail, f"{words.hint}: {hint}".split(" "), " ", "italic")

    def _print_detail(self, indent: str, pieces: list[str], sep: str, style: str) -> None:
        """A line under a finding. On a terminal it is wrapped to the width between its pieces
        (words, or the parts of a place, so a path is never cut from its label) and continued
        under its own start, so the finding stays one block; a piece wider than the terminal
        is left for the terminal to fold."""
        lines = [indent + pieces[0]]
        if self.options.color:
            width = max(40, self._console.width)
            for piece in pieces[1:]:
                if len(lines[-1]) + len(sep) + len(piece) > width:
                    lines.append(indent + "  " + piece.lstrip())
                else:
                    lines[-1] += sep + piece
        else:
            lines[-1] += "".join(sep + piece for piece in pieces[1:])
        self._console.print(Text("\n".join(lines), style=style), soft_wrap=True)

    def end(self, summary: Summary) -> None:
        """The summary line goes to stderr (written by the CLI), not into the report."""


_KIND_PHRASES: Mapping[ErrorKind, str] = MappingProxyType(
    {
        ErrorKind.NOT_WELL_FORMED: "not well-formed XML",
        ErrorKind.EMPTY: "the file is empty",
        ErrorKind.FORBIDDEN_DOCTYPE: "document type declarations (<!DOCTYPE ...>) are not "
        "allowed in invoices",
        ErrorKind.NOT_A_PDF: "not a PDF",
        ErrorKind.BROKEN_PDF: "not a readable PDF",
    }
)
"""The English words a reason of each kind starts with (after the document's name), which the
kind said in another language before it would repeat."""


def _without_kind(reason: str, kind: ErrorKind) -> str:
    """``name: not well-formed XML: detail`` -> ``name: detail`` when the kind is said before it
    in the report's language; the library's detail stays as it words it."""
    phrase = _KIND_PHRASES.get(kind)
    name, separator, rest = reason.partition(": ")
    if phrase is None or not separator or not rest.startswith(phrase):
        return reason
    rest = rest[len(phrase) :].lstrip(":").strip()
    if rest.startswith("(") and rest.endswith(")"):
        rest = rest[1:-1]  # "not a PDF (no %PDF- header)": the detail without its brackets
    return f"{name}: {rest}" if rest else name


_JOIN = " · "
"""Between the parts of a finding's place."""


def _place(finding: Finding, words: TerminalWords) -> str:
    """``at PATH · line N``, or where a missing element belongs."""
    parts = []
    if finding.place is not None:
        label = words.at if finding.place.present else words.missing
        parts.append(f"{label} {finding.place.path}")
    elif finding.location:
        parts.append(f"{words.at} {short_location(finding.location)}")
    if finding.line is not None:
        parts.append(f"{words.line} {finding.line}")
    return _JOIN.join(parts)


def _scenario_line(result: DocumentResult, words: TerminalWords) -> str:
    if result.scenario is None:
        invoice = f" · {words.invoice}: {result.attachment}" if result.attachment else ""
        return words.no_scenario + invoice
    parts = [f"{words.scenario}: {result.scenario}"]
    if result.profile is not None:
        parts.append(f"{words.profile}: {result.profile}")
    if result.attachment is not None:
        parts.append(f"{words.invoice}: {result.attachment}")
    if result.schematron_skipped:
        parts.append(words.schematron_skipped)
    return " · ".join(parts)


def finding_place(finding: Finding, words: TerminalWords) -> str:
    """Where a finding points, for a line of text: its business terms, its place and its
    source line, joined by `` · ``; empty when it names none of them."""
    terms = [", ".join(finding.business_terms)] if finding.business_terms else []
    return " · ".join([*terms, *filter(None, [_place(finding, words)])])
