"""``--format html``: one self-contained HTML page for a run, and pages for single documents.

The page works offline and alone: stylesheet and filter script are inline (see
:mod:`~einvoice_cli.report.html_assets`), nothing is loaded from elsewhere. Per document it
shows the verdict, the scenario, the rules used (``PACK@VERSION:ARTIFACT``), for PDFs the
profile and which embedded file is the invoice, and the findings grouped by severity: rule id,
business terms with their names in the report's language, the message as the rule words it,
the short location with the full XPath as its title, and the line. Everything from a document
or result is escaped: documents are untrusted, and a rule message can quote document text.

The page opens with the summary (charts and the run's facts, ``html_summary.py``) and the list
of documents with search, sorting, filters and pages (``html_index.py``). Sections are written
as results arrive; summary and list are written last and shown first by the stylesheet. What
the formatter keeps meanwhile is the compact list, the counts and the CSV compressed, so
memory grows little with the findings. :func:`document_page` and :func:`index_page` serve
``--output-dir`` (``report/files.py``).
"""

from __future__ import annotations

import base64
import zlib
from collections.abc import Callable, Iterable
from datetime import datetime
from html import escape

from einvoice_cli.batch.tally import BatchSummary
from einvoice_cli.core.findings import Finding, Severity, Source
from einvoice_cli.core.locations import short_location
from einvoice_cli.core.printable import without_surrogates
from einvoice_cli.core.results import Container, DocumentResult, Summary
from einvoice_cli.core.verdict import Verdict
from einvoice_cli.core.version import tool_version
from einvoice_cli.model.names import term_name
from einvoice_cli.report.catalogue import Messages, messages
from einvoice_cli.report.csv import CsvArchive
from einvoice_cli.report.html_assets import CONTENT_SECURITY_POLICY, SCRIPT, STYLE
from einvoice_cli.report.html_index import DocumentIndex, index_nav
from einvoice_cli.report.html_summary import overview_section
from einvoice_cli.report.interface import Formatter, ReportOptions
from einvoice_cli.report.messages import shown_message
from einvoice_cli.rules_info.hints import hint_for


class RunIndex:
    """What the index of a run needs, gathered one document at a time: the list's rows, the
    counts of the summary and the CSV of all findings (compressed)."""

    def __init__(self, options: ReportOptions, clock: Callable[[], datetime] | None = None):
        self.words = messages(options.lang)
        self.documents = DocumentIndex(self.words)
        self.tally = BatchSummary(clock)
        self.csv = CsvArchive(options)

    def add(self, result: DocumentResult, href: str) -> None:
        """Count and list a document whose report is at ``href``."""
        self.documents.add(result, href)
        self.tally.add(result)
        self.csv.add(result)

    def sections(self) -> str:
        """The list of documents and the summary (the summary shown first); call once."""
        finished = self.tally.clock()
        return index_nav(self.documents, self.tally) + overview_section(
            self.tally, finished, self.words, self.csv.finish()
        )


LIVE_SECTIONS = 2000
"""Documents whose sections a single page holds as markup; later ones are packed."""

PACKED_PER_BLOCK = 100
"""Sections per packed block: one is unpacked whenever a section in it is chosen."""


class HtmlFormatter(Formatter):
    """Writes the run as one HTML page: summary, list of documents, document sections.

    The first :attr:`live_sections` sections are markup, which a browser can show without a
    script, print and search. A browser slows down to a halt with 100,000 of them, so the
    sections after those are written packed (zlib, base64, in blocks of
    :data:`PACKED_PER_BLOCK`), and the script unpacks the one whose row is chosen in the list.
    ``clock`` gives the time the run's facts show (its start and end); tests may set both.
    """

    clock: Callable[[], datetime] | None = None
    live_sections: int = LIVE_SECTIONS
    _words: Messages
    _run: RunIndex
    _pack: list[str]

    def begin(self) -> None:
        """Write the head and the page header."""
        self._words = messages(self.options.lang)
        self._run = RunIndex(self.options, self.clock)
        self._pack = []
        self.stream.write(_page_head(self._words, self._words.title))
        self.stream.write("<main>\n")

    def document(self, result: DocumentResult) -> None:
        """Write one document's section (or pack it), and remember its row, counts and CSV."""
        number = len(self._run.documents) + 1
        self._run.add(result, f"#doc-{number}")
        section = document_section(
            result, self._words, f"doc-{number}", verbose=self.options.verbose
        )
        if number <= self.live_sections:
            self.stream.write(section)
            return
        self._pack.append(section)
        if len(self._pack) == PACKED_PER_BLOCK:
            self._write_pack(number)

    def end(self, summary: Summary) -> None:
        """Write the list of documents, the summary above it, the footer and the script."""
        packed = len(self._run.documents) - self.live_sections
        if packed > 0:
            self._write_pack(len(self._run.documents))
            note = self._words.packed_sections.format(
                live=self._words.number(self.live_sections), packed=self._words.number(packed)
            )
            self.stream.write(f'<p class="note">{_text(note)}</p>\n<div id="unpacked"></div>\n')
        self.stream.write("</main>\n")
        self.stream.write(self._run.sections())
        self.stream.write(_page_end(summary, self._words))
        self.stream.flush()

    def _write_pack(self, last: int) -> None:
        if not self._pack:
            return
        data = base64.b64encode(zlib.compress("".join(self._pack).encode("utf-8"), 9))
        self.stream.write(
            f'<script type="application/octet-stream" class="packed-sections" '
            f'data-first="{last - len(self._pack) + 1}" data-count="{len(self._pack)}">'
            f"{data.decode('ascii')}</script>\n"
        )
        self._pack = []


