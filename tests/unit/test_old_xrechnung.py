"""An XRechnung of an earlier release (issue 13) is named as such: which release it is, that
the configuration validates XRechnung 3.0 only, and since when the federal platforms accept
only 3.0, in one sentence instead of a list of every known identifier."""

from __future__ import annotations

import pytest

from einvoice_cli.core.verdict import Verdict
from einvoice_cli.validation.engine import RuleEngine
from einvoice_cli.validation.inputs import Input
from einvoice_cli.validation.pipeline import ValidationOptions, validate_input
from tests.support.corpus import ZUGFERD, require


@pytest.mark.parametrize(
    ("path", "release"),
    [
        (ZUGFERD / "ZUGFeRDv2" / "correct" / "Mustangproject" / "testout-XR.xml", "1.2"),
    ],
    ids=["xrechnung-1.2-cii"],
)
def test_an_earlier_xrechnung_is_named(engine: RuleEngine, path: object, release: str) -> None:
    item = Input(name="old.xml", path=require(path))  # type: ignore[arg-type]
    result = validate_input(item, engine, ValidationOptions(), None)
    assert result.verdict is Verdict.REJECT
    [finding] = result.findings
    assert finding.rule == "SCENARIO-OUTDATED-XRECHNUNG"
    assert f"XRechnung {release}" in finding.message
    assert "XRechnung 3.0" in finding.message
    assert "1 February 2024" in finding.message
    assert len(finding.message) < 400
