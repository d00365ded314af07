"""What a worker process of the service does for a request: validate, convert, or prepare rules.

The service's workers are the batch workers (``batch/worker.py``): each builds its rule engine
once and calls the batch settings' validator function for every task it is sent. The service's
function is :func:`run_job`. It takes a :class:`Job`, an :class:`~einvoice_cli.validation.inputs.
Input` that also says what the request wants, and answers a :class:`JobResult`, a
:class:`~einvoice_cli.core.results.DocumentResult` that also carries what was made besides the
verdict (a conversion, a formatted report). Both are subclasses, so they travel through the
batch worker's messages unchanged, and the verdict is always the pipeline's own
(``validate_input``).

A worker formats the report of a one-document request itself (:attr:`Job.report`): the
server's event loop, which every request passes through, then only sends bytes, and the
formatting runs in parallel on the workers instead of one after another there.
"""

from __future__ import annotations

import signal
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum

from einvoice_cli.checks.settings import CheckSettings
from einvoice_cli.conversion.convert import (
    Conversion,
    ConversionOptions,
    Target,
    convert_document,
)
from einvoice_cli.core.languages import Language
from einvoice_cli.core.results import Container, DocumentResult
from einvoice_cli.core.verdict import Verdict
from einvoice_cli.errors import EinvoiceError, FetchError, RulePackError, SchematronCompileError
from einvoice_cli.report import ReportOptions, render_report
from einvoice_cli.report.kosit import kosit_report
from einvoice_cli.report.kosit_input import DEFAULT_LAYOUT, OFFICIAL, REPORT_PACK
from einvoice_cli.rulepacks.scenarios import ArtifactRef, Scenario, find_scenario
from einvoice_cli.validation.engine import RuleEngine
from einvoice_cli.validation.inputs import Input
from einvoice_cli.validation.pipeline import ValidationOptions, validate_input


class Work(StrEnum):
    """What a job asks of a worker."""

    VALIDATE = "validate"
    CONVERT = "convert"
    VIEW = "view"
    """Render the document for people (``rendering/``), after validating it for the banner."""
    PREPARE = "prepare"
    """Compile the rules of :attr:`Job.configurations` now, before any request needs them."""


@dataclass(frozen=True, slots=True)
class Job(Input):
    """One document of a request and what to do with it."""

    work: Work = Work.VALIDATE
    scenario: str | None = None
    """Validate under this scenario (by name) instead of the one the document matches."""
    target: Target | None = None
    """For :attr:`Work.CONVERT`: the syntax to convert into."""
    visual_pdf: bytes | None = None
    """For a ``facturx`` conversion: the PDF the invoice is embedded into."""
    configurations: tuple[str, ...] = ()
    """For :attr:`Work.PREPARE`: the configurations whose scenarios' rules are compiled."""
    kosit: bool = False
    """For :attr:`Work.VALIDATE`: make the KoSIT report XML too (``report/kosit.py``)."""
    checks: CheckSettings = field(default_factory=CheckSettings)
    """For :attr:`Work.VALIDATE`: our own checks beyond the official rules (``checks/``)."""
    render_format: str = "html"
    """For :attr:`Work.VIEW`: ``html`` or ``pdf``."""
    lang: str = "de"
    """For :attr:`Work.VIEW`: the rendering's language; for :attr:`report`, the report's."""
    report: str | None = None
    """For :attr:`Work.VALIDATE`: the format (a :data:`~einvoice_cli.report.FORMATTERS` name)
    of the report of this document alone, made by the worker (:attr:`JobResult.report`)."""


@dataclass(frozen=True, slots=True)
class JobResult(DocumentResult):
    """A document's result, with what a conversion made."""

    conversion: Conversion | None = None
    kosit_report: bytes | None = None
    """The KoSIT report XML, when the job asked for it."""
    rendering: bytes | None = None
    """The rendering, for :attr:`Work.VIEW`."""
    report: bytes | None = None
    """The report of :attr:`Job.report` (UTF-8), when the job asked for it."""


def report_text(results: Sequence[DocumentResult], output: str, lang: Language) -> str:
    """The report of ``results`` in format ``output`` (a ``FORMATTERS`` name) with their summary,
    as ``einvoice validate --format OUTPUT`` writes it."""
    return render_report(results, output, ReportOptions(lang=lang))


def prepare_job(configurations: tuple[str, ...]) -> Job:
    """The job that makes a fresh worker compile the rules of these configurations."""
    return Job(name="(prepare rules)", data=b"", work=Work.PREPARE, configurations=configurations)


