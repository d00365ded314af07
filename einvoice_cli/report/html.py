"""``--format html``: one self-contained HTML page for a run, and pages for single documents.

The page works offline and alone: stylesheet and filter script are inline (see
:mod:`~einvoice_cli.report.html_assets`), nothing is loaded from elsewhere. Per document it
shows the verdict, the scenario, the rules used (``PACK@VERSION:ARTIFACT``), for PDFs the
profile and which embedded file is the invoice, and the findings grouped by severity: rule id,
business terms with their names in the report's language, the message as the rule words it,
the short location with the full XPath as its title, and the line. An index of all documents
with checkboxes by verdict leads the page. Everything from a document or result is escaped:
documents are untrusted, and a rule message can quote document text.

Sections are written as results arrive; the index (one small entry per document) is written
last and shown first by the stylesheet, so memory does not grow with the findings.
:func:`document_page` and :func:`index_page` serve ``--output-dir`` (``report/files.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

from einvoice_cli.core.findings import Finding, Severity
from einvoice_cli.core.locations import short_location
from einvoice_cli.core.printable import without_surrogates
from einvoice_cli.core.results import Container, DocumentResult, Summary
from einvoice_cli.core.verdict import Verdict
from einvoice_cli.core.version import tool_version
from einvoice_cli.model.names import term_name
from einvoice_cli.report.catalogue import Messages, messages
from einvoice_cli.report.html_assets import CONTENT_SECURITY_POLICY, SCRIPT, STYLE
from einvoice_cli.report.interface import Formatter, ReportOptions


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """One row of the index: a document, its verdict and where its report is."""

    href: str
    """The link to the document's report: ``#doc-3`` on the run page, a file name in a folder."""
    path: str
    verdict: Verdict
    scenario: str | None
    errors: int
    warnings: int
    information: int


def index_entry(result: DocumentResult, href: str) -> IndexEntry:
    """The index row of a document whose report is at ``href``."""
    counts = {severity: 0 for severity in Severity}
    for finding in result.findings:
        counts[finding.severity] += 1
    return IndexEntry(
        href=href,
        path=without_surrogates(result.path),
        verdict=result.verdict,
        scenario=result.scenario,
        errors=counts[Severity.ERROR],
        warnings=counts[Severity.WARNING],
        information=counts[Severity.INFORMATION],
    )


class HtmlFormatter(Formatter):
    """Writes the run as one HTML page: header, document sections, index, summary."""

    _entries: list[IndexEntry]
    _words: Messages

    def begin(self) -> None:
        """Write the head and the page header."""
        self._words = messages(self.options.lang)
        self._entries = []
        self.stream.write(_page_head(self._words, self._words.title))
        self.stream.write("<main>\n")

    def document(self, result: DocumentResult) -> None:
        """Write one document's section."""
        anchor = f"doc-{len(self._entries) + 1}"
        self._entries.append(index_entry(result, f"#{anchor}"))
        self.stream.write(document_section(result, self._words, anchor))

    def end(self, summary: Summary) -> None:
        """Write the index with its filter, the summary and the script."""
        self.stream.write("</main>\n")
        self.stream.write(_index_nav(self._entries, self._words))
        self.stream.write(_page_end(summary, self._words))
        self._entries = []
        self.stream.flush()


def document_page(result: DocumentResult, options: ReportOptions, index_href: str | None) -> str:
    """A whole page reporting one document; ``index_href`` links back to a run's index."""
    words = messages(options.lang)
    back = ""
    if index_href is not None:
        back = f'<p><a href="{_attr(index_href)}">{_text(words.back_to_index)}</a></p>\n'
    return (
        _page_head(words, f"{words.report_of} {without_surrogates(result.path)}")
        + "<main>\n"
        + document_section(result, words, "doc-1")
        + back
        + "</main>\n"
        + _page_end(None, words)
    )


def index_page(entries: Sequence[IndexEntry], summary: Summary, options: ReportOptions) -> str:
    """A page listing documents whose reports are separate files, with the verdict filter."""
    words = messages(options.lang)
    return _page_head(words, words.title) + _index_nav(entries, words) + _page_end(summary, words)


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
            documents=summary.documents,
            accepted=summary.accepted,
            rejected=summary.rejected,
            errors=summary.errors,
        )
        footer = f'<footer id="summary"><p>{_text(sentence)}</p></footer>\n'
    return f"{footer}<script>{SCRIPT}</script>\n</body>\n</html>\n"


