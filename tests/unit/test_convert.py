"""convert_document on the XRechnung test suite: every document converts to the other syntax,
the specification id comes along, the output is validated under the matching XRechnung scenario,
and nothing is lost without a reported loss.

Exceptions are listed below, each with its reason; the tables are exact, so a change in either
direction (a new loss, a defect fixed) fails the test until the table says so."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from einvoice_cli.conversion.convert import (
    Conversion,
    ConversionError,
    ConversionOptions,
    Outcome,
    Target,
    convert_document,
)
from einvoice_cli.core.detect import Syntax
from einvoice_cli.core.findings import Severity
from einvoice_cli.core.results import Container
from einvoice_cli.core.verdict import Verdict
from einvoice_cli.errors import InputError
from einvoice_cli.hybrid.pdf import PdfInvoice, extract_invoice
from einvoice_cli.hybrid.settings import PdfSettings
from einvoice_cli.model.compare import diff_invoices
from einvoice_cli.validation.engine import RuleEngine
from tests.support.convert_support import matching_scenario, read_back
from tests.support.corpus import XRECHNUNG_TESTSUITE, ZUGFERD, files, ident, require


@dataclass(frozen=True)
class Expected:
    """What converting one test-suite document gives besides a clean, accepted output."""

    losses: frozenset[str] = frozenset()
    """The business terms (or, for input elements with none, the elements' paths) reported."""
    rejected_by: frozenset[str] = frozenset()
    """The rules that make the validator reject the output."""
    reason: str = ""


SUB_LINES = "BG-DEX-01"  # XRechnung CII has no sub invoice lines (BR-DEX-15)
PRECEDING = "BG-3"  # CII D16B has one ram:InvoiceReferencedDocument
THIRD_PARTY = "BG-DEX-09"  # the third party payment is bound to UBL only (BR-DEX-09..14)

_EXT = "xrechnung-testsuite-2026-01-31/src/test/business-cases/extension"
_STD = "xrechnung-testsuite-2026-01-31/src/test/business-cases/standard"
_CIUS = "xrechnung-testsuite-2026-01-31/src/test/technical-cases/cius"
_CVD = "xrechnung-testsuite-2026-01-31/src/test/technical-cases/cvd"
EXPECTED: dict[str, Expected] = {
    f"{_EXT}/04.01a-INVOICE_ubl.xml": Expected(frozenset({SUB_LINES})),
    f"{_EXT}/04.02a-INVOICE_ubl.xml": Expected(frozenset({SUB_LINES})),
    f"{_EXT}/04.03a-INVOICE_ubl.xml": Expected(frozenset({SUB_LINES, PRECEDING})),
    f"{_EXT}/04.04a-INVOICE_ubl.xml": Expected(frozenset({SUB_LINES})),
    f"{_EXT}/05.01a-INVOICE_ubl.xml": Expected(
        frozenset({THIRD_PARTY}),
        rejected_by=frozenset({"BR-CO-16"}),
        reason="without the third party payments (BG-DEX-09) the amount due for payment "
        "(BT-115) no longer follows from the totals (BR-CO-16): it cannot convert without loss",
    ),
    f"{_CIUS}/01.01_comprehensive_test_ubl.xml": Expected(frozenset({PRECEDING})),
    # Elements that carry no EN 16931 business term: a buyer's second tax scheme (UBL), a second
    # buyer tax registration and an exemption reason on a line's VAT (CII).
    f"{_STD}/01.21a-INVOICE_ubl.xml": Expected(
        frozenset({"/ubl:Invoice/cac:AccountingCustomerParty/cac:Party/cac:PartyTaxScheme[2]"})
    ),
    f"{_STD}/01.21a-INVOICE_uncefact.xml": Expected(
        frozenset(
            {
                "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction"
                "/ram:IncludedSupplyChainTradeLineItem/ram:SpecifiedLineTradeSettlement"
                "/ram:ApplicableTradeTax/ram:ExemptionReason",
                "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction"
                "/ram:ApplicableHeaderTradeAgreement/ram:BuyerTradeParty"
                "/ram:SpecifiedTaxRegistration[2]",
            }
        )
    ),
}

DERIVED = {"BG-22/BT-110"}
"""Terms a conversion may add: UBL requires cac:TaxTotal/cbc:TaxAmount although BT-110 is
optional, so the UBL writer derives it (BR-CO-14) where the CII has none."""

SUITE = files(XRECHNUNG_TESTSUITE)


def other_target(path: Path) -> Target:
    return Target.UBL if path.name.endswith("_uncefact.xml") else Target.CII


def error_rules(conversion: Conversion) -> set[str]:
    assert conversion.output is not None
    return {
        f.rule for f in conversion.output.findings if f.severity is Severity.ERROR and f.in_verdict
    }


def test_the_tables_name_suite_documents() -> None:
    assert len(SUITE) == 86
    assert set(EXPECTED) <= {ident(p) for p in SUITE}


@pytest.mark.parametrize("path", SUITE, ids=ident)
def test_suite_document_converts_to_the_other_syntax(path: Path, engine: RuleEngine) -> None:
    data = path.read_bytes()
    expected = EXPECTED.get(ident(path), Expected())
    conversion = convert_document(
        data, ident(path), other_target(path), ConversionOptions(), engine
    )

    assert conversion.input.verdict is Verdict.ACCEPT
    assert conversion.output is not None
    assert conversion.document is not None
    assert {loss.term or loss.location for loss in conversion.losses} == expected.losses
    assert error_rules(conversion) == expected.rejected_by, expected.reason
    assert conversion.outcome is (
        Outcome.OUTPUT_REJECTED if expected.rejected_by else Outcome.CONVERTED
    )
    # The specification id comes along, and selects the same scenario for the other syntax.
    assert conversion.output.specification == conversion.input.specification
    assert conversion.specification == conversion.input.specification
    assert conversion.output.syntax is conversion.target_syntax
    assert conversion.output.scenario == matching_scenario(
        conversion.input.scenario, conversion.target_syntax
    )
    # Nothing is lost without a reported loss.
    before, after = read_back(data).invoice, read_back(conversion.document).invoice
    for difference in diff_invoices(before, after):
        if difference.left is None:
            assert difference.path in DERIVED, difference
            continue
        assert difference.right is None, f"changed, not lost: {difference}"
        assert any(
            difference.path == loss.location or difference.path.startswith(loss.location + "/")
            for loss in conversion.losses
        ), f"lost without a reported loss: {difference}"


@pytest.mark.parametrize(
    "name", ["01.01a-INVOICE_ubl.xml", "01.01a-INVOICE_uncefact.xml", "03.01a-INVOICE_ubl.xml"]
)
def test_round_trip_through_the_converter_keeps_every_term(name: str, engine: RuleEngine) -> None:
    path = require(XRECHNUNG_TESTSUITE / "business-cases" / "standard" / name)
    data = path.read_bytes()
    there = convert_document(data, name, other_target(path), ConversionOptions(), engine)
    assert there.outcome is Outcome.CONVERTED and there.document is not None
    back_target = Target.UBL if there.target_syntax is Syntax.CII else Target.CII
    back = convert_document(there.document, "there", back_target, ConversionOptions(), engine)
    assert back.outcome is Outcome.CONVERTED and back.document is not None
    assert back.target_syntax is there.source_syntax
    assert back.losses == ()
    assert (
        diff_invoices(read_back(data).invoice, read_back(back.document).invoice, lexical=True) == ()
    )


def test_strict_refuses_a_lossy_conversion(engine: RuleEngine) -> None:
    path = require(XRECHNUNG_TESTSUITE / "business-cases" / "extension" / "04.01a-INVOICE_ubl.xml")
    conversion = convert_document(
        path.read_bytes(), path.name, Target.CII, ConversionOptions(strict=True), engine
    )
    assert conversion.outcome is Outcome.LOSSES_REFUSED
    assert conversion.document is None and conversion.output is None
    assert {loss.term for loss in conversion.losses} == {"BG-DEX-01"}
    assert all(loss.location.startswith("BG-25[") for loss in conversion.losses)


INVALID_CII = ZUGFERD / "XML-Rechnung" / "CII" / "EN16931_ElektronischeAdresse.cii.xml"
"""Rejected by the validator: its buyer's electronic address (BT-49) has scheme 9958, which
the EAS code list of these rules does not have (BR-CL-25)."""


def test_a_rejected_input_is_refused_unless_forced(engine: RuleEngine) -> None:
    data = require(INVALID_CII).read_bytes()
    refused = convert_document(data, "in.xml", Target.UBL, ConversionOptions(), engine)
    assert refused.outcome is Outcome.INPUT_REJECTED
    assert refused.input.verdict is Verdict.REJECT
    assert "BR-CL-25" in {f.rule for f in refused.input.findings}
    assert refused.document is None and refused.output is None

    forced = convert_document(data, "in.xml", Target.UBL, ConversionOptions(force=True), engine)
    assert forced.outcome is Outcome.OUTPUT_REJECTED
    assert forced.document is not None
    assert "BR-CL-25" in error_rules(forced)

    strict = ConversionOptions(force=True, strict=True)
    forced_strict = convert_document(data, "in.xml", Target.UBL, strict, engine)
    assert forced_strict.outcome is Outcome.OUTPUT_REJECTED
    assert forced_strict.document is None and forced_strict.output is not None


def test_an_invoice_already_in_the_target_syntax_is_taken_unchanged(engine: RuleEngine) -> None:
    path = require(XRECHNUNG_TESTSUITE / "business-cases" / "standard" / "01.01a-INVOICE_ubl.xml")
    data = path.read_bytes()
    conversion = convert_document(data, path.name, Target.UBL, ConversionOptions(), engine)
    assert conversion.outcome is Outcome.CONVERTED
    assert conversion.document == data
    assert conversion.losses == ()
    assert conversion.notes == ("the invoice is already ubl-invoice; it is taken unchanged",)


def test_a_hybrid_pdf_converts_its_embedded_invoice(engine: RuleEngine) -> None:
    # (The corpus's XRECHNUNG PDFs carry XRechnung 2.1, which no 2026 scenario accepts.)
    path = require(ZUGFERD / "XML-Rechnung" / "FX" / "EN16931_Einfach.pdf")
    conversion = convert_document(
        path.read_bytes(), path.name, Target.UBL, ConversionOptions(), engine
    )
    assert conversion.input.container is Container.PDF
    assert conversion.input.attachment == "factur-x.xml"
    assert conversion.source_syntax is Syntax.CII
    assert conversion.target_syntax is Syntax.UBL_INVOICE
    assert conversion.outcome is Outcome.CONVERTED
    assert conversion.output is not None
    assert conversion.output.scenario == "EN16931 (UBL Invoice)"


def test_a_credit_note_type_code_gives_a_ubl_credit_note(engine: RuleEngine) -> None:
    # A Factur-X BASIC credit note (BT-3 = 381). The corpus file breaks current Factur-X
    # rules, and BASIC has no UBL scenario, so it is forced and its output has no scenario.
    path = require(
        ZUGFERD / "ZUGFeRDv2" / "correct" / "FNFE-factur-x-examples" / "Avoir_FR_type381_BASIC.pdf"
    )
    options = ConversionOptions(force=True)
    conversion = convert_document(path.read_bytes(), path.name, Target.UBL, options, engine)
    assert conversion.target_syntax is Syntax.UBL_CREDITNOTE
    assert conversion.document is not None
    assert b"<CreditNote" in conversion.document
    assert conversion.output is not None
    assert conversion.output.scenario is None


def test_zugferd_1_cannot_be_converted(engine: RuleEngine) -> None:
    path = require(ZUGFERD / "ZUGFeRDv1" / "correct" / "Konik" / "acme_invoice-42_ZUGFeRD.pdf")
    with pytest.raises(InputError, match=r"not a UBL 2\.1 or UN/CEFACT CII D16B invoice"):
        convert_document(
            path.read_bytes(), path.name, Target.CII, ConversionOptions(force=True), engine
        )


def test_a_document_that_cannot_be_validated_is_an_error(engine: RuleEngine) -> None:
    with pytest.raises(ConversionError, match="not well-formed"):
        convert_document(b"<Invoice>", "broken.xml", Target.CII, ConversionOptions(), engine)


def test_the_input_is_read_and_parsed_once(
    engine: RuleEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Validation and the model reader share one parse of the input XML, and a PDF's invoice
    is taken out of it once (every parse goes through the hardened parser's factory)."""
    from einvoice_cli.xml import parser

    parses: list[int] = []
    extracted: list[str] = []
    make_parser = parser._parser
    extract = extract_invoice

    def counting_parser() -> etree.XMLParser:
        parses.append(1)
        return make_parser()

    def counting_extract(data: bytes, name: str, settings: PdfSettings) -> PdfInvoice:
        extracted.append(name)
        return extract(data, name, settings)

    monkeypatch.setattr("einvoice_cli.xml.parser._parser", counting_parser)
    monkeypatch.setattr("einvoice_cli.hybrid.inspection.extract_invoice", counting_extract)
    xml = require(XRECHNUNG_TESTSUITE / "business-cases" / "standard" / "01.01a-INVOICE_ubl.xml")
    conversion = convert_document(
        xml.read_bytes(), "in.xml", Target.CII, ConversionOptions(), engine
    )
    assert conversion.outcome is Outcome.CONVERTED
    # one parse of the input, one of the written CII for its validation
    assert len(parses) == 2
    pdf = require(ZUGFERD / "XML-Rechnung" / "FX" / "XRECHNUNG_Elektron.pdf")
    convert_document(pdf.read_bytes(), "in.pdf", Target.UBL, ConversionOptions(), engine)
    assert extracted.count("in.pdf") == 1
