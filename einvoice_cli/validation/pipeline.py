"""The validation pipeline: inputs in, one :class:`DocumentResult` per document out.

This is the only module that knows the order of the stages and when one is skipped. It
follows the official validator's check (KoSIT ``impl/DefaultCheck.java``): parse, identify,
choose exactly one scenario, XML Schema, the scenario's Schematron steps in order, customLevel
overrides, acceptance. It prints nothing; callers render what it yields.
"""

from __future__ import annotations

import functools
import hashlib
import operator
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from lxml import etree

from einvoice_cli.checks.document import CheckedDocument
from einvoice_cli.checks.sbdh import is_sbdh, unwrap_sbdh
from einvoice_cli.checks.settings import Check, CheckSettings
from einvoice_cli.core.detect import detect
from einvoice_cli.core.findings import (
    Finding,
    Severity,
    Source,
    apply_custom_levels,
    cap_per_rule,
)
from einvoice_cli.core.languages import Language
from einvoice_cli.core.locations import LineIndex
from einvoice_cli.core.results import Container, DocumentResult, Envelope, RulesUsed
from einvoice_cli.core.verdict import Verdict, compute_verdict
from einvoice_cli.errors import (
    EinvoiceError,
    ErrorKind,
    FetchError,
    InputError,
    RuleExecutionError,
    RulePackError,
    ScenarioMismatch,
)
from einvoice_cli.evidence.enrich import with_evidence
from einvoice_cli.hybrid.profiles import RuleSource, profile_for
from einvoice_cli.hybrid.settings import PdfSettings
from einvoice_cli.rulepacks.scenarios import (
    Scenario,
    SelectionOutcome,
    find_scenario,
    select_scenario,
)
from einvoice_cli.schematron.runtime.run import run_schematron_step
from einvoice_cli.validation.engine import RuleEngine
from einvoice_cli.validation.inputs import Input
from einvoice_cli.validation.scenario_fit import no_scenario_finding, wrong_syntax
from einvoice_cli.validation.scenario_words import SCENARIO_WORDS
from einvoice_cli.validation.xsd import check_xsd
from einvoice_cli.xml.long_texts import ALL_TEXT, NO_TEXT
from einvoice_cli.xml.parser import ParseSettings, parse_xml

if TYPE_CHECKING:
    from einvoice_cli.hybrid.inspection import PdfInspection

PDF_MAGIC = b"%PDF-"
_PDF_HEADER_WINDOW = 1024
"""PDF readers accept the header anywhere in the first KiB (ISO 32000-1 Annex H); junk before
it (a mail gateway's) made a PDF "not well-formed XML" (issue 14)."""


def _is_pdf(data: bytes) -> bool:
    """Whether a document is a PDF: its header within the first KiB, before any ``<``."""
    head = data[:_PDF_HEADER_WINDOW]
    position = head.find(PDF_MAGIC)
    return position == 0 or (position > 0 and b"<" not in head[:position])


DEFAULT_MAX_FINDINGS_PER_RULE = 100


@dataclass(frozen=True, slots=True)
class ValidationOptions:
    """How documents are validated."""

    parse: ParseSettings = field(default_factory=ParseSettings)
    pdf: PdfSettings = field(default_factory=PdfSettings)
    scenario: str | None = None
    """Force this scenario (by name) instead of choosing one by the match expressions."""
    all_rules: bool = False
    """Run the Schematron steps even when the XML Schema check failed. Their findings are
    marked ``in_verdict=False``: the verdict stays the official one."""
    debug: bool = False
    """Let unexpected exceptions through instead of reporting them as a document error."""
    max_findings_per_rule: int = DEFAULT_MAX_FINDINGS_PER_RULE
    """Findings kept per rule and document (0: all); one finding of our own counts the rest."""
    shorten_texts: bool = True
    """Give Saxon only the start of long texts no stylesheet of the scenario may read
    (``xml/long_texts.py``); the findings are the same either way, which a corpus test proves.
    Off, Saxon gets every text whole."""
    keep_report_input: bool = False
    """Keep in each result what the KoSIT report is built from besides the findings: the
    invoice XML and the SVRL of each Schematron step (``report/kosit.py``)."""
    checks: CheckSettings = field(default_factory=CheckSettings)
    """Our own checks beyond the official rules; they run after the verdict and never
    change it."""
    lang: Language = Language.EN
    """The language of our own findings' messages (PDF side, scenario); official messages
    are quoted as published."""


