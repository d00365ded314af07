"""The parent side of a batch: worker processes, documents in flight, input order, limits.

Workers are started with the "spawn" method, never forked: SaxonC is a native GraalVM
library, and a process that has started it must not fork. They are started lazily, up to
``jobs``: one when a document waits that no running worker has had the kind of, or every
running worker is busy.

Affinity: a worker compiles the rules of a kind of document (``affinity.py``) when it first gets
one. The oldest waiting document of a kind no worker has had goes to a new worker, else to the
worker with room that has had the fewest kinds. Otherwise each worker with room (the least busy
first) takes the oldest waiting document of a kind it has had; failing that, a new worker or an
idle one takes the oldest document of any kind: no worker waits while documents do. Documents
may so be validated out of input order; they are still reported in input order.

Flow and memory: each worker holds at most :data:`PREFETCH` documents (a document read from
standard input goes only to an idle worker, so a large payload never waits in a pipe), and
inputs are taken from the caller's iterator only while fewer than the window of documents are
between the next one to report and the last one taken. Results that finish early wait in a
buffer of at most that many and are yielded in input order. Nothing else grows with the
batch.

Limits:
- timeout: the clock of a worker's current document starts when the worker starts it and
  stops while the worker prepares rules (it says so, see ``worker.py``); past the timeout the
  worker is killed, the document gets verdict ``error`` ("timed out after N s"), the other
  documents it held are sent again, and a new worker takes over.
- crash: a worker that dies (a signal, ``os._exit``, the kernel's OOM killer) gives its
  current document verdict ``error`` ("worker crashed (...)"); the others it held are sent
  again. A worker that dies before it is ready stops the run (:class:`WorkerError`): the
  installation is broken, and every document would fail the same way.
- memory: after a document, a worker whose resident memory is over the limit (and that has
  validated :data:`RECYCLE_FLOOR` documents, so a limit below a worker's working set cannot
  make it recompile its rules for every document) finishes what it holds and exits; a fresh
  one takes its place. Where the platform shows another process's memory (Linux), a worker
  is killed like a crash when, while validating, it is over twice the limit *and* has grown
  by more than the limit since it started the document (or last finished preparing rules):
  the second condition keeps a limit set below the working set of a worker that holds many
  scenarios' rules from killing it on every document.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time
from collections import Counter, deque
from collections.abc import Generator, Iterable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess

from einvoice_cli.batch.affinity import kind_of
from einvoice_cli.batch.settings import BatchObserver, BatchSettings
from einvoice_cli.batch.worker import Done, Failed, Message, Preparing, Ready, Task, resident_bytes
from einvoice_cli.batch.worker import serve as serve_worker
from einvoice_cli.core.results import Container, DocumentResult
from einvoice_cli.core.verdict import Verdict
from einvoice_cli.errors import EinvoiceError, ErrorKind
from einvoice_cli.validation.inputs import Input

PREFETCH = 2
"""Documents a worker holds at most: the one it validates and the next, so it never waits
for the parent between two documents."""
WINDOW_PER_JOB = 64
"""Documents in flight or waiting to be reported, per worker (at least :data:`MIN_WINDOW`):
room for workers of different kinds to run at different speeds before one takes another kind."""
MIN_WINDOW = 16
RECYCLE_FLOOR = 50
"""Documents a worker validates before the memory limit may replace it."""
HARD_LIMIT_FACTOR = 2
"""A worker over this many times the memory limit while validating (and grown by more than
the limit during the document) is killed."""
MEMORY_POLL_SECONDS = 1.0
STOP_GRACE_SECONDS = 5.0
"""How long workers may take to exit after the last document before they are killed."""


class WorkerError(EinvoiceError):
    """A validation worker cannot start (a broken installation), so no document can be."""


@dataclass(eq=False, slots=True)
class _Worker:
    """One worker process and what the parent knows about it."""

    process: BaseProcess
    connection: Connection
    queue: deque[Task] = field(default_factory=deque)
    """Documents sent and not yet answered, in the order the worker validates them."""
    started: bool = False
    """True once the worker said it is ready."""
    preparing: bool = True
    """True while the worker starts or prepares rules: the document clock is stopped."""
    clock: float | None = None
    """When the clock of the first queued document (re)started; ``None`` when stopped."""
    documents: int = 0
    resident: int | None = None
    """Resident bytes when the worker last said it was ready or done (the level a document's
    growth is measured from)."""
    retiring: bool = False
    """True once the worker was told to stop after what it holds (memory, or a broken pipe)."""
    kinds: set[str] = field(default_factory=set)
    """The kinds of document it was sent (``affinity.py``): it has their rules, or will."""


def _describe_exit(code: int | None) -> str:
    if code is None:
        return "no exit status"
    if code < 0:
        try:
            return f"killed by signal {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit status {code}"


def _error_result(item: Input, reason: str, kind: ErrorKind) -> DocumentResult:
    return DocumentResult(
        item.name,
        Container.XML,
        None,
        None,
        None,
        Verdict.ERROR,
        error=f"{item.name}: {reason}",
        error_kind=kind,
    )


def _start_ignoring_interrupts(process: BaseProcess) -> None:
    """Start a worker with SIGINT ignored from its first instruction (it inherits that), so
    a Ctrl-C while it imports does not print a traceback from it; the parent handles Ctrl-C.
    The worker also ignores SIGINT itself, where inheriting does not apply (not POSIX)."""
    if threading.current_thread() is not threading.main_thread():
        process.start()
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        process.start()
    finally:
        signal.signal(signal.SIGINT, previous)


class WorkerPool:
    """Validates a batch in worker processes (see the module docstring)."""

    def __init__(self, settings: BatchSettings, observer: BatchObserver | None = None) -> None:
        self._settings = settings
        self._observer = observer
        self._context = multiprocessing.get_context("spawn")
        self._workers: list[_Worker] = []
        self._waiting: deque[Task] = deque()
        """Documents taken from the input and not yet sent, in input order."""
        self._waiting_kinds: Counter[str] = Counter()
        """How many waiting documents there are of each kind."""
        self._finished: dict[int, DocumentResult] = {}
        self._window = max(MIN_WINDOW, settings.jobs * WINDOW_PER_JOB)
        self._can_watch_memory = (
            settings.memory_limit is not None and resident_bytes(os.getpid()) is not None
        )
        self._last_memory_check = 0.0

    def run(self, inputs: Iterable[Input]) -> Generator[DocumentResult, None, None]:
        """Validate the inputs and yield their results in input order.

        Closing the iterator early (or an exception, such as KeyboardInterrupt, while it
        runs) kills the workers; nothing is left running.
        """
        source = iter(inputs)
        taken = 0
        reported = 0
        exhausted = False
        try:
            while True:
                while reported in self._finished:
                    yield self._finished.pop(reported)
                    reported += 1
                while not exhausted and taken < reported + self._window:
                    item = next(source, None)
                    if item is None:
                        exhausted = True
                    else:
                        task = Task(taken, item, kind_of(item))
                        self._waiting.append(task)
                        self._waiting_kinds[task.kind] += 1
                        taken += 1
                self._dispatch()
                if exhausted and reported == taken:
                    break
                self._wait()
            self._stop_all()
        finally:
            self._kill_all()

    # Sending

    def _dispatch(self) -> None:
        while self._waiting and self._place():
            pass

    def _place(self) -> bool:
        """Send one waiting document where the module docstring says; False if none can go."""
        active = [w for w in self._workers if not w.retiring]
        head = self._waiting[0]
        if not any(head.kind in w.kinds for w in active):
            # A kind no worker has had: a new worker, else the one with room that has had the
            # fewest kinds compiles its rules (now, so later documents of the kind can follow).
            if len(active) < self._settings.jobs:
                self._send(self._start(), head)
                return True
            room = [w for w in active if self._may_take(w, head)]
            if room:
                self._send(min(room, key=lambda w: (len(w.kinds), len(w.queue))), head)
                return True
        for worker in sorted(active, key=lambda w: len(w.queue)):
            if len(worker.queue) >= PREFETCH or not any(
                self._waiting_kinds[kind] for kind in worker.kinds
            ):
                continue  # no room, or nothing of its kinds waits: spare the search
            task = next(
                (t for t in self._waiting if t.kind in worker.kinds and self._may_take(worker, t)),
                None,
            )
            if task is not None:
                self._send(worker, task)
                return True
        if len(active) < self._settings.jobs:
            self._send(self._start(), head)
            return True
        idle = next((w for w in active if not w.queue), None)
        if idle is None:
            return False
        self._send(idle, head)
        return True

    @staticmethod
    def _may_take(worker: _Worker, task: Task) -> bool:
        """Room for one more document (a payload from standard input: only when idle)."""
        if task.item.data is not None:
            return not worker.queue
        return len(worker.queue) < PREFETCH

    def _start(self) -> _Worker:
        mine, theirs = self._context.Pipe(duplex=True)
        process = self._context.Process(
            target=serve_worker,
            args=(theirs, self._settings),
            name=f"einvoice-worker-{len(self._workers) + 1}",
            daemon=True,
        )
        _start_ignoring_interrupts(process)
        theirs.close()
        worker = _Worker(process, mine)
        self._workers.append(worker)
        return worker

    def _send(self, worker: _Worker, task: Task) -> None:
        """Send a waiting document to a worker (it leaves the waiting list either way)."""
        self._waiting.remove(task)
        self._waiting_kinds[task.kind] -= 1
        try:
            worker.connection.send(task)
        except OSError:
            # The worker is gone; its end is noticed by _wait, and the task goes to another.
            worker.retiring = True
            self._requeue([task])
            return
        if not worker.queue and not worker.preparing:
            worker.clock = time.monotonic()
        worker.queue.append(task)
        worker.kinds.add(task.kind)

    # Receiving

    def _wait(self) -> None:
        assert self._workers, "waiting with no worker running"
        timeout = self._next_wakeup()
        handles: list[Connection | int] = []
        for worker in self._workers:
            handles += [worker.connection, worker.process.sentinel]
        ready = set(wait(handles, timeout))
        for worker in list(self._workers):
            if worker.connection in ready:
                self._receive(worker)
        for worker in list(self._workers):
            if worker.process.sentinel in ready:
                self._reap(worker)
        self._enforce_timeout()
        self._enforce_memory()

    def _next_wakeup(self) -> float | None:
        wakeups = []
        now = time.monotonic()
        timeout = self._settings.worker_timeout
        if timeout is not None:
            wakeups += [w.clock + timeout - now for w in self._workers if w.clock is not None]
        if self._can_watch_memory and any(w.queue for w in self._workers):
            wakeups.append(MEMORY_POLL_SECONDS)
        return max(0.0, min(wakeups)) if wakeups else None

    def _receive(self, worker: _Worker) -> None:
        if not self._drain(worker):
            self._reap(worker)

    def _drain(self, worker: _Worker) -> bool:
        """Handle every message that has arrived; False once the connection is closed."""
        while True:
            try:
                if not worker.connection.poll():
                    return True
                message = worker.connection.recv()
            except (EOFError, OSError):
                return False
            self._handle(worker, message)

    def _handle(self, worker: _Worker, message: Message) -> None:
        now = time.monotonic()
        match message:
            case Preparing():
                worker.preparing = True
                worker.clock = None
            case Ready(resident_bytes=resident):
                worker.resident = resident
                worker.preparing = False
                worker.started = True
                worker.clock = now if worker.queue else None
            case Done(seq=seq, result=result, resident_bytes=resident):
                task = worker.queue.popleft()
                assert task.seq == seq, "a worker answered out of order"
                self._finish(seq, result)
                worker.documents += 1
                worker.resident = resident
                worker.clock = now if worker.queue and not worker.preparing else None
                self._recycle_if_large(worker, resident)
            case Failed(error=error):
                raise error

    def _finish(self, seq: int, result: DocumentResult) -> None:
        self._finished[seq] = result
        if self._observer is not None:
            self._observer.document_done(result)

    # Limits and failures

    def _recycle_if_large(self, worker: _Worker, resident: int | None) -> None:
        limit = self._settings.memory_limit
        if limit is None or resident is None or worker.retiring:
            return
        if resident > limit and worker.documents >= RECYCLE_FLOOR:
            worker.retiring = True
            with contextlib.suppress(OSError):  # already gone: _wait notices
                worker.connection.send(None)

    def _enforce_timeout(self) -> None:
        timeout = self._settings.worker_timeout
        if timeout is None:
            return
        now = time.monotonic()
        for worker in list(self._workers):
            if worker.clock is not None and now - worker.clock >= timeout:
                self._kill(worker, f"timed out after {timeout:g} s", ErrorKind.TIMEOUT)

    def _enforce_memory(self) -> None:
        limit = self._settings.memory_limit
        now = time.monotonic()
        if not self._can_watch_memory or limit is None:
            return
        if now - self._last_memory_check < MEMORY_POLL_SECONDS:
            return
        self._last_memory_check = now
        hard = limit * HARD_LIMIT_FACTOR
        for worker in list(self._workers):
            if not worker.queue:
                continue
            resident = resident_bytes(worker.process.pid)
            if resident is None or resident <= hard:
                continue
            if worker.resident is None or resident - worker.resident > limit:
                self._kill(
                    worker,
                    f"worker crashed (its memory use passed {hard / 1024**2:,.0f} MiB, twice "
                    "the worker memory limit)",
                    ErrorKind.WORKER_CRASHED,
                )

    def _kill(self, worker: _Worker, reason: str, kind: ErrorKind) -> None:
        """Stop a worker; its current document gets ``reason``, the others are sent again."""
        worker.process.kill()
        self._remove(worker)
        if worker.queue:
            culprit = worker.queue.popleft()
            self._finish(culprit.seq, _error_result(culprit.item, reason, kind))
        self._requeue(worker.queue)

    def _reap(self, worker: _Worker) -> None:
        """A worker ended on its own: take its last messages, then account for it."""
        if worker not in self._workers:
            return
        self._drain(worker)
        worker.process.join(STOP_GRACE_SECONDS)
        if worker.process.is_alive():
            worker.process.kill()
        self._remove(worker)
        code = worker.process.exitcode
        if not worker.started:
            raise WorkerError(
                f"a validation worker stopped while starting ({_describe_exit(code)}); "
                "check the installation, or run with --jobs 1"
            )
        if worker.queue:
            culprit = worker.queue.popleft()
            reason = f"worker crashed ({_describe_exit(code)})"
            self._finish(culprit.seq, _error_result(culprit.item, reason, ErrorKind.WORKER_CRASHED))
        self._requeue(worker.queue)

    def _requeue(self, tasks: Iterable[Task]) -> None:
        self._waiting = deque(sorted([*tasks, *self._waiting], key=lambda t: t.seq))
        self._waiting_kinds = Counter(task.kind for task in self._waiting)

    def _remove(self, worker: _Worker) -> None:
        worker.process.join()
        worker.connection.close()
        self._workers.remove(worker)

    def _stop_all(self) -> None:
        for worker in self._workers:
            with contextlib.suppress(OSError):  # already gone
                worker.connection.send(None)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for worker in self._workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))

    def _kill_all(self) -> None:
        for worker in list(self._workers):
            if worker.process.is_alive():
                worker.process.kill()
            self._remove(worker)
