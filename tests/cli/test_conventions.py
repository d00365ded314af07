"""Command-line conventions (issue 13): "did you mean" for a mistyped command, choices in any
case, FORCE_COLOR, and a broken pipe (``| head``) that ends the command quietly with 141."""

from __future__ import annotations

import subprocess
import sys

import pytest

from einvoice_cli.validation.engine import RuleEngine
from tests.conftest import CliRun
from tests.support.corpus import MIRROR, REPO, XRECHNUNG_TESTSUITE, require

UBL = XRECHNUNG_TESTSUITE / "business-cases" / "standard" / "01.01a-INVOICE_ubl.xml"


def test_a_mistyped_command_gets_a_suggestion(run_cli: CliRun) -> None:
    result = run_cli(["valdate", str(require(UBL))])
    assert result.exit_code == 2
    assert "Did you mean 'validate'?" in result.stderr


@pytest.mark.parametrize("spelling", ["JSON", "Json", "json"])
def test_choices_are_case_insensitive(run_cli: CliRun, spelling: str) -> None:
    result = run_cli(["validate", "-f", spelling, str(require(UBL))])
    assert result.exit_code == 0
    assert result.stdout.startswith('{"tool"')


def test_force_color_colours_the_report_off_a_terminal(
    run_cli: CliRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    result = run_cli(["validate", str(require(UBL))])
    assert "\x1b[" in result.stdout
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run_cli(["validate", str(require(UBL))]).stdout


def test_a_closed_pipe_ends_quietly_with_141(engine: RuleEngine, rules_cache: object) -> None:
    del engine  # the session's rules are compiled into rules_cache
    import os

    environment = dict(
        os.environ, EINVOICE_CACHE_DIR=str(rules_cache), EINVOICE_RULES_MIRROR=str(MIRROR)
    )
    process = subprocess.Popen(
        [sys.executable, "-c", "from einvoice_cli.cli.main import main; main()", "validate",
         "-j", "1", "-f", "json", *([str(require(UBL))] * 80)],
        cwd=REPO,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    assert process.stdout is not None
    process.stdout.read(10)
    process.stdout.close()
    _, stderr = process.communicate(timeout=240)
    assert process.returncode == 141, stderr
    assert b"Traceback" not in stderr and b"Exception ignored" not in stderr
    assert b"error" not in stderr


def test_version_names_the_rule_packs_and_configuration(run_cli: CliRun) -> None:
    run_cli(["validate", "-q", str(require(UBL))])  # the XRechnung packs are installed now
    result = run_cli(["--version"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("einvoice, version ")
    assert any(line.startswith("configuration: ") for line in lines)
    assert any("xrechnung@2.5.0" in line and "installed" in line for line in lines)


@pytest.mark.parametrize(
    ("words", "index"),
    [("einvoice validate sam", "2"), ("einvoice extract sam", "2"), ("einvoice convert sam", "2")],
)
def test_shell_completion_completes_file_names(words: str, index: str) -> None:
    from click.testing import CliRunner

    from einvoice_cli.cli.main import cli

    runner = CliRunner()
    environment = {"_EINVOICE_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": index}
    result = runner.invoke(cli, [], env=environment, prog_name="einvoice")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].startswith("file,")