def _index_nav(entries: Sequence[IndexEntry], words: Messages) -> str:
    out = [f'<nav id="index" aria-label="{_attr(words.index_label)}">\n']
    out.append(f"<h2>{_text(words.documents)}</h2>\n")
    out.append(
        '<fieldset id="filters" class="filters" hidden>\n'
        f"<legend>{_text(words.filter_label)}</legend>\n"
    )
    for verdict in Verdict:
        count = sum(1 for e in entries if e.verdict is verdict)
        out.append(
            f'<label><input type="checkbox" data-verdict="{verdict.value}" checked> '
            f"{_text(words.verdict_plural[verdict])} ({count})</label>\n"
        )
    out.append(
        f'<span id="filter-status" class="muted" role="status" '
        f'data-template="{_attr(words.showing)}"></span>\n</fieldset>\n'
    )
    out.append(
        '<table class="index">\n<thead><tr>'
        f"<th>{_text(words.column_verdict)}</th><th>{_text(words.column_document)}</th>"
        f"<th>{_text(words.column_scenario)}</th>"
        + "".join(f"<th>{_text(words.severity_plural[s])}</th>" for s in Severity)
        + "</tr></thead>\n<tbody>\n"
    )
    for entry in entries:
        out.append(
            f'<tr data-verdict="{entry.verdict.value}">'
            f"<td>{_verdict_badge(entry.verdict, words)}</td>"
            f'<td><a href="{_attr(entry.href)}">{_text(entry.path)}</a></td>'
            f"<td>{_text(entry.scenario or '')}</td>"
            f"<td>{entry.errors}</td><td>{entry.warnings}</td><td>{entry.information}</td></tr>\n"
        )
    out.append("</tbody>\n</table>\n</nav>\n")
    return "".join(out)


def _verdict_badge(verdict: Verdict, words: Messages) -> str:
    return f'<span class="verdict {verdict.value}">{_text(words.verdict[verdict])}</span>'


def document_section(result: DocumentResult, words: Messages, anchor: str) -> str:
    """The section of one document: verdict and path, facts, findings grouped by severity."""
    out = [
        f'<section class="document" id="{anchor}" data-verdict="{result.verdict.value}">\n'
        f"<h2>{_verdict_badge(result.verdict, words)} "
        f'<span class="path">{_text(without_surrogates(result.path))}</span></h2>\n'
    ]
    out.append(_facts(result, words))
    if result.schematron_skipped:
        out.append(f'<p class="note">{_text(words.schematron_skipped)}</p>\n')
    if not result.findings and result.error is None:
        out.append(f'<p class="muted">{_text(words.no_findings)}</p>\n')
    for severity in Severity:
        group = [f for f in result.findings if f.severity is severity]
        if group:
            out.append(_findings_table(severity, group, words))
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
    if result.rules:
        items = "".join(
            f"<li>{_text(r.step)}: <code>{_text(r.rules)}</code></li>" for r in result.rules
        )
        rows.append((words.rules, f"<ul>{items}</ul>"))
    body = "".join(f"<dt>{_text(label)}</dt><dd>{value}</dd>\n" for label, value in rows)
    return f'<dl class="facts">\n{body}</dl>\n'


def _findings_table(severity: Severity, group: Iterable[Finding], words: Messages) -> str:
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
    rows = "".join(_finding_row(f, words) for f in findings)
    return (
        f'<h3 class="sev-{severity.value}">{_text(heading)}</h3>\n'
        f'<table class="findings sev-table-{severity.value}">\n<thead><tr>{head}</tr></thead>\n'
        f"<tbody>\n{rows}</tbody>\n</table>\n"
    )


def _finding_row(finding: Finding, words: Messages) -> str:
    terms = ""
    if finding.business_terms:
        items = []
        for term in finding.business_terms:
            name = term_name(term, words.lang)
            label = f" {_text(name)}" if name else ""
            items.append(f'<li><span class="term">{_text(term)}</span>{label}</li>')
        terms = f'<ul class="terms">{"".join(items)}</ul>'
    message = _text(finding.message)
    if not finding.in_verdict:
        message += f'<br><span class="outside">({_text(words.outside_verdict)})</span>'
    location = ""
    if finding.location:
        # A break opportunity before each step keeps a long path readable in a narrow column.
        steps = _text(short_location(finding.location)).replace("/", "<wbr>/").removeprefix("<wbr>")
        location = f'<code class="location" title="{_attr(finding.location)}">{steps}</code>'
    line = "" if finding.line is None else str(finding.line)
    return (
        f'<tr><td class="rule sev-{finding.severity.value}">{_text(finding.rule)}</td>'
        f'<td>{terms}</td><td class="message">{message}</td><td>{location}</td>'
        f"<td>{line}</td></tr>\n"
    )
