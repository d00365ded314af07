"""Saxon gets the same document as lxml parsed, whichever way its text is handed over.

``SaxonProcessor.document`` writes non-ASCII characters as character references where that
keeps the document the same (SaxonC reads ASCII faster); these tests compare what Saxon built
with what it builds from the plain serialisation, on the test suite and on the cases where
references would change the document or are not allowed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from einvoice_cli.xml.parser import ParseSettings, parse_xml
from einvoice_cli.xml.saxon import SaxonProcessor
from tests.support.corpus import XRECHNUNG_TESTSUITE, files, ident


def as_saxon_sees_it(saxon: SaxonProcessor, xml: bytes) -> str:
    """The document Saxon built from the tree, serialised by Saxon."""
    return str(saxon.document(parse_xml(xml, "test", ParseSettings()))._node)


def as_plain_text(saxon: SaxonProcessor, xml: bytes) -> str:
    """The document Saxon builds from the tree's plain (Unicode) serialisation."""
    text = etree.tostring(parse_xml(xml, "test", ParseSettings()).getroot(), encoding="unicode")
    return str(saxon._processor.parse_xml(xml_text=text))


@pytest.mark.parametrize(
    "xml",
    [
        pytest.param('<a b="é ü">Grüße ß €</a>', id="text-and-attribute"),
        pytest.param("<a>ä<!-- Kommentar ü --></a>", id="comment"),
        pytest.param('<a>ä<?verarbeitung ö="1"?></a>', id="processing-instruction"),
        pytest.param("<a>ä<![CDATA[ö < ü]]></a>", id="cdata"),
        pytest.param('<Größe xmlns="urn:x" Maß="1">ä</Größe>', id="element-and-attribute-names"),
        pytest.param('<a xmlns:ö="urn:x" ö:b="1">ä</a>', id="prefix"),
        pytest.param("<a>\u2028\U0001f600ä</a>", id="line-separator-and-astral"),
    ],
)
def test_non_ascii_documents_arrive_unchanged(saxon: SaxonProcessor, xml: str) -> None:
    data = xml.encode("utf-8")
    assert as_saxon_sees_it(saxon, data) == as_plain_text(saxon, data)


@pytest.mark.parametrize("path", files(XRECHNUNG_TESTSUITE), ids=ident)
def test_test_suite_documents_arrive_unchanged(saxon: SaxonProcessor, path: Path) -> None:
    data = path.read_bytes()
    assert as_saxon_sees_it(saxon, data) == as_plain_text(saxon, data)
