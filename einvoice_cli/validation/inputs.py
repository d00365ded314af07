"""Inputs: the documents named on the command line, as files, folders or standard input.

This module turns paths into :class:`Input` values in a stable order and reads their bytes;
what a document is (XML or PDF, which syntax) is decided later by the pipeline. A path that
cannot be used becomes an :class:`Input` that carries the reason, so the batch goes on and the
report names it.

Order: the paths in the order given; a folder's files sorted by name, each subfolder's after
the files of its parent that sort before it (``os.walk`` top-down, both lists sorted).
Folders are walked without following symbolic links to folders, as ``find`` does by default:
a link that points back to a parent cannot make the walk loop, and a link out of the tree
cannot pull in an unrelated one. Symbolic links to files are followed (a dangling one is an
input in error). A folder that cannot be listed becomes an input in error, never a silent gap.
"""

from __future__ import annotations

import fnmatch
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import BinaryIO

from einvoice_cli.errors import InputError, InputTooLarge

DOCUMENT_SUFFIXES = (".xml", ".pdf")
"""Files a folder contributes (case-insensitive); files named explicitly are always taken."""


@dataclass(frozen=True, slots=True)
class Input:
    """One document to validate."""

    name: str
    """How reports name it: the path as given or found, or ``-`` for standard input."""
    path: Path | None = None
    data: bytes | None = None
    """The bytes, when they were given rather than to be read (standard input)."""
    problem: str | None = None
    """Why this path cannot be read at all (e.g. it does not exist), found while listing."""

    def read(self, max_bytes: int) -> bytes:
        """The document's bytes, or :class:`InputError` with a one-line reason."""
        if self.problem is not None:
            raise InputError(f"{self.name}: {self.problem}")
        if self.data is not None:
            return self.data
        if self.path is None:
            raise InputError(f"{self.name}: nothing to read")
        try:
            size = self.path.stat().st_size
            if size > max_bytes:
                raise InputTooLarge(
                    f"{self.name}: {size:,} bytes is over the size limit of {max_bytes:,} bytes",
                    limit=max_bytes,
                )
            with self.path.open("rb") as stream:
                # A buffer of the file's size, not of the limit (a regular file may still have
                # grown since: then read on, up to one byte over the limit).
                data = stream.read(size + 1) if 0 < size <= max_bytes else b""
                if len(data) > size or not data:
                    data += stream.read(max_bytes + 1 - len(data))
                return data
        except IsADirectoryError as e:
            raise InputError(f"{self.name}: is a directory") from e
        except OSError as e:
            raise InputError(f"{self.name}: cannot be read ({e.strerror or e})") from e


@dataclass(frozen=True, slots=True)
class InputSelection:
    """Which files a folder contributes (``--include`` / ``--exclude``).

    A pattern is a shell glob (:mod:`fnmatch`, case-sensitive; ``*`` also matches ``/``). It
    is tried on the path relative to the folder that was given, with ``/`` as separator, and
    on the file name alone; either match counts. Without include patterns a folder contributes
    its ``*.xml`` and ``*.pdf`` files (any case). Hidden files (``.name``) are never taken from
    a folder. An exclude pattern that matches a subfolder skips the whole subfolder. Paths
    named explicitly (arguments, ``--files-from`` lines) are always taken.
    """

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    def takes_file(self, relative: PurePath) -> bool:
        """Whether a file found in a folder, at this path relative to it, is a document."""
        name = relative.name
        if name.startswith("."):
            return False
        if self.include:
            if not _matches(relative, self.include):
                return False
        elif not name.lower().endswith(DOCUMENT_SUFFIXES):
            return False
        return not _matches(relative, self.exclude)

    def enters_folder(self, relative: PurePath) -> bool:
        """Whether a subfolder, at this path relative to the folder given, is walked."""
        return not _matches(relative, self.exclude)


def _matches(relative: PurePath, patterns: tuple[str, ...]) -> bool:
    posix = relative.as_posix()
    return any(
        fnmatch.fnmatchcase(posix, pattern) or fnmatch.fnmatchcase(relative.name, pattern)
        for pattern in patterns
    )


