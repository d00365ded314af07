"""CEN's rule-level unit tests (vefa testSet format) under the plain EN 16931 scenario.

Each file of ``en16931-1.3.15/test/Invoice-unit-UBL`` scopes one or more rule ids; each
``<test>`` holds one UBL document and the rules it must fire as errors (``<error>``) or
warnings (``<warning>``), and those it must not fire (``<success>``). Within the scope, the
rules that fire, with their severities, must be exactly those declared. The documents are
fragments that fail the XML Schema, so they run with ``--all-rules`` under the scenario of
their root element.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from einvoice_cli.core.findings import Severity
from einvoice_cli.validation.engine import RuleEngine
from einvoice_cli.validation.inputs import Input
from einvoice_cli.validation.pipeline import ValidationOptions, validate
from tests.support.corpus import CORPUS, EN16931, files

VEFA = "{http://difi.no/xsd/vefa/validator/1.0}"
SCENARIO_BY_ROOT = {
    "{urn:oasis:names:specification:ubl:schema:xsd:Invoice-2}Invoice": "EN16931 (UBL Invoice)",
    "{urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2}CreditNote": (
        "EN16931 (UBL CreditNote)"
    ),
}


@dataclass(frozen=True)
class UnitTest:
    file: Path
    index: int
    scope: frozenset[str]
    errors: frozenset[str]
    warnings: frozenset[str]
    successes: frozenset[str]
    document: bytes
    root: str

    @property
    def id(self) -> str:
        return f"{self.file.relative_to(CORPUS)}#{self.index}"


def _ids(element: etree._Element, tag: str) -> frozenset[str]:
    return frozenset((e.text or "").strip() for e in element.iter(VEFA + tag))


def load_unit_tests() -> list[UnitTest]:
    tests = []
    for path in files(EN16931 / "test" / "Invoice-unit-UBL"):
        test_set = etree.parse(str(path)).getroot()
        head = test_set.find(VEFA + "assert")
        scope = _ids(head, "scope") if head is not None else frozenset()
        for index, test in enumerate(test_set.iter(VEFA + "test"), start=1):
            declared = test.find(VEFA + "assert")
            document = next(child for child in test if child.tag in SCENARIO_BY_ROOT)
            assert declared is not None
            tests.append(
                UnitTest(
                    file=path,
                    index=index,
                    scope=scope | _ids(declared, "scope"),
                    errors=_ids(declared, "error"),
                    warnings=_ids(declared, "warning"),
                    successes=_ids(declared, "success"),
                    document=etree.tostring(document),
                    root=str(document.tag),
                )
            )
    return tests


UNIT_TESTS = load_unit_tests()


def test_the_corpus_has_the_unit_tests() -> None:
    assert len(UNIT_TESTS) > 500


@pytest.mark.parametrize("unit", UNIT_TESTS, ids=lambda u: u.id)
def test_rules_in_scope_fire_as_declared(unit: UnitTest, engine: RuleEngine) -> None:
    options = ValidationOptions(scenario=SCENARIO_BY_ROOT[unit.root], all_rules=True)
    [result] = validate([Input(unit.id, data=unit.document)], engine, options)
    assert result.error is None
    fired = {(f.rule, f.severity) for f in result.findings if f.rule in unit.scope}
    expected = {(r, Severity.ERROR) for r in unit.errors} | {
        (r, Severity.WARNING) for r in unit.warnings
    }
    assert fired == expected
    assert not {rule for rule, _ in fired} & unit.successes
