"""Fixed results for formatter tests: one of each verdict, with every kind of finding, and a
hostile one whose texts try to break out of the report's markup."""

from __future__ import annotations

import io
from collections.abc import Sequence

from einvoice_cli.core.detect import Syntax
from einvoice_cli.core.findings import Finding, Severity, Source
from einvoice_cli.core.languages import Language
from einvoice_cli.core.results import Container, DocumentResult, RulesUsed, Summary, summarize
from einvoice_cli.core.verdict import Verdict
from einvoice_cli.errors import ErrorKind
from einvoice_cli.report import FORMATTERS, ReportOptions

UBL = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
ROOT = f"/*:Invoice[namespace-uri()='{UBL}'][1]"
XRECHNUNG = "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"

RULES = (
    RulesUsed("XML Schema", "ubl@2.1:invoice-xsd"),
    RulesUsed("Schematron rules for EN16931 (UBL)", "cen-en16931@1.3.15:ubl-schematron"),
)

REJECTED = DocumentResult(
    path="in/a/rechnung.xml",
    container=Container.XML,
    syntax=Syntax.UBL_INVOICE,
    specification=XRECHNUNG,
    scenario="EN16931 XRechnung (UBL Invoice)",
    verdict=Verdict.REJECT,
    findings=(
        Finding(
            rule="BR-DE-15",
            severity=Severity.ERROR,
            flag="fatal",
            source=Source.XRECHNUNG,
            location=ROOT,
            message='[BR-DE-15] Das Element "Buyer reference" (BT-10) muss übermittelt werden.',
            business_terms=("BT-10",),
            line=2,
        ),
        Finding(
            rule="BR-DE-21",
            severity=Severity.WARNING,
            flag="warning",
            source=Source.XRECHNUNG,
            location=f"{ROOT}/*:AccountingSupplierParty[namespace-uri()='{CAC}'][1]",
            message="[BR-DE-21] Seller (BG-4) should name a contact.",
            business_terms=("BG-4",),
            line=None,
        ),
        Finding(
            rule="PEPPOL-EN16931-R002",
            severity=Severity.INFORMATION,
            flag="information",
            source=Source.PEPPOL,
            location=None,
            message="No more than one note is allowed on document level.",
            in_verdict=False,
        ),
    ),
    rules=RULES,
)

ACCEPTED = DocumentResult(
    path="in/b/rechnung.xml",
    container=Container.XML,
    syntax=Syntax.UBL_INVOICE,
    specification=XRECHNUNG,
    scenario="EN16931 XRechnung (UBL Invoice)",
    verdict=Verdict.ACCEPT,
    rules=RULES,
)

IN_ERROR = DocumentResult(
    path="scan.pdf",
    container=Container.PDF,
    syntax=None,
    specification=None,
    scenario=None,
    verdict=Verdict.ERROR,
    error="scan.pdf: the PDF has no embedded invoice",
    error_kind=ErrorKind.NO_INVOICE_IN_PDF,
)

RUN: tuple[DocumentResult, ...] = (REJECTED, ACCEPTED, IN_ERROR)

HOSTILE_TEXT = '<script>alert("x")</script> & <img src=x onerror=alert(1)> "quoted" \x07 end'

HOSTILE = DocumentResult(
    path='evil/<b>"x"</b>&.xml',
    container=Container.XML,
    syntax=Syntax.UBL_INVOICE,
    specification='<i>spec</i>"',
    scenario="<u>scenario</u>",
    verdict=Verdict.REJECT,
    findings=(
        Finding(
            rule="<rule>",
            severity=Severity.ERROR,
            flag="fatal",
            source=Source.EN16931,
            location=f"{ROOT}/*:Note[namespace-uri()='<x>\"'][1]",
            message=HOSTILE_TEXT,
            business_terms=("BT-22",),
            line=7,
        ),
    ),
)


def render(
    output_format: str, results: Sequence[DocumentResult], lang: str = "en"
) -> tuple[str, Summary]:
    """What a formatter writes for these results, as the CLI drives it."""
    stream = io.StringIO()
    formatter = FORMATTERS[output_format](stream, ReportOptions(lang=Language(lang)))
    formatter.begin()
    for result in results:
        formatter.document(result)
    summary = summarize(results)
    formatter.end(summary)
    return stream.getvalue(), summary
