"""The stylesheet the HTML report carries inline, and its Content-Security-Policy (the page has
no other files).

The policy allows exactly the stylesheet and the script (``html_script.py``) by their sha256
and nothing else: no network, no other script, no inline style attribute. So even text from a
document that escaped escaping could not run. The data blocks the script reads (the list of
documents, the CSV) are ``<script>`` elements of a data type, which a browser never runs.
"""

from __future__ import annotations

import base64
import hashlib

from einvoice_cli.report.html_script import SCRIPT

STYLE = """
:root { color-scheme: light; --accept: #17692f; --reject: #b3261e; --error: #6b3fa0;
  --warning: #8a5a00; --information: #1f5f8b; --muted: #5f6368; --line: #dadce0; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 78rem; padding: 1.5rem; display: flex; flex-direction: column;
  gap: 1.25rem; font: 15px/1.45 system-ui, "Segoe UI", "DejaVu Sans", sans-serif; color: #202124; }
body > header { order: -3; }
body > #overview { order: -2; }
body > nav { order: -1; }
h1 { font-size: 1.6rem; margin: 0; }
h2 { font-size: 1.2rem; margin: 0 0 .5rem; overflow-wrap: anywhere; }
h3 { font-size: 1rem; margin: 1rem 0 .35rem; }
.muted, .tool { color: var(--muted); }
.tool { margin: .2rem 0 0; }
[hidden] { display: none !important; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .35rem .5rem;
  border-bottom: 1px solid var(--line); }
th { font-size: .85rem; color: var(--muted); font-weight: 600; }
.verdict { display: inline-block; min-width: 6.5rem; padding: .05rem .5rem; border-radius: .3rem;
  color: #fff; font-weight: 600; text-align: center; }
.verdict.accept { background: var(--accept); }
.verdict.reject { background: var(--reject); }
.verdict.error { background: var(--error); }
.filters { display: flex; flex-wrap: wrap; gap: .5rem 1.25rem; align-items: center;
  margin: .25rem 0 .75rem; border: 0; padding: 0; }
.filters legend { font-weight: 600; padding: 0; margin-right: .5rem; float: left; }
.filters label { cursor: pointer; }
.document { border: 1px solid var(--line); border-radius: .5rem; padding: 1rem 1.25rem; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: .5rem 0; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.facts ul { margin: 0; padding-left: 1.1rem; }
.sev-error { color: var(--reject); }
.sev-warning { color: var(--warning); }
.sev-information { color: var(--information); }
.rule { font-weight: 600; white-space: nowrap; }
.terms { list-style: none; margin: 0; padding: 0; }
.terms li { white-space: nowrap; }
.terms .value { white-space: normal; overflow-wrap: anywhere; font-family: monospace; }
.hint { font-style: italic; }
.term { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .85rem; }
.message { overflow-wrap: anywhere; }
code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .85rem;
  overflow-wrap: anywhere; }
code.location { overflow-wrap: normal; }
.note { border-left: 4px solid var(--warning); padding: .25rem .75rem; background: #fff8e1; }
.outside { font-style: italic; color: var(--muted); }
footer { color: var(--muted); border-top: 1px solid var(--line); padding-top: .5rem; }
button { font: inherit; color: inherit; }
.cards { display: flex; flex-wrap: wrap; gap: 1rem; margin-bottom: 1rem; }
.card { flex: 1 1 18rem; border: 1px solid var(--line); border-radius: .5rem;
  padding: .75rem 1rem; }
#rule-chart, #scenario-chart { margin-bottom: 1rem; }
.card h3 { margin-top: 0; }
.card .facts { margin: 0; }
svg.bar { display: block; width: 100%; height: .9rem; }
#verdict-chart svg.bar { height: 1.6rem; }
svg.bar .track { fill: #f1f3f4; }
.fill-accept { fill: var(--accept); background: var(--accept); }
.fill-reject { fill: var(--reject); background: var(--reject); }
.fill-error { fill: var(--error); background: var(--error); }
.fill-sev-error { fill: var(--reject); }
.fill-sev-warning { fill: var(--warning); }
.fill-container { fill: #5f6368; }
.legend { list-style: none; display: flex; flex-wrap: wrap; gap: .5rem; padding: 0;
  margin: .6rem 0 0; }
.chip { display: inline-flex; align-items: center; gap: .35rem; border: 1px solid var(--line);
  border-radius: 1rem; padding: .1rem .6rem; background: #fff; cursor: pointer; }
.chip.active { background: #e8f0fe; cursor: default; }
.chip .remove { border: 0; background: none; cursor: pointer; padding: 0 .15rem; }
.swatch { display: inline-block; width: .8rem; height: .8rem; border-radius: .15rem; }
.bars { list-style: none; margin: 0; padding: 0; }
.bar-row { display: grid; grid-template-columns: 11rem minmax(8rem, 1fr) minmax(6rem, 14rem) 4rem;
  gap: .75rem; align-items: center; width: 100%; text-align: left; border: 0;
  border-bottom: 1px solid var(--line); background: none; padding: .3rem .25rem; cursor: pointer; }
.containers .bar-row { grid-template-columns: minmax(6rem, 1fr) minmax(4rem, 8rem) 3.5rem; }
.bar-row:hover, .bar-row:focus-visible, .chip:hover, button.link:hover { background: #e8f0fe; }
.bar-row .names { color: var(--muted); font-size: .85rem; overflow-wrap: anywhere; }
.count, .num { text-align: right; font-variant-numeric: tabular-nums; }
.count { font-weight: 600; }
button.link { border: 0; background: none; padding: 0; color: #1a4fa0; text-decoration: underline;
  cursor: pointer; text-align: left; }
.breakdown .bar-cell { width: 18%; min-width: 5rem; }
.breakdown td:first-child { min-width: 12rem; }
.toolbar { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: center; }
.search input { width: 24rem; max-width: 100%; padding: .25rem .5rem; }
.chips { margin: 0; display: flex; gap: .5rem; }
th button { border: 0; background: none; padding: 0; font-weight: 600; color: var(--muted);
  cursor: pointer; }
th[aria-sort="ascending"] button::after { content: " \\25B2"; }
th[aria-sort="descending"] button::after { content: " \\25BC"; }
.index .path { overflow-wrap: anywhere; }
.index .first .rule { margin-right: .4rem; }
.index .first .message, .index .scenario .reason { display: block; font-size: .85rem;
  overflow-wrap: anywhere; }
.index .scenario .reason { color: var(--muted); }
.pager { display: flex; gap: 1rem; align-items: center; }
.document { content-visibility: auto; contain-intrinsic-size: auto 20rem; }
@media print { .filters, .search, .pager, th button::after { display: none !important; }
  .document { break-inside: avoid; } }
""".strip()


def _csp_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


CONTENT_SECURITY_POLICY = (
    f"default-src 'none'; style-src {_csp_hash(STYLE)}; script-src {_csp_hash(SCRIPT)}; "
    "base-uri 'none'; form-action 'none'"
)
"""Allows the inline stylesheet and script above, by hash, and nothing else."""


__all__ = ["CONTENT_SECURITY_POLICY", "SCRIPT", "STYLE"]
