"""The report of one conversion: what was lost, both verdicts, what was written.

``einvoice convert`` writes the converted document to stdout (or a file), so its report goes to
stderr, in one of two formats (:data:`CONVERSION_REPORTS`): ``text`` for people (a warning per
loss, naming the business term or element; the verdicts; the findings that make a document
rejected; one closing line) and ``json`` for scripts (one object; each validation has the shape
of an entry of ``documents`` in DESIGN.md's contract). A renderer only renders; what happened is
decided in ``conversion/convert.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TextIO

from einvoice_cli.conversion.convert import Conversion, Outcome
from einvoice_cli.core.contract import JsonValue, document_to_json, dumps, tool_info
from einvoice_cli.core.findings import Severity
from einvoice_cli.core.languages import Language
from einvoice_cli.core.locations import short_location
from einvoice_cli.core.printable import printable
from einvoice_cli.core.results import DocumentResult
from einvoice_cli.core.verdict import Verdict
from einvoice_cli.model import Loss
from einvoice_cli.report.messages import shown_message
from einvoice_cli.report.terminal_words import terminal_words
from einvoice_cli.report.text import finding_place

Renderer = Callable[[Conversion, str | None, TextIO, Language], None]
"""Renders a conversion and where its document was written (``None``: not written), in a
language (the text report's words; JSON has none)."""


@dataclass(frozen=True, slots=True)
class ConversionWords:
    """The text report's words in one language; loss messages and rule messages are quoted
    as the model and the official rules word them."""

    warning: str
    note: str
    input: str
    output: str
    verdict: Mapping[Verdict, str]
    no_scenario: str
    outcome: Mapping[Outcome, str]
    losses: str
    """With ``{count}`` and ``{terms}``."""
    loss_of_term: str
    """With ``{term}``, ``{location}`` and ``{message}``."""
    loss_of_element: str
    """With ``{location}`` and ``{message}``."""
    written_to: str
    nothing_written: str
    regex_hidden: str
    """Replaces a regular expression a rule message quotes (``--format json`` has it)."""


_EN = ConversionWords(
    warning="warning",
    note="note",
    input="input",
    output="output",
    verdict=MappingProxyType({v: v.value for v in Verdict}),
    no_scenario="no scenario",
    outcome=MappingProxyType(
        {
            Outcome.CONVERTED: "converted",
            Outcome.OUTPUT_REJECTED: "converted, but the output is rejected",
            Outcome.INPUT_REJECTED: "refused: the input is rejected (--force converts it anyway)",
            Outcome.LOSSES_REFUSED: "refused under --strict: not everything can be carried over",
        }
    ),
    losses="{count} not carried over{terms}",
    loss_of_term="{term} not carried over, at {location}: {message}",
    loss_of_element="{location} not carried over: {message}",
    written_to="written to {path}",
    nothing_written="nothing written",
    regex_hidden="[regular expression: see --format json]",
)

_DE = ConversionWords(
    warning="Warnung",
    note="Hinweis",
    input="Eingabe",
    output="Ausgabe",
    verdict=MappingProxyType(
        {Verdict.ACCEPT: "angenommen", Verdict.REJECT: "abgelehnt", Verdict.ERROR: "Fehler"}
    ),
    no_scenario="kein Szenario",
    outcome=MappingProxyType(
        {
            Outcome.CONVERTED: "umgewandelt",
            Outcome.OUTPUT_REJECTED: "umgewandelt, aber die Ausgabe ist abgelehnt",
            Outcome.INPUT_REJECTED: "verweigert: die Eingabe ist abgelehnt (--force wandelt sie "
            "trotzdem um)",
            Outcome.LOSSES_REFUSED: "verweigert wegen --strict: nicht alles kann übernommen werden",
        }
    ),
    losses="{count} nicht übernommen{terms}",
    loss_of_term="{term} nicht übernommen, bei {location}: {message}",
    loss_of_element="{location} nicht übernommen: {message}",
    written_to="geschrieben nach {path}",
    nothing_written="nichts geschrieben",
    regex_hidden="[regulärer Ausdruck: siehe --format json]",
)

CONVERSION_WORDS: Mapping[Language, ConversionWords] = MappingProxyType(
    {Language.EN: _EN, Language.DE: _DE}
)
"""The text report's words by language."""


def render_text(
    conversion: Conversion, written_to: str | None, stream: TextIO, lang: Language
) -> None:
    """Warnings, notes, verdicts and a closing line, for people."""
    words = CONVERSION_WORDS[lang]
    for loss in conversion.losses:
        stream.write(f"{words.warning}: {printable(_loss_text(loss, words))}\n")
    for note in conversion.notes:
        stream.write(f"{words.note}: {printable(note)}\n")
    _verdict(stream, words.input, conversion.input, lang)
    if conversion.output is not None:
        _verdict(stream, words.output, conversion.output, lang)
    known = conversion.source_syntax or conversion.input.syntax
    source = known.value if known else "?"
    target = conversion.target_syntax.value if conversion.target_syntax else conversion.target
    parts = [f"{conversion.name}: {source} -> {target}", words.outcome[conversion.outcome]]
    if conversion.losses:
        terms = sorted({loss.term for loss in conversion.losses if loss.term})
        named = f" ({', '.join(terms)})" if terms else ""
        parts.append(words.losses.format(count=len(conversion.losses), terms=named))
    parts.append(words.written_to.format(path=written_to) if written_to else words.nothing_written)
    stream.write(printable("; ".join(parts)) + "\n")


def _loss_text(loss: Loss, words: ConversionWords) -> str:
    if loss.term:
        return words.loss_of_term.format(
            term=loss.term, location=loss.location, message=loss.message
        )
    return words.loss_of_element.format(
        location=short_location(loss.location), message=loss.message
    )


def _verdict(stream: TextIO, label: str, result: DocumentResult, lang: Language) -> None:
    words = CONVERSION_WORDS[lang]
    scenario = result.scenario or words.no_scenario
    stream.write(f"{label}: {words.verdict[result.verdict]} ({scenario})\n")
    if result.verdict is Verdict.ACCEPT:
        return
    for finding in result.findings:
        if finding.severity is not Severity.ERROR or not finding.in_verdict:
            continue
        words_here = terminal_words(lang)
        place = finding_place(finding, words_here)
        detail = f" [{place}]" if place else ""
        # A quoted regular expression is left out as in the text report (JSON keeps it).
        message = shown_message(finding.message, verbose=False, hidden=words.regex_hidden)
        stream.write(printable(f"  {finding.rule}  {message}{detail}") + "\n")


def conversion_to_json(conversion: Conversion, written_to: str | None) -> dict[str, JsonValue]:
    """The ``conversion`` object of the JSON report."""
    return {
        "path": conversion.name,
        "target": conversion.target.value,
        "outcome": conversion.outcome.value,
        "source_syntax": conversion.source_syntax.value if conversion.source_syntax else None,
        "target_syntax": conversion.target_syntax.value if conversion.target_syntax else None,
        "specification": conversion.specification,
        "written_to": written_to,
        "losses": [
            {"location": loss.location, "term": loss.term, "message": loss.message}
            for loss in conversion.losses
        ],
        "notes": list(conversion.notes),
        "input": document_to_json(conversion.input),
        "output": document_to_json(conversion.output) if conversion.output else None,
    }


def render_json(
    conversion: Conversion, written_to: str | None, stream: TextIO, lang: Language
) -> None:
    """One JSON object: ``{"tool": ..., "conversion": ...}``."""
    report = {"tool": tool_info(), "conversion": conversion_to_json(conversion, written_to)}
    stream.write(dumps(report) + "\n")
    stream.flush()


CONVERSION_REPORTS: Mapping[str, Renderer] = MappingProxyType(
    {"text": render_text, "json": render_json}
)
"""Conversion report formats by the name ``--format`` takes."""
