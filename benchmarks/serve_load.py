"""Load on ``einvoice serve`` over loopback, side by side with the batch CLI and one-shot calls.

Not a test: run it by hand. Everything runs in one go, so the figures compare (shared machines
are noisy; never compare figures across runs).

    python benchmarks/serve_load.py [--documents 1000] [--clients 1,8,32] [--workers 2]
                                    [--route json|kosit] [--one-shot 10] [--rounds 2]

(a) the server (``--workers`` workers, rules prepared) gets the documents (the XRechnung test
    suite repeated up to ``--documents``) from N concurrent keep-alive connections of wrk (a
    C load generator; ``serve_load.lua`` sends each document once), one document per request,
    for every N of ``--clients``: throughput (documents/s), p50/p99 latency of a request, and
    the CPU time per document of the server's parent process, of its workers and of wrk
    (from /proc and getrusage: unlike wall time, a busy machine does not distort it much);
(b) ``einvoice validate --jobs WORKERS --format jsonl`` over the same documents, one process,
    start-up included: documents/s, and CPU time per document of the command and its workers
    ("CPU vs batch" in (a) is that over the server's, parent, workers and client together: the
    throughput ratio were both to keep every core of an otherwise idle machine busy);
(c) ``einvoice validate FILE`` as a new process per document: median time per call;
(d) resident memory of each server worker after the load;
(e) for scale on a busy machine: the same documents validated in this process with a warm
    engine (no HTTP, no worker), median per document; and ``GET /server/health`` (HTTP, no
    worker), median per request.

Rounds (``--rounds``, default 2) alternate the server's loads and the batch CLI; the figures
are medians over the rounds.

Targets (issue 12): throughput at least 90 % of (b); p50 under 25 ms at one client; a worker
within the batch's 300 MiB. ``--route kosit`` measures the KoSIT route (report XML made too)
instead of ``/api/v1/validate``.

Requires wrk (Debian: ``apt-get install wrk``); the load generator must not take the CPU the
workers need, or the figures measure the client (an asyncio client took 1.5-2.9 ms of CPU per
request, up to half of what a worker takes for the document).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.corpus import MIRROR, XRECHNUNG_TESTSUITE  # noqa: E402
from tests.support.server import RunningServer, start_server  # noqa: E402

BATCH_RSS_TARGET = 300 * 1024**2
REQUEST_TIMEOUT = 60.0
NODELAY = [(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]


def documents(count: int) -> list[Path]:
    suite = sorted(XRECHNUNG_TESTSUITE.rglob("*.xml"))
    return [suite[i % len(suite)] for i in range(count)]


WRK_SCRIPT = ROOT / "benchmarks" / "serve_load.lua"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True, slots=True)
class Load:
    """One load: every document once from ``clients`` concurrent connections."""

    clients: int
    seconds: float
    p50: float
    p99: float
    server_cpu: float
    """CPU seconds of the server's parent process (HTTP, routing, pool, formatting, logging)."""
    worker_cpu: float
    client_cpu: float


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process (all its threads), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def load(server: RunningServer, listing: Path, count: int, clients: int, route: str) -> Load:
    """Send every document of ``listing`` once with wrk; wall time, latencies, CPU by process.

    wrk is a C load generator: one thread, ``clients`` keep-alive connections, the requests
    made before the clock starts (``serve_load.lua``), so the client takes little of the CPU
    the workers need. CPU is counted per process from /proc, which a busy machine does not
    distort as it does wall time.
    """
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("this benchmark requires wrk (Debian: apt-get install wrk)")
    workers = server.workers()
    server_before = cpu_seconds(server.process.pid)
    workers_before = sum(cpu_seconds(pid) for pid in workers)
    client_before = children_cpu()
    command = [wrk, "-t1", f"-c{clients}", "-d600s", "--timeout", f"{REQUEST_TIMEOUT:g}s"]
    command += ["-s", str(WRK_SCRIPT), server.url, "--", str(listing), route]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    # The script stops its thread after the last answer and says so; wrk itself would wait
    # out its duration, so it is interrupted then (it prints its figures on SIGINT).
    finished = None
    for line in process.stdout:
        if line.startswith("finished "):
            finished = float(line.split()[1])
            process.send_signal(signal.SIGINT)
            break
    output, errors = process.communicate()
    client_cpu = children_cpu() - client_before
    server_cpu = cpu_seconds(server.process.pid) - server_before
    if server.workers() != workers:
        raise RuntimeError("a worker was replaced during the load: its CPU would be lost")
    worker_cpu = sum(cpu_seconds(pid) for pid in workers) - workers_before
    found = re.search(r"^result (\d+) (\d+) (\d+) (\d+) (\d+)$", output, re.M)
    if finished is None or found is None:
        raise RuntimeError(f"wrk failed ({process.returncode}): {output}{errors}")
    answered, bad, p50, p99, status = (int(g) for g in found.groups())
    if bad or answered != count:
        raise RuntimeError(f"{answered} of {count} answered, {bad} not 200/406 (first {status})")
    return Load(clients, finished, p50 / 1e6, p99 / 1e6, server_cpu, worker_cpu, client_cpu)


