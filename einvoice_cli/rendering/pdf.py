"""The PDF rendering: a print layout of the official page, written as PDF/A-3b by WeasyPrint.

The official page is interactive: five tabs of which one is shown, switched by script. Printed
as it is, a PDF would hold the first tab only. The print layout shows every tab's content one
after the other, each under its tab's title and starting on a new page, without the tab bar,
the script or the attachments' download links, on A4 with page numbers.

WeasyPrint (BSD, pure Python over Pango; no Java) writes PDF/A-3b (``pdf_variant="pdf/a-3b"``):
XMP metadata with ``pdfaid:part`` 3 and ``conformance`` B, an sRGB OutputIntent, every font
embedded, no encryption and no JavaScript, so the PDF can be the visual part of a Factur-X
invoice. It may fetch nothing: every URL the page names is refused (no network, no files).
This module is the one that imports WeasyPrint, which ships no type information.
"""

from __future__ import annotations

import copy
import logging
import warnings
from collections.abc import Mapping
from types import MappingProxyType

from lxml import etree, html

from einvoice_cli.errors import RenderingError
from einvoice_cli.rendering.pack import Language
from einvoice_cli.rendering.words import word

PDF_VARIANT = "pdf/a-3b"

_PRINT_STYLE = """
@page {{ size: A4; margin: 16mm 14mm 18mm 14mm;
  @bottom-right {{ content: "{page} " counter(page) " {of} " counter(pages);
    font-family: sans-serif; font-size: 8pt; color: #444; }}
  @bottom-left {{ content: string(invoice-title); font-family: sans-serif; font-size: 8pt;
    color: #444; }} }}
html, body {{ background: #fff !important; }}
body {{ font-size: 9pt; }}
.divHide {{ display: block !important; }}
.einvoice-print-title {{ string-set: invoice-title content(); font-family: sans-serif;
  font-size: 14pt; margin: 0 0 4mm 0; }}
.einvoice-tab-title {{ font-family: sans-serif; font-size: 13pt; margin: 0 0 3mm 0;
  padding-bottom: 1mm; border-bottom: 1px solid #888; }}
[role="tabpanel"] {{ break-before: page; }}
[role="tabpanel"]:first-of-type {{ break-before: auto; }}
.boxzeile, .boxtabelle, .rechnungsZeile {{ break-inside: avoid; }}
details > ul {{ display: block; }}
"""

_DROPPED = (
    "//script",
    "//noscript",
    "//div[contains(concat(' ', @class, ' '), ' menue ')]",
    "//form[not(.//*[@role='tabpanel'])]",
    "//a[@onclick]",
)
"""What the print layout leaves out: script, the tab bar, the download links."""


def print_layout(page: html.HtmlElement, lang: Language, title: str) -> html.HtmlElement:
    """The print layout of a finished page (which is left as it was)."""
    printed = copy.deepcopy(page)
    tab_titles = _tab_titles(printed)
    for path in _DROPPED:
        for element in printed.xpath(path):
            parent = element.getparent()
            if parent is not None:
                parent.remove(element)
    for details in printed.iter("details"):
        details.set("open", "open")
    for panel in printed.xpath("//*[@role='tabpanel']"):
        heading = html.Element("h2", {"class": "einvoice-tab-title"})
        heading.text = tab_titles.get(panel.get("id", ""), "")
        panel.insert(0, heading)
        panel.attrib.pop("style", None)
    head = printed.find("head")
    if head is not None:
        for element in head.iter("title"):
            element.text = title  # the PDF's title (XMP dc:title)
        style = etree.SubElement(head, "style")
        style.text = _PRINT_STYLE.format(page=word("page", lang), of=word("of", lang))
    body = printed.body
    if body is None:
        raise RenderingError("the official visualization produced a page without a body")
    heading = html.Element("h1", {"class": "einvoice-print-title"})
    heading.text = title
    body.insert(0, heading)
    return printed


def _tab_titles(page: html.HtmlElement) -> Mapping[str, str]:
    """The title of each tab panel, by the panel's id (from the tab bar's buttons)."""
    titles = {}
    for button in page.xpath("//button[@aria-controls]"):
        titles[button.get("aria-controls", "")] = " ".join(button.text_content().split())
    return MappingProxyType(titles)


def write_pdf(page: html.HtmlElement) -> bytes:
    """The print layout as PDF/A-3b bytes."""
    # Imported here: WeasyPrint and Pango take a moment to load, and only PDFs need them.
    try:
        import weasyprint
    except OSError as e:  # WeasyPrint loads Pango with ctypes/cffi when imported
        raise RenderingError(
            "PDF rendering needs the Pango library (Debian: apt-get install libpango-1.0-0 "
            f"libpangoft2-1.0-0): {e}"
        ) from e

    # WeasyPrint reports unfetchable URLs and unsupported CSS as log warnings; the refusals
    # are deliberate and the official CSS has screen-only properties, so they are not news.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    source = html.tostring(page, doctype="<!DOCTYPE html>", encoding="unicode", method="html")
    document = weasyprint.HTML(
        string=source,
        base_url=None,
        url_fetcher=weasyprint.URLFetcher(allowed_protocols=()),
    )
    with warnings.catch_warnings():
        # WeasyPrint opens its sRGB profile for the PDF/A OutputIntent and leaves closing it to
        # the garbage collector (weasyprint/pdf/__init__.py, ``output_intent == 'srgb'``): a
        # ResourceWarning about its own file, not ours, which strict warning filters turn
        # into errors.
        warnings.simplefilter("ignore", ResourceWarning)
        data = document.write_pdf(pdf_variant=PDF_VARIANT, custom_metadata=False)
    if not isinstance(data, bytes):
        raise TypeError("WeasyPrint returned no PDF bytes")
    return data
