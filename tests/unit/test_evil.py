"""Hostile documents (tests/evil/): each gets verdict error with a one-line reason, nothing
hostile is expanded or read, and the other documents of the batch are still validated."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import CliRun
from tests.support.corpus import XRECHNUNG_TESTSUITE, require

EVIL = Path(__file__).resolve().parents[1] / "evil"
GOOD = XRECHNUNG_TESTSUITE / "business-cases" / "standard" / "01.01a-INVOICE_ubl.xml"


def _documents(stdout: str) -> dict[str, Any]:
    report = json.loads(stdout)
    return {Path(str(d["path"])).name: d for d in report["documents"]}


def test_external_entity_pointing_at_a_local_file_is_never_read(run_cli: CliRun) -> None:
    canary = (EVIL / "secret.txt").read_text(encoding="utf-8").strip()
    for output_format in ("json", "text"):
        result = run_cli(["validate", "-f", output_format, str(EVIL / "xxe-local-file.xml")])
        assert result.exit_code == 2
        assert canary not in result.stdout
        assert canary not in result.stderr
        assert "document type declarations" in result.stdout


def test_billion_laughs_is_refused_without_expansion(run_cli: CliRun) -> None:
    result = run_cli(["validate", "-f", "json", str(EVIL / "billion-laughs.xml")])
    assert result.exit_code == 2
    [document] = _documents(result.stdout).values()
    assert document["verdict"] == "error"
    assert "document type declarations" in str(document["error"])
    assert "lollol" not in result.stdout


def test_mislabelled_encoding_is_a_clear_error(run_cli: CliRun) -> None:
    result = run_cli(["validate", "-f", "json", str(EVIL / "mislabelled-encoding.xml")])
    assert result.exit_code == 2
    [document] = _documents(result.stdout).values()
    assert document["verdict"] == "error"
    assert "Invalid bytes in character encoding" in str(document["error"])


def test_oversized_document_is_refused_before_parsing(run_cli: CliRun, tmp_path: Path) -> None:
    big = tmp_path / "big.xml"
    big.write_bytes(b"<Invoice>" + b" " * 5_000 + b"</Invoice>")
    result = run_cli(["validate", "-f", "json", "--max-size", "4KiB", str(big)])
    assert result.exit_code == 2
    [document] = _documents(result.stdout).values()
    assert "over the size limit of 4,096 bytes" in str(document["error"])


def test_default_size_limit_leaves_room_for_15_mb_invoices(run_cli: CliRun) -> None:
    result = run_cli(["validate", "--help"])
    assert "64MiB" in result.stdout


def test_hostile_documents_do_not_stop_the_batch(run_cli: CliRun) -> None:
    paths = [str(p) for p in sorted(EVIL.glob("*.xml"))] + [str(require(GOOD))]
    result = run_cli(["validate", "-f", "json", *paths])
    assert result.exit_code == 2
    documents = _documents(result.stdout)
    assert documents[GOOD.name]["verdict"] == "accept"
    assert [d["verdict"] for name, d in documents.items() if name != GOOD.name] == ["error"] * 3
    assert "Traceback" not in result.stderr
