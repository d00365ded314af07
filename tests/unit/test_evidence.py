"""Values, expected figures and places of business terms, on the project's samples and corpus
documents (both syntaxes)."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from einvoice_cli.core.findings import business_terms_in
from einvoice_cli.evidence.bindings import SyntaxFamily
from einvoice_cli.evidence.expected import ARITHMETIC, expected_value
from einvoice_cli.evidence.places import MAX_VALUE_CHARS, DocumentPlaces, value_text
from einvoice_cli.evidence.rule_terms import terms_of_check, terms_of_child
from einvoice_cli.report.messages import shown_message
from einvoice_cli.rules_info.hints import HINTS, hint_for
from tests.support.corpus import XRECHNUNG_TESTSUITE, require

REPO = Path(__file__).resolve().parents[2]
INVALID = REPO / "samples" / "invalid-invoice.xml"
CII_SAMPLE = REPO / "samples" / "xrechnung-cii-invoice.xml"


def _places(path: Path, binding: SyntaxFamily) -> DocumentPlaces:
    return DocumentPlaces(etree.parse(str(path)), binding)


def test_values_of_the_totals_in_ubl_and_cii() -> None:
    ubl = _places(INVALID, SyntaxFamily.UBL)
    assert ubl.values(["BT-112", "BT-109", "BT-110", "BT-10", "BG-22"], ubl.root) == {
        "BT-112": "994.87",
        "BT-109": "877.70",
        "BT-110": "117.08",
    }
    cii = _places(CII_SAMPLE, SyntaxFamily.CII)
    values = cii.values(["BT-112", "BT-109", "BT-110", "BT-10"], cii.root)
    assert values == {
        "BT-112": "994.78",
        "BT-109": "877.70",
        "BT-110": "117.08",
        "BT-10": "05999000-31415-96",
    }


def test_a_term_of_a_line_is_that_lines_at_the_line_and_every_lines_at_the_root() -> None:
    places = _places(INVALID, SyntaxFamily.UBL)
    assert places.values(["BT-131"], places.root) == {"BT-131": "194.00; 269.70; 414.00"}
    second = places.group_elements("BG-25")[1]
    assert places.values(["BT-131", "BT-130"], second) == {"BT-131": "269.70", "BT-130": "H87"}


def test_the_expected_figures_of_the_arithmetic_rules() -> None:
    places = _places(INVALID, SyntaxFamily.UBL)
    assert expected_value("BR-CO-15", places, places.root) == ("BT-112", "994.78")
    assert expected_value("BR-CO-10", places, places.root) == ("BT-106", "877.70")
    assert expected_value("BR-CO-16", places, places.root) == ("BT-115", "994.87")
    standard, reduced = places.group_elements("BG-23")
    assert expected_value("BR-S-08", places, standard) == ("BT-116", "463.70")
    assert expected_value("BR-S-09", places, reduced) == ("BT-117", "28.98")
    assert expected_value("BR-Z-09", places, reduced) == ("BT-117", "0.00")
    assert expected_value("BR-DE-15", places, places.root) is None
    assert {"BR-CO-10", "BR-CO-17", "BR-S-08", "BR-AE-09", "BR-O-08"} <= set(ARITHMETIC)


def test_where_a_present_and_a_missing_term_are() -> None:
    places = _places(INVALID, SyntaxFamily.UBL)
    total = places.place("BT-112", places.root)
    assert total is not None
    assert total.path == "/ubl:Invoice/cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount"
    assert total.present and total.line == 151
    missing = places.place("BT-10", places.root)
    assert missing is not None
    assert missing.path == "/ubl:Invoice/cbc:BuyerReference"
    assert not missing.present
    # It belongs before cac:OrderReference, the next element the UBL sequence allows there.
    assert missing.line == 37 != places.root.sourceline
    cii = _places(
        require(XRECHNUNG_TESTSUITE / "business-cases/standard/01.01a-INVOICE_uncefact.xml"),
        SyntaxFamily.CII,
    )
    project = cii.place("BT-11", cii.root)
    assert project is not None and not project.present
    assert project.path.endswith(
        "/ram:ApplicableHeaderTradeAgreement/ram:SpecifiedProcuringProject/ram:ID"
    )


def test_long_values_are_shortened() -> None:
    assert value_text("  a \n b ") == "a b"
    shortened = value_text("x" * 500)
    assert len(shortened) == MAX_VALUE_CHARS and shortened.endswith("…")


def test_terms_of_a_check_from_its_context_and_test() -> None:
    # BR-CO-15 in CEN's UBL rules: the message names three terms, the test reads more.
    test = (
        "every $Currency in cbc:DocumentCurrencyCode satisfies (count(cac:TaxTotal/"
        "xs:decimal(cbc:TaxAmount[@currencyID=$Currency])) eq 1) and (cac:LegalMonetaryTotal/"
        "xs:decimal(cbc:TaxInclusiveAmount) = round((cac:LegalMonetaryTotal/xs:decimal("
        "cbc:TaxExclusiveAmount) + cac:TaxTotal/xs:decimal(cbc:TaxAmount[@currencyID="
        "$Currency])) * 10 * 10) div 100)"
    )
    message = "[BR-CO-15]-Invoice total amount with VAT (BT-112) = ... (BT-109) + ... (BT-110)."
    terms = terms_of_check("/ubl:Invoice | /cn:CreditNote", test, message)
    assert terms[:3] == business_terms_in(message) == ("BT-112", "BT-109", "BT-110")
    assert "BT-5" in terms and "BG-22" in terms
    # A rule whose message names no term: "should not include" an element of no term.
    assert terms_of_check("/ubl:Invoice", "not(//cac:TaxCategory/cbc:ID/@schemeID)", "") == (
        "BT-95",
        "BT-102",
        "BT-118",
    )
    sr = "not(cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cac:RegistrationAddress)"
    assert terms_of_check("/ubl:Invoice", sr, "") == ("BG-4",)
    cii = terms_of_check(
        "/rsm:CrossIndustryInvoice",
        "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/"
        "ram:BuyerReference[boolean(normalize-space(.))]",
        "",
    )
    assert cii == ("BT-10",)
    assert terms_of_check("/ubl:Invoice", "not(ext:UBLExtensions)", "") == ()
    assert terms_of_child(["Invoice"], "ID") == ("BT-1",)


def test_a_quoted_regular_expression_is_shown_only_when_verbose() -> None:
    message = (
        "[BR-DE-18] Skonto Zeilen in ubl:Invoice müssen diesem regulärem Ausdruck entsprechen: "
        "(^|\\r?\\n)#(SKONTO)#TAGE=([0-9]+#PROZENT=[0-9]+\\.[0-9]{2})(#BASISBETRAG=-?[0-9]+\\."
        "[0-9]{2})?#$. Die Informationen zur Gewährung von Skonto müssen wie folgt ..."
    )
    short = shown_message(message, verbose=False, hidden="[…]")
    assert short == (
        "[BR-DE-18] Skonto Zeilen in ubl:Invoice müssen diesem regulärem Ausdruck entsprechen: "
        "[…]. Die Informationen zur Gewährung von Skonto müssen wie folgt ..."
    )
    assert shown_message(message, verbose=True, hidden="[…]") == message
    plain = "[BR-CO-15]-Invoice total amount with VAT (BT-112) = ..."
    assert shown_message(plain, verbose=False, hidden="[…]") == plain


def test_hints_exist_in_both_languages_one_sentence_each() -> None:
    assert len(HINTS) >= 40
    for rule in HINTS:
        for lang in ("en", "de"):
            text = hint_for(rule, lang)
            assert text and text.endswith(".") and "\n" not in text, (rule, lang)
    assert hint_for("BR-NOT-A-RULE", "en") is None
