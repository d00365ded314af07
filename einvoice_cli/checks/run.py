"""Run the checks a user asked for on one document, after its official verdict is known.

Which check is which function is one table; the pipeline calls :func:`run_checks` and
appends what it returns to the document's findings, all outside the verdict.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from einvoice_cli.checks.document import CheckedDocument
from einvoice_cli.checks.findings import check_finding
from einvoice_cli.checks.portal import check_portal
from einvoice_cli.checks.routing import check_routing
from einvoice_cli.checks.settings import Check, CheckSettings
from einvoice_cli.checks.wording import Wording
from einvoice_cli.core.findings import Finding, Severity


def _portal(document: CheckedDocument, settings: CheckSettings) -> tuple[Finding, ...]:
    return check_portal(document, settings, settings.portal_limits())


def _consistency(document: CheckedDocument, settings: CheckSettings) -> tuple[Finding, ...]:
    # Imported on use: reading the pages of a PDF needs pypdf, which XML-only runs need not load.
    from einvoice_cli.checks.consistency import check_consistency

    return check_consistency(document, settings)


CHECKS: Mapping[Check, Callable[[CheckedDocument, CheckSettings], tuple[Finding, ...]]] = (
    MappingProxyType(
        {
            Check.LEITWEG: check_routing,
            Check.PORTAL: _portal,
            Check.CONSISTENCY: _consistency,
        }
    )
)
"""Each check and the function that runs it."""


RULE_FAILED = "EINV-CHECK-FAILED"

_FAILED = Wording(
    "our check '{check}' could not finish ({error}); the official verdict is not affected",
    "die eigene Prüfung '{check}' konnte nicht abgeschlossen werden ({error}); das offizielle "
    "Ergebnis ist davon nicht berührt",
)


def run_checks(
    document: CheckedDocument, settings: CheckSettings, *, debug: bool = False
) -> tuple[Finding, ...]:
    """The findings of every active check on ``document``, in the order of :class:`Check`.

    A check that fails on a document it cannot make sense of becomes one finding saying so
    (``debug`` lets the exception through instead).
    """
    findings: list[Finding] = []
    for check in Check:
        if check not in settings.active:
            continue
        try:
            findings.extend(CHECKS[check](document, settings))
        # Our checks must never turn a document with an official verdict into one in error
        # (DESIGN.md "Official vs our own"), so this boundary reports every failure as a
        # finding of its own instead of letting it reach the pipeline's per-document catch-all.
        except Exception as e:
            if debug:
                raise
            error = f"{type(e).__name__}: {e}"
            message = _FAILED.say(settings.lang, check=check.value, error=error)
            findings.append(check_finding(settings, RULE_FAILED, Severity.INFORMATION, message))
    return tuple(findings)
