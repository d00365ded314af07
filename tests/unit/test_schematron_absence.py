"""Rules with many ``not(PATH)`` asserts: one walk of the context decides them (``absence.py``).

The SVRL must be exactly what the asserts give one by one: same checks, same order among the
other checks of the rule, same locations and texts. The same schema is compiled with the walk
and, with the threshold raised, without it; the official sources must take the walk where
their long lists of such asserts are.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from einvoice_cli.schematron.compiler.compile import compile_schematron, load_schematron
from einvoice_cli.schematron.optimize import absence
from einvoice_cli.schematron.optimize.absence import MIN_ASSERTS, Step, absent_paths
from einvoice_cli.schematron.runtime.svrl import SvrlKind, SvrlMessage, parse_svrl
from einvoice_cli.xml.parser import ParseSettings, parse_xml
from einvoice_cli.xml.saxon import SaxonProcessor
from tests.support.corpus import MIRROR, require

SCH = "http://purl.oclc.org/dsdl/schematron"
CEN = MIRROR / "raw.githubusercontent.com/ConnectingEurope/eInvoicing-EN16931/validation-1.3.16"
CEN_UBL = CEN / "ubl/schematron/preprocessed/EN16931-UBL-validation-preprocessed.sch"
CEN_CII = CEN / "cii/schematron/preprocessed/EN16931-CII-validation-preprocessed.sch"
WALK = "evsch:present("

NAMESPACES: dict[str | None, str] = {
    "x": "urn:x",
    "y": "urn:x",
    "z": "urn:z",
    "xs": "http://www.w3.org/2001/XMLSchema",
}


def _padding(path: str, count: int) -> str:
    """Strict-form asserts on paths the documents do not have."""
    return "".join(
        f'<assert id="P{n}" test="not({path}{n})">p{n}</assert>' for n in range(1, count + 1)
    )


# The rule on the root element mixes strict-form asserts (A*) with other checks: a plain
# assert and a report (N1, R1, A13 with a predicate), a let, and an assert whose message is
# computed in place (V1). x and y are two prefixes of one namespace; the document uses a third.
BODY = f"""
  <ns prefix="x" uri="urn:x"/>
  <ns prefix="y" uri="urn:x"/>
  <ns prefix="z" uri="urn:z"/>
  <pattern>
    <rule context="x:doc">
      <assert id="A1" test="not(x:a)">no a</assert>
      <assert id="N1" test="count(x:a) = 1">one a</assert>
      <assert id="A2" test="not(y:a/x:b)">no a/b</assert>
      <assert id="A3" test=" not( x:a/x:c ) ">no a/c</assert>
      <report id="R1" flag="warning" test="@flag">flagged</report>
      <assert id="A4" test="not(@flag)">no flag</assert>
      <assert id="A5" test="not(@other)">no other</assert>
      <let name="n" value="count(x:a)"/>
      <assert id="A6" test="not(x:a/@code)">no a/@code</assert>
      <assert id="A7" test="not(x:a/@z:code)">no a/@z:code</assert>
      <assert id="A8" test="not(x:a/@y:code)">no a/@y:code</assert>
      <assert id="V1" test="$n = 0"><value-of select="$n"/> a</assert>
      <assert id="A9" test="not(x:d)">no x:d</assert>
      <assert id="A10" test="not(x:a/y:b/x:e)">no a/b/e</assert>
      <assert id="A11" role="r" test="not(x:a/x:b)">no a/b again</assert>
      <assert id="A12" test="not(x:b)">no b child</assert>
      <assert id="A13" test="not(x:a[x:b])">no a with b</assert>
      <assert id="A14" test="not(x:a/x:b/@code)">no a/b/@code</assert>
      <assert id="U1" test="not((x:f|y:a)/x:b/x:e)">no f/b/e nor a/b/e</assert>
      <assert id="U2" test="not((x:f | z:a)/x:b)">no f/b nor z:a/b</assert>
      <assert id="U3" test="not((y:a|x:a)/@code)">no a/@code by two names</assert>
      {_padding("x:a/x:p", MIN_ASSERTS)}
    </rule>
  </pattern>
  <pattern>
    <rule context="/">
      <assert id="D1" test="not(x:doc/x:a)">document: no doc/a</assert>
      <assert id="D2" test="not(x:a)">document: no a</assert>
      <assert id="D3" test="not(@flag)">document: no flag</assert>
      {_padding("x:doc/x:p", MIN_ASSERTS)}
    </rule>
    <rule context="@flag">
      <assert id="F1" test="not(x:a)">attribute: no a</assert>
      <assert id="F2" test="not(@flag)">attribute: no flag</assert>
      {_padding("x:p", MIN_ASSERTS)}
    </rule>
  </pattern>"""
DOCUMENT = """<p:doc xmlns:p="urn:x" xmlns:q="urn:z" flag="1">
  <p:a q:code="1"/>
  <p:a code="2"><p:b><p:e/></p:b><p:b/></p:a>
  <d/>
