"""The words of the text report and of the command line's stderr lines, in English and German.

The HTML report's words are ``catalogue.py``'s; these are the short ones a terminal shows:
verdict labels, severity headings, the labels of a finding's values and place, the summary
line, the progress bar and the summary tables. Each language is one :class:`TerminalWords`
value, so a word missing in one language is a type error. Rule messages are never translated.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from einvoice_cli.core.findings import Severity
from einvoice_cli.core.results import Summary
from einvoice_cli.core.verdict import Verdict
from einvoice_cli.errors import ErrorKind


@dataclass(frozen=True, slots=True)
class TerminalWords:
    """The text report's and the command line's words in one language."""

    verdict: Mapping[Verdict, str]
    """The label at the start of a document's line (padded to one width)."""
    severity_group: Mapping[Severity, str]
    scenario: str
    profile: str
    invoice: str
    no_scenario: str
    schematron_skipped: str
    outside_verdict: str
    at: str
    line: str
    missing: str
    """Before the place where a missing element belongs."""
    expected: str
    hint: str
    regex_hidden: str
    """Replaces a regular expression in a rule message unless ``--verbose``."""
    error_kinds: Mapping[ErrorKind, str]
    """What each kind of failure is, said before the one-line reason (which quotes the library
    that failed, as rule messages are quoted); empty where the reason's own words are these."""
    error: str
    """The prefix of a one-line error on stderr."""
    document_one: str
    document_many: str
    summary: str
    """``{documents} {noun}: {accepted} ... {rejected} ... {errors}``."""
    validating: str
    progress_counts: str
    progress_counts_short: str
    """The counts on a narrow terminal (under 100 columns), so the bar fits one line."""
    """Rich markup with ``{accepted}``, ``{rejected}``, ``{errors}`` fields of the task."""
    table_verdicts: str
    table_scenarios: str
    table_rules: str
    """With ``{top}``."""
    column_verdict: str
    column_documents: str
    column_scenario: str
    column_rule: str
    column_severity: str
    column_findings: str
    column_terms: str
    accepted: str
    rejected: str
    in_error: str
    with_warnings: str
    none: str
    interrupted: str
    terminated: str
    internal_error: str
    """With ``{detail}``: an exception no one expected, shown without ``--debug``."""
    version_configuration: str
    version_pack: str
    """``--version``: a rule pack, with ``{pack}`` and ``{state}``."""
    installed: str
    not_installed: str

    def summary_line(self, summary: Summary) -> str:
        """The one-line summary of a run."""
        noun = self.document_one if summary.documents == 1 else self.document_many
        return self.summary.format(
            documents=summary.documents,
            noun=noun,
            accepted=summary.accepted,
            rejected=summary.rejected,
            errors=summary.errors,
        )


EN = TerminalWords(
    verdict=MappingProxyType(
        {Verdict.ACCEPT: "ACCEPT", Verdict.REJECT: "REJECT", Verdict.ERROR: "ERROR "}
    ),
    severity_group=MappingProxyType(
        {
            Severity.ERROR: "errors",
            Severity.WARNING: "warnings",
            Severity.INFORMATION: "information",
        }
    ),
    scenario="scenario",
    profile="profile",
    invoice="invoice",
    no_scenario="no scenario",
    schematron_skipped="business rules not run: the XML Schema check failed (see --all-rules)",
    outside_verdict="outside the verdict: the XML Schema check failed",
    at="at",
    line="line",
    missing="missing, belongs at",
    expected="expected",
    hint="hint",
    regex_hidden="[regular expression: see --verbose]",
    error_kinds=MappingProxyType({}),
    error="error",
    document_one="document",
    document_many="documents",
    summary="{documents} {noun}: {accepted} accepted, {rejected} rejected, {errors} in error",
    validating="validating",
    progress_counts=(
        "[green]{task.fields[accepted]} accepted[/] · [red]{task.fields[rejected]} "
        "rejected[/] · [magenta]{task.fields[errors]} in error[/]"
    ),
    progress_counts_short=(
        "[green]{task.fields[accepted]} ok[/] [red]{task.fields[rejected]} rej[/] "
        "[magenta]{task.fields[errors]} err[/]"
    ),
    table_verdicts="Verdicts",
    table_scenarios="Scenarios",
    table_rules="Most frequent rules (top {top})",
    column_verdict="verdict",
    column_documents="documents",
    column_scenario="scenario",
    column_rule="rule",
    column_severity="severity",
    column_findings="findings",
    column_terms="business terms",
    accepted="accepted",
    rejected="rejected",
    in_error="in error",
    with_warnings="with warnings",
    none="(none)",
    interrupted="interrupted",
    terminated="terminated",
    internal_error="internal error ({detail}); rerun with --debug",
    version_configuration="configuration",
    version_pack="rule pack: {pack} ({state})",
    installed="installed",
    not_installed="not installed",
)

