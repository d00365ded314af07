"""How facts are printed: every printed form of an amount or a date reads back as the value,
and a form is found only where it stands on its own."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from einvoice_cli.checks.facts import FactKind
from einvoice_cli.checks.picture import LABELS, contains_form, parse_printed, printed_forms

amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False)


@given(amounts)
def test_every_printed_amount_reads_back(amount: Decimal) -> None:
    forms = printed_forms(FactKind.AMOUNT, amount)
    assert {"1.589,80", "1,589.80", "1 589,80", "1589,80"} <= set(
        printed_forms(FactKind.AMOUNT, Decimal("1589.8"))
    )
    for form in forms:
        assert parse_printed(FactKind.AMOUNT, form) == amount, form


@given(st.dates(min_value=date(1970, 1, 1), max_value=date(2069, 12, 31)))
def test_every_day_first_date_reads_back(day: date) -> None:
    for form in printed_forms(FactKind.DATE, day):
        if form == f"{day.month:02d}/{day.day:02d}/{day.year}" and day.day != day.month:
            continue  # the US order is looked for, but never read (it is ambiguous)
        if "," in form:
            continue  # "March 5, 2018" is looked for, not read after a label
        assert parse_printed(FactKind.DATE, form) == day, form


@pytest.mark.parametrize(
    ("text", "form", "kind", "found"),
    [
        ("Rechnungsbetrag 1.589,80 EUR", "1.589,80", FactKind.AMOUNT, True),
        ("Rechnungsbetrag 11.589,80 EUR", "1.589,80", FactKind.AMOUNT, False),
        ("Betrag 1.589,801", "1.589,80", FactKind.AMOUNT, False),
        ("Rechnung Nr. 42 vom", "42", FactKind.IDENTIFIER, True),
        ("Rechnung Nr. 420", "42", FactKind.IDENTIFIER, False),
        ("Date de facture 13/11/2017", "13/11/2017", FactKind.DATE, True),
    ],
)
def test_forms_stand_on_their_own(text: str, form: str, kind: FactKind, found: bool) -> None:
    assert contains_form(text, form, kind) is found


@pytest.mark.parametrize(
    ("term", "text", "printed"),
    [
        ("BT-112", "Total TTC 671,15 €", "671,15"),
        ("BT-112", "Gesamtbetrag der Zuschläge 0,00 Bruttosumme 529,87", "529,87"),
        ("BT-115", "Solde à payer 470,15 €", "470,15"),
        ("BT-2", "Rechnung # RE-20151008/504 von 08.10.2015", "08.10.2015"),
        ("BT-1", "Facture FA-2017-0010 Adresse", "FA-2017-0010"),
        (
            "BT-84",
            "IBAN : FR20 1242 1242 1242 1242 1242 124 - BIC",
            "FR20 1242 1242 1242 1242 1242 124",
        ),
    ],
)
def test_labelled_values(term: str, text: str, printed: str) -> None:
    assert [m.group(1).strip() for m in LABELS[term].finditer(text)][-1] == printed
