"""The web page of ``einvoice serve`` (``GET /``): drop invoices, read their verdicts.

One self-contained HTML document: its style and script are inline and it loads nothing else,
so it works offline and under a Content-Security-Policy that allows only this server. The
script sends the chosen files to ``/api/v1/validate`` (multipart, JSON contract) and shows per
document the verdict, the findings grouped by severity with the business terms' names, and a
link that saves the document's report (JSON) from memory: nothing is stored on the server.
The page's words are German and English (the verdict and severity names are the HTML report's,
``report/catalogue.py``); the business-term names are ``model/names.py``'s.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from einvoice_cli.core.languages import LANGUAGES
from einvoice_cli.model.names import TERM_NAMES
from einvoice_cli.report.catalogue import messages

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'"
)
"""The page may talk to this server only, and load nothing."""


@dataclass(frozen=True, slots=True)
class PageWords:
    """The page's own words in one language."""

    title: str
    intro: str
    choose: str
    drop: str
    working: str
    token: str
    token_needed: str
    failed: str
    scenario: str
    no_scenario: str
    error: str
    no_findings: str
    outside_verdict: str
    download: str
    terms: str
    location: str
    line: str
    stored: str


WORDS = {
    "en": PageWords(
        title="Validate e-invoices",
        intro=(
            "Choose or drop one or more invoices (XML or PDF): each is validated with the "
            "official rules (XRechnung, EN 16931, Peppol BIS, ZUGFeRD/Factur-X)."
        ),
        choose="Choose invoices",
        drop="or drop them here",
        working="Validating…",
        token="Access token",
        token_needed="This service needs an access token.",
        failed="The service could not validate the files",
        scenario="Scenario",
        no_scenario="No scenario matches this document",
        error="Why it could not be validated",
        no_findings="No findings.",
        outside_verdict="outside the verdict",
        download="Download the report (JSON)",
        terms="Business terms",
        location="Location",
        line="line",
        stored="Nothing is stored: the files go to the validator and the answer comes back.",
    ),
    "de": PageWords(
        title="E-Rechnungen prüfen",
        intro=(
            "Wählen Sie eine oder mehrere Rechnungen (XML oder PDF) oder ziehen Sie sie hierher: "
            "jede wird mit den offiziellen Regeln geprüft (XRechnung, EN 16931, Peppol BIS, "
            "ZUGFeRD/Factur-X)."
        ),
        choose="Rechnungen auswählen",
        drop="oder hier ablegen",
        working="Wird geprüft…",
        token="Zugangsschlüssel",
        token_needed="Dieser Dienst verlangt einen Zugangsschlüssel.",
        failed="Der Dienst konnte die Dateien nicht prüfen",
        scenario="Szenario",
        no_scenario="Kein Szenario passt zu diesem Dokument",
        error="Warum es nicht geprüft werden konnte",
        no_findings="Keine Meldungen.",
        outside_verdict="nicht Teil des Ergebnisses",
        download="Bericht herunterladen (JSON)",
        terms="Geschäftsbegriffe",
        location="Stelle",
        line="Zeile",
        stored="Nichts wird gespeichert: die Dateien gehen zur Prüfung, die Antwort kommt zurück.",
    ),
}
"""The page's words by language (the keys are :data:`~einvoice_cli.core.languages.LANGUAGES`)."""


def _page_data() -> dict[str, object]:
    languages: dict[str, object] = {}
    for lang in LANGUAGES:
        report = messages(lang)
        languages[lang] = {
            **asdict(WORDS[lang]),
            "verdict": {k.value: v for k, v in report.verdict.items()},
            "severity": {k.value: v for k, v in report.severity_plural.items()},
        }
    terms = {term: {"en": name.en, "de": name.de} for term, name in TERM_NAMES.items()}
    return {"languages": languages, "terms": terms}


