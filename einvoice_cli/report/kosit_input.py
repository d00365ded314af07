"""The KoSIT report input: what the KoSIT validator hands its report stylesheet, built from a
:class:`~einvoice_cli.core.results.DocumentResult`.

The document follows ``createReportInput.xsd`` of validator 1.6.3 and is filled as the
validator's check steps fill it (KoSIT ``impl/DefaultCheck.java`` and ``impl/tasks/``): engine
and timestamp, the document's SHA-256 and reference (``CreateDocumentIdentificationAction``),
the matched scenario as the configuration declares it (``ScenarioSelectionAction``; none when no
scenario matched), the well-formedness step (always present, with the parser's message when the
document could not be read: ``DocumentParseAction``), the XML Schema step with its messages
(``SchemaValidationAction``), and one Schematron step per rule set with the SVRL it wrote, only
when the XML Schema check passed (``SchematronValidationAction``). Running the report
stylesheet on it is ``report/kosit.py``'s job.

For scenarios of the official XRechnung configuration the scenario element is the official one
(``scenarios.xml`` of the configuration, its placeholders filled as DESIGN.md lists, without
its ``description``, whose build-time placeholders are unknown here); for the other
configurations it is written from the scenario's own declaration with the default report.
"""

from __future__ import annotations

import base64
import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType

from lxml import etree

from einvoice_cli.core.contract import tool_info
from einvoice_cli.core.findings import Finding, Severity, Source
from einvoice_cli.core.results import DocumentResult
from einvoice_cli.core.verdict import Verdict
from einvoice_cli.errors import RulePackError
from einvoice_cli.rulepacks.catalog import Catalog
from einvoice_cli.rulepacks.scenarios import ArtifactRef, Scenario

IN_NS = "http://www.xoev.de/de/validator/framework/1/createreportinput"
S_NS = "http://www.xoev.de/de/validator/framework/1/scenarios"
SVRL_NS = "http://purl.oclc.org/dsdl/svrl"
REP_NS = "http://www.xoev.de/de/validator/varl/1"

REPORT_PACK = "kosit-report@2026-01-31"
"""The rule pack with the report input schema, the report stylesheets and the scenarios."""

FRAMEWORK_VERSION = "1.0.2"
"""``framework_version`` of validator 1.6.3 (``src/main/resources/app-info.properties``)."""

HASH_ALGORITHM = "SHA-256"
"""The digest KoSIT's inputs use by default (``impl/input/AbstractInput.java``)."""

ACCEPT_MATCH = "/rep:report/rep:assessment[1]/rep:accept[1]"
"""The acceptMatch of every scenario of the XRechnung configuration."""

DEFAULT_LAYOUT = "default-report"
"""The report stylesheet of scenarios without one of their own, and of documents no scenario
took (the configuration's ``noScenarioReport``)."""


@dataclass(frozen=True, slots=True)
class OfficialConfiguration:
    """A configuration whose scenarios are copied from KoSIT's own ``scenarios.xml``."""

    layout: str
    """The artifact of :data:`REPORT_PACK` its scenarios' ``createReport`` names."""
    placeholders: Mapping[str, str]
    """Values of the release template's placeholders that the copied elements use."""


_XRECHNUNG_SPEC = "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"

OFFICIAL: Mapping[str, OfficialConfiguration] = MappingProxyType(
    {
        # DESIGN.md "Scenarios and the verdict"; XRechnung 3.0.2 as the configuration's title.
        "xrechnung-2026-01-31": OfficialConfiguration(
            layout="xrechnung-report",
            placeholders=MappingProxyType(
                {
                    "@xrechnung.spec.id@": _XRECHNUNG_SPEC,
                    "@xrechnung.extension.id@": _XRECHNUNG_SPEC
                    + "#conformant#urn:xeinkauf.de:kosit:extension:xrechnung_3.0",
                    "@xrechnung.cvd.id@": _XRECHNUNG_SPEC
                    + "#compliant#urn:xeinkauf.de:kosit:xrechnung:cvd_0.9",
                    "@xrechnung.version@": "3.0.2",
                }
            ),
        ),
    }
)
"""Configurations whose scenario elements are KoSIT's, by configuration id."""

_PLACEHOLDER = re.compile(r"@[a-z][a-z.]*@")

# SAX severities of XML Schema messages (createReportInput.xsd, XMLSyntaxErrorSeverity).
_SAX_SEVERITY: Mapping[Severity, str] = MappingProxyType(
    {
        Severity.ERROR: "SEVERITY_ERROR",
        Severity.WARNING: "SEVERITY_WARNING",
        Severity.INFORMATION: "SEVERITY_WARNING",
    }
)