async def probe(url: str, count: int) -> list[float]:
    """Latencies of a request that needs no worker: what the machine and HTTP cost."""
    transport = httpx.AsyncHTTPTransport(socket_options=NODELAY)
    times = []
    async with httpx.AsyncClient(base_url=url, transport=transport) as http:
        for _ in range(count):
            started = time.perf_counter()
            await http.get("/server/health")
            times.append(time.perf_counter() - started)
    return times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def batch(listing: Path, workers: int, cache: Path) -> tuple[float, float]:
    """``einvoice validate --jobs WORKERS`` over the listing: wall seconds, CPU seconds of the
    command and its workers together."""
    command = [sys.executable, "-m", "einvoice_cli", "validate", "--jobs", str(workers)]
    command += ["--format", "jsonl", "--files-from", str(listing), "--cache-dir", str(cache)]
    cpu_before = children_cpu()
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise RuntimeError(done.stderr.decode())
    return elapsed, children_cpu() - cpu_before


def one_shot(paths: list[Path], cache: Path) -> list[float]:
    times = []
    for path in paths:
        command = [sys.executable, "-m", "einvoice_cli", "validate", "--cache-dir", str(cache)]
        started = time.perf_counter()
        subprocess.run([*command, str(path)], capture_output=True, check=False)
        times.append(time.perf_counter() - started)
    return times


def in_process(paths: list[Path], cache: Path) -> list[float]:
    from einvoice_cli.rulepacks.catalog import load_catalog
    from einvoice_cli.rulepacks.fetch import FetchSettings
    from einvoice_cli.rulepacks.store import RuleStore
    from einvoice_cli.validation.engine import RuleEngine
    from einvoice_cli.validation.inputs import Input
    from einvoice_cli.validation.pipeline import ValidationOptions, validate_input

    settings = FetchSettings(cache_dir=cache, mirror=str(MIRROR), allow_network=False)
    engine = RuleEngine(RuleStore(load_catalog(), settings))
    options = ValidationOptions()
    items = [Input(p.name, data=p.read_bytes()) for p in paths]
    for item in items:  # warm: compile the rules
        validate_input(item, engine, options, None)
    times = []
    for item in items:
        started = time.perf_counter()
        validate_input(item, engine, options, None)
        times.append(time.perf_counter() - started)
    return times


