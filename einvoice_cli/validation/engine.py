"""The rule engine of one process: XML Schemas and compiled stylesheets, each built once.

A :class:`RuleEngine` is created once by the caller (the CLI, a worker, a test session) and
passed down; it owns the only caches of the validation core (STYLE.md rule 12):

- the disk cache of XSLT compiled from Schematron, keyed by the compiler's source and the
  sha256 of every source file involved, so a new release of either recompiles; each entry is
  used only while its sha256 is the one recorded when it was compiled;
- this process's parsed XML Schemas and Saxon executables, keyed by artifact.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

from lxml import etree

from einvoice_cli.errors import RulePackError, SchematronCompileError
from einvoice_cli.evidence.terms_table import terms_of_stylesheet
from einvoice_cli.rulepacks.catalog import ArtifactKind
from einvoice_cli.rulepacks.fetch import write_atomically
from einvoice_cli.rulepacks.scenarios import ArtifactRef
from einvoice_cli.rulepacks.store import RuleStore
from einvoice_cli.schematron.compiler.version import compiler_fingerprint
from einvoice_cli.schematron.merge import MERGES
from einvoice_cli.schematron.optimize import nonblank
from einvoice_cli.xml.long_texts import ALL_TEXT, reads_of_stylesheet
from einvoice_cli.xml.saxon import SaxonProcessor, Stylesheet

T = TypeVar("T")


def _xsd_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


class RuleEngine:
    """Loads, compiles and keeps the rules a process validates with."""

    def __init__(self, store: RuleStore, saxon: SaxonProcessor | None = None) -> None:
        self.store = store
        self._saxon = saxon
        self._schemas: dict[ArtifactRef, etree.XMLSchema] = {}
        self._stylesheets: dict[ArtifactRef, Stylesheet] = {}
        self._terms: dict[ArtifactRef, Mapping[str, tuple[str, ...]]] = {}
        self._compiler: str | None = None
        self._residents: dict[type, object] = {}

    def resident(self, kind: type[T], make: Callable[[RuleEngine], T]) -> T:
        """An object another stage keeps per process beside the rules (the service's
        renderer), made on first use from this engine and kept as long as it."""
        held = self._residents.get(kind)
        if isinstance(held, kind):
            return held
        made = make(self)
        self._residents[kind] = made
        return made

    @property
    def saxon(self) -> SaxonProcessor:
        """The process's Saxon processor (started on first use: it takes a moment)."""
        if self._saxon is None:
            self._saxon = SaxonProcessor()
        return self._saxon

    def schema(self, ref: ArtifactRef) -> etree.XMLSchema:
        """The XML Schema an artifact names, parsed once per process."""
        cached = self._schemas.get(ref)
        if cached is not None:
            return cached
        artifact = self.store.catalog.artifact(ref)
        if artifact.kind is not ArtifactKind.XSD:
            raise RulePackError(f"{ref} is a {artifact.kind.value}, not an XML Schema")
        path = self.store.artifact_path(ref)
        try:
            schema = etree.XMLSchema(etree.parse(str(path), _xsd_parser()))
        except (etree.XMLSchemaParseError, etree.XMLSyntaxError, OSError) as e:
            raise RulePackError(f"{ref}: the XML Schema {path} cannot be loaded: {e}") from e
        self._schemas[ref] = schema
        return schema

    def stylesheet(self, ref: ArtifactRef) -> Stylesheet:
        """The Saxon executable for a Schematron or XSLT artifact, compiled once per process."""
        cached = self._stylesheets.get(ref)
        if cached is not None:
            return cached
        text = self.xslt_text(ref)
        # Marks of long texts are for what our compiler wrote, when it declared their parameter;
        # only what it wrote says what text it may read.
        ours = self.store.catalog.artifact(ref).kind is ArtifactKind.SCHEMATRON
        takes_marks = ours and nonblank.DECLARATION in text
        reads = reads_of_stylesheet(text) if ours else ALL_TEXT
        stylesheet = self.saxon.compile_stylesheet(
            text, str(ref), takes_marks=takes_marks, reads=reads
        )
        self._stylesheets[ref] = stylesheet
        self._terms[ref] = MappingProxyType(terms_of_stylesheet(text) if ours else {})
        return stylesheet

    def rule_terms(self, ref: ArtifactRef) -> Mapping[str, tuple[str, ...]]:
        """Rule id -> business terms, as our compiler stored them with the compiled rules
        (empty for a stylesheet shipped compiled); after :meth:`stylesheet` for ``ref``."""
        self.stylesheet(ref)
        return self._terms[ref]

    def xslt_text(self, ref: ArtifactRef) -> str:
        """The XSLT of an artifact: read as shipped, or compiled from Schematron (disk-cached)."""
        artifact = self.store.catalog.artifact(ref)
        path = self.store.artifact_path(ref)
        if artifact.kind is ArtifactKind.XSLT and artifact.merge is None:
            return _read_text(path, ref)
        if artifact.kind is ArtifactKind.XSLT:
            stylesheet = self._apply_merge(ref, _parse_rules(path, ref))
            return etree.tostring(stylesheet, encoding="unicode")
        if artifact.kind is not ArtifactKind.SCHEMATRON:
            raise RulePackError(f"{ref} is a {artifact.kind.value} file, not rules")
        cache_file = self._compiled_path(ref)
        cached = _read_verified(cache_file)
        if cached is not None:
            return cached
        from einvoice_cli.schematron.compiler.compile import compile_schematron, load_schematron

        schema = self._apply_merge(ref, load_schematron(path))
        text = compile_schematron(schema, path, name=str(ref))
        # A read-only cache only costs the compilation next time.
        data = text.encode("utf-8")
        with contextlib.suppress(OSError):
            write_atomically(cache_file, data)
            # The digest goes last: an entry without a matching one is never used.
            write_atomically(_digest_path(cache_file), hashlib.sha256(data).hexdigest().encode())
        return text

    def rules_source(self, ref: ArtifactRef) -> etree._ElementTree:
        """An artifact's official rules as the engine compiles them: the Schematron (or a
        shipped XSLT) after its merge, for showing a rule as written (``einvoice explain``)."""
        artifact = self.store.catalog.artifact(ref)
        if artifact.kind not in (ArtifactKind.SCHEMATRON, ArtifactKind.XSLT):
            raise RulePackError(f"{ref} is a {artifact.kind.value} file, not rules")
        return self._apply_merge(ref, _parse_rules(self.store.artifact_path(ref), ref))

    def _apply_merge(self, ref: ArtifactRef, source: etree._ElementTree) -> etree._ElementTree:
        artifact = self.store.catalog.artifact(ref)
        if artifact.merge is None:
            return source
        merge = MERGES.get(artifact.merge)
        if merge is None or artifact.merge_with is None:
            raise RulePackError(f"{ref}: unknown merge {artifact.merge!r}")
        other_path = self.store.artifact_path(artifact.merge_with)
        return merge(source, _parse_rules(other_path, artifact.merge_with), other_path, ref.version)

    def _compiled_path(self, ref: ArtifactRef) -> Path:
        artifact = self.store.catalog.artifact(ref)
        if self._compiler is None:
            self._compiler = compiler_fingerprint()
        parts = [self._compiler, str(ref), self.store.pack_digest(ref.pack_key)]
        if artifact.merge_with is not None:
            parts += [artifact.merge or "", self.store.pack_digest(artifact.merge_with.pack_key)]
        key = hashlib.sha256("\n".join(parts).encode()).hexdigest()
        return self.store.settings.cache_dir / "compiled" / f"{key}.xsl"


def _digest_path(cache_file: Path) -> Path:
    return cache_file.with_suffix(".sha256")


def _read_verified(cache_file: Path) -> str | None:
    """A compiled entry whose sha256 is the one recorded when it was compiled; ``None`` when
    it is missing, unreadable or changed since (it is then compiled again). An edited entry
    once turned REJECT into ACCEPT (issue 14); the recorded digest guards against edits and
    damage, not against someone who can rewrite both files (see README, Security)."""
    try:
        data = cache_file.read_bytes()
        recorded = _digest_path(cache_file).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None  # not compiled yet, the cache was cleared, or an entry of an older release
    if hashlib.sha256(data).hexdigest() != recorded:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _parse_rules(path: Path, ref: ArtifactRef) -> etree._ElementTree:
    """Parse a trusted rule file (no network, no DTD)."""
    try:
        return etree.parse(str(path), _xsd_parser())
    except (etree.XMLSyntaxError, OSError) as e:
        raise SchematronCompileError(f"{ref}: cannot read {path}: {e}") from e


def _read_text(path: Path, ref: ArtifactRef) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise SchematronCompileError(f"{ref}: cannot read {path}: {e}") from e
