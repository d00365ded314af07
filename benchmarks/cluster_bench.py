"""Throughput of `einvoice validate --cluster local:2` against the local pool (`--jobs 2`).

Not a test, and not run by CI: run it by hand (it needs the dask extra).

    python benchmarks/cluster_bench.py [--documents 2000] [--runs 3] [--chunks 1,10,50,200]

The documents are the XRechnung test suite repeated to --documents. Every figure is the median
of --runs rounds; within a round the measurements run one after the other in an order that
rotates, so all see the same load (shared machines are noisy: compare figures of one run only).
Before the first round the rules are installed and compiled to XSLT (the disk cache).

(a) whole command: `einvoice validate --format jsonl --files-from LIST` with `--jobs 2` and
    with `--cluster local:2` (starting the cluster, and the workers preparing the rules their
    documents need, included), and the CPU seconds of each command's processes, which other
    work on a shared machine changes less than the wall time;
(b) steady state: documents/s of an already started LocalCluster of two single-threaded
    workers with warm engines (`ClusterSettings(warm=True)`: every scenario's rules prepared
    before the first round), against the pool's documents/s over the
    same list measured inside one process (`validate_batch`, jobs=2, workers started and their
    rules prepared by a first untimed batch is not possible for a pool that ends with its batch,
    so its figure includes its start: the pool's start is cheap next to 2,000 documents);
(c) scheduler cost per task: the steady-state run with fixed chunk sizes; the seconds per task
    are the extra time of small chunks over the largest, divided by the extra tasks;
(d) documents/s per worker core (b, cluster, divided by the workers) and the sizing line the
    README quotes: N cores validate about X million invoices an hour.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from distributed import Client

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from einvoice_cli.batch import BatchSettings, validate_batch  # noqa: E402
from einvoice_cli.cluster import ClusterAddress, ClusterSettings, open_client  # noqa: E402
from einvoice_cli.cluster.executor import validate_on_cluster  # noqa: E402
from einvoice_cli.rulepacks.fetch import FetchSettings  # noqa: E402
from einvoice_cli.validation.inputs import Input  # noqa: E402
from tests.support.corpus import MIRROR, XRECHNUNG_TESTSUITE  # noqa: E402

EINVOICE = [sys.executable, "-c", "from einvoice_cli.cli.main import main; main()"]
WORKERS = 2


def _documents(count: int) -> list[Path]:
    suite = sorted(p for p in XRECHNUNG_TESTSUITE.rglob("*.xml") if p.is_file())
    if not suite:
        raise SystemExit(f"no documents under {XRECHNUNG_TESTSUITE}; set EINVOICE_SHARED_DIR")
    return [suite[i % len(suite)] for i in range(count)]


def _timed(action: Callable[[], int]) -> tuple[float, int]:
    start = time.perf_counter()
    documents = action()
    return time.perf_counter() - start, documents


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _command(
    args: list[str], listing: Path, cache: Path, cpu: list[float] | None = None
) -> Callable[[], int]:
    """The command as a measurement; ``cpu`` collects the CPU seconds of each run (its
    processes and theirs: a load-independent view of what it costs)."""

    def run() -> int:
        before = _children_cpu()
        completed = subprocess.run(
            [
                *(*EINVOICE, "validate", "-f", "jsonl", *args, "--files-from", str(listing)),
                *("--cache-dir", str(cache), "--rules-mirror", str(MIRROR)),
            ],
            capture_output=True,
            check=False,
        )
        if completed.returncode != 0:
            raise SystemExit(f"einvoice failed: {completed.stderr.decode()[-2000:]}")
        if cpu is not None:
            cpu.append(_children_cpu() - before)
        return completed.stdout.count(b"\n")

    return run


def _on_cluster(
    inputs: list[Input], settings: ClusterSettings, client: Client
) -> Callable[[], int]:
    return lambda: sum(1 for _ in validate_on_cluster(inputs, settings, client))


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--chunks", default="1,10,50,200")
    options = parser.parse_args(argv)
    chunk_sizes = [int(c) for c in options.chunks.split(",")]
    paths = _documents(options.documents)
    load_before = os.getloadavg()
    inputs = [Input(str(p), path=p) for p in paths]
    with tempfile.TemporaryDirectory(prefix="cluster-bench-") as folder:
        cache = Path(folder) / "cache"
        listing = Path(folder) / "list.txt"
        listing.write_text("".join(f"{p}\n" for p in paths), encoding="utf-8")
        fetch = FetchSettings(cache_dir=cache, mirror=str(MIRROR), allow_network=False)
        _command(["--jobs", "1"], listing, cache)()  # install and compile the rules once

        settings = ClusterSettings(fetch=fetch, warm=True)
        pool = BatchSettings(fetch=fetch, jobs=WORKERS)
        cpu: dict[str, list[float]] = {"command --jobs 2": [], "command --cluster local:2": []}
        measurements: dict[str, Callable[[], int]] = {
            "command --jobs 2": _command(
                ["--jobs", str(WORKERS)], listing, cache, cpu["command --jobs 2"]
            ),
            "command --cluster local:2": _command(
                ["--cluster", f"local:{WORKERS}"], listing, cache, cpu["command --cluster local:2"]
            ),
            "pool (validate_batch, jobs=2)": lambda: sum(1 for _ in validate_batch(inputs, pool)),
        }
        with open_client(ClusterAddress(None, WORKERS), WORKERS) as client:
            list(validate_on_cluster(inputs[:10], settings, client))  # workers warm
            measurements["cluster, warm (validate_on_cluster)"] = _on_cluster(
                inputs, settings, client
            )
            for size in chunk_sizes:
                sized = ClusterSettings(fetch=fetch, warm=True, chunk_size=size)
                measurements[f"cluster, warm, chunk {size}"] = _on_cluster(inputs, sized, client)
            names = list(measurements)
            seconds: dict[str, list[float]] = {name: [] for name in names}
            for round_ in range(options.runs):
                order = names[round_ % len(names) :] + names[: round_ % len(names)]
                for name in order:
                    elapsed, count = _timed(measurements[name])
                    assert count == len(paths), f"{name}: {count} of {len(paths)} documents"
                    seconds[name].append(elapsed)
                    print(f"  round {round_ + 1}: {name}: {elapsed:.2f} s", file=sys.stderr)

    median = {name: statistics.median(values) for name, values in seconds.items()}
    n = len(paths)
    print(f"{n} documents, {WORKERS} workers, median of {options.runs} rounds")
    load = ", ".join(f"{a:.2f}" for a in load_before)
    print(f"load average (1, 5, 15 min) before: {load}; after: ", end="")
    print(", ".join(f"{a:.2f}" for a in os.getloadavg()) + "\n")
    print(f"{'measurement':42} {'seconds':>8} {'docs/s':>8}")
    for name in names:
        print(f"{name:42} {median[name]:8.2f} {n / median[name]:8.1f}")
    local = median["command --jobs 2"]
    remote = median["command --cluster local:2"]
    print(f"\n(a) whole command: cluster/local throughput ratio {local / remote:.2f}")
    for name, values in cpu.items():
        print(f"    {name}: {statistics.median(values):.2f} CPU seconds (all its processes)")
    warm = median["cluster, warm (validate_on_cluster)"]
    pool_s = median["pool (validate_batch, jobs=2)"]
    print(f"(b) steady state: cluster/pool throughput ratio {pool_s / warm:.2f}")
    largest = max(chunk_sizes)
    print("(c) scheduler cost per task (against chunks of the largest size):")
    for size in chunk_sizes:
        if size == largest:
            continue
        extra_tasks = -(-n // size) - -(-n // largest)
        extra = median[f"cluster, warm, chunk {size}"] - median[f"cluster, warm, chunk {largest}"]
        print(f"    chunk {size:4}: {extra / extra_tasks * 1000:7.2f} ms per task")
    per_core = n / warm / WORKERS
    print(
        f"(d) {per_core:.1f} documents/s per worker core: one core validates about "
        f"{per_core * 3600 / 1e6:.2f} million invoices an hour"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
