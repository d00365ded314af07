"""Every document of the XRechnung test suite converts to the other syntax and back: UBL -> CII
-> UBL and CII -> UBL -> CII keep every business term's value (compared through the model, and
as text for decimals), the written documents are valid against the syntax's XSD, and our own
output reads back without a loss. The only differences are those the target syntax forces;
they are listed below by file, each with its reason, and every term the target cannot hold is
reported by the writer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from einvoice_cli.core.detect import Syntax
from einvoice_cli.model import preferred_ubl_syntax
from einvoice_cli.model.compare import Difference, diff_invoices
from einvoice_cli.model.loss import Loss
from tests.support.corpus import XRECHNUNG_TESTSUITE, files, ident
from tests.support.model_support import Schemas, convert, load_schemas, read_file


@dataclass(frozen=True)
class Forced:
    """A difference that converting into a syntax cannot avoid."""

    pattern: str
    """The paths of the business terms it concerns."""
    lost: bool
    """True: the terms are gone after the conversion, and the writer reports each as a loss.
    False: the target syntax demands a value where the model had none."""
    reason: str


SUB_INVOICE_LINES = Forced(
    r"BG-25\[\d+\]/BG-DEX-01\[\d+\]",
    lost=True,
    reason="XRechnung does not support sub invoice lines (BG-DEX-01) in CII (BR-DEX-15), and "
    "as separate line items they would break BR-CO-10",
)
THIRD_PARTY_PAYMENTS = Forced(
    r"BG-DEX-09\[\d+\]",
    lost=True,
    reason="the XRechnung third party payment (BG-DEX-09) is bound to UBL cac:PrepaidPayment "
    "only (BR-DEX-09 to BR-DEX-14); CII has no place for it",
)
FURTHER_PRECEDING_INVOICES = Forced(
    r"BG-3\[(?:[2-9]|\d\d+)\]",
    lost=True,
    reason="CII D16B has at most one ram:InvoiceReferencedDocument, so only the first "
    "preceding invoice reference (BG-3) fits",
)
DERIVED_VAT_TOTAL = Forced(
    r"BG-22/BT-110",
    lost=False,
    reason="UBL requires cbc:TaxAmount in cac:TaxTotal although BT-110 is optional; it is "
    "written as the sum of the VAT category tax amounts, the value BR-CO-14 demands",
)

_EXTENSION = "xrechnung-testsuite-2026-01-31/src/test/business-cases/extension"
_CIUS = "xrechnung-testsuite-2026-01-31/src/test/technical-cases/cius"
FORCED: dict[str, tuple[Forced, ...]] = {
    f"{_EXTENSION}/04.01a-INVOICE_ubl.xml": (SUB_INVOICE_LINES,),
    f"{_EXTENSION}/04.02a-INVOICE_ubl.xml": (SUB_INVOICE_LINES,),
    f"{_EXTENSION}/04.03a-INVOICE_ubl.xml": (SUB_INVOICE_LINES, FURTHER_PRECEDING_INVOICES),
    f"{_EXTENSION}/04.04a-INVOICE_ubl.xml": (SUB_INVOICE_LINES,),
    f"{_EXTENSION}/05.01a-INVOICE_ubl.xml": (THIRD_PARTY_PAYMENTS,),
    f"{_CIUS}/01.01_comprehensive_test_ubl.xml": (FURTHER_PRECEDING_INVOICES,),
    f"{_CIUS}/01.05_minimal_test_uncefact.xml": (DERIVED_VAT_TOTAL,),
}


@pytest.fixture(scope="module")
def schemas() -> Schemas:
    return load_schemas()


def check_forced(
    differences: tuple[Difference, ...], forced: tuple[Forced, ...], losses: tuple[Loss, ...]
) -> None:
    """Each difference is one the file's forced conversions explain, each of those occurs,
    and each lost term is covered by a loss the writer reported."""
    used = set()
    for difference in differences:
        matching = [f for f in forced if re.match(f.pattern + r"(/|$)", difference.path)]
        assert matching, f"unexplained difference {difference}"
        rule = matching[0]
        used.add(rule)
        if rule.lost:
            assert difference.right is None, difference
            assert any(difference.path.startswith(loss.location + "/") for loss in losses), (
                f"{difference} is lost without a reported loss"
            )
        else:
            assert difference.left is None, difference
    assert used == set(forced), f"expected differences did not occur: {set(forced) - used}"


@pytest.mark.parametrize("path", files(XRECHNUNG_TESTSUITE), ids=ident)
def test_round_trip_keeps_every_business_term(path: Path, schemas: Schemas) -> None:
    first = read_file(path)
    target = Syntax.CII if first.syntax is not Syntax.CII else preferred_ubl_syntax(first.invoice)
    forced = FORCED.get(ident(path), ())

    written, second = convert(first.invoice, target)
    assert schemas.errors(written) == []
    assert second.syntax is target
    assert second.losses == ()
    check_forced(diff_invoices(first.invoice, second.invoice), forced, written.losses)
    assert {loss.term for loss in written.losses} <= {"BG-DEX-01", "BG-DEX-09", "BG-3"}

    back, third = convert(second.invoice, first.syntax)
    assert schemas.errors(back) == []
    assert back.losses == ()
    assert third.losses == ()
    check_forced(diff_invoices(first.invoice, third.invoice, lexical=True), forced, written.losses)
