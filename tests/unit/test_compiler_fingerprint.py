"""The compiled-rules cache is keyed by the compiler's own source: change the compiler and the
rules compile anew; the compiled output never changes while the key stays the same."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from einvoice_cli.rulepacks.scenarios import ArtifactRef
from einvoice_cli.schematron.compiler.version import (
    COMPILER_SOURCES,
    PACKAGE,
    compiler_fingerprint,
)
from einvoice_cli.validation.engine import RuleEngine
from tests.support.corpus import REPO

RECORD = REPO / "tests" / "golden" / "compiled-rules.json"
"""The fingerprint of the compiler and the sha256 of what it compiled from the official rules."""

REFS = (
    "cen-en16931@1.3.15:ubl-schematron",
    "cen-en16931@1.3.15:cii-schematron",
    "xrechnung@2.5.0:ubl-schematron",
    "xrechnung@2.5.0:cii-schematron",
    "peppol-bis-billing@3.0.19:ubl-schematron",
)


def _copy_sources(target: Path) -> None:
    for source in COMPILER_SOURCES:
        origin = PACKAGE / source
        if origin.is_dir():
            shutil.copytree(origin, target / source, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            (target / source).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(origin, target / source)


def test_any_change_to_a_compiler_source_changes_the_fingerprint(tmp_path: Path) -> None:
    _copy_sources(tmp_path)
    before = compiler_fingerprint(tmp_path)
    assert before == compiler_fingerprint(PACKAGE)
    for changed in ("schematron/optimize/tokens.py", "xml/long_texts.py"):
        path = tmp_path / changed
        path.write_bytes(path.read_bytes() + b"\n# changed\n")
        after = compiler_fingerprint(tmp_path)
        assert after != before, changed
        before = after


def test_the_cache_key_follows_the_fingerprint(engine: RuleEngine, tmp_path: Path) -> None:
    ref = ArtifactRef.parse(REFS[0])
    key = engine._compiled_path(ref)
    assert key.parent.name == "compiled"
    other = RuleEngine(engine.store)
    other._compiler = "another compiler"
    assert other._compiled_path(ref) != key


def test_compiled_output_changes_only_with_the_fingerprint(
    engine: RuleEngine, request: pytest.FixtureRequest
) -> None:
    outputs = {
        ref: hashlib.sha256(engine.xslt_text(ArtifactRef.parse(ref)).encode()).hexdigest()
        for ref in REFS
    }
    current = {"fingerprint": compiler_fingerprint(), "outputs": outputs}
    if request.config.getoption("--update-golden"):
        RECORD.write_text(json.dumps(current, indent=2) + "\n", encoding="utf-8")
    recorded = json.loads(RECORD.read_text(encoding="utf-8"))
    if recorded["fingerprint"] == current["fingerprint"]:
        assert recorded["outputs"] == outputs, (
            "the compiled rules changed although the compiler's fingerprint did not: the "
            "output depends on something outside COMPILER_SOURCES; add it there"
        )
    else:
        pytest.fail(
            "the Schematron compiler changed: review what it compiles now and record it with "
            f"`pytest {Path(__file__).relative_to(REPO)} --update-golden` ({RECORD.name})"
        )
