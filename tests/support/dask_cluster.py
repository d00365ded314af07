"""A real Dask cluster for tests: ``dask scheduler`` and ``dask worker`` processes on loopback.

The scheduler listens on a free port (``--port 0``) and writes its address to a scheduler
file; workers find it there. Workers get the test session's rules cache and the shared mirror
through the environment, as a worker on another machine gets its own. Every process is started
in a session of its own and stopped by its process group at the end.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.support.corpus import MIRROR, REPO, SHARED

DASK = Path(sys.executable).parent / "dask"
START_SECONDS = 120.0
"""How long the scheduler and workers may take to start on a busy machine."""


@dataclass
class DaskProcesses:
    """The scheduler's address and the processes of a test cluster."""

    address: str
    scheduler: subprocess.Popen[bytes]
    workers: list[subprocess.Popen[bytes]]

    def worker_pids(self) -> list[int]:
        """The live worker processes: children of the ``dask worker`` nanny processes started
        by multiprocessing's spawn (not its resource tracker)."""
        pids = []
        for nanny in self.workers:
            # Each thread of the nanny lists the children it started.
            children = " ".join(
                task.joinpath("children").read_text()
                for task in Path(f"/proc/{nanny.pid}/task").iterdir()
            )
            for pid in set(children.split()):
                try:
                    command = Path(f"/proc/{pid}/cmdline").read_bytes()
                    state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
                except OSError:
                    continue  # ended meanwhile
                if b"spawn_main" in command and state != "Z":
                    pids.append(int(pid))
        return pids


def worker_environment(cache: Path) -> dict[str, str]:
    """A worker's environment: its rules cache, the shared mirror, and this checkout."""
    return {
        **os.environ,
        "EINVOICE_CACHE_DIR": str(cache),
        "EINVOICE_RULES_MIRROR": str(MIRROR),
        "EINVOICE_SHARED_DIR": str(SHARED),
        "PYTHONPATH": str(REPO),
        # A task whose worker dies fails at once (KilledWorker); einvoice retries it itself.
        "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "0",
    }


def _start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as stream:
        return subprocess.Popen(
            [str(DASK), *args],
            env=env,
            cwd=REPO,
            stdin=subprocess.DEVNULL,
            stdout=stream,
            stderr=stream,
            start_new_session=True,
        )


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)


@contextmanager
def dask_processes(folder: Path, cache: Path, workers: int = 2) -> Iterator[DaskProcesses]:
    """A scheduler and ``workers`` single-threaded workers, stopped on exit."""
    env = worker_environment(cache)
    scheduler_file = folder / "scheduler.json"
    log = folder / "dask.log"
    scheduler = _start(
        [
            "scheduler",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--no-dashboard",
            "--scheduler-file",
            str(scheduler_file),
        ],
        env,
        log,
    )
    started = [scheduler]
    try:
        deadline = time.monotonic() + START_SECONDS
        while not scheduler_file.exists():
            if scheduler.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"dask scheduler did not start:\n{log.read_text()}")
            time.sleep(0.1)
        address = str(json.loads(scheduler_file.read_text())["address"])
        worker_args = [
            "worker",
            "--scheduler-file",
            str(scheduler_file),
            "--host",
            "127.0.0.1",
            "--nthreads",
            "1",
            "--nworkers",
            "1",
            "--no-dashboard",
            "--death-timeout",
            "60",
        ]
        processes = [_start(worker_args, env, log) for _ in range(workers)]
        started += processes
        yield DaskProcesses(address, scheduler, processes)
    finally:
        for process in reversed(started):
            _stop(process)
