"""Renderings of an e-invoice for people: HTML, PDF/A-3b and terminal text, in German or English.

:func:`render` is the library entry point (``einvoice view`` calls it through a
:class:`Renderer`, which keeps the compiled official stylesheets for a process):

- ``html``: the official KoSIT visualization (``rendering/pack.py``) with our additions around it
  (``rendering/html.py``): one self-contained page that works offline;
- ``pdf``: a print layout of that page as PDF/A-3b (``rendering/pdf.py``);
- ``text``: a compact rendering for a terminal from the EN 16931 model (``rendering/text.py``).

A rejected invoice is rendered anyway, with a banner saying why, when the caller passes the
document's validation (:class:`~einvoice_cli.core.results.DocumentResult`). Nothing here
validates, prints or writes files.

Example::

    from einvoice_cli.rendering import render
    Path("rechnung.html").write_bytes(render(Path("rechnung.xml").read_bytes(), lang="en"))
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum

from lxml import etree, html

from einvoice_cli.core.detect import Syntax
from einvoice_cli.core.results import DocumentResult
from einvoice_cli.errors import RenderingError
from einvoice_cli.hybrid.settings import PdfSettings
from einvoice_cli.model import write_invoice
from einvoice_cli.model.ubl.syntax import CREDIT_NOTE_TYPE_CODES
from einvoice_cli.rendering.html import finish_page, page_bytes
from einvoice_cli.rendering.pack import Language, Visualization
from einvoice_cli.rendering.source import RenderSource, load_source, omit_large_attachments
from einvoice_cli.rendering.words import word
from einvoice_cli.rulepacks.store import RuleStore
from einvoice_cli.xml.parser import ParseSettings
from einvoice_cli.xml.saxon import SaxonProcessor

__all__ = ["Language", "RenderFormat", "RenderOptions", "Renderer", "render"]

DEFAULT_MAX_ATTACHMENT_BYTES = 1024 * 1024
"""Attachments larger than this are listed, not carried inside the page (base64 in the HTML
would make a page of many megabytes that a browser opens slowly)."""


class RenderFormat(StrEnum):
    """What a rendering is written as; ``.value`` is the ``--format`` spelling."""

    HTML = "html"
    PDF = "pdf"
    TEXT = "text"


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """How a document is rendered."""

    lang: Language = Language.DE
    full: bool = False
    """Text: show payment account identifiers in full (masked to the last 4 otherwise)."""
    terms: bool = False
    """Text: show the business term (BT-..) of each value."""
    color: bool = False
    """Text: use terminal colours."""
    width: int = 100
    """Text: the width of the terminal in characters."""
    max_attachment_bytes: int = DEFAULT_MAX_ATTACHMENT_BYTES
    parse: ParseSettings = field(default_factory=ParseSettings)
    pdf: PdfSettings = field(default_factory=PdfSettings)


class Renderer:
    """Renders documents; holds the official stylesheets, compiled once per process."""

    def __init__(self, store: RuleStore, saxon: SaxonProcessor | None = None) -> None:
        self.visualization = Visualization(store, saxon)

    def render(
        self,
        data: bytes,
        name: str,
        format: RenderFormat,
        options: RenderOptions,
        result: DocumentResult | None = None,
    ) -> bytes:
        """Render one document (XML, or a hybrid PDF's invoice).

        ``result`` is the document's validation, if the caller has one: a rejected invoice
        gets a banner and the fields its findings name are highlighted. Raises an
        :class:`~einvoice_cli.errors.EinvoiceError` for a document that cannot be rendered.
        """
        source = load_source(
            data,
            name,
            parse=options.parse,
            pdf=options.pdf,
            max_attachment_bytes=options.max_attachment_bytes,
        )
        if format is RenderFormat.TEXT:
            from einvoice_cli.rendering.text import render_text

            return render_text(source, options, result).encode("utf-8")
        page = self.page(source, options, result)
        if format is RenderFormat.HTML:
            return page_bytes(page)
        from einvoice_cli.rendering.pdf import print_layout, write_pdf

        return write_pdf(print_layout(page, options.lang, title(source, options.lang)))

    def page(
        self, source: RenderSource, options: RenderOptions, result: DocumentResult | None
    ) -> html.HtmlElement:
        """The HTML page of a document, with our additions.

        Where the official stylesheets fail on a document (an EXTENDED profile's repeated
        elements break their one-value casts), the page shows the document as the EN 16931
        model reads it, written back in its syntax, and says so; what the model does not hold
        is listed as not shown either way.
        """
        try:
            official = self._official(source.tree, source.syntax, options.lang, source.name)
            failure = None
        except RenderingError as e:
            if source.invoice is None:
                raise
            written = write_invoice(source.invoice, source.syntax).tree
            omit_large_attachments(written, options.max_attachment_bytes)
            official = self._official(written, source.syntax, options.lang, source.name)
            failure = str(e)
        return finish_page(official, source, options.lang, result, failure)

    def _official(self, tree: etree._ElementTree, syntax: Syntax, lang: Language, name: str) -> str:
        model = self.visualization.semantic_model(tree, syntax, name)
        return self.visualization.html(model, lang, name)


def title(source: RenderSource, lang: Language) -> str:
    """``Rechnung 123`` / ``Credit note 123``: what the document is, and its number (BT-1)."""
    invoice = source.invoice
    code = (invoice.type_code or "").strip() if invoice else ""
    kind = word("credit-note" if code in CREDIT_NOTE_TYPE_CODES else "invoice", lang)
    number = (invoice.number or "").strip() if invoice else ""
    return f"{kind} {number}".strip()


def render(
    document: bytes,
    *,
    format: RenderFormat | str = RenderFormat.HTML,
    lang: Language | str = Language.DE,
    name: str = "document",
    result: DocumentResult | None = None,
    options: RenderOptions | None = None,
    renderer: Renderer | None = None,
) -> bytes:
    """Render an invoice (XML bytes, or a hybrid PDF) as HTML, PDF/A-3b or text.

    ``lang`` overrides ``options.lang``. Without a ``renderer`` one is made over the per-user
    rules cache (the official visualization is installed there on first use); a caller that
    renders many documents passes one renderer to all calls.
    """
    chosen = replace(options or RenderOptions(), lang=Language(lang))
    if renderer is None:
        from einvoice_cli.rulepacks.catalog import load_catalog
        from einvoice_cli.rulepacks.fetch import FetchSettings, default_cache_dir

        store = RuleStore(load_catalog(), FetchSettings(cache_dir=default_cache_dir()))
        renderer = Renderer(store)
    return renderer.render(document, name, RenderFormat(format), chosen, result)
