"""The client side of a cluster run: chunks out, results back in input order.

Flow: inputs are taken lazily from the caller's iterator, while fewer than
:data:`WINDOW_CHUNKS` chunks per worker are between the next result to yield and the last
document taken, and cut into chunks of one kind of document for the workers that have its rules
(``waiting.py``). Each worker has one task at a time (a worker validates one document at a
time anyway, see ``plugin.py``); results that arrive early wait until every earlier document
is yielded. Nothing else grows with the run.

Faults (Dask reschedules a task whose worker died; when it has killed more workers than the
scheduler's ``allowed-failures`` it fails with ``KilledWorker``):
- each document of a chunk that fails so is sent again in a task of its own: documents are
  never lost, and never reported twice (results are kept by position, each yielded once);
- a document in :data:`LOSSES_PER_DOCUMENT` tasks that failed so gets verdict ``error``
  ("worker crashed"): a document that kills workers is never retried without end. With
  ``allowed-failures`` 0 (the ``local`` cluster sets it) that is a document that killed two
  workers.
Any other exception of a task is a problem of the whole run (rules that cannot be installed,
a worker with other rules) and is raised here.
"""

from __future__ import annotations

import time
from collections import Counter, deque
from collections.abc import Generator, Iterable, Iterator

from distributed import Client, Future, KilledWorker, wait

from einvoice_cli.batch.settings import BatchObserver, BatchSettings
from einvoice_cli.cluster.plugin import (
    ChunkJob,
    EnginePlugin,
    differences,
    error_result,
    fingerprint_digest,
    pack_fingerprint,
)
from einvoice_cli.cluster.settings import MAX_CHUNK, ClusterSettings
from einvoice_cli.cluster.sources import remote_of
from einvoice_cli.cluster.tasks import validate_chunk, worker_fingerprint
from einvoice_cli.cluster.waiting import Chunk, Item, Waiting
from einvoice_cli.core.results import DocumentResult
from einvoice_cli.errors import ClusterError, ErrorKind
from einvoice_cli.rulepacks.catalog import load_catalog
from einvoice_cli.validation.inputs import Input

WINDOW_CHUNKS = 2
"""Chunks of the largest size per worker that may be taken from the input ahead of the next
result to yield: room for chunks of one kind while workers of other kinds are busy."""
IDLE_POLL_SECONDS = 1.0
"""How often a run looks for workers that joined while it waits for results."""
LOSSES_PER_DOCUMENT = 2
"""Tasks failed with ``KilledWorker`` after which a document gets verdict ``error``."""
WORKER_WAIT_SECONDS = 60.0
"""How long a run waits for a first worker to join."""


def prepare_cluster(client: Client, settings: ClusterSettings) -> str:
    """Register the engine plugin on every worker (it installs their rule packs) and check that
    their rule packs are this installation's; return the fingerprint tasks carry.

    Raises :class:`~einvoice_cli.errors.ClusterError` when no worker joins in time or a
    worker's rules differ; a worker that cannot set up its engine raises what it raised.
    """
    try:
        client.wait_for_workers(1, timeout=WORKER_WAIT_SECONDS)
    except TimeoutError as e:
        raise ClusterError(
            f"no Dask worker joined the scheduler at {client.scheduler_info().get('address')} "
            f"within "
            f"{WORKER_WAIT_SECONDS:g} s"
        ) from e
    plugin = EnginePlugin(settings)
    client.register_plugin(plugin)
    expected = pack_fingerprint(load_catalog())
    for address, found in client.run(worker_fingerprint, plugin.name).items():
        differing = differences(expected, found)
        if differing:
            raise ClusterError(
                f"the Dask worker {address} has other rule packs than this installation "
                f"({', '.join(differing)}); install the same einvoice-cli release and rules "
                "on every worker"
            )
    return fingerprint_digest(expected)


class DaskExecutor:
    """Validates batches on a Dask cluster: the executor of
    :meth:`einvoice_cli.Validator.validate_many` and of ``einvoice validate --cluster``.

    ``rules_from_client``: workers take the rules cache and mirror of the batch settings (a
    local cluster, or workers that share this machine's paths); otherwise each worker uses its
    own (``plugin.py``). ``chunk_size`` and ``warm`` as in :class:`ClusterSettings`.
    """

    def __init__(
        self,
        client: Client,
        *,
        rules_from_client: bool = False,
        chunk_size: int | None = None,
        warm: bool = False,
    ) -> None:
        self.client = client
        self.rules_from_client = rules_from_client
        self.chunk_size = chunk_size
        self.warm = warm

    def validate(
        self,
        inputs: Iterable[Input],
        settings: BatchSettings,
        observer: BatchObserver | None,
    ) -> Generator[DocumentResult, None, None]:
        """Validate the inputs on the cluster and yield their results in input order (an
        input named by a URL is read by the worker)."""
        cluster = ClusterSettings(
            fetch=settings.fetch if self.rules_from_client else None,
            validation=settings.validation,
            timeout=settings.timeout,
            chunk_size=self.chunk_size,
            warm=self.warm,
            validator=settings.validator,
        )
        return validate_on_cluster(map(remote_of, inputs), cluster, self.client, observer=observer)


