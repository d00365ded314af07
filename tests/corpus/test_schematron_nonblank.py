"""Marks of long texts (``nonblank.py``): blank tests skip a marked text and answer as before.

Saxon runs the same compiled rules on each document with and without marks, and the SVRL must
be the same; the XRechnung test suite, whose larger invoices carry attachments, goes through
both ways. Schemas that could see a processing instruction get no parameter and no rewrite.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from einvoice_cli.core.results import Container
from einvoice_cli.rulepacks.scenarios import select_scenario
from einvoice_cli.schematron.compiler.compile import OWN_NS, compile_schematron, load_schematron
from einvoice_cli.schematron.optimize import nonblank
from einvoice_cli.schematron.runtime.svrl import parse_svrl
from einvoice_cli.validation.engine import RuleEngine
from einvoice_cli.xml.parser import ParseSettings, parse_xml
from einvoice_cli.xml.saxon import SaxonProcessor
from tests.support.corpus import XRECHNUNG_TESTSUITE, require

SCH = "http://purl.oclc.org/dsdl/schematron"
LONG = "QUJD" * 400  # 1,600 characters of base64
BLANK = " \n\t\r" * 400

DOCUMENT = f"""<doc xmlns="urn:x">
  <full>{LONG}</full>
  <blank>{BLANK}</blank>
  <empty/>
  <short>x</short>
  <split>{BLANK}<!-- a comment -->{LONG}</split>
  <afterComment>{BLANK}<!-- {LONG} -->{BLANK}</afterComment>
  <own><?evsch-nonblank?></own>
  <parent>{LONG}<child/></parent>
</doc>"""


def _schema(tmp_path: Path, extra: str = "") -> Path:
    path = tmp_path / "rules.sch"
    path.write_text(
        f"""<schema xmlns="{SCH}" queryBinding="xslt2">
  <ns prefix="x" uri="urn:x"/>
  <pattern>
    <rule context="//*[not(*) and not(normalize-space())]">
      <assert id="EMPTY" test="false()">empty element</assert>
    </rule>
  </pattern>
  <pattern>
    <rule context="x:full | x:blank | x:split">
      <assert id="NONBLANK" test="normalize-space(.) != ''">blank</assert>
      <report id="LENGTH" test="string-length(.) gt 1000"><value-of select="local-name()"/></report>
      <assert id="SELF" test="not(normalize-space( . ))">not blank</assert>
      {extra}
    </rule>
  </pattern>
