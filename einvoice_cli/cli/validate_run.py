"""Running ``einvoice validate``: the command's options as one value, the parts a run is built
from (``build_*``), and :func:`execute`, which joins them. The click command that fills
:class:`ValidateCommand` is ``cli/validate.py``.
"""

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
from einvoice_cli.cli.main import DOCUMENT_TIPS
from einvoice_cli.cli.options import (
    use_color,
)
from einvoice_cli.cli.progress import ProgressDisplay
from einvoice_cli.cli.status import ExitCode, FailOn, exit_code
from einvoice_cli.cli.summary import render_summary, summary_line
from einvoice_cli.core.languages import Language, locale_language
from einvoice_cli.core.printable import printable
from einvoice_cli.report import FORMATTERS, CsvDialect, Formatter, ReportOptions
from einvoice_cli.report.files import ReportWriter
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

KOSIT = "kosit"
"""The format of the KoSIT validator's report: one XML document per invoice."""


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
    default, when one is handed over); workers build their own. Without one, even ``--jobs 1``
    validates in a worker process, so that Ctrl-C stops a long document at once.
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
            # Never in this process unless an engine was handed over: Ctrl-C and SIGTERM could
            # not stop a Saxon transform here before it ends (issue 14).
            in_process=engine is not None,
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
