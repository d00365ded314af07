"""A document written to standard output either arrives whole or the command fails with exit
status 2 and says so (issue 14): a full disk (``/dev/full``) or a file size limit
(``ulimit -f``) must not leave a truncated file behind a success."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.corpus import MIRROR, XRECHNUNG_TESTSUITE, ZUGFERD, require

EINFACH = ZUGFERD / "XML-Rechnung" / "FX" / "EN16931_Einfach.pdf"
UBL = XRECHNUNG_TESTSUITE / "business-cases" / "standard" / "01.01a-INVOICE_ubl.xml"
LIMIT = 2048


def _commands() -> dict[str, list[str]]:
    return {
        "extract": ["extract", str(require(EINFACH))],
        "convert": ["convert", str(require(UBL)), "--to", "cii"],
    }


def _limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


def _run(
    args: list[str], stdout: int, rules_cache: Path, limited: bool
) -> subprocess.CompletedProcess[bytes]:
    environment = dict(
        os.environ, EINVOICE_CACHE_DIR=str(rules_cache), EINVOICE_RULES_MIRROR=str(MIRROR)
    )
    return subprocess.run(
        [sys.executable, "-c", "from einvoice_cli.cli.main import main; main()", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        env=environment,
        preexec_fn=_limit_file_size if limited else None,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize("command", ["extract", "convert"])
def test_a_file_size_limit_is_a_failure_not_a_truncated_success(
    command: str, tmp_path: Path, rules_cache: Path
) -> None:
    # Once without a limit: the rules cache is filled (and may be written) first.
    assert (
        _run(_commands()[command], subprocess.DEVNULL, rules_cache, limited=False).returncode == 0
    )
    target = tmp_path / "out.xml"
    with target.open("wb") as stream:
        result = _run(_commands()[command], stream.fileno(), rules_cache, limited=True)
    stderr = result.stderr.decode()
    assert result.returncode == 2, stderr
    assert "standard output" in stderr and "incomplete" in stderr
    assert "internal error" not in stderr
    assert "converted; written to -" not in stderr
    assert target.stat().st_size <= LIMIT


@pytest.mark.parametrize("command", ["extract", "convert"])
def test_a_full_disk_is_a_clear_failure(command: str, rules_cache: Path) -> None:
    with Path("/dev/full").open("wb") as full:
        result = _run(_commands()[command], full.fileno(), rules_cache, limited=False)
    stderr = result.stderr.decode()
    assert result.returncode == 2, stderr
    assert "standard output" in stderr and "No space left on device" in stderr
    assert "internal error" not in stderr
