"""``einvoice extract`` through the real command line (CliRunner, in-process)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result
from lxml import etree

from einvoice_cli.cli.extract import extract
from einvoice_cli.cli.main import EinvoiceGroup
from einvoice_cli.hybrid.pdf import PdfSettings, extract_invoice
from tests.support.corpus import ZUGFERD, require
from tests.support.pdfsamples import Embedded, build_pdf, en16931_xml, flate_bomb, xmp_packet

EINFACH = ZUGFERD / "XML-Rechnung" / "FX" / "EN16931_Einfach.pdf"
ELEKTRON = ZUGFERD / "XML-Rechnung" / "FX" / "XRECHNUNG_Elektron.pdf"
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"


@click.group(cls=EinvoiceGroup)
def _einvoice() -> None:
    """The ``einvoice`` group as far as these tests need it."""


_einvoice.add_command(extract)


def run(args: Sequence[str], input: bytes | None = None) -> Result:
    """Run ``einvoice extract ...``; print what happened, for failing tests."""
    result = CliRunner().invoke(_einvoice, ["extract", *args], input=input, catch_exceptions=False)
    print(f"$ einvoice extract {' '.join(args)}\n--- exit {result.exit_code}")
    print(f"--- stdout\n{result.stdout_bytes[:2000]!r}\n--- stderr\n{result.stderr}")
    return result


def test_the_invoice_goes_to_stdout_and_the_choice_to_stderr() -> None:
    path = require(EINFACH)
    result = run([str(path)])
    assert result.exit_code == 0
    assert result.stdout_bytes == extract_invoice(path.read_bytes(), "x", PdfSettings()).xml
    assert result.stderr == (
        f"{path}: took factur-x.xml: the XMP metadata names it as DocumentFileName\n"
    )


def test_standard_input_is_read_with_a_dash() -> None:
    result = run(["-"], input=require(EINFACH).read_bytes())
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"<?xml")


def test_output_file_is_never_overwritten_without_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "rechnung.xml"
    first = run([str(require(EINFACH)), "-o", str(out)])
    assert first.exit_code == 0 and first.stdout_bytes == b""
    expected = out.read_bytes()
    out.write_bytes(b"mine")
    second = run([str(EINFACH), "-o", str(out)])
    assert second.exit_code == 2
    assert second.stderr.endswith(
        f"error: {out} exists; nothing was written (--overwrite replaces it)\n"
    )
    assert out.read_bytes() == b"mine"
    forced = run([str(EINFACH), "-o", str(out), "--overwrite"])
    assert forced.exit_code == 0
    # The old name still works, hidden from the help.
    assert run([str(EINFACH), "-o", str(out), "--force"]).exit_code == 0
    assert out.read_bytes() == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rechnung.xml"]


def test_all_writes_the_pdfs_files_and_the_invoices_supporting_documents(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    result = run([str(require(ELEKTRON)), "--all", str(folder)])
    assert result.exit_code == 0
    names = [Path(line).name for line in result.stdout.splitlines()]
    assert names == [
        "EN16931_Elektron_Aufmass.png",
        "EN16931_Elektron_ElektronRapport.pdf",
        "xrechnung.xml",
        "Aufmass.png",
        "ElektronRapport.pdf",
    ]
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)
    assert (folder / "Aufmass.png").read_bytes() == (
        folder / "EN16931_Elektron_Aufmass.png"
    ).read_bytes()
    assert (folder / "ElektronRapport.pdf").read_bytes().startswith(b"%PDF-")
    assert "took xrechnung.xml" in result.stderr


def _with_supporting_document(filename: str) -> bytes:
    tree = etree.fromstring(en16931_xml())
    agreement = tree.find(f".//{{{RAM}}}ApplicableHeaderTradeAgreement")
    assert agreement is not None
    document = etree.SubElement(agreement, f"{{{RAM}}}AdditionalReferencedDocument")
    etree.SubElement(document, f"{{{RAM}}}IssuerAssignedID").text = "A-1"
    etree.SubElement(document, f"{{{RAM}}}TypeCode").text = "916"
    binary = etree.SubElement(document, f"{{{RAM}}}AttachmentBinaryObject")
    binary.set("mimeCode", "text/plain")
    binary.set("filename", filename)
    binary.text = "aGVsbG8="
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


def test_all_keeps_hostile_names_inside_the_folder(tmp_path: Path) -> None:
    pdf = build_pdf(
        [
            Embedded("factur-x.xml", _with_supporting_document("../../bg24.txt")),
            Embedded("../../escape.txt", b"1", mime="text/plain"),
            Embedded("/etc/passwd", b"2", mime="text/plain"),
            Embedded("CON.xml", b"3", mime="text/plain"),
            Embedded("bell\x07.txt", b"4", mime="text/plain"),
            Embedded("..", b"5", mime="text/plain"),
            Embedded("same.txt", b"6", mime="text/plain"),
            Embedded("SAME.txt", b"7", mime="text/plain"),
        ],
        xmp=xmp_packet(),
    )
    source = tmp_path / "hostile.pdf"
    source.write_bytes(pdf)
    folder = tmp_path / "a" / "b"
    result = run([str(source), "--all", str(folder)])
    assert result.exit_code == 0
    written = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert written == {
        "factur-x.xml": written["factur-x.xml"],
        "escape.txt": b"1",
        "passwd": b"2",
        "attachment-4.bin": b"3",
        "attachment-5.bin": b"4",
        "attachment-6.bin": b"5",
        "same.txt": b"6",
        "SAME-2.txt": b"7",
        "bg24.txt": b"hello",
    }
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "hostile.pdf"]
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["b"]


def test_all_writes_nothing_when_one_file_exists(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "xrechnung.xml").write_bytes(b"mine")
    result = run([str(require(ELEKTRON)), "--all", str(folder)])
    assert result.exit_code == 2
    assert "xrechnung.xml exists; nothing was written (--overwrite replaces it)" in result.stderr
    assert [p.name for p in folder.iterdir()] == ["xrechnung.xml"]
    assert run([str(ELEKTRON), "--all", str(folder), "--overwrite"]).exit_code == 0
    assert (folder / "xrechnung.xml").read_bytes() != b"mine"
    assert not [p for p in folder.iterdir() if p.name.startswith(".einvoice-")]


def test_all_still_writes_the_files_of_a_pdf_without_invoice(tmp_path: Path) -> None:
    source = tmp_path / "scan.pdf"
    source.write_bytes(build_pdf([Embedded("scan.png", b"\x89PNG", mime="image/png")]))
    result = run([str(source), "--all", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert (tmp_path / "out" / "scan.png").read_bytes() == b"\x89PNG"
    assert "warning: " in result.stderr
    assert "none of the 1 embedded files is an invoice XML (scan.png)" in result.stderr


def test_a_second_invoice_is_mentioned(tmp_path: Path) -> None:
    path = require(ZUGFERD / "ZUGFeRDv2" / "fail" / "MustangRE-20171118_506_ZUGFeRD1and2.pdf")
    result = run([str(path)])
    assert result.exit_code == 0
    assert f"warning: {path} also embeds ZUGFeRD-invoice.xml, which differs from it" in (
        result.stderr
    )


@pytest.mark.parametrize(
    ("content", "extra", "message"),
    [
        (b"plain text", [], "not a PDF (no %PDF- header)"),
        (build_pdf(), [], "the PDF has no embedded files"),
        (
            build_pdf([Embedded("factur-x.xml", b"", encoded=flate_bomb(8 * 1024 * 1024))]),
            ["--max-attachment-size", "1MiB"],
            "factur-x.xml decompresses to more than the limit of 1,048,576 bytes",
        ),
        (b"%PDF-1.7\n" + b" " * 2000, ["--max-size", "1KB"], "over the PDF size limit of 1,000"),
    ],
    ids=["not-a-pdf", "no-attachments", "bomb", "too-large"],
)
def test_bad_input_is_one_line_on_stderr_and_exit_2(
    tmp_path: Path, content: bytes, extra: list[str], message: str
) -> None:
    source = tmp_path / "bad.pdf"
    source.write_bytes(content)
    result = run([str(source), *extra])
    assert result.exit_code == 2
    assert result.stdout_bytes == b""
    [line] = result.stderr.splitlines()
    assert line.startswith(f"error: {source}: ")
    assert message in line


def test_a_missing_file_is_an_error(tmp_path: Path) -> None:
    result = run([str(tmp_path / "nope.pdf")])
    assert result.exit_code == 2
    assert "nope.pdf: cannot be read (No such file or directory)" in result.stderr


def test_output_and_all_exclude_each_other(tmp_path: Path) -> None:
    result = run([str(EINFACH), "-o", str(tmp_path / "x.xml"), "--all", str(tmp_path)])
    assert result.exit_code == 2
    assert "give either -o/--output or --all, not both" in result.stderr


def test_help_has_examples() -> None:
    result = run(["--help"])
    assert result.exit_code == 0
    assert "Take the invoice XML out of a ZUGFeRD / Factur-X PDF." in result.stdout
    assert "einvoice extract rechnung.pdf --all anhaenge/" in result.stdout


def test_all_of_two_pdfs_of_one_name_keeps_each_in_its_own_folder(tmp_path: Path) -> None:
    """Issue 13: two PDFs called the same from two folders must neither overwrite nor mix
    their files; each gets a folder named after it and the folder that tells it apart."""
    for folder, source in (("a", EINFACH), ("b", ELEKTRON)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "rechnung.pdf").write_bytes(require(source).read_bytes())
    out = tmp_path / "out"
    result = run(
        [
            str(tmp_path / "a" / "rechnung.pdf"),
            str(tmp_path / "b" / "rechnung.pdf"),
            "--all",
            str(out),
        ]
    )
    assert result.exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["rechnung~a", "rechnung~b"]
    a = {p.name: p.read_bytes() for p in (out / "rechnung~a").iterdir()}
    b = {p.name: p.read_bytes() for p in (out / "rechnung~b").iterdir()}
    assert (
        a["factur-x.xml"] == extract_invoice(require(EINFACH).read_bytes(), "a", PdfSettings()).xml
    )
    invoice_b = extract_invoice(require(ELEKTRON).read_bytes(), "b", PdfSettings())
    assert b[invoice_b.attachment.name] == invoice_b.xml
    listed = result.stdout.splitlines()
    assert sorted(listed) == sorted(
        [str(out / "rechnung~a" / n) for n in a] + [str(out / "rechnung~b" / n) for n in b]
    )


def test_all_of_several_pdfs_names_each_folder_after_its_pdf(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run([str(require(EINFACH)), str(require(ELEKTRON)), "--all", str(out)])
    assert result.exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["EN16931_Einfach", "XRECHNUNG_Elektron"]


def test_all_of_several_pdfs_goes_on_after_one_that_fails(tmp_path: Path) -> None:
    out = tmp_path / "out"
    missing = tmp_path / "nope.pdf"
    result = run([str(missing), str(require(EINFACH)), "--all", str(out)])
    assert result.exit_code == 2
    assert f"error: {missing}: cannot be read (No such file or directory)" in result.stderr
    assert (out / "EN16931_Einfach" / "factur-x.xml").is_file()
    assert not (out / "nope").exists()


def test_several_pdfs_need_all(tmp_path: Path) -> None:
    result = run([str(require(EINFACH)), str(require(ELEKTRON))])
    assert result.exit_code == 2
    assert "several PDFs need --all DIR" in result.stderr


def test_notes_in_german(monkeypatch: pytest.MonkeyPatch) -> None:
    """``--lang de`` (or a German locale) words the notes on stderr; file names stay."""
    path = require(EINFACH)
    result = run([str(path), "--lang", "de"])
    assert result.exit_code == 0
    assert result.stderr == (
        f"{path}: factur-x.xml genommen: die XMP-Metadaten nennen sie als DocumentFileName\n"
    )
    second = require(ZUGFERD / "ZUGFeRDv2" / "fail" / "MustangRE-20171118_506_ZUGFeRD1and2.pdf")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    result = run([str(second)])
    assert result.exit_code == 0
    assert f"Warnung: {second} enthält auch ZUGFeRD-invoice.xml, die von ihr abweicht" in (
        result.stderr
    )
    assert "warning" not in result.stderr and "took" not in result.stderr
