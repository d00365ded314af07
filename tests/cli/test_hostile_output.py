"""Hostile names and texts never forge a report line or reach the terminal raw (issue 14):
file names with newlines and escape sequences, in the text report, ``--quiet`` lines and
messages on stderr."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from einvoice_cli.core.printable import printable
from tests.conftest import CliRun
from tests.support.corpus import REPO

REJECTED = REPO / "samples" / "invalid-invoice.xml"
FORGED = "b.xml\nACCEPT  a.xml"
ESCAPE = "c\x1b[2J\x1b]0;owned\x07.xml"


@pytest.fixture
def hostile_folder(tmp_path: Path) -> Path:
    """Three rejected invoices: a.xml, one whose name forges an ACCEPT line for a.xml, and
    one whose name holds terminal escape sequences."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.xml", FORGED, ESCAPE):
        shutil.copyfile(REJECTED, folder / name)
    return folder


def _assert_one_line_per_document(stdout: str, count: int) -> None:
    lines = stdout.splitlines()
    assert len(lines) == count
    assert all(line.startswith("REJECT  ") for line in lines), lines
    assert "\x1b" not in stdout and "\x07" not in stdout


def test_quiet_lines_cannot_be_forged_by_a_file_name(run_cli: CliRun, hostile_folder: Path) -> None:
    result = run_cli(["validate", "-q", str(hostile_folder)])
    assert result.exit_code == 1
    _assert_one_line_per_document(result.stdout, 3)
    assert f"REJECT  {hostile_folder}/b.xml\\nACCEPT  a.xml" in result.stdout
    assert "c\\x1b[2J\\x1b]0;owned\\x07.xml" in result.stdout


def test_text_report_escapes_names(run_cli: CliRun, hostile_folder: Path) -> None:
    result = run_cli(["validate", str(hostile_folder)])
    assert result.exit_code == 1
    assert not any(line.startswith("ACCEPT") for line in result.stdout.splitlines())
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "b.xml\\nACCEPT  a.xml" in result.stdout


def test_error_messages_on_stderr_escape_names(run_cli: CliRun, tmp_path: Path) -> None:
    missing = tmp_path / "gone.xml\nACCEPT  x.xml\x1b[31m"
    result = run_cli(["validate", "-q", str(missing)])
    assert result.exit_code == 2
    assert [line[:6] for line in result.stdout.splitlines()] == ["ERROR "]
    assert "\x1b" not in result.stdout + result.stderr
    result = run_cli(["validate", str(missing)])
    assert not any(line.startswith("ACCEPT") for line in result.stdout.splitlines())
    assert "\x1b" not in result.stdout


def test_extract_messages_escape_the_pdf_name(run_cli: CliRun, tmp_path: Path) -> None:
    missing = tmp_path / "x.pdf\nwarning: forged\x1b[2J"
    result = run_cli(["extract", str(missing)])
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1
    assert "\x1b" not in result.stderr


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain/päth.xml", "plain/päth.xml"),
        ("a\nb\rc\td", "a\\nb\\rc\\td"),
        ("\x1b[2J\x7f", "\\x1b[2J\\x7f"),
        ("\x85\u2028\u202etxt.exe", "\\u0085\\u2028\\u202etxt.exe"),
        ("zero\u200bwidth\ufeff", "zero\\u200bwidth\\ufeff"),
        (b"caf\xe9.xml".decode("utf-8", "surrogateescape"), "caf\\xe9.xml"),
    ],
)
def test_printable_escapes_controls_invisibles_and_undecodable_bytes(raw: str, shown: str) -> None:
    assert printable(raw) == shown
    assert printable(raw).isprintable()