</schema>""",
        encoding="utf-8",
    )
    return path


def _svrl(
    saxon: SaxonProcessor, xslt: str, document: str, *, marks: bool
) -> list[tuple[str | None, str | None, str]]:
    takes_marks = nonblank.DECLARATION in xslt
    stylesheet = saxon.compile_stylesheet(xslt, "test rules", takes_marks=takes_marks)
    tree = parse_xml(document.encode(), "document", ParseSettings())
    before = etree.tostring(tree)
    messages = parse_svrl(stylesheet.transform(saxon.document(tree, marks=marks)))
    assert etree.tostring(tree) == before  # the marks were only in Saxon's copy
    return [(m.rule_id, m.location, m.text) for m in messages]


def test_marked_texts_give_the_same_findings(saxon: SaxonProcessor, tmp_path: Path) -> None:
    path = _schema(tmp_path)
    xslt = compile_schematron(load_schematron(path), path)
    assert nonblank.DECLARATION in xslt and nonblank.USE in xslt
    unmarked = _svrl(saxon, xslt, DOCUMENT, marks=False)
    assert _svrl(saxon, xslt, DOCUMENT, marks=True) == unmarked
    fired = [
        (rule, (location or "").rsplit("/", 1)[-1].split("[")[0]) for rule, location, _ in unmarked
    ]
    element = "*:{}"
    assert [(r, e) for r, e in fired if r == "EMPTY"] == [
        ("EMPTY", element.format(name))
        for name in ("blank", "empty", "afterComment", "own", "child")
    ]
    assert ("NONBLANK", element.format("blank")) in fired
    assert ("SELF", element.format("full")) in fired


def test_the_leaves_that_get_marks(saxon: SaxonProcessor) -> None:
    tree = parse_xml(DOCUMENT.encode(), "document", ParseSettings())
    names = [etree.QName(e).localname for e in nonblank.long_texts(tree)]
    assert names == ["full"]  # "split" starts blank: its text is read, as without marks
    count = saxon.compile_stylesheet(
        '<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
        '<xsl:output method="text"/><xsl:template match="/">'
        '<xsl:value-of select="//processing-instruction()/local-name(..)"/>'
        "</xsl:template></xsl:stylesheet>",
        "count",
    )
    assert count.transform(saxon.document(tree, marks=False)) == "own"
    assert count.transform(saxon.document(tree, marks=True)) == "full own"


def test_a_schema_that_could_see_marks_gets_neither_parameter_nor_rewrite(
    saxon: SaxonProcessor, tmp_path: Path
) -> None:
    path = _schema(tmp_path, '<report id="PI" test="processing-instruction()">a PI</report>')
    xslt = compile_schematron(load_schematron(path), path)
    assert nonblank.DECLARATION not in xslt and nonblank.USE not in xslt
    # Marks would be seen here, which is why this schema's documents never get them.
    assert (
        "PI",
        "/*:doc[namespace-uri()='urn:x'][1]/*:full[namespace-uri()='urn:x'][1]",
        "a PI",
    ) in _svrl(saxon, xslt, DOCUMENT, marks=True)


@pytest.mark.parametrize(
    ("text", "sees"),
    [
        ("count(node())", True),
        ("child::node()", True),
        ("//node()", True),
        ("following-sibling :: node()[1]", True),
        ("processing-instruction('x')", True),
        (". instance of node()", True),
        ("<xsl:copy-of select='.'/>", True),
        ("serialize(.)", True),
        ("<xsl:apply-templates/>", True),
        ("parent::node()/cbc:ID", False),
        ("ancestor::node()", False),
        (". instance of document-node()", False),
        ("not(*) and not(normalize-space())", False),
        ("text()[1]", False),
    ],
)
def test_what_could_see_a_processing_instruction(text: str, sees: bool) -> None:
    assert nonblank.sees_instructions(text) is sees


@pytest.mark.parametrize(
    ("expression", "rewritten"),
    [
        ("not(normalize-space())", True),
        ("//*[not(*) and not( normalize-space( . ) )]", True),
        ("not(normalize-space(cbc:ID))", False),
        ("'not(normalize-space())'", False),
        ("fn:not(normalize-space())", False),
    ],
)
def test_which_blank_tests_are_rewritten(expression: str, rewritten: bool) -> None:
    assert (nonblank.USE in nonblank.rewrite(expression)) is rewritten


def test_the_parameter_is_in_the_compilers_namespace() -> None:
    assert f"{{{OWN_NS}}}nonblank" == nonblank.PARAMETER_CLARK


def test_the_xrechnung_suite_gives_the_same_findings_with_marks(engine: RuleEngine) -> None:
    order = engine.store.catalog.selection_order(Container.XML)
    marked_documents = 0
    for path in sorted(require(XRECHNUNG_TESTSUITE).rglob("*.xml")):
        tree = parse_xml(path.read_bytes(), str(path), ParseSettings())
        scenario = select_scenario(tree, order).scenario
        assert scenario is not None, path
        stylesheets = [engine.stylesheet(step.rules) for step in scenario.schematron]
        assert all(s.takes_marks for s in stylesheets), path
        assert any(s.reads_marks for s in stylesheets), path
        marked_documents += bool(nonblank.long_texts(tree))
        results = []
        for marks in (False, True):
            document = engine.saxon.document(tree, marks=marks)
            results.append([s.transform(document) for s in stylesheets])
        assert results[0] == results[1], path
    assert marked_documents >= 20