PDF_STEP_NAME = "PDF checks of the hybrid invoice (einvoice-cli)"
"""The step that carries the PDF side's findings that count for the verdict of a hybrid PDF,
which the KoSIT validator (XML only) has no step for."""
PDF_STEP_LOCATION = "urn:einvoice-cli:pdf-checks"


@dataclass(frozen=True, slots=True)
class ReportInput:
    """What the report stylesheet runs on."""

    tree: etree._ElementTree
    """The ``createReportInput`` document."""
    layout: ArtifactRef
    """The report stylesheet to run."""


def _e(parent: etree._Element, ns: str, name: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, f"{{{ns}}}{name}")
    if text is not None:
        element.text = text
    return element


def build_report_input(
    result: DocumentResult,
    digest: bytes,
    catalog: Catalog,
    official_scenarios: etree._ElementTree,
    timestamp: datetime,
) -> ReportInput:
    """The report input of one validated document.

    ``digest`` is the SHA-256 of the document as received; ``official_scenarios`` the
    configuration's ``scenarios.xml``. Raises :class:`RulePackError` when the result names a
    scenario the rules do not declare, or :class:`ValueError` when it lacks the SVRL of a
    Schematron step that ran (validate with ``keep_report_input``).
    """
    root = etree.Element(
        f"{{{IN_NS}}}createReportInput",
        nsmap={"in": IN_NS, "s": S_NS, "svrl": SVRL_NS},
        frameworkVersion=FRAMEWORK_VERSION,
    )
    engine = _e(root, IN_NS, "engine")
    tool = tool_info()
    _e(engine, IN_NS, "name", f"{tool['name']} {tool['version']}")
    _e(root, IN_NS, "timestamp", timestamp.isoformat(timespec="milliseconds"))
    identification = _e(root, IN_NS, "documentIdentification")
    document_hash = _e(identification, IN_NS, "documentHash")
    _e(document_hash, IN_NS, "hashAlgorithm", HASH_ALGORITHM)
    _e(document_hash, IN_NS, "hashValue", base64.b64encode(digest).decode("ascii"))
    _e(identification, IN_NS, "documentReference", result.path)

    layout = ArtifactRef.parse(f"{REPORT_PACK}:{DEFAULT_LAYOUT}")
    scenario = catalog.scenario(result.scenario) if result.scenario is not None else None
    wellformedness = etree.Element(f"{{{IN_NS}}}validationResultsWellformedness")
    if result.verdict is Verdict.ERROR:
        # KoSIT DocumentParseAction: what could not be read is a fatal syntax error, and the
        # check stops with a processing error; no scenario is chosen.
        _syntax_error(wellformedness, result.error or "", "SEVERITY_FATAL_ERROR", None)
        root.append(wellformedness)
        processing = _e(root, IN_NS, "processingError")
        _e(processing, IN_NS, "error", result.error or "")
        return ReportInput(etree.ElementTree(root), layout)
    if scenario is None:
        root.append(wellformedness)
        return ReportInput(etree.ElementTree(root), layout)

    official = OFFICIAL.get(scenario.configuration)
    if official is not None:
        element = _official_scenario(scenario, official, official_scenarios)
        layout = ArtifactRef.parse(f"{REPORT_PACK}:{official.layout}")
    else:
        element = _declared_scenario(scenario, catalog, layout)
    root.append(element)
    root.append(wellformedness)

    xml_schema = _e(root, IN_NS, "validationResultsXmlSchema")
    for resource in element.iterfind(f"{{{S_NS}}}validateWithXmlSchema/{{{S_NS}}}resource"):
        xml_schema.append(copy.deepcopy(resource))
    for finding in result.findings:
        if finding.source is Source.XSD:
            _syntax_error(
                xml_schema, finding.message, _SAX_SEVERITY[finding.severity], finding.line
            )

    if result.svrl:
        resources = element.findall(f"{{{S_NS}}}validateWithSchematron/{{{S_NS}}}resource")
        if len(resources) != len(result.svrl):
            raise ValueError(
                f"{result.path}: {len(result.svrl)} SVRL outputs for {len(resources)} steps"
            )
        for resource, svrl in zip(resources, result.svrl, strict=True):
            _schematron_step(root, resource, etree.fromstring(svrl.encode("utf-8")))
    elif scenario.schematron and not result.schematron_skipped and _schema_valid(result):
        raise ValueError(
            f"{result.path}: the result carries no SVRL; validate with keep_report_input"
        )
    pdf = [f for f in result.findings if f.source is Source.PDF and f.in_verdict]
    if pdf:
        resource = _resource(PDF_STEP_NAME, PDF_STEP_LOCATION)
        _schematron_step(root, resource, _svrl_of(pdf))
    return ReportInput(etree.ElementTree(root), layout)


