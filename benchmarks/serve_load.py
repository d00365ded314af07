"""Load on ``einvoice serve`` over loopback, side by side with the batch CLI and one-shot calls.

Not a test: run it by hand. Everything runs in one go, so the figures compare (shared machines
are noisy; never compare figures across runs).

    python benchmarks/serve_load.py [--documents 1000] [--clients 1,8,32] [--workers 2]
                                    [--route json|kosit] [--one-shot 10] [--rounds 2]

(a) the server (``--workers`` workers, rules prepared) gets the documents (the XRechnung test
    suite repeated up to ``--documents``) from N concurrent asyncio clients, each with its own
    keep-alive connection, one document per request, for every N of ``--clients``:
    throughput (documents/s) and p50/p99 latency of a request;
(b) ``einvoice validate --jobs WORKERS --format jsonl`` over the same documents, one process,
    start-up included: documents/s;
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
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import statistics
import subprocess
import sys
import tempfile
import time
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


async def load(url: str, paths: list[Path], clients: int, route: str) -> tuple[float, list[float]]:
    """Send every document once from ``clients`` concurrent clients; wall time and latencies."""
    bodies = [p.read_bytes() for p in paths]
    target = "/api/v1/validate" if route == "json" else "/{name}"
    latencies: list[float] = []
    queue: asyncio.Queue[tuple[str, bytes]] = asyncio.Queue()
    for path, body in zip(paths, bodies, strict=True):
        queue.put_nowait((path.name, body))

    async def client() -> None:
        # TCP_NODELAY, as curl sets it: without it the body, written after the headers, waits
        # for the server's delayed ACK (40 ms on Linux) and every latency measures that.
        transport = httpx.AsyncHTTPTransport(socket_options=NODELAY)
        async with httpx.AsyncClient(
            base_url=url, timeout=REQUEST_TIMEOUT, transport=transport
        ) as http:
            while not queue.empty():
                name, body = queue.get_nowait()
                started = time.perf_counter()
                answer = await http.post(target.format(name=name), content=body)
                latencies.append(time.perf_counter() - started)
                if answer.status_code not in (200, 406):
                    raise RuntimeError(f"{name}: {answer.status_code} {answer.text[:200]}")

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return time.perf_counter() - started, latencies


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


def batch(paths: list[Path], workers: int, cache: Path) -> float:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
        listing.write("".join(f"{p}\n" for p in paths))
    command = [sys.executable, "-m", "einvoice_cli", "validate", "--jobs", str(workers)]
    command += ["--format", "jsonl", "--files-from", listing.name, "--cache-dir", str(cache)]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise RuntimeError(done.stderr.decode())
    Path(listing.name).unlink()
    return elapsed


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
        server = start_server(
            Path(folder) / "server.log",
            cache,
            MIRROR,
            ["--workers", str(args.workers), "--queue", str(max(levels) * 2)],
        )
        served: dict[int, list[tuple[float, list[float]]]] = {n: [] for n in levels}
        batches: list[float] = []
        try:
            asyncio.run(load(server.url, paths[:100], 2, args.route))  # warm: first documents
            # Rounds alternate the server and the batch CLI, so a change in the machine's load
            # affects both sides of a ratio alike; medians over the rounds.
            for _ in range(args.rounds):
                for n in levels:
                    served[n].append(asyncio.run(load(server.url, paths, n, args.route)))
                batches.append(batch(paths, args.workers, cache))
            health = asyncio.run(probe(server.url, 50))
            rss = worker_rss(server)
        finally:
            status = server.stop()
        shots = one_shot(paths[: args.one_shot], cache)
        local = in_process(paths[:100], cache)

    batch_rate = len(paths) / statistics.median(batches)
    print(
        f"{len(paths)} documents (XRechnung test suite repeated), {args.workers} workers, "
        f"medians of {args.rounds} rounds"
    )
    print(f"{'':34}{'docs/s':>9}{'vs batch':>10}{'p50 ms':>9}{'p99 ms':>9}")
    for clients, rounds in served.items():
        rate = len(paths) / statistics.median(seconds for seconds, _ in rounds)
        p50 = statistics.median(percentile(latencies, 0.5) for _, latencies in rounds)
        p99 = statistics.median(percentile(latencies, 0.99) for _, latencies in rounds)
        print(
            f"serve {args.route:5} {clients:3} client(s){'':13}{rate:9.1f}"
            f"{rate / batch_rate:9.0%}{p50 * 1000:9.1f}{p99 * 1000:9.1f}"
        )
    print(f"validate --jobs {args.workers} (start-up included){'':2}{batch_rate:9.1f}{1:9.0%}")
    median = statistics.median(shots)
    print(f"one-shot validate, per call{'':7}{1 / median:9.1f}{'':10}{median * 1000:9.1f}")
    print(f"in-process warm validation, per document{'':24}{statistics.median(local) * 1000:9.1f}")
    print(f"GET /server/health (no worker), 1 client{'':24}{statistics.median(health) * 1000:9.1f}")
    print(
        "worker RSS MiB: "
        + ", ".join(f"{size / 1024**2:.0f}" for size in rss)
        + f" (target {BATCH_RSS_TARGET / 1024**2:.0f}); server exit status {status}"
    )


if __name__ == "__main__":
    main()
