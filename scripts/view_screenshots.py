"""Render the samples' UBL invoice, CII invoice and UBL credit note with `einvoice view` (HTML,
German and English) and photograph each page with headless Chromium.

Writes ``docs/view-{ubl-invoice,cii-invoice,ubl-creditnote}-{de,en}.png`` (the pictures in the
README). The visualization is installed from the offline mirror (``EINVOICE_RULES_MIRROR``,
default ``../shared/rules-mirror``) into a temporary cache. Needs Debian's ``chromium``.

    python -m scripts.view_screenshots
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from einvoice_cli.rendering import Language, Renderer, RenderFormat, RenderOptions
from einvoice_cli.rulepacks.catalog import load_catalog
from einvoice_cli.rulepacks.fetch import FetchSettings
from einvoice_cli.rulepacks.store import RuleStore
from scripts.html_screenshot import REPO, screenshot

SAMPLES = {
    "ubl-invoice": REPO / "samples" / "xrechnung-ubl-invoice.xml",
    "cii-invoice": REPO / "samples" / "xrechnung-cii-invoice.xml",
    "ubl-creditnote": REPO / "samples" / "xrechnung-ubl-creditnote.xml",
}


def main() -> None:
    mirror = os.environ.get("EINVOICE_RULES_MIRROR", str(REPO.parent / "shared" / "rules-mirror"))
    with tempfile.TemporaryDirectory() as folder:
        settings = FetchSettings(
            cache_dir=Path(folder) / "cache", mirror=mirror, allow_network=False
        )
        renderer = Renderer(RuleStore(load_catalog(), settings))
        for name, path in SAMPLES.items():
            for lang in Language:
                page = Path(folder) / f"{name}-{lang.value}.html"
                options = RenderOptions(lang=lang)
                page.write_bytes(
                    renderer.render(path.read_bytes(), path.name, RenderFormat.HTML, options)
                )
                target = REPO / "docs" / f"view-{name}-{lang.value}.png"
                screenshot(page.as_uri(), target, Path(folder) / "profile", (1280, 1500))
                print(target)


if __name__ == "__main__":
    main()