def validate(
    inputs: Iterable[Input], engine: RuleEngine, options: ValidationOptions
) -> Iterator[DocumentResult]:
    """Validate each input in order and yield its result as soon as it is known.

    A problem with one document becomes that document's result (verdict ``error``), also
    when the rules of its scenario cannot be installed; problems with the run itself (an
    unknown forced scenario, rules that cannot be compiled) raise.
    """
    catalog = engine.store.catalog
    forced = find_scenario(catalog.scenarios, options.scenario) if options.scenario else None
    for item in inputs:
        yield validate_input(item, engine, options, forced)


@dataclass(frozen=True, slots=True)
class PreparedDocument:
    """A document read and parsed once: what validation and conversion both start from."""

    name: str
    container: Container
    xml: bytes
    """The invoice XML: the document itself, or the invoice a hybrid PDF embeds."""
    tree: etree._ElementTree
    """``xml`` parsed by the hardened parser."""
    inspection: PdfInspection | None = None
    """For a PDF: the embedded invoice, its profile and the PDF-side findings."""
    envelope: Envelope | None = None
    """The Peppol SBDH the invoice came in; ``xml`` and ``tree`` are then its payload."""
    submitted: bytes = b""
    """The bytes as submitted (the PDF, the envelope or the XML), for our own checks."""


def prepare_document(data: bytes, name: str, options: ValidationOptions) -> PreparedDocument:
    """Parse a document, or take a hybrid PDF's invoice out and parse that, exactly once.

    Raises :class:`~einvoice_cli.errors.InputError` (a subclass naming the kind) when there is
    nothing to validate.
    """
    if _is_pdf(data):
        # (Imported here: pypdf costs start-up time that XML-only runs need not pay.)
        from einvoice_cli.hybrid.inspection import inspect_pdf

        inspection = inspect_pdf(data, name, options.pdf, options.lang)
        return PreparedDocument(
            name, Container.PDF, inspection.xml, inspection.tree, inspection, submitted=data
        )
    tree = parse_xml(data, name, options.parse)
    if is_sbdh(tree):
        # A Peppol SBDH is an envelope, not part of the invoice: its payload is validated (and
        # converted) as if it had come alone (issue 16); the result records the envelope.
        payload, envelope = unwrap_sbdh(tree, name)
        xml = etree.tostring(payload, xml_declaration=True, encoding="UTF-8")
        return PreparedDocument(
            name, Container.XML, xml, payload, envelope=envelope, submitted=data
        )
    return PreparedDocument(name, Container.XML, data, tree, submitted=data)


def validate_input(
    item: Input, engine: RuleEngine, options: ValidationOptions, forced: Scenario | None
) -> DocumentResult:
    """Validate one input; never raises for a problem that concerns only this document."""
    return check_input(item, engine, options, forced)[0]


def check_input(
    item: Input, engine: RuleEngine, options: ValidationOptions, forced: Scenario | None
) -> tuple[DocumentResult, PreparedDocument | None]:
    """Validate one input, and give back the prepared document too (``None`` when it could not
    be read), so a caller such as the converter need not read or parse it again."""
    container = Container.PDF if item.data is not None and _is_pdf(item.data) else Container.XML
    digest: str | None = None
    try:
        data = item.read(max(options.parse.max_bytes, options.pdf.max_pdf_bytes))
        digest = hashlib.sha256(data).hexdigest()
        container = Container.PDF if _is_pdf(data) else Container.XML
        prepared = prepare_document(data, item.name, options)
        result = validate_prepared(prepared, engine, options, forced)
        return replace(result, sha256=digest), prepared
    except (InputError, RuleExecutionError) as e:
        return replace(_error(item.name, container, str(e), e.kind), sha256=digest), None
    except (RulePackError, FetchError) as e:
        # Rules this document needs cannot be installed here: an error of this document; the
        # batch goes on with documents of other scenarios (issue 13).
        return replace(_error(item.name, container, str(e), e.kind), sha256=digest), None
    except EinvoiceError:
        raise  # a problem of the run (rules that cannot be compiled): stop it
    except Exception as e:
        # Per-document catch-all (STYLE.md rule 8): the batch goes on, nothing is silenced.
        if options.debug:
            raise
        message = f"internal error ({type(e).__name__}: {e}); rerun with --debug"
        return _error(item.name, container, message, ErrorKind.INTERNAL), None


