"""What ``extract`` writes (issue 14): an embedded "invoice" that is not well-formed, safe XML
is refused unless --raw, -o never turns a FIFO or device into a regular file, and --all writes
no more than a total limit and the free space allow, under names that are safe to use."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import CliRun
from tests.support.pdfsamples import Embedded, build_pdf, en16931_xml, flate_bomb, xmp_packet

MIB = 1024**2


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


def test_overwrite_never_replaces_a_device(run_cli: CliRun, tmp_path: Path) -> None:
    pdf = tmp_path / "good.pdf"
    pdf.write_bytes(build_pdf([Embedded(name="factur-x.xml", data=en16931_xml())]))
    result = run_cli(["extract", str(pdf), "-o", os.devnull, "--overwrite"])
    assert result.exit_code == 2
    assert "not a regular file" in result.stderr
    assert Path(os.devnull).is_char_device()


def test_overwrite_never_replaces_a_fifo(run_cli: CliRun, tmp_path: Path) -> None:
    pdf = tmp_path / "good.pdf"
    pdf.write_bytes(build_pdf([Embedded(name="factur-x.xml", data=en16931_xml())]))
    fifo = tmp_path / "pipe.xml"
    os.mkfifo(fifo)
    result = run_cli(["extract", str(pdf), "-o", str(fifo), "--overwrite"])
    assert result.exit_code == 2
    assert "not a regular file" in result.stderr
    assert fifo.is_fifo()


def _many(count: int, size: int) -> bytes:
    """A small PDF whose ``count`` attachments each inflate to ``size`` bytes of zeros."""
    bomb = flate_bomb(size)
    files = [Embedded("factur-x.xml", en16931_xml())]
    files += [Embedded(f"zeros-{n}.bin", b"", mime=None, encoded=bomb) for n in range(count)]
    return build_pdf(files, xmp=xmp_packet())


def test_all_writes_nothing_past_the_default_total_limit(run_cli: CliRun, tmp_path: Path) -> None:
    """Five attachments of 60 MiB (each under the attachment limit) from a PDF of 300 KB:
    the total is over the default of 256 MiB, so nothing is written."""
    pdf = tmp_path / "many.pdf"
    pdf.write_bytes(_many(5, 60 * MIB))
    assert pdf.stat().st_size < MIB
    folder = tmp_path / "out"
    result = run_cli(["extract", str(pdf), "--all", str(folder)])
    assert result.exit_code == 2
    assert "total more than the limit of 268,435,456 bytes" in result.stderr
    assert "--max-total-size" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert not folder.exists()


def test_the_total_limit_is_an_option(run_cli: CliRun, tmp_path: Path) -> None:
    pdf = tmp_path / "three.pdf"
    pdf.write_bytes(_many(3, MIB))
    refused = run_cli(
        ["extract", str(pdf), "--all", str(tmp_path / "a"), "--max-total-size", "3MiB"]
    )
    assert refused.exit_code == 2
    assert not (tmp_path / "a").exists()
    taken = run_cli(["extract", str(pdf), "--all", str(tmp_path / "b"), "--max-total-size", "4MiB"])
    assert taken.exit_code == 0, taken.stderr
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == [
        "factur-x.xml",
        "zeros-0.bin",
        "zeros-1.bin",
        "zeros-2.bin",
    ]


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("C", ["error:", "not enough free space", "1,000 bytes are free"]),
        ("de_DE.UTF-8", ["Fehler:", "zu wenig freier Speicherplatz", "1.000 frei"]),
    ],
)
def test_all_refuses_what_does_not_fit_in_the_free_space(
    run_cli: CliRun,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    words: list[str],
) -> None:
    """The free space is the file system's (shutil.disk_usage), here made small."""
    pdf = tmp_path / "two.pdf"
    pdf.write_bytes(_many(2, 4096))
    needed = len(en16931_xml()) + 2 * 4096
    real = shutil.disk_usage

    def small(path: str | os.PathLike[str]) -> object:
        total, used, _ = real(path)
        return type(real(path))(total, used, 1000)

    monkeypatch.setattr(shutil, "disk_usage", small)
    monkeypatch.setenv("LC_ALL", lang)
    folder = tmp_path / "out"
    result = run_cli(["extract", str(pdf), "--all", str(folder)])
    assert result.exit_code == 2
    error = result.stderr.splitlines()[-1]
    for word in words:
        assert word in error
    assert f"the files need {needed:,} bytes" in error
    assert not folder.exists()


def test_all_writes_names_that_are_safe_to_use(run_cli: CliRun, tmp_path: Path) -> None:
    """A leading "-" reads as an option to the next command (rm *); a right-to-left override
    or a zero-width character makes a name show as another."""
    names = ["-rf", "--help.txt", "rechnung\u202efdp.exe", "zero\u200bwidth.txt"]
    files = [Embedded("factur-x.xml", en16931_xml())]
    files += [Embedded(name, b"x", mime="text/plain") for name in names]
    pdf = tmp_path / "names.pdf"
    pdf.write_bytes(build_pdf(files, xmp=xmp_packet()))
    folder = tmp_path / "out"
    result = run_cli(["extract", str(pdf), "--all", str(folder)])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in folder.iterdir()) == [
        "_-help.txt",
        "_rf",
        "attachment-4.bin",
        "attachment-5.bin",
        "factur-x.xml",
    ]
