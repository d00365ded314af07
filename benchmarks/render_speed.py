"""Rendering speed over the XRechnung test suite: ms per document for html, pdf and text, and
a batch of 200 renderings, side by side in one run.

Not a test: run it by hand. Figures are medians per document (the machines are shared and noisy;
compare figures from one run, never across runs).

    python benchmarks/render_speed.py [--rounds 3] [--batch 200]

(a) compile: loading and compiling the official visualization's stylesheets (once per process);
(b) html: parse, the official XSLT (syntax -> semantic model -> HTML), our additions, serialise;
(c) pdf: (b) plus the print layout and WeasyPrint's PDF/A-3b;
(d) text: parse, the EN 16931 model, rich;
(e) batch: the first N documents of the suite (cycled) rendered as html, then as pdf, with one
    renderer; total seconds and documents per second.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from itertools import cycle, islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from einvoice_cli.rendering import Language, Renderer, RenderFormat, RenderOptions  # noqa: E402
from einvoice_cli.rulepacks.catalog import load_catalog  # noqa: E402
from einvoice_cli.rulepacks.fetch import FetchSettings  # noqa: E402
from einvoice_cli.rulepacks.store import RuleStore  # noqa: E402
from tests.support.corpus import MIRROR, XRECHNUNG_TESTSUITE  # noqa: E402

OPTIONS = RenderOptions(lang=Language.DE)


def median_ms(
    renderer: Renderer, documents: list[tuple[str, bytes]], fmt: RenderFormat
) -> tuple[float, float]:
    """Median wall-clock and CPU milliseconds per document (CPU time is what a shared,
    overloaded machine distorts least)."""
    wall, cpu = [], []
    for name, data in documents:
        start, start_cpu = time.perf_counter(), time.process_time()
        renderer.render(data, name, fmt, OPTIONS)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch", type=int, default=200)
    args = parser.parse_args()
    documents = [(p.name, p.read_bytes()) for p in sorted(XRECHNUNG_TESTSUITE.rglob("*.xml"))]
    with tempfile.TemporaryDirectory() as folder:
        settings = FetchSettings(cache_dir=Path(folder), mirror=str(MIRROR), allow_network=False)
        renderer = Renderer(RuleStore(load_catalog(), settings))
        start = time.perf_counter()
        for artifact in ("ubl-invoice-xr", "ubl-creditnote-xr", "cii-xr", "html"):
            renderer.visualization.stylesheet(artifact)
        compile_s = time.perf_counter() - start
        renderer.render(documents[0][1], documents[0][0], RenderFormat.PDF, OPTIONS)  # warm-up
        rows: dict[str, list[tuple[float, float]]] = {"html": [], "pdf": [], "text": []}
        for _ in range(args.rounds):
            for chosen in RenderFormat:
                rows[chosen.value].append(median_ms(renderer, documents, chosen))
        batch = list(islice(cycle(documents), args.batch))
        batch_s: dict[str, tuple[float, float]] = {}
        for chosen in (RenderFormat.HTML, RenderFormat.PDF):
            start, start_cpu = time.perf_counter(), time.process_time()
            for name, data in batch:
                renderer.render(data, name, chosen, OPTIONS)
            batch_s[chosen.value] = (
                time.perf_counter() - start,
                time.process_time() - start_cpu,
            )
    print(f"{len(documents)} documents of the XRechnung test suite, {args.rounds} rounds")
    print(f"compile the visualization (4 stylesheets): {compile_s * 1000:.0f} ms")
    print(f"{'format':<8}{'median wall ms/document':>25}{'median CPU ms/document':>25}")
    for fmt, values in rows.items():
        wall = statistics.median(v[0] for v in values)
        cpu = statistics.median(v[1] for v in values)
        print(f"{fmt:<8}{wall:>25.1f}{cpu:>25.1f}")
    for fmt, (seconds, cpu_seconds) in batch_s.items():
        print(
            f"batch of {args.batch} as {fmt}: {seconds:.1f} s wall, {cpu_seconds:.1f} s CPU "
            f"({args.batch / seconds:.1f} documents/s)"
        )


if __name__ == "__main__":
    main()
