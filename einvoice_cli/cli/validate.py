"""``einvoice validate``: validate documents and report their verdicts."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, closing, nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO

import click
from rich.console import Console

from einvoice_cli.api import Validator
from einvoice_cli.batch import DEFAULT_MEMORY_LIMIT, DEFAULT_TIMEOUT, BatchExecutor
from einvoice_cli.cli.check_options import build_check_settings, check_options
from einvoice_cli.cli.main import DOCUMENT_TIPS
from einvoice_cli.cli.options import (
    ByteSize,
    Seconds,
    cache_options,
    mirror_option,
    shared_engine,
    size_options,
    use_color,
)
from einvoice_cli.cli.progress import ProgressDisplay
from einvoice_cli.cli.status import ExitCode, FailOn, exit_code
from einvoice_cli.cli.summary import render_summary, summary_line
from einvoice_cli.core.languages import LANGUAGES, Language, locale_language
from einvoice_cli.core.printable import printable
from einvoice_cli.report import FORMATTERS, CsvDialect, Formatter, ReportOptions
from einvoice_cli.report.files import REPORT_FORMATS, ReportWriter
from einvoice_cli.report.session import ReportSession, SessionOutcome
from einvoice_cli.report.terminal_words import terminal_words
from einvoice_cli.report.verdicts import VerdictLineFormatter
from einvoice_cli.settings import Settings
from einvoice_cli.validation.engine import RuleEngine
from einvoice_cli.validation.inputs import (
    InputSelection,
    collect_inputs,
    count_inputs,
    read_path_list,
)
from einvoice_cli.validation.pipeline import DEFAULT_MAX_FINDINGS_PER_RULE


@dataclass(frozen=True, slots=True)
class ValidateCommand:
    """The options of one ``einvoice validate`` run."""

    paths: tuple[str, ...]
    output_format: str
    settings: Settings
    """How documents are validated and where the rules come from (the API's settings)."""
    files_from: str | None = None
    """A file listing paths, one per line, or ``-`` for standard input."""
    selection: InputSelection = field(default_factory=InputSelection)
    jobs: int | None = None
    """Worker processes; ``None``: one per CPU core (one, in this process, when an engine is
    handed over)."""
    cluster: str | None = None
    """A Dask scheduler's address, or ``local[:N]``: validate there instead of here."""
    timeout: float | None = None
    worker_memory: int | None = DEFAULT_MEMORY_LIMIT
    quiet: bool = False
    fail_on: FailOn = FailOn.ERROR
    summary: bool | None = None
    """Summary tables on stderr: ``None`` only when stderr is a terminal."""
    output_dir: Path | None = None
    report_format: str = "json"
    lang: Language = Language.EN
    verdict_lang: Language = Language.EN
    """The language of ``--quiet``'s verdict words: ``--lang`` when given, else English, never
    the locale's, because scripts read those lines (``awk '$1 == "ACCEPT"'``)."""
    verbose: bool = False
    """Rule messages in full (with the regular expressions some quote)."""
    strict_checks: bool = False
    """Findings of our own checks (error or warning) make the exit status 1."""
    csv_dialect: CsvDialect = CsvDialect.EXCEL


def default_language(environ: Mapping[str, str] = os.environ) -> Language:
    """The report language of the locale: the first of LC_ALL, LC_MESSAGES and LANG that is
    set, as POSIX orders them (``de_DE.UTF-8`` -> ``de``; English otherwise)."""
    return locale_language(environ)


@click.command()
@click.argument(
    "paths", nargs=-1, metavar="[PATH]...", type=click.Path(allow_dash=True, readable=False)
)
@click.option(
    "--format",
    "-f",
    "output_format",
    type=click.Choice(list(FORMATTERS), case_sensitive=False),
    default="text",
    show_default=True,
    help="Report format on stdout. jsonl streams one document per line as it is done.",
)
@click.option(
    "--files-from",
    metavar="LIST",
    type=click.Path(exists=True, dir_okay=False, allow_dash=True, readable=True),
    help="Also validate the paths listed in LIST, one per line (as `find` prints them); "
    "- reads the list from standard input.",
)
@click.option(
    "--include",
    multiple=True,
    metavar="GLOB",
    help="In folders, take only files matching GLOB (on the path within the folder or the "
    "file name; repeatable). Default: *.xml and *.pdf.",
)
@click.option(
    "--exclude",
    multiple=True,
    metavar="GLOB",
    help="In folders, skip files and subfolders matching GLOB (repeatable).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    help="Worker processes validating in parallel (1: in this process, unless --timeout).",
    show_default="the number of CPU cores",
)
@click.option(
    "--timeout",
    type=Seconds(),
    metavar="SECONDS",
    help="Give up on a document after this long (it is reported as in error; loading the "
    "rules does not count); this always validates in worker processes. Without it, documents "
    f"in worker processes have {DEFAULT_TIMEOUT:g} s. 0: no limit.",
)
@click.option(
    "--worker-memory",
    type=ByteSize(),
    default=DEFAULT_MEMORY_LIMIT,
    show_default="1GiB",
    help="Replace a worker whose memory passes this after a document; stop one passing "
    "twice this while validating (its document is in error). 0: no limit.",
)
@click.option(
    "--fail-on",
    type=click.Choice([f.value for f in FailOn], case_sensitive=False),
    default=FailOn.ERROR.value,
    show_default=True,
    help="Exit with status 1 for a rejected document (error), or also for an accepted one "
    "with a warning (warning).",
)
@click.option(
    "--quiet",
    "-q",
    is_flag=True,
    help="Only the verdicts: one line per document (ACCEPT, REJECT or ERROR and its path) in "
    "the text format; no progress bar, "
    "summary line or (unless --summary) summary tables on stderr.",
)
@click.option(
    "--summary/--no-summary",
    "show_summary",
    default=None,
    help="Summary tables on stderr (verdicts, scenarios, most frequent rules). "
    "Default: only for more than one document when stderr is a terminal.",
)
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DIR",
    help="Also write one report per document into DIR, named after the input.",
)
@click.option(
    "--report-format",
    type=click.Choice(REPORT_FORMATS, case_sensitive=False),
    default=REPORT_FORMATS[0],
    show_default=True,
    help="Format of the reports in --output-dir (with --format kosit: kosit).",
)
@click.option(
    "--csv-dialect",
    type=click.Choice([d.value for d in CsvDialect], case_sensitive=False),
    default=CsvDialect.EXCEL.value,
    show_default=True,
    help="CSV reports: excel (UTF-8 with BOM, ';' between fields, opens in German Excel) or "
    "rfc4180 (no BOM, ',').",
)
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES, case_sensitive=False),
    help="Language of the reports (text, HTML, CSV), of the progress bar and summaries, and of "
    "business-term names (rule messages stay as the official rules word them).",
    show_default="de under a German locale, else en",
)
@click.option(
    "--verbose",
    "-v",
    is_flag=True,
    help="Show rule messages in full, with the regular expressions some of them quote.",
)
@click.option(
    "--scenario",
    metavar="NAME",
    help="Validate with this scenario instead of the one the document's specification id "
    "selects (see `einvoice scenarios`).",
)
@click.option(
    "--all-rules",
    is_flag=True,
    help="Run the business rules even when the XML Schema check fails. Those findings are "
    "marked as outside the verdict; the verdict stays the official one.",
)
@click.option(
    "--max-findings",
    type=click.IntRange(min=0),
    default=DEFAULT_MAX_FINDINGS_PER_RULE,
    show_default=True,
    metavar="N",
    help="Report at most N findings of each rule per document, and how many more there were "
    "(EINV-FINDINGS-OMITTED); the verdict counts them all. 0: report all.",
)
@click.option(
    "--cluster",
    metavar="ADDRESS",
    help="Validate on a Dask cluster: a scheduler address (tcp://HOST:8786), or local[:N] "
    "for N worker processes here. Workers read the paths themselves, and URLs (s3://, "
    "file://). Needs einvoice-cli[dask].",
)
@size_options(
    max_size_help="Refuse documents larger than this.",
    max_pdf_size_help="Refuse PDFs larger than this (their embedded invoice is limited by "
    "--max-size).",
)
@check_options
@mirror_option("--rules-mirror")
@cache_options
@click.pass_context
def validate(
    ctx: click.Context,
    paths: tuple[str, ...],
    output_format: str,
    files_from: str | None,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    jobs: int | None,
    timeout: float | None,
    worker_memory: int,
    fail_on: str,
    quiet: bool,
    show_summary: bool | None,
    output_dir: Path | None,
    report_format: str,
    csv_dialect: str,
    lang: str | None,
    verbose: bool,
    scenario: str | None,
    all_rules: bool,
    max_findings: int,
    cluster: str | None,
    max_size: int,
    max_pdf_size: int,
    checks: tuple[str, ...],
    portal: str | None,
    channel: str | None,
    check_severities: tuple[str, ...],
    strict_checks: bool,
    mirror: str | None,
    cache_dir: Path,
    offline: bool,
) -> None:
    """Validate e-invoices and print a verdict for each: accept, reject or error.

    PATH is a file, a folder (searched recursively for *.xml and *.pdf; see --include) or -
    for a document on standard input. The scenario (XRechnung, EN 16931, Peppol BIS,
    ZUGFeRD/Factur-X profiles) follows from each document's specification identifier, as in
    the official KoSIT validator. For a ZUGFeRD/Factur-X PDF, the embedded invoice XML is
    validated and the PDF side checked. Documents are validated in parallel and reported in
    the order given.

    Exit status: 0 all accepted, 1 at least one rejected (see --fail-on), 2 a document in
    error or a usage error, 130 interrupted. The report goes to stdout; progress, summary
    and diagnostics to stderr.

    \b
    Examples:
      einvoice validate rechnung.xml
      einvoice validate --format json eingang/ > report.json
      einvoice validate --format html --lang de eingang/ > bericht.html
      einvoice validate --format csv eingang/ > befunde.csv
      einvoice validate -j 4 --timeout 60 --output-dir berichte/ eingang/
      find eingang -name '*.xml' -mtime -1 | einvoice validate -q --files-from -
      cat rechnung.xml | einvoice validate -
    """
    if not paths and files_from is None:
        raise click.UsageError("give at least one PATH, or --files-from LIST")
    if files_from == "-" and "-" in paths:
        raise click.UsageError(
            "standard input can carry a document (-) or a list of paths (--files-from -), not both"
        )
    language = Language(lang) if lang else default_language()
    ctx.meta["einvoice.lang"] = language  # for the one-line errors cli/main.py prints
    if output_format == KOSIT:
        report_format = _kosit_destination(paths, files_from, output_dir, report_format)
    command = ValidateCommand(
        paths=paths,
        output_format=output_format,
        settings=replace(
            Settings.from_environment(os.environ),
            cache_dir=cache_dir,
            mirror=mirror,
            offline=offline,
            scenario=scenario,
            all_rules=all_rules,
            max_findings_per_rule=max_findings,
            max_bytes=max_size,
            max_pdf_bytes=max_pdf_size,
            debug=bool(ctx.meta.get("einvoice.debug")),
            checks=build_check_settings(checks, portal, channel, check_severities, language),
            keep_report_input=FORMATTERS[output_format].needs_report_input
            or (output_dir is not None and report_format == KOSIT),
        ),
        files_from=files_from,
        selection=InputSelection(include=include, exclude=exclude),
        jobs=jobs,
        cluster=cluster,
        timeout=timeout,
        worker_memory=worker_memory or None,
        quiet=quiet,
        fail_on=FailOn(fail_on),
        summary=show_summary,
        output_dir=output_dir,
        report_format=report_format,
        lang=language,
        verdict_lang=Language(lang) if lang else Language.EN,
        strict_checks=strict_checks,
        verbose=verbose,
        csv_dialect=CsvDialect(csv_dialect),
    )
    # A rule engine handed over is used when validating in this process.
    ctx.exit(execute(command, shared_engine(ctx)))


