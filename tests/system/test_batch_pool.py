"""The worker pool: documents that hang, crash their worker or exhaust its memory become
results in error while the others are validated; results keep input order with a bounded
number in flight; a problem of the run stops it and leaves no worker behind.

Workers are real processes running the real pipeline; ``tests.support.batch_hooks.misbehaving``
misbehaves only for documents whose file name asks for it.
"""

from __future__ import annotations

import multiprocessing
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from einvoice_cli.batch import DEFAULT_TIMEOUT, BatchSettings, WorkerPool, pool, validate_batch
from einvoice_cli.core.results import DocumentResult
from einvoice_cli.core.verdict import Verdict
from einvoice_cli.errors import RulePackError
from einvoice_cli.rulepacks.fetch import FetchSettings
from einvoice_cli.validation.inputs import Input, collect_inputs
from tests.support.batch_hooks import misbehaving
from tests.support.corpus import XRECHNUNG_TESTSUITE, require

UBL = XRECHNUNG_TESTSUITE / "business-cases" / "standard" / "01.01a-INVOICE_ubl.xml"
NOT_AN_INVOICE = b'<Order xmlns="urn:example:order"><ID>1</ID></Order>'
"""Rejected without running any rules: cheap for tests about the pool itself."""

Make = Callable[..., list[str]]


@pytest.fixture
def make(tmp_path: Path) -> Make:
    """Write documents named as asked: ``*.xml`` a corpus invoice, ``*.order`` a non-invoice."""

    def write(*names: str) -> list[str]:
        paths = []
        for name in names:
            target = tmp_path / name
            if name.endswith(".order"):
                target.write_bytes(NOT_AN_INVOICE)
            else:
                shutil.copyfile(require(UBL), target)
            paths.append(str(target))
        return paths

    return write


class Recorder:
    """A batch observer that keeps what it is told."""

    def __init__(self) -> None:
        self.done: list[str] = []

    def document_done(self, result: DocumentResult) -> None:
        self.done.append(Path(result.path).name)


def outcome(results: Iterator[DocumentResult]) -> list[tuple[str, Verdict, str | None]]:
    return [
        (Path(r.path).name, r.verdict, r.error.split(": ", 1)[1] if r.error else None)
        for r in results
    ]


def test_hanging_and_crashing_documents_are_errors_and_the_rest_is_validated(
    make: Make, fetch_settings: FetchSettings
) -> None:
    paths = make("a.xml", "hang.xml", "b.xml", "exit.xml", "c.order", "segv.xml", "d.xml")
    settings = BatchSettings(fetch_settings, jobs=2, timeout=5, validator=misbehaving)
    recorder = Recorder()
    results = outcome(validate_batch(collect_inputs(paths), settings, observer=recorder))
    assert results == [
        ("a.xml", Verdict.ACCEPT, None),
        ("hang.xml", Verdict.ERROR, "timed out after 5 s"),
        ("b.xml", Verdict.ACCEPT, None),
        ("exit.xml", Verdict.ERROR, "worker crashed (exit status 3)"),
        ("c.order", Verdict.REJECT, None),
        ("segv.xml", Verdict.ERROR, "worker crashed (killed by signal SIGSEGV)"),
        ("d.xml", Verdict.ACCEPT, None),
    ]
    assert sorted(recorder.done) == sorted(name for name, _, _ in results)
    assert multiprocessing.active_children() == []


def test_a_slow_document_holds_back_at_most_a_window_of_others(
    make: Make, fetch_settings: FetchSettings
) -> None:
    window = max(pool.MIN_WINDOW, 2 * pool.WINDOW_PER_JOB)
    paths = make("first.order", "hang.order", *(f"{n:03}.order" for n in range(window + 8)))
    taken = 0

    def inputs() -> Iterator[Input]:
        nonlocal taken
        for item in collect_inputs(paths):
            taken += 1
            yield item

    settings = BatchSettings(fetch_settings, jobs=2, timeout=3, validator=misbehaving)
    reported = 0
    for result in validate_batch(inputs(), settings):
        reported += 1
        if Path(result.path).name == "hang.order":
            assert result.error is not None and result.error.endswith("timed out after 3 s")
            # While it hung, the other worker went on, but only a window ahead of it.
            assert 2 + window - 1 <= taken <= 2 + window
    assert reported == len(paths)


