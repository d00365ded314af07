"""`einvoice validate` on batches through the real CLI: parallel workers, path lists, folder
filters, --quiet, --fail-on, exit statuses that never wrap, the summary tables, per-document
report files, a folder of bad inputs, and Ctrl-C."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from einvoice_cli.cli.progress import ProgressDisplay
from einvoice_cli.cli.validate_run import default_language
from einvoice_cli.core.results import Container, DocumentResult
from einvoice_cli.core.verdict import Verdict
from tests.conftest import CliRun
from tests.support.corpus import EN16931, PEPPOL, REPO, XRECHNUNG_TESTSUITE, require

STANDARD = XRECHNUNG_TESTSUITE / "business-cases" / "standard"
UBL = STANDARD / "01.01a-INVOICE_ubl.xml"
CII = STANDARD / "01.01a-INVOICE_uncefact.xml"
EN_UBL = EN16931 / "ubl" / "examples" / "ubl-tc434-example1.xml"
PEPPOL_UBL = PEPPOL / "rules" / "examples" / "base-example.xml"
NOT_AN_INVOICE = '<Order xmlns="urn:example:order"><ID>1</ID></Order>'


def _json(stdout: str) -> Any:
    """A JSON report (untyped: Any)."""
    return json.loads(stdout)


def _names(stdout: str) -> list[str]:
    return [Path(d["path"]).name for d in _json(stdout)["documents"]]


@pytest.fixture
def with_warning(tmp_path: Path) -> Path:
    """A corpus invoice with a UUID: accepted, with the warning UBL-CR-005."""
    text = require(UBL).read_text(encoding="utf-8")
    target = tmp_path / "with-uuid.xml"
    target.write_text(
        text.replace("<cbc:IssueDate>", "<cbc:UUID>1</cbc:UUID><cbc:IssueDate>", 1),
        encoding="utf-8",
    )
    return target


def test_parallel_workers_report_in_input_order_as_one_process_does(
    run_cli: CliRun, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text("<Invoice><unclosed></Invoice>", encoding="utf-8")
    paths = [str(require(p)) for p in (UBL, CII, EN_UBL, PEPPOL_UBL)]
    paths[2:2] = [str(broken)]
    serial = run_cli(["validate", "-f", "json", "--jobs", "1", *paths])
    options = ["-j", "2", "--timeout", "120", "--worker-memory", "2GiB"]
    parallel = run_cli(["validate", "-f", "json", *options, *paths])
    assert parallel.exit_code == serial.exit_code == 2
    assert _json(parallel.stdout)["documents"] == _json(serial.stdout)["documents"]
    assert _names(parallel.stdout) == [Path(p).name for p in paths]
    assert parallel.stderr == serial.stderr == "5 documents: 4 accepted, 0 rejected, 1 in error\n"


def test_paths_from_a_list_file_and_from_standard_input(run_cli: CliRun, tmp_path: Path) -> None:
    listing = tmp_path / "list.txt"
    listing.write_bytes(f"{require(CII)}\r\n\n{require(UBL)}\n".encode())
    from_file = run_cli(
        ["validate", "-f", "json", str(require(EN_UBL)), "--files-from", str(listing)]
    )
    assert _names(from_file.stdout) == [EN_UBL.name, CII.name, UBL.name]
    assert from_file.exit_code == 0
    from_stdin = run_cli(
        ["validate", "-f", "json", "--files-from", "-"], input=listing.read_bytes()
    )
    assert _names(from_stdin.stdout) == [CII.name, UBL.name]


def test_standard_input_carries_a_document_or_a_list_not_both(run_cli: CliRun) -> None:
    result = run_cli(["validate", "--files-from", "-", "-"], input="")
    assert result.exit_code == 2
    assert "not both" in result.stderr
    nothing = run_cli(["validate"])
    assert nothing.exit_code == 2
    assert "give at least one PATH, or --files-from LIST" in nothing.stderr


def test_a_missing_list_is_a_usage_error(run_cli: CliRun, tmp_path: Path) -> None:
    result = run_cli(["validate", "--files-from", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_include_and_exclude(run_cli: CliRun, tmp_path: Path) -> None:
    for relative, source in (
        ("2025/ubl.xml", UBL),
        ("2025/cii.XML", CII),
        ("archiv/old.xml", UBL),
        ("readme.txt", None),
    ):
        target = tmp_path / "in" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(require(source).read_bytes() if source else b"not an invoice")
    folder = str(tmp_path / "in")
    default = run_cli(["validate", "-f", "json", folder])
    assert _names(default.stdout) == ["cii.XML", "ubl.xml", "old.xml"]
    filtered = run_cli(
        ["validate", "-f", "json", "--include", "*.xml", "--exclude", "archiv", folder]
    )
    assert _names(filtered.stdout) == ["ubl.xml"]


def test_quiet_prints_only_verdict_lines(
    run_cli: CliRun, tmp_path: Path, without_buyer_reference: Path
) -> None:
    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"")
    paths = [str(require(UBL)), str(without_buyer_reference), str(empty)]
    result = run_cli(["validate", "-q", *paths])
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f"ACCEPT  {paths[0]}",
        f"REJECT  {paths[1]}",
        f"ERROR   {paths[2]}",
    ]
    assert result.stderr == ""


def test_fail_on_warning(run_cli: CliRun, with_warning: Path) -> None:
    default = run_cli(["validate", "-f", "json", str(with_warning)])
    assert default.exit_code == 0
    [document] = _json(default.stdout)["documents"]
    assert document["verdict"] == "accept"
    assert [f["rule"] for f in document["findings"] if f["severity"] == "warning"] == ["UBL-CR-005"]
    strict = run_cli(["validate", "--fail-on", "warning", str(with_warning)])
    assert strict.exit_code == 1
    accepted_only = run_cli(["validate", "--fail-on", "warning", str(require(CII))])
    assert accepted_only.exit_code == 0


@pytest.mark.parametrize(
    ("content", "status"), [(NOT_AN_INVOICE, 1), ("", 2)], ids=["rejected", "in-error"]
)
def test_exit_status_never_wraps(
    run_cli: CliRun, tmp_path: Path, content: str, status: int
) -> None:
    document = tmp_path / "doc.xml"
    document.write_text(content, encoding="utf-8")
    listing = tmp_path / "list.txt"
    listing.write_text(f"{document}\n" * 257, encoding="utf-8")  # 257 % 256 == 1
    result = run_cli(["validate", "-q", "--files-from", str(listing)])
    assert len(result.stdout.splitlines()) == 257
    assert result.exit_code == status


def test_summary_tables(
    run_cli: CliRun,
    tmp_path: Path,
    without_buyer_reference: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"")
    paths = [str(require(UBL)), str(without_buyer_reference), str(require(CII)), str(empty)]
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    # Under a German locale, the summary line and the tables are German.
    german = run_cli(["validate", "-f", "json", "--summary", *paths])
    lines = [line.rstrip() for line in german.stderr.splitlines()]
    assert lines[-1] == "4 Dokumente: 2 angenommen, 1 abgelehnt, 1 nicht prüfbar"
    text = "\n".join(lines)
    assert re.search(r"^angenommen +2$", text, re.MULTILINE)
    assert re.search(r"^nicht prüfbar +1$", text, re.MULTILINE)
    assert re.search(r"^\(keins\) +1 +0 +0 +1$", text, re.MULTILINE)
    assert re.search(r"^BR-DE-15 +Fehler +1 +1 +BT-10 Käuferreferenz$", text, re.MULTILINE)
    result = run_cli(["validate", "-f", "json", "--summary", "--lang", "en", *paths])
    lines = [line.rstrip() for line in result.stderr.splitlines()]
    assert lines[-1] == "4 documents: 2 accepted, 1 rejected, 1 in error"
    text = "\n".join(lines)
    assert re.search(r"^accepted +2$", text, re.MULTILINE)
    assert re.search(r"^rejected +1$", text, re.MULTILINE)
    assert re.search(r"^in error +1$", text, re.MULTILINE)
    assert re.search(r"^EN16931 XRechnung \(UBL Invoice\) +2 +1 +1 +0$", text, re.MULTILINE)
    assert re.search(r"^EN16931 XRechnung \(CII\) +1 +1 +0 +0$", text, re.MULTILINE)
    assert re.search(r"^\(none\) +1 +0 +0 +1$", text, re.MULTILINE)
    assert re.search(r"^BR-DE-15 +error +1 +1 +BT-10 Buyer reference$", text, re.MULTILINE)


def test_default_language_follows_the_locale() -> None:
    assert default_language({"LANG": "de_DE.UTF-8"}) == "de"
    assert default_language({"LC_ALL": "en_US.UTF-8", "LANG": "de_DE.UTF-8"}) == "en"
    assert default_language({"LC_MESSAGES": "de_AT", "LANG": "C"}) == "de"
    assert default_language({"LANG": "C.UTF-8"}) == "en"
    assert default_language({}) == "en"


def test_report_files_per_document(run_cli: CliRun, tmp_path: Path) -> None:
    twin = tmp_path / "copy" / UBL.name  # the same name as another input
    twin.parent.mkdir()
    shutil.copyfile(require(UBL), twin)
    reports = tmp_path / "reports"
    result = run_cli(["validate", "-q", "--output-dir", str(reports), str(require(UBL)), str(twin)])
    assert result.exit_code == 0
    written = sorted(p.name for p in reports.iterdir())
    assert written == [f"{UBL.name}.json", f"{UBL.name}~copy.json"]
    for name, source in zip(written, (require(UBL), twin), strict=True):
        [document] = _json((reports / name).read_text(encoding="utf-8"))["documents"]
        assert document["path"] == str(source)
        assert document["verdict"] == "accept"
    html = run_cli(
        [
            *("validate", "-q", "--output-dir", str(tmp_path / "html")),
            *("--report-format", "html", "--lang", "de", str(require(CII))),
        ]
    )
    assert html.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "html").iterdir()) == [
        f"{CII.name}.html",
        f"{CII.name}.view.html",  # its rendering (einvoice view), which the report links to
        "index.html",
    ]


def test_a_folder_of_bad_inputs_is_reported_in_full(run_cli: CliRun, tmp_path: Path) -> None:
    folder = tmp_path / "eingang"
    (folder / "x.xml").mkdir(parents=True)  # a folder named like a document
    shutil.copyfile(require(UBL), folder / "x.xml" / "good.xml")
    (folder / "empty.xml").write_bytes(b"")
    (folder / "dangling.xml").symlink_to(folder / "gone.xml")
    (folder / "self.xml").symlink_to(folder / "self.xml")
    os.mkfifo(folder / "fifo.xml")
    (folder / "text.xml").write_text("not XML at all", encoding="utf-8")
    (folder / "parent").symlink_to(folder, target_is_directory=True)  # a loop, not followed
    result = run_cli(["validate", "-f", "json", "--summary", str(folder)])
    assert result.exit_code == 2
    documents = _json(result.stdout)["documents"]
    errors = {Path(d["path"]).name: d["error"] for d in documents if d["verdict"] == "error"}
    assert {name: error.split(": ", 1)[1] for name, error in errors.items()} == {
        "dangling.xml": "cannot be read (No such file or directory)",
        "empty.xml": "the file is empty",
        "fifo.xml": "not a regular file (a FIFO, socket or device)",
        "self.xml": "cannot be read (Too many levels of symbolic links)",
        "text.xml": "not well-formed XML: Start tag expected, '<' not found, line 1, column 1",
    }
    assert [Path(d["path"]).name for d in documents if d["verdict"] == "accept"] == ["good.xml"]
    assert result.stderr.splitlines()[-1] == "6 documents: 1 accepted, 0 rejected, 5 in error"


def test_progress_bar_counts_documents_as_they_finish() -> None:
    screen = Console(file=io.StringIO(), force_terminal=True, width=150)
    with ProgressDisplay(screen, redirect_stdout=False) as display:
        display.set_total(3)
        for verdict in (Verdict.ACCEPT, Verdict.REJECT):
            display.document_done(DocumentResult("a.xml", Container.XML, None, None, None, verdict))
    assert isinstance(screen.file, io.StringIO)
    drawn = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", screen.file.getvalue())
    assert "2/3" in drawn
    assert "1 accepted · 1 rejected · 0 in error" in drawn


def test_ctrl_c_keeps_what_is_done_and_stops_the_workers(tmp_path: Path) -> None:
    paths = []
    for name in ("a.xml", "b.xml", "hang.xml", "c.xml"):
        shutil.copyfile(require(UBL), tmp_path / name)
        paths.append(str(tmp_path / name))
    reports = tmp_path / "reports"
    process = subprocess.Popen(
        [
            *(
                sys.executable,
                "-m",
                "tests.support.batch_hooks",
                "validate",
                "-j",
                "2",
                "-f",
                "json",
            ),
            *("--output-dir", str(reports), *paths),
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a terminal's Ctrl-C reaches
    )
    pid_file = tmp_path / "hang.xml.pid"
    deadline = time.monotonic() + 180
    while not (pid_file.exists() and (reports / "b.xml.json").exists()):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the batch did not get to the hanging document"
        time.sleep(0.2)
    os.killpg(process.pid, signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    report = _json(stdout.decode())
    assert [Path(d["path"]).name for d in report["documents"]] == ["a.xml", "b.xml"]
    assert report["summary"]["documents"] == 2
    assert stderr.decode().splitlines()[-2:] == [
        "2 documents: 2 accepted, 0 rejected, 0 in error",
        "interrupted",
    ]
    assert sorted(p.name for p in reports.iterdir()) == ["a.xml.json", "b.xml.json"]
    hung = int(pid_file.read_text(encoding="utf-8"))
    with pytest.raises(ProcessLookupError):
        os.kill(hung, 0)


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "-0"])
def test_timeout_must_be_a_finite_positive_number(run_cli: CliRun, value: str) -> None:
    result = run_cli(["validate", "--timeout", value, str(require(UBL))])
    assert result.exit_code == 2
    assert "--timeout" in result.stderr


@pytest.mark.parametrize("output_format", ["json", "jsonl", "sarif", "text"])
def test_rules_that_cannot_be_installed_are_an_error_of_that_document_only(
    run_cli: CliRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, output_format: str
) -> None:
    empty_mirror = tmp_path / "mirror"
    empty_mirror.mkdir()
    monkeypatch.setenv("EINVOICE_RULES_MIRROR", str(empty_mirror))
    monkeypatch.setenv("EINVOICE_CACHE_DIR", str(tmp_path / "cache"))
    paths = [str(require(EN_UBL)), str(require(UBL)), str(require(EN_UBL))]
    result = run_cli(
        ["validate", "--offline", "-j", "1", "-f", output_format, *paths], share_engine=False
    )
    assert result.exit_code == 2
    assert "LICENSE" not in result.stdout + result.stderr
    if output_format == "json":
        documents = _json(result.stdout)["documents"]
    elif output_format == "jsonl":
        documents = [json.loads(line) for line in result.stdout.splitlines()]
    elif output_format == "sarif":
        assert len(_json(result.stdout)["runs"][0]["artifacts"]) == 3
        return
    else:
        assert len(re.findall(r"^(ACCEPT|REJECT|ERROR)", result.stdout, re.M)) == 3
        assert "rule pack cen-en16931@1.3.15 is not installed" in result.stdout
        return
    assert [d["verdict"] for d in documents] == ["accept", "error", "accept"]
    error = documents[1]["error"]
    assert "rule pack cen-en16931@1.3.15" in error
    assert "EN16931 XRechnung (UBL Invoice)" in error
