"""``einvoice convert``: UBL <-> CII through the EN 16931 model, and CII into Factur-X PDFs."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType

import click

from einvoice_cli.cli.localized import LocalizedCommand
from einvoice_cli.cli.options import (
    RulesOptions,
    cache_options,
    mirror_option,
    read_document,
    shared_engine,
    size_limits,
    size_options,
)
from einvoice_cli.cli.status import ExitCode
from einvoice_cli.cli.stdout import write_stdout
from einvoice_cli.conversion.convert import (
    Conversion,
    ConversionOptions,
    Outcome,
    Target,
    convert_document,
)
from einvoice_cli.core.languages import LANGUAGES, Language, locale_language
from einvoice_cli.core.outputs import write_file
from einvoice_cli.errors import OutputError
from einvoice_cli.report.conversion import CONVERSION_REPORTS
from einvoice_cli.validation.engine import RuleEngine
from einvoice_cli.validation.pipeline import ValidationOptions

EXIT_CODES: Mapping[Outcome, ExitCode] = MappingProxyType(
    {
        Outcome.CONVERTED: ExitCode.OK,
        Outcome.OUTPUT_REJECTED: ExitCode.REJECTED,
        Outcome.INPUT_REJECTED: ExitCode.REJECTED,
        Outcome.LOSSES_REFUSED: ExitCode.ERROR,
    }
)
"""The exit status of each outcome (the project's convention: 0 ok, 1 rejected, 2 error)."""


@dataclass(frozen=True, slots=True)
class ConvertCommand:
    """The options of one ``einvoice convert`` run."""

    source: str
    """The input's path, or ``-`` for standard input."""
    target: Target
    output: Path | None
    """Where the converted document goes; ``None`` for standard output."""
    visual_pdf: Path | None
    """The visual PDF for ``--to facturx``."""
    overwrite: bool
    report_format: str
    language: Language
    """The language of the text report."""
    conversion: ConversionOptions
    rules: RulesOptions


@click.command(cls=LocalizedCommand)
@click.argument("source", metavar="IN", type=click.Path(allow_dash=True, readable=False))
@click.option(
    "--to",
    "target",
    type=click.Choice([t.value for t in Target], case_sensitive=False),
    required=True,
    help="ubl or cii: the XML syntax to write; facturx: a Factur-X/ZUGFeRD PDF.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="OUT",
    help="Write the converted document here (atomically) instead of to standard output.",
)
@click.option(
    "--pdf",
    "visual_pdf",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="VISUAL.pdf",
    help="For --to facturx: the PDF to embed the invoice into (its visual representation). "
    "Without it, the invoice's own rendering (as `einvoice view -o x.pdf`) is used.",
)
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES, case_sensitive=False),
    default=None,
    help="Language of the report on stderr (default: from the locale) and, for --to facturx "
    "without --pdf, of the rendered visual PDF (default: de).",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Refuse (exit 2, nothing written) if anything would not be carried over, and write "
    "nothing if the validator rejects the output.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Convert an input the validator rejects (it is still validated and reported).",
)
@click.option("--overwrite", is_flag=True, help="Replace OUT if it exists.")
@click.option(
    "--format",
    "-f",
    "report_format",
    type=click.Choice(list(CONVERSION_REPORTS), case_sensitive=False),
    default="text",
    show_default=True,
    help="Format of the conversion report, which always goes to stderr.",
)
@size_options(
    max_size_help="Refuse XML documents (and embedded invoices) larger than this.",
    max_pdf_size_help="Refuse PDFs (input and visual) larger than this.",
)
@mirror_option("--rules-mirror")
@cache_options
@click.pass_context
def convert(
    ctx: click.Context,
    source: str,
    target: str,
    output: Path | None,
    visual_pdf: Path | None,
    lang: str | None,
    strict: bool,
    force: bool,
    overwrite: bool,
    report_format: str,
    max_size: int,
    max_pdf_size: int,
    mirror: str | None,
    cache_dir: Path,
    offline: bool,
) -> None:
    """Convert an e-invoice between UBL and CII, or into a Factur-X/ZUGFeRD PDF.

    IN is an XML invoice (UBL 2.1 Invoice or CreditNote, UN/CEFACT CII D16B), a hybrid PDF
    (its embedded invoice is converted), or - for standard input. The invoice goes through the
    EN 16931 semantic model; its specification identifier (BT-24) is kept, so an XRechnung
    stays an XRechnung. --to ubl writes a UBL Invoice, or a CreditNote for a credit note type
    code (BT-3). An invoice already in the target syntax is taken unchanged. --to facturx
    embeds the CII (converted first if IN is UBL) into VISUAL.pdf as a PDF/A-3 hybrid invoice
    with the XMP metadata, file name (factur-x.xml, xrechnung.xml) and AFRelationship of the
    profile BT-24 names; without --pdf the invoice's own PDF/A-3b rendering is the visual part.

    Nothing is lost silently: every business term or element that cannot be carried over is a
    warning on stderr naming it (BT-.../BG-... or the element's path). Input and output are
    both validated as `einvoice validate` would: an input it rejects is refused unless
    --force, and a rejected output is reported. OUT is never replaced without --overwrite.

    Exit status: 0 converted and the output accepted; 1 the input (not converted) or the
    output rejected; 2 --strict refused a lossy conversion, an unreadable input, or a usage
    error. The document goes to stdout (or OUT); the report to stderr.

    \b
    Examples:
      einvoice convert rechnung-ubl.xml --to cii -o rechnung-cii.xml
      einvoice convert rechnung-cii.xml --to ubl --strict -o rechnung-ubl.xml
      einvoice convert rechnung.xml --to facturx --pdf rechnung.pdf -o hybrid.pdf
      einvoice convert rechnung.xml --to facturx -o hybrid.pdf
      einvoice convert zugferd.pdf --to ubl --format json -o rechnung.xml 2> report.json
    """
    chosen = Target(target)
    if chosen is not Target.FACTURX and visual_pdf is not None:
        raise click.UsageError("--pdf is only for --to facturx")
    if chosen is Target.FACTURX and output is None and sys.stdout.isatty():
        raise click.UsageError("not writing a PDF to a terminal; give -o OUT.pdf")
    parse, pdf = size_limits(max_size, max_pdf_size)
    command = ConvertCommand(
        source=source,
        target=chosen,
        output=output,
        visual_pdf=visual_pdf,
        overwrite=overwrite,
        report_format=report_format,
        language=Language(lang.lower()) if lang else locale_language(os.environ),
        conversion=ConversionOptions(
            strict=strict,
            force=force,
            visual_lang=lang.lower() if lang else "de",
            output_name=str(output) if output is not None else "-",
            validation=ValidationOptions(
                parse=parse, pdf=pdf, debug=bool(ctx.meta.get("einvoice.debug"))
            ),
        ),
        rules=RulesOptions(cache_dir=cache_dir, mirror=mirror, offline=offline),
    )
    ctx.exit(execute(command, shared_engine(ctx) or command.rules.engine()))