</p:doc>"""
DOC = "/*:doc[namespace-uri()='urn:x'][1]"


def _compile(tmp_path: Path, body: str) -> str:
    path = tmp_path / "rules.sch"
    path.write_text(f'<schema xmlns="{SCH}" queryBinding="xslt2">{body}</schema>', encoding="utf-8")
    return compile_schematron(load_schematron(path), path, name="test rules")


def _run(saxon: SaxonProcessor, xslt: str, document: str) -> tuple[SvrlMessage, ...]:
    stylesheet = saxon.compile_stylesheet(xslt, "test rules")
    tree = parse_xml(document.encode(), "document", ParseSettings())
    return parse_svrl(stylesheet.transform(saxon.document(tree)))


def test_the_walk_gives_what_the_asserts_give(saxon: SaxonProcessor, tmp_path: Path) -> None:
    xslt = _compile(tmp_path, BODY)
    assert xslt.count(WALK) == 3 + 1  # one per rule, and the recursion in the function
    messages = _run(saxon, xslt, DOCUMENT)
    assert [(m.rule_id, m.location) for m in messages] == [
        ("A1", DOC),
        ("N1", DOC),
        ("A2", DOC),
        ("R1", DOC),
        ("A4", DOC),
        ("A6", DOC),
        ("A7", DOC),
        ("V1", DOC),
        ("A10", DOC),
        ("A11", DOC),
        ("A13", DOC),
        ("U1", DOC),
        ("U3", DOC),
        ("D1", DOC),  # the document node is located at its root element
    ]
    a11 = messages[9]
    assert (a11.kind, a11.flag, a11.role, a11.test, a11.text) == (
        SvrlKind.FAILED_ASSERT,
        None,
        "r",
        "not(x:a/x:b)",
        "no a/b again",
    )
    assert messages[7].text == "2 a"


def test_below_the_threshold_the_asserts_give_the_same(
    saxon: SaxonProcessor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    walked = _run(saxon, _compile(tmp_path, BODY), DOCUMENT)
    monkeypatch.setattr(absence, "MIN_ASSERTS", 10 * MIN_ASSERTS)
    xslt = _compile(tmp_path, BODY)
    assert WALK not in xslt
    assert _run(saxon, xslt, DOCUMENT) == walked


@pytest.mark.parametrize(("count", "walked"), [(MIN_ASSERTS - 1, False), (MIN_ASSERTS, True)])
def test_the_walk_starts_at_the_threshold(
    saxon: SaxonProcessor, tmp_path: Path, count: int, walked: bool
) -> None:
    body = f"""
      <ns prefix="x" uri="urn:x"/>
      <pattern><rule context="x:doc">{_padding("x:a/x:b", count)}</rule></pattern>"""
    xslt = _compile(tmp_path, body)
    assert (WALK in xslt) is walked
    document = '<doc xmlns="urn:x"><a><b1/><b3/></a><a><b3/></a></doc>'
    assert [m.rule_id for m in _run(saxon, xslt, document)] == ["P1", "P3"]


@pytest.mark.parametrize(
    ("test", "expected"),
    [
        ("not(x:a)", (Step("urn:x", "a", False, "x"),)),
        ("not(y:a)", (Step("urn:x", "a", False, "x"),)),
        ("not(@a)", (Step("", "a", True, ""),)),
        (
            "not(z:a/y:b/@z:c)",
            (
                Step("urn:z", "a", False, "z"),
                Step("urn:x", "b", False, "y"),
                Step("urn:z", "c", True, "z"),
            ),
        ),
        (" not(\n x:a/@b ) ", (Step("urn:x", "a", False, "x"), Step("", "b", True, ""))),
    ],
)
def test_the_strict_form_is_taken(test: str, expected: tuple[Step, ...]) -> None:
    assert absent_paths(test, NAMESPACES) == (expected,)


A = Step("urn:x", "a", False, "x")
B = Step("urn:z", "b", False, "z")
C = Step("urn:x", "c", False, "x")


@pytest.mark.parametrize(
    ("test", "expected"),
    [
        ("not((x:a|z:b))", ((A,), (B,))),
        ("not((x:a|z:b)/y:c)", ((A, C), (B, C))),
        (
            "not( ( x:a | z:b | x:c )/x:c/@d )",
            tuple((s, C, Step("", "d", True, "")) for s in (A, B, C)),
        ),
    ],
)
def test_a_leading_union_gives_one_path_per_name(
    test: str, expected: tuple[tuple[Step, ...], ...]
) -> None:
    assert absent_paths(test, NAMESPACES) == expected


@pytest.mark.parametrize(
    "test",
    [
        "not(a)",  # an unprefixed element: the default element namespace would decide
        "not(u:a)",  # an undeclared prefix
        "not(x:a[1])",
        "not(x:a/x:b[@c])",
        "not(//x:a)",
        "not(/x:a)",
        "not(./x:a)",
        "not(x:a/..)",
        "not(x:*)",
        "not(@*)",
        "not(x:a/@b/x:c)",
        "not(@b/x:c)",
        "not(x:a | x:b)",
        "not((x:a))",
        "not((x:a|@b)/x:c)",
        "not((x:a|u:b)/x:c)",
        "not((x:a|x:b)[1])",
        "not(x:c/(x:a|x:b))",
        "not(x:a) and not(x:b)",
        "not($x)",
        "not(x:a / x:b)",
        "not (x:a)",
        "x:a",
        "not(x:a)\u00a0",  # a no-break space is not XML whitespace
        "not(child::x:a)",
    ],
)
def test_anything_else_is_left_to_saxon(test: str) -> None:
    assert absent_paths(test, NAMESPACES) is None


@pytest.mark.parametrize(("source", "tables"), [(CEN_UBL, 1), (CEN_CII, 9)])
def test_cen_syntax_rules_take_the_walk(source: Path, tables: int) -> None:
    """CEN's UBL syntax rule (525 such asserts) and its larger CII rules are walked."""
    path = require(source)
    xslt = compile_schematron(load_schematron(path), path)
    assert xslt.count('<xsl:variable name="evsch:paths') == tables
