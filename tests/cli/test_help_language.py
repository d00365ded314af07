"""Help pages and usage errors in German and English (issue 15 item 4: "help where click
allows"): chosen by ``--lang`` on the command line, else by the locale."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from einvoice_cli.cli.localized import german, short_help
from einvoice_cli.cli.main import cli
from tests.conftest import CliRun
from tests.support.corpus import XRECHNUNG_TESTSUITE, require

UBL = XRECHNUNG_TESTSUITE / "business-cases" / "standard" / "01.01a-INVOICE_ubl.xml"


def _commands() -> Iterator[tuple[str, click.Command]]:
    ctx = click.Context(cli)
    pending: list[tuple[str, click.Command]] = [("einvoice", cli)]
    while pending:
        path, command = pending.pop()
        yield path, command
        if isinstance(command, click.Group):
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                assert sub is not None, name
                pending.append((f"{path} {name}", sub))


def _help_texts() -> dict[str, str]:
    """Every help text of ours, by where it is."""
    texts = {}
    for path, command in _commands():
        if command.help:
            texts[path] = inspect.cleandoc(command.help).partition("\f")[0]
        for param in command.params:
            if isinstance(param, click.Option) and param.help:
                texts[f"{path} {param.opts[0]}"] = param.help
    return texts


@pytest.fixture
def locale(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A German locale; LC_ALL and LC_MESSAGES would win over LANG."""
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    yield


def test_every_help_text_has_its_german_and_none_is_left_over() -> None:
    texts = _help_texts()
    assert len(texts) > 80, "the walk found too few help texts"
    table = german().texts
    missing = {where: text for where, text in texts.items() if text not in table}
    assert not missing, f"help texts without German in einvoice_cli/cli/help_de.toml: {missing}"
    used = {*texts.values(), "Show this message and exit."}
    assert not set(table) - used, f"German for help texts no command has: {set(table) - used}"


def test_german_keeps_each_texts_shape() -> None:
    """Paragraphs and click's no-rewrap blocks (examples) survive the translation."""
    for english, translated in german().texts.items():
        assert english.count("\b") == translated.count("\b"), english[:60]
        assert english.count("\n\n") == translated.count("\n\n"), english[:60]
        assert translated != english or english.startswith("einvoice"), english[:60]


def test_the_locale_chooses_german_help(run_cli: CliRun, locale: None) -> None:
    result = run_cli(["--help"])
    assert result.exit_code == 0
    page = result.stdout
    assert page.startswith("Aufruf: einvoice [OPTIONS] COMMAND [ARGS]...")
    for heading in ("Optionen:", "Befehle:", "Beispiele:"):
        assert heading in page
    assert "Diese Hilfe zeigen und beenden." in page
    assert "E-Rechnungen prüfen und für jede ein Ergebnis ausgeben" in page
    for english in ("Usage:", "Options:", "Commands:", "Show this message", "Validate e-invoices"):
        assert english not in page


