"""Code-list tests as map lookups (``tokens.py``): exactly the result of the string search.

Saxon evaluates each original test and its rewrite for values chosen at the edges of the
equivalence (empty, spaces, a token with a space, a token inside another, a pair of tokens), and
the official CEN sources must have their code lists rewritten.
"""

from __future__ import annotations

import pytest
from lxml import etree

from einvoice_cli.schematron.compiler.compile import compile_schematron, load_schematron
from einvoice_cli.schematron.optimize.tokens import TokenLists
from einvoice_cli.xml.saxon import SaxonProcessor
from tests.support.corpus import MIRROR, require

CEN = MIRROR / "raw.githubusercontent.com/ConnectingEurope/eInvoicing-EN16931/validation-1.3.16"
LOOKUP = "Q{http://www.w3.org/2005/xpath-functions/map}contains("

VALUES = ["A", "BB", "C1", "", " ", "A BB", "BB C1", "A B", "B", "AB", "A\tBB", " A", "A ", "x"]
"""Operand values: tokens, non-tokens, parts and joins of tokens, whitespace."""

TESTS = [
    "contains(' A BB C1 ', concat(' ', $v, ' '))",
    "contains( ' A BB C1 ' , concat( ' ' , normalize-space($v) , ' ' ) )",
    "not(contains(normalize-space($v), ' '))"
    " and contains(' A BB C1 ', concat(' ', normalize-space($v), ' '))",
    "contains(' A BB C1 ', concat(' ', substring($v, 1, 2), ' '))",
    "contains(' A BB C1 ', concat(' ', if ($v = 'x') then 'A' else $v, ' '))",
]


def _evaluate(saxon: SaxonProcessor, expression: str, value: str) -> str:
    tokens = TokenLists("t:codes")
    rewritten = tokens.rewrite(expression)
    variables = "".join(
        f'<xsl:variable name="{name}" static="yes" select="{select}"/>'
        for name, select in tokens.declarations()
    )
    escaped = value.replace("\t", "&#9;")
    stylesheet = saxon.compile_stylesheet(
        '<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"'
        ' xmlns:t="urn:t">'
        f'{variables}<xsl:output method="text"/><xsl:template match="/">'
        f'<xsl:variable name="v" select="\'{escaped}\'"/>'
        f'<xsl:value-of select="({expression}), ({rewritten})"/>'
        "</xsl:template></xsl:stylesheet>",
        "test",
    )
    return stylesheet.transform(saxon.document(etree.ElementTree(etree.Element("x"))))


@pytest.mark.parametrize("expression", TESTS)
def test_rewrite_gives_the_search_result(saxon: SaxonProcessor, expression: str) -> None:
    assert LOOKUP in TokenLists("t:codes").rewrite(expression)
    results = set()
    for value in VALUES:
        original, rewritten = _evaluate(saxon, expression, value).split(" ")
        assert original == rewritten, (expression, value)
        results.add(original)
    assert results == {"true", "false"}


@pytest.mark.parametrize(
    "expression",
    [
        "contains(' A  B ', concat(' ', $v, ' '))",  # two spaces: '' would be found
        "contains('A B', concat(' ', $v, ' '))",  # no spaces at the ends
        "contains(' A B ', concat('', $v, ' '))",
        "contains(' A B ', concat(' ', $v, ' ', $w))",
        "fn:contains(' A B ', $v)",
        "xcontains(' A B ', concat(' ', $v, ' '))",
        "\"contains(' A B ', concat(' ', $v, ' '))\"",  # text in a string literal
    ],
)
def test_other_shapes_stay_as_written(expression: str) -> None:
    tokens = TokenLists("t:codes")
    assert tokens.rewrite(expression) == expression
    assert tokens.declarations() == []


def test_one_map_per_list_and_nested_operands() -> None:
    tokens = TokenLists("t:codes")
    inner = "contains(' A B ', concat(' ', $v, ' '))"
    expression = f"contains(' X Y ', concat(' ', string({inner}), ' ')) or {inner}"
    rewritten = tokens.rewrite(expression)
    assert rewritten.count(LOOKUP) == 3
    assert [name for name, _ in tokens.declarations()] == ["t:codes1", "t:codes2"]
    assert "tokenize('A B', ' ')" in dict(tokens.declarations())["t:codes1"]


@pytest.mark.parametrize("syntax", ["ubl", "cii"])
def test_cen_code_lists_become_lookups(syntax: str) -> None:
    upper = syntax.upper()
    source = require(
        CEN / f"{syntax}/schematron/preprocessed/EN16931-{upper}-validation-preprocessed.sch"
    )
    xslt = compile_schematron(load_schematron(source), source)
    # Currencies, countries, units, payment means, VAT categories, scheme identifiers...
    assert xslt.count(LOOKUP) >= 15
