"""The public API: what `import einvoice_cli` offers, on real documents."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import einvoice_cli
from einvoice_cli import ErrorKind, Settings, Validator, batch
from einvoice_cli.validation.engine import RuleEngine
from tests.support.corpus import REPO, XRECHNUNG_TESTSUITE, require
from tests.support.report_schemas import document_validator

SAMPLES = REPO / "samples"
EVIL = REPO / "tests" / "evil"


@pytest.fixture
def validator(engine: RuleEngine) -> Validator:
    return Validator(engine=engine)


def test_every_public_name_is_exported_and_importable() -> None:
    # __all__ is written out for type checkers; the lazy export table must name the same.
    assert set(einvoice_cli.__all__) - {"__version__"} == set(einvoice_cli._MODULE_OF)
    for name in einvoice_cli.__all__:
        assert getattr(einvoice_cli, name) is not None, name
    assert (Path(einvoice_cli.__file__).parent / "py.typed").is_file()


def test_importing_the_package_loads_neither_the_converter_nor_pypdf() -> None:
    code = "import sys, einvoice_cli.cli.main; print(sorted(m for m in sys.modules))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert "einvoice_cli.conversion" not in loaded
    assert "'pypdf'" not in loaded
    assert "einvoice_cli.batch" not in loaded


def test_a_path_bytes_and_a_file_object_give_the_same_result(validator: Validator) -> None:
    path = SAMPLES / "invalid-invoice.xml"
    by_path = validator.validate(path)
    by_bytes = validator.validate(path.read_bytes(), name=str(path))
    by_stream = validator.validate(io.BytesIO(path.read_bytes()), name=str(path))
    assert by_path.verdict == "reject"
    assert [f.rule for f in by_path.findings] == ["BR-CO-15", "BR-DE-15", "BR-DE-18"]
    assert by_bytes == by_stream
    assert by_bytes.findings == by_path.findings
    assert by_path.to_json()["verdict"] == "reject"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"", ErrorKind.EMPTY),
        (b"<Invoice><unclosed></Invoice>", ErrorKind.NOT_WELL_FORMED),
        ((EVIL / "xxe-local-file.xml"), ErrorKind.FORBIDDEN_DOCTYPE),
        ((EVIL / "billion-laughs.xml"), ErrorKind.FORBIDDEN_DOCTYPE),
        ((EVIL / "mislabelled-encoding.xml"), ErrorKind.ENCODING),
        (b"%PDF-1.7\n garbage", ErrorKind.BROKEN_PDF),
    ],
    ids=["empty", "not-well-formed", "xxe", "billion-laughs", "encoding", "broken-pdf"],
)
def test_every_error_verdict_has_its_kind(
    validator: Validator, data: bytes | Path, kind: ErrorKind
) -> None:
    result = validator.validate(data.read_bytes() if isinstance(data, Path) else data)
    assert result.verdict == "error"
    assert result.error_kind is kind, result.error
    assert result.to_json()["error_kind"] == kind.value
    errors = list(document_validator().iter_errors(result.to_json()))
    assert not errors, errors


def test_too_large_is_its_own_kind_and_names_no_option(engine: RuleEngine) -> None:
    result = Validator(engine=engine, max_bytes=100).validate(SAMPLES / "invalid-invoice.xml")
    assert result.error_kind is ErrorKind.TOO_LARGE
    assert result.error is not None and "--" not in result.error


def test_a_missing_file_is_unreadable(validator: Validator, tmp_path: Path) -> None:
    result = validator.validate(tmp_path / "missing.xml")
    assert (result.verdict, result.error_kind) == ("error", ErrorKind.UNREADABLE)


def test_an_unknown_scenario_fails_when_the_validator_is_made(engine: RuleEngine) -> None:
    with pytest.raises(einvoice_cli.ScenarioError, match="no-such-scenario"):
        Validator(engine=engine, scenario="no-such-scenario")


def test_validate_many_walks_folders_and_keeps_input_order(
    validator: Validator, tmp_path: Path
) -> None:
    """(The worker pool behind ``jobs`` is tested through the command line, which calls it.)"""
    folder = require(XRECHNUNG_TESTSUITE / "business-cases" / "standard")
    first = SAMPLES / "invalid-invoice.xml"
    results = list(validator.validate_many([first, folder, b"<x/>"]))
    assert results[0] == validator.validate(first)
    assert [r.path for r in results[1:-1]] == [str(p) for p in sorted(folder.glob("*.xml"))]
    assert all(r.verdict == "accept" for r in results[1:-1])
    assert (results[-1].path, results[-1].verdict) == ("<bytes 3>", "reject")


def test_validate_many_in_a_worker_process_builds_no_engine_here() -> None:
    """``in_process=False`` (the command line's choice, so that Ctrl-C stops a long document
    at once) validates a one-job run in a worker process, with the same results."""
    validator = Validator()
    documents = [SAMPLES / "xrechnung-ubl-invoice.xml", SAMPLES / "invalid-invoice.xml"]
    results = list(validator.validate_many(documents, in_process=False))
    assert [(Path(r.path).name, r.verdict) for r in results] == [
        ("xrechnung-ubl-invoice.xml", "accept"),
        ("invalid-invoice.xml", "reject"),
    ]
    assert validator._engine is None  # nothing was validated in this process


def test_one_small_document_stays_in_this_process_a_large_one_goes_to_a_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker would double a small document's time; a large one goes to a worker so that
    Ctrl-C need not wait for its transform."""
    started: list[int] = []

    class CountedPool(batch.WorkerPool):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            started.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(batch, "WorkerPool", CountedPool)
    small = SAMPLES / "xrechnung-ubl-invoice.xml"
    assert small.stat().st_size <= batch.IN_PROCESS_MAX_BYTES
    [result] = Validator().validate_many([small], in_process=False)
    assert result.verdict == "accept"
    assert not started, "one small document started a worker"

    large = tmp_path / "large.xml"
    text = small.read_text(encoding="utf-8")
    padding = "<!--" + "x" * batch.IN_PROCESS_MAX_BYTES + "-->"
    large.write_text(text.replace("?>", "?>" + padding, 1), encoding="utf-8")
    [result] = Validator().validate_many([large], in_process=False)
    assert result.verdict == "accept"
    assert started == [1], "a large document was validated in this process"


def test_convert_returns_the_document_and_both_verdicts(validator: Validator) -> None:
    conversion = einvoice_cli.convert(
        SAMPLES / "xrechnung-ubl-invoice.xml", "cii", validator=validator
    )
    assert conversion.outcome == "converted"
    assert conversion.input.verdict == "accept"
    assert conversion.output is not None and conversion.output.verdict == "accept"
    assert conversion.document is not None and b"CrossIndustryInvoice" in conversion.document


def test_settings_come_from_the_environment() -> None:
    settings = Settings.from_environment(
        {
            "EINVOICE_CACHE_DIR": "/tmp/x",
            "EINVOICE_RULES_MIRROR": "/srv/mirror",
            "EINVOICE_OFFLINE": "1",
            "EINVOICE_SHORTEN_TEXTS": "0",
        }
    )
    assert settings.cache_dir == Path("/tmp/x")
    assert settings.mirror == "/srv/mirror"
    assert settings.offline and not settings.shorten_texts
    assert not settings.validation_options().shorten_texts
    assert Settings.from_environment({}).shorten_texts


def test_python_dash_m_runs_the_command_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "einvoice_cli", "--help"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ},
    )
    assert result.returncode == 0, result.stderr
    assert "validate" in result.stdout
