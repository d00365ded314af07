"""Warm worker processes for the service: requests in, one answer per document out.

The workers are the batch workers (``batch/worker.py``, with :func:`~einvoice_cli.service.jobs.
run_job` as their validator function): each holds one rule engine for its whole life. What
differs from the batch pool (``batch/pool.py``) is the parent side. A batch is one ordered
stream that the caller iterates; a service has many independent requests that arrive at any
time, each waiting for its own documents, none for another's. So this pool:

- starts all workers at once and has each compile the rules of the configurations it is told
  (:func:`~einvoice_cli.service.jobs.prepare_job`) before it takes a request: requests never
  compile rules;
- sends a document to an idle, prepared worker, and only when every worker is busy a second
  one to a worker (:data:`PREFETCH`, as the batch pool does, so a worker never waits for this
  process between two documents under load, while under light load no document waits behind
  another in a worker); the rest wait in one bounded queue, and when the queue is full,
  :meth:`ServicePool.submit` raises :class:`QueueFull` at once;
- writes to each worker from a thread of its own (:class:`_Sender`): a busy worker does not
  read its pipe, and it may be blocked writing a large answer to this process, so a write
  there must never hold up the thread that reads the answers (both would wait for ever). So
  a document of any size can be a worker's next one, and a worker never idles while a large
  document waits for it;
- answers each document with an :class:`Answer` whose :class:`Outcome` says whether the worker
  finished it, ran past the timeout, or died; either of the last two kills that worker and
  starts a fresh one, and the other requests go on;
- replaces a worker whose memory passed the limit after a document (as the batch pool does).

One thread receives the workers' answers, watches their clocks and replaces them; the event
loop gets answers back from it (``call_soon_threadsafe``). A request's documents are sent by
the event loop itself, under the pool's lock, to the workers that can take them: waking the
pool thread for that cost the event loop a socket write and the two threads a hand-over of
the interpreter lock per request. Documents left waiting are sent by the pool thread as
workers answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import queue
import signal
import socket
import threading
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess

from einvoice_cli.batch.pool import RECYCLE_FLOOR, WorkerError
from einvoice_cli.batch.settings import BatchSettings
from einvoice_cli.batch.worker import Done, Failed, Preparing, Ready, Task
from einvoice_cli.batch.worker import serve as serve_worker
from einvoice_cli.core.results import Container, DocumentResult
from einvoice_cli.core.verdict import Verdict
from einvoice_cli.errors import EinvoiceError
from einvoice_cli.service.answers import Answer, Outcome, PoolState, QueueFull
from einvoice_cli.service.jobs import Job, prepare_job

LOG = logging.getLogger("einvoice.serve")

PREFETCH = 2
"""Documents a worker holds at most: the one it validates and the next."""
PREPARE_SEQ = -1
"""The sequence number of a worker's preparation job."""
POLL_SECONDS = 0.1
"""How often the pool thread looks at the clocks when nothing happens."""
RESTART_DELAY_SECONDS = 1.0
"""Pause before replacing a worker that died while preparing (a broken installation would
otherwise start workers in a tight loop)."""
STOP_GRACE_SECONDS = 5.0


@dataclass(eq=False, slots=True)
class _Pending:
    job: Job
    future: asyncio.Future[Answer]
    loop: asyncio.AbstractEventLoop
    submitted: float

    def settle(self, outcome: Outcome, result: DocumentResult) -> None:
        answer = Answer(outcome, result, time.monotonic() - self.submitted)
        with contextlib.suppress(RuntimeError):  # the loop is closed: nobody waits any more
            self.loop.call_soon_threadsafe(_set_answer, self.future, answer)


def _set_answer(future: asyncio.Future[Answer], answer: Answer) -> None:
    if not future.done():  # the client may have gone away (cancelled)
        future.set_result(answer)


