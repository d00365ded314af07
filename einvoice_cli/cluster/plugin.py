"""The worker side of a cluster run: one warm rule engine per Dask worker process.

:class:`EnginePlugin` is a Dask worker plugin. When a worker joins (or the plugin is registered),
it builds a :class:`~einvoice_cli.validation.engine.RuleEngine`, starts Saxon, and installs and
verifies the rule packs from the worker's cache or mirror. It records the sha256 of the rule
files it verified (:func:`pack_fingerprint`): the client compares them with its own before a run
starts, and every task compares them again (a worker that joins later is checked too).

The engine prepares a scenario's rules (parses its XML Schema, compiles its stylesheets) when
a first document needs them, as a local ``--jobs`` worker does, and keeps them for every later
task and run: a worker compiles only the rules of the kinds of document it is sent, once. A
document's clock stops while its engine prepares rules (:class:`DocumentClock`), so a timeout
never counts compiling. With ``warm`` every scenario's rules are prepared when the worker joins.

Documents are validated on one thread that owns the engine (Saxon is driven from a single
thread), one at a time: a worker runs one chunk at a time whatever its ``--nthreads``. A
document over the timeout is abandoned on that thread, gets verdict ``error``, and the worker
goes on with a fresh engine on a new thread (the old thread ends when the document does).
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from queue import SimpleQueue
from typing import Any, TypeVar

from distributed import Worker, WorkerPlugin

from einvoice_cli.batch.settings import DocumentValidator
from einvoice_cli.batch.worker import AnnouncingEngine, AnnouncingStore
from einvoice_cli.cluster.settings import ClusterSettings
from einvoice_cli.cluster.sources import RemoteInput, read_remote
from einvoice_cli.core.results import Container, DocumentResult
from einvoice_cli.core.verdict import Verdict
from einvoice_cli.errors import ErrorKind, FetchError, RulePackError
from einvoice_cli.rulepacks.catalog import Catalog
from einvoice_cli.rulepacks.fetch import FetchSettings, sha256_of
from einvoice_cli.rulepacks.scenarios import Scenario, find_scenario
from einvoice_cli.rulepacks.store import RuleStore
from einvoice_cli.schematron.compiler.version import compiler_fingerprint
from einvoice_cli.settings import Settings
from einvoice_cli.validation.engine import RuleEngine
from einvoice_cli.validation.inputs import Input
from einvoice_cli.validation.pipeline import ValidationOptions

T = TypeVar("T")

UNAVAILABLE = "unavailable"
"""A pack's fingerprint on a worker that cannot install it (its documents fail as they would
in a local run)."""


def pack_fingerprint(catalog: Catalog, store: RuleStore | None = None) -> dict[str, str]:
    """A digest per rule pack (and the rule compiler's version) that identifies the rules.

    Without ``store``: from the sha256 each file is declared with (the client's view). With
    ``store``: from the sha256 of the files as installed there (a worker's view); a pack that
    cannot be installed is :data:`UNAVAILABLE`.
    """
    digests = {"compiler": compiler_fingerprint()}
    for key, pack in catalog.packs.items():
        if store is not None:
            try:
                store.ensure(pack)
            except (RulePackError, FetchError):
                digests[key] = UNAVAILABLE
                continue
            hashes = [sha256_of(store.file_path(pack, f.location)) for f in pack.files]
        else:
            hashes = [f.sha256 for f in pack.files]
        listing = "\n".join(
            line
            for line in sorted(f"{f.location} {h}" for f, h in zip(pack.files, hashes, strict=True))
        )
        digests[key] = hashlib.sha256(listing.encode()).hexdigest()
    return digests


def fingerprint_digest(fingerprint: Mapping[str, str]) -> str:
    """One digest over a fingerprint, for the check every task makes."""
    listing = "\n".join(f"{key} {value}" for key, value in sorted(fingerprint.items()))
    return hashlib.sha256(listing.encode()).hexdigest()


def differences(client: Mapping[str, str], worker: Mapping[str, str]) -> list[str]:
    """The packs whose rules differ between client and worker (a pack the worker cannot
    install is no difference: its documents fail there as they would here)."""
    return sorted(
        key
        for key in client.keys() | worker.keys()
        if worker.get(key) != UNAVAILABLE and client.get(key) != worker.get(key)
    )


def worker_fetch_settings() -> FetchSettings:
    """A worker's own rules cache and mirror. A Dask worker has no command line, so these
    come from its environment, with the variables the command line reads."""
    return Settings.from_environment(os.environ).fetch_settings()


class DocumentClock:
    """The clock of the document a lane validates. It stops while the lane's engine prepares
    rules (the engine announces that, :class:`~einvoice_cli.batch.worker.AnnouncingEngine`),
    so a timeout counts validating only, as for a local ``--jobs`` worker."""

    def __init__(self, now: Callable[[], float] = time.monotonic) -> None:
        self._now = now
        self._lock = threading.Lock()
        self._started = now()
        self._stopped_at: float | None = None
        self._stopped_for = 0.0
        self._depth = 0

    def start(self) -> None:
        """Start the clock of the next document (the lane is idle)."""
        with self._lock:
            self._started = self._now()
            self._stopped_for = 0.0

    @contextmanager
    def preparing(self) -> Iterator[None]:
        """Stop the clock while rules are prepared (nested preparing counts once)."""
        with self._lock:
            if self._depth == 0:
                self._stopped_at = self._now()
            self._depth += 1
        try:
            yield
        finally:
            with self._lock:
                self._depth -= 1
                if self._depth == 0 and self._stopped_at is not None:
                    self._stopped_for += self._now() - self._stopped_at
                    self._stopped_at = None

    def elapsed(self) -> float:
        """Seconds the current document has run, without the time spent preparing rules."""
        with self._lock:
            now = self._now()
            stopped = self._stopped_for
            if self._stopped_at is not None:
                stopped += now - self._stopped_at
            return now - self._started - stopped


def _build_engine(fetch: FetchSettings, warm: bool, clock: DocumentClock) -> RuleEngine:
    engine = AnnouncingEngine(AnnouncingStore(fetch, clock), clock)
    engine.saxon  # noqa: B018 - start Saxon now, not on a document's clock
    if warm:
        for scenario in engine.store.catalog.scenarios:
            _prepare(engine, scenario)
    return engine


def _prepare(engine: RuleEngine, scenario: Scenario) -> None:
    try:
        engine.store.ensure_scenario(scenario)
        engine.schema(scenario.xsd)
        for step in scenario.schematron:
            engine.stylesheet(step.rules)
    except (RulePackError, FetchError):
        pass  # its documents report it (or use the fallback) as in a local run


class _Lane:
    """One thread, the engine it owns, and the clock of the document it validates.

    The thread is a daemon: a worker process that abandoned a document past its timeout exits
    when it is closed, without waiting for that document (a thread pool's thread would hold
    the process until the nanny kills it)."""

    def __init__(self, fetch: FetchSettings, warm: bool) -> None:
        self.clock = DocumentClock()
        self._jobs: SimpleQueue[tuple[Future[Any], Callable[[], Any]] | None] = SimpleQueue()
        self.thread = threading.Thread(target=self._serve, name="einvoice-engine", daemon=True)
        self.thread.start()
        self.engine = self.submit(partial(_build_engine, fetch, warm, self.clock)).result()

    def submit(self, call: Callable[[], T]) -> Future[T]:
        """Run ``call`` on the lane's thread, after what it was given before."""
        future: Future[T] = Future()
        self._jobs.put((future, call))
        return future

    def wait(self, future: Future[DocumentResult], timeout: float | None) -> DocumentResult | None:
        """The document's result, or ``None`` once its clock passed ``timeout``."""
        if timeout is None:
            return future.result()
        while True:
            try:
                return future.result(timeout=max(0.0, timeout - self.clock.elapsed()))
            except FutureTimeout:
                if self.clock.elapsed() >= timeout:
                    return None
                # the clock stopped meanwhile: the engine prepared rules

    def abandon(self) -> None:
        """Leave the thread to finish its document alone; its engine is not used again."""
        self._jobs.put(None)

    def _serve(self) -> None:
        while (job := self._jobs.get()) is not None:
            future, call = job
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(call())
            except BaseException as e:  # noqa: BLE001 - the waiting side raises it
                future.set_exception(e)


@dataclass(frozen=True, slots=True)
class ChunkJob:
    """One task: documents to validate, by their position in the run."""

    plugin: str
    """The name of the engine plugin to validate with."""
    fingerprint: str
    """The client's :func:`fingerprint_digest`; a worker with other rules refuses the task."""
    items: tuple[tuple[int, Input | RemoteInput], ...]
    validation: ValidationOptions
    timeout: float | None


def error_result(name: str, reason: str, kind: ErrorKind) -> DocumentResult:
    """A document that could not be validated on the cluster (verdict ``error``)."""
    return DocumentResult(
        name,
        Container.XML,
        None,
        None,
        None,
        Verdict.ERROR,
        error=f"{name}: {reason}",
        error_kind=kind,
    )


class EnginePlugin(WorkerPlugin):
    """Builds and keeps one warm rule engine in each worker process (module docstring)."""

    idempotent = True
    """Registering it again (the next run with the same settings) keeps the workers' engines
    and the rules they prepared; Dask would otherwise set up a new plugin in their place."""

    def __init__(self, settings: ClusterSettings) -> None:
        self.name = settings.plugin_name
        self._fetch = settings.fetch
        self._warm = settings.warm
        self._validator: DocumentValidator = settings.validator

    async def setup(self, worker: Worker) -> None:
        """Install and verify the rule packs, and prepare the engine (before any task). It
        runs on a thread: the worker's event loop keeps answering the scheduler meanwhile."""
        self._settings = self._fetch or worker_fetch_settings()
        self._lock = threading.Lock()
        self._lane: _Lane | None = await asyncio.to_thread(_Lane, self._settings, self._warm)
        store = self._lane.engine.store
        self.fingerprint = await asyncio.to_thread(pack_fingerprint, store.catalog, store)
        self.digest = fingerprint_digest(self.fingerprint)

    def teardown(self, worker: Worker) -> None:
        """Let the engine's thread go."""
        if self._lane is not None:
            self._lane.abandon()

    def validate(self, job: ChunkJob) -> list[tuple[int, DocumentResult]]:
        """Validate a chunk's documents in order (see the module docstring for timeouts)."""
        results: list[tuple[int, DocumentResult]] = []
        with self._lock:
            for seq, item in job.items:
                lane = self._lane or _Lane(self._settings, self._warm)
                self._lane = lane
                lane.clock.start()
                future = lane.submit(partial(self._validate_one, lane.engine, item, job))
                result = lane.wait(future, job.timeout)
                if result is None:
                    lane.abandon()
                    self._lane = None
                    result = error_result(
                        item.name, f"timed out after {job.timeout:g} s", ErrorKind.TIMEOUT
                    )
                results.append((seq, result))
        return results

    def _validate_one(
        self, engine: RuleEngine, item: Input | RemoteInput, job: ChunkJob
    ) -> DocumentResult:
        options = job.validation
        if isinstance(item, RemoteInput):
            item = read_remote(item, max(options.parse.max_bytes, options.pdf.max_pdf_bytes))
        name = options.scenario
        forced = find_scenario(engine.store.catalog.scenarios, name) if name else None
        return self._validator(item, engine, options, forced)
