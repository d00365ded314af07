"""Validation speed: cold single invoice and warm per-document time over the XRechnung suite.

Reports medians of several runs (the machines are shared and noisy; compare figures from one
run, never across runs). Not a test: run it by hand.

    python benchmarks/validate_speed.py [--runs 5] [--rounds 3]

(a) cold: `einvoice validate ONE_UBL_INVOICE` as a new process, rules installed and their
    compiled XSLT in the disk cache, Python bytecode cached (what a user of an installed package
    sees on every call after the first);
(b) first ever run: the same with an empty compile cache (Schematron -> XSLT compilation);
(c) warm: one process, one rule engine; after one warm-up pass over the 86 documents of the
    XRechnung test suite, the median per-document time of further passes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from einvoice_cli.core.verdict import Verdict  # noqa: E402
from einvoice_cli.rulepacks.catalog import load_catalog  # noqa: E402
from einvoice_cli.rulepacks.fetch import FetchSettings  # noqa: E402
from einvoice_cli.rulepacks.store import RuleStore  # noqa: E402
from einvoice_cli.validation.engine import RuleEngine  # noqa: E402
from einvoice_cli.validation.inputs import Input  # noqa: E402
from einvoice_cli.validation.pipeline import ValidationOptions, validate  # noqa: E402
from tests.support.corpus import MIRROR, XRECHNUNG_TESTSUITE  # noqa: E402

ONE = XRECHNUNG_TESTSUITE / "business-cases" / "standard" / "01.01a-INVOICE_ubl.xml"


def einvoice() -> list[str]:
    """The command that runs the CLI as a separate process."""
    script = shutil.which("einvoice", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "einvoice_cli.cli.main"]


def cold_runs(cache: Path, runs: int, *, keep_compiled: bool) -> list[float]:
    times = []
    # Bytecode cached as in an installed package (pip compiles it at install time).
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    environment |= {
        "EINVOICE_CACHE_DIR": str(cache),
        "EINVOICE_RULES_MIRROR": str(MIRROR),
        "PYTHONPYCACHEPREFIX": str(cache / "pycache"),
    }
    for _ in range(runs):
        if not keep_compiled:
            shutil.rmtree(cache / "compiled", ignore_errors=True)
        start = time.perf_counter()
        done = subprocess.run(
            [*einvoice(), "validate", str(ONE)], env=environment, capture_output=True, check=False
        )
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise SystemExit(f"validation failed: {done.stderr.decode()}")
    return times


def warm_per_document(cache: Path, rounds: int) -> tuple[float, float, int]:
    documents = sorted(XRECHNUNG_TESTSUITE.rglob("*.xml"))
    inputs = [Input(str(p), data=p.read_bytes()) for p in documents]
    settings = FetchSettings(cache_dir=cache, mirror=str(MIRROR), allow_network=False)
    start = time.perf_counter()
    engine = RuleEngine(RuleStore(load_catalog(), settings))
    results = list(validate(inputs, engine, ValidationOptions()))  # warm-up: compiles rules
    first_pass = time.perf_counter() - start
    assert all(r.verdict is Verdict.ACCEPT for r in results), "the suite should be accepted"
    per_document = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _result in validate(inputs, engine, ValidationOptions()):
            pass
        per_document.append((time.perf_counter() - start) / len(inputs))
    return statistics.median(per_document), first_pass, len(inputs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="cold process runs (median)")
    parser.add_argument("--rounds", type=int, default=3, help="warm passes over the suite")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="einvoice-bench-") as folder:
        cache = Path(folder)
        cold_runs(cache, 1, keep_compiled=True)  # install rules, fill the compile cache
        cold = cold_runs(cache, arguments.runs, keep_compiled=True)
        first = cold_runs(cache, max(1, arguments.runs // 2), keep_compiled=False)
        cold_runs(cache, 1, keep_compiled=True)
        warm, first_pass, count = warm_per_document(cache, arguments.rounds)
    print(f"document: {ONE.relative_to(XRECHNUNG_TESTSUITE)}")
    print(
        f"(a) cold process, compiled rules cached:  median {statistics.median(cold):.3f} s "
        f"over {len(cold)} runs (min {min(cold):.3f}, max {max(cold):.3f})"
    )
    print(
        f"(b) cold process, empty compile cache:     median {statistics.median(first):.3f} s "
        f"over {len(first)} runs"
    )
    print(
        f"(c) warm, one process, {count} documents:  median {warm * 1000:.1f} ms per document "
        f"over {arguments.rounds} passes (first pass incl. rule compilation {first_pass:.2f} s)"
    )


if __name__ == "__main__":
    main()
