"""Affinity: the parent sends a document to a worker that has had its kind, so workers compile
the rules of fewer kinds; no worker waits while documents do (``affinity.py``, ``pool.py``).

The placement policy is checked on a pool whose workers are stand-ins (no processes, so the
order of events is fixed); a mixed batch through real workers keeps verdicts and input order.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from einvoice_cli.batch import BatchSettings, WorkerPool, validate_batch
from einvoice_cli.batch import pool as pool_module
from einvoice_cli.batch.affinity import kind_of, sniff
from einvoice_cli.batch.worker import Task
from einvoice_cli.core.detect import Syntax
from einvoice_cli.core.verdict import Verdict
from einvoice_cli.rulepacks.fetch import FetchSettings
from einvoice_cli.validation.inputs import Input, collect_inputs
from tests.support.corpus import XRECHNUNG_TESTSUITE, require

STANDARD = XRECHNUNG_TESTSUITE / "business-cases" / "standard"


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b'<?xml version="1.0"?>\n<!-- note --><ubl:Invoice xmlns:ubl="u">', "Invoice"),
        (b"\xef\xbb\xbf<rsm:CrossIndustryInvoice xmlns:rsm='r'>", "CrossIndustryInvoice"),
        (b"<CreditNote/>", "CreditNote"),
        (b"  <?pi x?>\r\n<Invoice\n xmlns='u'>", "Invoice"),
        (b"%PDF-1.7\n%\xe2\xe3", "pdf"),
        (b"", ""),
        (b"not xml", ""),
        (b"<?xml version='1.0'?><!-- a comment longer than the head", ""),
        ("<Invoice/>".encode("utf-16"), ""),
    ],
)
def test_the_kind_is_the_root_element_or_pdf(head: bytes, kind: str) -> None:
    assert sniff(head) == kind


def test_the_kind_of_an_input(tmp_path: Path) -> None:
    cii = require(STANDARD / "01.01a-INVOICE_uncefact.xml")
    assert kind_of(Input(name="a", path=cii)) == "CrossIndustryInvoice"
    assert kind_of(Input(name="-", data=b"<Invoice/>")) == "Invoice"
    assert kind_of(Input(name="gone", path=tmp_path / "gone.xml")) == ""
    assert kind_of(Input(name="gone", problem="no such file or directory")) == ""


class _Connection:
    def __init__(self) -> None:
        self.sent: list[Task] = []

    def send(self, task: Task) -> None:
        self.sent.append(task)


def _pool(jobs: int, kinds: str) -> tuple[WorkerPool, list[pool_module._Worker]]:
    """A pool with stand-in workers and one waiting document per letter of ``kinds``."""
    pool = WorkerPool(BatchSettings(FetchSettings(Path()), jobs=jobs))
    started: list[pool_module._Worker] = []

    def start(self: WorkerPool) -> pool_module._Worker:
        worker = pool_module._Worker(process=None, connection=_Connection())  # type: ignore[arg-type]
        worker.preparing = False
        self._workers.append(worker)
        started.append(worker)
        return worker

    pool._start = start.__get__(pool)  # type: ignore[method-assign]
    dispatch = pool._dispatch

    def checked_dispatch() -> None:
        dispatch()
        assert pool._waiting_kinds == Counter(t.kind for t in pool._waiting) + Counter()
        assert all(count >= 0 for count in pool._waiting_kinds.values())

    pool._dispatch = checked_dispatch  # type: ignore[method-assign]
    pool._requeue(
        Task(seq, Input(name=f"{seq}{kind}", data=b"x" if kind == "s" else None), kind)
        for seq, kind in enumerate(kinds)
    )
    return pool, started


def _held(workers: list[Any]) -> list[str]:
    """What each worker holds."""
    return ["".join(t.item.name for t in w.queue) for w in workers]


def test_documents_go_to_the_worker_that_has_had_their_kind() -> None:
    pool, workers = _pool(2, "UCUCUUCU")
    pool._dispatch()
    # A new worker for the first C, then each kind to its worker, up to PREFETCH each.
    assert _held(workers) == ["0U2U", "1C3C"]
    workers[1].queue.popleft()  # the C worker finishes one: the next C, later in the input
    pool._dispatch()
    assert _held(workers) == ["0U2U", "3C6C"]


def test_an_idle_worker_takes_any_kind_rather_than_wait() -> None:
    pool, workers = _pool(2, "UCUUUU")
    pool._dispatch()
    assert _held(workers) == ["0U2U", "1C"]
    pool._dispatch()
    assert _held(workers) == ["0U2U", "1C"]  # busy, and the waiting U's are not its kind
    workers[1].queue.clear()
    pool._dispatch()
    assert _held(workers) == ["0U2U", "3U4U"]
    assert workers[1].kinds == {"C", "U"}


def test_a_new_kind_goes_to_one_worker_as_soon_as_it_is_the_oldest() -> None:
    pool, workers = _pool(2, "UUUUCUCU")
    pool._dispatch()
    assert _held(workers) == ["0U1U", "2U3U"]
    workers[0].queue.popleft()
    pool._dispatch()  # the C may not wait behind U's: the first worker with room takes it
    assert _held(workers) == ["1U4C", "2U3U"]
    workers[1].queue.popleft()
    pool._dispatch()
    assert _held(workers) == ["1U4C", "3U5U"]
    workers[0].queue.popleft()
    pool._dispatch()  # C's go on to the worker that has had them
    assert _held(workers) == ["4C6C", "3U5U"]
    assert workers[1].kinds == {"U"}


def test_one_kind_fills_the_first_worker_before_a_second_starts() -> None:
    pool, workers = _pool(2, "UUUU")
    pool._dispatch()
    assert _held(workers) == ["0U1U", "2U3U"]


def test_standard_input_goes_only_to_an_idle_worker() -> None:
    pool, workers = _pool(1, "UsU")
    pool._dispatch()
    assert _held(workers) == ["0U2U"]  # the payload waits; the U behind it may pass
    workers[0].queue.clear()
    pool._dispatch()
    assert _held(workers) == ["1s"]


def test_a_mixed_batch_keeps_input_order_and_verdicts(
    tmp_path: Path, fetch_settings: FetchSettings
) -> None:
    names = [
        f"{case}-INVOICE_{syntax}.xml"
        for case in ("01.01a", "01.02a", "01.03a")
        for syntax in ("ubl", "uncefact")
    ]
    paths = []
    for number, name in enumerate(names):
        target = tmp_path / f"{number}-{name}"
        shutil.copyfile(require(STANDARD / name), target)
        paths.append(str(target))
    settings = BatchSettings(fetch_settings, jobs=2)
    results = list(validate_batch(collect_inputs(paths), settings))
    assert [r.path for r in results] == paths
    assert [r.verdict for r in results] == [Verdict.ACCEPT] * len(paths)
    assert [r.syntax for r in results] == [Syntax.UBL_INVOICE, Syntax.CII] * 3
