"""The client side of a cluster run: chunks out, results back in input order.

Flow: inputs are taken lazily from the caller's iterator and cut into chunks
(:func:`~einvoice_cli.cluster.settings.chunk_size_for`: the size follows from the documents
seen ahead, up to a few chunks per worker thread, and the cluster's threads); at most
:data:`CHUNKS_IN_FLIGHT_PER_THREAD` chunks per thread are submitted at a time, and results that
arrive early wait until every earlier document is yielded. Nothing else grows with the run.

Faults (Dask reschedules a task whose worker died; when it has killed more workers than the
scheduler's ``allowed-failures`` it fails with ``KilledWorker``):
- a chunk that fails so is split into one task per document, sent again: documents are never
  lost, and never reported twice (results are kept by position, each position yielded once);
- a single document that fails so gets verdict ``error`` ("worker crashed"): a document that
  kills workers is never retried without end. With ``allowed-failures`` 0 (the ``local``
  cluster sets it) that is a document that killed two workers.
Any other exception of a task is a problem of the whole run (rules that cannot be installed,
a worker with other rules) and is raised here.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator
from itertools import islice

from distributed import Client, Future, KilledWorker, wait

from einvoice_cli.batch.settings import BatchObserver
from einvoice_cli.cluster.plugin import (
    ChunkJob,
    EnginePlugin,
    differences,
    error_result,
    fingerprint_digest,
    pack_fingerprint,
)
from einvoice_cli.cluster.settings import CHUNKS_PER_THREAD, MAX_CHUNK, ClusterSettings
from einvoice_cli.cluster.settings import chunk_size_for as _chunk_size_for
from einvoice_cli.cluster.sources import RemoteInput
from einvoice_cli.cluster.tasks import validate_chunk, worker_fingerprint
from einvoice_cli.core.results import DocumentResult
from einvoice_cli.errors import ClusterError
from einvoice_cli.rulepacks.catalog import load_catalog
from einvoice_cli.validation.inputs import Input

CHUNKS_IN_FLIGHT_PER_THREAD = 2
"""Chunks submitted per worker thread: one running, one waiting on the worker, so a worker
never waits for the client between two chunks."""
WORKER_WAIT_SECONDS = 60.0
"""How long a run waits for a first worker to join."""

Item = Input | RemoteInput


def prepare_cluster(client: Client, settings: ClusterSettings) -> str:
    """Register the engine plugin on every worker (it prepares their rules) and check that
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


def cluster_threads(client: Client) -> int:
    """The worker threads of the cluster now (a worker validates one chunk at a time, but
    counts its threads: Dask runs that many tasks on it)."""
    threads: dict[str, int] = client.nthreads()
    return max(1, sum(threads.values()))


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
    """One run's chunks in flight and results waiting for their turn."""

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
        self._threads = cluster_threads(client)
        self._pending: dict[
            Future[list[tuple[int, DocumentResult]]], tuple[tuple[int, Item], ...]
        ] = {}
        self._finished: dict[int, DocumentResult] = {}

    def results(self, source: Iterator[Item]) -> Generator[DocumentResult, None, None]:
        ahead = list(islice(source, self._threads * CHUNKS_PER_THREAD * MAX_CHUNK))
        known = None if len(ahead) == self._threads * CHUNKS_PER_THREAD * MAX_CHUNK else len(ahead)
        size = self._settings.chunk_size or _chunk_size_for(known, self._threads)
        numbered = enumerate(_chain(ahead, source))
        in_flight = self._threads * CHUNKS_IN_FLIGHT_PER_THREAD
        taken = reported = 0
        exhausted = False
        try:
            while True:
                while reported in self._finished:
                    yield self._finished.pop(reported)
                    reported += 1
                # Submit while few chunks are out and few results wait for an earlier one.
                while (
                    not exhausted
                    and len(self._pending) < in_flight
                    and taken - reported < 2 * in_flight * size
                ):
                    chunk = tuple(islice(numbered, size))
                    if not chunk:
                        exhausted = True
                        break
                    taken += len(chunk)
                    self._submit(chunk)
                if exhausted and reported == taken:
                    return
                done, _ = wait(list(self._pending), return_when="FIRST_COMPLETED")
                for future in done:
                    self._collect(future)
        finally:
            if self._pending:
                self._client.cancel(list(self._pending))
                self._pending.clear()

    def _submit(self, chunk: tuple[tuple[int, Item], ...]) -> None:
        job = ChunkJob(
            plugin=self._settings.plugin_name,
            fingerprint=self._digest,
            items=chunk,
            validation=self._settings.validation,
            timeout=self._settings.timeout,
        )
        future = self._client.submit(validate_chunk, job, pure=False)
        self._pending[future] = chunk

    def _collect(self, future: Future[list[tuple[int, DocumentResult]]]) -> None:
        chunk = self._pending.pop(future)
        if future.status == "finished":
            for seq, result in future.result():
                self._finish(seq, result)
            return
        error = future.exception()
        if not isinstance(error, KilledWorker):
            raise error
        if len(chunk) > 1:
            for numbered in chunk:  # find the document that killed the workers, if one did
                self._submit((numbered,))
            return
        seq, item = chunk[0]
        self._finish(
            seq, error_result(item.name, "worker crashed (Dask workers died validating it)")
        )

    def _finish(self, seq: int, result: DocumentResult) -> None:
        self._finished[seq] = result
        if self._observer is not None:
            self._observer.document_done(result)


def _chain(head: list[Item], rest: Iterator[Item]) -> Iterator[Item]:
    yield from head
    yield from rest