KOSIT = "kosit"
"""The format of the KoSIT validator's report: one XML document per invoice."""


def _kosit_destination(
    paths: tuple[str, ...], files_from: str | None, output_dir: Path | None, report_format: str
) -> str:
    """``--format kosit``: the report of one document on stdout, or of each document in
    ``--output-dir`` (stdout then has one verdict line per document). Returns the format of
    the reports in the folder."""
    if output_dir is not None:
        if report_format not in (REPORT_FORMATS[0], KOSIT):
            raise click.UsageError("--format kosit writes KoSIT reports into --output-dir")
        return KOSIT
    one_file = len(paths) == 1 and files_from is None and not Path(paths[0]).is_dir()
    if not one_file:
        raise click.UsageError(
            "--format kosit prints the report of one document; for several, give "
            "--output-dir DIR (one NAME-report.xml each)"
        )
    return report_format


def _paths(command: ValidateCommand, stdin: BinaryIO) -> Iterator[str]:
    """The paths given as arguments, then those of the --files-from list."""
    yield from command.paths
    if command.files_from == "-":
        yield from read_path_list(stdin)
    elif command.files_from is not None:
        with Path(command.files_from).open("rb") as stream:
            yield from read_path_list(stream)


def _count_in_background(command: ValidateCommand, display: ProgressDisplay) -> None:
    """Give the progress bar its total once the inputs are counted (not for a list read from
    standard input, which can be read only once)."""
    if command.files_from == "-":
        return

    def count() -> None:
        display.set_total(count_inputs(_paths(command, sys.stdin.buffer), command.selection))

    threading.Thread(target=count, name="count-inputs", daemon=True).start()


