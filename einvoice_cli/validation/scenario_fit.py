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
from einvoice_cli.rulepacks.scenarios import Scenario, Selection, SelectionOutcome

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


def _difference(claimed: str, official: str) -> str:
    """How a misspelled id differs from the official one, in a few words."""
    if "#" in official and "#" not in claimed:
        return "it has ':' where the official id has '#'"
    return "it is spelled differently"


def no_scenario_finding(
    detection: Detection, selection: Selection, scenarios: Sequence[Scenario]
) -> Finding:
    """The finding of a document no scenario (or more than one) takes; ``scenarios`` are the
    selectable ones."""
    if selection.outcome is SelectionOutcome.AMBIGUOUS:
        names = ", ".join(s.name for s in selection.candidates)
        message = f"more than one scenario matches this document ({names}); none is chosen"
        rule = "SCENARIO-AMBIGUOUS"
    elif detection.syntax is None:
        roots = ", ".join(spec.title for spec in SYNTAXES)
        message = (
            f"the root element {detection.root or '(none)'} is not an invoice; "
            f"known syntaxes: {roots}"
        )
        rule = "SCENARIO-NOT-AN-INVOICE"
    elif release := earlier_xrechnung(detection.specification):
        message = (
            f"the document is an XRechnung {release} (specification id "
            f"{detection.specification!r}); this configuration validates XRechnung 3.0 only, "
            "the only release the federal invoice platforms accept since 1 February 2024"
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
        message = (
            f"the specification id {claimed!r} is not an official one; it resembles "
            f"{resembled.specification!r} (scenario '{resembled.name}'): "
            f"{_difference(claimed, resembled.specification)}"
        )
        rule = "SCENARIO-MISSPELLED-SPECIFICATION"
    else:
        known = sorted({s.specification for s in scenarios if s.syntax is detection.syntax})
        claimed = detection.specification or "(none)"
        message = (
            f"no scenario for specification id {claimed!r} ({detection.syntax.value}); "
            f"known specification ids: {', '.join(known)}"
        )
        rule = "SCENARIO-UNKNOWN-SPECIFICATION"
    return Finding(
        rule=rule,
        severity=Severity.ERROR,
        flag=None,
        source=Source.SCENARIO,
        location=None,
        message=message,
    )


def wrong_syntax(detection: Detection, scenario: Scenario) -> str | None:
    """Why a document does not fit the scenario a caller forced on it: one sentence naming the
    document's syntax and the scenario's; ``None`` when the syntaxes agree."""
    if detection.syntax is scenario.syntax:
        return None
    wanted = f"{syntax_spec(scenario.syntax).title} ({scenario.syntax.value})"
    if detection.syntax is None:
        found = f"its root element {detection.root or '(none)'} is no invoice syntax"
    else:
        found = f"it is {syntax_spec(detection.syntax).title} ({detection.syntax.value})"
    return (
        f"the document does not fit the scenario '{scenario.name}', which takes {wanted}: {found}"
    )
