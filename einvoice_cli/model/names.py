"""The names of the EN 16931 business terms and groups, in English and German.

Reports show a business term with its name (BT-10 "Buyer reference", "Käuferreferenz"), because
the rule messages name terms by id and a supplier looks for the name on the invoice form.

English: the semantic model declares every term it holds with its EN 16931-1 name (``bt()`` and
``bg()`` in :mod:`einvoice_cli.model`), so the English names are read from the model's
declarations and are not repeated here. Only the two unit-of-measure codes, which the model
keeps inside a quantity (BT-130 with BT-129, BT-150 with BT-149), are named below.

German: the terms of the German edition of EN 16931-1 (DIN EN 16931-1), as the German
ZUGFeRD/Factur-X specification uses them; groups are written in capitals as in the standard.
The XRechnung extension's terms (BT-DEX, BG-DEX) have German names after the same pattern.
The rule messages themselves are never translated: they stay as the official rules word them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from einvoice_cli.core.languages import LANGUAGES as LANGUAGES
from einvoice_cli.model import semantic
from einvoice_cli.model.fields import term_fields


@dataclass(frozen=True, slots=True)
class TermName:
    """A business term's or group's name in each language."""

    en: str
    de: str

    def in_language(self, lang: str) -> str:
        """The name in ``lang`` (one of :data:`LANGUAGES`)."""
        match lang:
            case "en":
                return self.en
            case "de":
                return self.de
        raise ValueError(f"no term names in language {lang!r} (known: {', '.join(LANGUAGES)})")


_UNIT_TERMS_EN: Mapping[str, str] = {
    "BT-130": "Invoiced quantity unit of measure code",
    "BT-150": "Item price base quantity unit of measure code",
}
"""Terms the model holds inside another term's value, so it declares no name for them."""

