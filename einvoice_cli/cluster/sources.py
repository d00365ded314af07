"""Documents that workers read themselves: paths on a shared file system, and fsspec URLs.

A path is sent to the workers as an absolute path (their working folder is not this one's); a
URL (``s3://bucket/prefix/``, ``file:///srv/archive/``, anything fsspec knows) is listed here
and read on the worker, so the documents never travel through this process. A document given
as bytes (standard input) travels in its task. fsspec is imported only when a URL is given.

Here a URL document is an :class:`~einvoice_cli.validation.inputs.Input` named by its URL with
nothing to read locally (:func:`url_input`); :func:`remote_of` turns it into the
:class:`RemoteInput` a worker reads.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import BinaryIO, Protocol

from einvoice_cli.errors import ClusterError
from einvoice_cli.validation.inputs import Input, InputSelection, collect_inputs

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


@dataclass(frozen=True, slots=True)
class RemoteInput:
    """A document a worker reads through fsspec."""

    name: str
    """How reports name it: the URL."""
    url: str


def is_url(given: str) -> bool:
    """Whether a path as given is a URL (``SCHEME://...``) rather than a file path."""
    return bool(_URL.match(given))


def url_input(url: str) -> Input:
    """A document a worker reads from ``url``."""
    return Input(name=url)


def remote_of(item: Input) -> Input | RemoteInput:
    """What a worker is sent for an input: a URL (one of :func:`url_input`, or a URL given
    as a path, which a local run reports as missing) becomes a :class:`RemoteInput`."""
    if item.path is None and item.data is None and is_url(item.name):
        return RemoteInput(name=item.name, url=item.name)
    return item


def collect_cluster_inputs(
    paths: Iterable[str],
    stdin: BinaryIO | None = None,
    selection: InputSelection | None = None,
) -> Iterator[Input]:
    """The inputs of :func:`~einvoice_cli.validation.inputs.collect_inputs`, in the same order,
    with URLs listed through fsspec (a URL that names a folder contributes the documents below
    it, chosen by ``selection`` as a local folder's are)."""
    selection = selection or InputSelection()
    for given in paths:
        if is_url(given):
            yield from _list_url(given, selection)
            continue
        for item in collect_inputs([given], stdin, selection):
            if item.path is not None:
                yield dataclasses.replace(item, path=item.path.absolute())
            else:
                yield item


class _FileSystem(Protocol):
    """The part of an fsspec file system this module uses (fsspec has no type information)."""

    def isdir(self, path: str) -> bool: ...
    def exists(self, path: str) -> bool: ...
    def find(self, path: str) -> list[str]: ...
    def open(self, path: str, mode: str) -> BinaryIO: ...


def _filesystem(url: str) -> tuple[_FileSystem, str]:
    try:
        import fsspec
    except ImportError as e:
        raise ClusterError(
            f"{url}: reading URLs needs fsspec: pip install 'einvoice-cli[dask]'"
        ) from e
    try:
        fs, path = fsspec.core.url_to_fs(url)
    except (ValueError, ImportError) as e:
        raise ClusterError(f"{url}: no file system for this URL ({e})") from e
    return fs, str(path)


def _list_url(url: str, selection: InputSelection) -> Iterator[Input]:
    fs, root = _filesystem(url)
    try:
        if not fs.isdir(root):
            if fs.exists(root):
                yield url_input(url)
            else:
                yield Input(name=url, problem="no such file or directory")
            return
        found = sorted(fs.find(root))
    except OSError as e:
        yield Input(name=url, problem=f"the folder cannot be listed ({e})")
        return
    protocol = url.split("://", 1)[0]
    base = PurePosixPath(root)
    for path in found:
        relative = PurePosixPath(path).relative_to(base)
        if any(part.startswith(".") for part in relative.parts[:-1]):
            continue
        if not all(
            selection.enters_folder(PurePosixPath(*relative.parts[: i + 1]))
            for i in range(len(relative.parts) - 1)
        ):
            continue
        if selection.takes_file(relative):
            full = f"{protocol}://{path}" if not path.startswith(f"{protocol}://") else path
            yield url_input(full)


def read_remote(item: RemoteInput, max_bytes: int) -> Input:
    """The document as an :class:`Input` with its bytes (read on the worker), or one that says
    why it cannot be read. At most ``max_bytes`` + 1 bytes are read: the pipeline's own size
    checks then report a document over its limit as they do for a file."""
    try:
        fs, path = _filesystem(item.url)
        with fs.open(path, "rb") as stream:
            data = stream.read(max_bytes + 1)
    except (OSError, ClusterError) as e:
        return Input(name=item.name, problem=f"cannot be read ({e})")
    return Input(name=item.name, data=data)
