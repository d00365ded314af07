"""The HTML report of a 300-document batch in a real browser: headless Chromium driven through
chromedriver (``scripts/webdriver.py``) clicks, types and reads what a person sees.

The 300 documents come from the shared corpora (``scripts.html_screenshot.batch_300``); what
the page must show is counted here from the same results, independently of the report's code.
Needs Debian's ``chromium`` and ``chromium-driver``; without them these tests fail and say so.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from einvoice_cli.core.findings import Severity, Source
from einvoice_cli.core.languages import Language
from einvoice_cli.core.results import DocumentResult, summarize
from einvoice_cli.report import ReportOptions
from einvoice_cli.report.html import HtmlFormatter, RunIndex, index_page
from einvoice_cli.validation.engine import RuleEngine
from einvoice_cli.validation.inputs import collect_inputs
from einvoice_cli.validation.pipeline import ValidationOptions, validate
from scripts.html_screenshot import CHROMIUM, batch_300
from scripts.webdriver import CHROMEDRIVER, Browser, browser
from tests.support.corpus import SHARED, require

STATUS = "#filter-status"
ROWS = "#index-rows tr"


@pytest.fixture(scope="module")
def results(engine: RuleEngine) -> list[DocumentResult]:
    for program in (CHROMIUM, CHROMEDRIVER):
        if not program.is_file():
            pytest.fail(
                f"{program} is missing: the browser tests need Debian's chromium and "
                "chromium-driver packages (apt-get install -y chromium chromium-driver)",
                pytrace=False,
            )
    require(SHARED / "corpus")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(SHARED)  # paths as corpus/..., the way a person would give them
        return list(validate(collect_inputs(batch_300(SHARED)), engine, ValidationOptions()))


def write_report(
    results: list[DocumentResult], lang: str, target: Path, live_sections: int = 2000
) -> Path:
    stream = io.StringIO()
    formatter = HtmlFormatter(stream, ReportOptions(lang=Language(lang)))
    formatter.live_sections = live_sections
    formatter.begin()
    for result in results:
        formatter.document(result)
    formatter.end(summarize(results))
    target.write_text(stream.getvalue(), encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def german(
    results: list[DocumentResult], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Browser, str]]:
    folder = tmp_path_factory.mktemp("batch-de")
    page = write_report(results, "de", folder / "bericht.html")
    with browser(folder / "profile") as session:
        yield session, page.as_uri()


@pytest.fixture
def page(german: tuple[Browser, str], request: pytest.FixtureRequest) -> Browser:
    """The German report, loaded afresh: no filter, search or sort from an earlier test."""
    session, url = german
    session.open(f"{url}?test={request.node.name}")  # a new address: a new load
    return session


def ranked_rules(result: DocumentResult) -> set[str]:
    """The rules the summary counts for a document: those with an error or warning."""
    return {f.rule for f in result.findings if f.severity is not Severity.INFORMATION}


def all_rows(page: Browser) -> list[str]:
    """The path of every row the list shows, page after page."""
    paths: list[str] = []
    while True:
        paths += page.texts("#index-rows tr td.path")
        if page.run("return document.getElementById('page-next').disabled;") or page.run(
            "return document.getElementById('pager').hidden;"
        ):
            return paths
        page.click("#page-next")


def test_the_batch_is_300_documents(results: list[DocumentResult]) -> None:
    assert len(results) == 300
    verdicts = Counter(r.verdict.value for r in results)
    assert verdicts["accept"] > 0 and verdicts["reject"] > 0


def test_the_summary_shows_the_right_counts(page: Browser, results: list[DocumentResult]) -> None:
    summary = summarize(results)
    assert page.texts("#verdict-chart li") == [
        f"Angenommen {summary.accepted}",
        f"Abgelehnt {summary.rejected}",
        f"Nicht prüfbar {summary.errors}",
    ]
    assert page.texts(STATUS) == ["300 von 300 Dokumenten angezeigt"]
    documents_per_rule = Counter(rule for r in results for rule in ranked_rules(r))
    rules = page.run(
        "return Array.from(document.querySelectorAll('#rule-chart button'))"
        ".map(function (b) { return b.getAttribute('data-value'); });"
    )
    assert isinstance(rules, list) and len(rules) == 10
    counts = [int(c) for c in page.texts("#rule-chart .count")]
    # Each bar: the rule and the documents with its errors or warnings, most documents first.
    assert counts == [documents_per_rule[str(rule)] for rule in rules]
    assert counts == sorted(counts, reverse=True)
    assert counts[0] == max(documents_per_rule.values())
    # Business terms are named in German beside the rule.
    assert any("Käuferreferenz" in t for t in page.texts("#rule-chart .names"))
    containers = Counter(r.container.value for r in results)
    assert page.texts("#container-chart li") == [
        f"XML-Datei {containers['xml']}",
        f"PDF (ZUGFeRD/Factur-X) {containers['pdf']}",
    ]
    facts = page.texts("#run-facts dd")
    assert re.fullmatch(r"\d{1,2}\. \w+ 20\d\d, \d\d:\d\d:\d\d \w+", facts[0])
    assert facts[2] == "300"
    assert "xrechnung@2.5.0" in facts[3]


def test_clicking_the_top_rule_lists_exactly_its_documents(
    page: Browser, results: list[DocumentResult]
) -> None:
    top = page.run(
        "return document.querySelector('#rule-chart button').getAttribute('data-value');"
    )
    assert isinstance(top, str)
    page.click("#rule-chart button")
    expected = [r.path for r in results if top in ranked_rules(r)]
    assert page.texts(STATUS) == [f"{len(expected)} von 300 Dokumenten angezeigt"]
    assert all_rows(page) == expected
    assert page.texts("#active-filters") == [f"Regel {top} \N{MULTIPLICATION SIGN}"]
    # The document sections below follow the list.
    hidden = page.run(
        "return Array.from(document.querySelectorAll('main > section.document'))"
        ".map(function (s) { return s.hidden; });"
    )
    assert hidden == [r.path not in expected for r in results]
    page.click("#active-filters button")
    assert page.texts(STATUS) == ["300 von 300 Dokumenten angezeigt"]


def test_the_search_finds_documents_by_rule_id(
    page: Browser, results: list[DocumentResult]
) -> None:
    # A rule of few documents whose id appears nowhere else (no path or message names it).
    def mentions(result: DocumentResult, rule: str) -> bool:
        texts = [
            result.path,
            *(f.rule for f in result.findings),
            *(f.message for f in result.findings),
        ]
        return any(rule.lower() in t.lower() for t in texts)

    rules = sorted({f.rule for r in results for f in r.findings if f.rule.startswith("BR-")})
    rule, expected = next(
        (rule, docs)
        for rule in rules
        if 0
        < len(docs := [r.path for r in results if any(f.rule == rule for f in r.findings)])
        <= 5
        and docs == [r.path for r in results if mentions(r, rule)]
    )
    page.type("#search", rule.lower())
    page.wait_for(
        f"return document.querySelector('{STATUS}').innerText.indexOf('{len(expected)} von') === 0;"
    )
    assert all_rows(page) == expected


def test_sorting_by_errors_puts_the_most_errors_first(
    page: Browser, results: list[DocumentResult]
) -> None:
    page.click("th button[data-sort=errors]")
    errors = [int(cells.split()[-3]) for cells in page.texts(ROWS)]
    most = max(sum(f.severity is Severity.ERROR for f in r.findings) for r in results)
    assert errors[0] == most
    assert errors == sorted(errors, reverse=True)
    assert len(errors) == 100  # one page of rows
    assert page.texts("#page-status") == ["Seite 1 von 3"]
    page.click("th button[data-sort=errors]")  # again: fewest first
    assert int(page.texts(ROWS)[0].split()[-3]) == 0


def test_a_document_without_scenario_says_why(page: Browser, results: list[DocumentResult]) -> None:
    none = [r for r in results if r.scenario is None]
    without = [r for r in none if r.error is None]
    assert without
    page.click('#scenario-chart button[data-value=""]')
    assert page.texts(STATUS) == [f"{len(none)} von 300 Dokumenten angezeigt"]
    paths = page.texts("#index-rows td.path")
    reasons = dict(zip(paths, page.texts("#index-rows td.scenario"), strict=True))
    assert paths == [r.path for r in none]
    for result in without:
        why = next(f.message for f in result.findings if f.source is Source.SCENARIO)
        assert reasons[result.path] == " ".join(f"(kein Szenario) {why}".split())


def test_the_csv_link_makes_the_file(page: Browser) -> None:
    assert page.run("return document.getElementById('csv-link').hidden;") is False
    page.run("document.getElementById('csv-link').click();")
    href = page.wait_for(
        "var a = document.getElementById('csv-link');"
        "return a.href.indexOf('blob:') === 0 ? a.href : null;"
    )
    assert str(href).startswith("blob:")


def test_a_packed_section_is_unpacked_when_chosen(
    results: list[DocumentResult], tmp_path: Path
) -> None:
    # Past the live sections (2,000 by default; 50 here) a document's report is unpacked
    # into the page when its row is chosen.
    page = write_report(results, "de", tmp_path / "bericht.html", live_sections=50)
    with browser(tmp_path / "profile") as session:
        session.open(page.as_uri())
        assert len(session.find("main > section.document")) == 50
        target = results[250]
        session.type("#search", target.path)
        session.wait_for(
            f"return document.querySelector('{STATUS}').innerText.indexOf('1 von') === 0;"
        )
        session.click("#index-rows td.path a")
        shown = session.wait_for(
            "var s = document.querySelector('#unpacked > section.document');"
            "return s ? [s.id, s.querySelector('.path').textContent] : null;"
        )
        assert shown == ["doc-251", target.path]


def test_the_index_stays_under_its_size_per_document(results: list[DocumentResult]) -> None:
    # The stated budget (README): an --output-dir index.html takes under 600 bytes per
    # document, of which the list's data under 300 and the compressed CSV under 150; the
    # page's fixed part (style, script, summary) is counted in, so small runs pay more.
    run = RunIndex(ReportOptions(lang=Language.DE))
    for number, result in enumerate(results):
        run.add(result, f"report-{number}.html")
    page = index_page(run)
    list_data = page.split('id="index-data">', 1)[1].split("</script>", 1)[0]
    csv_data = page.split('id="csv-data">', 1)[1].split("</script>", 1)[0]
    assert len(page.encode("utf-8")) / len(results) < 600
    assert len(list_data.encode("utf-8")) / len(results) < 300
    assert len(csv_data) / len(results) < 150


def test_the_english_page(results: list[DocumentResult], tmp_path: Path) -> None:
    page = write_report(results, "en", tmp_path / "report.html")
    summary = summarize(results)
    with browser(tmp_path / "profile") as session:
        session.open(page.as_uri())
        assert session.texts("#verdict-chart li") == [
            f"Accepted {summary.accepted}",
            f"Rejected {summary.rejected}",
            f"In error {summary.errors}",
        ]
        assert session.texts(STATUS) == ["Showing 300 of 300 documents"]
        assert session.texts("#overview h3")[:3] == ["Verdicts", "Containers", "This run"]
        session.click("#verdict-chart button[data-value=reject]")
        assert session.texts(STATUS) == [f"Showing {summary.rejected} of 300 documents"]
