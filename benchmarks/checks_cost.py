"""What our own checks cost, and how the two ways of reading a PDF's text compare.

Not a test, and not run by CI: run it by hand.

    python benchmarks/checks_cost.py [--runs 5]

(a) per document, in one process with a warm rule engine: validation alone, and validation
    with --check leitweg,consistency --portal zre, over the XRechnung test suite (XML) and the
    ZUGFeRD corpus PDFs under correct/ (median of --runs rounds, both variants in each round
    one after the other, order rotating; compare figures of one run only);
(b) picture vs XML with the page text from pypdf (what the check uses) side by side with
    poppler's `pdftotext -layout` (when installed): time per PDF and how many facts each
    finds on the same 20 PDFs.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from einvoice_cli.checks.consistency import FactStatus, compare_picture  # noqa: E402
from einvoice_cli.checks.settings import CheckSettings  # noqa: E402
from einvoice_cli.hybrid.inspection import inspect_pdf  # noqa: E402
from einvoice_cli.hybrid.pdf.reading import OpenPdf  # noqa: E402
from einvoice_cli.hybrid.settings import PdfSettings  # noqa: E402
from einvoice_cli.rulepacks.catalog import load_catalog  # noqa: E402
from einvoice_cli.rulepacks.fetch import FetchSettings  # noqa: E402
from einvoice_cli.rulepacks.store import RuleStore  # noqa: E402
from einvoice_cli.validation.engine import RuleEngine  # noqa: E402
from einvoice_cli.validation.inputs import Input  # noqa: E402
from einvoice_cli.validation.pipeline import ValidationOptions, validate_input  # noqa: E402
from tests.support.corpus import MIRROR, XRECHNUNG_TESTSUITE, ZUGFERD  # noqa: E402

CHECKS = CheckSettings.from_names(["leitweg", "consistency"], portal="zre")


def _timed(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def validation_cost(engine: RuleEngine, paths: list[Path], runs: int) -> tuple[float, float]:
    """Median seconds per document without and with the checks."""
    documents = [(p.name, p.read_bytes()) for p in paths]
    variants = {
        "plain": ValidationOptions(),
        "checks": ValidationOptions(checks=CHECKS),
    }

    def run(options: ValidationOptions) -> None:
        for name, data in documents:
            validate_input(Input(name, data=data), engine, options, None)

    for options in variants.values():
        run(options)  # warm: compiled rules, imports
    times: dict[str, list[float]] = {k: [] for k in variants}
    for round_ in range(runs):
        order = list(variants) if round_ % 2 == 0 else list(reversed(variants))
        for key in order:
            options = variants[key]
            times[key].append(_timed(partial(run, options)) / len(documents))
    return statistics.median(times["plain"]), statistics.median(times["checks"])


def _read_all(
    read: Callable[[bytes, str], tuple[str, ...]], documents: list[tuple[str, bytes]]
) -> None:
    for name, data in documents:
        read(data, name)


def text_sources(paths: list[Path], runs: int) -> None:
    """pypdf and pdftotext side by side: seconds per PDF, facts found."""
    pdftotext = shutil.which("pdftotext")
    readers: dict[str, Callable[[bytes, str], tuple[str, ...]]] = {
        "pypdf": lambda data, name: OpenPdf(data, name, PdfSettings()).page_texts()
    }
    if pdftotext is not None:

        def poppler(data: bytes, name: str) -> tuple[str, ...]:
            with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
                handle.write(data)
                handle.flush()
                out = subprocess.run(
                    [pdftotext, "-layout", handle.name, "-"],
                    capture_output=True,
                    check=True,
                ).stdout.decode("utf-8", "replace")
            return tuple(out.split("\f"))

        readers["pdftotext"] = poppler
    documents = [(str(p.relative_to(ZUGFERD)), p.read_bytes()) for p in paths]
    trees = {name: inspect_pdf(data, name, PdfSettings()).tree for name, data in documents}
    print(f"(b) page text of {len(documents)} PDFs, median of {runs} rounds")
    for label, read in readers.items():
        seconds = statistics.median(
            _timed(partial(_read_all, read, documents)) / len(documents) for _ in range(runs)
        )
        found = mismatch = 0
        for name, data in documents:
            for fact in compare_picture(read(data, name), trees[name]).facts:
                found += fact.status is FactStatus.FOUND
                mismatch += fact.status is FactStatus.MISMATCH
        print(
            f"    {label:<10} {seconds * 1000:7.1f} ms/PDF   found {found:3d}   mismatch {mismatch}"
        )
    if pdftotext is None:
        print("    pdftotext  not installed (poppler-utils); not compared")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    arguments = parser.parse_args()
    xml = sorted(XRECHNUNG_TESTSUITE.rglob("*.xml"))
    pdfs = sorted(p for p in ZUGFERD.rglob("*.pdf") if "correct" in p.parts)
    with tempfile.TemporaryDirectory(prefix="einvoice-checks-bench-") as cache:
        settings = FetchSettings(cache_dir=Path(cache), mirror=str(MIRROR), allow_network=False)
        engine = RuleEngine(RuleStore(load_catalog(), settings))
        print(f"(a) validation per document, median of {arguments.runs} rounds")
        for label, paths in (("XRechnung test suite", xml), ("ZUGFeRD correct/ PDFs", pdfs)):
            plain, checked = validation_cost(engine, paths, arguments.runs)
            print(
                f"    {label:<22} {len(paths):3d} docs   plain {plain * 1000:6.1f} ms   "
                f"with checks {checked * 1000:6.1f} ms   ratio {checked / plain:.2f}"
            )
    text_sources(pdfs, arguments.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
