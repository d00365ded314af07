"""Files the tool writes for the user: names made safe, no silent overwrite, atomic replacement.

Names of embedded files, supporting documents and report files come from untrusted documents.
Before one becomes a path it is reduced to a plain file name (:func:`safe_file_name`): no
directories, no ``..``, no control or invisible formatting characters, no leading ``-``, no
names Windows reserves; clashes are renumbered (:func:`unique_names`). A file is written to a
temporary file in the target folder and moved into place in one step, so a reader never sees
half a file; without ``overwrite`` an existing file is never replaced (:func:`write_files`
checks every target before it writes the first).
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from einvoice_cli.core.printable import INVISIBLE, without_surrogates
from einvoice_cli.errors import NoSpace, OutputError

MAX_NAME_BYTES = 200
"""Longest file name produced, in UTF-8 bytes (file systems allow 255; room for renumbering)."""

_SEPARATORS = re.compile(r"[/\\]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_WINDOWS_UNSAFE = re.compile(r'[<>:"|?*]')
_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{stem}{n}" for stem in ("COM", "LPT") for n in (*"123456789", "¹", "²", "³")}
)
"""Device names Windows reserves with any extension (Microsoft, "Naming Files, Paths, and
Namespaces")."""


def safe_file_name(raw: str | None, fallback: str) -> str:
    """A plain file name for ``raw`` that is safe to create on Linux, macOS and Windows.

    Directories are dropped (``../../etc/passwd`` becomes ``passwd``). ``fallback`` (which must
    itself be safe) is used when nothing usable is left: an empty name, only dots, a name with
    control characters or invisible formatting characters (a right-to-left override, a
    zero-width space: issue 14), or a reserved device name such as ``CON.txt``. A leading ``-``
    becomes ``_`` (``-rf`` would read as options to the next shell command). A byte that is
    not UTF-8 (a surrogate escape) becomes ``_xNN``.
    """
    # A byte of the input's name that is not UTF-8 is no part of the name we create.
    name = without_surrogates(_SEPARATORS.split(raw or "")[-1])
    if _CONTROL.search(name) or INVISIBLE.search(name):
        return fallback
    name = _WINDOWS_UNSAFE.sub("_", name).strip().rstrip(". ")
    if not name.strip("."):
        return fallback
    stem = name.split(".", 1)[0].rstrip(" ")
    if stem.upper() in _RESERVED:
        return fallback
    if name.startswith("-"):
        name = "_" + name[1:]
    return _shorten(name)


def _shorten(name: str, limit: int = MAX_NAME_BYTES) -> str:
    if len(name.encode("utf-8")) <= limit:
        return name
    stem, dot, suffix = name.rpartition(".")
    if not dot or len(suffix.encode("utf-8")) > 20:
        stem, suffix = name, ""
    room = limit - len(suffix.encode("utf-8")) - (1 if suffix else 0)
    short = stem.encode("utf-8")[:room].decode("utf-8", errors="ignore").rstrip(". ")
    return f"{short}.{suffix}" if suffix else short


def unique_names(names: Iterable[str]) -> tuple[str, ...]:
    """The names, renumbered (``a.pdf``, ``a-2.pdf``) where they clash, ignoring case as
    Windows and macOS do."""
    taken: set[str] = set()
    out = []
    for name in names:
        candidate = name
        stem, dot, suffix = name.rpartition(".")
        if not dot or not stem:
            stem, dot, suffix = name, "", ""
        number = 2
        while candidate.casefold() in taken:
            candidate = _shorten(f"{stem}-{number}{dot}{suffix}")
            number += 1
        taken.add(candidate.casefold())
        out.append(candidate)
    return tuple(out)


def check_free(paths: Sequence[Path], overwrite: bool) -> None:
    """Raise :class:`OutputError` if any path exists and ``overwrite`` is not set."""
    if overwrite:
        return
    existing = [path for path in paths if os.path.lexists(path)]
    if existing:
        more = f" (and {len(existing) - 1} more)" if len(existing) > 1 else ""
        raise OutputError(f"{existing[0]} exists{more}; nothing was written", exists=True)


def check_room(folder: Path, needed: int) -> None:
    """Raise :class:`~einvoice_cli.errors.NoSpace` when the file system ``folder`` is on (or
    would be created on) has fewer than ``needed`` bytes free for this user.

    Checked before the first file is written, so files that cannot all fit leave nothing half
    done (issue 14: one PDF filled a disk). Where the free space cannot be read, nothing is
    refused: every write is still checked.
    """
    existing = folder
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent
    try:
        free = shutil.disk_usage(existing).free
    except OSError:
        return
    if needed > free:
        raise NoSpace(
            f"{folder}: not enough free space: the files need {needed:,} bytes, {free:,} bytes "
            "are free; nothing was written",
            needed=needed,
            free=free,
        )


def write_all(descriptor: int, data: bytes) -> None:
    """Write all of ``data`` to a file descriptor, or raise :class:`OSError`.

    Python's buffered files drop a short write at the flush without a word (under a file size
    limit, ``ulimit -f``), which left truncated files behind a success (issue 14); each write
    here is checked, and a write that takes nothing is an error.
    """
    view = memoryview(data)
    written = 0
    while written < len(view):
        taken = os.write(descriptor, view[written:])
        if taken <= 0:
            raise OSError(errno.EIO, f"the write stopped after {written:,} of {len(view):,} bytes")
        written += taken


def write_file(path: Path, data: bytes, overwrite: bool) -> None:
    """Write ``data`` to ``path`` atomically; without ``overwrite`` never replace a file."""
    folder = path.parent
    try:
        mode = path.stat().st_mode
    except OSError:
        mode = None  # nothing there (or a dangling link): created as a regular file
    if mode is not None and not stat.S_ISREG(mode):
        # Replacing a FIFO or a device node would make it a regular file (issue 14).
        raise OutputError(f"{path}: not a regular file (a FIFO, device or folder); not written")
    try:
        descriptor, name = tempfile.mkstemp(dir=folder, prefix=".einvoice-", suffix=".tmp")
    except OSError as e:
        raise OutputError(f"{folder}: cannot write here ({e.strerror or e})") from e
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            write_all(stream.fileno(), data)
            os.fsync(stream.fileno())
        temporary.chmod(0o666 & ~_umask())
        if overwrite:
            temporary.replace(path)
        else:
            _link_new(temporary, path)
    except OSError as e:
        raise OutputError(f"{path}: cannot be written ({e.strerror or e})") from e
    finally:
        temporary.unlink(missing_ok=True)


def _link_new(temporary: Path, path: Path) -> None:
    """Move a finished temporary file to ``path`` only if ``path`` does not exist.

    A hard link fails atomically when the target exists; where the file system has no hard
    links, an existence check and ``os.replace`` are the fallback.
    """
    try:
        os.link(temporary, path)
    except FileExistsError as e:
        raise OutputError(f"{path} exists; not overwritten", exists=True) from e
    except OSError:
        if os.path.lexists(path):
            raise OutputError(f"{path} exists; not overwritten", exists=True) from None
        temporary.replace(path)


def write_files(
    folder: Path, names: Sequence[str], contents: Iterable[bytes], overwrite: bool
) -> Iterator[Path]:
    """Write files whose safe, unique ``names`` are known before their contents.

    Every target is checked before the first is written, so without ``overwrite`` a clash writes
    nothing. ``contents`` gives one content per name, in order, and is consumed lazily, so only
    one content need be in memory at a time. Yields each path once it is written.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(f"{folder}: cannot create the folder ({e.strerror or e})") from e
    targets = [folder / name for name in names]
    check_free(targets, overwrite)
    for target, data in zip(targets, contents, strict=True):
        write_file(target, data, overwrite)
        yield target


def _umask() -> int:
    # Reading the umask means setting it; it is restored at once.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