def default_jobs() -> int:
    """The CPU cores this process may run on (its affinity where the platform tells, which
    respects ``taskset`` and container CPU sets), else all of them."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def build_validator(command: ValidateCommand, engine: RuleEngine | None) -> Validator:
    """The API's validator for this run (``engine``: one handed over by an embedding
    application or the test suite, used when validating in this process)."""
    return Validator(command.settings, engine=engine)


def build_formatter(command: ValidateCommand, engine: RuleEngine | None = None) -> Formatter:
    """The report on stdout (``engine``: for a format that runs official stylesheets)."""
    # sys.stdout is looked up now: under a progress bar it is redirected above the bar.
    stdout = sys.stdout
    options = ReportOptions(
        color=use_color(stdout.isatty()),
        lang=command.lang,
        verbose=command.verbose,
        tips=DOCUMENT_TIPS[command.lang],
        engine=engine,
        csv_dialect=command.csv_dialect,
    )
    if command.quiet and command.output_format == "text":
        return VerdictLineFormatter(stdout, replace(options, lang=command.verdict_lang))
    if command.output_format == KOSIT and command.output_dir is not None:
        return VerdictLineFormatter(stdout, options)  # the reports are in the folder
    return FORMATTERS[command.output_format](stdout, options)


def build_writer(command: ValidateCommand, engine: RuleEngine | None = None) -> ReportWriter | None:
    """The per-document reports of ``--output-dir``, if asked for (``engine``: for KoSIT
    reports, and for the renderings HTML reports link to)."""
    if command.output_dir is None:
        return None
    options = ReportOptions(
        lang=command.lang,
        verbose=command.verbose,
        engine=engine,
        csv_dialect=command.csv_dialect,
    )
    return ReportWriter(command.output_dir, command.report_format, options)


def build_console() -> Console:
    """The console for progress, summary tables and diagnostics: stderr."""
    terminal = sys.stderr.isatty()
    return Console(
        file=sys.stderr,
        force_terminal=terminal,
        no_color=not use_color(terminal),
        highlight=False,
        width=None if terminal else 160,
    )


def build_progress(command: ValidateCommand, console: Console) -> ProgressDisplay | None:
    """The progress bar, on a terminal and unless ``--quiet``."""
    if not sys.stderr.isatty() or command.quiet:
        return None
    return ProgressDisplay(console, redirect_stdout=sys.stdout.isatty(), lang=command.lang)


def execute(command: ValidateCommand, engine: RuleEngine | None = None) -> int:
    """Run a validation and return its exit status.

    ``engine``, when given, is used for validating in this process (``--jobs 1``, or by
    default, when one is handed over); workers build their own.
    """
    console = build_console()
    display = build_progress(command, console)
    jobs = command.jobs or (1 if engine is not None else default_jobs())
    stdin = sys.stdin.buffer
    document_stdin = stdin if "-" in command.paths else None
    with ExitStack() as run:  # holds the cluster of --cluster until the report is done
        executor: BatchExecutor | None = None
        if command.cluster is not None:
            from einvoice_cli.cli.cluster import enter_cluster

            inputs, executor = enter_cluster(run, command, _paths(command, stdin), document_stdin)
        else:
            settings = command.settings
            inputs = collect_inputs(
                _paths(command, stdin),
                document_stdin,
                command.selection,
                max_bytes=max(settings.max_bytes, settings.max_pdf_bytes),
            )
        validator = build_validator(command, engine)
        # The KoSIT report runs the configuration's stylesheet in this process, on its own
        # engine when the documents are validated by workers.
        report_engine = validator.engine if command.settings.keep_report_input else None
        # Raises for a run that cannot start (an unknown --scenario) before any output.
        results = validator.validate_many(
            inputs,
            jobs=jobs,
            # 0: no limit, neither given nor by default.
            timeout=command.timeout or None,
            default_timeout=DEFAULT_TIMEOUT if command.timeout is None else None,
            worker_memory=command.worker_memory,
            observer=display,
            executor=executor,
        )
        with closing(results), display or nullcontext():
            if display is not None:
                _count_in_background(command, display)
            formatter = build_formatter(command, report_engine)
            # HTML reports in --output-dir link each document to its rendering, which needs
            # the store the official visualization is installed in.
            writer_engine = report_engine or (
                validator.engine if command.report_format == "html" else None
            )
            outcome = ReportSession(formatter, build_writer(command, writer_engine)).run(results)
    _summarise(command, console, outcome)
    for problem in outcome.unwritten:
        click.echo(f"error: {printable(problem)}", err=True)
    if outcome.terminated:
        click.echo("terminated", err=True)
        return ExitCode.TERMINATED
    if outcome.interrupted:
        click.echo(terminal_words(command.lang).interrupted, err=True)
        return ExitCode.INTERRUPTED
    if outcome.unwritten:
        return ExitCode.ERROR
    return exit_code(outcome.tally.summary, command.fail_on, strict_checks=command.strict_checks)


def _summarise(command: ValidateCommand, console: Console, outcome: SessionOutcome) -> None:
    terminal = sys.stderr.isatty()
    # The tables are for batches: a single document's report already says everything.
    batch = outcome.tally.summary.documents > 1
    if command.summary or (command.summary is None and terminal and not command.quiet and batch):
        render_summary(console, outcome.tally, terminal=terminal, lang=command.lang)
    if not command.quiet:
        click.echo(summary_line(outcome.tally.summary, command.lang), err=True)
