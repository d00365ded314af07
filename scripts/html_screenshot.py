"""Render the HTML report of samples/ and photograph it with headless Chromium.

Writes ``docs/html-report.png`` (the picture in the README). The rules are installed from the
offline mirror (``EINVOICE_RULES_MIRROR``, default ``../shared/rules-mirror``) into a temporary
cache. Needs Debian's ``chromium`` package. The browser helpers are shared with
``tests/system/test_html_browser.py``, which opens the same report and reads what a person sees.

    python -m scripts.html_screenshot [--lang de] [--output docs/html-report.png]
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import tempfile
from collections.abc import Sequence
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


def samples_report(engine: RuleEngine, lang: str) -> str:
    """The HTML report of samples/ in ``lang``, as ``einvoice validate --format html`` writes it.

    The samples are named by their paths relative to the repository, which must be the current
    folder.
    """
    stream = io.StringIO()
    formatter = HtmlFormatter(stream, ReportOptions(lang=Language(lang)))
    summary = Summary()
    formatter.begin()
    for result in validate(collect_inputs(samples()), engine, ValidationOptions()):
        formatter.document(result)
        summary = summary.add(result)
    formatter.end(summary)
    return stream.getvalue()


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
    args = parser.parse_args()
    if Path.cwd() != REPO:
        raise SystemExit(f"run this from {REPO}")
    mirror = os.environ.get("EINVOICE_RULES_MIRROR", str(REPO.parent / "shared" / "rules-mirror"))
    with tempfile.TemporaryDirectory() as folder:
        settings = FetchSettings(
            cache_dir=Path(folder) / "cache", mirror=mirror, allow_network=False
        )
        engine = RuleEngine(RuleStore(load_catalog(), settings))
        page = Path(folder) / "report.html"
        page.write_text(samples_report(engine, args.lang), encoding="utf-8")
        screenshot(page.as_uri(), args.output, Path(folder) / "profile", (1200, 1150))
    print(args.output)


if __name__ == "__main__":
    main()
