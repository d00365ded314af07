"""``--all-rules`` never changes the official verdict (issue 13): when the business rules run
on an XML-Schema-invalid document and throw, the document keeps its XSD verdict and findings,
and the failure is a finding of our own, outside the verdict."""

from __future__ import annotations

from einvoice_cli.core.findings import Source
from einvoice_cli.core.verdict import Verdict
from einvoice_cli.validation.engine import RuleEngine
from einvoice_cli.validation.inputs import Input
from einvoice_cli.validation.pipeline import ValidationOptions, validate_input
from tests.support.corpus import XRECHNUNG_TESTSUITE, require

WITH_ALLOWANCE = XRECHNUNG_TESTSUITE / "business-cases" / "standard" / "01.20a-INVOICE_ubl.xml"


def _not_a_boolean() -> bytes:
    """An invoice whose ChargeIndicator is "no": XSD-invalid, and CEN's rules cast it."""
    text = require(WITH_ALLOWANCE).read_text(encoding="utf-8")
    assert "<cbc:ChargeIndicator>false" in text
    return text.replace("<cbc:ChargeIndicator>false", "<cbc:ChargeIndicator>no").encode()


def test_a_rule_failure_under_all_rules_keeps_the_xsd_verdict(engine: RuleEngine) -> None:
    item = Input(name="no.xml", data=_not_a_boolean())
    official = validate_input(item, engine, ValidationOptions(), None)
    assert official.verdict is Verdict.REJECT
    result = validate_input(item, engine, ValidationOptions(all_rules=True), None)
    assert result.verdict is Verdict.REJECT
    assert result.error is None
    xsd = [f for f in result.findings if f.source is Source.XSD]
    assert xsd == [f for f in official.findings if f.source is Source.XSD] != []
    [failure] = [f for f in result.findings if f.rule == "EINV-RULES-FAILED"]
    assert failure.source is Source.EINVOICE
    assert not failure.in_verdict
    assert "cen-en16931@1.3.15:ubl-schematron" in failure.message
    assert "cannot be cast to a boolean" in failure.message
    # The later steps still ran: the XRechnung rules report outside the verdict too.
    assert any(f.source is Source.XRECHNUNG and not f.in_verdict for f in result.findings)
