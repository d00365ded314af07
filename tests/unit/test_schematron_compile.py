"""The Schematron compiler: semantics on small schemas, and every official source in the mirror.

The small schemas pin down one construct each (rule order, lets, phases, abstract patterns,
includes, embedded XSLT); the official sources must compile, be accepted by Saxon and give
the results their own test material expects.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from lxml import etree

from einvoice_cli.errors import SchematronCompileError
from einvoice_cli.schematron.compiler.compile import (
    compile_schematron,
    load_schematron,
)
from einvoice_cli.schematron.runtime.svrl import SvrlKind, SvrlMessage, parse_svrl
from einvoice_cli.xml.parser import ParseSettings, parse_xml
from einvoice_cli.xml.saxon import SaxonProcessor, Stylesheet
from tests.support.corpus import EN16931, MIRROR, PEPPOL, XRECHNUNG_TESTSUITE, files, ident, require

SCH = "http://purl.oclc.org/dsdl/schematron"
HOST = MIRROR / "raw.githubusercontent.com"
CEN = "ConnectingEurope/eInvoicing-EN16931"
PEPPOL_SCH = "OpenPEPPOL/peppol-bis-invoice-3/v3.0.19/rules/sch"
XRECHNUNG_SCH = "itplr-kosit/xrechnung-schematron/v2.5.0/src/validation/schematron"
CEN_UBL_1315 = (
    f"{CEN}/validation-1.3.15/ubl/schematron/preprocessed/EN16931-UBL-validation-preprocessed.sch"
)
CEN_CII_1315 = (
    f"{CEN}/validation-1.3.15/cii/schematron/preprocessed/EN16931-CII-validation-preprocessed.sch"
)
CEN_CII_1316 = (
    f"{CEN}/validation-1.3.16/cii/schematron/preprocessed/EN16931-CII-validation-preprocessed.sch"
)
SCHEMAS = (
    CEN_UBL_1315,
    f"{CEN}/validation-1.3.16/ubl/schematron/preprocessed/EN16931-UBL-validation-preprocessed.sch",
    CEN_CII_1315,
    CEN_CII_1316,
    f"{PEPPOL_SCH}/PEPPOL-EN16931-UBL.sch",
    f"{PEPPOL_SCH}/PEPPOL-EN16931-CII.sch",
    f"{PEPPOL_SCH}/CEN-EN16931-UBL.sch",
    f"{PEPPOL_SCH}/CEN-EN16931-CII.sch",
    f"{XRECHNUNG_SCH}/ubl/XRechnung-UBL-validation.sch",
    f"{XRECHNUNG_SCH}/cii/XRechnung-CII-validation.sch",
)
VEFA = "{http://difi.no/xsd/vefa/validator/1.0}"
PEPPOL_SPECIFICATION = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"


# --- small schemas ------------------------------------------------------------------------


def _schema(body: str, *, attributes: str = "") -> str:
    return (
        f'<schema xmlns="{SCH}" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" '
        f'queryBinding="xslt2" {attributes}>{body}</schema>'
    )


def _compile(tmp_path: Path, body: str, *, phase: str | None = None, attributes: str = "") -> str:
    path = tmp_path / "rules.sch"
    path.write_text(_schema(body, attributes=attributes), encoding="utf-8")
    return compile_schematron(load_schematron(path), path, phase=phase, name="test rules")


def _run(
    saxon: SaxonProcessor,
    tmp_path: Path,
    body: str,
    document: str,
    *,
    phase: str | None = None,
    attributes: str = "",
) -> tuple[SvrlMessage, ...]:
    xslt = _compile(tmp_path, body, phase=phase, attributes=attributes)
    stylesheet = saxon.compile_stylesheet(xslt, "test rules")
    tree = parse_xml(document.encode(), "document", ParseSettings())
    return parse_svrl(stylesheet.transform(saxon.document(tree)))


def _ids(messages: tuple[SvrlMessage, ...]) -> list[str | None]:
    return [m.rule_id for m in messages]


def test_first_matching_rule_of_a_pattern_wins(saxon: SaxonProcessor, tmp_path: Path) -> None:
    body = """
      <pattern>
        <rule context="b"><report id="b" test="true()">b</report></rule>
        <rule context="*"><report id="any" test="true()">any</report></rule>
        <rule context="b"><report id="never" test="true()">b again</report></rule>
      </pattern>
      <pattern>
        <rule context="b"><report id="other-pattern" test="true()">b</report></rule>
      </pattern>"""
    messages = _run(saxon, tmp_path, body, "<a><b/><c><b/></c></a>")
    # Pattern by pattern, each in document order; a matched node's children are still visited.
    assert _ids(messages) == ["any", "b", "any", "b", "other-pattern", "other-pattern"]
    assert [m.location for m in messages[:4]] == [
        "/a[1]",
        "/a[1]/b[1]",
        "/a[1]/c[1]",
        "/a[1]/c[1]/b[1]",
    ]


def test_attributes_and_the_document_node_are_visited_text_is_not(
    saxon: SaxonProcessor, tmp_path: Path
) -> None:
    body = """
      <pattern>
        <rule context="/"><report id="root" test="true()">document</report></rule>
        <rule context="@n"><report id="attribute" test=". = '1'">n</report></rule>
        <rule context="text()"><report id="text" test="true()">text</report></rule>
      </pattern>"""
    messages = _run(saxon, tmp_path, body, '<a n="1">text<b n="2">more</b></a>')
    assert _ids(messages) == ["root", "attribute"]
    # The document node is located at its root element, as by the ISO skeleton.
    assert [m.location for m in messages] == ["/a[1]", "/a[1]/@n"]


def test_locations_name_namespaces_and_positions(saxon: SaxonProcessor, tmp_path: Path) -> None:
    body = """
      <ns prefix="x" uri="urn:x"/>
      <pattern>
        <rule context="x:b"><report id="element" test="true()">b</report></rule>
        <rule context="@*"><report id="attribute" test="true()">@</report></rule>
      </pattern>"""
    document = '<x:a xmlns:x="urn:x" xmlns:y="urn:y"><x:b/><c/><x:b y:z="1" p="2"/></x:a>'
    messages = _run(saxon, tmp_path, body, document)
    a = "/*:a[namespace-uri()='urn:x'][1]"
    assert [m.location for m in messages] == [
        f"{a}/*:b[namespace-uri()='urn:x'][1]",
        f"{a}/*:b[namespace-uri()='urn:x'][2]",
        f"{a}/*:b[namespace-uri()='urn:x'][2]/@*[local-name()='z' and namespace-uri()='urn:y']",
        f"{a}/*:b[namespace-uri()='urn:x'][2]/@p",
    ]


def test_assert_fires_when_false_report_when_true(saxon: SaxonProcessor, tmp_path: Path) -> None:
    body = """
      <pattern>
        <rule context="a">
          <assert id="A1" flag="fatal" test="b">an a has a b</assert>
          <assert id="A2" flag="fatal" test="c">an a has a c</assert>
          <report id="R1" role="warning" test="c">an a has a c</report>
          <report id="R2" test="b">an a has a b</report>
        </rule>
      </pattern>"""
    messages = _run(saxon, tmp_path, body, "<a><c/></a>")
    assert [(m.kind, m.rule_id, m.flag, m.role) for m in messages] == [
        (SvrlKind.FAILED_ASSERT, "A1", "fatal", None),
        (SvrlKind.SUCCESSFUL_REPORT, "R1", None, "warning"),
    ]
    assert [m.test for m in messages] == ["b", "c"]


def test_lets_at_every_level(saxon: SaxonProcessor, tmp_path: Path) -> None:
    body = """
      <let name="root-name" value="name(/*)"/>
      <let name="shadowed" value="'global'"/>
      <pattern>
        <let name="item-count" value="count(//item)"/>
        <rule context="item">
          <let name="value" value="@v"/>
          <let name="doubled" value="$value * 2"/>
          <report id="R" test="true()"><value-of select="$root-name"/>/<value-of
            select="$item-count"/>: <value-of select="$doubled"/></report>
          <report id="before" test="true()"><value-of select="$shadowed"/></report>
          <let name="shadowed" value="concat('local ', $value)"/>
          <report id="after" test="true()"><value-of select="$shadowed"/></report>
        </rule>
      </pattern>"""
    messages = _run(saxon, tmp_path, body, '<list><item v="1"/><item v="4"/></list>')
    # Schema and pattern lets are evaluated once against the document, rule lets per context
    # node; a rule let is in scope only for what follows it.
    assert [(m.rule_id, m.text) for m in messages] == [
        ("R", "list/2: 2"),
        ("before", "global"),
        ("after", "local 1"),
        ("R", "list/2: 8"),
        ("before", "global"),
        ("after", "local 4"),
    ]


def test_let_in_a_rule_context_pattern(saxon: SaxonProcessor, tmp_path: Path) -> None:
    body = """
      <pattern>
        <let name="wanted" value="/list/@wanted"/>
        <rule context="item[@v = $wanted]"><report id="R" test="true()">hit</report></rule>
      </pattern>"""
    messages = _run(saxon, tmp_path, body, '<list wanted="2"><item v="1"/><item v="2"/></list>')
    assert [m.location for m in messages] == ["/list[1]/item[2]"]


def test_message_content(saxon: SaxonProcessor, tmp_path: Path) -> None:
    body = """
      <ns prefix="x" uri="urn:x"/>
      <pattern>
        <rule context="x:item">
          <report id="R" test="true()">Element <name/>, attribute <name path="@v"/>:
            <value-of select="@v"/> <value-of select="'next'"/>; <emph>stressed</emph>
            <dir value="ltr">directed</dir> <span class="c">spanned</span>
            {braces} &amp; &lt;markup&gt;</report>
        </rule>
      </pattern>"""
    messages = _run(saxon, tmp_path, body, '<p:item xmlns:p="urn:x" v="7"/>')
    assert messages[0].text == (
        "Element p:item, attribute v: 7 next; stressed directed spanned {braces} & <markup>"
    )


def test_plain_and_computed_messages_give_the_same_svrl(
    saxon: SaxonProcessor, tmp_path: Path
) -> None:
    body = """
      <pattern>
        <rule context="a">
          <assert id="X-1" flag="warning" role="r" test="matches(@v, '^[0-9]{3}$')">
            {x} must have three digits</assert>
          <assert id="X-1" flag="warning" role="r" test="matches(@v, '^[0-9]{3}$')">
            {x} must have <value-of select="'three'"/> digits</assert>
        </rule>
      </pattern>"""
    messages = _run(saxon, tmp_path, body, '<a v="12"/>')
    assert len(messages) == 2
    assert messages[0] == messages[1]
    assert messages[0].test == "matches(@v, '^[0-9]{3}$')"
    assert messages[0].text == "{x} must have three digits"


def test_diagnostics(saxon: SaxonProcessor, tmp_path: Path) -> None:
    body = """
      <pattern>
        <rule context="a">
          <assert id="A" test="@v = 'ok'" diagnostics="found expected">v is ok</assert>
        </rule>
      </pattern>
      <diagnostics>
        <diagnostic id="found">Found <value-of select="@v"/>.</diagnostic>
        <diagnostic id="expected">Expected   ok.</diagnostic>
      </diagnostics>"""
    messages = _run(saxon, tmp_path, body, '<a v="bad"/>')
    assert messages[0].text == "v is ok"
    assert messages[0].diagnostics == ("Found bad.", "Expected ok.")


def test_undeclared_diagnostic_is_refused(tmp_path: Path) -> None:
    body = (
        '<pattern><rule context="a"><assert test="b" diagnostics="nope">x</assert></rule></pattern>'
    )
    with pytest.raises(SchematronCompileError, match="diagnostic 'nope'"):
        _compile(tmp_path, body)


PHASED = """
  <phase id="first"><active pattern="p1"/></phase>
  <phase id="second"><active pattern="p2"/></phase>
  <pattern id="p1"><rule context="a"><report id="P1" test="true()">1</report></rule></pattern>
  <pattern id="p2"><rule context="a"><report id="P2" test="true()">2</report></rule></pattern>"""


@pytest.mark.parametrize(
    ("phase", "attributes", "expected"),
    [
        (None, "", ["P1", "P2"]),
        ("first", "", ["P1"]),
        ("second", "", ["P2"]),
        (None, 'defaultPhase="first"', ["P1"]),
        ("#ALL", 'defaultPhase="first"', ["P1", "P2"]),
        ("second", 'defaultPhase="first"', ["P2"]),
    ],
)
def test_phases(
    saxon: SaxonProcessor, tmp_path: Path, phase: str | None, attributes: str, expected: list[str]
) -> None:
    messages = _run(saxon, tmp_path, PHASED, "<a/>", phase=phase, attributes=attributes)
    assert _ids(messages) == expected


def test_a_phase_declares_its_lets(saxon: SaxonProcessor, tmp_path: Path) -> None:
    body = PHASED.replace(
        '<active pattern="p2"/>', '<let name="which" value="\'second\'"/><active pattern="p2"/>'
    ).replace(">2</report>", '><value-of select="$which"/></report>')
    messages = _run(saxon, tmp_path, body, "<a/>", phase="second")
    assert [m.text for m in messages] == ["second"]


def test_unknown_phase_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SchematronCompileError, match="no phase 'third'"):
        _compile(tmp_path, PHASED, phase="third")


def test_abstract_patterns(saxon: SaxonProcessor, tmp_path: Path) -> None:
    body = """
      <pattern abstract="true" id="has-child">
        <rule context="$parent">
          <assert id="$id" test="$child and not($childish)">a <name/> needs <value-of
            select="'$child'"/></assert>
        </rule>
      </pattern>
      <pattern is-a="has-child" id="a-needs-b">
        <param name="parent" value="a"/>
        <param name="child" value="b"/>
        <param name="childish" value="false()"/>
        <param name="id" value="A-B"/>
      </pattern>
      <phase id="only"><active pattern="a-needs-b"/></phase>"""
    messages = _run(saxon, tmp_path, body, "<r><a/><a><b/></a></r>", phase="only")
    assert [(m.rule_id, m.location, m.test, m.text) for m in messages] == [
        ("$id", "/r[1]/a[1]", "b and not(false())", "a a needs b")
    ]


def test_abstract_rules(saxon: SaxonProcessor, tmp_path: Path) -> None:
    body = """
      <pattern>
        <rule abstract="true" id="named">
          <let name="n" value="@name"/>
          <assert id="NAMED" test="$n">has a name</assert>
        </rule>
        <rule context="a"><extends rule="named"/><assert id="A" test="b">has b</assert></rule>
        <rule context="c"><extends rule="named"/></rule>
      </pattern>"""
    messages = _run(saxon, tmp_path, body, "<r><a/><c/><c name='x'/></r>")
    assert [(m.rule_id, m.location) for m in messages] == [
        ("NAMED", "/r[1]/a[1]"),
        ("A", "/r[1]/a[1]"),
        ("NAMED", "/r[1]/c[1]"),
    ]


def test_includes_resolve_against_the_including_file(saxon: SaxonProcessor, tmp_path: Path) -> None:
    (tmp_path / "parts" / "deeper").mkdir(parents=True)
    (tmp_path / "parts" / "pattern.sch").write_text(
        f"""<pattern xmlns="{SCH}" id="included">
              <let name="limit" value="2"/>
              <rule context="a"><include href="deeper/asserts.sch#count"/></rule>
            </pattern>"""
    )
    # A fragment picks one element, by id, out of the included file.
    (tmp_path / "parts" / "deeper" / "asserts.sch").write_text(
        f"""<rule xmlns="{SCH}" abstract="true" id="holder">
              <assert id="count" test="count(b) le $limit">at most two b</assert>
              <report id="other" test="true()">not included</report>
            </rule>"""
    )
    messages = _run(saxon, tmp_path, '<include href="parts/pattern.sch"/>', "<a><b/><b/><b/></a>")
    assert [(m.rule_id, m.text) for m in messages] == [("count", "at most two b")]


def test_missing_include_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SchematronCompileError, match=r"include 'nope\.sch' cannot be read"):
        _compile(tmp_path, '<include href="nope.sch"/>')


def test_embedded_xslt_is_copied_to_the_stylesheet(saxon: SaxonProcessor, tmp_path: Path) -> None:
    body = """
      <ns prefix="f" uri="urn:functions"/>
      <xsl:function xmlns:f="urn:functions" name="f:twice" as="xs:integer">
        <xsl:param name="n" as="xs:integer"/>
        <xsl:sequence select="2 * $n"/>
      </xsl:function>
      <xsl:key name="by-id" match="item" use="@id"/>
      <xsl:variable name="three" select="3"/>
      <pattern>
        <rule context="ref">
          <assert id="KEY" test="key('by-id', @to)">dangling <value-of select="@to"/></assert>
          <report id="FN" test="f:twice(xs:integer(@n)) = $three * 2">six</report>
        </rule>
      </pattern>"""
    document = '<r><item id="i1"/><ref to="i1" n="3"/><ref to="i2" n="1"/></r>'
    messages = _run(saxon, tmp_path, body, document)
    assert [(m.rule_id, m.text) for m in messages] == [("FN", "six"), ("KEY", "dangling i2")]


def test_saxon_refuses_a_broken_test(saxon: SaxonProcessor, tmp_path: Path) -> None:
    xslt = _compile(
        tmp_path, '<pattern><rule context="a"><assert test="b[">x</assert></rule></pattern>'
    )
    with pytest.raises(SchematronCompileError, match="Saxon cannot compile"):
        saxon.compile_stylesheet(xslt, "broken")


@pytest.mark.parametrize(
    ("body", "attributes", "message"),
    [
        ("<pattern/>", 'queryBinding="stx"', "queryBinding 'stx'"),
        ('<pattern documents="x.xml"/>', "", "documents"),
        ('<xsl:import href="x.xsl"/>', "", "xsl:import"),
        ('<pattern><rule><assert test="1">x</assert></rule></pattern>', "", "no context"),
        ('<pattern><rule context="a"><assert>x</assert></rule></pattern>', "", "no test"),
        (
            '<pattern><rule context="a"><report test="1" properties="p"/></rule></pattern>',
            "",
            "properties",
        ),
        ('<pattern is-a="nothing"/>', "", "no such abstract pattern"),
        ('<pattern><rule context="a"><extends rule="x"/></rule></pattern>', "", "abstract rule"),
        ('<let name="x" value="1"/><let name="x" value="2"/>', "", "declared twice"),
        ('<ns prefix="xs" uri="urn:other"/>', "", "prefix 'xs'"),
    ],
)
def test_unsupported_or_broken_sources_are_refused(
    tmp_path: Path, body: str, attributes: str, message: str
) -> None:
    path = tmp_path / "rules.sch"
    text = _schema(body, attributes=attributes)
    if "queryBinding" in attributes:
        text = text.replace('queryBinding="xslt2" ', "", 1)
    path.write_text(text)
    with pytest.raises(SchematronCompileError, match=message):
        compile_schematron(load_schematron(path), path)


def test_not_a_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rules.sch"
    path.write_text("<schema/>")
    with pytest.raises(SchematronCompileError, match="not an ISO Schematron schema"):
        compile_schematron(load_schematron(path), path)


def test_unreadable_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SchematronCompileError, match="cannot read"):
        load_schematron(tmp_path / "missing.sch")
    broken = tmp_path / "broken.sch"
    broken.write_text("<schema")
    with pytest.raises(SchematronCompileError, match="not well-formed"):
        load_schematron(broken)


def test_the_callers_tree_is_not_changed(tmp_path: Path) -> None:
    (tmp_path / "part.sch").write_text(f'<pattern xmlns="{SCH}"/>')
    path = tmp_path / "rules.sch"
    path.write_text(_schema('<include href="part.sch"/>'))
    schema = load_schematron(path)
    before = etree.tostring(schema)
    compile_schematron(schema, path)
    assert etree.tostring(schema) == before


# --- the official sources -----------------------------------------------------------------


class MirrorRules:
    """Official Schematron sources from the mirror, compiled once per session."""

    def __init__(self, saxon: SaxonProcessor) -> None:
        self._saxon = saxon
        self._compiled: dict[str, Stylesheet] = {}

    def stylesheet(self, relative: str) -> Stylesheet:
        compiled = self._compiled.get(relative)
        if compiled is None:
            path = require(HOST / relative)
            xslt = compile_schematron(load_schematron(path), path, name=relative)
            compiled = self._saxon.compile_stylesheet(xslt, relative)
            self._compiled[relative] = compiled
        return compiled

    def run(self, relative: str, tree: etree._ElementTree) -> tuple[SvrlMessage, ...]:
        return parse_svrl(self.stylesheet(relative).transform(self._saxon.document(tree)))


@pytest.fixture(scope="session")
def mirror_rules(saxon: SaxonProcessor) -> MirrorRules:
    return MirrorRules(saxon)


def _read(path: Path) -> etree._ElementTree:
    return parse_xml(path.read_bytes(), str(path), ParseSettings())


def _fatal(messages: tuple[SvrlMessage, ...]) -> list[tuple[str | None, str | None]]:
    return [(m.rule_id, m.location) for m in messages if m.flag in ("fatal", "error")]


@pytest.mark.parametrize("relative", SCHEMAS)
def test_every_official_schema_compiles(mirror_rules: MirrorRules, relative: str) -> None:
    assert mirror_rules.stylesheet(relative) is not None


def test_a_phase_of_an_official_schema_compiles(saxon: SaxonProcessor) -> None:
    path = require(HOST / XRECHNUNG_SCH / "ubl" / "XRechnung-UBL-validation.sch")
    xslt = compile_schematron(load_schematron(path), path, phase="xrechnung-model")
    saxon.compile_stylesheet(xslt, "XRechnung UBL, phase xrechnung-model")


@pytest.mark.parametrize(
    ("relative", "pattern"),
    [
        (f"{XRECHNUNG_SCH}/ubl/XRechnung-UBL-validation.sch", "*_ubl.xml"),
        (f"{XRECHNUNG_SCH}/cii/XRechnung-CII-validation.sch", "*_uncefact.xml"),
    ],
)
def test_xrechnung_rules_accept_the_xrechnung_test_suite(
    mirror_rules: MirrorRules, relative: str, pattern: str
) -> None:
    found = {
        ident(path): _fatal(mirror_rules.run(relative, _read(path)))
        for path in files(XRECHNUNG_TESTSUITE, pattern)
    }
    assert {name: fatal for name, fatal in found.items() if fatal} == {}


@pytest.mark.parametrize(
    "relative", [f"{PEPPOL_SCH}/PEPPOL-EN16931-UBL.sch", f"{PEPPOL_SCH}/CEN-EN16931-UBL.sch"]
)
def test_peppol_rules_accept_the_peppol_examples(mirror_rules: MirrorRules, relative: str) -> None:
    found = {
        ident(path): _fatal(mirror_rules.run(relative, _read(path)))
        for path in files(PEPPOL / "rules" / "examples")
    }
    assert {name: fatal for name, fatal in found.items() if fatal} == {}


def test_peppol_cii_rules_want_the_peppol_specification_id(mirror_rules: MirrorRules) -> None:
    """PEPPOL-EN16931-R004 fires exactly on the CII examples that are not Peppol invoices."""
    for path in files(EN16931 / "cii" / "examples"):
        tree = _read(path)
        specification = tree.getroot().xpath(
            "string(*[local-name()='ExchangedDocumentContext']"
            "/*[local-name()='GuidelineSpecifiedDocumentContextParameter']/*[local-name()='ID'])"
        )
        fired = {m.rule_id for m in mirror_rules.run(f"{PEPPOL_SCH}/PEPPOL-EN16931-CII.sch", tree)}
        expected = not str(specification).startswith(PEPPOL_SPECIFICATION)
        assert ("PEPPOL-EN16931-R004" in fired) == expected, ident(path)


def test_cen_cii_rules_accept_the_cen_cii_examples(mirror_rules: MirrorRules) -> None:
    """The examples of validation 1.3.15 break none of its rules (1.3.16 changed BR-50)."""
    for path in files(EN16931 / "cii" / "examples"):
        assert mirror_rules.run(CEN_CII_1315, _read(path)) == (), ident(path)


@pytest.mark.parametrize("path", files(EN16931 / "test" / "Invoice-unit-UBL"), ids=ident)
def test_cen_ubl_rules_meet_cens_unit_tests(mirror_rules: MirrorRules, path: Path) -> None:
    """Within a unit-test file's scope, each test fires its error and warning rules, and none of
    its success rules (CEN 1.3.15 rules, the version of the unit tests)."""
    root = _read(path).getroot()
    scope = {s.text.strip() for s in root.iter(f"{VEFA}scope") if s.text}
    for number, test in enumerate(root.iter(f"{VEFA}test"), start=1):
        expectation = test.find(f"{VEFA}assert")
        assert expectation is not None
        wanted = {
            e.text.strip()
            for e in expectation
            if e.tag in (f"{VEFA}error", f"{VEFA}warning") and e.text
        }
        unwanted = {e.text.strip() for e in expectation if e.tag == f"{VEFA}success" and e.text}
        (invoice,) = (c for c in test if isinstance(c.tag, str) and not c.tag.startswith(VEFA))
        tree = etree.ElementTree(copy.deepcopy(invoice))
        fired = {m.rule_id for m in mirror_rules.run(CEN_UBL_1315, tree)} & scope
        assert wanted & scope <= fired, (
            f"test {number}: {sorted((wanted & scope) - fired)} did not fire"
        )
        assert not (unwanted & fired), f"test {number}: {sorted(unwanted & fired)} fired"
