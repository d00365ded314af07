"""``--format csv``: exact output for fixed results in both dialects and languages, one row per
finding, formulas neutralised for spreadsheets, and the compressed copy the HTML page carries."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import html

from einvoice_cli.core.languages import Language
from einvoice_cli.core.results import DocumentResult, summarize
from einvoice_cli.report import FORMATTERS, CsvDialect, ReportOptions
from einvoice_cli.report.csv import CsvArchive, csv_rows
from tests.support.html_index import embedded_csv
from tests.support.report_results import ACCEPTED, HOSTILE, REJECTED, RUN, render

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "run.csv"


def render_csv(results: Sequence[DocumentResult], options: ReportOptions) -> str:
    stream = io.StringIO()
    formatter = FORMATTERS["csv"](stream, options)
    formatter.begin()
    for result in results:
        formatter.document(result)
    formatter.end(summarize(results))
    return stream.getvalue()


def test_excel_dialect_is_the_golden_file(capsys: pytest.CaptureFixture[str]) -> None:
    output, _ = render("csv", RUN)
    assert capsys.readouterr() == ("", "")
    # UTF-8 with BOM, ';' and CRLF: German Excel opens it directly.
    assert output.startswith("\ufeffdocument;verdict;scenario;rule;severity;source;in_verdict;")
    assert output.encode("utf-8") == GOLDEN.read_bytes()


def test_rfc4180_dialect_in_german() -> None:
    output = render_csv(RUN, ReportOptions(lang=Language.DE, csv_dialect=CsvDialect.RFC4180))
    lines = output.split("\r\n")
    assert lines[0] == (
        "Dokument,Ergebnis,Szenario,Regel,Schweregrad,Quelle,Teil des Ergebnisses,"
        "Geschäftsbegriffe,Meldung,Stelle,Zeile"
    )
    assert lines[1].startswith(
        "in/a/rechnung.xml,reject,EN16931 XRechnung (UBL Invoice),BR-DE-15,error,xrechnung,true,"
        'BT-10,"[BR-DE-15] Das Element ""Buyer reference"" (BT-10) muss übermittelt werden.",'
    )
    assert lines[4] == "in/b/rechnung.xml,accept,EN16931 XRechnung (UBL Invoice),,,,,,,,"
    assert lines[5] == "scan.pdf,error,,,,,,,scan.pdf: the PDF has no embedded invoice,,"
    assert lines[6:] == [""]


def test_one_row_per_finding_and_every_document() -> None:
    rows = list(
        csv.reader(io.StringIO(render("csv", RUN)[0].removeprefix("\ufeff")), delimiter=";")
    )
    assert [(r[0], r[3]) for r in rows[1:]] == [
        ("in/a/rechnung.xml", "BR-DE-15"),
        ("in/a/rechnung.xml", "BR-DE-21"),
        ("in/a/rechnung.xml", "PEPPOL-EN16931-R002"),
        ("in/b/rechnung.xml", ""),
        ("scan.pdf", ""),
    ]
    assert [r[6] for r in rows[1:4]] == ["true", "true", "false"]


def test_hostile_text_round_trips() -> None:
    # Quotes, separators, markup and control characters survive; rfc4180 changes nothing.
    output = render_csv((HOSTILE,), ReportOptions(csv_dialect=CsvDialect.RFC4180))
    rows = list(csv.reader(io.StringIO(output)))
    assert rows[1] == list(next(csv_rows(HOSTILE)))
    assert rows[1][8] == HOSTILE.findings[0].message


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_excel_dialect_neutralises_formulas(start: str) -> None:
    # A document is untrusted: a cell a spreadsheet would evaluate is made text (OWASP).
    finding = replace(REJECTED.findings[0], message=f'{start}HYPERLINK("http://x")')
    result = replace(REJECTED, path=f"{start}1+1.xml", findings=(finding,))
    excel = render_csv((result,), ReportOptions())
    row = next(csv.reader(io.StringIO(excel.split("\r\n", 1)[1]), delimiter=";"))
    assert row[0] == f"'{start}1+1.xml"
    assert row[8] == f'\'{start}HYPERLINK("http://x")'
    plain = render_csv((result,), ReportOptions(csv_dialect=CsvDialect.RFC4180))
    row = next(csv.reader(io.StringIO(plain.split("\r\n", 1)[1])))
    assert (row[0], row[8]) == (result.path, finding.message)


def test_the_archive_holds_the_same_csv() -> None:
    archive = CsvArchive(ReportOptions(lang=Language.DE))
    for result in (*RUN, ACCEPTED):
        archive.add(result)
    page = html.fragment_fromstring(
        f'<div><script type="application/octet-stream" id="csv-data">{archive.finish()}</script>'
        "</div>"
    )
    assert embedded_csv(page) == render_csv((*RUN, ACCEPTED), ReportOptions(lang=Language.DE))


def test_html_page_carries_the_csv() -> None:
    page = html.document_fromstring(render("html", RUN)[0])
    assert embedded_csv(page) == render("csv", RUN)[0]
    link = page.get_element_by_id("csv-link")
    assert link.get("download") == "einvoice-findings.csv"
    assert link.get("hidden") is not None  # revealed by the script, which makes the file
