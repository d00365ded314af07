"""What texts a schema's rules can read (``atomize.py``, ``reads.py``), and the shortening of
the texts they cannot (``xml/saxon.py``).

Small schemas pin down the analysis construct by construct. On the official rules, the proof
that counts: for every corpus document, every leaf whose text the rules of its scenario cannot
read, by the analysis, gets another text that is not blank, in Saxon's copy; the SVRL must not
change. And the attachments of the XRechnung test suite are among those leaves.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from einvoice_cli.core.results import Container
from einvoice_cli.errors import RuleExecutionError
from einvoice_cli.rulepacks.scenarios import select_scenario
from einvoice_cli.schematron.compiler.compile import compile_schematron, load_schematron
from einvoice_cli.schematron.optimize import nonblank
from einvoice_cli.validation.engine import RuleEngine
from einvoice_cli.xml.long_texts import (
    ALL_TEXT,
    NO_TEXT,
    SHORTENED,
    Reads,
    parse_reads,
    reads_of_stylesheet,
)
from einvoice_cli.xml.parser import ParseSettings, parse_xml
from einvoice_cli.xml.saxon import SaxonDocument, SaxonProcessor, Stylesheet
from tests.support.corpus import EN16931, PEPPOL, XRECHNUNG_TESTSUITE, ZUGFERD, files, require

SCH = "http://purl.oclc.org/dsdl/schematron"
XSL = "http://www.w3.org/1999/XSL/Transform"
X = "urn:x"


def _reads(tmp_path: Path, rules: str, top: str = "") -> Reads:
    path = tmp_path / "rules.sch"
    path.write_text(
        f"""<schema xmlns="{SCH}" xmlns:xsl="{XSL}" xmlns:f="urn:f" queryBinding="xslt2">
  <ns prefix="x" uri="{X}"/>
  <ns prefix="f" uri="urn:f"/>
  {top}
  <pattern>{rules}</pattern>