def document_page(
    result: DocumentResult,
    options: ReportOptions,
    index_href: str | None,
    rendering: tuple[str | None, str | None] = (None, None),
) -> str:
    """A whole page reporting one document; ``index_href`` links back to a run's index;
    ``rendering`` is the href of the document's rendering, or why there is none."""
    words = messages(options.lang)
    back = ""
    if index_href is not None:
        back = f'<p><a href="{_attr(index_href)}">{_text(words.back_to_index)}</a></p>\n'
    href, why_not = rendering
    view = ""
    if href is not None:
        view = f'<p><a href="{_attr(href)}">{_text(words.show_invoice)}</a></p>\n'
    elif why_not is not None:
        view = f"<p>{_text(words.no_rendering)}: {_text(why_not)}</p>\n"
    return (
        _page_head(words, f"{words.report_of} {without_surrogates(result.path)}")
        + "<main>\n"
        + document_section(result, words, "doc-1", verbose=options.verbose)
        + view
        + back
        + "</main>\n"
        + _page_end(None, words)
    )


def index_page(run: RunIndex) -> str:
    """A page listing documents whose reports are separate files, with the summary, search,
    sorting, filters and the findings as CSV."""
    words = run.words
    return _page_head(words, words.title) + run.sections() + _page_end(run.tally.summary, words)


def _text(value: str) -> str:
    return escape(value, quote=False)


def _attr(value: str) -> str:
    return escape(value, quote=True)