def test_a_problem_of_the_run_stops_it_and_no_worker_is_left(
    make: Make, fetch_settings: FetchSettings
) -> None:
    paths = make("a.order", "fail.order", "b.order")
    settings = BatchSettings(fetch_settings, jobs=2, validator=misbehaving)
    with pytest.raises(RulePackError, match="rule pack example is not installed") as raised:
        list(validate_batch(collect_inputs(paths), settings))
    assert any("in a validation worker" in note for note in raised.value.__notes__)
    assert multiprocessing.active_children() == []


def test_stopping_early_kills_the_workers(make: Make, fetch_settings: FetchSettings) -> None:
    paths = make("a.order", "hang.order", "b.order")
    results = validate_batch(
        collect_inputs(paths), BatchSettings(fetch_settings, jobs=2, validator=misbehaving)
    )
    assert Path(next(results).path).name == "a.order"
    results.close()  # what Ctrl-C in the CLI does
    assert multiprocessing.active_children() == []


def test_workers_over_the_memory_limit_are_replaced_between_documents(
    make: Make, fetch_settings: FetchSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pool, "RECYCLE_FLOOR", 1)
    starts = 0
    start = WorkerPool._start

    def counting_start(self: WorkerPool) -> object:
        nonlocal starts
        starts += 1
        return start(self)

    monkeypatch.setattr(WorkerPool, "_start", counting_start)
    paths = make(*(f"{n}.order" for n in range(6)))
    # Below what a started worker holds, so each one is over it after its first document.
    settings = BatchSettings(fetch_settings, jobs=2, memory_limit=32 * 1024**2)
    verdicts = [r.verdict for r in validate_batch(collect_inputs(paths), settings)]
    assert verdicts == [Verdict.REJECT] * 6
    # Each worker retires after its first document, with at most the one it prefetched.
    assert starts >= 6 / pool.PREFETCH


@pytest.mark.skipif(
    not Path("/proc/self/statm").exists(), reason="needs /proc to watch another process"
)
def test_a_worker_over_twice_the_memory_limit_is_stopped(
    make: Make, fetch_settings: FetchSettings
) -> None:
    paths = make("a.order", "hog.order", "b.order")
    settings = BatchSettings(
        fetch_settings, jobs=2, memory_limit=256 * 1024**2, validator=misbehaving
    )
    assert outcome(validate_batch(collect_inputs(paths), settings)) == [
        ("a.order", Verdict.REJECT, None),
        (
            "hog.order",
            Verdict.ERROR,
            "worker crashed (its memory use passed 512 MiB, twice the worker memory limit)",
        ),
        ("b.order", Verdict.REJECT, None),
    ]


def test_one_document_or_one_job_is_validated_in_this_process(
    make: Make, fetch_settings: FetchSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_workers(self: WorkerPool) -> None:
        raise AssertionError("a worker was started")

    monkeypatch.setattr(WorkerPool, "_start", no_workers)
    [single] = make("a.order")
    many = make("b.order", "c.order")
    parallel = BatchSettings(fetch_settings, jobs=4)
    assert [r.verdict for r in validate_batch(collect_inputs([single]), parallel)] == [
        Verdict.REJECT
    ]
    serial = BatchSettings(fetch_settings, jobs=1)
    assert len(list(validate_batch(collect_inputs(many), serial))) == 2


def test_settings_are_checked() -> None:
    with pytest.raises(ValueError, match="jobs"):
        BatchSettings(FetchSettings(Path()), jobs=0)
    with pytest.raises(ValueError, match="timeout"):
        BatchSettings(FetchSettings(Path()), timeout=0)


def test_workers_have_a_default_timeout(make: Make, fetch_settings: FetchSettings) -> None:
    paths = make("a.xml", "hang.xml")
    settings = BatchSettings(fetch_settings, jobs=2, default_timeout=2, validator=misbehaving)
    assert settings.timeout is None
    results = outcome(validate_batch(collect_inputs(paths), settings))
    assert results == [
        ("a.xml", Verdict.ACCEPT, None),
        ("hang.xml", Verdict.ERROR, "timed out after 2 s"),
    ]
    assert BatchSettings(fetch_settings).default_timeout == DEFAULT_TIMEOUT == 120