def test_lang_on_the_command_line_wins_over_the_locale(
    run_cli: CliRun, locale: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    english = run_cli(["validate", "--help", "--lang", "en"]).stdout
    assert english.startswith("Usage: einvoice validate")
    assert "Report format on stdout." in english
    monkeypatch.setenv("LANG", "C.UTF-8")
    page = run_cli(["validate", "--lang=de", "--help"]).stdout
    assert page.startswith("Aufruf: einvoice validate [OPTIONS] [PATH]...")
    assert "Berichtsformat auf stdout." in page
    assert "[Standard: text]" in page and "[default:" not in page
    for text in german().texts.values():
        if text.startswith("Worker-Prozesse, die parallel"):
            assert " ".join(text.split()) in " ".join(page.split())


def test_english_pages_are_clicks_own(run_cli: CliRun, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    page = run_cli(["view", "--help"]).stdout
    assert page.startswith("Usage: einvoice view [OPTIONS] IN")
    assert "Options:" in page and "Show this message and exit." in page


def test_every_command_and_subcommand_has_a_german_page(run_cli: CliRun, locale: None) -> None:
    for path, command in _commands():
        page = run_cli([*path.split()[1:], "--help"]).stdout
        assert page.startswith(f"Aufruf: {path}"), path
        assert command.help is not None
        first = inspect.cleandoc(command.help).split("\n", 1)[0]
        assert first[:30] not in page, f"{path}: English help on the German page"


def test_group_lists_commands_by_their_german_first_sentence() -> None:
    assert short_help("Eine Regel erklären. Mehr dazu.\n\nDetails.", 45) == "Eine Regel erklären."
    assert short_help("Eine lange Zeile, die nicht passt.", 20) == "Eine lange Zeile,..."


@pytest.mark.parametrize(
    ("args", "german_message"),
    [
        (["validate", "--bogus"], "Unbekannte Option '--bogus'."),
        (["valdate"], "Unbekannter Befehl 'valdate'. Meinten Sie 'validate'?"),
        (["validate", "-f", "xml", "x.xml"], "'xml' ist keiner der Werte 'text'"),
        (["validate"], "mindestens einen PATH angeben oder --files-from LIST"),
        (["validate", "--timeout", "abc", "x.xml"], "'abc' ist keine Anzahl Sekunden"),
        (["validate", "--max-size", "viel", "x.xml"], "'viel' ist keine Größe"),
        (["validate", "--jobs"], "Option '--jobs' braucht einen Wert."),
        (["validate", "--jobs", "zwei", "x.xml"], "'zwei' ist keine ganze Zahl."),
        (["validate", "--check-severity", "X", "x.xml"], "RULE=SEVERITY mit error, warning"),
        (["validate", "-", "--files-from", "-"], "nicht beides"),
        (["validate", "-f", "kosit", "a.xml", "b.xml"], "für mehrere --output-dir DIR angeben"),
        (["extract", "x.pdf", "-o", "y.xml", "--all", "d"], "entweder -o/--output oder --all"),
        (["extract", "a.pdf", "b.pdf"], "mehrere PDFs brauchen --all DIR (je einen Ordner"),
        (["rules", "install", "keins"], "unbekanntes Regelpaket 'keins'; bekannte Pakete:"),
        (["convert", "x.xml", "--to", "ubl", "--pdf", "v.pdf"], "--pdf gilt nur für --to facturx"),
        (["serve", "--prepare", "nichts"], "unbekannte Konfiguration nichts; bekannt:"),
        (["explain"], "Argument 'RULE|TERM' fehlt."),
    ],
)
def test_usage_errors_in_german(
    run_cli: CliRun, locale: None, tmp_path: Path, args: list[str], german_message: str
) -> None:
    os.chdir(tmp_path)
    (tmp_path / "x.xml").write_bytes(require(UBL).read_bytes())
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.7\n")
    result = run_cli(args)
    assert result.exit_code == 2
    assert german_message in result.stderr
    assert "Fehler: " in result.stderr and "Error: " not in result.stderr
    assert "Usage:" not in result.stderr and "Try '" not in result.stderr


def test_leitweg_empty_input_and_lang_on_the_command(run_cli: CliRun) -> None:
    result = run_cli(["leitweg", "--lang", "de", "-"], input="")
    assert result.exit_code == 2
    assert "keine Leitweg-ID angegeben (die Standardeingabe war leer)" in result.stderr


def test_the_installed_command_speaks_german(tmp_path: Path) -> None:
    """Through the console script's own entry point (not click's test runner): the usage error,
    and the words before and after a command runs."""
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES")}
    env["LANG"] = "de_DE.UTF-8"
    command = [sys.executable, "-m", "einvoice_cli", "validate", "--jobz", "2"]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 2
    assert result.stderr.startswith("Aufruf: einvoice validate [OPTIONS] [PATH]...\n")
    assert "Hilfe: 'einvoice validate -h'." in result.stderr
    assert "Fehler: Unbekannte Option '--jobz'. Meinten Sie '--jobs'?" in result.stderr
    version = subprocess.run(
        [sys.executable, "-m", "einvoice_cli", "--version"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert "Konfiguration: " in version.stdout and "Regelpaket: xrechnung" in version.stdout


def test_rules_and_scenarios_follow_the_locale(
    run_cli: CliRun, locale: None, tmp_path: Path
) -> None:
    listing = run_cli(["scenarios"])
    assert listing.exit_code == 0
    assert "      Syntax ubl-invoice; Spezifikationskennung\n" in listing.stdout
    assert "      Regeln: " in listing.stdout and "specification id" not in listing.stdout
    packs = run_cli(["rules", "list"])
    assert packs.exit_code == 0
    assert "; Lizenz EUPL-1.2" in packs.stdout and "licence" not in packs.stdout
    assert "installiert aus " in packs.stdout or "nicht installiert" in packs.stdout
    mirror = run_cli(["rules", "mirror", str(tmp_path / "spiegel"), "ubl"])
    assert mirror.exit_code == 0
    assert "gespiegelt: keine" in mirror.stderr or "gespiegelt: ubl" in mirror.stderr
    assert "Dateien nach " in mirror.stderr


def test_defaults_in_words_and_the_groups_lang(run_cli: CliRun, locale: None) -> None:
    for path, _ in _commands():
        page = run_cli([*path.split()[1:], "--help"]).stdout
        assert "[Standard: (the" not in " ".join(page.split()), path
    assert "[Standard: (die Zahl der CPU-Kerne); x>=1]" in run_cli(["validate", "--help"]).stdout
    english = run_cli(["--lang", "en", "--help"]).stdout
    assert english.startswith("Usage: einvoice [OPTIONS] COMMAND [ARGS]...")
    missing = run_cli(["convert", "x.xml"])
    assert "Fehler: Option '--to' fehlt. Zur Wahl:" in missing.stderr
