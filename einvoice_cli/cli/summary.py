"""The summary of ``einvoice validate`` on stderr: verdicts, scenarios, most frequent rules.

Rendering only: the counts come from :class:`~einvoice_cli.batch.BatchSummary`. On a terminal
the tables have rules and colour; otherwise they are plain aligned text (no colour, no box
characters) for logs. The one-line summary that follows them is :func:`summary_line`.
"""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table

from einvoice_cli.batch import BatchSummary, RuleCount
from einvoice_cli.core.results import Summary
from einvoice_cli.report.terminal_words import TerminalWords, terminal_words

TOP_RULES = 10


def summary_line(summary: Summary, lang: str = "en") -> str:
    """The one-line summary written to stderr, in ``lang``."""
    return terminal_words(lang).summary_line(summary)


def _table(title: str, terminal: bool) -> Table:
    return Table(
        title=title,
        title_justify="left",
        title_style="bold" if terminal else None,
        box=box.SIMPLE_HEAD if terminal else None,
        header_style="bold" if terminal else None,
        show_edge=False,
        pad_edge=False,
    )


def _terms(rule: RuleCount, lang: str) -> str:
    # Imported here: the term table loads the semantic model (~0.17 s), needed only now.
    from einvoice_cli.model.names import term_name

    named = []
    for term in rule.business_terms:
        name = term_name(term, lang)
        named.append(f"{term} {name}" if name else term)
    return "; ".join(named)


def render_summary(console: Console, tally: BatchSummary, *, terminal: bool, lang: str) -> None:
    """Print the summary tables (business-term names in ``lang``)."""
    words = terminal_words(lang)
    tables = [_verdicts(tally, terminal, words), _scenarios(tally, terminal, words)]
    rules = tally.top_rules(TOP_RULES)
    if rules:
        tables.append(_rules(rules, terminal, lang, words))
    if terminal:
        _print_tables(console, tables)
        return
    # Plain text for logs: the same tables without the padding rich adds to the line ends.
    with console.capture() as captured:
        _print_tables(console, tables)
    console.file.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))


def _print_tables(console: Console, tables: list[Table]) -> None:
    for number, table in enumerate(tables):
        if number:
            console.print()
        console.print(table)


def _verdicts(tally: BatchSummary, terminal: bool, words: TerminalWords) -> Table:
    summary = tally.summary
    table = _table(words.table_verdicts, terminal)
    table.add_column(words.column_verdict)
    table.add_column(words.column_documents, justify="right")
    for label, count, style in (
        (words.accepted, summary.accepted, "green"),
        (words.rejected, summary.rejected, "red"),
        (words.in_error, summary.errors, "magenta"),
    ):
        table.add_row(label, str(count), style=style if terminal and count else None)
    table.add_row(words.with_warnings, str(summary.with_warnings))
    return table


def _scenarios(tally: BatchSummary, terminal: bool, words: TerminalWords) -> Table:
    table = _table(words.table_scenarios, terminal)
    table.add_column(words.column_scenario, justify="left")
    for heading in (words.column_documents, words.accepted, words.rejected, words.in_error):
        table.add_column(heading, justify="right")
    for count in tally.scenarios():
        table.add_row(
            count.scenario or words.none,
            str(count.documents),
            str(count.accepted),
            str(count.rejected),
            str(count.errors),
        )
    return table


def _rules(rules: tuple[RuleCount, ...], terminal: bool, lang: str, words: TerminalWords) -> Table:
    table = _table(words.table_rules.format(top=TOP_RULES), terminal)
    table.add_column(words.column_rule)
    table.add_column(words.column_severity)
    table.add_column(words.column_documents, justify="right")
    table.add_column(words.column_findings, justify="right")
    table.add_column(words.column_terms)
    for rule in rules:
        table.add_row(
            rule.rule,
            words.severity_group[rule.severity] if lang != "en" else rule.severity.value,
            str(rule.documents),
            str(rule.findings),
            _terms(rule, lang),
        )
    return table
