"""How the HTML report scales: file size per document, and how fast Chromium opens, filters,
searches and sorts a report of up to 100,000 documents.

Not a test, and not run by CI: run it by hand. The documents are the 300 corpus documents of
``scripts.html_screenshot.batch_300``, validated once and repeated under numbered folders
(``copy-00042/corpus/...``) to --documents each, so every report holds real results. For each
size it writes two pages and measures both, side by side:

(a) ``--format html``: the run as one page, every document's section included;
(b) the ``index.html`` of ``--output-dir DIR --report-format html``: summary and list only
    (each document's section is its own file there).

Figures per page: render time (Python, in this process), bytes in all and per document, and
how much of it is the list's data and the embedded CSV; then, in headless Chromium driven
through chromedriver (``scripts/webdriver.py``): time to open the file until its script has
drawn the list, and the time each action takes until the list is drawn again (measured in the
page with ``performance.now()``): choosing the most frequent rule in the summary, a search for
a rule id (the 120 ms the search waits for typing to pause is subtracted), sorting by errors,
the next page; and the page's JavaScript heap afterwards. Each action is the median of --runs.

    python benchmarks/html_report_scale.py [--documents 300,10000,100000] [--runs 3]

The copies repeat the same texts, which the list's table of texts and the CSV's compression
profit from more than a batch of all different documents would: the 300 row (no copies) is
the honest figure per document for those two.

Needs Debian's chromium and chromium-driver, and the shared corpora (EINVOICE_SHARED_DIR,
default ../shared); rules are installed from the offline mirror into a temporary cache.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from einvoice_cli.core.languages import Language
from einvoice_cli.core.results import DocumentResult
from einvoice_cli.report import ReportOptions, render_report
from einvoice_cli.report.html import RunIndex, index_page
from einvoice_cli.rulepacks.catalog import load_catalog
from einvoice_cli.rulepacks.fetch import FetchSettings
from einvoice_cli.rulepacks.store import RuleStore
from einvoice_cli.validation.engine import RuleEngine
from einvoice_cli.validation.inputs import collect_inputs
from einvoice_cli.validation.pipeline import ValidationOptions, validate
from scripts.html_screenshot import SHARED, batch_300
from scripts.webdriver import Browser, browser

# In-page measurements: each action's handler draws the list synchronously, so the time from
# before the click to after it is the time until the new rows are in the document.
TIMED_CLICK = """
var target = document.querySelector(arguments[0]);
var start = performance.now();
target.click();
return performance.now() - start;
"""
TIMED_SEARCH = """
var done = arguments[arguments.length - 1];
var box = document.getElementById("search"), status = document.getElementById("filter-status");
var before = status.textContent, start = performance.now();
box.value = arguments[0];
box.dispatchEvent(new Event("input"));
(function wait() {
  if (status.textContent !== before) { done(performance.now() - start - 120); }
  else { setTimeout(wait, 2); }
})();
"""


def corpus_results() -> list[DocumentResult]:
    mirror = os.environ.get("EINVOICE_RULES_MIRROR", str(SHARED / "rules-mirror"))
    with tempfile.TemporaryDirectory() as folder:
        settings = FetchSettings(cache_dir=Path(folder), mirror=mirror, allow_network=False)
        engine = RuleEngine(RuleStore(load_catalog(), settings))
        here = Path.cwd()
        os.chdir(SHARED)
        try:
            return list(validate(collect_inputs(batch_300(SHARED)), engine, ValidationOptions()))
        finally:
            os.chdir(here)


def repeated(results: list[DocumentResult], count: int) -> list[DocumentResult]:
    return [
        replace(
            results[n % len(results)],
            path=f"copy-{n // len(results):05d}/{results[n % len(results)].path}",
        )
        for n in range(count)
    ]


def single_page(results: list[DocumentResult]) -> str:
    return render_report(results, "html", ReportOptions(lang=Language.DE))


def folder_index(results: list[DocumentResult]) -> str:
    run = RunIndex(ReportOptions(lang=Language.DE))
    for number, result in enumerate(results):
        run.add(result, f"report-{number}.html")
    return index_page(run)


def block_bytes(page: str, element_id: str) -> int:
    start = page.index(f'id="{element_id}">')
    return len(page[start : page.index("</script>", start)].encode("utf-8"))


def measure_browser(session: Browser, url: str, runs: int) -> dict[str, float]:
    start = time.perf_counter()
    session.open(url)
    session.wait_for("return document.querySelectorAll('#index-rows tr').length > 0;", 600)
    opened = time.perf_counter() - start
    figures: dict[str, list[float]] = {"rule": [], "search": [], "sort": [], "page": []}
    rule = session.run(
        "return document.querySelector('#rule-chart button').getAttribute('data-value');"
    )
    for _ in range(runs):
        session.open(url + "?again")
        session.wait_for("return document.querySelectorAll('#index-rows tr').length > 0;", 600)
        figures["rule"].append(float(str(session.run(TIMED_CLICK, "#rule-chart button"))))
        session.run(TIMED_CLICK, "#active-filters button")
        figures["search"].append(float(str(session.execute_async(TIMED_SEARCH, str(rule)))))
        session.run(
            "var b = document.getElementById('search'); b.value = '';"
            "b.dispatchEvent(new Event('input'));"
        )
        time.sleep(0.3)
        figures["sort"].append(float(str(session.run(TIMED_CLICK, "th button[data-sort=errors]"))))
        figures["page"].append(float(str(session.run(TIMED_CLICK, "#page-next"))))
    heap = session.run("return performance.memory ? performance.memory.usedJSHeapSize : 0;")
    result = {"open_s": opened, "heap_mb": float(str(heap)) / 1e6}
    result.update({f"{k}_ms": statistics.median(v) for k, v in figures.items()})
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", default="300,10000,100000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(n) for n in args.documents.split(",") if n]
    started = time.perf_counter()
    base = corpus_results()
    print(f"validated {len(base)} corpus documents in {time.perf_counter() - started:.1f} s")
    header = (
        f"{'page':<14}{'documents':>10}{'render s':>10}{'MB':>9}{'B/doc':>8}{'list B/doc':>11}"
        f"{'csv B/doc':>10}{'open s':>8}{'rule ms':>9}{'search ms':>10}{'sort ms':>9}"
        f"{'page ms':>9}{'heap MB':>9}"
    )
    print(header)
    with (
        tempfile.TemporaryDirectory() as folder,
        browser(Path(folder) / "profile", (1200, 900), ["--enable-precise-memory-info"]) as session,
    ):
        for count in sizes:
            results = repeated(base, count)
            for name, make in (("--format html", single_page), ("index.html", folder_index)):
                start = time.perf_counter()
                page = make(results)
                rendered = time.perf_counter() - start
                target = Path(folder) / f"{count}-{name.strip('-').replace(' ', '-')}.html"
                target.write_text(page, encoding="utf-8")
                size = target.stat().st_size
                figures = measure_browser(session, target.as_uri(), args.runs)
                print(
                    f"{name:<14}{count:>10,}{rendered:>10.1f}{size / 1e6:>9.1f}"
                    f"{size / count:>8,.0f}{block_bytes(page, 'index-data') / count:>11,.0f}"
                    f"{block_bytes(page, 'csv-data') / count:>10,.0f}"
                    f"{figures['open_s']:>8.1f}{figures['rule_ms']:>9.0f}"
                    f"{figures['search_ms']:>10.0f}{figures['sort_ms']:>9.0f}"
                    f"{figures['page_ms']:>9.0f}{figures['heap_mb']:>9.0f}",
                    flush=True,
                )
                target.unlink()


if __name__ == "__main__":
    main()
