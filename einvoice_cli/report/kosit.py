"""``--format kosit``: the KoSIT validator's report XML (``http://www.xoev.de/de/validator/varl/1``).

Built the way the KoSIT validator builds it (``impl/tasks/CreateReportAction.java``): the report
input of ``report/kosit_input.py`` is run through the configuration's own report stylesheet
(``xrechnung-report.xsl`` for the XRechnung scenarios, ``default-report.xsl`` for the others and
for documents no scenario took), with the invoice as the stylesheet's ``input-document``
parameter; for a document that could not be read, an ``error-message`` document in its place,
as KoSIT does. The stylesheets come from the ``kosit-report`` rule pack, installed like the
rules, and run on the process's Saxon processor; the verdict the report states is therefore the
stylesheet's, computed from the same messages as ours.

:func:`kosit_report` is the library entry point (the HTTP service calls it);
:class:`KositFormatter` prints the report of one document on stdout.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from lxml import etree

from einvoice_cli.core.results import DocumentResult, Summary
from einvoice_cli.core.verdict import Verdict
from einvoice_cli.errors import OutputError
from einvoice_cli.report.interface import Formatter
from einvoice_cli.report.kosit_input import REPORT_PACK, build_report_input
from einvoice_cli.rulepacks.scenarios import ArtifactRef
from einvoice_cli.xml.parser import DEFAULT_MAX_BYTES, ParseSettings, parse_xml

if TYPE_CHECKING:
    from einvoice_cli.validation.engine import RuleEngine

PDF_MAGIC = b"%PDF-"

INPUT_DOCUMENT_PARAMETER = "input-document"
"""The report stylesheets' parameter that takes the invoice (``default-report.xsl``)."""

SCENARIOS = ArtifactRef.parse(f"{REPORT_PACK}:scenarios")


def kosit_report(
    result: DocumentResult,
    document: bytes | None,
    engine: RuleEngine,
    *,
    timestamp: datetime | None = None,
) -> bytes:
    """The KoSIT report XML (UTF-8) of one validated document.

    ``document`` is the document as received (XML or PDF), hashed for the report's
    ``documentIdentification``; ``None`` takes the hash the result carries. The invoice the
    report shows is the one the result kept (validate with ``keep_report_input``), else
    ``document`` when it is XML. ``timestamp`` defaults to now.

    Raises :class:`~einvoice_cli.errors.RulePackError` or
    :class:`~einvoice_cli.errors.FetchError` when the report pack cannot be installed, and
    :class:`ValueError` when the result lacks what the report needs (the invoice XML, the SVRL
    of its Schematron steps).
    """
    if document is not None:
        digest = hashlib.sha256(document).digest()
    elif result.sha256 is not None:
        digest = bytes.fromhex(result.sha256)
    else:
        digest = hashlib.sha256(b"").digest()  # nothing could be read
    scenarios = etree.parse(str(engine.store.artifact_path(SCENARIOS)), _trusted_parser())
    report_input = build_report_input(
        result,
        digest,
        engine.store.catalog,
        scenarios,
        timestamp or datetime.now(UTC),
    )
    stylesheet = engine.stylesheet(report_input.layout)
    invoice = _input_document(result, document)
    saxon = engine.saxon
    text = stylesheet.transform(
        saxon.document(report_input.tree),
        {INPUT_DOCUMENT_PARAMETER: saxon.document(invoice)},
    )
    return text.encode("utf-8")


def _trusted_parser() -> etree.XMLParser:
    """For files of an installed, sha256-verified pack: still no network, DTD or entities."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def _input_document(result: DocumentResult, document: bytes | None) -> etree._ElementTree:
    """The invoice as the report stylesheet sees it, or KoSIT's ``error-message`` document for
    a document that could not be read (``CreateReportAction.createErrorInformation``)."""
    if result.verdict is Verdict.ERROR:
        element = etree.Element("error-message")
        element.text = result.error or ""
        return etree.ElementTree(element)
    xml = result.invoice_xml
    if xml is None and document is not None and not document.startswith(PDF_MAGIC):
        xml = document
    if xml is None:
        raise ValueError(
            f"{result.path}: the KoSIT report needs the invoice XML; "
            "validate with keep_report_input or pass the XML document"
        )
    # The invoice was read before under the caller's limits; it is not refused now.
    return parse_xml(xml, result.path, ParseSettings(max_bytes=max(len(xml), DEFAULT_MAX_BYTES)))


class KositFormatter(Formatter):
    """Prints the KoSIT report of the one document of a run.

    The report is one XML document per invoice, so a second document is refused; several go
    into a folder, one ``NAME-report.xml`` each (``report/files.py``).
    """

    needs_report_input = True

    def begin(self) -> None:
        """Nothing precedes the report."""
        self._reported = False

    def document(self, result: DocumentResult) -> None:
        """Write the report of the run's one document."""
        if self._reported:
            raise OutputError(
                "the KoSIT report holds one document; write the reports of several into a folder"
            )
        engine = self.options.engine
        if engine is None:
            raise ValueError("the KoSIT report needs the rule engine in the report options")
        self.stream.write(kosit_report(result, None, engine).decode("utf-8"))
        self._reported = True

    def end(self, summary: Summary) -> None:
        """Nothing follows the report."""
        self.stream.flush()


REPORT_XSD = ArtifactRef.parse(f"{REPORT_PACK}:report-xsd")
SCENARIOS_XSD = ArtifactRef.parse(f"{REPORT_PACK}:scenarios-xsd")
_XS = "http://www.w3.org/2001/XMLSchema"


def report_schema(engine: RuleEngine) -> etree.XMLSchema:
    """The configuration's ``report.xsd``, which a KoSIT report is valid against.

    ``report.xsd`` imports the scenarios namespace without saying where its schema is; a small
    schema imports both from the installed pack, as the validator's own class path does.
    """
    root = etree.Element(f"{{{_XS}}}schema", nsmap={"xs": _XS})
    for namespace, ref in (
        ("http://www.xoev.de/de/validator/framework/1/scenarios", SCENARIOS_XSD),
        ("http://www.xoev.de/de/validator/varl/1", REPORT_XSD),
    ):
        location = engine.store.artifact_path(ref).resolve().as_uri()
        etree.SubElement(root, f"{{{_XS}}}import", namespace=namespace, schemaLocation=location)
    return etree.XMLSchema(root)
