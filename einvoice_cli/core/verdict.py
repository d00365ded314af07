"""The verdict on a document, and KoSIT's accept rule.

KoSIT (``api/AcceptRecommendation.java``, the configuration's ``acceptMatch``): a document is
rejected when no scenario matched or when any message that counts has level error after the
customLevel overrides; otherwise it is accepted. A document that could not be processed at all
(unreadable, not XML) is neither: its verdict is ``error``.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from einvoice_cli.core.findings import Finding, Severity


class Verdict(StrEnum):
    """The closed set of verdicts; ``.value`` is the JSON spelling."""

    ACCEPT = "accept"
    REJECT = "reject"
    ERROR = "error"


def compute_verdict(findings: Iterable[Finding], *, scenario_matched: bool) -> Verdict:
    """Accept unless no scenario matched or a finding in the verdict has severity error."""
    if not scenario_matched:
        return Verdict.REJECT
    if any(f.in_verdict and f.severity is Severity.ERROR for f in findings):
        return Verdict.REJECT
    return Verdict.ACCEPT
