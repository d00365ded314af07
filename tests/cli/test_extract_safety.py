"""What ``extract`` writes (issue 14): an embedded "invoice" that is not well-formed, safe XML
is refused unless --raw, and -o never turns a FIFO or device into a regular file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import CliRun
from tests.support.pdfsamples import Embedded, build_pdf, en16931_xml


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"\x8f\x01random bytes\xff", "not well-formed"),
        (b"", "empty"),
        (b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>', "DOCTYPE"),
    ],
    ids=["random", "empty", "doctype"],
)
def test_an_unsafe_embedded_invoice_is_refused_unless_raw(
    run_cli: CliRun, tmp_path: Path, content: bytes, reason: str
) -> None:
    pdf = tmp_path / "odd.pdf"
    pdf.write_bytes(build_pdf([Embedded(name="factur-x.xml", data=content)]))
    out = tmp_path / "out.xml"
    result = run_cli(["extract", str(pdf), "-o", str(out)])
    assert result.exit_code == 2, result.stderr
    assert reason.lower() in result.stderr.lower()
    assert not out.exists()
    raw = run_cli(["extract", "--raw", str(pdf), "-o", str(out)])
    assert raw.exit_code == 0, raw.stderr
    assert out.read_bytes() == content


def test_a_good_invoice_is_extracted_as_before(run_cli: CliRun, tmp_path: Path) -> None:
    pdf = tmp_path / "good.pdf"
    pdf.write_bytes(build_pdf([Embedded(name="factur-x.xml", data=en16931_xml())]))
    result = run_cli(["extract", str(pdf), "-o", str(tmp_path / "out.xml")])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "out.xml").read_bytes() == en16931_xml()


def test_overwrite_never_replaces_a_fifo(run_cli: CliRun, tmp_path: Path) -> None:
    pdf = tmp_path / "good.pdf"
    pdf.write_bytes(build_pdf([Embedded(name="factur-x.xml", data=en16931_xml())]))
    fifo = tmp_path / "pipe.xml"
    os.mkfifo(fifo)
    result = run_cli(["extract", str(pdf), "-o", str(fifo), "--overwrite"])
    assert result.exit_code == 2
    assert "not a regular file" in result.stderr
    assert fifo.is_fifo()
