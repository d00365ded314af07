"""The results the pipeline yields: one per document, and the summary of a run.

:class:`DocumentResult` mirrors one entry of ``documents`` in DESIGN.md's JSON contract; the
report formatters only render these values.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from einvoice_cli.core.detect import ProfileId, Syntax
from einvoice_cli.core.findings import Finding, Severity, Source
from einvoice_cli.core.verdict import Verdict
from einvoice_cli.errors import ErrorKind

if TYPE_CHECKING:
    from einvoice_cli.core.contract import JsonValue


class Container(StrEnum):
    """What carries the invoice; ``.value`` is the JSON spelling."""

    XML = "xml"
    PDF = "pdf"


@dataclass(frozen=True, slots=True)
class RulesUsed:
    """One validation step that ran, and the rules it used."""

    step: str
    """The step's name (the XML Schema's or the Schematron step's, as the configuration says)."""
    rules: str
    """The rule artifact, ``PACK@VERSION:ARTIFACT``."""


@dataclass(frozen=True, slots=True)
class Envelope:
    """The Peppol Standard Business Document Header (SBDH) a document arrived in."""

    sender: str | None
    """The sender's participant id, ``AUTHORITY::ID`` as the envelope gives it."""
    receiver: str | None
    """The receiver's participant id, ``AUTHORITY::ID``."""
    document_type: str | None = None
    """The Peppol document type identifier (business scope ``DOCUMENTID``)."""
    process: str | None = None
    """The Peppol process identifier (business scope ``PROCESSID``)."""
    instance: str | None = None
    """The envelope's instance identifier (``DocumentIdentification/InstanceIdentifier``)."""


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """Everything known about one document after validation."""

    path: str
    container: Container
    syntax: Syntax | None
    specification: str | None
    scenario: str | None
    verdict: Verdict
    findings: tuple[Finding, ...] = ()
    error: str | None = None
    """Why the document could not be validated (verdict ``error``), one line."""
    error_kind: ErrorKind | None = None
    """What kind of failure ``error`` is, for scripts: set for every verdict ``error``."""
    rules: tuple[RulesUsed, ...] = ()
    """The steps that ran, in order."""
    schematron_skipped: bool = False
    """True when the Schematron steps did not run because the XML Schema check failed
    (KoSIT ``SchematronValidationAction``) and ``--all-rules`` was not given."""
    profile: ProfileId | None = None
    """The ZUGFeRD/Factur-X profile the specification identifier names (``en16931``,
    ``basic-wl``, ``zugferd-1-comfort``, ...), ``None`` for other documents."""
    attachment: str | None = None
    """For a PDF: the name of the embedded file that was validated as the invoice."""
    attachment_choice: str | None = None
    """For a PDF: why that embedded file is the invoice (one sentence)."""
    envelope: Envelope | None = None
    """The SBDH the document was wrapped in; its payload is what was validated."""
    checks: tuple[str, ...] = ()
    """Our own checks that ran (``leitweg``, ``portal``, ``consistency``); their findings
    have source ``einvoice`` and are outside the verdict."""
    sha256: str | None = None
    """SHA-256 (hex) of the document's bytes as read (for a PDF, the PDF's); ``None`` when it
    could not be read."""
    invoice_xml: bytes | None = None
    """The invoice XML as validated (for a PDF, the embedded file); kept only when the
    validation options ask for the KoSIT report's input (``keep_report_input``)."""
    svrl: tuple[str, ...] = ()
    """The SVRL of each Schematron step that counts for the verdict, in step order; kept only
    with ``keep_report_input`` (empty when the steps did not run)."""

    @property
    def official_findings(self) -> tuple[Finding, ...]:
        """The findings of the official rules, XML Schema and PDF side (everything but our
        own checks)."""
        return tuple(f for f in self.findings if f.source is not Source.EINVOICE)

    @property
    def check_findings(self) -> tuple[Finding, ...]:
        """The findings of our own checks (source ``einvoice``); never part of the verdict."""
        return tuple(f for f in self.findings if f.source is Source.EINVOICE)

    def to_json(self) -> dict[str, JsonValue]:
        """This document as one entry of ``documents`` in the JSON contract (DESIGN.md)."""
        from einvoice_cli.core.contract import document_to_json  # contract imports this module

        return document_to_json(self)


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts over a run."""

    documents: int = 0
    accepted: int = 0
    rejected: int = 0
    errors: int = 0
    with_warnings: int = 0
    """Documents with at least one finding of severity warning that counts for the verdict
    (``--fail-on warning``)."""
    with_check_findings: int = 0
    """Documents with a finding of our own checks (source ``einvoice``) of severity error or
    warning (``--strict-checks``)."""

    def add(self, result: DocumentResult) -> Summary:
        """The summary with one more document counted."""
        return Summary(
            documents=self.documents + 1,
            accepted=self.accepted + (result.verdict is Verdict.ACCEPT),
            rejected=self.rejected + (result.verdict is Verdict.REJECT),
            errors=self.errors + (result.verdict is Verdict.ERROR),
            with_warnings=self.with_warnings
            + any(f.in_verdict and f.severity is Severity.WARNING for f in result.findings),
            with_check_findings=self.with_check_findings
            + any(
                f.source is Source.EINVOICE and f.severity is not Severity.INFORMATION
                for f in result.findings
            ),
        )


def summarize(results: Iterable[DocumentResult]) -> Summary:
    """Count the verdicts of a run."""
    summary = Summary()
    for result in results:
        summary = summary.add(result)
    return summary
