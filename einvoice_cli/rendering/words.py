"""Everything our renderings say to a person, in German and English.

The official visualization brings its own words (its ``l10n/``); these are the words of what
einvoice-cli adds around it: the verdict banner, the notes on what is not shown, the print
layout's headings and the terminal rendering.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from einvoice_cli.rendering.pack import Language

_WORDS: Mapping[str, Mapping[Language, str]] = MappingProxyType(
    {
        "rejected": {
            Language.DE: "Diese Rechnung wurde bei der Prüfung abgelehnt",
            Language.EN: "This invoice was rejected by validation",
        },
        "rejected-scenario": {
            Language.DE: "Szenario: {scenario}",
            Language.EN: "Scenario: {scenario}",
        },
        "more-findings": {
            Language.DE: "… und {count} weitere Fehler",
            Language.EN: "… and {count} more errors",
        },
        "not-shown": {
            Language.DE: "Nicht dargestellt: {count} Element(e) außerhalb des semantischen "
            "Modells der EN 16931 / XRechnung, das die amtliche Visualisierung zeigt",
            Language.EN: "Not shown: {count} element(s) outside the EN 16931 / XRechnung "
            "semantic model that the official visualization shows",
        },
        "model-shown": {
            Language.DE: "Die amtliche Visualisierung kann dieses Dokument nicht darstellen "
            "({reason}). Gezeigt wird das Dokument, wie es das semantische Modell der EN 16931 "
            "liest; was darin nicht enthalten ist, ist aufgeführt.",
            Language.EN: "The official visualization cannot render this document ({reason}). "
            "Shown is the document as the EN 16931 semantic model reads it; what that model "
            "does not hold is listed.",
        },
        "omitted": {
            Language.DE: "Anlagen nicht in diese Seite eingebettet (zu groß); sie bleiben in "
            "der Rechnung:",
            Language.EN: "Attachments not embedded in this page (too large); they remain in "
            "the invoice:",
        },
        "highlighted": {
            Language.DE: "Hervorgehoben: Felder, die Prüfbefunde nennen ({terms})",
            Language.EN: "Highlighted: fields that findings name ({terms})",
        },
        "page": {Language.DE: "Seite", Language.EN: "Page"},
        "of": {Language.DE: "von", Language.EN: "of"},
        "seller": {Language.DE: "Verkäufer", Language.EN: "Seller"},
        "buyer": {Language.DE: "Käufer", Language.EN: "Buyer"},
        "invoice": {Language.DE: "Rechnung", Language.EN: "Invoice"},
        "credit-note": {Language.DE: "Gutschrift", Language.EN: "Credit note"},
        "number": {Language.DE: "Nummer", Language.EN: "Number"},
        "issue-date": {Language.DE: "Rechnungsdatum", Language.EN: "Issue date"},
        "due-date": {Language.DE: "Fällig am", Language.EN: "Due date"},
        "buyer-reference": {Language.DE: "Käuferreferenz", Language.EN: "Buyer reference"},
        "lines": {Language.DE: "Positionen", Language.EN: "Lines"},
        "line-id": {Language.DE: "Pos.", Language.EN: "Line"},
        "item": {Language.DE: "Artikel", Language.EN: "Item"},
        "quantity": {Language.DE: "Menge", Language.EN: "Quantity"},
        "unit": {Language.DE: "Einheit", Language.EN: "Unit"},
        "net": {Language.DE: "Netto", Language.EN: "Net"},
        "vat-breakdown": {Language.DE: "Umsatzsteuer", Language.EN: "VAT breakdown"},
        "category": {Language.DE: "Kategorie", Language.EN: "Category"},
        "rate": {Language.DE: "Satz", Language.EN: "Rate"},
        "taxable": {Language.DE: "Bemessungsgrundlage", Language.EN: "Taxable amount"},
        "tax": {Language.DE: "Steuerbetrag", Language.EN: "Tax amount"},
        "totals": {Language.DE: "Summen", Language.EN: "Totals"},
        "line-total": {Language.DE: "Summe Positionen netto", Language.EN: "Sum of lines"},
        "total-without-vat": {
            Language.DE: "Gesamtsumme netto",
            Language.EN: "Total without VAT",
        },
        "vat-total": {Language.DE: "Umsatzsteuer gesamt", Language.EN: "Total VAT"},
        "total-with-vat": {Language.DE: "Gesamtsumme brutto", Language.EN: "Total with VAT"},
        "paid": {Language.DE: "Bereits gezahlt", Language.EN: "Paid amount"},
        "amount-due": {Language.DE: "Zahlbetrag", Language.EN: "Amount due"},
        "payment": {Language.DE: "Zahlung", Language.EN: "Payment"},
        "means": {Language.DE: "Zahlungsart", Language.EN: "Payment means"},
        "account": {Language.DE: "Konto", Language.EN: "Account"},
        "remittance": {Language.DE: "Verwendungszweck", Language.EN: "Remittance information"},
        "terms": {Language.DE: "Zahlungsbedingungen", Language.EN: "Payment terms"},
        "vat-id": {Language.DE: "USt-IdNr.", Language.EN: "VAT ID"},
        "attachments": {Language.DE: "Anlagen", Language.EN: "Attachments"},
    }
)


def word(key: str, lang: Language, **values: object) -> str:
    """The text of ``key`` in ``lang``, with ``values`` filled in."""
    return _WORDS[key][lang].format(**values)


def keys() -> tuple[str, ...]:
    """Every key (tests check that each exists in every language)."""
    return tuple(_WORDS)
