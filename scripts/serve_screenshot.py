"""Photograph the web page of ``einvoice serve`` with two invoices dropped on it.

Writes ``docs/serve-page.png`` (the picture in the README's "HTTP service" section): starts the
server on a free loopback port with the rules from the offline mirror in a temporary cache,
uploads the rejected sample and an accepted test-suite invoice in headless Chromium, and saves
the page in German. ``tests/system/test_serve.py`` does the same and checks what the page shows.

    python -m scripts.serve_screenshot [--output docs/serve-page.png]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from tests.support.browser import chromium_driver
from tests.support.corpus import MIRROR, REPO, XRECHNUNG_TESTSUITE
from tests.support.server import start_server

ACCEPTED = XRECHNUNG_TESTSUITE / "technical-cases" / "cius" / "01.05_minimal_test_ubl.xml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=REPO / "docs" / "serve-page.png")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        server = start_server(Path(folder) / "server.log", Path(folder) / "cache", MIRROR)
        try:
            with chromium_driver(Path(folder) / "profile") as driver:
                driver.set_window_size(1000, 1100)
                driver.get(server.url + "/?lang=de")
                driver.find_element("id", "files").send_keys(
                    f"{REPO / 'samples' / 'invalid-invoice.xml'}\n{ACCEPTED}"
                )
                deadline = time.monotonic() + 60
                while len(driver.find_elements("css selector", "section.document")) < 2:
                    if time.monotonic() > deadline:
                        raise RuntimeError("the page showed no verdicts within 60 s")
                    time.sleep(0.1)
                driver.save_screenshot(str(args.output))
        finally:
            server.stop()
    print(args.output)


if __name__ == "__main__":
    main()
