"""The words of the HTML report, in English and German (``--lang``).

Only the report's own words are here: headings, labels, verdict and severity names. Rule
messages are shown as the official rules word them, and business-term names come from
:mod:`einvoice_cli.model.names`. Each language is one :class:`Messages` value, so a word missing in
one language is a type error, not a blank in the report.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from einvoice_cli.core.findings import Severity
from einvoice_cli.core.languages import Language
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
    summary: str
    """A sentence with ``{documents}``, ``{accepted}``, ``{rejected}`` and ``{errors}``."""
    back_to_index: str
    report_of: str


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
    summary="{documents} documents: {accepted} accepted, {rejected} rejected, {errors} in error",
    back_to_index="Index",
    report_of="Report of",
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
    summary=(
        "{documents} Dokumente: {accepted} angenommen, {rejected} abgelehnt, {errors} nicht prüfbar"
    ),
    back_to_index="Verzeichnis",
    report_of="Bericht zu",
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
