"""Why a document fits no scenario, or not the one it was given, in words a supplier can act on.

Scenario selection (``rulepacks/scenarios.py``) only says whether one scenario matched; this
module turns "none", "several" or "a forced scenario of another syntax" into one sentence: the
finding of a rejected document (KoSIT's noScenarioMatched), or the error of a document that
does not fit the scenario a caller forced. The pipeline decides when each applies.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from einvoice_cli.core.detect import SYNTAXES, Detection, syntax_spec
from einvoice_cli.core.findings import Finding, Severity, Source
from einvoice_cli.core.languages import Language
from einvoice_cli.rulepacks.scenarios import Scenario, Selection, SelectionOutcome
from einvoice_cli.validation.scenario_words import SCENARIO_WORDS, ScenarioWords

_EARLIER_XRECHNUNG = re.compile(
    r"#urn:(?:xoev-de:kosit:standard|xeinkauf\.de:kosit):xrechnung_(?P<release>[12]\.\d+)"
)
"""The specification ids of XRechnung 1.x and 2.x (``...:xrechnung_1.2``, ``..._2.3``)."""

_PARTS = re.compile(r"[:#]")
"""What separates the parts of a specification id: ``:`` inside a URN, ``#`` between the URNs
of a CIUS or extension chain (``urn:cen.eu:en16931:2017#compliant#urn:...``)."""

_SAME_WORD = {"conformant": "compliant"}
"""Words the standards use in the same place: a Factur-X EXTENDED id is ``#conformant#``, a
BASIC id ``#compliant#``; a misspelled id mixes them up as readily as the separators."""

_CLOSE = 0.9
"""How alike (difflib's ratio) a claimed id must be to an official one to be called a typo."""


def earlier_xrechnung(specification: str | None) -> str | None:
    """The release of an XRechnung before 3.0 that ``specification`` names, if it does."""
    match = _EARLIER_XRECHNUNG.search(specification or "")
    return match.group("release") if match else None


def _shape(identifier: str) -> tuple[str, ...]:
    """An id's words without its separators and ``urn`` prefixes, compared case-insensitively."""
    words = (part for part in _PARTS.split(identifier.casefold()) if part and part != "urn")
    return tuple(_SAME_WORD.get(word, word) for word in words)


def resembled_id(claimed: str, scenarios: Sequence[Scenario]) -> Scenario | None:
    """The scenario whose official specification id ``claimed`` resembles without being it:
    the same words with ``:`` where the official id has ``#`` (or ``compliant`` for
    ``conformant``), or a close spelling. ``None`` when it resembles none, or is one."""
    if any(claimed in s.specification_ids for s in scenarios):
        return None
    shape = _shape(claimed)
    for scenario in scenarios:
        if _shape(scenario.specification) == shape:
            return scenario
    by_id = {s.specification: s for s in scenarios}
    close = difflib.get_close_matches(claimed, list(by_id), n=1, cutoff=_CLOSE)
    return by_id[close[0]] if close else None


def _difference(claimed: str, official: str, words: ScenarioWords) -> str:
    """How a misspelled id differs from the official one, in a few words."""
    if "#" in official and "#" not in claimed:
        return words.colon_for_hash
    return words.spelled_differently


def no_scenario_finding(
    detection: Detection,
    selection: Selection,
    scenarios: Sequence[Scenario],
    lang: Language = Language.EN,
) -> Finding:
    """The finding of a document no scenario (or more than one) takes, worded in ``lang``;
    ``scenarios`` are the selectable ones."""
    words = SCENARIO_WORDS[lang]
    if selection.outcome is SelectionOutcome.AMBIGUOUS:
        names = ", ".join(s.name for s in selection.candidates)
        message = words.ambiguous.format(names=names)
        rule = "SCENARIO-AMBIGUOUS"
    elif detection.syntax is None:
        roots = ", ".join(spec.title for spec in SYNTAXES)
        message = words.not_an_invoice.format(root=detection.root or words.none, syntaxes=roots)
        rule = "SCENARIO-NOT-AN-INVOICE"
    elif release := earlier_xrechnung(detection.specification):
        message = words.outdated_xrechnung.format(
            release=release, specification=repr(detection.specification)
        )
        rule = "SCENARIO-OUTDATED-XRECHNUNG"
    elif detection.specification and (
        resembled := resembled_id(
            detection.specification, [s for s in scenarios if s.syntax is detection.syntax]
        )
    ):
        # A misspelled id is not taken for the profile it resembles (issue 13: a Factur-X id
        # with ':' for '#' was validated as EXTENDED); saying which id was meant is the help.
        claimed = detection.specification
        message = words.misspelled.format(
            claimed=repr(claimed),
            official=repr(resembled.specification),
            scenario=resembled.name,
            difference=_difference(claimed, resembled.specification, words),
        )
        rule = "SCENARIO-MISSPELLED-SPECIFICATION"
    else:
        known = sorted({s.specification for s in scenarios if s.syntax is detection.syntax})
        claimed = repr(detection.specification) if detection.specification else words.none
        message = words.unknown.format(claimed=claimed, syntax=detection.syntax.value)
        message += words.known_ids + ", ".join(known)
        rule = "SCENARIO-UNKNOWN-SPECIFICATION"
    return Finding(
        rule=rule,
        severity=Severity.ERROR,
        flag=None,
        source=Source.SCENARIO,
        location=None,
        message=message,
    )


def wrong_syntax(
    detection: Detection, scenario: Scenario, lang: Language = Language.EN
) -> str | None:
    """Why a document does not fit the scenario a caller forced on it: one sentence naming the
    document's syntax and the scenario's, in ``lang``; ``None`` when the syntaxes agree."""
    if detection.syntax is scenario.syntax:
        return None
    words = SCENARIO_WORDS[lang]
    wanted = f"{syntax_spec(scenario.syntax).title} ({scenario.syntax.value})"
    if detection.syntax is None:
        found = words.found_root.format(root=detection.root or words.none)
    else:
        title = syntax_spec(detection.syntax).title
        found = words.found_syntax.format(title=title, syntax=detection.syntax.value)
    return words.wrong_syntax.format(scenario=scenario.name, wanted=wanted, found=found)