def validate_prepared(
    prepared: PreparedDocument,
    engine: RuleEngine,
    options: ValidationOptions,
    forced: Scenario | None,
) -> DocumentResult:
    """Validate a prepared document: its invoice XML, and for a PDF the PDF side too."""
    result = _validate_tree(
        prepared.name, prepared.container, prepared.tree, engine, options, forced
    )
    if prepared.envelope is not None:
        result = replace(result, envelope=prepared.envelope)
    if options.keep_report_input:
        result = replace(result, invoice_xml=prepared.xml)
    inspection = prepared.inspection
    if inspection is not None:
        result = _with_pdf_side(result, inspection)
    return _with_checks(result, prepared, options.checks, options.debug)


def _with_pdf_side(result: DocumentResult, inspection: PdfInspection) -> DocumentResult:
    # The invoice of a hybrid PDF is its embedded XML; the PDF side adds its findings.
    findings = (*inspection.findings, *result.findings)
    return replace(
        result,
        findings=findings,
        verdict=_verdict(result, findings),
        attachment=inspection.invoice.attachment.name,
        # The PDF side knows the profile of XML the detector does not (the 2013 release
        # candidate of ZUGFeRD has a root element of its own).
        profile=result.profile or (inspection.profile.id if inspection.profile else None),
        attachment_choice=inspection.invoice.reason,
    )


def _error(name: str, container: Container, message: str, kind: ErrorKind) -> DocumentResult:
    return DocumentResult(
        name, container, None, None, None, Verdict.ERROR, error=message, error_kind=kind
    )


def _with_checks(
    result: DocumentResult, prepared: PreparedDocument, settings: CheckSettings, debug: bool
) -> DocumentResult:
    """The result with the findings of our own checks added; the verdict stays the official
    one (DESIGN.md "Official vs our own"): every such finding is outside it."""
    active = settings.active
    if not active or result.scenario is None:
        return result
    # Imported on use: the checks read attachments through the semantic model, whose import
    # every validation without checks (and the start-up of every shell call) need not pay.
    from einvoice_cli.checks.run import run_checks

    document = CheckedDocument(
        result.path, prepared.tree, prepared.submitted, result.container, result.specification
    )
    findings = run_checks(document, settings, debug=debug)
    return replace(
        result,
        findings=(*result.findings, *findings),
        checks=tuple(check.value for check in Check if check in active),
    )


def _verdict(result: DocumentResult, findings: tuple[Finding, ...]) -> Verdict:
    return compute_verdict(findings, scenario_matched=result.scenario is not None)


def _ensure_rules(scenario: Scenario, engine: RuleEngine) -> None:
    """Install (or verify) the rule packs of a scenario; raise :class:`RulePackError` naming
    the scenario and the first pack that cannot be installed. The reason (a file's URL, an
    unreachable host) stays in the exception's cause, for ``--debug``: a report names what a
    person can act on, the pack (issue 13)."""
    for pack in engine.store.catalog.packs_for(scenario):
        try:
            engine.store.ensure(pack)
        except (RulePackError, FetchError) as e:
            raise RulePackError(
                f"the rules of scenario '{scenario.name}' are not available: rule pack "
                f"{pack.key} is not installed and cannot be installed here (neither downloaded "
                "nor found in a mirror)"
            ) from e


def _usable(
    scenario: Scenario, engine: RuleEngine, lang: Language
) -> tuple[Scenario, tuple[Finding, ...]]:
    """The scenario, or its fallback when its rule packs cannot be installed here."""
    try:
        _ensure_rules(scenario, engine)
        return scenario, ()
    except RulePackError as e:
        if scenario.fallback is None:
            raise
        fallback = engine.store.catalog.scenario(scenario.fallback)
        _ensure_rules(fallback, engine)
        note = Finding(
            rule="RULES-FALLBACK",
            severity=Severity.INFORMATION,
            flag=None,
            source=Source.SCENARIO,
            location=None,
            message=SCENARIO_WORDS[lang].fallback.format(reason=e, scenario=fallback.name),
        )
        return fallback, (note,)


def _rules_failed(error: RuleExecutionError, lang: Language) -> Finding:
    return Finding(
        rule="EINV-RULES-FAILED",
        severity=Severity.WARNING,
        flag=None,
        source=Source.EINVOICE,
        location=None,
        message=f"{error}{SCENARIO_WORDS[lang].rules_failed}",
        in_verdict=False,
    )


