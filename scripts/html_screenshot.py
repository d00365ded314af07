"""Render the HTML report of samples/ (or of 300 corpus documents) and photograph it with
headless Chromium.

Writes ``docs/html-report.png`` (the picture in the README), or with ``--corpus`` the summary
of a 300-document batch (``docs/html-report-summary-de.png`` and ``-en.png``). The rules are
installed from the offline mirror (``EINVOICE_RULES_MIRROR``, default ``../shared/rules-mirror``)
into a temporary cache. Needs Debian's ``chromium`` package. The browser helpers are shared
with ``tests/system/test_html_browser.py`` and ``test_html_batch_browser.py`` beside it, which
open the same reports and read what a person sees.

    python -m scripts.html_screenshot [--lang de] [--output docs/html-report.png]
    python -m scripts.html_screenshot --corpus --lang de --output docs/html-report-summary-de.png
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from einvoice_cli.core.languages import Language
from einvoice_cli.core.results import Summary
from einvoice_cli.report import ReportOptions
from einvoice_cli.report.html import HtmlFormatter
from einvoice_cli.rulepacks.catalog import load_catalog
from einvoice_cli.rulepacks.fetch import FetchSettings
from einvoice_cli.rulepacks.store import RuleStore
from einvoice_cli.validation.engine import RuleEngine
from einvoice_cli.validation.inputs import collect_inputs
from einvoice_cli.validation.pipeline import ValidationOptions, validate

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")

# A browser that starts clean, talks to no one and needs no display or sandbox (CI runs as root).
HEADLESS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
)


def samples() -> list[str]:
    """The sample invoices, as paths relative to the repository."""
    return sorted(str(p.relative_to(REPO)) for p in (REPO / "samples").glob("*.xml"))


SHARED = Path(os.environ.get("EINVOICE_SHARED_DIR", REPO.parent / "shared"))

# 300 documents of the shared corpora, as a day's inbox might bring them: XRechnung, EN 16931,
# Peppol, ZUGFeRD/Factur-X XML and PDFs, and a few files that are no invoice at all (CEN's unit
# test sets), which no scenario matches.
BATCH_300 = (
    ("xrechnung-testsuite-2026-01-31", "*.xml", None),
    ("en16931-1.3.15/ubl/examples", "*.xml", None),
    ("en16931-1.3.15/cii/examples", "*.xml", None),
    ("en16931-1.3.15/test/testfiles", "*.xml", None),
    ("en16931-1.3.15/test/cii", "*.xml", None),
    ("peppol-bis-3.0.19", "*.xml", None),
    ("zugferd-corpus", "*.xml", None),
    ("zugferd-corpus", "*.pdf", None),
    ("en16931-1.3.15/test/Invoice-unit-UBL", "*.xml", 4),
)


def batch_300(shared: Path = SHARED) -> list[str]:
    """The 300 corpus documents of :data:`BATCH_300`, paths relative to the corpus folder's
    parent (``corpus/...``); raises :class:`FileNotFoundError` naming a missing folder."""
    found: list[str] = []
    for folder, pattern, limit in BATCH_300:
        root = shared / "corpus" / folder
        if not root.is_dir():
            raise FileNotFoundError(f"missing shared test data: {root}")
        paths = sorted(p for p in root.rglob(pattern) if p.is_file())[:limit]
        found.extend(str(p.relative_to(shared)) for p in paths)
    if len(found) != 300:
        raise FileNotFoundError(f"{shared / 'corpus'} gives {len(found)} documents, not 300")
    return found


def report(engine: RuleEngine, paths: Iterable[str], lang: str) -> str:
    """The HTML report of ``paths`` (relative to the current folder) in ``lang``, as
    ``einvoice validate --format html`` writes it."""
    stream = io.StringIO()
    formatter = HtmlFormatter(stream, ReportOptions(lang=Language(lang)))
    summary = Summary()
    formatter.begin()
    for result in validate(collect_inputs(paths), engine, ValidationOptions()):
        formatter.document(result)
        summary = summary.add(result)
    formatter.end(summary)
    return stream.getvalue()


def samples_report(engine: RuleEngine, lang: str) -> str:
    """The HTML report of samples/ in ``lang``, as ``einvoice validate --format html`` writes it.

    The samples are named by their paths relative to the repository, which must be the current
    folder.
    """
    return report(engine, samples(), lang)


def run_chromium(url: str, profile: Path, extra: Sequence[str]) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium on ``url`` with a fresh profile folder; raise if it fails."""
    if not CHROMIUM.is_file():
        raise FileNotFoundError(f"{CHROMIUM} is missing: install Debian's chromium package")
    command = [str(CHROMIUM), *HEADLESS, f"--user-data-dir={profile}", *extra, url]
    return subprocess.run(command, check=True, capture_output=True, text=True, timeout=120)


def dump_dom(url: str, profile: Path) -> str:
    """The page's DOM after its scripts ran, serialised."""
    return run_chromium(url, profile, ["--dump-dom"]).stdout


def screenshot(url: str, target: Path, profile: Path, size: tuple[int, int]) -> None:
    """A PNG of the page's first ``size`` pixels (width, height)."""
    run_chromium(url, profile, [f"--window-size={size[0]},{size[1]}", f"--screenshot={target}"])
    if not target.is_file():
        raise RuntimeError(f"chromium wrote no screenshot to {target}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", default="en", choices=("en", "de"))
    parser.add_argument("--output", type=Path, default=REPO / "docs" / "html-report.png")
    parser.add_argument("--corpus", action="store_true", help="300 corpus documents")
    args = parser.parse_args()
    if Path.cwd() != REPO:
        raise SystemExit(f"run this from {REPO}")
    output = args.output.resolve()
    mirror = os.environ.get("EINVOICE_RULES_MIRROR", str(REPO.parent / "shared" / "rules-mirror"))
    with tempfile.TemporaryDirectory() as folder:
        settings = FetchSettings(
            cache_dir=Path(folder) / "cache", mirror=mirror, allow_network=False
        )
        engine = RuleEngine(RuleStore(load_catalog(), settings))
        page = Path(folder) / "report.html"
        if args.corpus:
            os.chdir(SHARED)
            text = report(engine, batch_300(), args.lang)
            os.chdir(REPO)
            size = (1200, 1500)
        else:
            text = samples_report(engine, args.lang)
            size = (1200, 1150)
        page.write_text(text, encoding="utf-8")
        screenshot(page.as_uri(), output, Path(folder) / "profile", size)
    print(output)


if __name__ == "__main__":
    main()
