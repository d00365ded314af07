"""Conversion speed and memory over the XRechnung test suite, in both directions.

Not a test: run it by hand. Figures are medians per document (the machines are shared and noisy;
compare figures from one run, never across runs).

    python benchmarks/convert_speed.py [--rounds 3]

For each of the 86 documents of the test suite, converted to the other syntax (UBL -> CII for
the *_ubl.xml files, CII -> UBL for the *_uncefact.xml files), after one warm-up pass that
compiles the rules:

(a) model only: parse, read into the EN 16931 model, write the other syntax, serialise;
(b) convert_document: (a) plus validating the input and the output with the official rules,
    which is what `einvoice convert` does;
(c) Factur-X: each CII of zugferd-corpus/XML-Rechnung embedded into a one-page PDF, with
    validation of input and output (PDF side included);
(d) peak memory: the largest Python heap (tracemalloc) during one pass of (b) in a separate,
    traced pass, and the process's peak resident set size (getrusage) at the end.
"""

from __future__ import annotations

import argparse
import io
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from pypdf import PdfWriter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from einvoice_cli.conversion.convert import ConversionOptions, Target, convert_document  # noqa: E402
from einvoice_cli.core.detect import Syntax  # noqa: E402
from einvoice_cli.model import preferred_ubl_syntax, read_invoice, write_invoice  # noqa: E402
from einvoice_cli.rulepacks.catalog import load_catalog  # noqa: E402
from einvoice_cli.rulepacks.fetch import FetchSettings  # noqa: E402
from einvoice_cli.rulepacks.store import RuleStore  # noqa: E402
from einvoice_cli.validation.engine import RuleEngine  # noqa: E402
from einvoice_cli.xml.parser import ParseSettings, parse_xml  # noqa: E402
from tests.support.corpus import MIRROR, XRECHNUNG_TESTSUITE, ZUGFERD  # noqa: E402

Document = tuple[str, bytes, Target]


def suite() -> dict[str, list[Document]]:
    """The test suite's documents by direction."""
    out: dict[str, list[Document]] = {"UBL -> CII": [], "CII -> UBL": []}
    for path in sorted(XRECHNUNG_TESTSUITE.rglob("*.xml")):
        cii = path.name.endswith("_uncefact.xml")
        direction = "CII -> UBL" if cii else "UBL -> CII"
        out[direction].append((path.name, path.read_bytes(), Target.UBL if cii else Target.CII))
    return out


def model_only(data: bytes, target: Target) -> bytes:
    read = read_invoice(parse_xml(data, "benchmark", ParseSettings()))
    syntax = Syntax.CII if target is Target.CII else preferred_ubl_syntax(read.invoice)
    return write_invoice(read.invoice, syntax).to_bytes()


def timed(documents: list[Document], rounds: int, run: Callable[[Document], object]) -> list[float]:
    """Per-document times over all rounds, in seconds."""
    times = []
    for _ in range(rounds):
        for document in documents:
            start = time.perf_counter()
            run(document)
            times.append(time.perf_counter() - start)
    return times


def describe(label: str, times: list[float], count: int) -> str:
    ms = sorted(t * 1000 for t in times)
    p90 = ms[int(0.9 * (len(ms) - 1))]
    return (
        f"{label:<34} median {statistics.median(ms):7.1f} ms  p90 {p90:7.1f} ms  "
        f"max {ms[-1]:7.1f} ms  ({count} documents)"
    )


def blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="timed passes over the suite")
    arguments = parser.parse_args()
    by_direction = suite()
    every = [d for documents in by_direction.values() for d in documents]
    twins = [
        (p.name, p.read_bytes(), Target.FACTURX)
        for p in sorted((ZUGFERD / "XML-Rechnung" / "CII").glob("*.xml"))
    ]
    visual = blank_pdf()
    with tempfile.TemporaryDirectory(prefix="einvoice-bench-") as folder:
        settings = FetchSettings(cache_dir=Path(folder), mirror=str(MIRROR), allow_network=False)
        engine = RuleEngine(RuleStore(load_catalog(), settings))
        force = ConversionOptions(force=True)
        facturx = ConversionOptions(force=True, visual_pdf=visual)

        def convert(document: Document) -> object:
            return convert_document(document[1], document[0], document[2], force, engine)

        def embed(document: Document) -> object:
            return convert_document(document[1], document[0], document[2], facturx, engine)

        start = time.perf_counter()
        for document in every:  # warm-up: installs and compiles the rules
            convert(document)
        warm_up = time.perf_counter() - start

        lines = [f"warm-up pass (rules installed and compiled): {warm_up:.1f} s"]
        for direction, documents in by_direction.items():
            lines.append(
                describe(
                    f"(a) model only, {direction}",
                    timed(documents, arguments.rounds, lambda d: model_only(d[1], d[2])),
                    len(documents),
                )
            )
        for direction, documents in by_direction.items():
            lines.append(
                describe(
                    f"(b) convert_document, {direction}",
                    timed(documents, arguments.rounds, convert),
                    len(documents),
                )
            )
        embed(twins[0])
        lines.append(
            describe("(c) Factur-X, CII -> PDF", timed(twins, arguments.rounds, embed), len(twins))
        )

        tracemalloc.start()
        for document in every:
            convert(document)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    lines.append(
        f"(d) peak Python heap during one pass of (b): {peak / 2**20:.1f} MiB; "
        f"process peak RSS: {rss / 1024:.0f} MiB"
    )
    print("\n".join(lines))


if __name__ == "__main__":
    main()
