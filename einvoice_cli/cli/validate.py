"""``einvoice validate``: validate documents and report their verdicts."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import click

from einvoice_cli.cli.options import ByteSize, RulesOptions, cache_options, mirror_option, use_color
from einvoice_cli.cli.status import exit_code
from einvoice_cli.engine import RuleEngine
from einvoice_cli.inputs import collect_inputs
from einvoice_cli.pdf import DEFAULT_MAX_PDF_BYTES, PdfSettings
from einvoice_cli.pipeline import ValidationOptions
from einvoice_cli.pipeline import validate as validate_documents
from einvoice_cli.report import FORMATTERS, ReportOptions
from einvoice_cli.results import Summary
from einvoice_cli.safexml import DEFAULT_MAX_BYTES, ParseSettings


@dataclass(frozen=True, slots=True)
class ValidateCommand:
    """The options of one ``einvoice validate`` run."""

    paths: tuple[str, ...]
    output_format: str
    validation: ValidationOptions
    rules: RulesOptions


def summary_line(summary: Summary) -> str:
    """The one-line summary written to stderr."""
    noun = "document" if summary.documents == 1 else "documents"
    return (
        f"{summary.documents} {noun}: {summary.accepted} accepted, "
        f"{summary.rejected} rejected, {summary.errors} in error"
    )


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "--format",
    "-f",
    "output_format",
    type=click.Choice(list(FORMATTERS)),
    default="text",
    show_default=True,
    help="Report format on stdout.",
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
    "--max-size",
    type=ByteSize(),
    default=DEFAULT_MAX_BYTES,
    show_default="64MiB",
    help="Refuse documents larger than this.",
)
@click.option(
    "--max-pdf-size",
    type=ByteSize(),
    default=DEFAULT_MAX_PDF_BYTES,
    show_default="128MiB",
    help="Refuse PDFs larger than this (their embedded invoice is limited by --max-size).",
)
@mirror_option("--rules-mirror")
@cache_options
@click.pass_context
def validate(
    ctx: click.Context,
    paths: tuple[str, ...],
    output_format: str,
    scenario: str | None,
    all_rules: bool,
    max_size: int,
    max_pdf_size: int,
    mirror: str | None,
    cache_dir: Path,
    offline: bool,
) -> None:
    """Validate e-invoices and print a verdict for each: accept, reject or error.

    PATH is a file, a folder (searched recursively for *.xml and *.pdf) or - for standard
    input. The scenario (XRechnung, EN 16931, Peppol BIS, ZUGFeRD/Factur-X profiles) follows
    from each document's specification identifier, as in the official KoSIT validator. For a
    ZUGFeRD/Factur-X PDF, the embedded invoice XML is validated and the PDF side checked.

    Exit status: 0 all accepted, 1 at least one rejected, 2 a document in error or a usage
    error. The report goes to stdout; the summary line and diagnostics to stderr.

    \b
    Examples:
      einvoice validate rechnung.xml
      einvoice validate --format json eingang/ > report.json
      einvoice validate rechnung.pdf
      cat rechnung.xml | einvoice validate -
    """
    command = ValidateCommand(
        paths=paths,
        output_format=output_format,
        validation=ValidationOptions(
            parse=ParseSettings(max_bytes=max_size),
            pdf=PdfSettings(max_pdf_bytes=max_pdf_size, max_attachment_bytes=max_size),
            scenario=scenario,
            all_rules=all_rules,
            debug=bool(ctx.meta.get("einvoice.debug")),
        ),
        rules=RulesOptions(cache_dir=cache_dir, mirror=mirror, offline=offline),
    )
    # An embedding application (or the test suite) may hand over a ready RuleEngine in the
    # context object, so stylesheets compiled once serve many invocations.
    shared = ctx.obj.get("engine") if isinstance(ctx.obj, dict) else None
    engine = shared if isinstance(shared, RuleEngine) else command.rules.engine()
    ctx.exit(execute(command, engine))


def execute(command: ValidateCommand, engine: RuleEngine) -> int:
    """Run a validation and return its exit status."""
    stdout = sys.stdout
    formatter = FORMATTERS[command.output_format](
        stdout, ReportOptions(color=use_color(stdout.isatty()))
    )
    stdin = sys.stdin.buffer if "-" in command.paths else None
    summary = Summary()
    formatter.begin()
    for result in validate_documents(
        collect_inputs(command.paths, stdin), engine, command.validation
    ):
        formatter.document(result)
        summary = summary.add(result)
    formatter.end(summary)
    click.echo(summary_line(summary), err=True)
    return int(exit_code(summary))
