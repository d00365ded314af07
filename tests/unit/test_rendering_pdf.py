"""The PDF rendering: PDF/A-3b as far as the file can show it (XMP pdfaid, an sRGB
OutputIntent, every font embedded, no encryption, no JavaScript), and a print layout that
holds every tab's content with page numbers."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

from einvoice_cli.rendering import Language, Renderer, RenderFormat, RenderOptions
from tests.support.corpus import XRECHNUNG_TESTSUITE, ZUGFERD, require
from tests.support.rendering_support import pdf_text

COMPREHENSIVE = (
    XRECHNUNG_TESTSUITE / "technical-cases" / "cius" / "01.01_comprehensive_test_ubl.xml"
)
CREDIT_NOTE = ZUGFERD / "XML-Rechnung" / "UBL" / "ubl-tc434-creditnote1.xml"


@pytest.fixture(scope="module")
def german_pdf(renderer: Renderer) -> bytes:
    data = require(COMPREHENSIVE).read_bytes()
    return renderer.render(data, "c.xml", RenderFormat.PDF, RenderOptions(lang=Language.DE))


def resolved(value: object) -> object:
    return value.get_object() if isinstance(value, IndirectObject) else value


def every_object(reader: PdfReader) -> list[DictionaryObject]:
    """Every dictionary (and stream dictionary) reachable from the trailer."""
    seen: set[int] = set()
    found: list[DictionaryObject] = []
    stack: list[object] = [reader.trailer]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            if item.idnum in seen:
                continue
            seen.add(item.idnum)
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            found.append(item)
            stack.extend(v for k, v in item.items() if k != "/Parent")
        elif isinstance(item, ArrayObject):
            stack.extend(item)
    return found


def test_the_pdf_is_pdf_a_3b(german_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(german_pdf))
    catalog = resolved(reader.trailer["/Root"])
    assert isinstance(catalog, DictionaryObject)
    xmp = resolved(catalog["/Metadata"])
    assert isinstance(xmp, StreamObject)
    packet = xmp.get_data().decode("utf-8")
    assert re.search(r"pdfaid:part(>|=\")3", packet), packet
    assert re.search(r"pdfaid:conformance(>|=\")B", packet), packet
    intents = resolved(catalog["/OutputIntents"])
    assert isinstance(intents, ArrayObject) and intents
    intent = resolved(intents[0])
    assert isinstance(intent, DictionaryObject)
    assert str(intent["/S"]) == "/GTS_PDFA1" and "/DestOutputProfile" in intent
    assert "/Encrypt" not in reader.trailer
    objects = every_object(reader)
    # Every font program is embedded.
    descriptors = [o for o in objects if o.get("/Type") == "/FontDescriptor"]
    assert descriptors
    for descriptor in descriptors:
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), descriptor
    fonts = [o for o in objects if o.get("/Type") == "/Font" and o.get("/Subtype") != "/Type0"]
    assert fonts and all("/FontDescriptor" in f for f in fonts)
    # No JavaScript anywhere, no actions that run on opening.
    names = resolved(catalog.get("/Names"))
    assert not (isinstance(names, DictionaryObject) and "/JavaScript" in names)
    assert "/OpenAction" not in catalog and "/AA" not in catalog
    assert not [o for o in objects if o.get("/S") == "/JavaScript" or "/JS" in o]


def test_the_print_layout_holds_every_tab_with_page_numbers(german_pdf: bytes) -> None:
    text = pdf_text(german_pdf)
    pages = PdfReader(io.BytesIO(german_pdf)).pages
    assert f"Seite 1 von {len(pages)}" in text and f"Seite {len(pages)} von {len(pages)}" in text
    assert text.lstrip().startswith("Rechnung 1234567")
    for tab in ("Übersicht", "Details", "Zusätze", "Anlagen", "Laufzettel"):
        assert re.search(rf"^\s*{tab}\s*$", text, re.MULTILINE), f"no heading for tab {tab}"
    assert "01_15_Anhang_01.pdf" in text  # the attachments tab, listed
    assert "JavaScript" not in text  # the page's hint for browsers without script is gone
    assert "12.829,69" in text and "Beratung" in text  # totals and lines
    assert PdfReader(io.BytesIO(german_pdf)).pages[0].mediabox.width == pytest.approx(595.28, 0.01)


def test_a_credit_note_in_english(renderer: Renderer) -> None:
    data = require(CREDIT_NOTE).read_bytes()
    pdf = renderer.render(data, "n.xml", RenderFormat.PDF, RenderOptions(lang=Language.EN))
    text = pdf_text(pdf)
    assert "Page 1 of" in text and "Overview" in text
    assert text.lstrip().startswith("Credit note ")
