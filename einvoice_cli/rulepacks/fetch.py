"""The only code that opens a URL, reads a mirror or writes rule files into the cache.

The cache keeps each official file at ``CACHE/files/HOST/PATH`` (URL-decoded), the same layout
as a mirror, so a mirror can be written from the cache by copying. A file enters the cache only
after its sha256 matched the declaration, through a temporary file and an atomic
``os.replace``; a file whose hash differs is refused and never used (DESIGN.md "Rule packs").
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
import urllib.parse
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import platformdirs

from einvoice_cli.errors import FetchError, RulePackError

_MAX_RULE_FILE_BYTES = 64 * 1024 * 1024
"""No official rule file comes near this; a larger answer is not a rule file."""


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """Where rule files come from and where they are kept."""

    cache_dir: Path
    """Root of the per-user rules cache."""
    mirror: str | None = None
    """A mirror to install from instead of the official URLs: a directory, or an http(s) base
    URL, laid out as ``HOST/PATH`` for ``https://HOST/PATH``."""
    allow_network: bool = True
    """False forbids any download (air-gapped sites, tests); a directory mirror still works."""
    timeout: float = 60.0


def default_cache_dir() -> Path:
    """The per-user cache directory of einvoice-cli (platformdirs)."""
    return Path(platformdirs.user_cache_dir("einvoice-cli", appauthor=False))


def mirror_path(url: str) -> PurePosixPath:
    """The path of ``url`` inside a mirror or the cache: ``HOST/PATH``, URL-decoded."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise RulePackError(f"not an http(s) URL: {url}")
    path = PurePosixPath(parts.netloc) / urllib.parse.unquote(parts.path).lstrip("/")
    if any(segment in ("", ".", "..") for segment in path.parts):
        raise RulePackError(f"refusing a URL whose path leaves the mirror layout: {url}")
    return path


def mirror_url(base: str, url: str) -> str:
    """The address of ``url``'s file on an http(s) mirror whose root is ``base``."""
    relative = urllib.parse.quote(str(mirror_path(url)))
    return base.rstrip("/") + "/" + relative


def cached_file(settings: FetchSettings, url: str) -> Path:
    """Where the cache keeps the file of ``url`` (whether or not it is there yet)."""
    return settings.cache_dir / "files" / Path(*mirror_path(url).parts)


def sha256_of(path: Path) -> str:
    """The hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def is_mirror_url(mirror: str) -> bool:
    """True when a mirror is given as an http(s) base URL rather than a directory."""
    return urllib.parse.urlsplit(mirror).scheme in ("http", "https")


def _read_url(address: str, timeout: float) -> bytes:
    # Imported here: urllib.request costs start-up time, and most runs download nothing.
    import urllib.error
    import urllib.request

    request = urllib.request.Request(address, headers={"User-Agent": "einvoice-cli"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data: bytes = response.read(_MAX_RULE_FILE_BYTES + 1)
    except urllib.error.HTTPError as e:
        raise FetchError(f"{address}: HTTP {e.code} {e.reason}") from e
    except (urllib.error.URLError, OSError) as e:
        reason = getattr(e, "reason", e)
        raise FetchError(f"{address}: cannot download ({reason})") from e
    if len(data) > _MAX_RULE_FILE_BYTES:
        raise FetchError(f"{address}: larger than any rule file ({_MAX_RULE_FILE_BYTES} bytes)")
    return data


def _read_origin(settings: FetchSettings, url: str) -> tuple[bytes, str]:
    """The bytes of ``url`` from the mirror or the network, and where they came from."""
    mirror = settings.mirror
    if mirror is not None and not is_mirror_url(mirror):
        source = Path(mirror) / Path(*mirror_path(url).parts)
        return _read_mirror_file(source), str(source)
    address = url if mirror is None else mirror_url(mirror, url)
    if not settings.allow_network:
        raise FetchError(f"{address}: downloads are switched off and the file is not installed")
    return _read_url(address, settings.timeout), address


def _read_mirror_file(source: Path) -> bytes:
    """A rule file of a mirror directory: a regular file, read no further than one byte past
    the largest rule file (issue 14: a link to /dev/zero was read until memory ran out)."""
    try:
        if not stat.S_ISREG(source.stat().st_mode):
            raise FetchError(f"{source}: not a regular file; the mirror is not used for it")
        with source.open("rb") as stream:
            data = stream.read(_MAX_RULE_FILE_BYTES + 1)
    except OSError as e:
        raise FetchError(f"{source}: not in the mirror ({e.strerror})") from e
    if len(data) > _MAX_RULE_FILE_BYTES:
        raise FetchError(f"{source}: larger than any rule file ({_MAX_RULE_FILE_BYTES} bytes)")
    return data


def write_atomically(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temporary file and ``os.replace``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=target.suffix)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        Path(temporary).replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise


def fetch(settings: FetchSettings, url: str, sha256: str) -> tuple[Path, str | None]:
    """Make sure the cache holds the verified file of ``url``.

    Returns its path and where it came from (``None`` when it was already cached and intact).
    Raises :class:`FetchError` when it cannot be had, :class:`RulePackError` when the bytes
    received do not have the declared sha256.
    """
    target = cached_file(settings, url)
    if target.is_file() and sha256_of(target) == sha256:
        return target, None
    data, origin = _read_origin(settings, url)
    actual = hashlib.sha256(data).hexdigest()
    if actual != sha256:
        raise RulePackError(
            f"{origin}: sha256 {actual} differs from the declared {sha256}; the file is not used"
        )
    try:
        write_atomically(target, data)
    except OSError as e:
        raise FetchError(f"cannot write the rules cache at {target}: {e.strerror}") from e
    return target, origin


def copy_to_mirror(settings: FetchSettings, url: str, sha256: str, destination: Path) -> Path:
    """Copy one verified cached file into a mirror directory (layout ``HOST/PATH``)."""
    source = cached_file(settings, url)
    if not source.is_file() or sha256_of(source) != sha256:
        raise RulePackError(f"{url}: not installed in the cache; run `einvoice rules install`")
    target = destination / Path(*mirror_path(url).parts)
    try:
        write_atomically(target, source.read_bytes())
    except OSError as e:
        raise FetchError(f"cannot write the mirror at {target}: {e.strerror}") from e
    return target