def _schema_valid(result: DocumentResult) -> bool:
    return not any(f.source is Source.XSD and f.severity is Severity.ERROR for f in result.findings)


def _syntax_error(parent: etree._Element, message: str, severity: str, line: int | None) -> None:
    error = _e(parent, IN_NS, "xmlSyntaxError")
    _e(error, IN_NS, "message", " ".join(message.split()))
    _e(error, IN_NS, "severityCode", severity)
    if line is not None:
        _e(error, IN_NS, "rowNumber", str(line))


def _schematron_step(root: etree._Element, resource: etree._Element, svrl: etree._Element) -> None:
    step = _e(root, IN_NS, "validationResultsSchematron")
    step.append(copy.deepcopy(resource))
    _e(step, IN_NS, "results").append(svrl)


def _svrl_of(findings: list[Finding]) -> etree._Element:
    """SVRL for findings that come from no Schematron (the PDF side of a hybrid invoice)."""
    output = etree.Element(f"{{{SVRL_NS}}}schematron-output", nsmap={"svrl": SVRL_NS})
    for finding in findings:
        failed = _e(output, SVRL_NS, "failed-assert")
        failed.set("id", finding.rule)
        # The severity as a flag the report stylesheet maps back to the same level.
        failed.set("flag", finding.severity.value)
        failed.set("location", finding.location or "/")
        _e(failed, SVRL_NS, "text", finding.message)
    return output


def _resource(name: str, location: str) -> etree._Element:
    resource = etree.Element(f"{{{S_NS}}}resource", nsmap={"s": S_NS})
    _e(resource, S_NS, "name", name)
    _e(resource, S_NS, "location", location)
    return resource


def _official_scenario(
    scenario: Scenario, official: OfficialConfiguration, scenarios: etree._ElementTree
) -> etree._Element:
    for candidate in scenarios.getroot().iterfind(f"{{{S_NS}}}scenario"):
        if (candidate.findtext(f"{{{S_NS}}}name") or "").strip() == scenario.name:
            element = copy.deepcopy(candidate)
            break
    else:
        raise RulePackError(f"the official scenarios.xml has no scenario {scenario.name!r}")
    for description in element.findall(f"{{{S_NS}}}description"):
        element.remove(description)
    for comment in element.xpath(".//comment()"):
        parent = comment.getparent()
        if parent is not None:
            parent.remove(comment)
    for node in element.iter():
        node.text = _filled(node.text, official)
        node.tail = _filled(node.tail, official)
    return element


def _filled(text: str | None, official: OfficialConfiguration) -> str | None:
    if text is None:
        return None
    for placeholder, value in official.placeholders.items():
        text = text.replace(placeholder, value)
    if left := _PLACEHOLDER.search(text):
        raise RulePackError(f"no value for the placeholder {left.group()} of scenarios.xml")
    return text


def _declared_scenario(scenario: Scenario, catalog: Catalog, layout: ArtifactRef) -> etree._Element:
    """A scenario element for a scenario of our own configurations, with the default report."""
    element = etree.Element(f"{{{S_NS}}}scenario", nsmap={"s": S_NS})
    _e(element, S_NS, "name", scenario.name)
    for prefix, uri in sorted({**scenario.namespaces, "rep": REP_NS}.items()):
        _e(element, S_NS, "namespace", uri).set("prefix", prefix)
    _e(element, S_NS, "match", scenario.match)
    schema = _e(element, S_NS, "validateWithXmlSchema")
    xsd = catalog.artifact(scenario.xsd)
    schema.append(_resource(f"XML Schema {scenario.xsd}", xsd.location))
    for step in scenario.schematron:
        rules = catalog.artifact(step.rules)
        _e(element, S_NS, "validateWithSchematron").append(_resource(step.name, rules.location))
    report = _e(element, S_NS, "createReport")
    report.append(_resource("Default report", catalog.artifact(layout).location))
    by_level: dict[Severity, list[str]] = {}
    for rule, level in scenario.custom_levels.items():
        by_level.setdefault(level, []).append(rule)
    for level, rules_at_level in by_level.items():
        _e(report, S_NS, "customLevel", " ".join(rules_at_level)).set("level", level.value)
    _e(element, S_NS, "acceptMatch", ACCEPT_MATCH)
    return element
