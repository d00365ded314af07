"""Safe names and careful writes for files taken out of documents."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from einvoice_cli.core.outputs import (
    MAX_NAME_BYTES,
    safe_file_name,
    unique_names,
    write_file,
    write_files,
)
from einvoice_cli.errors import OutputError


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("factur-x.xml", "factur-x.xml"),
        ("Rechnung März 2025.pdf", "Rechnung März 2025.pdf"),
        ("../../etc/passwd", "passwd"),
        ("/etc/passwd", "passwd"),
        ("C:\\Windows\\system32\\evil.dll", "evil.dll"),
        ("..\\..\\boot.ini", "boot.ini"),
        ("..", "fallback.bin"),
        ("...", "fallback.bin"),
        ("", "fallback.bin"),
        (None, "fallback.bin"),
        ("dir/", "fallback.bin"),
        ("bell\x07.txt", "fallback.bin"),
        ("new\nline.txt", "fallback.bin"),
        ("nul\x00.txt", "fallback.bin"),
        ("CON", "fallback.bin"),
        ("con.xml", "fallback.bin"),
        ("LPT1.txt", "fallback.bin"),
        ("COM9", "fallback.bin"),
        ("CONSOLE.txt", "CONSOLE.txt"),
        ('a<b>c:d"e|f?g*h.txt', "a_b_c_d_e_f_g_h.txt"),
        ("trailing dot. ", "trailing dot"),
        ("  spaced.pdf  ", "spaced.pdf"),
        ("-rf", "_rf"),
        (" --help.txt", "_-help.txt"),
        ("rechnung\u202efdp.exe", "fallback.bin"),
        ("zero\u200bwidth.txt", "fallback.bin"),
        ("isolate\u2066.txt", "fallback.bin"),
        ("\ufeffbom.xml", "fallback.bin"),
    ],
)
def test_names_from_documents_become_plain_safe_names(raw: str | None, safe: str) -> None:
    assert safe_file_name(raw, "fallback.bin") == safe


def test_long_names_are_shortened_keeping_the_extension() -> None:
    name = safe_file_name("ä" * 300 + ".pdf", "x")
    assert name.endswith(".pdf")
    assert len(name.encode("utf-8")) <= MAX_NAME_BYTES


def test_clashing_names_are_renumbered_ignoring_case() -> None:
    assert unique_names(["a.pdf", "A.pdf", "a.pdf", "a-2.pdf", "b", "b", ".profile"]) == (
        "a.pdf",
        "A-2.pdf",
        "a-3.pdf",
        "a-2-2.pdf",
        "b",
        "b-2",
        ".profile",
    )


def test_a_file_is_written_whole_and_only_once(tmp_path: Path) -> None:
    target = tmp_path / "x.xml"
    write_file(target, b"one", overwrite=False)
    with pytest.raises(OutputError, match=r"x.xml exists; not overwritten$"):
        write_file(target, b"two", overwrite=False)
    assert target.read_bytes() == b"one"
    write_file(target, b"three", overwrite=True)
    assert target.read_bytes() == b"three"
    assert [p.name for p in tmp_path.iterdir()] == ["x.xml"]


def test_a_symbolic_link_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"keep")
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "x.txt").symlink_to(outside)
    with pytest.raises(OutputError, match="exists"):
        list(write_files(folder, ["x.txt"], [b"new"], overwrite=False))
    list(write_files(folder, ["x.txt"], [b"new"], overwrite=True))
    assert outside.read_bytes() == b"keep"
    assert not (folder / "x.txt").is_symlink()
    assert (folder / "x.txt").read_bytes() == b"new"


def test_files_get_the_usual_permissions(tmp_path: Path) -> None:
    write_file(tmp_path / "x", b"", overwrite=False)
    mask = os.umask(0o022)
    os.umask(mask)
    assert (tmp_path / "x").stat().st_mode & 0o777 == 0o666 & ~mask


def test_an_unwritable_folder_is_an_output_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_bytes(b"")
    with pytest.raises(OutputError, match="cannot create the folder"):
        list(write_files(blocker / "sub", ["x"], [b""], overwrite=False))
