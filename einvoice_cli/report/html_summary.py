"""The summary that opens the HTML report's index: charts and the facts of the run.

Verdict counts as one stacked bar; the most frequent rules as horizontal bars with their
business terms named in the report's language; the documents per scenario (or profile) and
per container; when the run started, how long it took and which rule packs it used. The
charts are inline SVG drawn here (no library, nothing loaded), coloured by the page's
stylesheet through classes, since the Content-Security-Policy allows no inline style.

Every bar, scenario and container is a button that filters the list of documents
(``data-filter`` and ``data-value``, read by the page's script). The counts are
:class:`~einvoice_cli.batch.tally.BatchSummary`'s; nothing is computed here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from html import escape

from einvoice_cli.batch.tally import BatchSummary, RuleCount
from einvoice_cli.core.verdict import Verdict
from einvoice_cli.model.names import term_name
from einvoice_cli.report.catalogue import Messages

TOP_RULES = 10
"""Rules in the chart of the most frequent ones."""

CSV_FILE_NAME = "einvoice-findings.csv"
"""The name the embedded CSV is saved under."""


def overview_section(
    tally: BatchSummary, finished: datetime, words: Messages, csv_data: str | None
) -> str:
    """The summary section; ``csv_data`` is the embedded CSV (see ``report/csv.py``)."""
    out = ['<section id="overview" aria-labelledby="overview-heading">\n']
    out.append(f'<h2 id="overview-heading">{_text(words.overview)}</h2>\n<div class="cards">\n')
    out.append(_verdicts(tally, words))
    out.append(_containers(tally, words))
    out.append(_run(tally, finished, words, csv_data is not None))
    out.append("</div>\n")
    rules = tally.top_rules(TOP_RULES)
    if rules:
        out.append(_rules(rules, words))
    out.append(_scenarios(tally, words))
    if csv_data is not None:
        out.append(f'<script type="application/octet-stream" id="csv-data">{csv_data}</script>\n')
    out.append("</section>\n")
    return "".join(out)


def _verdicts(tally: BatchSummary, words: Messages) -> str:
    summary = tally.summary
    parts = (
        (Verdict.ACCEPT, summary.accepted),
        (Verdict.REJECT, summary.rejected),
        (Verdict.ERROR, summary.errors),
    )
    label = "; ".join(f"{words.verdict_plural[v]} {words.number(n)}" for v, n in parts)
    bar = _stacked([(f"fill-{v.value}", n) for v, n in parts], summary.documents, label)
    legend = "".join(
        f'<li><button type="button" class="chip" data-filter="verdict" data-value="{v.value}">'
        f'<span class="swatch fill-{v.value}"></span>{_text(words.verdict_plural[v])} '
        f'<span class="count">{words.number(n)}</span></button></li>'
        for v, n in parts
    )
    return (
        f'<div class="card" id="verdict-chart"><h3>{_text(words.verdicts_heading)}</h3>\n'
        f'{bar}\n<ul class="legend">{legend}</ul>\n</div>\n'
    )


def _run(tally: BatchSummary, finished: datetime, words: Messages, with_csv: bool) -> str:
    packs = tally.rule_packs()
    pack_list = (
        "<ul>" + "".join(f"<li><code>{_text(p)}</code></li>" for p in packs) + "</ul>"
        if packs
        else _text(words.none)
    )
    seconds = max(0.0, (finished - tally.started).total_seconds())
    rows = (
        (
            words.started,
            f'<time datetime="{tally.started.isoformat()}">'
            f"{_text(words.moment(tally.started))}</time>",
        ),
        (words.duration, _text(words.span(seconds))),
        (words.documents, words.number(tally.summary.documents)),
        (words.rule_packs, pack_list),
    )
    facts = "".join(f"<dt>{_text(k)}</dt><dd>{v}</dd>" for k, v in rows)
    link = ""
    if with_csv:
        link = (
            f'<p><a id="csv-link" href="#" download="{CSV_FILE_NAME}" hidden>'
            f"{_text(words.download_csv)}</a></p>\n"
        )
    return (
        f'<div class="card" id="run-facts"><h3>{_text(words.run_heading)}</h3>\n'
        f'<dl class="facts">{facts}</dl>\n{link}</div>\n'
    )


def _rules(rules: Sequence[RuleCount], words: Messages) -> str:
    most = max(r.documents for r in rules)
    items = []
    for rule in rules:
        names = "; ".join(
            f"{term} {name}" if (name := term_name(term, words.lang)) else term
            for term in rule.business_terms
        )
        label = f"{rule.rule}: {words.number(rule.documents)} {words.documents}"
        items.append(
            f'<li><button type="button" class="bar-row" data-filter="rule" '
            f'data-value="{_attr(rule.rule)}">'
            f'<span class="rule sev-{rule.severity.value}">{_text(rule.rule)}</span>'
            f'<span class="names">{_text(names)}</span>'
            f"{_stacked([(f'fill-sev-{rule.severity.value}', rule.documents)], most, label)}"
            f'<span class="count">{words.number(rule.documents)}</span></button></li>'
        )
    heading = words.top_rules_heading.format(count=len(rules))
    return (
        f'<div class="card" id="rule-chart"><h3>{_text(heading)}</h3>\n'
        f'<p class="muted">{_text(words.top_rules_note)}</p>\n'
        f'<ol class="bars">{"".join(items)}</ol>\n</div>\n'
    )


def _scenarios(tally: BatchSummary, words: Messages) -> str:
    counts = tally.scenarios()
    most = max((c.documents for c in counts), default=0)
    head = "".join(
        f"<th>{_text(h)}</th>"
        for h in (
            words.column_scenario,
            "",
            words.documents,
            *(words.verdict_plural[v] for v in Verdict),
        )
    )
    rows = []
    for count in counts:
        name = count.scenario if count.scenario is not None else words.no_scenario_short
        parts = [
            ("fill-accept", count.accepted),
            ("fill-reject", count.rejected),
            ("fill-error", count.errors),
        ]
        bar = _stacked(parts, most, f"{name}: {words.number(count.documents)}")
        numbers = "".join(
            f'<td class="num">{words.number(n)}</td>'
            for n in (count.documents, count.accepted, count.rejected, count.errors)
        )
        rows.append(
            f'<tr><td><button type="button" class="link" data-filter="scenario" '
            f'data-value="{_attr(count.scenario or "")}">{_text(name)}</button></td>'
            f'<td class="bar-cell">{bar}</td>{numbers}</tr>\n'
        )
    return (
        f'<div class="card" id="scenario-chart"><h3>{_text(words.scenarios_heading)}</h3>\n'
        f'<table class="breakdown"><thead><tr>{head}</tr></thead>\n<tbody>\n{"".join(rows)}'
        "</tbody></table>\n</div>\n"
    )


def _containers(tally: BatchSummary, words: Messages) -> str:
    counts = tally.containers()
    most = max((c.documents for c in counts), default=0)
    items = "".join(
        f'<li><button type="button" class="bar-row" data-filter="container" '
        f'data-value="{c.container.value}"><span>{_text(words.container_name[c.container])}'
        f"</span>{_stacked([('fill-container', c.documents)], most, words.number(c.documents))}"
        f'<span class="count">{words.number(c.documents)}</span></button></li>'
        for c in counts
    )
    return (
        f'<div class="card" id="container-chart"><h3>{_text(words.containers_heading)}</h3>\n'
        f'<ol class="bars containers">{items}</ol>\n</div>\n'
    )


def _stacked(parts: Sequence[tuple[str, int]], whole: int, label: str) -> str:
    """A horizontal bar of ``parts`` (CSS class, count) scaled so ``whole`` fills it."""
    rects = []
    x = 0.0
    for css, value in parts:
        if value <= 0 or whole <= 0:
            continue
        # A part too small to see still gets a sliver, so no count is drawn as nothing.
        width = max(100.0 * value / whole, 0.6)
        rects.append(
            f'<rect class="{css}" x="{x:.2f}" y="0" width="{width:.2f}" height="10"></rect>'
        )
        x += width
    return (
        '<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" '
        f'aria-label="{_attr(label)}"><rect class="track" x="0" y="0" width="100" height="10">'
        f"</rect>{''.join(rects)}</svg>"
    )


def _text(value: str) -> str:
    return escape(value, quote=False)


def _attr(value: str) -> str:
    return escape(value, quote=True)
