"""Shortening long texts for Saxon is an option (``EINVOICE_SHORTEN_TEXTS=0``), and it never
changes a finding: every corpus document gives the same findings (rule, flag, severity,
location, message, line) and verdict with and without it."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from einvoice_cli import Validator
from einvoice_cli.validation.engine import RuleEngine
from einvoice_cli.xml.long_texts import ALL_TEXT, Reads
from einvoice_cli.xml.saxon import SaxonDocument
from tests.support.corpus import EN16931, PEPPOL, XRECHNUNG_TESTSUITE, ZUGFERD, files, ident

DOCUMENTS = [
    *files(XRECHNUNG_TESTSUITE),
    *files(EN16931 / "ubl"),
    *files(EN16931 / "cii"),
    *files(PEPPOL),
    *files(ZUGFERD / "XML-Rechnung", "*.xml"),
    *files(ZUGFERD / "XML-Rechnung", "*.pdf"),
]


@pytest.fixture(scope="module")
def validators(engine: RuleEngine) -> tuple[Validator, Validator]:
    return (
        Validator(engine=engine, shorten_texts=True),
        Validator(engine=engine, shorten_texts=False),
    )


def test_the_environment_variable_switches_it_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EINVOICE_SHORTEN_TEXTS", "0")
    assert not Validator().settings.validation_options().shorten_texts
    monkeypatch.setenv("EINVOICE_SHORTEN_TEXTS", "1")
    assert Validator().settings.validation_options().shorten_texts


def test_the_switch_decides_what_saxon_gets(
    validators: tuple[Validator, Validator], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With shortening, the XRechnung rules' reads reach Saxon's copy; without it, all text."""
    saxon = validators[0].engine.saxon
    seen: list[Reads] = []
    build = saxon.document

    def recording(
        tree: etree._ElementTree, *, marks: bool = False, reads: Reads = ALL_TEXT
    ) -> SaxonDocument:
        seen.append(reads)
        return build(tree, marks=marks, reads=reads)

    monkeypatch.setattr(saxon, "document", recording)
    document = XRECHNUNG_TESTSUITE / "business-cases" / "standard" / "01.01a-INVOICE_ubl.xml"
    for validator in validators:
        assert validator.validate(document).verdict == "accept"
    assert not seen[0].everything
    assert seen[1].everything


@pytest.mark.parametrize("path", DOCUMENTS, ids=ident)
def test_shortening_changes_no_finding(path: Path, validators: tuple[Validator, Validator]) -> None:
    shortened, whole = (v.validate(path) for v in validators)
    assert shortened.verdict == whole.verdict
    assert shortened.findings == whole.findings
