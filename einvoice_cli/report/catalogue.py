"""The words of the HTML report, in English and German (``--lang``).

Only the report's own words are here: headings, labels, verdict and severity names. Rule
messages are shown as the official rules word them, and business-term names come from
:mod:`einvoice_cli.model.names`. Each language is one :class:`Messages` value, so a word missing in
one language is a type error, not a blank in the report.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType

from einvoice_cli.core.findings import Severity
from einvoice_cli.core.languages import Language
from einvoice_cli.core.results import Container
from einvoice_cli.core.verdict import Verdict


@dataclass(frozen=True, slots=True)
class Messages:
    """The report's words in one language."""

    lang: str
    title: str
    tool: str
    documents: str
    index_label: str
    filter_label: str
    showing: str
    """A sentence with ``{shown}`` and ``{total}``, filled in by the filter script."""
    verdict: Mapping[Verdict, str]
    verdict_plural: Mapping[Verdict, str]
    severity_plural: Mapping[Severity, str]
    column_verdict: str
    column_document: str
    column_scenario: str
    column_rule: str
    column_terms: str
    column_message: str
    column_location: str
    column_line: str
    scenario: str
    no_scenario: str
    specification: str
    syntax: str
    container: str
    rules: str
    profile: str
    attachment: str
    why_attachment: str
    error: str
    no_findings: str
    schematron_skipped: str
    outside_verdict: str
    our_checks: str
    """Heading of the section of our own checks; ``{checks}`` names those that ran."""
    no_check_findings: str
    envelope: str
    """Label of the SBDH envelope fact; its value names sender and receiver."""
    envelope_parties: str
    """``{sender}`` and ``{receiver}`` of the SBDH envelope."""
    summary: str
    """A sentence with ``{documents}``, ``{accepted}``, ``{rejected}`` and ``{errors}``."""
    back_to_index: str
    report_of: str
    show_invoice: str
    """The link from a document's report to its rendering (``einvoice view``)."""
    no_rendering: str
    expected: str
    """Before the value an arithmetic rule expects."""
    missing: str
    """Before the place where a missing element belongs."""
    hint: str
    regex_hidden: str
    """Replaces a regular expression a rule message quotes (``--verbose`` shows it)."""
    overview: str
    verdicts_heading: str
    top_rules_heading: str
    """A heading with ``{count}``, the number of rules shown."""
    top_rules_note: str
    scenarios_heading: str
    containers_heading: str
    container_name: Mapping[Container, str]
    run_heading: str
    started: str
    duration: str
    rule_packs: str
    none: str
    no_scenario_short: str
    column_first: str
    search_label: str
    search_placeholder: str
    filter_rule: str
    """``{value}`` is the rule id."""
    filter_scenario: str
    filter_container: str
    clear_filter: str
    previous: str
    next: str
    page: str
    """``{page}`` of ``{pages}``."""
    sort_by: str
    """``{column}`` is the column's name."""
    no_matches: str
    needs_script: str
    download_csv: str
    packed_sections: str
    """Why later sections are not shown: ``{live}`` are, ``{packed}`` more are packed."""
    csv_columns: tuple[str, ...]
    """The CSV header: document, verdict, scenario, rule, severity, source, in_verdict,
    business_terms, message, location, line."""
    thousands: str
    """The digit group separator of the language's number format."""
    decimal: str
    months: tuple[str, ...]
    date: str
    """A date with ``{day}``, ``{month}`` (a name from :attr:`months`) and ``{year}``."""

    def number(self, value: float, digits: int = 0) -> str:
        """A number in the language's format: ``100,000.5`` (en), ``100.000,5`` (de)."""
        text = f"{value:,.{digits}f}"
        return text.translate({ord(","): self.thousands, ord("."): self.decimal})

    def moment(self, when: datetime) -> str:
        """A point in time in this computer's time zone, in the language's date format."""
        local = when.astimezone()
        day = self.date.format(day=local.day, month=self.months[local.month - 1], year=local.year)
        return f"{day}, {local:%H:%M:%S} {local.tzname() or ''}".rstrip()

    def span(self, seconds: float) -> str:
        """A duration such as ``4.2 s``, ``3 min 05 s`` or ``2 h 07 min``."""
        if seconds < 60:
            return f"{self.number(seconds, 1)} s"
        whole = round(seconds)
        if whole < 3600:
            return f"{whole // 60} min {whole % 60:02d} s"
        return f"{whole // 3600} h {whole % 3600 // 60:02d} min"