def worker_rss(server: RunningServer) -> list[int]:
    sizes = []
    for pid in server.workers():
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) * 1024)
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--clients", default="1,8,32")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--route", choices=("json", "kosit"), default="json")
    parser.add_argument("--one-shot", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    paths = documents(args.documents)
    levels = [int(n) for n in args.clients.split(",")]
    with tempfile.TemporaryDirectory() as folder:
        cache = Path(folder) / "cache"
        listing = Path(folder) / "documents.txt"
        listing.write_text("".join(f"{p}\n" for p in paths), encoding="utf-8")
        warm = Path(folder) / "warm.txt"
        warm.write_text("".join(f"{p}\n" for p in paths[:100]), encoding="utf-8")
        server = start_server(
            Path(folder) / "server.log",
            cache,
            MIRROR,
            ["--workers", str(args.workers), "--queue", str(max(levels) * 2)],
        )
        served: dict[int, list[Load]] = {n: [] for n in levels}
        batches: list[tuple[float, float]] = []
        try:
            load(server, warm, 100, 2, args.route)  # warm: first documents
            # Rounds alternate the server and the batch CLI, so a change in the machine's load
            # affects both sides of a ratio alike; medians over the rounds.
            for _ in range(args.rounds):
                for n in levels:
                    served[n].append(load(server, listing, len(paths), n, args.route))
                batches.append(batch(listing, args.workers, cache))
            health = asyncio.run(probe(server.url, 50))
            rss = worker_rss(server)
        finally:
            status = server.stop()
        shots = one_shot(paths[: args.one_shot], cache)
        local = in_process(paths[:100], cache)

    count = len(paths)
    batch_rate = count / statistics.median(seconds for seconds, _ in batches)
    batch_cpu = statistics.median(cpu for _, cpu in batches) / count * 1000
    print(
        f"{count} documents (XRechnung test suite repeated), {args.workers} workers, "
        f"medians of {args.rounds} rounds; load average {os.getloadavg()[0]:.2f} at the end"
    )
    print(
        f"{'':30}{'docs/s':>8}{'vs batch':>9}{'p50 ms':>8}{'p99 ms':>8}"
        f"{'CPU ms per document: server':>29}{'workers':>8}{'client':>7}{'client %':>9}"
        f"{'CPU vs batch':>13}"
    )
    for clients, rounds in served.items():
        rate = count / statistics.median(r.seconds for r in rounds)
        p50 = statistics.median(r.p50 for r in rounds) * 1000
        p99 = statistics.median(r.p99 for r in rounds) * 1000
        server_ms = statistics.median(r.server_cpu for r in rounds) / count * 1000
        worker_ms = statistics.median(r.worker_cpu for r in rounds) / count * 1000
        client_ms = statistics.median(r.client_cpu for r in rounds) / count * 1000
        total_ms = server_ms + worker_ms + client_ms
        # The batch's CPU per document over the server's (client included): the throughput
        # ratio were both to keep every core of an otherwise idle machine busy.
        print(
            f"serve {args.route:5} {clients:3} client(s){'':9}{rate:8.1f}{rate / batch_rate:9.0%}"
            f"{p50:8.1f}{p99:8.1f}{server_ms:29.2f}{worker_ms:8.2f}{client_ms:7.2f}"
            f"{client_ms / total_ms:9.0%}{batch_cpu / total_ms:13.0%}"
        )
    print(
        f"validate --jobs {args.workers} (start-up incl.){'':2}{batch_rate:8.1f}{1:9.0%}"
        f"{'':16}{'(command and workers)':>21}{batch_cpu:8.2f}"
    )
    median = statistics.median(shots)
    print(f"one-shot validate, per call{'':3}{1 / median:8.1f}{'':9}{median * 1000:8.1f}")
    print(f"in-process warm validation, per document{'':7}{statistics.median(local) * 1000:8.1f}")
    print(f"GET /server/health (no worker), 1 client{'':7}{statistics.median(health) * 1000:8.1f}")
    print(
        "worker RSS MiB: "
        + ", ".join(f"{size / 1024**2:.0f}" for size in rss)
        + f" (target {BATCH_RSS_TARGET / 1024**2:.0f}); server exit status {status}"
    )


if __name__ == "__main__":
    main()
