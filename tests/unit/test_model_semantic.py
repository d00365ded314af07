"""The semantic model itself: every business term of EN 16931-1 and of the XRechnung extension
is a field that names its term, and the data types keep what they were read from."""

from __future__ import annotations

import dataclasses
import re
import typing
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from einvoice_cli.model import lines, parties, semantic, settlement
from einvoice_cli.model.cii import syntax as cii_syntax
from einvoice_cli.model.fields import iter_terms, term_fields
from einvoice_cli.model.semantic import Amount, Invoice, Quantity
from einvoice_cli.model.ubl import syntax as ubl_syntax
from einvoice_cli.model.values import VALUE_TYPES, parse_decimal

# EN 16931-1:2017 numbers its terms BT-1 to BT-165 without BT-4, and its groups BG-1 to BG-32.
EN16931_TERMS = {f"BT-{n}" for n in range(1, 166) if n != 4} | {f"BG-{n}" for n in range(1, 33)}
# The XRechnung 3.0 extension: sub invoice lines (BG-DEX-01 to BG-DEX-08) and third party
# payments (BG-DEX-09 with BT-DEX-001 to BT-DEX-003).
XRECHNUNG_EXTENSION_TERMS = {f"BG-DEX-0{n}" for n in range(1, 10)} | {
    "BT-DEX-001",
    "BT-DEX-002",
    "BT-DEX-003",
}

MODEL_MODULES = (semantic, parties, settlement, lines)


def model_classes() -> list[type]:
    """Every business group class of the model (the shared base shapes excluded)."""
    found = {
        cls
        for module in MODEL_MODULES
        for cls in vars(module).values()
        if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls not in VALUE_TYPES
    }
    return sorted((c for c in found if term_fields(c)), key=lambda c: c.__name__)


def declared_terms() -> set[str]:
    terms = set()
    for cls in model_classes():
        for tf in term_fields(cls):
            terms.add(tf.term)
            if tf.unit_term is not None:
                terms.add(tf.unit_term)
    return terms


def test_every_en16931_business_term_and_group_is_modelled() -> None:
    assert EN16931_TERMS - declared_terms() == set()


def test_the_xrechnung_extension_terms_are_modelled() -> None:
    assert XRECHNUNG_EXTENSION_TERMS - declared_terms() == set()


def test_no_term_is_invented() -> None:
    assert declared_terms() - EN16931_TERMS - XRECHNUNG_EXTENSION_TERMS == set()


@pytest.mark.parametrize("cls", model_classes(), ids=lambda c: c.__name__)
def test_every_field_names_its_term_and_the_model_is_frozen(cls: type) -> None:
    fields = dataclasses.fields(cls)
    assert [f.name for f in fields] == [tf.attribute for tf in term_fields(cls)]
    params = getattr(cls, "__dataclass_params__")  # noqa: B009 (no public accessor)
    assert params.frozen
    assert hasattr(cls, "__slots__")
    hints = typing.get_type_hints(cls)
    for field in fields:
        assert "list[" not in str(hints[field.name]), f"{cls.__name__}.{field.name} is a list"


def test_term_paths_name_groups_and_positions() -> None:
    invoice = Invoice(
        number="1",
        lines=(
            semantic.InvoiceLine(identifier="1", quantity=Quantity(Decimal(2), "C62", "2.000")),
        ),
    )
    assert [(tv.path, tv.term, tv.value) for tv in iter_terms(invoice)] == [
        ("BT-1", "BT-1", "1"),
        ("BG-25[1]/BT-126", "BT-126", "1"),
        ("BG-25[1]/BT-129", "BT-129", Decimal(2)),
        ("BG-25[1]/BT-129/BT-130", "BT-130", "C62"),
    ]


_DECIMALS = st.from_regex(r"[+-]?(?:[0-9]{1,12}(?:\.[0-9]{0,6})?|\.[0-9]{1,6})", fullmatch=True)


@given(_DECIMALS)
def test_amounts_keep_their_text_and_compare_by_value(text: str) -> None:
    amount = Amount.parse(f" {text}\n")
    assert amount.lexical() == text
    assert amount == Amount(Decimal(text))


@pytest.mark.parametrize("text", ["", "1e3", "NaN", "1,5", "Infinity", "--1", "1.2.3"])
def test_what_is_not_an_xs_decimal_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match=re.escape(repr(text))):
        parse_decimal(text)


@given(st.dates(min_value=date(1000, 1, 1)))
def test_dates_survive_both_syntaxes(value: date) -> None:
    assert cii_syntax.parse_date(cii_syntax.format_date(value)) == value
    assert ubl_syntax.parse_date(value.isoformat()) == value


def test_vat_point_date_codes_map_one_to_one() -> None:
    to_cii, from_cii = cii_syntax.VAT_POINT_CODE_TO_CII, cii_syntax.VAT_POINT_CODE_FROM_CII
    assert set(to_cii) == {"3", "35", "432"}  # UNTDID 2005, as in BR-CL-06 (UBL)
    assert set(from_cii) == {"5", "29", "72"}  # UNTDID 2475, as in BR-CL-06 (CII)
    assert all(from_cii[to_cii[code]] == code for code in to_cii)
