"""The stylesheet and the filter script the HTML report carries inline (it has no other files).

The page's Content-Security-Policy allows exactly these two by their sha256 and nothing else:
no network, no other script. So even text from a document that escaped escaping could not run.
The script only shows and hides what is already on the page; without it everything is shown.
"""

from __future__ import annotations

import base64
import hashlib

STYLE = """
:root { color-scheme: light; --accept: #17692f; --reject: #b3261e; --error: #6b3fa0;
  --warning: #8a5a00; --information: #1f5f8b; --muted: #5f6368; --line: #dadce0; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 78rem; padding: 1.5rem; display: flex; flex-direction: column;
  gap: 1.25rem; font: 15px/1.45 system-ui, "Segoe UI", "DejaVu Sans", sans-serif; color: #202124; }
body > header { order: -2; }
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
@media print { .filters { display: none !important; } .document { break-inside: avoid; } }
""".strip()

SCRIPT = """
(function () {
  "use strict";
  var filters = document.getElementById("filters");
  var status = document.getElementById("filter-status");
  if (!filters || !status) { return; }
  var boxes = Array.prototype.slice.call(filters.querySelectorAll("input[data-verdict]"));
  var items = Array.prototype.slice.call(document.querySelectorAll("[data-verdict]:not(input)"));
  var template = status.getAttribute("data-template") || "";
  var wanted = new URLSearchParams(window.location.search).get("verdict");
  if (wanted !== null) {
    var chosen = wanted.split(",");
    boxes.forEach(function (box) {
      box.checked = chosen.indexOf(box.getAttribute("data-verdict")) !== -1;
    });
  }
  function apply() {
    var shown = {};
    boxes.forEach(function (box) { shown[box.getAttribute("data-verdict")] = box.checked; });
    var total = 0;
    var visible = 0;
    items.forEach(function (item) {
      var on = shown[item.getAttribute("data-verdict")] === true;
      item.hidden = !on;
      if (item.tagName === "TR") {
        total += 1;
        if (on) { visible += 1; }
      }
    });
    status.textContent = template.replace("{shown}", String(visible))
      .replace("{total}", String(total));
  }
  boxes.forEach(function (box) { box.addEventListener("change", apply); });
  filters.hidden = false;
  apply();
})();
""".strip()


def _csp_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


CONTENT_SECURITY_POLICY = (
    f"default-src 'none'; style-src {_csp_hash(STYLE)}; script-src {_csp_hash(SCRIPT)}; "
    "base-uri 'none'; form-action 'none'"
)
"""Allows the inline stylesheet and script above, by hash, and nothing else."""
