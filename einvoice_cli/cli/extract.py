"""``einvoice extract``: take the invoice XML (or everything embedded) out of a hybrid PDF."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import click

from einvoice_cli.cli.command_words import command_words
from einvoice_cli.cli.localized import LocalizedCommand, language_of
from einvoice_cli.cli.main import error_line, message_language
from einvoice_cli.cli.options import ByteSize
from einvoice_cli.cli.status import ExitCode
from einvoice_cli.cli.stdout import write_stdout
from einvoice_cli.core.input_names import distinct_names
from einvoice_cli.core.languages import LANGUAGES
from einvoice_cli.core.outputs import check_free, safe_file_name, unique_names, write_file
from einvoice_cli.core.printable import printable
from einvoice_cli.errors import EinvoiceError, InputError
from einvoice_cli.hybrid.contents import DEFAULT_MAX_TOTAL_BYTES, extract_all
from einvoice_cli.hybrid.messages import PDF_WORDS, took
from einvoice_cli.hybrid.pdf import DEFAULT_MAX_PDF_BYTES, PdfSettings, extract_invoice
from einvoice_cli.hybrid.pdf.invoice import PdfInvoice
from einvoice_cli.xml.parser import DEFAULT_MAX_BYTES, ParseSettings, parse_xml


@dataclass(frozen=True, slots=True)
class ExtractCommand:
    """The options of one ``einvoice extract`` run."""

    pdfs: tuple[str, ...]
    """The PDFs' paths (``-`` for standard input); several only with :attr:`all_into`."""
    output: Path | None
    """Where the invoice XML goes; ``None`` for standard output."""
    all_into: Path | None
    """The folder for ``--all``; ``None`` to extract the invoice XML only."""
    overwrite: bool
    settings: PdfSettings
    raw: bool = False
    """Write the embedded invoice as it is, also when it is not well-formed, safe XML."""
    max_total_bytes: int = DEFAULT_MAX_TOTAL_BYTES
    """The most ``--all`` writes, all files together."""


@click.command(cls=LocalizedCommand)
@click.argument(
    "pdfs",
    metavar="FILE.pdf...",
    nargs=-1,
    required=True,
    type=click.Path(allow_dash=True, readable=False),
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the invoice XML to this file instead of standard output.",
)
@click.option(
    "--all",
    "all_into",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DIR",
    help="Write every file embedded in the PDF and every supporting document (BG-24) "
    "embedded in the invoice XML into DIR (created if missing), and list them on stdout. "
    "Several PDFs: each into its own folder in DIR, named after the PDF.",
)
@click.option("--overwrite", is_flag=True, help="Replace files that exist.")
@click.option(
    "--raw",
    is_flag=True,
    help="Write the embedded invoice as it is, even when it is not well-formed XML or holds "
    "a DOCTYPE (refused otherwise).",
)
@click.option("--force", "overwrite", is_flag=True, hidden=True, help="Old name of --overwrite.")
@click.option(
    "--max-size",
    type=ByteSize(),
    default=DEFAULT_MAX_PDF_BYTES,
    show_default="128MiB",
    help="Refuse PDFs larger than this.",
)
@click.option(
    "--max-attachment-size",
    type=ByteSize(),
    default=DEFAULT_MAX_BYTES,
    show_default="64MiB",
    help="Refuse embedded files that decompress to more than this.",
)
@click.option(
    "--max-total-size",
    type=ByteSize(),
    default=DEFAULT_MAX_TOTAL_BYTES,
    show_default="256MiB",
    help="With --all, write nothing when the files total more than this.",
)
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES, case_sensitive=False),
    help="Language of the notes on stderr (default: from the locale).",
)
def extract(
    pdfs: tuple[str, ...],
    output: Path | None,
    all_into: Path | None,
    overwrite: bool,
    raw: bool,
    max_size: int,
    max_attachment_size: int,
    max_total_size: int,
    lang: str | None,
) -> None:
    """Take the invoice XML out of a ZUGFeRD / Factur-X PDF.

    The invoice is the embedded file the XMP metadata names, else the one with the standard's
    name (factur-x.xml, xrechnung.xml, zugferd-invoice.xml, ZUGFeRD-invoice.xml), else the
    only embedded XML that is an invoice; stderr says which was taken and why. FILE.pdf may be
    - for standard input. Existing files are never overwritten without --overwrite; file names
    from the PDF are reduced to safe plain names. With --all, several PDFs may be given: each
    one's files go into a folder of DIR named after it (rechnung/), and PDFs of one name from
    different folders get the folders that tell them apart (rechnung~a/, rechnung~b/).

    \b
    Examples:
      einvoice extract rechnung.pdf > rechnung.xml
      einvoice extract rechnung.pdf -o rechnung.xml
      einvoice extract rechnung.pdf --all anhaenge/
      einvoice extract eingang/*.pdf --all anhaenge/
    """
    if output is not None and all_into is not None:
        raise click.UsageError("give either -o/--output or --all, not both")
    if len(pdfs) > 1 and all_into is None:
        raise click.UsageError("several PDFs need --all DIR (one folder each in DIR)")
    command = ExtractCommand(
        pdfs=pdfs,
        output=output,
        all_into=all_into,
        overwrite=overwrite,
        raw=raw,
        settings=PdfSettings(max_pdf_bytes=max_size, max_attachment_bytes=max_attachment_size),
        max_total_bytes=max_total_size,
    )
    execute(command)


