"""Run the checks a user asked for on one document, after its official verdict is known.

Which check is which function is one table; the pipeline calls :func:`run_checks` and
appends what it returns to the document's findings, all outside the verdict.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from einvoice_cli.checks.document import CheckedDocument
from einvoice_cli.checks.portal import check_portal
from einvoice_cli.checks.routing import check_routing
from einvoice_cli.checks.settings import Check, CheckSettings
from einvoice_cli.core.findings import Finding


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


def run_checks(document: CheckedDocument, settings: CheckSettings) -> tuple[Finding, ...]:
    """The findings of every active check on ``document``, in the order of :class:`Check`."""
    active = settings.active
    return tuple(f for check in Check if check in active for f in CHECKS[check](document, settings))