def _walk(folder: Path, selection: InputSelection) -> Iterator[Input]:
    """The documents below a folder, in a stable order (see the module docstring).

    A loop with a stack of folders still to list, not recursion: a folder 1000 levels deep
    exceeded Python's recursion limit in ``os.walk`` (issue 14). Each folder's files come
    before its subfolders, files and subfolders sorted by name, as ``os.walk`` lists them.
    """
    pending: list[tuple[Path, PurePath]] = [(folder, PurePath())]
    while pending:
        base, relative_root = pending.pop()
        try:
            with os.scandir(base) as entries:
                listed = sorted(entries, key=lambda entry: entry.name)
        except OSError as e:
            # A folder that cannot be listed is an input in error, in the place its files
            # would have had; the walk goes on.
            yield Input(name=str(base), problem=f"the folder cannot be listed ({e.strerror or e})")
            continue
        folders = []
        for entry in listed:
            try:
                is_folder = entry.is_dir()
                is_link = entry.is_symlink()
            except OSError:
                is_folder = is_link = False
            if is_folder:
                # As os.walk without followlinks: a link to a folder is neither a file nor
                # walked into.
                if not is_link and selection.enters_folder(relative_root / entry.name):
                    folders.append((base / entry.name, relative_root / entry.name))
            elif selection.takes_file(relative_root / entry.name):
                yield _found(base / entry.name)
        pending.extend(reversed(folders))


def _found(path: Path) -> Input:
    """A file found in a folder. Only regular files are read: opening a FIFO would block the
    batch, and a device is not a document. (A path named explicitly may be a pipe, as
    ``<(command)`` in a shell gives.)"""
    try:
        mode = path.stat().st_mode
    except OSError:
        return Input(name=str(path), path=path)  # reading it reports why (e.g. a dangling link)
    if not stat.S_ISREG(mode):
        return Input(name=str(path), problem="not a regular file (a FIFO, socket or device)")
    return Input(name=str(path), path=path)


def collect_inputs(
    paths: Iterable[str],
    stdin: BinaryIO | None = None,
    selection: InputSelection = InputSelection(),
    max_bytes: int | None = None,
) -> Iterator[Input]:
    """Inputs for the given paths, in the order given; folders are walked recursively.

    ``-`` is the document on ``stdin`` (read when its turn comes), and a path naming one of
    this process's descriptors (``/dev/fd/N``) is a pipe read when its turn comes: each no
    further than one byte past ``max_bytes``, which is enough for the size limit to refuse
    it. Any other path is read by whoever validates it. The paths are consumed lazily, so a
    long ``--files-from`` list is never held in memory.
    """
    for given in paths:
        if given == "-":
            if stdin is None:
                yield Input(name="-", problem="standard input is not available")
            else:
                # Read no further than one byte past the limit (issue 14: 1 GiB of standard
                # input was read whole before the size limit refused it).
                data = stdin.read() if max_bytes is None else stdin.read(max_bytes + 1)
                yield Input(name="-", data=data)
            continue
        path = Path(given)
        try:
            is_folder = path.is_dir()
            exists = is_folder or path.exists() or path.is_symlink()
        except OSError as e:  # a name over 255 bytes, say: an error of this input only
            yield Input(name=given, problem=f"cannot be read ({e.strerror or e})")
            continue
        if is_folder:
            yield from _walk(path, selection)
        elif _descriptor_of_this_process(given) and not path.is_file():
            yield _read_now(given, path, max_bytes)
        elif exists:
            yield Input(name=given, path=path)
        else:
            yield Input(name=given, problem="no such file or directory")


_OWN_DESCRIPTORS = ("/dev/fd/", "/proc/self/fd/", "/dev/stdin")


def _descriptor_of_this_process(given: str) -> bool:
    """Whether a path names one of this process's open descriptors (``<(command)`` in a
    shell gives ``/dev/fd/63``): another process opening the same path gets its own."""
    return given.startswith(_OWN_DESCRIPTORS)


def _read_now(given: str, path: Path, max_bytes: int | None) -> Input:
    """A pipe of this process, read once, here: a worker process cannot open it, and what is
    read from a pipe is gone for the next reader."""
    try:
        with path.open("rb") as stream:
            data = stream.read() if max_bytes is None else stream.read(max_bytes + 1)
    except OSError as e:
        return Input(name=given, problem=f"cannot be read ({e.strerror or e})")
    return Input(name=given, data=data)


def read_path_list(stream: BinaryIO) -> Iterator[str]:
    """The paths of a list with one path per line (as ``find`` prints), lazily.

    Line ends (``\\n`` or ``\\r\\n``) are removed and empty lines skipped; nothing else is
    stripped, so names with spaces work. Bytes that are not valid in the file-system encoding
    are kept as the operating system gives them (``os.fsdecode``).
    """
    for line in stream:
        path = line.rstrip(b"\r\n")
        if path:
            yield os.fsdecode(path)


def count_inputs(paths: Iterable[str], selection: InputSelection = InputSelection()) -> int:
    """How many inputs :func:`collect_inputs` would yield, reading no document (a pipe of
    this process is one input, and is left for the reader)."""
    count = 0
    for given in paths:
        if _descriptor_of_this_process(given):
            count += 1
        else:
            count += sum(1 for _ in collect_inputs((given,), None, selection))
    return count