def execute(command: ConvertCommand, engine: RuleEngine) -> int:
    """Run a conversion, write its document and report, and return the exit status."""
    if command.output is not None and not command.overwrite and command.output.exists():
        # Checked before the work, not after it; here --force means something else.
        raise OutputError(f"{command.output} exists; nothing was written", exists=True)
    limits = command.conversion.validation
    data = read_document(command.source, max(limits.parse.max_bytes, limits.pdf.max_pdf_bytes))
    options = command.conversion
    if command.visual_pdf is not None:
        visual = read_document(str(command.visual_pdf), limits.pdf.max_pdf_bytes)
        options = replace(options, visual_pdf=visual, visual_pdf_name=str(command.visual_pdf))
    conversion = convert_document(data, command.source, command.target, options, engine)
    written_to = _write(conversion, command)
    report = CONVERSION_REPORTS[command.report_format]
    report(conversion, written_to, sys.stderr, command.language)
    return int(EXIT_CODES[conversion.outcome])


def _write(conversion: Conversion, command: ConvertCommand) -> str | None:
    """Write the converted document, if there is one; where it went."""
    if conversion.document is None:
        return None
    if command.output is None:
        write_stdout(conversion.document)
        return "-"
    write_file(command.output, conversion.document, command.overwrite)
    return str(command.output)