EN = Messages(
    lang="en",
    title="E-invoice validation report",
    tool="einvoice-cli",
    documents="Documents",
    index_label="Index of documents",
    filter_label="Show documents by verdict",
    showing="Showing {shown} of {total} documents",
    verdict=MappingProxyType(
        {Verdict.ACCEPT: "Accept", Verdict.REJECT: "Reject", Verdict.ERROR: "Error"}
    ),
    verdict_plural=MappingProxyType(
        {Verdict.ACCEPT: "Accepted", Verdict.REJECT: "Rejected", Verdict.ERROR: "In error"}
    ),
    severity_plural=MappingProxyType(
        {
            Severity.ERROR: "Errors",
            Severity.WARNING: "Warnings",
            Severity.INFORMATION: "Information",
        }
    ),
    column_verdict="Verdict",
    column_document="Document",
    column_scenario="Scenario",
    column_rule="Rule",
    column_terms="Business terms",
    column_message="Message",
    column_location="Location",
    column_line="Line",
    scenario="Scenario",
    no_scenario="No scenario matches this document",
    specification="Specification identifier",
    syntax="Syntax",
    container="Container",
    rules="Rules used",
    profile="Profile",
    attachment="Invoice in the PDF",
    why_attachment="Why this file",
    error="Why it could not be validated",
    no_findings="No findings.",
    schematron_skipped=(
        "The business rules did not run: the XML Schema check failed (as in the official "
        "validator; --all-rules runs them anyway)."
    ),
    outside_verdict="outside the verdict: the XML Schema check failed",
    our_checks="Our own checks ({checks}): not part of the official verdict",
    no_check_findings="Our checks found nothing.",
    envelope="Peppol SBDH envelope",
    envelope_parties="the document came wrapped: sender {sender}, receiver {receiver}",
    summary="{documents} documents: {accepted} accepted, {rejected} rejected, {errors} in error",
    back_to_index="Index",
    report_of="Report of",
    show_invoice="Show the invoice (fields named by findings highlighted)",
    no_rendering="The invoice cannot be shown",
    expected="expected",
    missing="missing, belongs at",
    hint="Hint",
    regex_hidden="[regular expression: see --verbose]",
    overview="Summary",
    verdicts_heading="Verdicts",
    top_rules_heading="Most frequent rules (top {count})",
    top_rules_note="Documents with an error or warning of the rule. Choose a rule or a scenario "
    "to list its documents.",
    scenarios_heading="Scenarios and profiles",
    containers_heading="Containers",
    container_name=MappingProxyType(
        {Container.XML: "XML file", Container.PDF: "PDF (ZUGFeRD/Factur-X)"}
    ),
    run_heading="This run",
    started="Started",
    duration="Duration",
    rule_packs="Rule packs",
    none="none",
    no_scenario_short="(no scenario)",
    column_first="First error",
    search_label="Search",
    search_placeholder="File name, rule, business term or message",
    filter_rule="Rule {value}",
    filter_scenario="Scenario: {value}",
    filter_container="Container: {value}",
    clear_filter="Remove this filter",
    previous="Previous",
    next="Next",
    page="Page {page} of {pages}",
    sort_by="Sort by {column}",
    no_matches="No document matches.",
    needs_script="The list of documents needs JavaScript; each document's report is below.",
    download_csv="Download all findings as CSV (for spreadsheets)",
    packed_sections="The reports of the first {live} documents are shown above; those of the "
    "{packed} others are stored compressed in this page and shown when chosen in the list.",
    csv_columns=(
        "document",
        "verdict",
        "scenario",
        "rule",
        "severity",
        "source",
        "in_verdict",
        "business_terms",
        "message",
        "location",
        "line",
    ),
    thousands=",",
    decimal=".",
    months=(
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    date="{day} {month} {year}",
)

DE = Messages(
    lang="de",
    title="Prüfbericht E-Rechnung",
    tool="einvoice-cli",
    documents="Dokumente",
    index_label="Verzeichnis der Dokumente",
    filter_label="Dokumente nach Ergebnis anzeigen",
    showing="{shown} von {total} Dokumenten angezeigt",
    verdict=MappingProxyType(
        {Verdict.ACCEPT: "Annehmen", Verdict.REJECT: "Ablehnen", Verdict.ERROR: "Fehler"}
    ),
    verdict_plural=MappingProxyType(
        {
            Verdict.ACCEPT: "Angenommen",
            Verdict.REJECT: "Abgelehnt",
            Verdict.ERROR: "Nicht prüfbar",
        }
    ),
    severity_plural=MappingProxyType(
        {
            Severity.ERROR: "Fehler",
            Severity.WARNING: "Warnungen",
            Severity.INFORMATION: "Hinweise",
        }
    ),
    column_verdict="Ergebnis",
    column_document="Dokument",
    column_scenario="Szenario",
    column_rule="Regel",
    column_terms="Geschäftsbegriffe",
    column_message="Meldung",
    column_location="Stelle",
    column_line="Zeile",
    scenario="Szenario",
    no_scenario="Kein Szenario passt zu diesem Dokument",
    specification="Spezifikationskennung",
    syntax="Syntax",
    container="Container",
    rules="Verwendete Regeln",
    profile="Profil",
    attachment="Rechnung im PDF",
    why_attachment="Warum diese Datei",
    error="Warum es nicht geprüft werden konnte",
    no_findings="Keine Meldungen.",
    schematron_skipped=(
        "Die Geschäftsregeln wurden nicht geprüft: die Prüfung gegen das XML-Schema schlug "
        "fehl (wie im offiziellen Prüfwerkzeug; --all-rules prüft sie trotzdem)."
    ),
    outside_verdict="nicht Teil des Ergebnisses: die Prüfung gegen das XML-Schema schlug fehl",
    our_checks="Eigene Prüfungen ({checks}): nicht Teil des offiziellen Ergebnisses",
    no_check_findings="Die eigenen Prüfungen haben nichts gefunden.",
    envelope="Peppol-SBDH-Umschlag",
    envelope_parties="das Dokument kam in einem Umschlag: Absender {sender}, Empfänger {receiver}",
    summary=(
        "{documents} Dokumente: {accepted} angenommen, {rejected} abgelehnt, {errors} nicht prüfbar"
    ),
    back_to_index="Verzeichnis",
    report_of="Bericht zu",
    show_invoice="Rechnung anzeigen (von Befunden genannte Felder hervorgehoben)",
    no_rendering="Die Rechnung kann nicht angezeigt werden",
    expected="erwartet",
    missing="fehlt, gehört nach",
    hint="Tipp",
    regex_hidden="[regulärer Ausdruck: siehe --verbose]",
    overview="Überblick",
    verdicts_heading="Ergebnisse",
    top_rules_heading="Häufigste Regeln (die {count} ersten)",
    top_rules_note="Dokumente mit einem Fehler oder einer Warnung der Regel. Eine Regel oder ein "
    "Szenario auswählen, um seine Dokumente aufzulisten.",
    scenarios_heading="Szenarien und Profile",
    containers_heading="Container",
    container_name=MappingProxyType(
        {Container.XML: "XML-Datei", Container.PDF: "PDF (ZUGFeRD/Factur-X)"}
    ),
    run_heading="Dieser Lauf",
    started="Begonnen",
    duration="Dauer",
    rule_packs="Regelpakete",
    none="keine",
    no_scenario_short="(kein Szenario)",
    column_first="Erster Fehler",
    search_label="Suchen",
    search_placeholder="Dateiname, Regel, Geschäftsbegriff oder Meldung",
    filter_rule="Regel {value}",
    filter_scenario="Szenario: {value}",
    filter_container="Container: {value}",
    clear_filter="Diesen Filter entfernen",
    previous="Zurück",
    next="Weiter",
    page="Seite {page} von {pages}",
    sort_by="Nach {column} sortieren",
    no_matches="Kein Dokument passt.",
    needs_script="Die Liste der Dokumente braucht JavaScript; der Bericht jedes Dokuments "
    "folgt unten.",
    download_csv="Alle Meldungen als CSV herunterladen (für Tabellenkalkulationen)",
    packed_sections="Oben stehen die Berichte der ersten {live} Dokumente; die der {packed} "
    "übrigen sind in dieser Seite komprimiert gespeichert und erscheinen, wenn sie in der Liste "
    "ausgewählt werden.",
    csv_columns=(
        "Dokument",
        "Ergebnis",
        "Szenario",
        "Regel",
        "Schweregrad",
        "Quelle",
        "Teil des Ergebnisses",
        "Geschäftsbegriffe",
        "Meldung",
        "Stelle",
        "Zeile",
    ),
    thousands=".",
    decimal=",",
    months=(
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ),
    date="{day}. {month} {year}",
)

CATALOGUE: Mapping[str, Messages] = MappingProxyType({"en": EN, "de": DE})
"""The report's words by language code (the keys are :data:`einvoice_cli.model.names.LANGUAGES`)."""


def messages(lang: str) -> Messages:
    """The words for ``lang``; :class:`ValueError` for a language the report does not speak."""
    try:
        return CATALOGUE[lang]
    except KeyError:
        known = ", ".join(CATALOGUE)
        raise ValueError(f"no report language {lang!r} (known: {known})") from None


def language_of_locale(name: str | None) -> Language:
    """The report language for a POSIX locale name (``de_DE.UTF-8`` -> ``de``); English for
    ``C``, ``POSIX``, an unset locale or a language the report does not speak.

    The CLI passes the first of ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` that is set, as
    POSIX orders them, for ``--lang``'s default.
    """
    language = (name or "").split(".", 1)[0].split("@", 1)[0].split("_", 1)[0].lower()
    return Language(language) if language in CATALOGUE else Language.EN