_GERMAN: Mapping[str, str] = {
    "BT-1": "Rechnungsnummer",
    "BT-2": "Rechnungsdatum",
    "BT-3": "Code für den Rechnungstyp",
    "BT-5": "Code für die Rechnungswährung",
    "BT-6": "Code für die Währung der Umsatzsteuerbuchung",
    "BT-7": "Datum der Steuerfälligkeit",
    "BT-8": "Code für das Datum der Steuerfälligkeit",
    "BT-9": "Fälligkeitsdatum der Zahlung",
    "BT-10": "Käuferreferenz",
    "BT-11": "Projektreferenz",
    "BT-12": "Vertragsreferenz",
    "BT-13": "Bestellreferenz",
    "BT-14": "Auftragsreferenz",
    "BT-15": "Referenz der Wareneingangsmeldung",
    "BT-16": "Referenz des Lieferavis",
    "BT-17": "Referenz der Ausschreibung oder des Loses",
    "BT-18": "Kennung des in Rechnung gestellten Objekts",
    "BT-19": "Buchungsreferenz des Käufers",
    "BT-20": "Zahlungsbedingungen",
    "BT-21": "Code für den Betreff der Rechnungsbemerkung",
    "BT-22": "Rechnungsbemerkung",
    "BT-23": "Geschäftsprozesstyp",
    "BT-24": "Spezifikationskennung",
    "BT-25": "Referenz auf die vorausgegangene Rechnung",
    "BT-26": "Ausstellungsdatum der vorausgegangenen Rechnung",
    "BT-27": "Name des Verkäufers",
    "BT-28": "Handelsname des Verkäufers",
    "BT-29": "Kennung des Verkäufers",
    "BT-30": "Kennung der rechtlichen Registrierung des Verkäufers",
    "BT-31": "Umsatzsteuer-Identifikationsnummer des Verkäufers",
    "BT-32": "Steuernummer des Verkäufers",
    "BT-33": "Weitere rechtliche Informationen zum Verkäufer",
    "BT-34": "Elektronische Adresse des Verkäufers",
    "BT-35": "Zeile 1 der Verkäuferanschrift",
    "BT-36": "Zeile 2 der Verkäuferanschrift",
    "BT-37": "Ort der Verkäuferanschrift",
    "BT-38": "Postleitzahl der Verkäuferanschrift",
    "BT-39": "Region der Verkäuferanschrift",
    "BT-40": "Ländercode der Verkäuferanschrift",
    "BT-41": "Kontaktstelle des Verkäufers",
    "BT-42": "Telefonnummer der Kontaktstelle des Verkäufers",
    "BT-43": "E-Mail-Adresse der Kontaktstelle des Verkäufers",
    "BT-44": "Name des Käufers",
    "BT-45": "Handelsname des Käufers",
    "BT-46": "Kennung des Käufers",
    "BT-47": "Kennung der rechtlichen Registrierung des Käufers",
    "BT-48": "Umsatzsteuer-Identifikationsnummer des Käufers",
    "BT-49": "Elektronische Adresse des Käufers",
    "BT-50": "Zeile 1 der Käuferanschrift",
    "BT-51": "Zeile 2 der Käuferanschrift",
    "BT-52": "Ort der Käuferanschrift",
    "BT-53": "Postleitzahl der Käuferanschrift",
    "BT-54": "Region der Käuferanschrift",
    "BT-55": "Ländercode der Käuferanschrift",
    "BT-56": "Kontaktstelle des Käufers",
    "BT-57": "Telefonnummer der Kontaktstelle des Käufers",
    "BT-58": "E-Mail-Adresse der Kontaktstelle des Käufers",
    "BT-59": "Name des Zahlungsempfängers",
    "BT-60": "Kennung des Zahlungsempfängers",
    "BT-61": "Kennung der rechtlichen Registrierung des Zahlungsempfängers",
    "BT-62": "Name des Steuervertreters des Verkäufers",
    "BT-63": "Umsatzsteuer-Identifikationsnummer des Steuervertreters des Verkäufers",
    "BT-64": "Zeile 1 der Anschrift des Steuervertreters",
    "BT-65": "Zeile 2 der Anschrift des Steuervertreters",
    "BT-66": "Ort der Anschrift des Steuervertreters",
    "BT-67": "Postleitzahl der Anschrift des Steuervertreters",
    "BT-68": "Region der Anschrift des Steuervertreters",
    "BT-69": "Ländercode der Anschrift des Steuervertreters",
    "BT-70": "Name des Empfängers der Lieferung",
    "BT-71": "Kennung des Lieferorts",
    "BT-72": "Tatsächliches Lieferdatum",
    "BT-73": "Anfangsdatum des Rechnungszeitraums",
    "BT-74": "Enddatum des Rechnungszeitraums",
    "BT-75": "Zeile 1 der Lieferanschrift",
    "BT-76": "Zeile 2 der Lieferanschrift",
    "BT-77": "Ort der Lieferanschrift",
    "BT-78": "Postleitzahl der Lieferanschrift",
    "BT-79": "Region der Lieferanschrift",
    "BT-80": "Ländercode der Lieferanschrift",
    "BT-81": "Code für die Zahlungsart",
    "BT-82": "Text zur Zahlungsart",
    "BT-83": "Verwendungszweck",
    "BT-84": "Kennung des Zahlungskontos",
    "BT-85": "Name des Zahlungskontos",
    "BT-86": "Kennung des Zahlungsdienstleisters",
    "BT-87": "Zahlungskartennummer",
    "BT-88": "Name des Zahlungskarteninhabers",
    "BT-89": "Kennung der Mandatsreferenz",
    "BT-90": "Kennung des Gläubigers",
    "BT-91": "Kennung des zu belastenden Kontos",
    "BT-92": "Betrag des Abschlags auf Dokumentenebene",
    "BT-93": "Grundbetrag des Abschlags auf Dokumentenebene",
    "BT-94": "Prozentsatz des Abschlags auf Dokumentenebene",
    "BT-95": "Code der Umsatzsteuerkategorie des Abschlags auf Dokumentenebene",
    "BT-96": "Umsatzsteuersatz des Abschlags auf Dokumentenebene",
    "BT-97": "Grund für den Abschlag auf Dokumentenebene",
    "BT-98": "Code für den Grund des Abschlags auf Dokumentenebene",
    "BT-99": "Betrag des Zuschlags auf Dokumentenebene",
    "BT-100": "Grundbetrag des Zuschlags auf Dokumentenebene",
    "BT-101": "Prozentsatz des Zuschlags auf Dokumentenebene",
    "BT-102": "Code der Umsatzsteuerkategorie des Zuschlags auf Dokumentenebene",
    "BT-103": "Umsatzsteuersatz des Zuschlags auf Dokumentenebene",
    "BT-104": "Grund für den Zuschlag auf Dokumentenebene",
    "BT-105": "Code für den Grund des Zuschlags auf Dokumentenebene",
    "BT-106": "Summe der Nettobeträge aller Rechnungspositionen",
    "BT-107": "Summe der Abschläge auf Dokumentenebene",
    "BT-108": "Summe der Zuschläge auf Dokumentenebene",
    "BT-109": "Rechnungsgesamtbetrag ohne Umsatzsteuer",
    "BT-110": "Gesamtbetrag der Rechnungsumsatzsteuer",
    "BT-111": "Steuergesamtbetrag in Buchungswährung",
    "BT-112": "Rechnungsgesamtbetrag einschließlich Umsatzsteuer",
    "BT-113": "Vorauszahlungsbetrag",
    "BT-114": "Rundungsbetrag",
    "BT-115": "Fälliger Zahlungsbetrag",
    "BT-116": "Kategoriespezifischer Steuerbasisbetrag",
    "BT-117": "Kategoriespezifischer Steuerbetrag",
    "BT-118": "Code der Umsatzsteuerkategorie",
    "BT-119": "Kategoriespezifischer Umsatzsteuersatz",
    "BT-120": "Text zum Umsatzsteuerbefreiungsgrund",
    "BT-121": "Code für den Umsatzsteuerbefreiungsgrund",
    "BT-122": "Kennung der rechnungsbegründenden Unterlage",
    "BT-123": "Beschreibung der rechnungsbegründenden Unterlage",
    "BT-124": "Speicherort der externen Unterlage",
    "BT-125": "Angehängtes Dokument",
    "BT-126": "Kennung der Rechnungsposition",
    "BT-127": "Freitext zur Rechnungsposition",
    "BT-128": "Objektkennung auf Ebene der Rechnungsposition",
    "BT-129": "In Rechnung gestellte Menge",
    "BT-130": "Code der Maßeinheit der in Rechnung gestellten Menge",
    "BT-131": "Nettobetrag der Rechnungsposition",
    "BT-132": "Referenz zur Bestellposition",
    "BT-133": "Buchungsreferenz des Käufers auf Ebene der Rechnungsposition",
    "BT-134": "Anfangsdatum des Abrechnungszeitraums der Rechnungsposition",
    "BT-135": "Enddatum des Abrechnungszeitraums der Rechnungsposition",
    "BT-136": "Betrag des Abschlags auf Ebene der Rechnungsposition",
    "BT-137": "Grundbetrag des Abschlags auf Ebene der Rechnungsposition",
    "BT-138": "Prozentsatz des Abschlags auf Ebene der Rechnungsposition",
    "BT-139": "Grund für den Abschlag auf Ebene der Rechnungsposition",
    "BT-140": "Code für den Grund des Abschlags auf Ebene der Rechnungsposition",
    "BT-141": "Betrag des Zuschlags auf Ebene der Rechnungsposition",
    "BT-142": "Grundbetrag des Zuschlags auf Ebene der Rechnungsposition",
    "BT-143": "Prozentsatz des Zuschlags auf Ebene der Rechnungsposition",
    "BT-144": "Grund für den Zuschlag auf Ebene der Rechnungsposition",
    "BT-145": "Code für den Grund des Zuschlags auf Ebene der Rechnungsposition",
    "BT-146": "Nettopreis des Artikels",
    "BT-147": "Nachlass auf den Artikelpreis",
    "BT-148": "Bruttopreis des Artikels",
    "BT-149": "Basismenge zum Artikelpreis",
    "BT-150": "Code der Maßeinheit der Basismenge zum Artikelpreis",
    "BT-151": "Code der Umsatzsteuerkategorie des in Rechnung gestellten Artikels",
    "BT-152": "Umsatzsteuersatz für den in Rechnung gestellten Artikel",
    "BT-153": "Artikelname",
    "BT-154": "Artikelbeschreibung",
    "BT-155": "Artikelnummer des Verkäufers",
    "BT-156": "Artikelnummer des Käufers",
    "BT-157": "Kennung eines Artikels nach registriertem Schema",
    "BT-158": "Kennung der Artikelklassifizierung",
    "BT-159": "Artikelherkunftsland",
    "BT-160": "Artikelattributname",
    "BT-161": "Artikelattributwert",
    "BT-162": "Zeile 3 der Verkäuferanschrift",
    "BT-163": "Zeile 3 der Käuferanschrift",
    "BT-164": "Zeile 3 der Anschrift des Steuervertreters",
    "BT-165": "Zeile 3 der Lieferanschrift",
    "BG-1": "RECHNUNGSBEMERKUNG",
    "BG-2": "PROZESSSTEUERUNG",
    "BG-3": "REFERENZ AUF DIE VORAUSGEGANGENE RECHNUNG",
    "BG-4": "VERKÄUFER",
    "BG-5": "POSTANSCHRIFT DES VERKÄUFERS",
    "BG-6": "KONTAKTINFORMATIONEN DES VERKÄUFERS",
    "BG-7": "KÄUFER",
    "BG-8": "POSTANSCHRIFT DES KÄUFERS",
    "BG-9": "KONTAKTINFORMATIONEN DES KÄUFERS",
    "BG-10": "ZAHLUNGSEMPFÄNGER",
    "BG-11": "STEUERVERTRETER DES VERKÄUFERS",
    "BG-12": "POSTANSCHRIFT DES STEUERVERTRETERS",
    "BG-13": "LIEFERINFORMATIONEN",
    "BG-14": "RECHNUNGSZEITRAUM",
    "BG-15": "LIEFERANSCHRIFT",
    "BG-16": "ZAHLUNGSANWEISUNGEN",
    "BG-17": "ÜBERWEISUNG",
    "BG-18": "ZAHLUNGSKARTENINFORMATIONEN",
    "BG-19": "LASTSCHRIFT",
    "BG-20": "ABSCHLÄGE AUF DOKUMENTENEBENE",
    "BG-21": "ZUSCHLÄGE AUF DOKUMENTENEBENE",
    "BG-22": "GESAMTSUMMEN AUF DOKUMENTENEBENE",
    "BG-23": "UMSATZSTEUERAUFSCHLÜSSELUNG",
    "BG-24": "RECHNUNGSBEGRÜNDENDE UNTERLAGEN",
    "BG-25": "RECHNUNGSPOSITION",
    "BG-26": "ABRECHNUNGSZEITRAUM DER RECHNUNGSPOSITION",
    "BG-27": "ABSCHLÄGE AUF EBENE DER RECHNUNGSPOSITION",
    "BG-28": "ZUSCHLÄGE AUF EBENE DER RECHNUNGSPOSITION",
    "BG-29": "DETAILINFORMATIONEN ZUM PREIS",
    "BG-30": "UMSATZSTEUERINFORMATIONEN AUF EBENE DER RECHNUNGSPOSITION",
    "BG-31": "ARTIKELINFORMATIONEN",
    "BG-32": "ARTIKELATTRIBUTE",
    "BT-DEX-001": "Art der Zahlung an Dritte",
    "BT-DEX-002": "Betrag der Zahlung an Dritte",
    "BT-DEX-003": "Beschreibung der Zahlung an Dritte",
    "BG-DEX-01": "UNTERGEORDNETE RECHNUNGSPOSITION",
    "BG-DEX-02": "ARTIKELINFORMATIONEN DER UNTERGEORDNETEN RECHNUNGSPOSITION",
    "BG-DEX-03": "ABSCHLÄGE AUF EBENE DER UNTERGEORDNETEN RECHNUNGSPOSITION",
    "BG-DEX-04": "ZUSCHLÄGE AUF EBENE DER UNTERGEORDNETEN RECHNUNGSPOSITION",
    "BG-DEX-05": "ABRECHNUNGSZEITRAUM DER UNTERGEORDNETEN RECHNUNGSPOSITION",
    "BG-DEX-06": "UMSATZSTEUERINFORMATIONEN DER UNTERGEORDNETEN RECHNUNGSPOSITION",
    "BG-DEX-07": "DETAILINFORMATIONEN ZUM PREIS DER UNTERGEORDNETEN RECHNUNGSPOSITION",
    "BG-DEX-08": "ARTIKELATTRIBUTE DER UNTERGEORDNETEN RECHNUNGSPOSITION",
    "BG-DEX-09": "ZAHLUNG AN DRITTE",
}


