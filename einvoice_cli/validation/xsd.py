"""The XML Schema step: a parsed document against the scenario's XSD, as findings.

Loading the schema is the engine's (once per process); this module only validates and turns
libxml2's messages into findings with source ``xsd``, rule = libxml2's error type, the line and
the path of the offending element.
"""

from __future__ import annotations

from lxml import etree

from einvoice_cli.core.findings import Finding, Severity, Source

_LEVELS = {
    etree.ErrorLevels.WARNING: Severity.WARNING,
    etree.ErrorLevels.ERROR: Severity.ERROR,
    etree.ErrorLevels.FATAL: Severity.ERROR,
}


def check_xsd(tree: etree._ElementTree, schema: etree.XMLSchema) -> tuple[Finding, ...]:
    """Validate a document; one finding per libxml2 message, in document order."""
    if schema.validate(tree):
        return ()
    findings = []
    for entry in schema.error_log:
        findings.append(
            Finding(
                rule=entry.type_name,
                severity=_LEVELS.get(entry.level, Severity.ERROR),
                flag=None,
                source=Source.XSD,
                location=entry.path or None,
                message=" ".join(entry.message.split()),
                line=entry.line or None,
            )
        )
    return tuple(findings)
