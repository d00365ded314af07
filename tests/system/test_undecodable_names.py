"""A file name that is not valid UTF-8 (issue 14) is validated like any other, and every
report stays valid UTF-8: JSON carries the undecodable byte as a lone surrogate escape
(``\\udcNN``, which Python's ``json.loads`` and ``os.fsencode`` turn back into the name),
SARIF percent-encodes it in the URI, and text shows ``\\xNN``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from einvoice_cli.validation.engine import RuleEngine
from tests.support.corpus import MIRROR, REPO

NAME = b"caf\xe9.xml"
SAMPLE = REPO / "samples" / "xrechnung-ubl-invoice.xml"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder holding one valid invoice whose file name is Latin-1, not UTF-8."""
    target = tmp_path / "in"
    target.mkdir()
    shutil.copyfile(SAMPLE, os.fsdecode(bytes(target) + b"/" + NAME))
    return target


def _einvoice(args: list[str], rules_cache: Path) -> subprocess.CompletedProcess[bytes]:
    environment = dict(
        os.environ,
        EINVOICE_CACHE_DIR=str(rules_cache),
        EINVOICE_RULES_MIRROR=str(MIRROR),
        PYTHONIOENCODING="utf-8:strict",
    )
    return subprocess.run(
        [sys.executable, "-c", "from einvoice_cli.cli.main import main; main()", *args],
        capture_output=True,
        env=environment,
        timeout=240,
        check=False,
    )


@pytest.mark.parametrize("output_format", ["json", "jsonl", "sarif", "junit", "text"])
def test_reports_of_an_undecodable_name_are_valid_utf8(
    engine: RuleEngine, rules_cache: Path, folder: Path, output_format: str
) -> None:
    del engine  # the session's rules are compiled into rules_cache
    result = _einvoice(["validate", "-j", "1", "-f", output_format, str(folder)], rules_cache)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    text = result.stdout.decode("utf-8")  # strict: raises on invalid UTF-8
    if output_format == "json":
        [document] = json.loads(text)["documents"]
        assert os.fsencode(document["path"]).endswith(b"/" + NAME)
    elif output_format == "jsonl":
        assert os.fsencode(json.loads(text)["path"]).endswith(b"/" + NAME)
    elif output_format == "sarif":
        assert "caf%E9.xml" in text
    else:
        assert "caf\\xe9.xml" in text


@pytest.mark.parametrize("report_format", ["json", "html"])
def test_report_files_of_an_undecodable_name(
    engine: RuleEngine, rules_cache: Path, folder: Path, tmp_path: Path, report_format: str
) -> None:
    del engine
    out = tmp_path / "reports"
    result = _einvoice(
        ["validate", "-j", "1", "-q", "--output-dir", str(out), "--report-format",
         report_format, str(folder)],
        rules_cache,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    written = list(out.iterdir())
    assert [p for p in written if p.name != "index.html"]  # the document's report(s)
    for page in written:
        page.read_bytes().decode("utf-8")  # strict: every file is valid UTF-8