def render_page() -> str:
    """The page, ready to serve."""
    data = json.dumps(_page_data(), ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    return _TEMPLATE.replace("@DATA@", data)


_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>einvoice-cli</title>
<style>
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem;
  color: #1d1d1f; }
header { display: flex; justify-content: space-between; align-items: baseline; }
#lang button { border: 1px solid #888; background: #fff; padding: .2rem .5rem; cursor: pointer; }
#lang button[aria-pressed=true] { background: #1d1d1f; color: #fff; }
#drop { border: 2px dashed #888; border-radius: .5rem; padding: 2rem; text-align: center; }
#drop.over { background: #eef4ff; border-color: #2456c8; }
#status { min-height: 1.5em; }
section.document { border: 1px solid #ccc; border-radius: .5rem; padding: .5rem 1rem;
  margin: 1rem 0; }
.verdict { font-weight: bold; padding: .1rem .5rem; border-radius: .3rem; color: #fff; }
.verdict.accept { background: #1b7f3b; } .verdict.reject { background: #b3261e; }
.verdict.error { background: #6b6b6b; }
h2 { font-size: 1.1rem; } h3 { font-size: 1rem; margin-bottom: .2rem; }
li.finding { margin: .3rem 0; } .rule { font-family: monospace; font-weight: bold; }
.terms, .where { color: #555; font-size: .9em; } .outside { font-style: italic; color: #8a5a00; }
</style>
</head>
<body>
<header><h1 id="title"></h1>
<div id="lang"><button type="button" data-lang="de">Deutsch</button>
<button type="button" data-lang="en">English</button></div></header>
<p id="intro"></p>
<div id="drop"><label><input id="files" type="file" multiple
accept=".xml,.pdf,application/xml,application/pdf">
<span id="choose"></span></label> <span id="drop-hint"></span></div>
<p id="stored"></p>
<p id="token-row" hidden><label><span id="token-label"></span>
<input id="token" type="password" autocomplete="off"></label></p>
<p id="status" role="status"></p>
<main id="results"></main>
<script type="application/json" id="page-data">@DATA@</script>
<script>
"use strict";
const DATA = JSON.parse(document.getElementById("page-data").textContent);
const params = new URLSearchParams(location.search);
let lang = params.get("lang") || ((navigator.language || "en").startsWith("de") ? "de" : "en");
if (!(lang in DATA.languages)) lang = "en";
let lastAnswer = null;
const $ = (id) => document.getElementById(id);
const el = (tag, attrs, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  for (const child of children) node.append(child);
  return node;
};
function words() { return DATA.languages[lang]; }
function applyWords() {
  const w = words();
  document.documentElement.lang = lang;
  $("title").textContent = w.title; $("intro").textContent = w.intro;
  $("choose").textContent = w.choose; $("drop-hint").textContent = w.drop;
  $("stored").textContent = w.stored; $("token-label").textContent = w.token + " ";
  for (const b of document.querySelectorAll("#lang button"))
    b.setAttribute("aria-pressed", String(b.dataset.lang === lang));
  if (lastAnswer) show(lastAnswer);
}
function termName(term) {
  const names = DATA.terms[term];
  return names ? term + " " + names[lang] : term;
}
function shortLocation(location) {
  // As the HTML report shows it: element names without their namespace tests, no [1].
  return location.replace(/\\*:([\\w.-]+)\\[namespace-uri\\(\\)='[^']*'\\]/g, "$1")
    .replace(/\\[1\\]/g, "");
}
function show(answer) {
  const w = words();
  const results = $("results");
  results.replaceChildren();
  answer.documents.forEach((doc, index) => {
    const section = el("section", {class: "document", id: "doc-" + (index + 1)});
    section.append(el("h2", {}, el("span", {class: "verdict " + doc.verdict},
      w.verdict[doc.verdict]), " ", el("span", {class: "name"}, doc.path)));
    section.append(el("p", {class: "scenario"},
      doc.scenario ? w.scenario + ": " + doc.scenario : w.no_scenario));
    if (doc.error) section.append(el("p", {class: "error"}, w.error + ": " + doc.error));
    if (!doc.findings.length && !doc.error)
      section.append(el("p", {class: "none"}, w.no_findings));
    for (const severity of ["error", "warning", "information"]) {
      const found = doc.findings.filter((f) => f.severity === severity);
      if (!found.length) continue;
      section.append(el("h3", {class: "severity " + severity},
        w.severity[severity] + " (" + found.length + ")"));
      const list = el("ul", {class: "findings " + severity});
      for (const f of found) {
        const item = el("li", {class: "finding"}, el("span", {class: "rule"}, f.rule), " ",
          el("span", {class: "message"}, f.message));
        if (f.business_terms.length)
          item.append(el("div", {class: "terms"},
            w.terms + ": " + f.business_terms.map(termName).join(" · ")));
        if (f.location)
          item.append(el("div", {class: "where", title: f.location}, w.location + ": " +
            shortLocation(f.location) + (f.line ? " (" + w.line + " " + f.line + ")" : "")));
        if (f.in_verdict === false)
          item.append(el("div", {class: "outside"}, w.outside_verdict));
        list.append(item);
      }
      section.append(list);
    }
    const report = {tool: answer.tool, documents: [doc]};
    const blob = new Blob([JSON.stringify(report, null, 2)], {type: "application/json"});
    section.append(el("p", {}, el("a", {class: "download", href: URL.createObjectURL(blob),
      download: doc.path.replace(/[^\\w.-]+/g, "_") + "-report.json"}, w.download)));
    results.append(section);
  });
}
async function validate(files) {
  if (!files.length) return;
  const w = words();
  const form = new FormData();
  for (const file of files) form.append("file", file, file.name);
  const headers = {};
  if ($("token").value) headers["Authorization"] = "Bearer " + $("token").value;
  $("status").textContent = w.working;
  try {
    const response = await fetch("api/v1/validate?format=json&lang=" + lang,
      {method: "POST", body: form, headers});
    if (response.status === 401) {
      $("token-row").hidden = false;
      $("status").textContent = w.token_needed;
      return;
    }
    const text = await response.text();
    if (!(response.headers.get("content-type") || "").startsWith("application/json"))
      throw new Error(response.status + " " + text);
    lastAnswer = JSON.parse(text);
    $("status").textContent = "";
    show(lastAnswer);
  } catch (error) {
    $("status").textContent = w.failed + ": " + error.message;
  }
}
$("files").addEventListener("change", (e) => validate([...e.target.files]));
const drop = $("drop");
drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => {
  e.preventDefault(); drop.classList.remove("over"); validate([...e.dataTransfer.files]);
});
for (const b of document.querySelectorAll("#lang button"))
  b.addEventListener("click", () => { lang = b.dataset.lang; applyWords(); });
applyWords();
</script>
</body>
</html>
"""
