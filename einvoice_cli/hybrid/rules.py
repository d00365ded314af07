"""The PDF-side rules of ZUGFeRD/Factur-X as a table, and the finding a rule gives.

Each rule has a stable id, the severity the standard gives it and a summary for the README;
``hybrid/conformance.py`` decides when a rule fires and says why, citing the clause it rests on. A
finding of these rules has the source ``pdf`` and, as every finding, its severity from the rule's
row.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from einvoice_cli.core.findings import Finding, Severity, Source, business_terms_in


@dataclass(frozen=True, slots=True)
class PdfRule:
    """One PDF-side rule: its id, the severity the standard gives it, and what it checks."""

    id: str
    severity: Severity
    summary: str
    """What the rule demands, for the README."""


RULES: tuple[PdfRule, ...] = (
    PdfRule("PDF-A-01", Severity.ERROR, "XMP pdfaid:part is 3 (the PDF declares PDF/A-3)."),
    PdfRule("PDF-A-02", Severity.ERROR, "XMP pdfaid:conformance is A, B or U."),
    PdfRule("PDF-A-03", Severity.ERROR, "The PDF is not encrypted."),
    PdfRule(
        "PDF-A-04",
        Severity.WARNING,
        "The PDF runs no JavaScript and has no Launch actions (a warning: the official "
        "verdict does not look at the PDF's content).",
    ),
    PdfRule("PDF-XMP-01", Severity.ERROR, "The catalog has readable XMP metadata."),
    PdfRule(
        "PDF-XMP-02",
        Severity.ERROR,
        "The XMP has the invoice properties in a ZUGFeRD/Factur-X extension schema namespace.",
    ),
    PdfRule(
        "PDF-XMP-03",
        Severity.ERROR,
        "The XMP extension schema is of a generation of the standard that has the XML's profile.",
    ),
    PdfRule("PDF-XMP-04", Severity.ERROR, "XMP DocumentFileName is the name of the invoice file."),
    PdfRule("PDF-XMP-05", Severity.ERROR, "XMP DocumentType is INVOICE."),
    PdfRule(
        "PDF-XMP-06",
        Severity.ERROR,
        "XMP Version is the standard's (for XRECHNUNG: the XRechnung version of BT-24).",
    ),
    PdfRule("PDF-XMP-07", Severity.ERROR, "XMP ConformanceLevel names the XML's profile."),
    PdfRule("PDF-AF-01", Severity.ERROR, "The invoice file is referenced from the catalog's /AF."),
    PdfRule("PDF-AF-02", Severity.ERROR, "The invoice file specification has AFRelationship."),
    PdfRule("PDF-AF-03", Severity.ERROR, "AFRelationship is Data, Source or Alternative."),
    PdfRule(
        "PDF-AF-04",
        Severity.WARNING,
        "AFRelationship is the one the profile designates (Data for MINIMUM and BASIC WL, "
        "Alternative or Source above, Alternative for ZUGFeRD 1.0).",
    ),
    PdfRule("PDF-AF-05", Severity.ERROR, "The invoice file's MIME type is text/xml."),
    PdfRule(
        "PDF-INV-01",
        Severity.ERROR,
        "The invoice file has the standard's name (factur-x.xml, xrechnung.xml, "
        "zugferd-invoice.xml, ZUGFeRD-invoice.xml).",
    ),
    PdfRule(
        "PDF-INV-02",
        Severity.WARNING,
        "No second embedded invoice file, not even an identical one.",
    ),
    PdfRule("PDF-INV-03", Severity.ERROR, "No second embedded invoice file that differs."),
    PdfRule(
        "PDF-PRF-01",
        Severity.ERROR,
        "The guideline identifier (BT-24) names a ZUGFeRD/Factur-X profile.",
    ),
)

_BY_ID: Mapping[str, PdfRule] = MappingProxyType({rule.id: rule for rule in RULES})


def pdf_finding(rule_id: str, message: str, clause: str, location: str) -> Finding:
    """The finding of the rule ``rule_id``: ``message``, then the clause it rests on."""
    rule = _BY_ID[rule_id]
    return Finding(
        rule=rule.id,
        severity=rule.severity,
        flag=rule.severity.value,
        source=Source.PDF,
        location=location,
        message=f"{message} ({clause})",
        business_terms=business_terms_in(message),
    )
