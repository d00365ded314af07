"""Signals (issue 14): SIGTERM is handled like Ctrl-C (the reports of what is done are
finished, the JSON stays valid) with exit status 143, and Ctrl-C while the command starts
prints "interrupted", not a traceback."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from einvoice_cli.cli import main as main_module
from tests.support.corpus import REPO, XRECHNUNG_TESTSUITE, require

UBL = XRECHNUNG_TESTSUITE / "business-cases" / "standard" / "01.01a-INVOICE_ubl.xml"


def test_sigterm_finishes_the_report_and_exits_143(tmp_path: Path) -> None:
    paths = []
    for name in ("a.xml", "b.xml", "hang.xml", "c.xml"):
        shutil.copyfile(require(UBL), tmp_path / name)
        paths.append(str(tmp_path / name))
    reports = tmp_path / "reports"
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.support.batch_hooks", "validate", "-j", "1", "-f", "json",
         "--output-dir", str(reports), *paths],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    pid_file = tmp_path / "hang.xml.pid"
    deadline = time.monotonic() + 180
    while not (pid_file.exists() and (reports / "b.xml.json").exists()):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the batch did not get to the hanging document"
        time.sleep(0.2)
    process.send_signal(signal.SIGTERM)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 143, stderr
    report = json.loads(stdout.decode())
    assert [Path(d["path"]).name for d in report["documents"]] == ["a.xml", "b.xml"]
    assert report["summary"]["documents"] == 2
    assert stderr.decode().splitlines()[-1] == "terminated"


def test_ctrl_c_while_starting_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(main_module.EinvoiceGroup, "get_command", interrupted)
    monkeypatch.setattr(sys, "argv", ["einvoice", "validate", str(require(UBL))])
    with pytest.raises(SystemExit) as stop:
        main_module.main()
    assert stop.value.code == 130
    captured = capsys.readouterr()
    assert captured.err.strip() == "interrupted"
    assert "Traceback" not in captured.err
