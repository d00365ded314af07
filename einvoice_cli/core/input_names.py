"""Names of outputs made from the paths of their inputs (report files of ``--output-dir``, the
folders of ``extract --all``), so that inputs of one name from two folders stay apart.

An input is named by its file name. Where two inputs share it (``a/rechnung.xml`` and
``b/rechnung.xml``; case is ignored, as Windows and macOS do), the name says where each came
from: ``~`` and the folders of its path nearest its file that tell it apart from the
other's, joined with ``_`` (``rechnung.xml~b``; ``2025/standard/x.xml`` beside
``2024/standard/x.xml`` is ``x.xml~2025_standard``, not the ``standard`` both share). Writing
the names safely is ``core/outputs.py``'s job.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import PurePosixPath, PureWindowsPath

MARK = "~"
"""What separates an input's name from the folders that tell it apart."""


def path_parts(path: str) -> tuple[str, ...]:
    """The steps of a path as given, whether it uses ``/`` or ``\\`` (a Windows path)."""
    pure = PureWindowsPath(path) if "\\" in path else PurePosixPath(path)
    return tuple(p for p in pure.parts if p not in (pure.anchor, ".", ".."))


def input_name(path: str) -> str:
    """The file name of an input (``stdin`` for ``-``), as it is: ``core.outputs.safe_file_name``
    makes it safe (no leading ``-``, ...)."""
    if path == "-":
        return "stdin"  # the document read from standard input
    parts = path_parts(path)
    return parts[-1] if parts else path


def _depth(folders: Sequence[str], other: Sequence[str]) -> int:
    """How many of ``folders``, counted from the file up, it takes to tell them from
    ``other``'s (ignoring case); all of them when they cannot."""
    for depth in range(1, len(folders) + 1):
        if depth > len(other) or folders[-depth].casefold() != other[-depth].casefold():
            return depth
    return len(folders)


def distinguishing_folders(path: str, others: Iterable[str]) -> tuple[str, ...]:
    """The folders of ``path`` nearest its file, as many as tell it apart from each of
    ``others`` (inputs of the same name): ``b`` for ``a/x.xml`` against ``b/x.xml``,
    ``2025, standard`` for ``2025/standard/x.xml`` against ``2024/standard/x.xml``; nothing
    when it has no folder."""
    folders = path_parts(path)[:-1]
    depth = max((_depth(folders, path_parts(o)[:-1]) for o in others), default=0)
    return folders[len(folders) - depth :] if depth else ()


def distinct_names(paths: Sequence[str], *, drop_extension: bool = False) -> tuple[str, ...]:
    """A name for each input: its file name (without its extension with ``drop_extension``),
    and where inputs share one, ``~`` and the folders that tell it apart (not unique yet for
    one path given twice: make them so with ``core.outputs.unique_names``)."""
    names = [_stem(input_name(path)) if drop_extension else input_name(path) for path in paths]
    groups: dict[str, list[str]] = {}
    for path, name in zip(paths, names, strict=True):
        groups.setdefault(name.casefold(), []).append(path)
    out = []
    for path, name in zip(paths, names, strict=True):
        group = groups[name.casefold()]
        if len(group) == 1:
            out.append(name)
            continue
        alike = list(group)
        alike.remove(path)  # one occurrence: a path given twice stays alike to itself
        folders = distinguishing_folders(path, alike)
        out.append(f"{name}{MARK}{'_'.join(folders)}" if folders else name)
    return tuple(out)


def _stem(name: str) -> str:
    """A file name without its extension (``.profile`` keeps its name)."""
    stem, dot, _ = name.rpartition(".")
    return stem if dot and stem else name
