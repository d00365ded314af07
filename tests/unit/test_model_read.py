"""Every document of the XRechnung test suite reads into the semantic model without losing an
element: what the readers do not take is listed generically, so this holds for elements nobody
thought of, too."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from einvoice_cli.core.detect import Syntax, detect
from einvoice_cli.errors import InputError
from einvoice_cli.model import read_invoice
from einvoice_cli.model.fields import iter_terms
from einvoice_cli.model.semantic import ItemInformation, SubInvoiceLineItem
from einvoice_cli.xml.parser import ParseSettings, parse_xml
from tests.support.corpus import XRECHNUNG_TESTSUITE, files, ident
from tests.support.model_support import read_file

_CII_01_21 = "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction"

# What the official test suite holds that EN 16931 has no business term for; each such element
# is reported, and nothing else is.
EXPECTED_LOSSES = {
    "xrechnung-testsuite-2026-01-31/src/test/business-cases/standard/01.21a-INVOICE_ubl.xml": {
        # The buyer's second cac:PartyTaxScheme (scheme "???", company id 04523249415) is a
        # buyer tax registration identifier: EN 16931 has one for the seller (BT-32) only.
        "/ubl:Invoice/cac:AccountingCustomerParty/cac:Party/cac:PartyTaxScheme[2]",
    },
    "xrechnung-testsuite-2026-01-31/src/test/business-cases/standard/01.21a-INVOICE_uncefact.xml": {
        # The same buyer tax registration identifier (schemeID FC) as in the UBL twin.
        f"{_CII_01_21}/ram:ApplicableHeaderTradeAgreement/ram:BuyerTradeParty"
        "/ram:SpecifiedTaxRegistration[2]",
        # A VAT exemption reason on the line's trade tax: EN 16931 has exemption reasons only
        # in the VAT breakdown (BT-120, BT-121), not in the line VAT information (BG-30).
        f"{_CII_01_21}/ram:IncludedSupplyChainTradeLineItem/ram:SpecifiedLineTradeSettlement"
        "/ram:ApplicableTradeTax/ram:ExemptionReason",
    },
}

TESTSUITE = files(XRECHNUNG_TESTSUITE)


def test_the_test_suite_is_complete() -> None:
    names = [p.name for p in TESTSUITE]
    assert len(TESTSUITE) == 86
    assert sum(n.endswith("_ubl.xml") for n in names) == 45
    assert sum(n.endswith("_uncefact.xml") for n in names) == 41


@pytest.mark.parametrize("path", TESTSUITE, ids=ident)
def test_reads_without_losing_anything(path: Path) -> None:
    result = read_file(path)
    assert {loss.location for loss in result.losses} == EXPECTED_LOSSES.get(ident(path), set())
    detection = detect(parse_xml(path.read_bytes(), str(path), ParseSettings()))
    assert result.syntax is detection.syntax
    assert result.invoice.process_control is not None
    assert result.invoice.process_control.specification == detection.specification
    assert result.invoice.lines, "every invoice has at least one line (BR-16)"
    assert len(list(iter_terms(result.invoice))) > 20


def test_sub_invoice_lines_nest() -> None:
    path = XRECHNUNG_TESTSUITE / "business-cases/extension/04.01a-INVOICE_ubl.xml"
    invoice = read_file(path).invoice
    first = invoice.lines[0]
    assert [s.identifier for s in first.sub_lines] == ["1 1", "1 2"]
    assert [s.identifier for s in first.sub_lines[0].sub_lines] == ["1 1 1", "1 1 2", "1 1 3"]
    deepest = first.sub_lines[0].sub_lines[1]
    assert deepest.quantity is not None and deepest.quantity.lexical() == "32.50"
    assert deepest.net_amount is not None and deepest.net_amount.lexical() == "48.75"
    assert deepest.vat is not None and deepest.vat.category_code == "S"
    assert deepest.item is not None and deepest.item.name == "Demontage SML DN 100"


def test_a_sub_line_item_is_bg_dex_02_and_a_line_item_bg_31() -> None:
    path = XRECHNUNG_TESTSUITE / "business-cases/extension/04.01a-INVOICE_ubl.xml"
    first = read_file(path).invoice.lines[0]
    assert type(first.item) is ItemInformation
    assert all(type(sub.item) is SubInvoiceLineItem for sub in first.sub_lines)
    paths = [tv.path for tv in iter_terms(first.sub_lines[0])]
    assert "BG-DEX-02/BT-153" in paths


def test_third_party_payments_are_read() -> None:
    path = XRECHNUNG_TESTSUITE / "business-cases/extension/05.01a-INVOICE_ubl.xml"
    payments = read_file(path).invoice.third_party_payments
    assert [(p.type, p.amount and p.amount.lexical()) for p in payments] == [
        ("MobilesBezahlen", "19.96"),
        ("MobilesBezahlen", "10.00"),
    ]


def test_a_document_that_is_not_an_invoice_is_refused() -> None:
    tree = parse_xml(b"<Order xmlns='urn:example'/>", "order.xml", ParseSettings())
    with pytest.raises(InputError, match=re.escape("not a UBL 2.1 or UN/CEFACT CII D16B")):
        read_invoice(tree)


def test_unknown_content_is_named_by_xpath() -> None:
    path = XRECHNUNG_TESTSUITE / "business-cases/standard/01.01a-INVOICE_ubl.xml"
    tree = parse_xml(path.read_bytes(), str(path), ParseSettings())
    root = tree.getroot()
    ns = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
    version = root.makeelement(f"{{{ns}}}UBLVersionID")
    version.text = "2.0"
    root.insert(0, version)
    identifier = root.find(f"{{{ns}}}ID")
    assert identifier is not None
    identifier.set("schemeAgencyID", "ZZZ")
    losses = read_invoice(tree).losses
    assert [(loss.location, loss.term) for loss in losses] == [
        ("/ubl:Invoice/cbc:UBLVersionID", None),
        ("/ubl:Invoice/cbc:ID/@schemeAgencyID", None),
    ]
    assert Syntax.UBL_INVOICE is read_invoice(tree).syntax


def test_a_conflicting_repetition_is_reported_with_its_term() -> None:
    path = XRECHNUNG_TESTSUITE / "business-cases/standard/01.05a-INVOICE_uncefact.xml"
    tree = parse_xml(path.read_bytes(), str(path), ParseSettings())
    ram = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
    codes = tree.getroot().findall(
        f".//{{{ram}}}SpecifiedTradeSettlementPaymentMeans/{{{ram}}}TypeCode"
    )
    assert [c.text for c in codes] == ["58", "58"]
    codes[1].text = "30"
    result = read_invoice(tree)
    assert result.invoice.payment_instructions is not None
    assert result.invoice.payment_instructions.means_code == "58"
    assert [(loss.location.rsplit("/", 2)[-2:], loss.term) for loss in result.losses] == [
        (["ram:SpecifiedTradeSettlementPaymentMeans[2]", "ram:TypeCode"], "BT-81")
    ]
