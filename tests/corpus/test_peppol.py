"""Peppol BIS Billing 3.0 examples are accepted under the Peppol scenario."""

from __future__ import annotations

from pathlib import Path

import pytest

from einvoice_cli.core.findings import Severity
from einvoice_cli.core.verdict import Verdict
from einvoice_cli.validation.engine import RuleEngine
from einvoice_cli.validation.inputs import Input
from einvoice_cli.validation.pipeline import ValidationOptions, validate
from tests.support.corpus import PEPPOL, files, ident

EXAMPLES = files(PEPPOL / "rules" / "examples")


@pytest.mark.parametrize("path", EXAMPLES, ids=ident)
def test_peppol_example_is_accepted(path: Path, engine: RuleEngine) -> None:
    [result] = validate([Input(str(path), path=path)], engine, ValidationOptions())
    assert result.error is None
    assert [f for f in result.findings if f.severity is Severity.ERROR] == []
    assert result.verdict is Verdict.ACCEPT
    assert result.scenario is not None and result.scenario.startswith("Peppol BIS Billing 3.0 (UBL")
    assert [r.rules for r in result.rules][1:] == [
        "peppol-bis-billing@3.0.19:cen-ubl-schematron",
        "peppol-bis-billing@3.0.19:ubl-schematron",
    ]
