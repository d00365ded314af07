"""Our own checks in the pipeline: SBDH unwrapping, Leitweg-ID of BT-10, and that nothing of
ours changes the official verdict."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from einvoice_cli.checks.settings import Check, CheckSettings, Portal
from einvoice_cli.core.findings import Finding, Source
from einvoice_cli.core.results import DocumentResult
from einvoice_cli.validation.engine import RuleEngine
from einvoice_cli.validation.inputs import Input
from einvoice_cli.validation.pipeline import ValidationOptions, validate_input
from tests.support.checks import SBDH_RECEIVER, SBDH_SENDER, UBL_INVOICE, wrap_in_sbdh
from tests.support.corpus import PEPPOL, XRECHNUNG_TESTSUITE, ZUGFERD, files, ident, require

ALL_CHECKS = CheckSettings(checks=frozenset(Check), portal=Portal.ZRE)


def run(engine: RuleEngine, name: str, data: bytes, checks: CheckSettings) -> DocumentResult:
    options = ValidationOptions(checks=checks)
    return validate_input(Input(name, data=data), engine, options, None)


def official(findings: tuple[Finding, ...]) -> list[tuple[object, ...]]:
    """The official findings, without source lines (an envelope shifts them)."""
    return [
        (f.rule, f.severity, f.flag, f.source, f.location, f.message, f.business_terms)
        for f in findings
        if f.source is not Source.EINVOICE
    ]


@pytest.mark.parametrize("path", files(PEPPOL), ids=ident)
def test_a_wrapped_peppol_example_is_judged_as_unwrapped(engine: RuleEngine, path: Path) -> None:
    alone = run(engine, path.name, path.read_bytes(), CheckSettings())
    wrapped = run(engine, path.name, wrap_in_sbdh(path.read_bytes()), CheckSettings())
    assert alone.envelope is None
    assert wrapped.envelope is not None
    assert (wrapped.envelope.sender, wrapped.envelope.receiver) == (SBDH_SENDER, SBDH_RECEIVER)
    assert wrapped.envelope.process == "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
    assert (wrapped.verdict, wrapped.scenario, wrapped.specification) == (
        alone.verdict,
        alone.scenario,
        alone.specification,
    )
    assert official(wrapped.findings) == official(alone.findings)


def test_an_envelope_without_payload_is_an_error_of_that_document(engine: RuleEngine) -> None:
    empty = wrap_in_sbdh(b"")
    result = run(engine, "empty-envelope.xml", empty, CheckSettings())
    assert (
        result.error == "empty-envelope.xml: the SBDH envelope carries 0 documents; one is expected"
    )


def _with_buyer_reference(value: str, country: str | None = None) -> bytes:
    text = require(UBL_INVOICE).read_text(encoding="utf-8")
    text = text.replace(
        "<cbc:BuyerReference>04011000-12345-03</cbc:BuyerReference>",
        f"<cbc:BuyerReference>{value}</cbc:BuyerReference>",
    )
    if country is not None:
        # The buyer's postal address is the second country code of the document.
        first = text.index("<cbc:IdentificationCode>DE</cbc:IdentificationCode>")
        second = text.index("<cbc:IdentificationCode>DE</cbc:IdentificationCode>", first + 1)
        text = (
            text[:second]
            + f"<cbc:IdentificationCode>{country}</cbc:IdentificationCode>"
            + text[second + len("<cbc:IdentificationCode>DE</cbc:IdentificationCode>") :]
        )
    return text.encode("utf-8")


def test_kein_leitweg_is_found_and_the_verdict_stays(engine: RuleEngine) -> None:
    data = _with_buyer_reference("kein-leitweg")
    plain = run(engine, "kein-leitweg.xml", data, CheckSettings())
    checked = run(
        engine, "kein-leitweg.xml", data, CheckSettings(checks=frozenset({Check.LEITWEG}))
    )
    assert plain.verdict == checked.verdict
    ours = [f for f in checked.findings if f.source is Source.EINVOICE]
    assert [f.rule for f in ours] == ["EINV-LEITWEG"]
    assert ours[0].business_terms == ("BT-10",)
    assert not ours[0].in_verdict
    assert "'kein-leitweg' is not a valid Leitweg-ID" in ours[0].message
    assert checked.checks == ("leitweg",)
    assert replace(checked, findings=plain.findings, checks=()) == plain


def test_wrong_check_digits_are_named(engine: RuleEngine) -> None:
    data = _with_buyer_reference("04011000-12345-04")
    checked = run(
        engine, "x.xml", data, CheckSettings(checks=frozenset({Check.LEITWEG}), lang="de")
    )
    (finding,) = [f for f in checked.findings if f.source is Source.EINVOICE]
    assert "04011000-12345-03" in finding.message
    assert "keine gültige Leitweg-ID" in finding.message


def test_a_buyer_abroad_is_not_checked(engine: RuleEngine) -> None:
    data = _with_buyer_reference("kein-leitweg", country="AT")
    checked = run(engine, "x.xml", data, CheckSettings(checks=frozenset({Check.LEITWEG})))
    assert not [f for f in checked.findings if f.source is Source.EINVOICE]


def test_a_valid_leitweg_id_gives_nothing(engine: RuleEngine) -> None:
    data = _with_buyer_reference("992-90009-96")
    checked = run(engine, "x.xml", data, CheckSettings(checks=frozenset({Check.LEITWEG})))
    assert not [f for f in checked.findings if f.source is Source.EINVOICE]


SAMPLES = [
    *files(XRECHNUNG_TESTSUITE / "business-cases" / "standard")[:6],
    *files(PEPPOL)[:3],
    *files(ZUGFERD / "ZUGFeRDv2" / "correct", "*.pdf"),
    *files(ZUGFERD / "ZUGFeRDv2" / "fail", "*.pdf")[:4],
]


@pytest.mark.parametrize("path", SAMPLES, ids=ident)
def test_our_checks_never_change_the_official_result(engine: RuleEngine, path: Path) -> None:
    data = path.read_bytes()
    plain = run(engine, path.name, data, CheckSettings())
    checked = run(engine, path.name, data, ALL_CHECKS)
    ours = [f for f in checked.findings if f.source is Source.EINVOICE]
    assert all(f.rule.startswith("EINV-") and not f.in_verdict for f in ours)
    assert [f for f in checked.findings if f.source is not Source.EINVOICE] == list(plain.findings)
    assert checked.verdict is plain.verdict
    assert replace(checked, findings=plain.findings, checks=()) == plain


def test_the_api_takes_the_same_names(engine: RuleEngine) -> None:
    import einvoice_cli

    checks = einvoice_cli.CheckSettings.from_names(["leitweg"], portal="zre", lang="de")
    validator = einvoice_cli.Validator(checks=checks, engine=engine)
    result = validator.validate(_with_buyer_reference("kein-leitweg"), name="kein-leitweg.xml")
    assert result.checks == ("leitweg", "portal")
    ours = list(result.check_findings)
    assert result.official_findings + result.check_findings == result.findings
    assert [f.rule for f in ours] == ["EINV-LEITWEG"]
    assert "keine gültige Leitweg-ID" in ours[0].message
    assert einvoice_cli.check_leitweg_id("992-90009-96").valid


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"checks": ["spelling"]}, "unknown check spelling"),
        ({"channel": "email"}, "a channel needs a portal"),
        ({"severities": {"BR-DE-15": "warning"}}, "only our own rules"),
        ({"portal": "ozg-re", "channel": "email"}, "no published size limit of ozg-re"),
    ],
)
def test_unknown_names_are_refused(arguments: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        CheckSettings.from_names(**arguments)  # type: ignore[arg-type]


def test_a_check_that_fails_leaves_the_verdict_alone(
    engine: RuleEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from einvoice_cli.checks import run as run_module

    def broken(document: object, settings: object) -> tuple[Finding, ...]:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(run_module, "CHECKS", {**run_module.CHECKS, Check.LEITWEG: broken})
    data = require(UBL_INVOICE).read_bytes()
    plain = run(engine, "x.xml", data, CheckSettings())
    checked = run(engine, "x.xml", data, CheckSettings(checks=frozenset({Check.LEITWEG})))
    assert checked.verdict is plain.verdict and checked.error is None
    ours = [f for f in checked.findings if f.source is Source.EINVOICE]
    assert [(f.rule, f.message) for f in ours] == [
        (
            "EINV-CHECK-FAILED",
            "our check 'leitweg' could not finish (ZeroDivisionError: division by zero); the "
            "official verdict is not affected",
        )
    ]
    debugging = ValidationOptions(
        checks=CheckSettings(checks=frozenset({Check.LEITWEG})), debug=True
    )
    with pytest.raises(ZeroDivisionError):
        validate_input(Input("x.xml", data=data), engine, debugging, None)


def test_an_xml_without_readable_facts_is_said_so() -> None:
    from lxml import etree

    from einvoice_cli.checks.consistency import check_consistency
    from einvoice_cli.checks.document import CheckedDocument
    from einvoice_cli.core.results import Container

    pdf = require(ZUGFERD / "XML-Rechnung" / "FX" / "EN16931_Einfach.pdf").read_bytes()
    unknown = etree.ElementTree(etree.fromstring(b"<Rechnung xmlns='urn:example'/>"))
    document = CheckedDocument("x.pdf", unknown, pdf, Container.PDF, None)
    (finding,) = check_consistency(document, CheckSettings(checks=frozenset({Check.CONSISTENCY})))
    assert finding.rule == "EINV-PICTURE-NO-FACTS"
    assert "{urn:example}Rechnung" in finding.message
