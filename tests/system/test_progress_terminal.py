"""The progress bar on a real 80-column terminal (a pseudo-terminal): it fits one line, and a
result printed above it starts on a cleared line instead of after the bar's text."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
from pathlib import Path

from tests.support.corpus import MIRROR, REPO, require

EINVOICE = Path(sys.executable).with_name("einvoice")
SGR = re.compile(r"\x1b\[[0-9;]*m")
"""Colour codes: not cursor movement, so they do not count for where a line starts."""
ERASE = "\r\x1b[2K"
"""How the bar clears its line before it is redrawn or a line is printed above it."""


def run_on_terminal(args: list[str], columns: int = 80, seconds: float = 120) -> str:
    """What ``einvoice ARGS`` writes to a terminal of ``columns`` columns (stdout and stderr
    are the terminal, as in an interactive shell), colour codes removed."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    env = {**os.environ, "EINVOICE_RULES_MIRROR": str(require(MIRROR)), "COLUMNS": str(columns)}
    env.pop("NO_COLOR", None)
    process = subprocess.Popen(
        [str(EINVOICE), *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        cwd=REPO,
        close_fds=True,
    )
    os.close(follower)
    received = b""
    try:
        while select.select([leader], [], [], seconds)[0]:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed with the process
                break
            if not chunk:
                break
            received += chunk
    finally:
        process.wait(timeout=seconds)
        os.close(leader)
    return SGR.sub("", received.decode("utf-8", "replace"))


def test_results_start_on_a_clean_line_and_the_bar_fits_80_columns() -> None:
    shown = run_on_terminal(["validate", "--no-summary", "-j", "2", "samples/"])
    frames = [f for f in re.split(r"\r\x1b\[2K|\r\n|\n", shown) if "validating" in f]
    assert frames, "no progress bar was drawn"
    assert all(len(frame.strip("\x1b[?25lh")) <= 80 for frame in frames), frames
    for label in (
        "REJECT  samples/invalid-invoice.xml",
        "ACCEPT  samples/xrechnung-ubl-invoice.xml",
    ):
        at = shown.index(label)
        before = shown[:at]
        assert before.endswith((ERASE, "\n")), repr(before[-80:])