class _Sender:
    """Writes messages to one worker, in order, from a thread of its own (see the module
    docstring). A write that fails means the worker is gone; the pool learns that from the
    worker's sentinel, so the rest is dropped."""

    _STOP = object()

    def __init__(self, connection: Connection, name: str) -> None:
        self._connection = connection
        self._outbox: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def send(self, message: Task | None) -> None:
        """Queue a message (``None`` tells the worker to exit after what it was sent)."""
        self._outbox.put(message)

    def stop(self) -> None:
        """End the thread once it has written what it holds (or its worker is gone)."""
        self._outbox.put(self._STOP)
        self._thread.join()

    def _run(self) -> None:
        while (message := self._outbox.get()) is not self._STOP:
            try:
                self._connection.send(message)
            except (OSError, ValueError):  # the worker is gone (or its pipe closed)
                return


@dataclass(eq=False, slots=True)
class _Worker:
    process: BaseProcess
    connection: Connection
    sender: _Sender
    prepared: bool = False
    preparing: bool = True
    held: deque[_Pending] = field(default_factory=deque)
    """Documents sent and not yet answered, in the order the worker validates them."""
    clock: float | None = None
    """When the first held document's clock (re)started; ``None`` while the worker prepares."""
    documents: int = 0
    retiring: bool = False


def _error(item: Job, reason: str) -> DocumentResult:
    return DocumentResult(
        item.name, Container.XML, None, None, None, Verdict.ERROR, error=f"{item.name}: {reason}"
    )


