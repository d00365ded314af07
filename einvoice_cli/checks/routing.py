"""BT-10 of an XRechnung to a German public buyer must be a Leitweg-ID.

XRechnung requires a buyer reference (BR-DE-15) but accepts any text in it; German public
buyers' platforms route by it and turn away an invoice whose BT-10 is not a valid Leitweg-ID.
The check applies to documents that claim XRechnung (their specification id names
``urn:xeinkauf.de:kosit:xrechnung``) whose buyer is in Germany (BT-55 ``DE``) or gives no
country; a missing BT-10 is the official rule's business, not ours.
"""

from __future__ import annotations

from einvoice_cli.checks.document import CheckedDocument
from einvoice_cli.checks.facts import term_text
from einvoice_cli.checks.findings import check_finding
from einvoice_cli.checks.leitweg import check_leitweg_id
from einvoice_cli.checks.settings import CheckSettings
from einvoice_cli.checks.wording import Wording
from einvoice_cli.core.findings import Finding, Severity

RULE = "EINV-LEITWEG"
XRECHNUNG_MARK = "urn:xeinkauf.de:kosit:xrechnung"

_INVALID = Wording(
    "BT-10 (Buyer reference) '{value}' is not a valid Leitweg-ID, by which German public "
    "buyers route invoices: {problems}",
    "BT-10 (Käuferreferenz) '{value}' ist keine gültige Leitweg-ID, nach der öffentliche "
    "Auftraggeber Rechnungen zustellen: {problems}",
)


def check_routing(document: CheckedDocument, settings: CheckSettings) -> tuple[Finding, ...]:
    """A finding when an XRechnung to a German buyer has a BT-10 that is no Leitweg-ID."""
    if XRECHNUNG_MARK not in (document.specification or ""):
        return ()
    buyer_reference = term_text(document.tree, "BT-10")
    if buyer_reference is None:
        return ()
    country = (term_text(document.tree, "BT-55") or "").upper()
    if country not in ("", "DE"):
        return ()
    result = check_leitweg_id(buyer_reference)
    if result.valid:
        return ()
    message = _INVALID.say(
        settings.lang, value=result.leitweg_id, problems=result.message(settings.lang)
    )
    return (check_finding(settings, RULE, Severity.WARNING, message, business_terms=("BT-10",)),)
