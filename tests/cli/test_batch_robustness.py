"""What stopped a whole batch with "internal error" (issue 14) is now an error of one document
or a clear one-line failure with every report whole: an unknown PDF stream filter, a folder
about 1000 levels deep, a path name over 255 bytes, a report file that cannot be written."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

from einvoice_cli.validation.engine import RuleEngine
from tests.conftest import CliRun
from tests.support.corpus import MIRROR, REPO
from tests.support.pdfsamples import Embedded, build_pdf, en16931_xml

GOOD = REPO / "samples" / "xrechnung-ubl-invoice.xml"
BAD = REPO / "samples" / "invalid-invoice.xml"


def _documents(stdout: str) -> list[dict[str, Any]]:
    documents: list[dict[str, Any]] = json.loads(stdout)["documents"]
    return documents


def test_an_unknown_pdf_stream_filter_is_an_error_of_that_pdf(
    run_cli: CliRun, tmp_path: Path
) -> None:
    pdf = build_pdf([Embedded(name="factur-x.xml", data=en16931_xml(), flate=True)])
    target = tmp_path / "unknown-filter.pdf"
    target.write_bytes(pdf.replace(b"/Filter /FlateDecode", b"/Filter /FooDecode"))
    result = run_cli(["validate", "-f", "json", str(target), str(GOOD)])
    first, second = _documents(result.stdout)
    assert first["verdict"] == "error"
    assert "internal error" not in first["error"]
    assert "/FooDecode" in first["error"]
    assert second["verdict"] == "accept"
    extracted = run_cli(["extract", str(target)])
    assert extracted.exit_code == 2
    assert "internal error" not in extracted.stderr
    assert "/FooDecode" in extracted.stderr


def test_a_folder_1100_levels_deep_is_walked(run_cli: CliRun, tmp_path: Path) -> None:
    deep = tmp_path / "deep"
    deep.mkdir()
    descriptor = os.open(deep, os.O_RDONLY)
    try:
        for _ in range(1100):  # relative steps: the absolute path is past PATH_MAX
            os.mkdir("d", dir_fd=descriptor)
            inner = os.open("d", os.O_RDONLY, dir_fd=descriptor)
            os.close(descriptor)
            descriptor = inner
        with os.fdopen(
            os.open("x.xml", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=descriptor), "wb"
        ) as f:
            f.write(GOOD.read_bytes())
    finally:
        os.close(descriptor)
    try:
        result = run_cli(["validate", "-f", "json", str(deep), str(GOOD)])
    finally:
        _flatten(deep)  # pytest's clean-up (shutil.rmtree) recurses, and would fail
    assert "internal error" not in result.stderr
    documents = _documents(result.stdout)
    assert documents[-1]["verdict"] == "accept"
    assert len(documents) == 2
    assert documents[0]["path"].endswith("/d/x.xml") or documents[0]["verdict"] == "error"


def _flatten(folder: Path) -> None:
    """Lift the chain of folders ``d/d/d/...`` below ``folder`` one level at a time."""
    while (inner := folder / "d").is_dir():
        for child in list(inner.iterdir()):
            child.rename(folder / f"{child.name}.up")
        inner.rmdir()
        for lifted in list(folder.glob("*.up")):
            lifted.rename(folder / lifted.name.removesuffix(".up"))


def test_a_path_name_over_255_bytes_is_an_error_of_that_document(
    run_cli: CliRun, tmp_path: Path
) -> None:
    long_name = str(tmp_path / ("a" * 300 + ".xml"))
    result = run_cli(["validate", "-f", "json", long_name, str(GOOD)])
    first, second = _documents(result.stdout)
    assert first["verdict"] == "error"
    assert "File name too long" in first["error"]
    assert second["verdict"] == "accept"
    assert result.exit_code == 2


def _limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))


def test_a_report_file_that_cannot_be_written_leaves_the_report_whole(
    engine: RuleEngine, rules_cache: Path, tmp_path: Path
) -> None:
    del engine  # the session's rules are compiled into rules_cache
    environment = dict(
        os.environ, EINVOICE_CACHE_DIR=str(rules_cache), EINVOICE_RULES_MIRROR=str(MIRROR)
    )
    out = tmp_path / "reports"
    result = subprocess.run(
        [sys.executable, "-c", "from einvoice_cli.cli.main import main; main()",
         "validate", "-j", "1", "-f", "json", "--output-dir", str(out), str(BAD), str(GOOD)],
        capture_output=True,
        text=True,
        env=environment,
        preexec_fn=_limit_file_size,
        timeout=240,
        check=False,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    documents = _documents(result.stdout)  # whole: it parses
    assert [d["verdict"] for d in documents] == ["reject", "accept"]
    assert "internal error" not in result.stderr
    assert "cannot be written" in result.stderr
    assert not [p for p in out.iterdir() if not p.name.startswith(".")] or all(
        json.loads(p.read_text(encoding="utf-8")) for p in out.glob("*.json")
    )


def test_junk_before_the_pdf_header_is_read_as_a_pdf(run_cli: CliRun, tmp_path: Path) -> None:
    pdf = build_pdf([Embedded(name="factur-x.xml", data=en16931_xml())])
    target = tmp_path / "junk-first.pdf"
    target.write_bytes(b"\r\n\x00junk from a mail gateway\n" + pdf)
    result = run_cli(["validate", "-f", "json", str(target)])
    [document] = _documents(result.stdout)
    assert document["container"] == "pdf"
    assert "not well-formed XML" not in str(document["error"])


def test_a_self_referencing_length_is_a_broken_pdf_not_a_bomb(
    run_cli: CliRun, tmp_path: Path
) -> None:
    """Issue 14: it was reported as a decompression bomb (too large, raise --max-size)."""
    pdf = build_pdf([Embedded(name="factur-x.xml", data=en16931_xml(), length="{self} 0 R")])
    target = tmp_path / "self-length.pdf"
    target.write_bytes(pdf)
    result = run_cli(["validate", "-f", "json", str(target), str(GOOD)])
    first, second = _documents(result.stdout)
    assert first["error_kind"] == "broken-pdf"
    assert "/Length" in first["error"]
    assert "decompress" not in first["error"]
    assert second["verdict"] == "accept"
    german = run_cli(["validate", "--lang", "de", str(target)])
    assert "beschädigtes oder nicht lesbares PDF: " in german.stdout
    assert "--max-size" not in german.stdout
    extracted = run_cli(["extract", str(target)])
    assert extracted.exit_code == 2
    assert "/Length is a reference to that stream" in extracted.stderr
    assert "--max-size" not in extracted.stderr
