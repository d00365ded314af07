"""``einvoice view``: an e-invoice rendered for people (HTML, PDF/A-3b, or text on a terminal)."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Mapping
from dataclasses import dataclass
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
    use_color,
)
from einvoice_cli.cli.status import ExitCode
from einvoice_cli.core.outputs import write_file
from einvoice_cli.core.results import DocumentResult
from einvoice_cli.core.verdict import Verdict
from einvoice_cli.errors import OutputError
from einvoice_cli.rendering import Language, Renderer, RenderFormat, RenderOptions
from einvoice_cli.validation.engine import RuleEngine
from einvoice_cli.validation.inputs import Input
from einvoice_cli.validation.pipeline import ValidationOptions, validate_input

FORMAT_OF_SUFFIX: Mapping[str, RenderFormat] = MappingProxyType(
    {
        ".pdf": RenderFormat.PDF,
        ".html": RenderFormat.HTML,
        ".htm": RenderFormat.HTML,
        ".txt": RenderFormat.TEXT,
    }
)
"""The format ``-o OUT`` implies when ``--format`` is not given."""

EXIT_CODES: Mapping[Verdict, ExitCode] = MappingProxyType(
    {Verdict.ACCEPT: ExitCode.OK, Verdict.REJECT: ExitCode.REJECTED, Verdict.ERROR: ExitCode.OK}
)
"""The exit status of a rendered document by its verdict (a document that could not be
validated but was rendered is not an error of ``view``; a warning says so)."""


@dataclass(frozen=True, slots=True)
class ViewCommand:
    """The options of one ``einvoice view`` run."""

    source: str
    output: Path | None
    format: RenderFormat
    overwrite: bool
    validate: bool
    render: RenderOptions
    validation: ValidationOptions
    rules: RulesOptions


def choose_format(chosen: str | None, output: Path | None, terminal: bool) -> RenderFormat:
    """``--format`` if given; else what OUT's suffix implies; else text on a terminal, else html."""
    if chosen is not None:
        return RenderFormat(chosen)
    if output is not None:
        return FORMAT_OF_SUFFIX.get(output.suffix.lower(), RenderFormat.HTML)
    return RenderFormat.TEXT if terminal else RenderFormat.HTML


