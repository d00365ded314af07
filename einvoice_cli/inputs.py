"""Inputs: the documents named on the command line, as files, folders or standard input.

This module turns paths into :class:`Input` values in a stable order and reads their bytes;
what a document is (XML or PDF, which syntax) is decided later by the pipeline. A path that
cannot be used becomes an :class:`Input` that carries the reason, so the batch goes on and the
report names it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO

from einvoice_cli.errors import InputError

DOCUMENT_SUFFIXES = (".xml", ".pdf")
"""Files a folder contributes (case-insensitive); files named explicitly are always taken."""


class Container(StrEnum):
    """What carries the invoice; ``.value`` is the JSON spelling."""

    XML = "xml"
    PDF = "pdf"


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
                raise InputError(
                    f"{self.name}: {size:,} bytes is over the size limit of {max_bytes:,} bytes "
                    "(raise it with --max-size)"
                )
            with self.path.open("rb") as stream:
                return stream.read(max_bytes + 1)
        except IsADirectoryError as e:
            raise InputError(f"{self.name}: is a directory") from e
        except OSError as e:
            raise InputError(f"{self.name}: cannot be read ({e.strerror or e})") from e


def _walk(folder: Path) -> Iterator[Path]:
    """Document files below a folder, sorted, not following symbolic links to folders."""
    for root, dirs, names in os.walk(folder, followlinks=False):
        dirs.sort()
        for name in sorted(names):
            if name.lower().endswith(DOCUMENT_SUFFIXES) and not name.startswith("."):
                yield Path(root) / name


def collect_inputs(paths: Sequence[str], stdin: BinaryIO | None = None) -> Iterator[Input]:
    """Inputs for the given paths, in the order given; folders are walked recursively."""
    for given in paths:
        if given == "-":
            if stdin is None:
                yield Input(name="-", problem="standard input is not available")
            else:
                yield Input(name="-", data=stdin.read())
            continue
        path = Path(given)
        if path.is_dir():
            yield from (Input(name=str(found), path=found) for found in _walk(path))
        elif path.exists() or path.is_symlink():
            yield Input(name=given, path=path)
        else:
            yield Input(name=given, problem="no such file or directory")