</schema>""",
        encoding="utf-8",
    )
    return reads_of_stylesheet(compile_schematron(load_schematron(path), path))


def _names(reads: Reads) -> set[str]:
    assert reads.names is not None, "the analysis gave up: the schema reads everything"
    return {f"{(namespace == X and 'x:') or ''}{local}" for namespace, local in reads.names}


@pytest.mark.parametrize(
    ("rules", "read"),
    [
        # Navigating, counting, testing for nodes: nothing is read.
        (
            '<rule context="x:a"><assert test="exists(x:b) and count(x:c) lt 2 and not(x:d)'
            " and x:e/x:f and name(x:g) = 'x:g' and x:h is x:h\"/></rule>",
            set(),
        ),
        ('<rule context="x:a"><assert test=". = \'v\'"/></rule>', {"x:a"}),
        ('<rule context="x:a"><assert test="x:b/text() = \'v\'"/></rule>', {"x:b"}),
        ('<rule context="x:a"><assert test="string-length() gt 1"/></rule>', {"x:a"}),
        ('<rule context="x:a"><assert test="contains(x:b, \'v\')"/></rule>', {"x:b"}),
        ('<rule context="x:a[x:b = 1]"><assert test="true()"/></rule>', {"x:b"}),
        ('<rule context="x:a/x:b[. = 1]"><assert test="true()"/></rule>', {"x:b"}),
        ('<rule context="@x:c"><assert test=". = 1"/></rule>', set()),  # attributes stay
        # Blank tests answer the same for a shortened text: they do not count.
        ('<rule context="x:a"><assert test="normalize-space(x:b) != \'\'"/></rule>', set()),
        ('<rule context="x:a"><assert test="not(normalize-space())"/></rule>', set()),
        (
            '<rule context="//*[not(*) and not(normalize-space())]">'
            '<assert test="false()"/></rule>',
            set(),
        ),
        ('<rule context="x:a"><assert test="normalize-space(x:b) = \'v\'"/></rule>', {"x:b"}),
        # Messages: value-of reads, name does not.
        (
            '<rule context="x:a"><assert test="true()"><value-of select="x:n"/>'
            '<name path="x:m"/></assert></rule>',
            {"x:n"},
        ),
        # Variables carry their nodes.
        (
            '<rule context="x:a"><let name="v" value="x:b"/><assert test="$v = 1"/></rule>',
            {"x:b"},
        ),
        (
            '<rule context="x:a"><assert test="some $i in x:b satisfies $i = 1"/></rule>',
            {"x:b"},
        ),
        # A name suffix keeps a wildcard to the names that end with it.
        (
            '<rule context="//*[ends-with(name(), \'Amount\')]"><assert test=". gt 0"/></rule>',
            {"*Amount"},
        ),
    ],
)
def test_what_rules_read(tmp_path: Path, rules: str, read: set[str]) -> None:
    assert _names(_reads(tmp_path, rules)) == read


@pytest.mark.parametrize(
    "rules",
    [
        '<rule context="x:a"><assert test="string(/) != \'\'"/></rule>',
        '<rule context="x:a"><assert test="string(*) != \'\'"/></rule>',
        '<rule context="x:a"><assert test="//text() = \'v\'"/></rule>',
        '<rule context="@x:c"><assert test="string(..) = \'v\'"/></rule>',
        '<rule context="x:a"><assert test="$undeclared = 1"/></rule>',
        '<rule context="x:a"><assert test="f:unknown(.)"/></rule>',
        '<rule context="x:a"><assert test="x:b ="/></rule>',
        '<rule context="x:a"><assert test="for-each(x:b, string#1) = \'v\'"/></rule>',
    ],
)
def test_what_makes_a_schema_read_everything(tmp_path: Path, rules: str) -> None:
    assert _reads(tmp_path, rules).everything


def test_functions_are_read_with_their_arguments(tmp_path: Path) -> None:
    functions = """
  <xsl:function name="f:text" as="xs:string">
    <xsl:param name="node"/>
    <xsl:sequence select="string($node)"/>
  </xsl:function>
  <xsl:function name="f:up">
    <xsl:param name="node"/>
    <xsl:if test="true()"><xsl:sequence select="$node/.."/></xsl:if>
  </xsl:function>
  <xsl:function name="f:digits" as="xs:integer">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="if ($s = '') then 0 else 1 + f:digits(substring($s, 2))"/>
  </xsl:function>
  <xsl:key name="by-code" match="x:item" use="x:code"/>"""
    assert _names(
        _reads(tmp_path, '<rule context="x:a"><assert test="f:text(x:b)"/></rule>', functions)
    ) == {"x:b", "x:code"}  # the key's "use" is read wherever the key is declared
    assert _names(
        _reads(tmp_path, '<rule context="x:a"><assert test="f:digits(x:c) = 2"/></rule>', functions)
    ) == {"x:c", "x:code"}  # the key's "use" is read wherever the key is declared
    assert _reads(
        tmp_path, '<rule context="x:a"><assert test="string(f:up(x:b)) = \'\'"/></rule>', functions
    ).everything


def test_global_variables(tmp_path: Path) -> None:
    top = '<let name="ids" value="//x:id"/><let name="root" value="/"/>'
    assert _names(
        _reads(tmp_path, '<rule context="x:a"><assert test="$ids = 1"/></rule>', top)
    ) == {"x:id"}
    assert _reads(
        tmp_path, '<rule context="x:a"><assert test="string($root) = \'\'"/></rule>', top
    ).everything


def test_what_a_stylesheet_says_it_reads_reads_back() -> None:
    reads = Reads(frozenset({(X, "a"), (X, None), (None, "b"), (None, "*Amount"), ("", "c")}))
    assert parse_reads(reads.text()) == reads
    assert parse_reads(ALL_TEXT.text()).everything
    assert parse_reads(NO_TEXT.text()) == NO_TEXT
    assert reads_of_stylesheet("<xsl:stylesheet/>").everything  # says nothing: reads all


def test_what_reads_cover() -> None:
    tree = etree.fromstring(
        f'<x:doc xmlns:x="{X}"><x:ref><x:TaxAmount>1</x:TaxAmount><x:bin>AAAA</x:bin></x:ref>'
        "<plain>t</plain></x:doc>"
    )
    amount, binary = tree[0]
    plain = tree[1]
    suffix = Reads(frozenset({(None, "*Amount")}))
    assert suffix.covers(amount) and not suffix.covers(binary) and not suffix.covers(plain)
    ancestor = Reads(frozenset({(X, "ref")}))
    assert ancestor.covers(binary) and not ancestor.covers(plain)
    assert Reads(frozenset({("", "plain")})).covers(plain)
    assert not NO_TEXT.covers(binary) and ALL_TEXT.covers(plain)


def _scenario_reads(
    engine: RuleEngine, tree: etree._ElementTree
) -> tuple[list[Stylesheet], Reads] | None:
    scenario = select_scenario(tree, engine.store.catalog.selection_order(Container.XML)).scenario
    if scenario is None:
        return None
    stylesheets = [engine.stylesheet(step.rules) for step in scenario.schematron]
    reads = NO_TEXT
    for stylesheet in stylesheets:
        reads = reads | stylesheet.reads
    return stylesheets, reads


SYNTAX_BY_ROOT = {"Invoice": "UBL", "CreditNote": "UBL", "CrossIndustryInvoice": "CII"}
CORPUS_DOCUMENTS: list[Path] = [
    *files(XRECHNUNG_TESTSUITE),
    *files(EN16931 / "ubl" / "examples"),
    *files(EN16931 / "cii" / "examples"),
    *files(EN16931 / "test" / "testfiles"),
    *files(PEPPOL / "rules" / "examples"),
    *files(ZUGFERD / "XML-Rechnung"),
]


def _compiled_rules(engine: RuleEngine, syntax: str) -> list[Stylesheet]:
    """Every stylesheet our compiler writes for a syntax's scenarios."""
    refs = {
        step.rules
        for scenario in engine.store.catalog.scenarios
        if f"({syntax}" in scenario.name
        for step in scenario.schematron
    }
    for scenario in engine.store.catalog.scenarios:
        engine.store.ensure_scenario(scenario)
    found = [engine.stylesheet(ref) for ref in sorted(refs, key=str)]
    return [s for s in found if not s.reads.everything]


