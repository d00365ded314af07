"""The ``einvoice`` command group: global options, error display and the exit status.

This is the only module that turns an :class:`~einvoice_cli.errors.EinvoiceError` into
``error: ...`` on stderr and exit status 2, and the only one that calls ``sys.exit``
(STYLE.md rule 9). ``--debug`` lets exceptions through with their traceback.
"""

from __future__ import annotations

import difflib
import importlib
import os
import signal
import sys
from collections.abc import Mapping
from types import MappingProxyType
from typing import NoReturn

import click

from einvoice_cli.cli.localized import LocalizedGroup, argv_language, language_of
from einvoice_cli.cli.status import ExitCode
from einvoice_cli.core.languages import LANGUAGES, Language
from einvoice_cli.core.printable import printable
from einvoice_cli.errors import (
    EinvoiceError,
    ErrorKind,
    FetchError,
    InputTooLarge,
    NoSpace,
    OutputError,
    RulePackError,
    Terminated,
)
from einvoice_cli.report.terminal_words import terminal_words

_COMMANDS = {
    "validate": "einvoice_cli.cli.validate:validate",
    "extract": "einvoice_cli.cli.extract:extract",
    "convert": "einvoice_cli.cli.convert:convert",
    "rules": "einvoice_cli.cli.rules:rules",
    "scenarios": "einvoice_cli.cli.scenarios:scenarios",
    "explain": "einvoice_cli.cli.explain:explain",
    "leitweg": "einvoice_cli.cli.leitweg:leitweg",
    "view": "einvoice_cli.cli.view:view",
    "serve": "einvoice_cli.cli.serve:serve",
}
"""Commands by name, imported only when used: `einvoice validate` should not pay for loading
the PDF writer and the converter (start-up time is part of every shell call)."""


class EinvoiceGroup(LocalizedGroup):
    """A click group with lazily imported commands that shows einvoice errors as one line,
    unless ``--debug``."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """All command names, sorted."""
        return sorted({*_COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Import a command's module on first use."""
        if cmd_name in self.commands or cmd_name not in _COMMANDS:
            return super().get_command(ctx, cmd_name)
        module_name, _, attribute = _COMMANDS[cmd_name].partition(":")
        command = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{_COMMANDS[cmd_name]} is not a click command")
        self.add_command(command, cmd_name)
        return command

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """Find the command; for an unknown name, suggest the closest one (click cannot: the
        commands are imported lazily, so it sees no names)."""
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as e:
            known = self.list_commands(ctx)
            close = difflib.get_close_matches(args[0], known, n=1) if args else []
            if close and args[0] not in known:
                raise click.UsageError(f"{e.message} Did you mean {close[0]!r}?", ctx) from e
            raise

    def invoke(self, ctx: click.Context) -> object:
        """Run the command; turn our own exceptions into one-line errors and exit status 2."""
        try:
            return super().invoke(ctx)
        except EinvoiceError as e:
            if ctx.meta.get("einvoice.debug"):
                raise
            click.echo(error_line(e, message_language(ctx)), err=True)
            ctx.exit(ExitCode.ERROR)
        except BrokenPipeError:
            # The reader went away (`| head`): stop quietly with the status a shell gives a
            # process that SIGPIPE ended; what is left unwritten goes nowhere.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(ExitCode.BROKEN_PIPE)
        except Terminated:
            if ctx.meta.get("einvoice.debug"):
                raise
            click.echo(terminal_words(message_language(ctx)).terminated, err=True)
            ctx.exit(ExitCode.TERMINATED)
        except KeyboardInterrupt:
            if ctx.meta.get("einvoice.debug"):
                raise
            click.echo(terminal_words(message_language(ctx)).interrupted, err=True)
            ctx.exit(ExitCode.INTERRUPTED)


_LIMIT_OPTIONS = {
    "max_bytes": "--max-size",
    "max_pdf_bytes": "--max-pdf-size",
    "max_attachments": "--max-pdf-size",
    "max_total_bytes": "--max-total-size",
}
"""The option that raises each limit a core error can name (``InputTooLarge.limit_name``)."""


DOCUMENT_TIPS: Mapping[Language, Mapping[ErrorKind, str]] = MappingProxyType(
    {
        Language.EN: MappingProxyType(
            {
                ErrorKind.TOO_LARGE: "raise the limit with --max-size, or --max-pdf-size for a PDF",
                ErrorKind.RULES_UNAVAILABLE: "run `einvoice rules install`",
                ErrorKind.SCENARIO_MISMATCH: "leave out --scenario, or name a scenario of the "
                "document's syntax: `einvoice scenarios` lists them",
            }
        ),
        Language.DE: MappingProxyType(
            {
                ErrorKind.TOO_LARGE: "Grenze mit --max-size anheben, bei einem PDF mit "
                "--max-pdf-size",
                ErrorKind.RULES_UNAVAILABLE: "`einvoice rules install` ausführen",
                ErrorKind.SCENARIO_MISMATCH: "--scenario weglassen oder ein Szenario der Syntax "
                "des Dokuments nennen: `einvoice scenarios` listet sie",
            }
        ),
    }
)
"""Tips the text report prints after a document's error, by language and kind."""