@click.command(cls=LocalizedCommand)
@click.argument("source", metavar="IN")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="OUT",
    help="Write the rendering here (atomically) instead of to standard output.",
)
@click.option(
    "--format",
    "-f",
    "chosen_format",
    type=click.Choice([f.value for f in RenderFormat]),
    help="html (the official KoSIT visualization), pdf (PDF/A-3b, A4) or text. Default: what "
    "OUT's suffix says (.pdf, .html, .txt); else text on a terminal, html otherwise.",
)
@click.option(
    "--lang",
    type=click.Choice([lang.value for lang in Language]),
    default=Language.DE.value,
    show_default=True,
    help="Language of the rendering.",
)
@click.option("--full", is_flag=True, help="Text: show payment account numbers in full.")
@click.option("--terms", is_flag=True, help="Text: show the business term (BT-..) of each value.")
@click.option(
    "--no-validate",
    "skip_validation",
    is_flag=True,
    help="Do not validate first (no banner for a rejected invoice, no highlighted fields).",
)
@click.option("--overwrite", is_flag=True, help="Replace OUT if it exists.")
@size_options(
    max_size_help="Refuse XML documents (and embedded invoices) larger than this.",
    max_pdf_size_help="Refuse PDFs larger than this.",
)
@mirror_option("--rules-mirror")
@cache_options
@click.pass_context
def view(
    ctx: click.Context,
    source: str,
    output: Path | None,
    chosen_format: str | None,
    lang: str,
    full: bool,
    terms: bool,
    skip_validation: bool,
    overwrite: bool,
    max_size: int,
    max_pdf_size: int,
    mirror: str | None,
    cache_dir: Path,
    offline: bool,
) -> None:
    """Render an e-invoice for people: HTML, PDF or text, in German or English.

    IN is a UBL 2.1 Invoice or CreditNote, a UN/CEFACT CII D16B invoice (XRechnung, EN 16931,
    Peppol, any ZUGFeRD/Factur-X profile), a hybrid PDF (its embedded invoice is shown), or -
    for standard input.

    html is the official KoSIT XRechnung visualization: one self-contained page that works
    offline; attachments can be saved from it. pdf is a print layout of the same content (all
    tabs, page numbers) as PDF/A-3b on A4. text is a compact summary for a terminal; account
    numbers are masked to the last 4 characters unless --full.

    The invoice is validated first, as `einvoice validate` would: a rejected invoice is shown
    with a banner saying why, and the fields the findings name are highlighted. Elements the
    visualization cannot show are listed, not dropped silently.

    Exit status: 0 rendered; 1 rendered, but the invoice is rejected; 2 not rendered (not an
    invoice, unreadable) or a usage error.

    \b
    Examples:
      einvoice view rechnung.xml
      einvoice view rechnung.xml -o rechnung.html --lang en
      einvoice view rechnung.xml -o rechnung.pdf
      einvoice view zugferd.pdf --format text --terms
    """
    stdout_terminal = sys.stdout.isatty()
    render_format = choose_format(chosen_format, output, stdout_terminal and output is None)
    if render_format is RenderFormat.PDF and output is None and stdout_terminal:
        raise click.UsageError("not writing a PDF to a terminal; give -o OUT.pdf")
    parse, pdf = size_limits(max_size, max_pdf_size)
    command = ViewCommand(
        source=source,
        output=output,
        format=render_format,
        overwrite=overwrite,
        validate=not skip_validation,
        render=RenderOptions(
            lang=Language(lang),
            full=full,
            terms=terms,
            color=output is None and use_color(stdout_terminal),
            width=shutil.get_terminal_size().columns if stdout_terminal else 100,
            parse=parse,
            pdf=pdf,
        ),
        validation=ValidationOptions(
            parse=parse, pdf=pdf, debug=bool(ctx.meta.get("einvoice.debug"))
        ),
        rules=RulesOptions(cache_dir=cache_dir, mirror=mirror, offline=offline),
    )
    engine = shared_engine(ctx) or command.rules.engine()
    ctx.exit(execute(command, engine, shared_renderer(ctx) or Renderer(engine.store)))


def shared_renderer(ctx: click.Context) -> Renderer | None:
    """The renderer an embedding application (or the test suite) handed over, if any."""
    shared = ctx.obj.get("renderer") if isinstance(ctx.obj, dict) else None
    return shared if isinstance(shared, Renderer) else None


def execute(command: ViewCommand, engine: RuleEngine, renderer: Renderer) -> int:
    """Validate (unless told not to), render, write; return the exit status."""
    if command.output is not None and not command.overwrite and command.output.exists():
        raise OutputError(f"{command.output} exists; nothing was written", exists=True)
    data = read_document(
        command.source, max(command.render.parse.max_bytes, command.render.pdf.max_pdf_bytes)
    )
    result: DocumentResult | None = None
    if command.validate:
        result = validate_input(Input(command.source, data=data), engine, command.validation, None)
    rendering = renderer.render(data, command.source, command.format, command.render, result)
    if result is not None and result.verdict is Verdict.ERROR:
        click.echo(f"warning: {command.source}: not validated: {result.error}", err=True)
    if command.output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(rendering)
        sys.stdout.buffer.flush()
    else:
        write_file(command.output, rendering, command.overwrite)
    if result is not None and result.verdict is Verdict.REJECT:
        click.echo(f"{command.source}: rejected; rendered with a banner saying why", err=True)
    return int(EXIT_CODES[result.verdict]) if result is not None else int(ExitCode.OK)
