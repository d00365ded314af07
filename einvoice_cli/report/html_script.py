"""The script of the HTML report: the list of documents with search, sorting, filters and pages,
and the download of the embedded CSV.

It reads the list's data (``html_index.py``) and draws one page of rows at a time with DOM
methods and ``textContent`` only, so no text from a document is ever parsed as markup. The
filters are the verdict boxes, a rule, a scenario or a container chosen in the summary
(``data-filter``/``data-value``, ``html_summary.py``) and the search words, which must all occur
in a document's path, scenario, rule ids, business terms (ids and names) or messages. Each can
start from the page's address (``?verdict=reject&rule=BR-DE-15&scenario=...&container=pdf&q=``),
so a link can carry a filtered view. On the single-page report the document sections follow
the list's filter; the sections past the first ones (``html.py``'s ``live_sections``) come
packed, and the one whose row is chosen is unpacked into the page.

The page's Content-Security-Policy allows this script by its hash (``html_assets.py``).
"""

from __future__ import annotations

SCRIPT = """
(function () {
  "use strict";
  var source = document.getElementById("index-data");
  var body = document.getElementById("index-rows");
  if (!source || !body) { return; }
  var data = JSON.parse(source.textContent);
  var S = data.strings, W = data.words, names = data.names, PAGE = data.pageSize;
  var lang = document.documentElement.lang || "en";
  var numbers = new Intl.NumberFormat(lang);
  var collator = new Intl.Collator(lang, {numeric: true, sensitivity: "base"});
  var RANK = {error: 0, reject: 1, accept: 2};
  var NUMERIC = {errors: 6, warnings: 7, information: 8};
  function str(i) { return i < 0 ? "" : S[i]; }
  function fmt(n) { return numbers.format(n); }
  var rows = data.rows.map(function (r, n) {
    return {n: n, r: r, verdict: r[2], scenario: r[3] < 0 ? null : S[r[3]],
      rules: r[10].map(str), path: null};
  });
  // The search looks at each distinct text once: a word is compiled into the set of texts
  // (by number) that contain it, and a row matches when its path or one of its texts does.
  var lowered = null;
  function compile(word) {
    if (lowered === null) {
      lowered = S.map(function (text) {
        var name = Object.prototype.hasOwnProperty.call(names, text) ? " " + names[text] : "";
        return (text + name).toLocaleLowerCase(lang);
      });
    }
    var hit = new Uint8Array(S.length);
    for (var i = 0; i < lowered.length; i += 1) {
      if (lowered[i].indexOf(word) !== -1) { hit[i] = 1; }
    }
    return {word: word, hit: hit};
  }
  function refers(row, hit) {
    var r = row.r;
    if ((r[3] >= 0 && hit[r[3]]) || (r[4] >= 0 && hit[r[4]])) { return true; }
    if (r[9] && ((r[9][1] >= 0 && hit[r[9][1]]) || hit[r[9][2]])) { return true; }
    for (var k = 10; k <= 13; k += 1) {
      for (var j = 0; j < r[k].length; j += 1) { if (hit[r[k][j]]) { return true; } }
    }
    return false;
  }
  var state = {verdicts: {accept: true, reject: true, error: true}, rule: null,
    scenario: null, container: null, words: [], sort: null, dir: 1, page: 0};
  var ordered = rows.slice();
  var boxes = Array.prototype.slice.call(document.querySelectorAll("#filters input[data-verdict]"));
  var search = document.getElementById("search");
  var status = document.getElementById("filter-status");
  var chips = document.getElementById("active-filters");
  var pager = document.getElementById("pager");
  var pageStatus = document.getElementById("page-status");
  // The single page's sections, in list order: the first ones as markup, the rest packed.
  var sections = Array.prototype.slice.call(document.querySelectorAll("main > section.document"));
  if (sections.length > rows.length) { sections = []; }
  var sectionShown = sections.map(function () { return true; });

  function setQuery(text) {
    state.words = text.toLocaleLowerCase(lang).split(/\\s+/).filter(Boolean).map(compile);
  }
  function matches(row) {
    if (!state.verdicts[row.verdict]) { return false; }
    if (state.rule !== null && row.rules.indexOf(state.rule) === -1) { return false; }
    if (state.scenario !== null && (row.scenario || "") !== state.scenario) { return false; }
    if (state.container !== null && row.r[5] !== state.container) { return false; }
    for (var i = 0; i < state.words.length; i += 1) {
      if (row.path === null) { row.path = row.r[1].toLocaleLowerCase(lang); }
      if (row.path.indexOf(state.words[i].word) === -1 && !refers(row, state.words[i].hit)) {
        return false;
      }
    }
    return true;
  }
  function key(row, column) {
    var r = row.r;
    if (column === "verdict") { return RANK[r[2]]; }
    if (column === "document") { return r[1]; }
    if (column === "scenario") {
      return row.scenario !== null ? row.scenario : "\\uffff" + str(r[4]);
    }
    if (column === "first") { return r[9] ? str(r[9][1]) || "\\uffff" : "\\uffff\\uffff"; }
    return r[NUMERIC[column]];
  }
  function sortRows() {
    if (state.sort === null) { ordered = rows.slice(); return; }
    var column = state.sort, dir = state.dir;
    var keys = rows.map(function (row) { return key(row, column); });
    ordered = rows.slice().sort(function (a, b) {
      var x = keys[a.n], y = keys[b.n];
      var c = typeof x === "number" ? x - y : collator.compare(x, y);
      return c !== 0 ? c * dir : a.n - b.n;
    });
  }
  function element(tag, className, text) {
    var e = document.createElement(tag);
    if (className) { e.className = className; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function rowElement(row) {
    var r = row.r;
    var tr = element("tr");
    tr.setAttribute("data-verdict", r[2]);
    tr.appendChild(element("td")).appendChild(element("span", "verdict " + r[2], W.verdict[r[2]]));
    var link = element("a", "", r[1]);
    link.href = r[0];
    tr.appendChild(element("td", "path")).appendChild(link);
    var scenario = tr.appendChild(element("td", "scenario"));
    if (row.scenario !== null) {
      scenario.textContent = row.scenario;
    } else if (r[4] >= 0) {
      scenario.appendChild(element("span", "none", W.noScenario));
      scenario.appendChild(element("span", "reason", str(r[4])));
    }
    var first = tr.appendChild(element("td", "first"));
    if (r[9]) {
      if (r[9][1] >= 0) { first.appendChild(element("span", "rule sev-" + r[9][0], str(r[9][1]))); }
      first.appendChild(element("span", "message", str(r[9][2])));
    }
    [6, 7, 8].forEach(function (i) { tr.appendChild(element("td", "num", fmt(r[i]))); });
    return tr;
  }
  function chip(template, value, clear) {
    var item = element("span", "chip active", template.replace("{value}", value) + " ");
    var remove = element("button", "remove", "\\u00d7");
    remove.type = "button";
    remove.title = W.clear;
    remove.setAttribute("aria-label", W.clear);
    remove.addEventListener("click", function () { clear(); state.page = 0; render(); });
    item.appendChild(remove);
    chips.appendChild(item);
  }
  function showChips() {
    chips.textContent = "";
    if (state.rule !== null) { chip(W.rule, state.rule, function () { state.rule = null; }); }
    if (state.scenario !== null) {
      chip(W.scenario, state.scenario || W.noScenario, function () { state.scenario = null; });
    }
    if (state.container !== null) {
      chip(W.container, W.containers[state.container] || state.container,
        function () { state.container = null; });
    }
  }
  function render() {
    var chosen = ordered.filter(matches);
    var pages = Math.max(1, Math.ceil(chosen.length / PAGE));
    state.page = Math.min(state.page, pages - 1);
    var fragment = document.createDocumentFragment();
    chosen.slice(state.page * PAGE, (state.page + 1) * PAGE).forEach(function (row) {
      fragment.appendChild(rowElement(row));
    });
    if (!chosen.length) {
      var empty = element("td", "muted", W.noMatches);
      empty.colSpan = 7;
      fragment.appendChild(element("tr")).appendChild(empty);
    }
    body.textContent = "";
    body.appendChild(fragment);
    status.textContent = W.showing.replace("{shown}", fmt(chosen.length))
      .replace("{total}", fmt(rows.length));
    pager.hidden = pages < 2;
    pageStatus.textContent = pageStatus.getAttribute("data-template")
      .replace("{page}", fmt(state.page + 1)).replace("{pages}", fmt(pages));
    document.getElementById("page-previous").disabled = state.page === 0;
    document.getElementById("page-next").disabled = state.page >= pages - 1;
    showChips();
    if (sections.length) {
      var wanted = sections.map(function () { return false; });
      chosen.forEach(function (row) { if (row.n < wanted.length) { wanted[row.n] = true; } });
      sections.forEach(function (section, i) {
        if (sectionShown[i] !== wanted[i]) {
          section.hidden = !wanted[i];
          sectionShown[i] = wanted[i];
        }
      });
    }
  }
  function rerender() { state.page = 0; render(); }

  var query = new URLSearchParams(window.location.search);
  if (query.get("verdict") !== null) {
    var chosenVerdicts = query.get("verdict").split(",");
    boxes.forEach(function (box) {
      box.checked = chosenVerdicts.indexOf(box.getAttribute("data-verdict")) !== -1;
    });
  }
  state.rule = query.get("rule");
  state.scenario = query.get("scenario");
  state.container = query.get("container");
  if (query.get("q") !== null && search) { search.value = query.get("q"); }
  function readBoxes() {
    boxes.forEach(function (box) {
      state.verdicts[box.getAttribute("data-verdict")] = box.checked;
    });
  }
  boxes.forEach(function (box) {
    box.addEventListener("change", function () { readBoxes(); rerender(); });
  });
  var typing = null;
  if (search) {
    setQuery(search.value);
    search.addEventListener("input", function () {
      clearTimeout(typing);
      typing = setTimeout(function () { setQuery(search.value); rerender(); }, 120);
    });
  }
  var sorters = document.querySelectorAll("th button[data-sort]");
  Array.prototype.forEach.call(sorters, function (button) {
    button.addEventListener("click", function () {
      var column = button.getAttribute("data-sort");
      if (state.sort === column) { state.dir = -state.dir; } else {
        state.sort = column;
        state.dir = NUMERIC[column] !== undefined ? -1 : 1;
      }
      Array.prototype.forEach.call(document.querySelectorAll("th[aria-sort]"), function (th) {
        th.setAttribute("aria-sort", "none");
      });
      button.parentNode.setAttribute("aria-sort", state.dir > 0 ? "ascending" : "descending");
      sortRows();
      rerender();
    });
  });
  document.getElementById("page-previous").addEventListener("click", function () {
    state.page -= 1; render();
  });
  document.getElementById("page-next").addEventListener("click", function () {
    state.page += 1; render();
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-filter]"), function (button) {
    button.addEventListener("click", function () {
      var kind = button.getAttribute("data-filter"), value = button.getAttribute("data-value");
      if (kind === "verdict") {
        boxes.forEach(function (box) { box.checked = box.getAttribute("data-verdict") === value; });
        readBoxes();
      } else { state[kind] = value; }
      rerender();
      document.getElementById("index").scrollIntoView();
    });
  });

  // Packed data (the CSV, the sections of a long run): zlib, base64; inflated on demand.
  function inflate(encoded) {
    var text = atob(encoded.trim());
    var bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i += 1) { bytes[i] = text.charCodeAt(i); }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
    return new Response(stream).blob();
  }
  var canInflate = typeof DecompressionStream === "function";
  var link = document.getElementById("csv-link");
  var packed = document.getElementById("csv-data");
  if (link && packed && canInflate) {
    var ready = false;
    link.addEventListener("click", function (event) {
      if (ready) { return; }
      event.preventDefault();
      inflate(packed.textContent).then(function (blob) {
        link.href = URL.createObjectURL(new Blob([blob], {type: "text/csv;charset=utf-8"}));
        ready = true;
        link.click();
      });
    });
    link.hidden = false;
  }
  // A section past the first ones is unpacked into the page when its row is chosen.
  var shelf = document.getElementById("unpacked");
  var blocks = Array.prototype.slice.call(document.querySelectorAll("script.packed-sections"));
  function unpack(number) {
    var block = blocks.filter(function (b) {
      var first = Number(b.getAttribute("data-first"));
      return first <= number && number < first + Number(b.getAttribute("data-count"));
    })[0];
    if (!block || !shelf || !canInflate) { return; }
    inflate(block.textContent).then(function (blob) { return blob.text(); }).then(function (html) {
      var holder = document.createElement("template");
      holder.innerHTML = html;
      var section = holder.content.getElementById("doc-" + number);
      if (!section) { return; }
      shelf.textContent = "";
      shelf.appendChild(section);
      section.scrollIntoView();
    });
  }
  body.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("a") : null;
    var href = target ? target.getAttribute("href") || "" : "";
    if (href.indexOf("#doc-") === 0 && !document.getElementById(href.slice(1))) {
      event.preventDefault();
      unpack(Number(href.slice(5)));
    }
  });

  readBoxes();
  document.getElementById("filters").hidden = false;
  if (search) { document.getElementById("search-box").hidden = false; }
  render();
})();
""".strip()
"""The script itself (see the module docstring)."""
