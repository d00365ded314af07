"""Which compiler wrote a compiled stylesheet: a fingerprint of the compiler's own source.

The engine keys its disk cache of compiled rules by this fingerprint, so any change to the code
that shapes the XSLT (the compiler, the rewrites and analyses, the merge, the long-text marks)
compiles the rules anew; nobody has to remember to bump a number. Keeping it here lets a process
that only reads that cache (every run after the first) skip importing the compiler.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]
"""The ``einvoice_cli`` package directory."""

COMPILER_SOURCES = (
    "schematron",
    "xml/long_texts.py",
    "evidence/rule_terms.py",
    "evidence/terms_table.py",
    "evidence/bindings.py",
    "evidence/bindings.toml",
)
"""What the compiled XSLT depends on, relative to the package: every Python file below these
(the compiler stores each rule's business terms, read through the binding table)."""


def compiler_fingerprint(package: Path = PACKAGE) -> str:
    """The sha256 of the compiler's source files (their paths and bytes, in a fixed order)."""
    digest = hashlib.sha256()
    for source in COMPILER_SOURCES:
        base = package / source
        files = sorted(base.rglob("*.py")) if base.is_dir() else [base]
        for path in files:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()
