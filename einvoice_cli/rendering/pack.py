"""The official KoSIT visualization as a rule pack: its stylesheets compiled once per process.

The XRechnung Visualisierung (itplr-kosit/xrechnung-visualization, Apache-2.0) is official data
like the rule files (DESIGN.md "Official renderings and reports are data"): ``rules/packs.toml``
declares its files by URL and sha256, :class:`~einvoice_cli.rulepacks.store.RuleStore` installs
them into the cache (from the official URL or a mirror) and we never fork them. Its first step
turns UBL Invoice, UBL CreditNote or CII into the XRechnung semantic model (``xr:invoice``); its
second turns that into one HTML page, in German or English (its ``l10n/``).

The stylesheets import each other and read their localisation, CSS and JS beside them, so they
are compiled from their installed paths by a Saxon processor that may open ``file:`` URIs
(``xml/saxon.py``); the validation engine's processor stays closed.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType

from lxml import etree

from einvoice_cli.core.detect import Syntax
from einvoice_cli.errors import RenderingError, RuleExecutionError
from einvoice_cli.rulepacks.catalog import ArtifactKind
from einvoice_cli.rulepacks.scenarios import ArtifactRef
from einvoice_cli.rulepacks.store import RuleStore
from einvoice_cli.xml.saxon import SaxonDocument, SaxonProcessor, Stylesheet

VISUALIZATION_PACK = "xrechnung-visualization@2026-01-31"
"""The pack of the official visualization this release renders with."""


class Language(StrEnum):
    """The languages the official visualization is published in (its ``l10n/`` files)."""

    DE = "de"
    EN = "en"


_MODEL_STEP: Mapping[Syntax, str] = MappingProxyType(
    {
        Syntax.UBL_INVOICE: "ubl-invoice-xr",
        Syntax.UBL_CREDITNOTE: "ubl-creditnote-xr",
        Syntax.CII: "cii-xr",
    }
)
"""The artifact that turns each syntax into the XRechnung semantic model. ZUGFeRD 1.0 has none:
the official visualization does not read it."""

_HTML_STEP = "html"


def renderable(syntax: Syntax) -> bool:
    """Whether the official visualization reads documents of this syntax."""
    return syntax in _MODEL_STEP


class Visualization:
    """The official visualization stylesheets of one process, each compiled on first use."""

    def __init__(self, store: RuleStore, saxon: SaxonProcessor | None = None) -> None:
        self.store = store
        self._saxon = saxon
        self._stylesheets: dict[str, Stylesheet] = {}

    @property
    def saxon(self) -> SaxonProcessor:
        """The processor that runs the visualization (may read the pack's own files)."""
        if self._saxon is None:
            self._saxon = SaxonProcessor(stylesheet_files=True)
        return self._saxon

    def path(self, artifact: str) -> Path:
        """The installed, verified file of one of the pack's artifacts."""
        ref = ArtifactRef.parse(f"{VISUALIZATION_PACK}:{artifact}")
        if self.store.catalog.artifact(ref).kind is not ArtifactKind.RENDERING:
            raise RenderingError(f"{ref} is not a rendering stylesheet")
        return self.store.artifact_path(ref)

    def stylesheet(self, artifact: str) -> Stylesheet:
        """The compiled stylesheet of an artifact (compiled once per process)."""
        cached = self._stylesheets.get(artifact)
        if cached is None:
            cached = self.saxon.compile_stylesheet_file(
                self.path(artifact), f"{VISUALIZATION_PACK}:{artifact}"
            )
            self._stylesheets[artifact] = cached
        return cached

    def semantic_model(self, tree: etree._ElementTree, syntax: Syntax, name: str) -> str:
        """The document as the XRechnung semantic model (``xr:invoice``), as XML text."""
        step = _MODEL_STEP.get(syntax)
        if step is None:
            raise RenderingError(
                f"{name}: the official visualization does not read {syntax.value} documents"
            )
        document = self.saxon.document(tree)
        try:
            return self.saxon.transform(self.stylesheet(step), document, {})
        except RuleExecutionError as e:
            raise RenderingError(f"{name}: the official visualization failed: {e}") from e

    def html(self, model: str, lang: Language, name: str) -> str:
        """The official HTML page of a semantic model, in ``lang``."""
        document: SaxonDocument = self.saxon.result_document(model, name)
        try:
            return self.saxon.transform(self.stylesheet(_HTML_STEP), document, {"lang": lang.value})
        except RuleExecutionError as e:
            raise RenderingError(f"{name}: the official visualization failed: {e}") from e