def _page_head(words: Messages, title: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{words.lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{_text(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f"<header><h1>{_text(title)}</h1>"
        f'<p class="tool">{_text(words.tool)} {_text(tool_version())}</p></header>\n'
    )


def _page_end(summary: Summary | None, words: Messages) -> str:
    footer = ""
    if summary is not None:
        sentence = words.summary.format(
            documents=words.number(summary.documents),
            accepted=words.number(summary.accepted),
            rejected=words.number(summary.rejected),
            errors=words.number(summary.errors),
        )
        footer = f'<footer id="summary"><p>{_text(sentence)}</p></footer>\n'
    return f"{footer}<script>{SCRIPT}</script>\n</body>\n</html>\n"


def _verdict_badge(verdict: Verdict, words: Messages) -> str:
    return f'<span class="verdict {verdict.value}">{_text(words.verdict[verdict])}</span>'


def document_section(
    result: DocumentResult, words: Messages, anchor: str, *, verbose: bool = False
) -> str:
    """The section of one document: verdict and path, facts, findings grouped by severity
    (``verbose``: rule messages with the regular expressions they quote)."""
    out = [
        f'<section class="document" id="{anchor}" data-verdict="{result.verdict.value}">\n'
        f"<h2>{_verdict_badge(result.verdict, words)} "
        f'<span class="path">{_text(without_surrogates(result.path))}</span></h2>\n'
    ]
    out.append(_facts(result, words))
    if result.schematron_skipped:
        out.append(f'<p class="note">{_text(words.schematron_skipped)}</p>\n')
    official = list(result.official_findings)
    ours = list(result.check_findings)
    if not official and result.error is None:
        out.append(f'<p class="muted">{_text(words.no_findings)}</p>\n')
    for severity in Severity:
        group = [f for f in official if f.severity is severity]
        if group:
            out.append(_findings_table(severity, group, words, verbose))
    if result.checks:
        # Our own checks apart from the official findings (DESIGN.md "Official vs our own").
        heading = words.our_checks.format(checks=", ".join(result.checks))
        out.append(f'<section class="checks">\n<h3>{_text(heading)}</h3>\n')
        if not ours:
            out.append(f'<p class="muted">{_text(words.no_check_findings)}</p>\n')
        for severity in Severity:
            group = [f for f in ours if f.severity is severity]
            if group:
                out.append(_findings_table(severity, group, words, verbose))
        out.append("</section>\n")
    out.append("</section>\n")
    return "".join(out)


def _facts(result: DocumentResult, words: Messages) -> str:
    rows: list[tuple[str, str]] = []
    if result.error is not None:
        rows.append((words.error, _text(result.error)))
    if result.scenario is not None or result.error is None:
        rows.append((words.scenario, _text(result.scenario or words.no_scenario)))
    if result.container is not Container.XML:
        rows.append((words.container, _text(result.container.value)))
    if result.specification is not None:
        rows.append((words.specification, f"<code>{_text(result.specification)}</code>"))
    if result.syntax is not None:
        rows.append((words.syntax, _text(result.syntax.value)))
    if result.profile is not None:
        rows.append((words.profile, _text(result.profile)))
    if result.attachment is not None:
        rows.append((words.attachment, f"<code>{_text(result.attachment)}</code>"))
    if result.attachment_choice is not None:
        rows.append((words.why_attachment, _text(result.attachment_choice)))
    if result.envelope is not None:
        parties = words.envelope_parties.format(
            sender=result.envelope.sender or "?", receiver=result.envelope.receiver or "?"
        )
        rows.append((words.envelope, _text(parties)))
    if result.rules:
        items = "".join(
            f"<li>{_text(r.step)}: <code>{_text(r.rules)}</code></li>" for r in result.rules
        )
        rows.append((words.rules, f"<ul>{items}</ul>"))
    body = "".join(f"<dt>{_text(label)}</dt><dd>{value}</dd>\n" for label, value in rows)
    return f'<dl class="facts">\n{body}</dl>\n'


def _findings_table(
    severity: Severity, group: Iterable[Finding], words: Messages, verbose: bool
) -> str:
    findings = list(group)
    heading = f"{words.severity_plural[severity]} ({len(findings)})"
    columns = (
        words.column_rule,
        words.column_terms,
        words.column_message,
        words.column_location,
        words.column_line,
    )
    head = "".join(f"<th>{_text(c)}</th>" for c in columns)
    rows = "".join(_finding_row(f, words, verbose) for f in findings)
    return (
        f'<h3 class="sev-{severity.value}">{_text(heading)}</h3>\n'
        f'<table class="findings sev-table-{severity.value}">\n<thead><tr>{head}</tr></thead>\n'
        f"<tbody>\n{rows}</tbody>\n</table>\n"
    )


def _finding_row(finding: Finding, words: Messages, verbose: bool) -> str:
    terms = ""
    if finding.business_terms:
        values, expected = dict(finding.values), dict(finding.expected)
        items = []
        for term in finding.business_terms:
            name = term_name(term, words.lang)
            label = f" {_text(name)}" if name else ""
            if term in values:
                label += f': <span class="value">{_text(values[term])}</span>'
            if term in expected:
                label += f" ({_text(words.expected)} {_text(expected[term])})"
            items.append(f'<li><span class="term">{_text(term)}</span>{label}</li>')
        terms = f'<ul class="terms">{"".join(items)}</ul>'
    message = _text(shown_message(finding.message, verbose=verbose, hidden=words.regex_hidden))
    if not finding.in_verdict and finding.source is not Source.EINVOICE:
        message += f'<br><span class="outside">({_text(words.outside_verdict)})</span>'
    hint = hint_for(finding.rule, words.lang)
    if hint:
        message += f'<br><span class="hint">{_text(words.hint)}: {_text(hint)}</span>'
    location = ""
    if finding.place is not None:
        missing = "" if finding.place.present else f"{_text(words.missing)} "
        steps = _text(finding.place.path).replace("/", "<wbr>/").removeprefix("<wbr>")
        title = _attr(finding.location or finding.place.path)
        location = f'{missing}<code class="location" title="{title}">{steps}</code>'
    elif finding.location:
        # A break opportunity before each step keeps a long path readable in a narrow column.
        steps = _text(short_location(finding.location)).replace("/", "<wbr>/").removeprefix("<wbr>")
        location = f'<code class="location" title="{_attr(finding.location)}">{steps}</code>'
    line = "" if finding.line is None else str(finding.line)
    return (
        f'<tr><td class="rule sev-{finding.severity.value}">{_text(finding.rule)}</td>'
        f'<td>{terms}</td><td class="message">{message}</td><td>{location}</td>'
        f"<td>{line}</td></tr>\n"
    )
