"""Findings: what a rule or the XML Schema says about a document, and how severe it is.

Owns the mapping from a Schematron flag/role to a severity (KoSIT semantics, DESIGN.md
"Scenarios and the verdict") and the scenario's customLevel overrides. Producing findings is
left to ``validation/xsd.py`` and ``schematron/runtime/svrl.py``; the verdict is
``core/verdict.py``'s.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum

from einvoice_cli.core.languages import Language


class Severity(StrEnum):
    """The level of a finding; ``.value`` is the JSON spelling."""

    ERROR = "error"
    WARNING = "warning"
    INFORMATION = "information"


class Source(StrEnum):
    """Which step produced a finding; ``.value`` is the JSON spelling."""

    INPUT = "input"
    SCENARIO = "scenario"
    XSD = "xsd"
    EN16931 = "en16931"
    XRECHNUNG = "xrechnung"
    PEPPOL = "peppol"
    FACTURX = "facturx"
    PDF = "pdf"
    EINVOICE = "einvoice"
    """Our own checks beyond the official rules (Leitweg-ID, portal pre-flight, picture vs
    XML): rule ids ``EINV-...``, never in the verdict."""


# KoSIT maps the SVRL flag (or role, when there is no flag) to a level; anything it does not
# know is an error (DESIGN.md "Scenarios and the verdict"; KoSIT impl/tasks/CreateReportAction).
_FLAG_SEVERITY: Mapping[str, Severity] = {
    "fatal": Severity.ERROR,
    "error": Severity.ERROR,
    "warning": Severity.WARNING,
    "warn": Severity.WARNING,
    "information": Severity.INFORMATION,
    "info": Severity.INFORMATION,
}

_BUSINESS_TERM = re.compile(r"\b(B[TG]-(?:DEX-)?\d+)\b")


def severity_for_flag(flag: str | None) -> Severity:
    """Map a Schematron flag or role to a severity; unknown or missing values are errors."""
    if flag is None:
        return Severity.ERROR
    return _FLAG_SEVERITY.get(flag.strip().lower(), Severity.ERROR)


def business_terms_in(message: str) -> tuple[str, ...]:
    """The EN 16931 business terms and groups (BT-10, BG-4, BT-DEX-01) a message names, in order."""
    seen: dict[str, None] = {}
    for match in _BUSINESS_TERM.finditer(message):
        seen.setdefault(match.group(1), None)
    return tuple(seen)


@dataclass(frozen=True, slots=True)
class Place:
    """The element a finding is about (or where a missing one belongs), in the document."""

    path: str
    """A prefixed XPath: ``/ubl:Invoice/cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount``."""
    present: bool
    """False when the element is missing and ``path`` says where it belongs."""
    line: int | None
    """The element's line; for a missing one, the line of the element it belongs before (or of
    its parent)."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One message about a document, with what a supplier needs to act on it."""

    rule: str
    """The rule id (``BR-DE-15``), or for XML Schema findings the libxml2 error type."""
    severity: Severity
    """The level after the scenario's customLevel overrides."""
    flag: str | None
    """The flag (or role) the rule declares, as written; ``None`` where there is none (XSD)."""
    source: Source
    location: str | None
    """An XPath naming the node the finding is about, as the rule engine reports it."""
    message: str
    business_terms: tuple[str, ...] = ()
    line: int | None = None
    """Line in the document, where known (XSD findings; Schematron findings when resolvable)."""
    in_verdict: bool = True
    """False for findings that the official validator would not have produced (``--all-rules``
    runs Schematron although the XSD check failed); they never change the verdict."""
    values: tuple[tuple[str, str], ...] = ()
    """Each named business term present in the document and its value at the finding's context
    (several occurrences joined by ``; ``), in the order of ``business_terms``."""
    expected: tuple[tuple[str, str], ...] = ()
    """For an arithmetic rule (BR-CO-15, BR-S-08, ...): the term it checks and the value that
    would satisfy it, computed from the document."""
    place: Place | None = None
    """The element the finding is about where the official location is a containing element
    (such as the root); ``location`` keeps the official XPath."""


def apply_custom_levels(
    findings: Iterable[Finding], custom_levels: Mapping[str, Severity]
) -> tuple[Finding, ...]:
    """Replace the severity of findings whose rule id the scenario lists under customLevel."""
    out = []
    for finding in findings:
        level = custom_levels.get(finding.rule)
        out.append(finding if level is None else replace(finding, severity=level))
    return tuple(out)


OMITTED_RULE = "EINV-FINDINGS-OMITTED"
"""The rule id of the finding that says how many findings of a rule were left out."""

_OMITTED: Mapping[Language, tuple[str, str]] = {
    Language.EN: ("{more} more findings of {rule} are not listed ({limit} of {count} are)", ","),
    Language.DE: (
        "{more} weitere Meldungen von {rule} sind nicht aufgeführt ({limit} von {count} sind es)",
        ".",
    ),
}
"""The omitted finding's message by language, and the language's thousands separator."""


def cap_per_rule(
    findings: Iterable[Finding], limit: int, lang: Language = Language.EN
) -> tuple[Finding, ...]:
    """The first ``limit`` findings of each rule (all of them with ``limit`` 0), and for each
    rule that had more, one finding of our own saying how many more there were.

    An invoice whose 100,000 lines each break a rule would otherwise carry 100,000 copies of
    one message through every report (issue 13). Call it after the verdict is decided: the
    omitted findings still count for it. The counting finding is worded in ``lang``.
    """
    template, separator = _OMITTED[lang]

    def number(value: int) -> str:
        return f"{value:,}".replace(",", separator)

    if limit <= 0:
        return tuple(findings)
    kept: list[Finding] = []
    seen: dict[str, int] = {}
    first: dict[str, Finding] = {}
    for finding in findings:
        count = seen.get(finding.rule, 0) + 1
        seen[finding.rule] = count
        first.setdefault(finding.rule, finding)
        if count <= limit:
            kept.append(finding)
    for rule, count in seen.items():
        if count > limit:
            kept.append(
                Finding(
                    rule=OMITTED_RULE,
                    severity=Severity.INFORMATION,
                    flag=None,
                    source=Source.EINVOICE,
                    location=None,
                    message=template.format(
                        more=number(count - limit),
                        rule=rule,
                        limit=number(limit),
                        count=number(count),
                    ),
                    business_terms=first[rule].business_terms,
                    in_verdict=False,
                )
            )
    return tuple(kept)