VEFA = "{http://difi.no/xsd/vefa/validator/1.0}"


def _outcome(stylesheet: Stylesheet, document: SaxonDocument) -> str:
    """The SVRL, or the error (some unit-test fragments make the rules fail)."""
    try:
        return stylesheet.transform(document)
    except RuleExecutionError as e:
        return f"error: {e}"


def _corpus_trees() -> list[tuple[str, etree._ElementTree]]:
    """The corpus documents, and the invoices embedded in CEN's unit tests, with a name."""
    found = [
        (str(path), parse_xml(path.read_bytes(), str(path), ParseSettings()))
        for path in CORPUS_DOCUMENTS
    ]
    for path in files(EN16931 / "test", "*.xml"):
        root = parse_xml(path.read_bytes(), str(path), ParseSettings()).getroot()
        if root.tag != f"{VEFA}testSet":
            continue
        for number, test in enumerate(root.iter(f"{VEFA}test"), start=1):
            for invoice in test:
                if isinstance(invoice.tag, str) and not invoice.tag.startswith(VEFA):
                    copied = etree.fromstring(etree.tostring(invoice))
                    found.append((f"{path} test {number}", etree.ElementTree(copied)))
    return found


def test_texts_the_rules_cannot_read_change_no_finding(engine: RuleEngine) -> None:
    """For each of our compiled stylesheets and each corpus document of its syntax, every
    leaf whose text the analysis says the stylesheet cannot read gets another text that is
    not blank, in Saxon's copy of the document: the SVRL stays the same."""
    rules = {syntax: _compiled_rules(engine, syntax) for syntax in ("UBL", "CII")}
    assert len(rules["UBL"]) >= 4 and len(rules["CII"]) >= 4, rules
    runs = changed = 0
    for name, tree in _corpus_trees():
        syntax = SYNTAX_BY_ROOT.get(etree.QName(tree.getroot()).localname)
        if syntax is None:
            continue
        document = engine.saxon.document(tree)
        for stylesheet in rules[syntax]:
            other = etree.ElementTree(etree.fromstring(etree.tostring(tree)))
            leaves = [
                e
                for e in other.getroot().iter(tag=etree.Element)
                if len(e) == 0
                and (e.text or "").strip(" \t\r\n")
                and not stylesheet.reads.covers(e)
            ]
            for leaf in leaves:
                leaf.text = "Z" if leaf.text != "Z" else "Y"
            assert _outcome(stylesheet, engine.saxon.document(other)) == _outcome(
                stylesheet, document
            ), f"{name}: {stylesheet.name} found otherwise with texts it cannot read changed"
            runs += 1
            changed += len(leaves)
    assert runs >= 4500 and changed >= 25_000, (runs, changed)


def test_attachments_are_shortened_with_the_same_findings(engine: RuleEngine) -> None:
    """The XRechnung rules cannot read an attachment: Saxon gets its first characters only,
    the findings do not change, and the document as parsed stays as it was."""
    shortened = 0
    for path in files(require(XRECHNUNG_TESTSUITE)):
        tree = parse_xml(path.read_bytes(), str(path), ParseSettings())
        found = _scenario_reads(engine, tree)
        assert found is not None, path
        stylesheets, reads = found
        assert not reads.everything, path
        long = nonblank.long_texts(tree)
        shortened += sum(not reads.covers(e) for e in long)
        text = etree.tostring(tree)
        whole = engine.saxon.document(tree, marks=True)
        short = engine.saxon.document(tree, marks=True, reads=reads)
        assert etree.tostring(tree) == text, path
        assert [s.transform(short) for s in stylesheets] == [
            s.transform(whole) for s in stylesheets
        ], path
    assert shortened >= 30  # the 36 attachments of the suite


def test_what_saxon_gets_of_a_shortened_text(saxon: SaxonProcessor) -> None:
    tree = parse_xml(
        f'<doc xmlns="{X}"><bin>\n  {"QUJD" * 400}</bin><id>{"1" * 2000}</id></doc>'.encode(),
        "document",
        ParseSettings(),
    )
    echo = saxon.compile_stylesheet(
        f'<xsl:stylesheet version="3.0" xmlns:xsl="{XSL}" xmlns:x="{X}">'
        '<xsl:output method="text"/><xsl:template match="/">'
        '<xsl:value-of select="string-length(//x:bin), //x:bin, string-length(//x:id)"/>'
        "</xsl:template></xsl:stylesheet>",
        "echo",
    )
    reads = Reads(frozenset({(X, "id")}))
    assert echo.transform(saxon.document(tree, reads=reads)) == f"{SHORTENED} {'QUJD' * 4} 2000"
    assert echo.transform(saxon.document(tree)) == f"1603 \n  {'QUJD' * 400} 2000"
