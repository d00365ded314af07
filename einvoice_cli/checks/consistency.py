"""Picture vs XML: does the visible part of a hybrid PDF show what its embedded XML says?

A ZUGFeRD/Factur-X PDF is two documents in one: the picture people read and the XML machines
book. When they disagree, the XML counts legally, yet the picture is what was approved. This
check extracts the text of the visible pages (pypdf) and looks for the key facts of the XML
(``checks/facts.py``) in the forms German, English and French invoices print them
(``checks/picture.py``). A fact printed with a different value is a warning naming both
values and the page; a fact the picture does not show is information; a PDF whose pages carry
no text (a scan) is said to be one.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from lxml import etree

from einvoice_cli.checks.document import CheckedDocument
from einvoice_cli.checks.facts import FACTS, FactKind, FactValue, XmlFact, invoice_facts
from einvoice_cli.checks.findings import check_finding
from einvoice_cli.checks.picture import LABELS, contains_form, parse_printed, printed_forms
from einvoice_cli.checks.settings import CheckSettings
from einvoice_cli.checks.wording import Wording
from einvoice_cli.core.findings import Finding, Severity
from einvoice_cli.core.results import Container
from einvoice_cli.errors import InputError
from einvoice_cli.hybrid.pdf.reading import OpenPdf
from einvoice_cli.hybrid.settings import PdfSettings
from einvoice_cli.model.names import term_name


class FactStatus(StrEnum):
    """What the picture says about one fact; ``.value`` is the spelling in reports."""

    FOUND = "found"
    NOT_FOUND = "not found"
    MISMATCH = "mismatch"
    NOT_IN_XML = "not in XML"


@dataclass(frozen=True, slots=True)
class FactComparison:
    """One fact, in the XML and on the pages."""

    term: str
    status: FactStatus
    xml: str | None
    """The value as the XML writes it; ``None`` when the XML has none."""
    printed: str | None = None
    """For a mismatch: the value the picture shows instead."""
    page: int | None = None
    """1-based page where the fact (or the different value) was found."""


@dataclass(frozen=True, slots=True)
class PictureComparison:
    """The comparison of a PDF's pages with its XML."""

    pages: int
    has_text: bool
    """False when no page carries extractable text (a scanned PDF)."""
    facts: tuple[FactComparison, ...]


def normalized(text: str) -> str:
    """Page text for matching: compatibility forms folded (no-break and thin spaces become
    spaces), the typographic apostrophe of Swiss amounts a plain one, and every run of
    whitespace one space."""
    folded = unicodedata.normalize("NFKC", text).replace("\u2019", "'")
    return " ".join(folded.split())


def compare_picture(page_texts: tuple[str, ...], tree: etree._ElementTree) -> PictureComparison:
    """Compare the text of the pages with the facts of the invoice XML."""
    pages = tuple(normalized(t) for t in page_texts)
    has_text = any(pages)
    facts = invoice_facts(tree)
    compared = tuple(
        _compare(spec.term, spec.kind, fact, pages) if has_text else
        FactComparison(spec.term, FactStatus.NOT_FOUND if fact else FactStatus.NOT_IN_XML,
                       fact.text if fact else None)
        for spec, fact in zip(FACTS, facts, strict=True)
    )  # fmt: skip
    return PictureComparison(len(pages), has_text, compared)


def _compare(
    term: str, kind: FactKind, fact: XmlFact | None, pages: tuple[str, ...]
) -> FactComparison:
    if fact is None:
        return FactComparison(term, FactStatus.NOT_IN_XML, None)
    forms = printed_forms(kind, fact.value)
    for number, text in enumerate(pages, start=1):
        haystack = "".join(text.split()).upper() if kind is FactKind.COMPACT else text
        if any(contains_form(haystack, form, kind) for form in forms):
            return FactComparison(term, FactStatus.FOUND, fact.text, page=number)
    differing = [
        (number, match.group(1).strip())
        for number, text in enumerate(pages, start=1)
        for match in LABELS[term].finditer(text)
        if (shown := _shown(kind, match.group(1), fact.value)) is not None and shown != fact.value
    ]
    if differing:
        # Totals stand at the end of an invoice (a column headed "Gesamtbetrag" comes before
        # them); numbers and dates at its head.
        number, printed = differing[-1] if kind is FactKind.AMOUNT else differing[0]
        return FactComparison(term, FactStatus.MISMATCH, fact.text, printed, number)
    return FactComparison(term, FactStatus.NOT_FOUND, fact.text)


