"""What the KoSIT report (`--format kosit`) costs per document, side by side with validation.

Not a test, and not run by CI: run it by hand from the repository (the shared corpus and rule
mirror beside it, or EINVOICE_SHARED_DIR):

    python benchmarks/kosit_report.py [--rounds 5]

In one process with one warm rule engine, over the XRechnung test suite (86 documents), each
round measures one after the other, in an order that rotates from round to round:

(a) validate: the pipeline alone, as `--format json` runs it;
(b) validate + keep: the pipeline keeping the report input (invoice XML, raw SVRL);
(c) report: `kosit_report` on the results of (b): report input built, report stylesheet run;

and prints the median per document of each, and (b)/(a) and ((b)+(c))/(a) as ratios. The
first round is untimed (rules installed, compiled and loaded; the report stylesheet compiled).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from einvoice_cli.core.results import DocumentResult  # noqa: E402
from einvoice_cli.report.kosit import kosit_report  # noqa: E402
from einvoice_cli.rulepacks.catalog import load_catalog  # noqa: E402
from einvoice_cli.rulepacks.fetch import FetchSettings  # noqa: E402
from einvoice_cli.rulepacks.store import RuleStore  # noqa: E402
from einvoice_cli.validation.engine import RuleEngine  # noqa: E402
from einvoice_cli.validation.inputs import Input  # noqa: E402
from einvoice_cli.validation.pipeline import ValidationOptions, validate  # noqa: E402
from tests.support.corpus import MIRROR, XRECHNUNG_TESTSUITE  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    documents = sorted(XRECHNUNG_TESTSUITE.rglob("*.xml"))
    inputs = [Input(str(p), data=p.read_bytes()) for p in documents]
    with tempfile.TemporaryDirectory() as cache:
        settings = FetchSettings(cache_dir=Path(cache), mirror=str(MIRROR), allow_network=False)
        engine = RuleEngine(RuleStore(load_catalog(), settings))
        plain = ValidationOptions()
        keep = ValidationOptions(keep_report_input=True)
        kept: list[DocumentResult] = []

        def run_plain() -> None:
            list(validate(inputs, engine, plain))

        def run_keep() -> None:
            kept[:] = list(validate(inputs, engine, keep))

        def run_report() -> None:
            for result in kept:
                kosit_report(result, None, engine)

        runs: dict[str, Callable[[], None]] = {
            "validate": run_plain,
            "validate + keep": run_keep,
            "report": run_report,
        }
        for run in runs.values():
            run()  # untimed: install, compile, load
        timings: dict[str, list[float]] = {name: [] for name in runs}
        names = list(runs)
        for round_number in range(args.rounds):
            order = names[round_number % len(names) :] + names[: round_number % len(names)]
            if "report" in order and order.index("report") < order.index("validate + keep"):
                order.remove("report")
                order.append("report")  # needs this round's kept results
            for name in order:
                start = time.perf_counter()
                runs[name]()
                timings[name].append((time.perf_counter() - start) / len(inputs))
    median = {name: statistics.median(values) * 1000 for name, values in timings.items()}
    print(f"{len(inputs)} documents, {args.rounds} rounds, median ms per document")
    for name, value in median.items():
        print(f"  {name:<16} {value:7.2f} ms")
    base = median["validate"]
    print(f"  keep / validate            {median['validate + keep'] / base:5.2f}")
    print(
        f"  (keep + report) / validate {(median['validate + keep'] + median['report']) / base:5.2f}"
    )


if __name__ == "__main__":
    main()
