"""How our own checks become findings: source ``einvoice``, outside the verdict.

The official verdict never depends on these findings (DESIGN.md "Official vs our own"); they
count toward the exit status only when the user opts in (``cli/status.py``).
"""

from __future__ import annotations

from einvoice_cli.checks.settings import CheckSettings
from einvoice_cli.core.findings import Finding, Severity, Source


def check_finding(
    settings: CheckSettings,
    rule: str,
    default: Severity,
    message: str,
    *,
    business_terms: tuple[str, ...] = (),
    location: str | None = None,
) -> Finding:
    """A finding of one of our checks, with its severity after the user's overrides."""
    return Finding(
        rule=rule,
        severity=settings.severity(rule, default),
        flag=None,
        source=Source.EINVOICE,
        location=location,
        message=message,
        business_terms=business_terms,
        in_verdict=False,
    )
