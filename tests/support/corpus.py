"""Where the shared corpora and the offline rule mirror are, for tests and benchmarks.

They live in ``../shared`` beside the project checkout (override with ``EINVOICE_SHARED_DIR``).
A missing corpus is a test failure that names the path it looked for; it is never a skip.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("EINVOICE_SHARED_DIR", REPO.parent / "shared")).resolve()
CORPUS = SHARED / "corpus"
MIRROR = SHARED / "rules-mirror"
REFERENCE = SHARED / "reference"

XRECHNUNG_TESTSUITE = CORPUS / "xrechnung-testsuite-2026-01-31" / "src" / "test"
EN16931 = CORPUS / "en16931-1.3.15"
PEPPOL = CORPUS / "peppol-bis-3.0.19"
ZUGFERD = CORPUS / "zugferd-corpus"


def require(path: Path) -> Path:
    """Return ``path``, or fail the calling test saying which shared file or folder is missing."""
    if not path.exists():
        pytest.fail(
            f"missing shared test data: {path} (the corpora and rule mirror are expected in "
            f"{SHARED}; set EINVOICE_SHARED_DIR to where they are)",
            pytrace=False,
        )
    return path


def files(folder: Path, pattern: str = "*.xml") -> list[Path]:
    """All files under ``folder`` matching ``pattern``, sorted; an empty or missing folder fails."""
    found = sorted(p for p in require(folder).rglob(pattern) if p.is_file())
    if not found:
        pytest.fail(f"no {pattern} files under {folder}", pytrace=False)
    return found


def ident(path: Path) -> str:
    """Test id for a corpus file: its path relative to the corpus root."""
    try:
        return str(path.relative_to(CORPUS))
    except ValueError:
        return str(path)