def _shown(kind: FactKind, printed: str, expected: FactValue) -> FactValue | None:
    value = parse_printed(kind, printed)
    # A label's value runs on into the next capitals; an ID is as long as the XML's.
    compact = kind is FactKind.COMPACT and isinstance(value, str) and isinstance(expected, str)
    if compact and str(value)[:2] == str(expected)[:2]:
        return str(value)[: len(str(expected))]
    return value


RULE_MISMATCH = "EINV-PICTURE-MISMATCH"
RULE_NOT_FOUND = "EINV-PICTURE-NOT-FOUND"
RULE_NO_TEXT = "EINV-PICTURE-NO-TEXT"
RULE_UNREADABLE = "EINV-PICTURE-UNREADABLE"
RULE_NO_FACTS = "EINV-PICTURE-NO-FACTS"

_MISMATCH = Wording(
    "{term} ({name}): the XML says '{xml}', but page {page} of the PDF shows '{printed}'",
    "{term} ({name}): das XML sagt '{xml}', Seite {page} des PDF zeigt aber '{printed}'",
)
_NOT_FOUND = Wording(
    "{term} ({name}) '{xml}' was not found on the visible pages of the PDF",
    "{term} ({name}) '{xml}' steht nicht auf den sichtbaren Seiten des PDF",
)
_NO_TEXT = Wording(
    "the {pages} visible page(s) of the PDF carry no text (a scanned image?); the picture "
    "was not compared with the XML",
    "die {pages} sichtbare(n) Seite(n) des PDF enthalten keinen Text (ein eingescanntes "
    "Bild?); Bild und XML wurden nicht verglichen",
)
_NO_FACTS = Wording(
    "none of the compared facts could be read from the embedded XML (root element {root}); "
    "the picture was not compared with it",
    "keiner der verglichenen Werte ist im eingebetteten XML lesbar (Wurzelelement {root}); "
    "Bild und XML wurden nicht verglichen",
)
_UNREADABLE = Wording(
    "the text of the visible pages cannot be read, so the picture was not compared with the "
    "XML: {error}",
    "der Text der sichtbaren Seiten ist nicht lesbar, Bild und XML wurden nicht verglichen: "
    "{error}",
)


def check_consistency(document: CheckedDocument, settings: CheckSettings) -> tuple[Finding, ...]:
    """The findings of comparing a hybrid PDF's pages with its XML (nothing for plain XML)."""
    if document.container is not Container.PDF:
        return ()
    lang = settings.lang
    try:
        texts = OpenPdf(document.data, document.name, PdfSettings()).page_texts()
    except InputError as e:
        message = _UNREADABLE.say(lang, error=str(e))
        return (check_finding(settings, RULE_UNREADABLE, Severity.INFORMATION, message),)
    comparison = compare_picture(texts, document.tree)
    if all(f.status is FactStatus.NOT_IN_XML for f in comparison.facts):
        message = _NO_FACTS.say(lang, root=document.tree.getroot().tag)
        return (check_finding(settings, RULE_NO_FACTS, Severity.INFORMATION, message),)
    if not comparison.has_text:
        message = _NO_TEXT.say(lang, pages=comparison.pages)
        return (check_finding(settings, RULE_NO_TEXT, Severity.INFORMATION, message),)
    return tuple(
        finding for fact in comparison.facts if (finding := _finding(fact, settings)) is not None
    )


def _finding(fact: FactComparison, settings: CheckSettings) -> Finding | None:
    name = term_name(fact.term, settings.lang) or fact.term
    terms = (fact.term,)
    match fact.status:
        case FactStatus.MISMATCH:
            message = _MISMATCH.say(
                settings.lang,
                term=fact.term,
                name=name,
                xml=fact.xml,
                printed=fact.printed,
                page=fact.page,
            )
            return check_finding(
                settings, RULE_MISMATCH, Severity.WARNING, message, business_terms=terms
            )
        case FactStatus.NOT_FOUND:
            message = _NOT_FOUND.say(settings.lang, term=fact.term, name=name, xml=fact.xml)
            return check_finding(
                settings, RULE_NOT_FOUND, Severity.INFORMATION, message, business_terms=terms
            )
        case FactStatus.FOUND | FactStatus.NOT_IN_XML:
            return None
