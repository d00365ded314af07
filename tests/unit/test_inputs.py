"""Inputs: folder walks in a stable order, --include/--exclude, path lists, and the paths that
cannot be read (each an input that says why, never a silent gap or a hang)."""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from einvoice_cli.errors import InputError
from einvoice_cli.validation.inputs import (
    Input,
    InputSelection,
    collect_inputs,
    count_inputs,
    read_path_list,
)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A received-invoices folder with documents, other files and subfolders."""
    root = tmp_path / "eingang"
    for relative in (
        "a.xml",
        "b.XML",
        "c.pdf",
        "notes.txt",
        ".hidden.xml",
        "sub/d.xml",
        "sub/e.xml",
        "archive/f.xml",
        "dir.xml/g.xml",  # a folder named like a document is walked, not read
    ):
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("<x/>", encoding="utf-8")
    return root


def names(inputs: Iterator[Input], root: Path) -> list[str]:
    return [Path(i.name).relative_to(root).as_posix() for i in inputs]


# The documents of ``tree`` in walk order: a folder's files sorted by name, then its subfolders.
TREE_ORDER = [
    "a.xml",
    "b.XML",
    "c.pdf",
    "archive/f.xml",
    "dir.xml/g.xml",
    "sub/d.xml",
    "sub/e.xml",
]


def test_folder_order_is_sorted_files_then_subfolders(tree: Path) -> None:
    assert names(collect_inputs([str(tree)]), tree) == TREE_ORDER


@pytest.mark.parametrize(
    ("include", "exclude", "expected"),
    [
        ((), ("archive",), ["a.xml", "b.XML", "c.pdf", "dir.xml/g.xml", "sub/d.xml", "sub/e.xml"]),
        (
            (),
            ("sub/e.xml", "*.pdf"),
            ["a.xml", "b.XML", "archive/f.xml", "dir.xml/g.xml", "sub/d.xml"],
        ),
        (("*.txt",), (), ["notes.txt"]),
        (("sub/*",), (), ["sub/d.xml", "sub/e.xml"]),
        (("*.xml",), ("d.xml",), ["a.xml", "archive/f.xml", "dir.xml/g.xml", "sub/e.xml"]),
        (
            ("*.xml", "*.XML"),
            ("dir.xml",),
            ["a.xml", "b.XML", "archive/f.xml", "sub/d.xml", "sub/e.xml"],
        ),
    ],
    ids=[
        "exclude-folder",
        "exclude-path-and-name",
        "include-other-suffix",
        "include-path",
        "include-is-case-sensitive",
        "exclude-folder-named-like-a-file",
    ],
)
def test_include_and_exclude(
    tree: Path, include: tuple[str, ...], exclude: tuple[str, ...], expected: list[str]
) -> None:
    selection = InputSelection(include=include, exclude=exclude)
    assert names(collect_inputs([str(tree)], selection=selection), tree) == expected
    assert count_inputs([str(tree)], selection) == len(expected)


def test_hidden_files_are_never_taken_from_folders(tree: Path) -> None:
    selection = InputSelection(include=("*",))
    assert ".hidden.xml" not in names(collect_inputs([str(tree)], selection=selection), tree)


def test_paths_named_explicitly_are_taken_whatever_the_filters(tree: Path) -> None:
    selection = InputSelection(include=("*.pdf",), exclude=("*.txt",))
    given = [str(tree / "notes.txt"), str(tree / "sub"), "-"]
    inputs = list(collect_inputs(given, io.BytesIO(b"<x/>"), selection))
    assert [i.name for i in inputs] == [str(tree / "notes.txt"), "-"]
    assert inputs[1].read(100) == b"<x/>"


def test_given_order_is_kept_across_arguments(tree: Path) -> None:
    given = [str(tree / "sub"), str(tree / "a.xml"), str(tree / "archive")]
    assert names(collect_inputs(given), tree) == [
        "sub/d.xml",
        "sub/e.xml",
        "a.xml",
        "archive/f.xml",
    ]


def test_symlinked_folders_inside_a_walk_are_not_followed(tree: Path) -> None:
    (tree / "sub" / "loop").symlink_to(tree, target_is_directory=True)  # points to its parent
    (tree / "elsewhere").symlink_to(tree / "archive", target_is_directory=True)
    assert names(collect_inputs([str(tree)]), tree) == TREE_ORDER


def test_a_symlinked_folder_given_is_walked(tree: Path, tmp_path: Path) -> None:
    link = tmp_path / "link"
    link.symlink_to(tree / "sub", target_is_directory=True)
    assert [Path(i.name).name for i in collect_inputs([str(link)])] == ["d.xml", "e.xml"]


def _problem(item: Input) -> str:
    with pytest.raises(InputError) as raised:
        item.read(1000)
    return str(raised.value)


def test_paths_that_cannot_be_read_become_inputs_that_say_why(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "dangling.xml").symlink_to(folder / "gone.xml")
    (folder / "loop.xml").symlink_to(folder / "loop.xml")  # a link to itself
    os.mkfifo(folder / "pipe.xml")  # reading it would block the batch
    (folder / "empty.xml").write_bytes(b"")
    inputs = {Path(i.name).name: i for i in collect_inputs([str(folder)])}
    assert sorted(inputs) == ["dangling.xml", "empty.xml", "loop.xml", "pipe.xml"]
    assert "dangling.xml: cannot be read (No such file or directory)" in _problem(
        inputs["dangling.xml"]
    )
    assert "loop.xml: cannot be read (Too many levels of symbolic links)" in _problem(
        inputs["loop.xml"]
    )
    assert _problem(inputs["pipe.xml"]).endswith(
        "pipe.xml: not a regular file (a FIFO, socket or device)"
    )
    assert inputs["empty.xml"].read(1000) == b""  # the parser says "the file is empty"


def test_a_folder_that_cannot_be_listed_is_an_input_in_error(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As root, permissions do not stop listing; os.walk's own listing call fails instead.
    locked = tree / "sub"
    real_scandir: Callable[..., object] = os.scandir

    def scandir(path: str) -> object:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    inputs = list(collect_inputs([str(tree)]))
    assert names(iter(inputs), tree) == [
        "a.xml",
        "b.XML",
        "c.pdf",
        "archive/f.xml",
        "dir.xml/g.xml",
        "sub",
    ]
    assert _problem(inputs[-1]) == f"{locked}: the folder cannot be listed (Permission denied)"


def test_path_lists_keep_spaces_and_skip_empty_lines() -> None:
    listing = b"a.xml\r\n\nfolder with spaces/b.xml\n  c.xml\n\n"
    assert list(read_path_list(io.BytesIO(listing))) == [
        "a.xml",
        "folder with spaces/b.xml",
        "  c.xml",
    ]


def test_path_lists_keep_names_that_are_not_utf8() -> None:
    [name] = read_path_list(io.BytesIO(b"caf\xe9.xml\n"))
    assert os.fsencode(name) == b"caf\xe9.xml"


def test_paths_are_consumed_lazily(tree: Path) -> None:
    def given() -> Iterator[str]:
        yield str(tree / "a.xml")
        raise AssertionError("read past the first input")

    first = next(collect_inputs(given()))
    assert first.name == str(tree / "a.xml")


def test_reading_takes_the_whole_file_up_to_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "a.xml"
    for content in (b"", b"<x/>", b"<x>" + b"y" * 5000 + b"</x>"):
        path.write_bytes(content)
        assert Input(str(path), path).read(1 << 20) == content
    path.write_bytes(b"y" * 100)
    assert Input(str(path), path).read(100) == b"y" * 100  # exactly at the limit
    with pytest.raises(InputError, match="over the size limit of 99 bytes"):
        Input(str(path), path).read(99)


def test_a_file_that_grows_while_read_is_read_to_one_byte_over_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "growing.xml"
    path.write_bytes(b"y" * 500)
    stat = Path.stat

    def smaller(self: Path, **kwargs: bool) -> os.stat_result:
        found = stat(self, **kwargs)
        if self == path:  # as when the file was stat'ed before it grew
            return os.stat_result((found.st_mode, *found[1:6], 10, *found[7:]))
        return found

    monkeypatch.setattr(Path, "stat", smaller)
    assert Input(str(path), path).read(1000) == b"y" * 500
    assert len(Input(str(path), path).read(200)) == 201  # the caller sees it is over