def execute(command: ExtractCommand) -> None:
    """Run an extraction; errors propagate as :class:`~einvoice_cli.errors.EinvoiceError`
    (for several PDFs, each one's error is a line on stderr, the others go on, and the
    command exits with status 2)."""
    if command.all_into is not None:
        if len(command.pdfs) == 1:
            _extract_all(command.pdfs[0], command.all_into, command)
            return
        _extract_each(command, command.all_into)
        return
    [pdf] = command.pdfs
    data = _read(pdf, command.settings.max_pdf_bytes)
    invoice = extract_invoice(data, pdf, command.settings)
    words = command_words()
    click.echo(printable(f"{pdf}: {_took(invoice)}"), err=True)
    for other in invoice.others:
        relation = words.identical if other.same_as_chosen else words.differs
        name = other.attachment.name
        also = words.also_embeds.format(pdf=pdf, name=name, relation=relation)
        click.echo(printable(f"{words.warning}: {also}"), err=True)
    if not command.raw:
        _check_xml(invoice.xml, f"{pdf} ({invoice.attachment.name})")
    if command.output is None:
        write_stdout(invoice.xml)
        return
    check_free([command.output], command.overwrite)
    write_file(command.output, invoice.xml, command.overwrite)


def _extract_all(pdf: str, folder: Path, command: ExtractCommand) -> None:
    """``--all``: write what one PDF carries into ``folder``; list the files on stdout."""
    data = _read(pdf, command.settings.max_pdf_bytes)
    extraction = extract_all(
        data,
        pdf,
        folder,
        command.settings,
        command.overwrite,
        max_total_bytes=command.max_total_bytes,
    )
    if extraction.invoice is not None:
        click.echo(printable(f"{pdf}: {_took(extraction.invoice)}"), err=True)
    for note in extraction.notes:
        click.echo(f"{command_words().warning}: {printable(note)}", err=True)
    for written in extraction.written:
        click.echo(printable(str(written.path)))


def _extract_each(command: ExtractCommand, folder: Path) -> None:
    """``--all`` with several PDFs: each into its own folder of ``folder``, named after it, so
    two PDFs never overwrite or mix their files (issue 13); a PDF that fails is one line on
    stderr and the others go on."""
    names = unique_names(
        safe_file_name(name, "document")
        for name in distinct_names(command.pdfs, drop_extension=True)
    )
    failed = False
    for pdf, name in zip(command.pdfs, names, strict=True):
        try:
            _extract_all(pdf, folder / name, command)
        except EinvoiceError as e:
            ctx = click.get_current_context()
            if ctx.meta.get("einvoice.debug"):
                raise
            click.echo(error_line(e, message_language(ctx)), err=True)
            failed = True
    if failed:
        raise click.exceptions.Exit(ExitCode.ERROR)


def _took(invoice: PdfInvoice) -> str:
    """Which embedded file was taken as the invoice, and why."""
    words = PDF_WORDS[language_of(click.get_current_context(silent=True))]
    return took(words, invoice.choice, invoice.attachment.name, len(invoice.others) + 1)


def _check_xml(xml: bytes, name: str) -> None:
    """Refuse to hand on an embedded "invoice" that is not well-formed, safe XML (random
    bytes, empty, a DOCTYPE: issue 14), parsed as ``validate`` parses documents."""
    try:
        parse_xml(xml, name, ParseSettings(max_bytes=max(len(xml), 1)))
    except InputError as e:
        raise InputError(
            f"the embedded invoice is not well-formed, safe XML ({e}); nothing was written "
            "(--raw writes it anyway)"
        ) from e


def _read(path: str, max_bytes: int) -> bytes:
    """The PDF's bytes, read no further than one byte past the limit."""
    try:
        if path == "-":
            data = sys.stdin.buffer.read(max_bytes + 1)
        else:
            with Path(path).open("rb") as stream:
                data = stream.read(max_bytes + 1)
    except IsADirectoryError as e:
        raise InputError(f"{path}: is a directory") from e
    except OSError as e:
        raise InputError(f"{path}: cannot be read ({e.strerror or e})") from e
    if len(data) > max_bytes:
        raise InputError(
            f"{path}: over the PDF size limit of {max_bytes:,} bytes (raise it with --max-size)"
        )
    return data