_TIPS: Mapping[Language, Mapping[str, str]] = MappingProxyType(
    {
        Language.EN: MappingProxyType(
            {
                "limit": "raise the limit with {option}",
                "exists": "--overwrite replaces it",
                "space": "free some space there, or write into a folder on another disk",
                "rules": "install the rules with `einvoice rules install`, or from a mirror with "
                "`einvoice rules install --from DIR|URL` on a machine without internet access",
            }
        ),
        Language.DE: MappingProxyType(
            {
                "limit": "Grenze mit {option} anheben",
                "exists": "--overwrite ersetzt die Datei",
                "space": "zu wenig freier Speicherplatz: {needed} Bytes nötig, {free} frei; "
                "Platz schaffen oder in einen Ordner auf einem anderen Datenträger schreiben",
                "rules": "Regeln mit `einvoice rules install` installieren, ohne Internetzugang "
                "aus einem Spiegel mit `einvoice rules install --from DIR|URL`",
            }
        ),
    }
)


def error_tip(error: EinvoiceError, lang: Language = Language.EN) -> str | None:
    """What a user of the command line can do about an error: the core's messages name no
    option (a library caller has none), so the options are named here, in one place."""
    tips = _TIPS[lang]
    match error:
        case InputTooLarge(limit_name=name) if name in _LIMIT_OPTIONS:
            return tips["limit"].format(option=_LIMIT_OPTIONS[name])
        case OutputError(exists=True):
            return tips["exists"]
        case NoSpace(needed=needed, free=free):
            separator = "." if lang is Language.DE else ","
            return tips["space"].format(
                needed=f"{needed:,}".replace(",", separator),
                free=f"{free:,}".replace(",", separator),
            )
        case FetchError() | RulePackError():
            return tips["rules"]
    return None


def error_line(error: EinvoiceError, lang: Language) -> str:
    """The one line on stderr that reports an error: ``error: what (tip)``, in ``lang``."""
    tip = error_tip(error, lang)
    prefix = terminal_words(lang).error
    return f"{prefix}: {printable(str(error))}" + (f" ({tip})" if tip else "")


def message_language(ctx: click.Context) -> Language:
    """The language of stderr messages: the command's ``--lang`` when it said one, else the
    locale's."""
    return language_of(ctx)


def _print_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    """``--version``: the tool's version, then the configuration and each rule pack with
    whether it is installed here (a bug report needs all three)."""
    if not value or ctx.resilient_parsing:
        return
    # Imported here: only --version needs the catalog and the store.
    from einvoice_cli.core.version import tool_version
    from einvoice_cli.rulepacks.catalog import load_catalog
    from einvoice_cli.rulepacks.store import RuleStore
    from einvoice_cli.settings import Settings

    catalog = load_catalog()
    store = RuleStore(catalog, Settings.from_environment(os.environ).fetch_settings())
    words = terminal_words(message_language(ctx))
    click.echo(f"einvoice, version {tool_version()}")
    for configuration in catalog.configurations:
        click.echo(f"{words.version_configuration}: {configuration.title} ({configuration.id})")
    for pack in catalog.packs.values():
        state = words.installed if store.state(pack).installed else words.not_installed
        click.echo(words.version_pack.format(pack=pack.key, state=state))
    ctx.exit(ExitCode.OK)


@click.group(cls=EinvoiceGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the version, the configuration and the rule packs installed, and exit.",
)
@click.option(
    "--debug",
    is_flag=True,
    help="Show full tracebacks instead of one-line errors.",
)
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES, case_sensitive=False),
    expose_value=False,
    help="Language of the help pages and usage errors (default: from the locale).",
)
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Validate and convert e-invoices (XRechnung, EN 16931, Peppol BIS, ZUGFeRD/Factur-X).

    \b
    Examples:
      einvoice validate rechnung.xml
      einvoice validate --format json invoices/ > report.json
      einvoice rules install --from /srv/rules-mirror
      einvoice view rechnung.xml -o rechnung.pdf
    """
    ctx.meta["einvoice.debug"] = debug


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def main() -> None:
    """Console-script entry point.

    SIGTERM is handled like Ctrl-C, with exit status 143 (128 + 15) instead of 130 (issue 14:
    it left an unterminated JSON report); Ctrl-C before the command runs (while it starts) is
    "interrupted" too, not a traceback.
    """
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        status = cli.main(prog_name="einvoice", standalone_mode=False)
        sys.exit(status if isinstance(status, int) else ExitCode.OK)
    except click.Abort as e:
        # click turns a KeyboardInterrupt outside the command (while it starts) into Abort.
        words = terminal_words(argv_language(sys.argv[1:]))
        if isinstance(e.__cause__, Terminated):
            _stopped(words.terminated, ExitCode.TERMINATED)
        _stopped(words.interrupted, ExitCode.INTERRUPTED)
    except click.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    except Exception as e:  # last resort: no traceback reaches a user without --debug
        if "--debug" in sys.argv[1:]:
            raise
        words = terminal_words(argv_language(sys.argv[1:]))
        detail = words.internal_error.format(detail=f"{type(e).__name__}: {e}")
        click.echo(printable(f"{words.error}: {detail}"), err=True)
        sys.exit(ExitCode.ERROR)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _stopped(word: str, status: int) -> NoReturn:
    click.echo(word, err=True)
    sys.exit(status)
