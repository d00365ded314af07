"""Signals (issue 14): SIGTERM is handled like Ctrl-C (the reports of what is done are
finished, the JSON stays valid) with exit status 143, Ctrl-C while the command starts
prints "interrupted", not a traceback, and neither waits for a long Saxon transform, also
with ``--jobs 1``."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from einvoice_cli.cli import main as main_module
from tests.support.corpus import REPO, XRECHNUNG_TESTSUITE, require
from tests.support.scaled import invoice_with_lines

UBL = XRECHNUNG_TESTSUITE / "business-cases" / "standard" / "01.01a-INVOICE_ubl.xml"
SLOW_LINES = 40_000
"""Lines of the slow document: its validation takes some 20 s on the development machine (the
compiled rules cost time linear in lines; ``benchmarks/scale_bench.py``). The test says so if
the document is done before the signal."""
PROMPT_SECONDS = 10.0
"""How soon after the signal the command must have exited, its reports finished."""


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


@pytest.mark.parametrize(
    ("signum", "status", "word", "to_group"),
    [
        pytest.param(signal.SIGINT, 130, "interrupted", True, id="ctrl-c"),
        pytest.param(signal.SIGTERM, 143, "terminated", False, id="sigterm"),
    ],
)
def test_a_signal_does_not_wait_for_a_long_transform(
    tmp_path: Path, signum: signal.Signals, status: int, word: str, to_group: bool
) -> None:
    """With --jobs 1 a document's Saxon transform ran in the einvoice process and held it until
    the transform ended (minutes on a large document); a signal now stops the run at once."""
    shutil.copyfile(require(UBL), tmp_path / "a.xml")
    (tmp_path / "slow.xml").write_bytes(invoice_with_lines(SLOW_LINES, failing=False))
    reports = tmp_path / "reports"
    process = subprocess.Popen(
        [sys.executable, "-m", "einvoice_cli", "validate", "-j", "1", "-f", "json",
         "--output-dir", str(reports), str(tmp_path / "a.xml"), str(tmp_path / "slow.xml")],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # Ctrl-C on a terminal signals the whole process group
    )  # fmt: skip
    deadline = time.monotonic() + 180
    while not (reports / "a.xml.json").exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the first document was not validated"
        time.sleep(0.2)
    time.sleep(1.0)  # the slow document is being validated
    assert process.poll() is None, "the slow document was validated too soon for this test"
    if to_group:
        os.killpg(process.pid, signum)
    else:
        process.send_signal(signum)
    sent = time.monotonic()
    try:
        stdout, stderr = process.communicate(timeout=PROMPT_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail(f"still running {PROMPT_SECONDS:g} s after {signum.name}")
    assert time.monotonic() - sent < PROMPT_SECONDS
    assert process.returncode == status, stderr
    report = json.loads(stdout.decode())
    assert [Path(d["path"]).name for d in report["documents"]] == ["a.xml"]
    assert report["summary"]["documents"] == 1
    written = json.loads((reports / "a.xml.json").read_text(encoding="utf-8"))
    assert [d["verdict"] for d in written["documents"]] == ["accept"]
    assert not (reports / "slow.xml.json").exists()
    assert stderr.decode().splitlines()[-1] == word
