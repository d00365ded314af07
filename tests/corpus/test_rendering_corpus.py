"""Every XRechnung test-suite document and every CII of the ZUGFeRD corpus renders to HTML and
PDF, and a person reads its invoice number (BT-1), issue date (BT-2), grand total (BT-112) and
amount due (BT-115), as the XML gives them, in the HTML as Chromium shows it (the overview tab's
``innerText``) and in the PDF's text (pdftotext).

The corpus's UBL twins are rendered too. A ZUGFeRD corpus file whose invoice is ZUGFeRD 1.0
(which the official visualization does not read) or that holds no invoice is not skipped: its
test checks that rendering refuses it with that reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from einvoice_cli.core.detect import Syntax, detect
from einvoice_cli.errors import EinvoiceError, RenderingError
from einvoice_cli.hybrid.pdf import PdfSettings
from einvoice_cli.rendering import Language, Renderer, RenderFormat, RenderOptions
from einvoice_cli.rendering.pack import renderable
from einvoice_cli.rendering.source import invoice_xml
from einvoice_cli.xml.parser import ParseSettings, parse_xml
from tests.support.corpus import XRECHNUNG_TESTSUITE, ZUGFERD, files, ident
from tests.support.rendering_support import (
    Browser,
    browser_session,
    compact,
    expected_values,
    pdf_text,
)

DOCUMENTS = [
    *files(XRECHNUNG_TESTSUITE),
    *files(ZUGFERD, "*.xml"),
    *files(ZUGFERD, "*.pdf"),
]
ENGLISH = RenderOptions(lang=Language.EN)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from browser_session()


def _syntax(data: bytes, name: str) -> Syntax | None:
    """The syntax of a document's invoice; ``None`` for no invoice we know."""
    return detect(parse_xml(invoice_xml(data, name, PdfSettings()), name, ParseSettings())).syntax


@pytest.mark.parametrize("path", DOCUMENTS, ids=ident)
def test_a_person_reads_the_key_values(
    path: Path, renderer: Renderer, browser: Browser, tmp_path: Path
) -> None:
    data = path.read_bytes()
    try:
        syntax = _syntax(data, path.name)
    except EinvoiceError as e:
        assert path.is_relative_to(ZUGFERD), f"a test-suite file is unreadable: {e}"
        with pytest.raises(type(e)):
            renderer.render(data, path.name, RenderFormat.HTML, ENGLISH)
        return
    if syntax is None or not renderable(syntax):
        assert path.is_relative_to(ZUGFERD), f"a test-suite file is no invoice: {syntax}"
        refusal = _refusal(renderer, data, path)
        assert syntax is None or isinstance(refusal, RenderingError)
        assert "cannot be shown" in str(refusal) or "not an invoice" in str(refusal)
        return
    expected = expected_values(invoice_xml(data, path.name, PdfSettings()))

    page = tmp_path / "rendering.html"
    page.write_bytes(renderer.render(data, path.name, RenderFormat.HTML, ENGLISH))
    browser.open(page.as_uri())
    shown = browser.run("return document.getElementById('uebersicht').innerText")
    assert isinstance(shown, str)
    missing = {t: v for t, v in expected.items() if compact(v) not in compact(shown)}
    assert not missing, f"not on the page as Chromium shows it: {missing}"

    printed = pdf_text(renderer.render(data, path.name, RenderFormat.PDF, ENGLISH))
    missing = {t: v for t, v in expected.items() if compact(v) not in compact(printed)}
    assert not missing, f"not in the PDF's text: {missing}"


def _refusal(renderer: Renderer, data: bytes, path: Path) -> EinvoiceError:
    try:
        renderer.render(data, path.name, RenderFormat.HTML, ENGLISH)
    except EinvoiceError as e:
        return e
    raise AssertionError("rendered a document it should refuse")