def model_term_names() -> dict[str, str]:
    """The English name of every business term and group the semantic model declares.

    Every dataclass the model exports is read, so a group that is reachable only through a
    subclass (the sub invoice line's item, BG-DEX-02 with BG-DEX-08) is included.
    """
    names: dict[str, str] = {}
    for export in semantic.__all__:
        candidate = getattr(semantic, export)
        if not (isinstance(candidate, type) and dataclasses.is_dataclass(candidate)):
            continue
        for field in term_fields(candidate):
            names.setdefault(field.term, field.name)
    return names


def _build_table() -> Mapping[str, TermName]:
    english = {**model_term_names(), **_UNIT_TERMS_EN}
    missing = sorted(set(english) ^ set(_GERMAN))
    if missing:
        raise RuntimeError(f"business terms without a name in both languages: {missing}")
    return MappingProxyType(
        {term: TermName(en=english[term], de=_GERMAN[term]) for term in english}
    )


TERM_NAMES: Mapping[str, TermName] = _build_table()
"""Every EN 16931 business term and group (and XRechnung's BT-DEX/BG-DEX) by id: ``BT-10``."""


def term_name(term: str, lang: str) -> str | None:
    """The name of business term or group ``term`` in ``lang``; ``None`` for an unknown id."""
    name = TERM_NAMES.get(term)
    return None if name is None else name.in_language(lang)