def validate_on_cluster(
    inputs: Iterable[Item],
    settings: ClusterSettings,
    client: Client,
    *,
    observer: BatchObserver | None = None,
) -> Generator[DocumentResult, None, None]:
    """Validate the inputs on the cluster and yield their results in input order.

    Prepares the workers first (:func:`prepare_cluster`). Closing the iterator early (or an
    exception, such as KeyboardInterrupt, while it runs) cancels the chunks in flight.
    """
    digest = prepare_cluster(client, settings)
    return _Run(client, settings, digest, observer).results(iter(inputs))


class _Run:
    """One run's tasks in flight and results waiting for their turn."""

    def __init__(
        self,
        client: Client,
        settings: ClusterSettings,
        digest: str,
        observer: BatchObserver | None,
    ) -> None:
        self._client = client
        self._settings = settings
        self._digest = digest
        self._observer = observer
        self._pending: dict[Future[list[tuple[int, DocumentResult]]], tuple[str, Chunk]] = {}
        """Tasks in flight: the worker each was sent to, and its documents."""
        self._retry: deque[Chunk] = deque()
        """Documents of lost tasks, each in a task of its own, sent before new chunks."""
        self._finished: dict[int, DocumentResult] = {}
        self._losses: Counter[int] = Counter()
        """How often each document was in a task that failed with KilledWorker."""
        self._waiting = Waiting(settings.chunk_size)
        """Documents taken from the input and not sent yet."""
        self._known_workers: list[str] = []
        self._workers_asked = 0.0

    def results(self, source: Iterator[Item]) -> Generator[DocumentResult, None, None]:
        numbered = enumerate(source)
        waiting = self._waiting
        taken = reported = 0
        try:
            while True:
                workers = self._workers()
                window = WINDOW_CHUNKS * max(1, len(workers)) * MAX_CHUNK
                while not waiting.complete and taken - reported < window:
                    item = next(numbered, None)
                    if item is None:
                        waiting.complete = True
                    else:
                        waiting.add(*item)
                        taken += 1
                if waiting.complete and reported == taken:
                    return
                self._dispatch(workers)
                if not self._pending:
                    self._wait_for_a_worker()
                    continue
                try:
                    done, _ = wait(
                        list(self._pending),
                        timeout=IDLE_POLL_SECONDS,
                        return_when="FIRST_COMPLETED",
                    )
                except TimeoutError:
                    continue  # look for workers that joined meanwhile
                for future in done:
                    self._collect(future)
                # Workers get their next chunk before the results are reported.
                self._dispatch(self._workers())
                while reported in self._finished:
                    yield self._finished.pop(reported)
                    reported += 1
        finally:
            if self._pending:
                self._client.cancel(list(self._pending))
                self._pending.clear()

    def _dispatch(self, workers: list[str]) -> None:
        """A chunk for each idle worker: documents of lost tasks first, then waiting ones."""
        busy = {worker for worker, _ in self._pending.values()}
        for worker in (w for w in workers if w not in busy):
            chunk = self._retry.popleft() if self._retry else None
            chunk = chunk or self._waiting.chunk_for(worker, len(workers))
            if chunk is None:
                return
            self._submit(chunk, worker)

    def _workers(self) -> list[str]:
        """The workers' addresses, asked of the scheduler at most every
        :data:`IDLE_POLL_SECONDS` (a round trip per chunk would cost small chunks dearly)."""
        now = time.monotonic()
        if now - self._workers_asked >= IDLE_POLL_SECONDS or not self._known_workers:
            self._known_workers = list(self._client.nthreads())
            self._workers_asked = now
        return self._known_workers

    def _wait_for_a_worker(self) -> None:
        """Every worker is gone: wait for one to join (a nanny restarts a dead one)."""
        try:
            self._client.wait_for_workers(1, timeout=WORKER_WAIT_SECONDS)
        except TimeoutError as e:
            raise ClusterError(
                f"every Dask worker left, and none joined within {WORKER_WAIT_SECONDS:g} s"
            ) from e

    def _submit(self, chunk: Chunk, worker: str) -> None:
        job = ChunkJob(
            plugin=self._settings.plugin_name,
            fingerprint=self._digest,
            items=chunk,
            validation=self._settings.validation,
            timeout=self._settings.timeout,
        )
        # One task per worker at a time: when a worker dies, only the task it was running is
        # lost with it (a task queued behind it would count as lost too). Loose restriction:
        # Dask may still move it if the worker leaves.
        future = self._client.submit(
            validate_chunk, job, pure=False, workers=[worker], allow_other_workers=True
        )
        self._pending[future] = (worker, chunk)

    def _collect(self, future: Future[list[tuple[int, DocumentResult]]]) -> None:
        worker, chunk = self._pending.pop(future)
        if future.status == "finished":
            for seq, result in future.result():
                self._finish(seq, result)
            return
        error = future.exception()
        if not isinstance(error, KilledWorker):
            raise error
        self._known_workers = []  # a worker left: ask again
        self._waiting.forget(worker)
        for seq, item in chunk:
            self._losses[seq] += 1
            if self._losses[seq] >= LOSSES_PER_DOCUMENT:
                reason = f"worker crashed ({self._losses[seq]} Dask workers died validating it)"
                self._finish(seq, error_result(item.name, reason, ErrorKind.WORKER_CRASHED))
            else:  # alone, so a document that kills workers is found
                self._retry.append(((seq, item),))

    def _finish(self, seq: int, result: DocumentResult) -> None:
        self._finished[seq] = result
        if self._observer is not None:
            self._observer.document_done(result)
