"""``einvoice validate``: validate documents and report their verdicts.

This module is the click command: it checks the options and turns them into a
:class:`~einvoice_cli.cli.validate_run.ValidateCommand`; ``cli/validate_run.py`` runs it.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import click

from einvoice_cli.batch import DEFAULT_MEMORY_LIMIT, DEFAULT_TIMEOUT
from einvoice_cli.cli.check_options import build_check_settings, check_options
from einvoice_cli.cli.localized import LocalizedCommand
from einvoice_cli.cli.options import (
    ByteSize,
    Seconds,
    cache_options,
    mirror_option,
    shared_engine,
    size_options,
)
from einvoice_cli.cli.status import FailOn
from einvoice_cli.cli.validate_run import KOSIT, ValidateCommand, default_language, execute
from einvoice_cli.core.languages import LANGUAGES, Language
from einvoice_cli.report import FORMATTERS, CsvDialect
from einvoice_cli.report.files import REPORT_FORMATS
from einvoice_cli.settings import Settings
from einvoice_cli.validation.inputs import (
    InputSelection,
)
from einvoice_cli.validation.pipeline import DEFAULT_MAX_FINDINGS_PER_RULE


@click.command(cls=LocalizedCommand)
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
    help="Worker processes validating in parallel (1 without --timeout: no time or memory limit).",
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
    "selects (see `einvoice scenarios`); a document of another syntax is in error.",
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
            lang=language,
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
