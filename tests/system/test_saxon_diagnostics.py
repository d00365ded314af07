"""Saxon's own diagnostics (multi-line, naming the working directory and positions in
generated stylesheets) never reach stderr (issue 13): a rule failure is one line in the
report, and the whole text is kept for --debug."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from einvoice_cli.validation.engine import RuleEngine
from tests.support.corpus import MIRROR, REPO, XRECHNUNG_TESTSUITE, require

WITH_ALLOWANCE = XRECHNUNG_TESTSUITE / "business-cases" / "standard" / "01.20a-INVOICE_ubl.xml"


def test_a_rule_failure_prints_no_saxon_diagnostics(
    engine: RuleEngine, rules_cache: Path, tmp_path: Path
) -> None:
    del engine  # the session's rules are compiled into rules_cache
    text = require(WITH_ALLOWANCE).read_text(encoding="utf-8")
    document = tmp_path / "no.xml"
    document.write_text(text.replace("<cbc:ChargeIndicator>false", "<cbc:ChargeIndicator>no"))
    environment = dict(
        os.environ, EINVOICE_CACHE_DIR=str(rules_cache), EINVOICE_RULES_MIRROR=str(MIRROR)
    )
    result = subprocess.run(
        [sys.executable, "-c", "from einvoice_cli.cli.main import main; main()", "validate",
         "-q", "-j", "1", "--all-rules", str(document)],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("REJECT")
    assert result.stderr == ""
