"""The words of the PDF side in English and German: the messages of the PDF-side rules and
the sentence saying which embedded file was taken as the invoice.

Each language is one :class:`PdfWords` value, so a message missing in one language is a type
error. Names stay as they are: file names, profile and standard titles, XMP property names,
PDF keys and the clauses a finding cites.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from einvoice_cli.core.languages import Language


@dataclass(frozen=True, slots=True)
class PdfWords:
    """The PDF side's sentences in one language; ``{...}`` are names and values."""

    took: Mapping[str, str]
    """Which embedded file was taken and why, by the value of ``pdf.invoice.Choice``, with
    ``{name}`` and ``{others}``."""
    others: str
    """With ``{count}``: how many files have a standard invoice name, when several do."""
    no_profile: str
    encrypted: str
    active_content: str
    """With ``{kinds}``."""
    action: str
    """One kind of action, with ``{kind}`` (``JavaScript``, ``Launch``)."""
    and_: str
    not_pdfa3: str
    no_conformance: str
    no_xmp: str
    xmp_unreadable: str
    xmp_namespace_other: str
    """With ``{namespace}`` and ``{expected}``."""
    xmp_namespace_none: str
    xmp_family: str
    """With ``{family}`` and ``{profile}``."""
    file_not_named: str
    version_for: str
    """Appended to the XMP Version's comparison, with ``{profile}`` and ``{family}``."""
    level_of: str
    """Appended to the ConformanceLevel's comparison, with ``{specification}``."""
    document_type: str
    version: str
    conformance_level: str
    mime_type: str
    """With ``{name}``."""
    not_in_af: str
    no_relationship: str
    bad_relationship: str
    """With ``{name}`` and ``{relationship}``."""
    not_designated: str
    """With ``{name}``, ``{relationship}``, ``{profile}`` and ``{designated}``."""
    file_name: str
    """With ``{name}``, ``{profile}``, ``{family}`` and ``{expected}``."""
    second_identical: str
    """With ``{other}``, ``{other_where}``, ``{name}``, ``{where}`` and ``{reason}``."""
    second_differs: str
    """With ``{other}``, ``{name}`` and ``{reason}``."""
    name_tree: str
    unreferenced: str
    missing: str
    """``{what} is missing (expected {expected})``."""
    value: str
    """``{what} is {actual}, expected {expected}``."""
    or_: str


_EN = PdfWords(
    took=MappingProxyType(
        {
            "xmp-named": "took {name}: the XMP metadata names it as DocumentFileName",
            "standard-name": "took {name}: a standard ZUGFeRD/Factur-X invoice file name{others}",
            "only-invoice": "took {name}: no file has a standard invoice name, and it is the "
            "only embedded XML that is an invoice",
        }
    ),
    others=" (of {count} files with such names)",
    no_profile="the guideline identifier (BT-24) {specification} names no ZUGFeRD/Factur-X "
    "profile, so the XMP Version and ConformanceLevel ({level}), the AFRelationship and the "
    "file name cannot be checked against it",
    encrypted="the PDF is encrypted; PDF/A-3 forbids encryption",
    active_content="the PDF holds active content, which PDF/A-3 forbids: {kinds}",
    action="{kind} actions",
    and_=" and ",
    not_pdfa3="the XMP metadata does not identify the PDF as PDF/A-3: ",
    no_conformance="the XMP metadata has no PDF/A conformance level: ",
    no_xmp="the PDF has no XMP metadata stream in its catalog",
    xmp_unreadable="the XMP metadata cannot be read: {problem}",
    xmp_namespace_other="the XMP metadata has the invoice properties in namespace {namespace}, "
    "which is not the ZUGFeRD/Factur-X extension schema namespaces (expected {expected})",
    xmp_namespace_none="the XMP metadata has the invoice properties in none of the "
    "ZUGFeRD/Factur-X extension schema namespaces (expected {expected})",
    xmp_family="the XMP metadata uses the {family} extension schema, but the XML is {profile}, "
    "which {family} does not have",
    file_not_named="the XMP metadata does not name the invoice file: ",
    version_for=" for {profile} in {family}",
    level_of=", the profile of the XML's guideline identifier (BT-24) {specification}",
    document_type="the XMP DocumentType",
    version="the XMP Version",
    conformance_level="the XMP ConformanceLevel",
    mime_type="the MIME type (/Subtype) of {name}",
    not_in_af="{name} is not referenced from the catalog's /AF array",
    no_relationship="the file specification of {name} has no AFRelationship",
    bad_relationship="{name} has AFRelationship {relationship}, not one of Data, Source or "
    "Alternative",
    not_designated="{name} has AFRelationship {relationship}; {profile} designates {designated}",
    file_name="the invoice file is named {name}; {profile} in {family} is embedded as {expected}",
    second_identical="the PDF embeds a second invoice file {other} ({other_where}), identical "
    "to {name} ({where}); {reason}",
    second_differs="the PDF embeds a second invoice file {other} that differs from {name}, so "
    "it is ambiguous which one is binding; {reason}; {other} was not validated",
    name_tree="name tree",
    unreferenced="unreferenced",
    missing="{what} is missing (expected {expected})",
    value="{what} is {actual}, expected {expected}",
    or_=" or ",
)

