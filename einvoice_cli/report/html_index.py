"""The list of documents on the HTML report's index: its markup and the data the page's script
lists, searches, sorts, filters and pages through.

A run can have 100,000 documents, so the list is not markup per document: each document is one
compact row of JSON in a ``<script type="application/json">`` block (data, never run), and the
script draws one page of rows at a time. Texts that repeat across documents (scenarios, rule
ids, messages, business terms) are stored once in a table and rows refer to them by number,
which keeps both the page and the memory of a long run small.

A row holds what a reader decides on without opening the document: verdict, path and link,
scenario (or why there is none: the message of the scenario step's finding), container, the
counts by severity and the first error (else the first warning) with its rule and message;
and what the search and the filters look at: the rules with an error or warning (as the
summary counts them), the other rules, the business terms and the messages.
"""

from __future__ import annotations

import json
from html import escape

from einvoice_cli.batch.tally import BatchSummary
from einvoice_cli.core.contract import JsonValue
from einvoice_cli.core.findings import Finding, Severity, Source
from einvoice_cli.core.results import DocumentResult
from einvoice_cli.core.verdict import Verdict
from einvoice_cli.model.names import term_name
from einvoice_cli.report.catalogue import Messages

PAGE_SIZE = 100
"""Rows the script shows per page."""

SORT_COLUMNS: tuple[str, ...] = (
    "verdict",
    "document",
    "scenario",
    "first",
    "errors",
    "warnings",
    "information",
)
"""The columns of the list, each sortable; the script knows them by these keys."""


class DocumentIndex:
    """The rows of the list, added one document at a time (see the module docstring)."""

    def __init__(self, words: Messages) -> None:
        self.words = words
        self._numbers: dict[str, int] = {}
        self._strings: list[str] = []
        self._rows: list[list[JsonValue]] = []
        self._names: dict[str, JsonValue] = {}

    def __len__(self) -> int:
        return len(self._rows)

    def add(self, result: DocumentResult, href: str) -> None:
        """Add the row of a document whose report is at ``href``."""
        counts = dict.fromkeys(Severity, 0)
        ranked: dict[str, None] = {}
        others: dict[str, None] = {}
        terms: dict[str, None] = {}
        texts: dict[str, None] = {}
        for finding in result.findings:
            counts[finding.severity] += 1
            target = others if finding.severity is Severity.INFORMATION else ranked
            target.setdefault(finding.rule, None)
            terms.update(dict.fromkeys(finding.business_terms))
            texts.setdefault(finding.message, None)
        for term in terms:
            if term not in self._names:
                self._names[term] = term_name(term, self.words.lang) or ""
        self._rows.append(
            [
                href,
                result.path,
                result.verdict.value,
                self._number(result.scenario),
                self._number(_scenario_reason(result)),
                result.container.value,
                counts[Severity.ERROR],
                counts[Severity.WARNING],
                counts[Severity.INFORMATION],
                self._first(result),
                [self._number(r) for r in ranked],
                [self._number(r) for r in others if r not in ranked],
                [self._number(t) for t in terms],
                [self._number(t) for t in texts],
            ]
        )

    def data(self) -> str:
        """The JSON the script reads, safe inside a ``<script>`` element."""
        words = self.words
        payload: dict[str, JsonValue] = {
            "strings": list[JsonValue](self._strings),
            "rows": list[JsonValue](self._rows),
            "names": self._names,
            "pageSize": PAGE_SIZE,
            "words": {
                "verdict": {v.value: words.verdict[v] for v in Verdict},
                "showing": words.showing,
                "page": words.page,
                "noScenario": words.no_scenario_short,
                "noMatches": words.no_matches,
                "rule": words.filter_rule,
                "scenario": words.filter_scenario,
                "container": words.filter_container,
                "containers": {c.value: n for c, n in words.container_name.items()},
                "clear": words.clear_filter,
            },
        }
        text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        # "<" escaped keeps "</script>" and "<!--" in a document's text from ending the block.
        return text.replace("<", "\\u003c")

    def _number(self, text: str | None) -> int:
        if text is None:
            return -1
        number = self._numbers.get(text)
        if number is None:
            number = self._numbers[text] = len(self._strings)
            self._strings.append(text)
        return number

    def _first(self, result: DocumentResult) -> JsonValue:
        """``[severity, rule, message]`` of the first error, else the first warning; a document
        in error gives why (rule -1)."""
        if result.error is not None:
            return [Severity.ERROR.value, -1, self._number(result.error)]
        for severity in (Severity.ERROR, Severity.WARNING):
            finding = next((f for f in result.findings if f.severity is severity), None)
            if finding is not None:
                return [severity.value, self._number(finding.rule), self._number(finding.message)]
        return None


