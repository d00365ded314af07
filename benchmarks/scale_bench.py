"""How time and memory grow with the size of one invoice: many lines (valid, or each breaking
a rule) and many VAT breakdowns, side by side for two source trees.

Not a test: run it by hand. Each figure is one `einvoice validate -q --jobs 1 FILE` process
(after a warm-up that installs and compiles the rules into the run's own cache): its wall time
and its peak resident set size (ru_maxrss of that child). The machines are shared and noisy:
compare figures of one run, never across runs.

    python benchmarks/scale_bench.py [--before DIR | --before-commit REF]
                                     [--lines 1000,10000,100000] [--vat 1000,3000,6000]
                                     [--limit 600]

--before DIR: a second source tree measured on the same files in the same run, so the two
columns compare; --before-commit REF makes that tree from a commit of this repository (`git
archive`), e.g. the commit before a change. With two trees a last column gives the ratio of
the times (before / this tree; ">" when the earlier one hit the limit). A process that runs
longer than --limit seconds is stopped and shown as "> limit".

The invoices are made by tests/support/scaled.py from a test-suite invoice of the XRechnung
(../shared/corpus); nothing large is kept on disk after the run.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.corpus import MIRROR  # noqa: E402
from tests.support.scaled import invoice_with_lines, invoice_with_vat_rates  # noqa: E402

_MAIN = "from einvoice_cli.cli.main import main; main()"


def _run(tree: Path, cache: Path, document: Path, limit: float) -> tuple[str, str]:
    """Wall time and peak RSS of one validation, as text. The peak is measured by
    /usr/bin/time (GNU time, %M): Linux carries a process's peak across exec, so the child of
    a large parent would report the parent's."""
    environment = dict(os.environ, PYTHONPATH=str(tree), EINVOICE_CACHE_DIR=str(cache))
    environment["EINVOICE_RULES_MIRROR"] = str(MIRROR)
    peak_file = document.with_suffix(".rss")
    command = [
        "/usr/bin/time", "-f", "%M", "-o", str(peak_file),
        sys.executable, "-c", _MAIN, "validate", "-q", "--jobs", "1",
        "--max-size", "1GiB", str(document),
    ]  # fmt: skip
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # time and its child in a group of their own
        # Not the checkout: `python -c` puts the working directory first on sys.path, which
        # would import the package there instead of the tree measured.
        cwd=document.parent,
    )
    try:
        process.wait(timeout=limit)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return f"> {limit:.0f} s", "-"
    elapsed = time.perf_counter() - start
    if process.returncode not in (0, 1):
        return f"exit {process.returncode}", "-"
    peak_kib = int(peak_file.read_text(encoding="ascii").split()[-1])
    return f"{elapsed:7.1f} s", f"{peak_kib / 1024:6.0f} MB"


def _tree_of_commit(commit: str, folder: Path) -> Path:
    """The package and its ``rules/`` at a commit of this repository, unpacked into ``folder``."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", commit, "einvoice_cli", "rules"],
        check=True,
        capture_output=True,
    ).stdout
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def _ratio(before: str, after: str) -> str:
    """How many times faster this tree was, from two time cells."""
    if not after.endswith(" s") or after.startswith(">"):
        return "-"
    seconds = float(after.split()[0])
    if before.startswith(">"):
        return f"> {float(before.split()[1]) / seconds:.1f}x"
    if not before.endswith(" s"):
        return "-"
    return f"{float(before.split()[0]) / seconds:.1f}x"


def main() -> None:
    """Measure and print one table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    choice = parser.add_mutually_exclusive_group()
    choice.add_argument("--before", type=Path, help="a second source tree to compare with")
    choice.add_argument("--before-commit", help="a commit of this repository to compare with")
    parser.add_argument("--lines", default="1000,10000,100000")
    parser.add_argument("--vat", default="1000,3000,6000")
    parser.add_argument("--limit", type=float, default=600.0)
    options = parser.parse_args()
    trees = {"this tree": ROOT}
    # Made one at a time, when measured: this process stays small.
    cases: list[tuple[str, Callable[[], bytes]]] = []
    for count in (int(n) for n in options.lines.split(",") if n):
        cases.append((f"{count:,} lines, valid", partial(invoice_with_lines, count, failing=False)))
        cases.append(
            (f"{count:,} lines, each failing", partial(invoice_with_lines, count, failing=True))
        )
    for count in (int(n) for n in options.vat.split(",") if n):
        cases.append((f"{count:,} VAT rates, valid", partial(invoice_with_vat_rates, count)))
    with tempfile.TemporaryDirectory(prefix="scale-bench-") as folder:
        base = Path(folder)
        if options.before_commit is not None:
            trees = {"before": _tree_of_commit(options.before_commit, base / "before"), **trees}
        elif options.before is not None:
            trees = {"before": options.before.resolve(), **trees}
        caches = {name: base / f"cache-{index}" for index, name in enumerate(trees)}
        warm = base / "warm.xml"
        warm.write_bytes(invoice_with_lines(1, failing=False))
        for name, tree in trees.items():
            _run(tree, caches[name], warm, options.limit)
        header = f"{'document':<28} {'size':>8}"
        for name in trees:
            header += f" | {name + ' time':>14} {'peak RSS':>9}"
        if len(trees) == 2:
            header += f" | {'speed-up':>8}"
        print(header)
        for label, make in cases:
            document = base / "document.xml"
            data = make()
            document.write_bytes(data)
            row = f"{label:<28} {len(data) / 1e6:6.1f}MB"
            times = []
            for name, tree in trees.items():
                elapsed, memory = _run(tree, caches[name], document, options.limit)
                times.append(elapsed)
                row += f" | {elapsed:>14} {memory:>9}"
            if len(times) == 2:
                row += f" | {_ratio(times[0].strip(), times[1].strip()):>8}"
            print(row, flush=True)
            del data


if __name__ == "__main__":
    main()