def _validate_tree(
    name: str,
    container: Container,
    tree: etree._ElementTree,
    engine: RuleEngine,
    options: ValidationOptions,
    forced: Scenario | None,
) -> DocumentResult:
    detection = detect(tree)
    profile = profile_for(detection.specification) if detection.specification else None
    if profile is not None and container is Container.XML and profile.rules is RuleSource.XRECHNUNG:
        profile = None  # a standalone XRechnung is an XRechnung, not a ZUGFeRD profile
    order = engine.store.catalog.selection_order(container)
    selection = select_scenario(tree, order, forced)
    scenario = selection.scenario
    if selection.outcome is SelectionOutcome.FORCED and scenario is not None:
        # A scenario forced on a document of another syntax would reject it for its XML
        # Schema's first element ("no matching global declaration"): a verdict on the choice
        # of scenario, not on the invoice. The document is in error instead (issue 13).
        mismatch = wrong_syntax(detection, scenario, options.lang)
        if mismatch is not None:
            raise ScenarioMismatch(mismatch)
    if scenario is None:
        # KoSIT: no (or no unique) scenario -> noScenarioMatched, assessment reject.
        finding = no_scenario_finding(
            detection, selection, engine.store.catalog.selectable, options.lang
        )
        return DocumentResult(
            name,
            container,
            detection.syntax,
            detection.specification,
            None,
            compute_verdict((finding,), scenario_matched=False),
            (finding,),
            profile=profile.id if profile else None,
        )
    scenario, notes = _usable(scenario, engine, options.lang)
    rules = [RulesUsed("XML Schema", str(scenario.xsd))]
    findings = [*notes, *check_xsd(tree, engine.schema(scenario.xsd))]
    schema_valid = not any(f.severity is Severity.ERROR for f in findings)
    # KoSIT's SchematronValidationAction does not run when the XML Schema check failed;
    # --all-rules runs it anyway, outside the verdict (DESIGN.md "Scenarios and the verdict").
    run_schematron_steps = schema_valid or options.all_rules
    svrl: list[str] = []
    if run_schematron_steps:
        stylesheets = [engine.stylesheet(step.rules) for step in scenario.schematron]
        # Marks of long texts (schematron/optimize/nonblank.py): when no stylesheet can see them and
        # one has use for them. Long texts no stylesheet may read are shortened
        # (xml/long_texts.py).
        marks = all(s.takes_marks for s in stylesheets) and any(s.reads_marks for s in stylesheets)
        reads = (
            functools.reduce(operator.or_, (s.reads for s in stylesheets), NO_TEXT)
            if options.shorten_texts
            else ALL_TEXT
        )
        document = engine.saxon.document(tree, marks=marks, reads=reads)
        for step, stylesheet in zip(scenario.schematron, stylesheets, strict=True):
            rules.append(RulesUsed(step.name, str(step.rules)))
            try:
                output, step_findings = run_schematron_step(
                    stylesheet,
                    document,
                    step.source,
                    in_verdict=schema_valid,
                    terms=engine.rule_terms(step.rules),
                )
            except RuleExecutionError as e:
                if schema_valid:
                    raise  # the official rules failed: the document is in error
                # Only --all-rules runs rules on an XSD-invalid document, and the official
                # rules may throw on what the XSD refused ("no" as a boolean): that is no
                # reason to lose the official verdict (issue 13).
                findings.append(_rules_failed(e, options.lang))
                continue
            findings += step_findings
            if options.keep_report_input and schema_valid:
                svrl.append(output)
    leveled = apply_custom_levels(findings, scenario.custom_levels)
    # The verdict counts every finding; the report keeps the first ones of each rule.
    verdict = compute_verdict(leveled, scenario_matched=True)
    lines = LineIndex(tree)
    located = with_evidence(
        (
            f
            if f.line is not None or f.source is Source.XSD
            else replace(f, line=lines.line_of(f.location))
            for f in cap_per_rule(leveled, options.max_findings_per_rule, options.lang)
        ),
        tree,
        detection.syntax,
        lines,
    )
    return DocumentResult(
        path=name,
        container=container,
        syntax=detection.syntax,
        specification=detection.specification,
        scenario=scenario.name,
        verdict=verdict,
        findings=located,
        rules=tuple(rules),
        schematron_skipped=not run_schematron_steps,
        profile=profile.id if profile else None,
        svrl=tuple(svrl),
    )
