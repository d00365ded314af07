"""A real ``einvoice serve`` in a subprocess on a free loopback port, for tests and benchmarks.

The server is started with ``--port 0`` and says on stderr where it listens; its stderr (the
access log) is kept in a file. Its worker processes are found through ``/proc`` (Linux), so a
test can stop, continue or kill them as a hang or a crash would.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

LISTENING = re.compile(r"listening on (http://\S+)")
START_SECONDS = 180.0
"""Long enough for a first start that compiles the XRechnung rules on a busy machine."""


@dataclass
class RunningServer:
    """One server process."""

    process: subprocess.Popen[bytes]
    url: str
    log: Path

    def log_text(self) -> str:
        """Everything the server wrote on stderr so far."""
        return self.log.read_text(encoding="utf-8", errors="replace")

    def workers(self) -> list[int]:
        """The pids of its validation workers (not multiprocessing's resource tracker)."""
        pids: list[int] = []
        for task in Path(f"/proc/{self.process.pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                try:
                    command = Path(f"/proc/{child}/cmdline").read_bytes()
                except OSError:
                    continue  # it just ended
                if b"spawn_main" in command:
                    pids.append(int(child))
        return sorted(pids)

    def signal_workers(self, signum: int) -> list[int]:
        """Send a signal to every worker; their pids."""
        pids = self.workers()
        for pid in pids:
            os.kill(pid, signum)
        return pids

    def stop(self, timeout: float = 30.0) -> int:
        """SIGTERM, then wait; the exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout)


def start_server(
    log: Path, cache_dir: Path, mirror: Path, args: Sequence[str] = ()
) -> RunningServer:
    """Start ``einvoice serve --port 0 ARGS`` and wait until it listens."""
    env = {
        **os.environ,
        "EINVOICE_CACHE_DIR": str(cache_dir),
        "EINVOICE_RULES_MIRROR": str(mirror),
        "EINVOICE_OFFLINE": "1",
    }
    command = [sys.executable, "-m", "einvoice_cli", "serve", "--port", "0", *args]
    with log.open("wb") as stderr:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr, env=env)
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        found = LISTENING.search(log.read_text(encoding="utf-8", errors="replace"))
        if found:
            return RunningServer(process, found.group(1), log)
        if process.poll() is not None:
            raise RuntimeError(f"the server exited ({process.returncode}):\n{log.read_text()}")
        time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"the server did not listen within {START_SECONDS:g} s:\n{log.read_text()}")
