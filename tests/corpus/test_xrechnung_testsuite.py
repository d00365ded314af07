"""Every document of the official XRechnung 3.0 test suite is accepted, under the scenario its
folder, file name and specification id call for (issue: validation core, "Done when")."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from einvoice_cli.core.findings import Severity
from einvoice_cli.core.verdict import Verdict
from einvoice_cli.validation.engine import RuleEngine
from einvoice_cli.validation.inputs import Input
from einvoice_cli.validation.pipeline import ValidationOptions, validate
from tests.support.corpus import XRECHNUNG_TESTSUITE, files, ident

DOCUMENTS = files(XRECHNUNG_TESTSUITE / "business-cases") + files(
    XRECHNUNG_TESTSUITE / "technical-cases"
)

_SYNTAX_LABEL = {
    "Invoice": "UBL Invoice",
    "CreditNote": "UBL CreditNote",
    "CrossIndustryInvoice": "CII",
}


def expected_scenario(path: Path) -> str:
    """The scenario name the official configuration selects, derived independently of ours."""
    root = etree.QName(etree.parse(str(path)).getroot()).localname
    label = _SYNTAX_LABEL[root]
    suffix_by_folder = {"extension": " Extension", "cvd": " CVD"}
    variant = suffix_by_folder.get(path.parent.name, "")
    assert path.name.endswith("_ubl.xml") == label.startswith("UBL"), path.name
    return f"EN16931 XRechnung{variant} ({label})"


def test_the_suite_has_86_documents() -> None:
    assert len(DOCUMENTS) == 86


@pytest.mark.parametrize("path", DOCUMENTS, ids=ident)
def test_accepted_under_expected_scenario(path: Path, engine: RuleEngine) -> None:
    [result] = validate([Input(str(path), path=path)], engine, ValidationOptions())
    errors = [f for f in result.findings if f.severity is Severity.ERROR]
    assert result.error is None
    assert errors == []
    assert result.verdict is Verdict.ACCEPT
    assert result.scenario == expected_scenario(path)
    assert not result.schematron_skipped
    assert [r.rules for r in result.rules][1:] == [
        "cen-en16931@1.3.15:"
        + ("ubl" if path.name.endswith("_ubl.xml") else "cii")
        + "-schematron",
        "xrechnung@2.5.0:" + ("ubl" if path.name.endswith("_ubl.xml") else "cii") + "-schematron",
    ]