_DE = PdfWords(
    took=MappingProxyType(
        {
            "xmp-named": "{name} genommen: die XMP-Metadaten nennen sie als DocumentFileName",
            "standard-name": "{name} genommen: ein Standard-Dateiname für "
            "ZUGFeRD-/Factur-X-Rechnungen{others}",
            "only-invoice": "{name} genommen: keine Datei hat einen Standard-Dateinamen, und sie "
            "ist das einzige eingebettete XML, das eine Rechnung ist",
        }
    ),
    others=" (von {count} Dateien mit solchen Namen)",
    no_profile="die Spezifikationskennung (BT-24) {specification} nennt kein "
    "ZUGFeRD-/Factur-X-Profil, daher lassen sich XMP-Version und ConformanceLevel ({level}), "
    "AFRelationship und Dateiname nicht daran prüfen",
    encrypted="das PDF ist verschlüsselt; PDF/A-3 verbietet Verschlüsselung",
    active_content="das PDF enthält aktive Inhalte, die PDF/A-3 verbietet: {kinds}",
    action="{kind}-Aktionen",
    and_=" und ",
    not_pdfa3="die XMP-Metadaten weisen das PDF nicht als PDF/A-3 aus: ",
    no_conformance="die XMP-Metadaten haben keine PDF/A-Konformitätsstufe: ",
    no_xmp="das PDF hat im Katalog keinen XMP-Metadatenstrom",
    xmp_unreadable="die XMP-Metadaten sind nicht lesbar: {problem}",
    xmp_namespace_other="die XMP-Metadaten haben die Rechnungseigenschaften im Namensraum "
    "{namespace}, der keiner der ZUGFeRD-/Factur-X-Erweiterungsschema-Namensräume ist "
    "(erwartet {expected})",
    xmp_namespace_none="die XMP-Metadaten haben die Rechnungseigenschaften in keinem der "
    "ZUGFeRD-/Factur-X-Erweiterungsschema-Namensräume (erwartet {expected})",
    xmp_family="die XMP-Metadaten verwenden das Erweiterungsschema von {family}, aber das XML "
    "ist {profile}, das es in {family} nicht gibt",
    file_not_named="die XMP-Metadaten nennen die Rechnungsdatei nicht: ",
    version_for=" für {profile} in {family}",
    level_of=", das Profil der Spezifikationskennung (BT-24) {specification} des XML",
    document_type="der XMP-DocumentType",
    version="die XMP-Version",
    conformance_level="der XMP-ConformanceLevel",
    mime_type="der MIME-Typ (/Subtype) von {name}",
    not_in_af="{name} ist im /AF-Array des Katalogs nicht verzeichnet",
    no_relationship="die Dateispezifikation von {name} hat keine AFRelationship",
    bad_relationship="{name} hat AFRelationship {relationship}, keine von Data, Source oder "
    "Alternative",
    not_designated="{name} hat AFRelationship {relationship}; {profile} sieht {designated} vor",
    file_name="die Rechnungsdatei heißt {name}; {profile} in {family} wird als {expected} "
    "eingebettet",
    second_identical="das PDF enthält eine zweite Rechnungsdatei {other} ({other_where}), "
    "identisch mit {name} ({where}); {reason}",
    second_differs="das PDF enthält eine zweite Rechnungsdatei {other}, die von {name} abweicht; "
    "damit ist unklar, welche gilt; {reason}; {other} wurde nicht geprüft",
    name_tree="Namensbaum",
    unreferenced="nicht verzeichnet",
    missing="{what} fehlt (erwartet {expected})",
    value="{what} ist {actual}, erwartet {expected}",
    or_=" oder ",
)

PDF_WORDS: Mapping[Language, PdfWords] = MappingProxyType({Language.EN: _EN, Language.DE: _DE})
"""The PDF side's words by language."""


def took(words: PdfWords, choice: str, name: str, named: int) -> str:
    """The sentence saying which file was taken as the invoice and why; ``named`` is how many
    embedded files have a standard invoice name."""
    others = words.others.format(count=named) if named > 1 else ""
    return words.took[choice].format(name=name, others=others)
