"""FIFOs and pipes as inputs (issue 14): the parent process never blocks on an input, a FIFO
that never delivers is one document timed out, and a pipe such as a shell's ``<(command)``
is read once and validated, also by worker processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from einvoice_cli.validation.engine import RuleEngine
from tests.support.corpus import MIRROR, XRECHNUNG_TESTSUITE, require

UBL = XRECHNUNG_TESTSUITE / "business-cases" / "standard" / "01.01a-INVOICE_ubl.xml"
CII = XRECHNUNG_TESTSUITE / "business-cases" / "standard" / "01.01a-INVOICE_uncefact.xml"


def _einvoice(
    args: list[str], rules_cache: Path, pass_fds: tuple[int, ...] = ()
) -> subprocess.CompletedProcess[str]:
    environment = dict(
        os.environ, EINVOICE_CACHE_DIR=str(rules_cache), EINVOICE_RULES_MIRROR=str(MIRROR)
    )
    return subprocess.run(
        [sys.executable, "-c", "from einvoice_cli.cli.main import main; main()", *args],
        capture_output=True,
        text=True,
        env=environment,
        pass_fds=pass_fds,
        timeout=150,  # a hang fails the test instead of holding the suite
        check=False,
    )


def _documents(stdout: str) -> dict[str, Any]:
    return {Path(d["path"]).name: d for d in json.loads(stdout)["documents"]}


def test_a_fifo_that_never_delivers_times_out_and_the_batch_goes_on(
    engine: RuleEngine, rules_cache: Path, tmp_path: Path
) -> None:
    del engine  # the session's rules are compiled into rules_cache
    fifo = tmp_path / "fifo.xml"
    os.mkfifo(fifo)
    listing = tmp_path / "list.txt"
    listing.write_text(f"{require(UBL)}\n{fifo}\n{require(CII)}\n", encoding="utf-8")
    result = _einvoice(
        ["validate", "-f", "json", "-j", "2", "--timeout", "20", "--files-from", str(listing)],
        rules_cache,
    )
    documents = _documents(result.stdout)
    assert documents[UBL.name]["verdict"] == "accept"
    assert documents[CII.name]["verdict"] == "accept"
    assert documents["fifo.xml"]["verdict"] == "error"
    assert "timed out" in documents["fifo.xml"]["error"]
    assert result.returncode == 2


def test_a_pipe_like_process_substitution_is_read_once_by_workers_too(
    engine: RuleEngine, rules_cache: Path
) -> None:
    del engine
    read_end, write_end = os.pipe()
    data = require(UBL).read_bytes()

    def feed() -> None:
        with os.fdopen(write_end, "wb") as stream:
            stream.write(data)

    feeder = threading.Thread(target=feed)
    feeder.start()
    try:
        result = _einvoice(
            ["validate", "-f", "json", "-j", "2", f"/dev/fd/{read_end}", str(require(CII))],
            rules_cache,
            pass_fds=(read_end,),
        )
    finally:
        os.close(read_end)
        feeder.join()
    documents = _documents(result.stdout)
    assert documents[str(read_end)]["verdict"] == "accept", documents
    assert documents[CII.name]["verdict"] == "accept"
    assert result.returncode == 0
