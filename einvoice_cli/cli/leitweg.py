"""``einvoice leitweg``: check Leitweg-IDs (structure and MOD 97-10 check digits)."""

from __future__ import annotations

import json
import sys

import click

from einvoice_cli.checks.leitweg import LeitwegCheck, check_leitweg_id
from einvoice_cli.cli.localized import LocalizedCommand
from einvoice_cli.cli.status import ExitCode
from einvoice_cli.cli.validate_run import default_language
from einvoice_cli.core.languages import LANGUAGES

_VALID = {"en": ("valid", "invalid"), "de": ("gültig", "ungültig")}


@click.command(cls=LocalizedCommand)
@click.argument("ids", nargs=-1, metavar="[ID]...")
@click.option(
    "--format",
    "-f",
    "output_format",
    type=click.Choice(["text", "json"], case_sensitive=False),
    default="text",
    show_default=True,
    help="Report format on stdout.",
)
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES, case_sensitive=False),
    help="Language of the messages.",
    show_default="de under a German locale, else en",
)
def leitweg(ids: tuple[str, ...], output_format: str, lang: str | None) -> None:
    """Check Leitweg-IDs: structure and check digits (Leitweg-ID format specification 2.0.2).

    A Leitweg-ID is a Grobadressierung of 2 to 12 digits starting with a Land code (01-16) or
    99 (Bund), an optional Feinadressierung of up to 30 letters and digits, and two check
    digits (ISO/IEC 7064 MOD 97-10), separated by '-'. For a wrong ID the report says what is
    wrong and, for wrong check digits, which ones are right. Without ID (or with -) the IDs
    are read from standard input, one per line.

    Exit status: 0 every ID valid, 1 at least one invalid, 2 a usage error.

    \b
    Examples:
      einvoice leitweg 04011000-1234512345-06 992-90009-96
      cut -d';' -f3 kunden.csv | einvoice leitweg --format json
    """
    language = lang or default_language()
    given = list(ids) or ["-"]
    results: list[LeitwegCheck] = []
    for item in given:
        if item == "-":
            if sys.stdin.isatty():
                raise click.UsageError("give at least one ID, or pipe IDs into standard input")
            results.extend(check_leitweg_id(line) for line in sys.stdin if line.strip())
        else:
            results.append(check_leitweg_id(item))
    if not results:
        raise click.UsageError("no Leitweg-ID given (standard input was empty)")
    if output_format == "json":
        click.echo(json.dumps({"leitweg_ids": [_to_json(r, language) for r in results]}, indent=2))
    else:
        valid_word, invalid_word = _VALID[language]
        for result in results:
            if result.valid:
                click.echo(f"{valid_word:<9} {result.leitweg_id}")
            else:
                click.echo(f"{invalid_word:<9} {result.leitweg_id}: {result.message(language)}")
    all_valid = all(r.valid for r in results)
    click.get_current_context().exit(ExitCode.OK if all_valid else ExitCode.REJECTED)


def _to_json(result: LeitwegCheck, lang: str) -> dict[str, object]:
    return {
        "id": result.leitweg_id,
        "valid": result.valid,
        "expected_check_digits": result.expected_check_digits,
        "problems": [
            {"problem": i.problem.value, "message": i.message(lang)} for i in result.issues
        ],
    }
