"""Name-suffix tests on the local name (``names.py``): the same elements as with ``name()``.

Saxon runs each original pattern and its rewrite over a document whose elements have prefixes,
no prefix, and names shorter and longer than the suffixes, and both must select the same
elements; string literals are left alone, and CEN's rules are rewritten.
"""

from __future__ import annotations

import pytest
from lxml import etree

from einvoice_cli.schematron.compiler.compile import compile_schematron, load_schematron
from einvoice_cli.schematron.optimize.literals import inside_literal, literal_spans
from einvoice_cli.schematron.optimize.names import local_name_suffixes
from einvoice_cli.xml.saxon import SaxonProcessor
from tests.support.corpus import MIRROR, require

CEN = MIRROR / "raw.githubusercontent.com/ConnectingEurope/eInvoicing-EN16931/validation-1.3.16"

DOCUMENT = """<p:root xmlns:p="urn:p" xmlns:q="urn:q">
  <p:TaxAmount/><q:Amount/><Amount/><p:Amt/><nt/><p:ount/><q:pAmount/><p:Amounts/>
  <p:DocumentContextParameter/><a/>
</p:root>"""

EXPRESSIONS = [
    "//*[ends-with(name(), 'Amount')]",
    "//*[ends-with( name( . ) , 'ount' )]",
    "//*[ends-with(name(), 't')]",
    "//*[ends-with(name(), '')]",
    "//*[ends-with(name(), 'pAmount')]",
    "//*[ends-with(name(), 'DocumentContextParameter') and not(ends-with(name(), 'Amount'))]",
]


def _names(saxon: SaxonProcessor, expression: str) -> str:
    stylesheet = saxon.compile_stylesheet(
        '<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
        '<xsl:output method="text"/><xsl:template match="/">'
        f'<xsl:value-of select="({expression})/name()"/>'
        "</xsl:template></xsl:stylesheet>",
        "test",
    )
    tree = etree.ElementTree(etree.fromstring(DOCUMENT))
    return stylesheet.transform(saxon.document(tree))


@pytest.mark.parametrize("expression", EXPRESSIONS)
def test_the_local_name_selects_the_same_elements(saxon: SaxonProcessor, expression: str) -> None:
    rewritten = local_name_suffixes(expression)
    assert "local-name(" in rewritten and "name()" not in rewritten.replace("local-name(", "")
    selected = _names(saxon, expression)
    assert selected  # each expression selects something
    assert _names(saxon, rewritten) == selected


@pytest.mark.parametrize(
    "expression",
    [
        "ends-with(name(), 'p:Amount')",  # a colon: the prefix counts
        "ends-with(name(cac:X), 'Amount')",
        "starts-with(name(), 'Amount')",
        "ends-with(fn:name(), 'Amount')",
        "ends-with(name(), $suffix)",
        "concat('ends-with(name(), ''x'')', .)",
        "\"ends-with(name(), 'x')\"",
    ],
)
def test_other_tests_stay_as_written(expression: str) -> None:
    assert local_name_suffixes(expression) == expression


def test_literal_spans_know_doubled_quotes() -> None:
    expression = 'a = \'it\'\'s\' or b = "say ""x""" or \'open'
    spans = literal_spans(expression)
    assert [expression[s:e] for s, e in spans] == ["'it''s'", '"say ""x"""', "'open"]
    assert inside_literal(spans, expression.index("s'"))
    assert not inside_literal(spans, expression.index("or"))


def test_cen_name_suffixes_use_the_local_name() -> None:
    source = require(CEN / "cii/schematron/preprocessed/EN16931-CII-validation-preprocessed.sch")
    xslt = compile_schematron(load_schematron(source), source)
    assert "ends-with(local-name(), 'TradeTax')" in xslt
    assert "ends-with(name()" not in xslt