def run_job(
    item: Input, engine: RuleEngine, options: ValidationOptions, forced: Scenario | None
) -> DocumentResult:
    """The service's validator function (see the module docstring).

    An :class:`Input` that is not a :class:`Job` is validated as a batch would.
    """
    if not isinstance(item, Job):
        return validate_input(item, engine, options, forced)
    match item.work:
        case Work.PREPARE:
            return _prepare(item, engine)
        case Work.VALIDATE:
            if item.scenario:
                forced = find_scenario(engine.store.catalog.scenarios, item.scenario)
            if item.checks.active:
                options = replace(options, checks=item.checks)
            if item.kosit:
                return _with_kosit_report(item, engine, options, forced)
            result = _extend(validate_input(item, engine, options, forced))
            if item.report is None:
                return result
            text = report_text([result], item.report, Language(item.lang))
            return replace(result, report=text.encode("utf-8"))
        case Work.CONVERT:
            return _convert(item, engine, options)
        case Work.VIEW:
            return _view(item, engine, options)


def _extend(
    result: DocumentResult, conversion: Conversion | None = None, kosit: bytes | None = None
) -> JobResult:
    values = {f.name: getattr(result, f.name) for f in fields(DocumentResult)}
    return JobResult(**values, conversion=conversion, kosit_report=kosit)


def _with_kosit_report(
    item: Job, engine: RuleEngine, options: ValidationOptions, forced: Scenario | None
) -> JobResult:
    result = validate_input(item, engine, replace(options, keep_report_input=True), forced)
    try:
        report = kosit_report(result, item.data, engine)
    except ValueError as e:  # the result lacks what the report needs: said, not hidden
        result = replace(result, error=result.error or f"{item.name}: no KoSIT report ({e})")
        report = None
    # The invoice and its SVRL were kept for the report only; they need not travel back.
    return _extend(replace(result, invoice_xml=None, svrl=()), kosit=report)


def _prepare(item: Job, engine: RuleEngine) -> JobResult:
    # A service stops on SIGTERM by finishing the requests in flight; a supervisor that signals
    # the whole process group (systemd does) must not kill the workers under them. A worker
    # still ends with its parent (batch/worker.py).
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    wanted = set(item.configurations)
    for scenario in engine.store.catalog.scenarios:
        if scenario.configuration in wanted:
            engine.schema(scenario.xsd)
            for step in scenario.schematron:
                engine.stylesheet(step.rules)
    # The KoSIT report stylesheets of these configurations, and the default one (documents no
    # scenario takes).
    layouts = {OFFICIAL[c].layout for c in wanted if c in OFFICIAL} | {DEFAULT_LAYOUT}
    for layout in sorted(layouts):
        engine.stylesheet(ArtifactRef.parse(f"{REPORT_PACK}:{layout}"))
    return JobResult(item.name, Container.XML, None, None, None, Verdict.ACCEPT)


def _convert(item: Job, engine: RuleEngine, options: ValidationOptions) -> JobResult:
    if item.target is None:
        raise ValueError("a conversion job needs a target")
    try:
        data = item.read(max(options.parse.max_bytes, options.pdf.max_pdf_bytes))
        conversion = convert_document(
            data,
            item.name,
            item.target,
            ConversionOptions(visual_pdf=item.visual_pdf, validation=options),
            engine,
        )
    except (RulePackError, FetchError, SchematronCompileError):
        raise  # a problem of the service, not of this document
    except EinvoiceError as e:  # unreadable, not convertible (ConversionError, FacturXError)
        return JobResult(item.name, Container.XML, None, None, None, Verdict.ERROR, error=str(e))
    return _extend(conversion.input, conversion)


def _view(item: Job, engine: RuleEngine, options: ValidationOptions) -> JobResult:
    # Imported on use: the rendering loads the semantic model, which validation does not need.
    from einvoice_cli.rendering import Language, Renderer, RenderFormat, RenderOptions

    result = validate_input(item, engine, options, None)
    if result.verdict is Verdict.ERROR:
        return _extend(result)
    # One renderer per worker, beside its rules: the visualization compiles once.
    renderer = engine.resident(Renderer, lambda owner: Renderer(owner.store))
    try:
        data = item.read(max(options.parse.max_bytes, options.pdf.max_pdf_bytes))
        rendering = renderer.render(
            data,
            item.name,
            RenderFormat(item.render_format),
            RenderOptions(lang=Language(item.lang), parse=options.parse, pdf=options.pdf),
            result,
        )
    except (RulePackError, FetchError, SchematronCompileError):
        raise  # a problem of the service, not of this document
    except EinvoiceError as e:  # a document the official visualization cannot show
        return _extend(replace(result, error=str(e)))
    return replace(_extend(result), rendering=rendering)