DE = TerminalWords(
    verdict=MappingProxyType(
        {Verdict.ACCEPT: "ANNEHMEN", Verdict.REJECT: "ABLEHNEN", Verdict.ERROR: "FEHLER  "}
    ),
    severity_group=MappingProxyType(
        {Severity.ERROR: "Fehler", Severity.WARNING: "Warnungen", Severity.INFORMATION: "Hinweise"}
    ),
    scenario="Szenario",
    profile="Profil",
    invoice="Rechnung",
    no_scenario="kein Szenario",
    schematron_skipped=(
        "Geschäftsregeln nicht geprüft: die Prüfung gegen das XML-Schema schlug fehl "
        "(siehe --all-rules)"
    ),
    outside_verdict="nicht Teil des Ergebnisses: die Prüfung gegen das XML-Schema schlug fehl",
    at="bei",
    line="Zeile",
    missing="fehlt, gehört nach",
    expected="erwartet",
    hint="Tipp",
    regex_hidden="[regulärer Ausdruck: siehe --verbose]",
    error_kinds=MappingProxyType(
        {
            ErrorKind.TOO_LARGE: "zu groß",
            ErrorKind.NOT_WELL_FORMED: "kein wohlgeformtes XML",
            ErrorKind.FORBIDDEN_DOCTYPE: "Dokumenttyp-Deklaration (DOCTYPE) nicht erlaubt",
            ErrorKind.ENCODING: "nicht in der angegebenen Zeichenkodierung",
            ErrorKind.EMPTY: "leer",
            ErrorKind.UNREADABLE: "nicht lesbar",
            ErrorKind.NOT_A_PDF: "kein PDF",
            ErrorKind.BROKEN_PDF: "beschädigtes oder nicht lesbares PDF",
            ErrorKind.NO_INVOICE_IN_PDF: "keine Rechnung im PDF",
            ErrorKind.ENCRYPTED_PDF: "verschlüsseltes PDF",
            ErrorKind.NOT_AN_INVOICE: "keine Rechnung",
            ErrorKind.RULES_UNAVAILABLE: "Regeln nicht verfügbar",
            ErrorKind.RULES_FAILED: "Regeln auf diesem Dokument gescheitert",
            ErrorKind.TIMEOUT: "Zeitlimit überschritten",
            ErrorKind.WORKER_CRASHED: "Prüfprozess abgestürzt",
            ErrorKind.INTERNAL: "interner Fehler",
        }
    ),
    error="Fehler",
    document_one="Dokument",
    document_many="Dokumente",
    summary=(
        "{documents} {noun}: {accepted} angenommen, {rejected} abgelehnt, {errors} nicht prüfbar"
    ),
    validating="prüfe",
    progress_counts=(
        "[green]{task.fields[accepted]} angenommen[/] · [red]{task.fields[rejected]} "
        "abgelehnt[/] · [magenta]{task.fields[errors]} nicht prüfbar[/]"
    ),
    progress_counts_short=(
        "[green]{task.fields[accepted]} ok[/] [red]{task.fields[rejected]} abg[/] "
        "[magenta]{task.fields[errors]} Fehl[/]"
    ),
    table_verdicts="Ergebnisse",
    table_scenarios="Szenarien",
    table_rules="Häufigste Regeln (die {top} häufigsten)",
    column_verdict="Ergebnis",
    column_documents="Dokumente",
    column_scenario="Szenario",
    column_rule="Regel",
    column_severity="Schweregrad",
    column_findings="Meldungen",
    column_terms="Geschäftsbegriffe",
    accepted="angenommen",
    rejected="abgelehnt",
    in_error="nicht prüfbar",
    with_warnings="mit Warnungen",
    none="(keins)",
    interrupted="abgebrochen",
    terminated="beendet",
    internal_error="interner Fehler ({detail}); mit --debug erneut ausführen",
    version_configuration="Konfiguration",
    version_pack="Regelpaket: {pack} ({state})",
    installed="installiert",
    not_installed="nicht installiert",
)

TERMINAL_WORDS: Mapping[str, TerminalWords] = MappingProxyType({"en": EN, "de": DE})
"""The words by language code (``--lang``)."""


def terminal_words(lang: str) -> TerminalWords:
    """The words for ``lang``; :class:`ValueError` for a language the tool does not speak."""
    try:
        return TERMINAL_WORDS[lang]
    except KeyError:
        known = ", ".join(TERMINAL_WORDS)
        raise ValueError(f"no language {lang!r} (known: {known})") from None
