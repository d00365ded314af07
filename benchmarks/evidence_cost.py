"""What the evidence of findings costs: values, expected figures and places, per document.

Not a test, and not run by CI: run it by hand.

    EINVOICE_SHARED_DIR=../shared python benchmarks/evidence_cost.py [--runs 5]

Over the XRechnung test suite and the CEN examples (UBL and CII), one process, warm engine:
(a) the whole validation of each document as the pipeline does it (evidence included);
(b) adding the evidence alone (``evidence.enrich.with_evidence``) to the findings the
    pipeline produced, on the parsed document;
side by side in one run, as medians over --runs rounds; (b)/(a) is the share of the time the
evidence takes. The figures of one run compare; figures across runs or machines do not.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from lxml import etree

from einvoice_cli.evidence.enrich import with_evidence
from einvoice_cli.rulepacks.catalog import load_catalog
from einvoice_cli.rulepacks.fetch import FetchSettings
from einvoice_cli.rulepacks.store import RuleStore
from einvoice_cli.validation.engine import RuleEngine
from einvoice_cli.validation.inputs import Input
from einvoice_cli.validation.pipeline import ValidationOptions, validate

SHARED = Path(os.environ.get("EINVOICE_SHARED_DIR", Path(__file__).resolve().parents[2] / "shared"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    corpus = SHARED / "corpus"
    paths = sorted(
        [
            *(corpus / "xrechnung-testsuite-2026-01-31" / "src" / "test").rglob("*.xml"),
            *(corpus / "en16931-1.3.15" / "ubl" / "examples").rglob("*.xml"),
            *(corpus / "en16931-1.3.15" / "cii" / "examples").rglob("*.xml"),
        ]
    )
    with tempfile.TemporaryDirectory() as cache:
        settings = FetchSettings(
            cache_dir=Path(cache), mirror=str(SHARED / "rules-mirror"), allow_network=False
        )
        engine = RuleEngine(RuleStore(load_catalog(), settings))
        options = ValidationOptions()
        results = list(validate([Input(str(p), path=p) for p in paths], engine, options))
        trees = [etree.parse(str(p)) for p in paths]
        findings = sum(len(r.findings) for r in results)
        whole, evidence = [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            for _result in validate([Input(str(p), path=p) for p in paths], engine, options):
                pass
            whole.append(time.perf_counter() - start)
            start = time.perf_counter()
            for result, tree in zip(results, trees, strict=True):
                with_evidence(result.findings, tree, result.syntax)
            evidence.append(time.perf_counter() - start)
    a, b = statistics.median(whole), statistics.median(evidence)
    n = len(paths)
    print(f"{n} documents, {findings} findings, median of {args.runs} rounds")
    print(f"(a) validation, evidence included: {a / n * 1000:7.2f} ms per document")
    print(f"(b) evidence alone:                {b / n * 1000:7.2f} ms per document")
    print(f"    (b)/(a):                       {b / a:7.1%}")


if __name__ == "__main__":
    main()