class ServicePool:
    """Worker processes that validate the documents of requests (see the module docstring)."""

    def __init__(
        self, settings: BatchSettings, *, queue_size: int, configurations: Sequence[str]
    ) -> None:
        self._settings = settings
        self._queue_size = queue_size
        self._prepare = prepare_job(tuple(configurations))
        self._context = multiprocessing.get_context("spawn")
        self._lock = threading.Lock()
        self._waiting: deque[_Pending] = deque()
        self._workers: list[_Worker] = []
        self._restarts: dict[str, int] = {"crash": 0, "timeout": 0, "memory": 0}
        self._start_error: BaseException | None = None
        self._delayed_starts: list[float] = []
        self._stopping = False
        self._wake_reader, self._wake_writer = socket.socketpair()
        self._thread = threading.Thread(target=self._run, name="einvoice-pool", daemon=True)
        self._all_prepared = threading.Event()

    # The event loop's side

    def start(self, timeout: float) -> None:
        """Start the workers and wait until each has prepared its rules.

        Raises :class:`~einvoice_cli.batch.pool.WorkerError` when a worker cannot start or
        prepare (rules that cannot be installed), or does not within ``timeout`` seconds.
        """
        with self._lock:
            for _ in range(self._settings.jobs):
                self._start_worker()
        self._thread.start()
        if not self._all_prepared.wait(timeout) or self._start_error is not None:
            self.close()
            reason = self._start_error or f"not ready after {timeout:g} s"
            raise WorkerError(f"the validation workers cannot start: {reason}")

    async def submit(self, jobs: Sequence[Job]) -> list[Answer]:
        """Validate the jobs (all in parallel where workers are free); their answers in order.

        Raises :class:`QueueFull`, queueing none of them, when they do not all fit (unless
        nothing waits: a request of more documents than the queue holds is then taken).
        """
        loop = asyncio.get_running_loop()
        now = time.monotonic()
        pending = [_Pending(job, loop.create_future(), loop, now) for job in jobs]
        with self._lock:
            # What the workers can still take (not yet sent to them) plus the queue's size.
            free = sum(
                PREFETCH - len(w.held) for w in self._workers if w.prepared and not w.retiring
            )
            room = self._queue_size + free
            # A request of more documents than the queue holds is taken when nothing waits.
            if self._waiting and len(self._waiting) + len(pending) > room:
                raise QueueFull(
                    f"all workers are busy and {len(self._waiting)} documents are waiting"
                )
            self._waiting.extend(pending)
            self._dispatch()
        try:
            return list(await asyncio.gather(*(p.future for p in pending)))
        finally:
            for p in pending:
                p.future.cancel()  # a client that went away: its waiting jobs are dropped

    def state(self) -> PoolState:
        """The pool's current state."""
        with self._lock:
            return PoolState(
                workers=len(self._workers),
                prepared=sum(w.prepared for w in self._workers),
                busy=sum(bool(w.held) for w in self._workers),
                queued=len(self._waiting),
                restarts=dict(self._restarts),
            )

    def close(self) -> None:
        """Stop the workers (after their current document, within a grace period)."""
        with self._lock:
            self._stopping = True
        self._wake()
        if self._thread.is_alive():
            self._thread.join(STOP_GRACE_SECONDS + 1)
        with self._lock:
            for worker in self._workers:
                if worker.process.is_alive():
                    worker.process.kill()
                worker.process.join()
                worker.sender.stop()
                worker.connection.close()
            self._workers.clear()
        self._wake_reader.close()
        self._wake_writer.close()

    def _wake(self) -> None:
        with contextlib.suppress(OSError):  # closed: the pool is stopping anyway
            self._wake_writer.send(b"\0")

    # The pool thread's side (every method below runs there, under the lock; _dispatch runs
    # in submit() too)

    def _run(self) -> None:
        while True:
            with self._lock:
                if self._stopping:
                    self._stop_workers()
                    return
                self._start_delayed()
                self._dispatch()
                watched: list[Connection | socket.socket | int] = [self._wake_reader]
                for worker in self._workers:
                    watched += [worker.connection, worker.process.sentinel]
            ready = wait(watched, POLL_SECONDS)
            with self._lock:
                if self._wake_reader in ready:
                    self._wake_reader.recv(4096)
                for worker in list(self._workers):
                    if worker.connection in ready:
                        self._receive(worker)
                    if worker in self._workers and worker.process.sentinel in ready:
                        self._reap(worker)
                self._enforce_timeout()

    def _start_worker(self) -> None:
        mine, theirs = self._context.Pipe(duplex=True)
        process = self._context.Process(
            target=serve_worker,
            args=(theirs, self._settings),
            name="einvoice-serve-worker",
            daemon=True,
        )
        process.start()
        theirs.close()
        worker = _Worker(process, mine, _Sender(mine, f"einvoice-pool-send-{process.pid}"))
        self._workers.append(worker)
        worker.sender.send(Task(PREPARE_SEQ, self._prepare))

    def _start_delayed(self) -> None:
        now = time.monotonic()
        due = [t for t in self._delayed_starts if t <= now]
        self._delayed_starts = [t for t in self._delayed_starts if t > now]
        for _ in due:
            self._start_worker()

    def _dispatch(self) -> None:
        # Idle workers first, then (all being busy) a second document each.
        for holding in range(PREFETCH):
            for worker in self._workers:
                if len(worker.held) != holding or not worker.prepared or worker.retiring:
                    continue
                while self._waiting and self._waiting[0].future.cancelled():
                    self._waiting.popleft()
                if not self._waiting:
                    return
                pending = self._waiting.popleft()
                # Should the worker have died, its sentinel tells, and the document goes to
                # another (_replace).
                worker.sender.send(Task(0, pending.job))
                worker.held.append(pending)
                if len(worker.held) == 1 and not worker.preparing:
                    worker.clock = time.monotonic()

    def _receive(self, worker: _Worker) -> None:
        try:
            while worker.connection.poll():
                self._handle(worker, worker.connection.recv())
        except (EOFError, OSError):
            self._reap(worker)

    def _handle(self, worker: _Worker, message: object) -> None:
        match message:
            case Preparing():
                worker.preparing = True
                worker.clock = None
            case Ready():
                worker.preparing = False
                if worker.held:
                    worker.clock = time.monotonic()
            case Done(seq=seq, result=result, resident_bytes=resident):
                if seq == PREPARE_SEQ:
                    worker.prepared = True
                    if all(w.prepared for w in self._workers):
                        self._all_prepared.set()
                    return
                if worker.held:
                    worker.held.popleft().settle(Outcome.DONE, result)
                # The next held document starts now.
                worker.clock = time.monotonic() if worker.held else None
                worker.documents += 1
                self._recycle_if_large(worker, resident)
            case Failed(error=error):
                # A problem of the service (rules that cannot be installed): the worker exits.
                LOG.error("a validation worker failed: %s", error)
                if not worker.prepared:
                    self._start_error = error
                if worker.held:
                    culprit = worker.held.popleft()
                    culprit.settle(Outcome.CRASHED, _error(culprit.job, str(error)))
                self._requeue(worker)

    def _recycle_if_large(self, worker: _Worker, resident: int | None) -> None:
        limit = self._settings.memory_limit
        if limit is None or resident is None or resident <= limit:
            return
        if worker.documents < RECYCLE_FLOOR:
            return
        worker.retiring = True
        self._restarts["memory"] += 1
        worker.sender.send(None)  # already gone: the sentinel tells
        self._start_worker()

    def _enforce_timeout(self) -> None:
        timeout = self._settings.timeout
        if timeout is None:
            return
        now = time.monotonic()
        for worker in list(self._workers):
            clock = worker.clock if worker.held else None
            if clock is not None and now - clock >= timeout:
                self._replace(worker, Outcome.TIMEOUT, f"timed out after {timeout:g} s")

    def _reap(self, worker: _Worker) -> None:
        """A worker ended on its own (a crash, a failure, or retiring after its memory)."""
        with contextlib.suppress(EOFError, OSError):
            while worker.connection.poll():
                self._handle(worker, worker.connection.recv())
        worker.process.join(STOP_GRACE_SECONDS)
        code = worker.process.exitcode
        if worker.retiring and not worker.held:
            self._forget(worker)
            return
        self._replace(worker, Outcome.CRASHED, f"worker crashed ({_describe(code)})")

    def _replace(self, worker: _Worker, outcome: Outcome, reason: str) -> None:
        """Kill a worker, answer its document with ``outcome``, and start a fresh one."""
        if worker.process.is_alive():
            worker.process.kill()
        self._forget(worker)
        if worker.held:
            culprit = worker.held.popleft()
            culprit.settle(outcome, _error(culprit.job, reason))
        self._requeue(worker)
        if self._stopping:
            return
        if not worker.prepared:
            if not self._all_prepared.is_set():  # starting up: start() reports it
                self._start_error = self._start_error or EinvoiceError(reason)
                self._all_prepared.set()
                return
            LOG.error("a validation worker stopped while preparing its rules (%s)", reason)
            self._delayed_starts.append(time.monotonic() + RESTART_DELAY_SECONDS)
            return
        self._restarts["timeout" if outcome is Outcome.TIMEOUT else "crash"] += 1
        LOG.warning("replacing a validation worker: %s", reason)
        self._start_worker()

    def _requeue(self, worker: _Worker) -> None:
        """The documents a worker held besides its current one go first to another."""
        self._waiting.extendleft(reversed(worker.held))
        worker.held.clear()

    def _forget(self, worker: _Worker) -> None:
        worker.process.join()
        worker.sender.stop()  # its writes fail now, if any were left
        worker.connection.close()
        self._workers.remove(worker)

    def _stop_workers(self) -> None:
        for worker in self._workers:
            worker.sender.send(None)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for worker in self._workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
        for worker in self._workers:
            self._requeue(worker)
        for pending in self._waiting:
            pending.settle(Outcome.CRASHED, _error(pending.job, "the service is stopping"))
        self._waiting.clear()


def _describe(code: int | None) -> str:
    if code is None:
        return "no exit status"
    if code < 0:
        with contextlib.suppress(ValueError):
            return f"killed by signal {signal.Signals(-code).name}"
        return f"killed by signal {-code}"
    return f"exit status {code}"
