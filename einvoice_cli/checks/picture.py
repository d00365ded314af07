"""How facts are written on a printed invoice: the forms to look for, and labelled values.

German, English and French invoices print a date as ``05.03.2018``, ``05/03/2018``,
``2018-03-05`` or ``5. März 2018``, and an amount as ``1.589,80``, ``1,589.80`` or
``1 589,80``. :func:`printed_forms` gives every form of an XML value; :data:`LABELS` and
:func:`labelled_values` find a value printed after a label ("Rechnungsbetrag", "Total TTC"),
which is how a picture that shows a *different* value is recognised.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from types import MappingProxyType

from einvoice_cli.checks.facts import FactKind, FactValue

_MONTHS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "de": ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
               "September", "Oktober", "November", "Dezember"),
        "en": ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"),
        "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
               "septembre", "octobre", "novembre", "décembre"),
    }
)  # fmt: skip


def printed_forms(kind: FactKind, value: FactValue) -> tuple[str, ...]:
    """The ways ``value`` can appear on the page (for compact values: without spaces)."""
    if kind is FactKind.DATE and isinstance(value, date):
        return _date_forms(value)
    if kind is FactKind.AMOUNT and isinstance(value, Decimal):
        return _amount_forms(value)
    return (str(value),)


def _date_forms(d: date) -> tuple[str, ...]:
    day, month, year = d.day, d.month, d.year
    forms = {
        f"{day:02d}.{month:02d}.{year}",
        f"{day}.{month}.{year}",
        f"{day:02d}.{month:02d}.{year % 100:02d}",
        f"{day:02d}/{month:02d}/{year}",
        f"{day}/{month}/{year}",
        f"{day:02d}-{month:02d}-{year}",
        f"{year}-{month:02d}-{day:02d}",
        f"{month:02d}/{day:02d}/{year}",
    }
    for names in _MONTHS.values():
        name = names[month - 1]
        forms |= {f"{day}. {name} {year}", f"{day} {name} {year}", f"{name} {day}, {year}"}
        forms |= {f"{day:02d}. {name} {year}", f"{day:02d} {name} {year}"}
    return tuple(sorted(forms))


def _amount_forms(amount: Decimal) -> tuple[str, ...]:
    cents = abs(amount).quantize(Decimal("0.01"))
    whole, _, fraction = f"{cents:f}".partition(".")
    groups: list[str] = []
    rest = whole
    while len(rest) > 3:
        groups.insert(0, rest[-3:])
        rest = rest[:-3]
    groups.insert(0, rest)
    forms = {f"{whole},{fraction}", f"{whole}.{fraction}"}
    for thousands, decimal in ((".", ","), (",", "."), (" ", ","), ("'", ".")):
        forms.add(thousands.join(groups) + decimal + fraction)
    return tuple(sorted(forms))


def contains_form(text: str, form: str, kind: FactKind) -> bool:
    """True when ``form`` stands on its own in ``text`` (not as part of a longer number or
    word)."""
    if kind is FactKind.COMPACT:
        return form in text
    pattern = re.escape(form)
    if kind is FactKind.AMOUNT:
        return re.search(rf"(?<![\d.,']){pattern}(?![\d]|[.,]\d)", text) is not None
    return re.search(rf"(?<![\w/.-]){pattern}(?![\w]|[/.-]\w)", text) is not None


_AMOUNT = r"-?\d{1,3}(?:[ .,']\d{3})*(?:[.,]\d{1,2})?|-?\d+(?:[.,]\d{1,2})?"
_DATE = (
    r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}"
    r"|\d{1,2}\.? [A-Za-zäéû]+ \d{4}"
)
_IDENT = r"[A-Za-z0-9][A-Za-z0-9/._-]*\d[A-Za-z0-9/._-]*|\d+"
_VAT = r"[A-Z]{2} ?[0-9A-Z](?: ?[0-9A-Z]){7,13}"
_IBAN = r"[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?"
_GAP = r"[^\d\n]{0,25}?"
# A total's label followed by a qualifier names a part of it ("Gesamtbetrag der Zuschläge",
# "Rechnungssumme ohne USt.", "Total HT"), not the total.
_NOT_PART = r"(?![ :]*(?:der|des|ohne|netto|exkl\.?|excl\.?|HT|net|hors)\b)"

LABELS: Mapping[str, re.Pattern[str]] = MappingProxyType(
    {
        "BT-1": re.compile(
            r"(?:Rechnungs?-?(?:nummer|nr\.?)|Rechnung(?: Nr\.?| #)|Gutschrift Nr\.?|Invoice "
            r"(?:No\.?|number|#)|Facture(?: n°| N°| No)?|Avoir(?: n°)?)[ :#]*"
            rf"({_IDENT})",
            re.IGNORECASE,
        ),
        "BT-2": re.compile(
            r"(?:Rechnungsdatum|Belegdatum|Invoice date|Date of invoice|Date de facture"
            r"|Date de facturation"
            # "Rechnung # RE-42 von 08.10.2015", "Invoice # RE-42 issued at 2019-06-10"
            r"|(?:Rechnung|Invoice|Facture)(?: ?(?:#|Nr\.?|No\.?|n°))? ?[A-Za-z0-9/._-]+ "
            rf"(?:vom|von|du|of|dated|issued at)){_GAP}({_DATE})",
            re.IGNORECASE,
        ),
        "BT-112": re.compile(
            r"(?:Rechnungsbetrag|Gesamtbetrag|Bruttobetrag|Bruttosumme|Rechnungssumme"
            r"|Summe brutto|Gesamtsumme brutto|Invoice total|Grand total|Total amount"
            rf"|Total incl\.? VAT|Total TTC|Montant TTC){_NOT_PART}{_GAP}({_AMOUNT})",
            re.IGNORECASE,
        ),
        "BT-115": re.compile(
            r"(?:Zahlbetrag|Zahlungsbetrag|zu zahlen(?:der Betrag)?|Offener Betrag|Amount due"
            r"|Balance due|Total due|Net à payer|Solde à payer|Reste à payer)"
            rf"{_NOT_PART}{_GAP}({_AMOUNT})",
            re.IGNORECASE,
        ),
        "BT-31": re.compile(
            r"(?:USt-?Id(?:Nr)?\.?|Umsatzsteuer-?(?:Identifikationsnummer|ID)|VAT(?: ID| No\.?"
            rf"| number| reg\.? no\.?)?|N° TVA|TVA(?: intracom\w*)?)[ :.]*({_VAT})",
        ),
        "BT-84": re.compile(rf"IBAN[ :.]*({_IBAN})"),
    }
)
"""For each fact, a label followed by a value: group 1 is the printed value."""


def parse_printed(kind: FactKind, text: str) -> FactValue | None:
    """A printed value as the XML would state it, or ``None`` when it cannot be read."""
    match kind:
        case FactKind.AMOUNT:
            return _parse_amount(text)
        case FactKind.DATE:
            return _parse_date(text)
        case FactKind.COMPACT:
            return "".join(text.split()).upper()
        case FactKind.IDENTIFIER:
            return text.rstrip(".")


def _parse_amount(text: str) -> Decimal | None:
    cleaned = text.replace(" ", "").replace("'", "")
    match = re.search(r"[.,](\d{1,2})$", cleaned)
    if match:
        whole = cleaned[: match.start()].replace(".", "").replace(",", "")
        cleaned = f"{whole}.{match.group(1)}"
    else:
        cleaned = cleaned.replace(".", "").replace(",", "")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def _parse_date(text: str) -> date | None:
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    numeric = re.fullmatch(r"(\d{1,2})[./-](\d{1,2})[./-](\d{2,4})", text)
    named = re.fullmatch(r"(\d{1,2})\.? (\S+) (\d{4})", text)
    try:
        if iso:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        if numeric:
            year = int(numeric.group(3))
            if year < 100:  # a two-digit year: 70-99 the last century, 00-69 this one
                year += 1900 if year >= 70 else 2000
            return date(year, int(numeric.group(2)), int(numeric.group(1)))
        if named:
            month = next(
                (
                    names.index(n) + 1
                    for names in _MONTHS.values()
                    for n in names
                    if n.lower() == named.group(2).lower()
                ),
                None,
            )
            if month is not None:
                return date(int(named.group(3)), month, int(named.group(1)))
    except ValueError:
        return None
    return None
