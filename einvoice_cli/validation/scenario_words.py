"""The sentences of ``scenario_fit.py`` in English and German: why no scenario takes a
document, or why it does not fit the scenario a caller forced.

These are our findings' and errors' words, so they come in the language the caller chose
(``ValidationOptions.lang``); names stay as they are: scenario names, syntax titles, root
elements and specification ids.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from einvoice_cli.core.languages import Language


@dataclass(frozen=True, slots=True)
class ScenarioWords:
    """The sentences of one language; ``{...}`` are names and values."""

    ambiguous: str
    """With ``{names}``."""
    not_an_invoice: str
    """With ``{root}`` and ``{syntaxes}``."""
    none: str
    outdated_xrechnung: str
    """With ``{release}`` and ``{specification}``."""
    misspelled: str
    """With ``{claimed}``, ``{official}``, ``{scenario}`` and ``{difference}``."""
    colon_for_hash: str
    spelled_differently: str
    unknown: str
    """With ``{claimed}``, ``{syntax}`` and ``{known}`` (after :attr:`known_ids`)."""
    known_ids: str
    """Before the list of known ids, which a text report shows only with ``--verbose``."""
    wrong_syntax: str
    """With ``{scenario}``, ``{wanted}`` and ``{found}``."""
    found_root: str
    """With ``{root}``."""
    found_syntax: str
    """With ``{title}`` and ``{syntax}``."""
    fallback: str
    """A scenario validated with its fallback's rules, with ``{reason}`` and ``{scenario}``."""
    rules_failed: str
    """After the reason the business rules failed at run time, with ``--all-rules``."""


_EN = ScenarioWords(
    ambiguous="more than one scenario matches this document ({names}); none is chosen",
    not_an_invoice="the root element {root} is not an invoice; known syntaxes: {syntaxes}",
    none="(none)",
    outdated_xrechnung="the document is an XRechnung {release} (specification id "
    "{specification}); this configuration validates XRechnung 3.0 only, the only release the "
    "federal invoice platforms accept since 1 February 2024",
    misspelled="the specification id {claimed} is not an official one; it resembles "
    "{official} (scenario '{scenario}'): {difference}",
    colon_for_hash="it has ':' where the official id has '#'",
    spelled_differently="it is spelled differently",
    unknown="no scenario for specification id {claimed} ({syntax})",
    known_ids="; known specification ids: ",
    wrong_syntax="the document does not fit the scenario '{scenario}', which takes {wanted}: "
    "{found}",
    found_root="its root element {root} is no invoice syntax",
    found_syntax="it is {title} ({syntax})",
    fallback="{reason}; validated with '{scenario}' instead. Run `einvoice rules install` for "
    "the official configuration.",
    rules_failed=" (rules run although the XML Schema check failed)",
)

_DE = ScenarioWords(
    ambiguous="mehr als ein Szenario passt auf dieses Dokument ({names}); keines wird gewählt",
    not_an_invoice="das Wurzelelement {root} ist keine Rechnung; bekannte Syntaxen: {syntaxes}",
    none="(keine)",
    outdated_xrechnung="das Dokument ist eine XRechnung {release} (Spezifikationskennung "
    "{specification}); diese Konfiguration prüft nur XRechnung 3.0, die einzige Version, die "
    "die Rechnungseingangsplattformen des Bundes seit dem 1. Februar 2024 annehmen",
    misspelled="die Spezifikationskennung {claimed} ist keine offizielle; sie ähnelt "
    "{official} (Szenario '{scenario}'): {difference}",
    colon_for_hash="sie hat ':', wo die offizielle '#' hat",
    spelled_differently="sie ist anders geschrieben",
    unknown="kein Szenario für die Spezifikationskennung {claimed} ({syntax})",
    known_ids="; bekannte Spezifikationskennungen: ",
    wrong_syntax="das Dokument passt nicht zum Szenario '{scenario}', das {wanted} prüft: {found}",
    found_root="sein Wurzelelement {root} gehört zu keiner Rechnungssyntax",
    found_syntax="es ist {title} ({syntax})",
    fallback="{reason}; stattdessen mit '{scenario}' geprüft. `einvoice rules install` "
    "installiert die offizielle Konfiguration.",
    rules_failed=" (Regeln liefen, obwohl die XML-Schema-Prüfung fehlschlug)",
)

SCENARIO_WORDS: Mapping[Language, ScenarioWords] = MappingProxyType(
    {Language.EN: _EN, Language.DE: _DE}
)
"""The sentences by language."""