def _scenario_reason(result: DocumentResult) -> str | None:
    """Why a document has no scenario: the scenario step's own finding says it."""
    if result.scenario is not None:
        return None
    finding: Finding | None = next(
        (f for f in result.findings if f.source is Source.SCENARIO), None
    )
    return finding.message if finding is not None else None


def index_nav(index: DocumentIndex, tally: BatchSummary) -> str:
    """The list of documents: verdict boxes, search, sortable columns, pager and the data."""
    words = index.words
    summary = tally.summary
    counts = {
        Verdict.ACCEPT: summary.accepted,
        Verdict.REJECT: summary.rejected,
        Verdict.ERROR: summary.errors,
    }
    out = [f'<nav id="index" aria-label="{_attr(words.index_label)}">\n']
    out.append(f"<h2>{_text(words.documents)}</h2>\n")
    out.append(
        '<div class="toolbar">\n<fieldset id="filters" class="filters" hidden>\n'
        f"<legend>{_text(words.filter_label)}</legend>\n"
    )
    for verdict in Verdict:
        out.append(
            f'<label><input type="checkbox" data-verdict="{verdict.value}" checked> '
            f"{_text(words.verdict_plural[verdict])} ({words.number(counts[verdict])})</label>\n"
        )
    out.append("</fieldset>\n")
    out.append(
        f'<p id="search-box" class="search" hidden><label for="search">'
        f"{_text(words.search_label)}</label> "
        f'<input type="search" id="search" autocomplete="off" '
        f'placeholder="{_attr(words.search_placeholder)}"></p>\n'
        '<p id="active-filters" class="chips"></p>\n'
        f'<p id="filter-status" class="muted" role="status" '
        f'data-template="{_attr(words.showing)}"></p>\n</div>\n'
    )
    out.append(f'<noscript><p class="note">{_text(words.needs_script)}</p></noscript>\n')
    headings = (
        words.column_verdict,
        words.column_document,
        words.column_scenario,
        words.column_first,
        *(words.severity_plural[s] for s in Severity),
    )
    cells = "".join(
        f'<th aria-sort="none"><button type="button" data-sort="{key}" '
        f'title="{_attr(words.sort_by.format(column=heading))}">{_text(heading)}</button></th>'
        for key, heading in zip(SORT_COLUMNS, headings, strict=True)
    )
    out.append(
        f'<table class="index">\n<thead><tr>{cells}</tr></thead>\n'
        '<tbody id="index-rows"></tbody>\n</table>\n'
        '<p id="pager" class="pager" hidden>'
        f'<button type="button" id="page-previous">{_text(words.previous)}</button> '
        f'<span id="page-status" data-template="{_attr(words.page)}"></span> '
        f'<button type="button" id="page-next">{_text(words.next)}</button></p>\n'
        f'<script type="application/json" id="index-data">{index.data()}</script>\n'
        "</nav>\n"
    )
    return "".join(out)


def _text(value: str) -> str:
    return escape(value, quote=False)


def _attr(value: str) -> str:
    return escape(value, quote=True)
