"""``ReportWriter``: a report file per document, named after the input, never two of one run on
the same name, written whole, and for HTML an index linking them."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from lxml import html

from einvoice_cli.core.results import DocumentResult, summarize
from einvoice_cli.errors import OutputError
from einvoice_cli.report import ReportOptions
from einvoice_cli.report.files import INDEX_NAME, REPORT_FORMATS, ReportWriter
from tests.conftest import CliRun
from tests.support.html_index import embedded_csv, index_rows
from tests.support.report_results import ACCEPTED, IN_ERROR, REJECTED, RUN, render

SCHEMA = Path(__file__).resolve().parents[2] / "einvoice_cli" / "schemas" / "report.schema.json"


def write_all(folder: Path, report_format: str, results: tuple[DocumentResult, ...]) -> list[Path]:
    writer = ReportWriter(folder, report_format, ReportOptions())
    written = [writer.write(result) for result in results]
    writer.close(summarize(results))
    return written


def named(*paths: str) -> tuple[DocumentResult, ...]:
    return tuple(replace(ACCEPTED, path=p) for p in paths)


def test_formats() -> None:
    assert REPORT_FORMATS == ("json", "html", "kosit", "csv")
    with pytest.raises(ValueError, match="no per-document report format 'xml'"):
        ReportWriter(Path("unused"), "xml", ReportOptions())


def test_names_follow_the_inputs(tmp_path: Path) -> None:
    results = named("eingang/rechnung.xml", "scan.pdf", "-", "../../etc/passwd", "-rf", "index")
    written = write_all(tmp_path, "json", results)
    assert [p.name for p in written] == [
        "rechnung.xml.json",
        "scan.pdf.json",
        "stdin.json",
        "passwd.json",
        "_rf.json",
        "index.json",
    ]
    assert all(p.parent == tmp_path for p in written)


def test_same_names_never_replace_each_other(tmp_path: Path) -> None:
    results = named(
        "a/rechnung.xml",
        "b/rechnung.xml",
        "c/b/RECHNUNG.xml",
        "b/rechnung.xml",
        "rechnung.xml",
        "rechnung.xml",
    )
    written = write_all(tmp_path, "json", results)
    names = [p.name for p in written]
    assert names[:3] == ["rechnung.xml.json", "rechnung.xml~b.json", "RECHNUNG.xml~c_b.json"]
    assert names[3].startswith("rechnung.xml~") and names[4].startswith("rechnung.xml~")
    assert names[5] == names[4].removesuffix(".json") + "-2.json"
    assert len({n.casefold() for n in names}) == len(names)
    # Each file holds its own document; nothing else is left in the folder.
    assert [json.loads(p.read_text(encoding="utf-8"))["documents"][0]["path"] for p in written] == [
        r.path for r in results
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names)


def test_a_later_name_says_where_its_path_parts(tmp_path: Path) -> None:
    """Not the folder both share (issue 13: ``x.xml~standard.json`` for the second of
    ``2024/standard/x.xml`` and ``2025/standard/x.xml`` told them no further apart)."""
    results = named(
        "/data/2024/standard/x.xml",
        "/data/2025/standard/x.xml",
        "/data/2025/extension/x.xml",
        "/data/2024/x.xml",
    )
    names = [p.name for p in write_all(tmp_path, "json", results)]
    assert names == [
        "x.xml.json",
        "x.xml~2025_standard.json",
        "x.xml~extension.json",
        "x.xml~2024.json",
    ]


def test_names_are_deterministic(tmp_path: Path) -> None:
    results = named("a/rechnung.xml", "b/rechnung.xml", "b/rechnung.xml")
    first = [p.name for p in write_all(tmp_path / "1", "json", results)]
    second = [p.name for p in write_all(tmp_path / "2", "json", results)]
    assert first == second


def test_json_reports_follow_the_contract(tmp_path: Path) -> None:
    schema: dict[str, Any] = json.loads(SCHEMA.read_text(encoding="utf-8"))
    written = write_all(tmp_path, "json", RUN)
    for path, result in zip(written, RUN, strict=True):
        report = json.loads(path.read_text(encoding="utf-8"))
        jsonschema.validate(report, schema)
        assert report["documents"][0]["verdict"] == result.verdict.value
        assert report["summary"]["documents"] == 1
    assert not (tmp_path / INDEX_NAME).exists()


def test_html_reports_and_their_index(tmp_path: Path) -> None:
    results = (REJECTED, ACCEPTED, IN_ERROR, replace(ACCEPTED, path="x y/index.html"))
    written = write_all(tmp_path, "html", results)
    assert [p.name for p in written] == [
        "rechnung.xml.html",
        "rechnung.xml~b.html",
        "scan.pdf.html",
        "index.html.html",
    ]
    index = html.document_fromstring((tmp_path / INDEX_NAME).read_text(encoding="utf-8"))
    rows = index_rows(index)
    links = [r.href for r in rows]
    assert links == ["rechnung.xml.html", "rechnung.xml~b.html", "scan.pdf.html", "index.html.html"]
    assert [r.verdict for r in rows] == ["reject", "accept", "error", "accept"]
    assert index.cssselect("section.document") == []
    # The summary opens the index, and the CSV of all four documents comes with it.
    assert [b.get("data-value") for b in index.cssselect("#verdict-chart button")] == [
        "accept",
        "reject",
        "error",
    ]
    assert [b.text_content() for b in index.cssselect("#verdict-chart .count")] == ["2", "1", "1"]
    assert embedded_csv(index) == render("csv", results)[0]
    page = html.document_fromstring(written[0].read_text(encoding="utf-8"))
    assert [a.get("href") for a in page.cssselect("main a")] == [INDEX_NAME]
    assert page.cssselect("section.document")[0].get("data-verdict") == "reject"


def test_links_to_odd_names_are_quoted(tmp_path: Path) -> None:
    write_all(tmp_path, "html", named("eingang/Rechnung #1 März.xml"))
    index = html.document_fromstring((tmp_path / INDEX_NAME).read_text(encoding="utf-8"))
    assert [r.href for r in index_rows(index)] == ["Rechnung%20%231%20M%C3%A4rz.xml.html"]
    assert (tmp_path / "Rechnung #1 März.xml.html").is_file()


def test_csv_reports(tmp_path: Path) -> None:
    written = write_all(tmp_path, "csv", RUN)
    assert [p.name for p in written] == ["rechnung.xml.csv", "rechnung.xml~b.csv", "scan.pdf.csv"]
    for path, result in zip(written, RUN, strict=True):
        assert path.read_bytes().decode("utf-8") == render("csv", (result,))[0]
    assert not (tmp_path / INDEX_NAME).exists()


def test_an_earlier_runs_report_is_replaced(tmp_path: Path) -> None:
    (tmp_path / "rechnung.xml.json").write_text("old", encoding="utf-8")
    write_all(tmp_path, "json", (REJECTED,))
    report = json.loads((tmp_path / "rechnung.xml.json").read_text(encoding="utf-8"))
    assert report["documents"][0]["path"] == REJECTED.path


def test_a_folder_that_cannot_be_made_is_an_output_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(OutputError, match="cannot create the folder"):
        ReportWriter(blocker / "reports", "json", ReportOptions())


def test_a_report_folder_in_use_by_another_run_is_refused(run_cli: CliRun, tmp_path: Path) -> None:
    import fcntl

    from tests.support.corpus import REPO

    out = tmp_path / "reports"
    out.mkdir()
    with (out / ".einvoice-lock").open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as a concurrent run holds it
        sample = str(REPO / "samples" / "xrechnung-ubl-invoice.xml")
        result = run_cli(["validate", "-f", "json", "--output-dir", str(out), sample])
        assert result.exit_code == 2
        assert "in use by another" in result.stderr
        assert result.stdout == ""
    again = run_cli(["validate", "-q", "--output-dir", str(out), sample])
    assert again.exit_code == 0
