"""The ``einvoice`` command group: global options, error display and the exit status.

This is the only module that turns an :class:`~einvoice_cli.errors.EinvoiceError` into
``error: ...`` on stderr and exit status 2, and the only one that calls ``sys.exit``
(STYLE.md rule 9). ``--debug`` lets exceptions through with their traceback.
"""

from __future__ import annotations

import sys

import click

from einvoice_cli import __version__
from einvoice_cli.cli.status import ExitCode
from einvoice_cli.errors import EinvoiceError


class EinvoiceGroup(click.Group):
    """A click group that shows einvoice errors as one line, unless ``--debug``."""

    def invoke(self, ctx: click.Context) -> object:
        """Run the command; turn our own exceptions into one-line errors and exit status 2."""
        try:
            return super().invoke(ctx)
        except EinvoiceError as e:
            if ctx.meta.get("einvoice.debug"):
                raise
            click.echo(f"error: {e}", err=True)
            ctx.exit(ExitCode.ERROR)
        except KeyboardInterrupt:
            if ctx.meta.get("einvoice.debug"):
                raise
            click.echo("interrupted", err=True)
            ctx.exit(130)


@click.group(cls=EinvoiceGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="einvoice")
@click.option(
    "--debug",
    is_flag=True,
    help="Show full tracebacks instead of one-line errors.",
)
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Validate and convert e-invoices (XRechnung, EN 16931, Peppol BIS, ZUGFeRD/Factur-X).

    \b
    Examples:
      einvoice validate rechnung.xml
      einvoice validate --format json invoices/ > report.json
      einvoice rules install --from /srv/rules-mirror
    """
    ctx.meta["einvoice.debug"] = debug


def _register() -> None:
    # Each command lives in its own module; importing here keeps `cli` importable by them.
    from einvoice_cli.cli import convert, extract, rules, scenarios, validate

    cli.add_command(validate.validate)
    cli.add_command(extract.extract)
    cli.add_command(rules.rules)
    cli.add_command(scenarios.scenarios)
    cli.add_command(convert.convert)


_register()


def main() -> None:
    """Console-script entry point."""
    try:
        cli.main(prog_name="einvoice", standalone_mode=True)
    except Exception as e:  # last resort: no traceback reaches a user without --debug
        if "--debug" in sys.argv[1:]:
            raise
        click.echo(f"error: internal error ({type(e).__name__}: {e}); rerun with --debug", err=True)
        sys.exit(ExitCode.ERROR)
