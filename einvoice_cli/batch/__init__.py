"""Batches: many documents, validated in this process or in worker processes.

:func:`validate_batch` is the entry point. It yields one
:class:`~einvoice_cli.core.results.DocumentResult` per input, in input order, as the pipeline does,
and adds what a batch needs: worker processes that each build their rule engine once, a
timeout per document, a memory bound per worker, and an observer for progress. A document
that hangs or crashes its worker becomes a result with verdict ``error``; the batch goes on.
It prints nothing (the CLI renders progress and summary) and knows no command line.
"""

from __future__ import annotations

import stat
from collections.abc import Generator, Iterable
from dataclasses import replace
from itertools import chain, islice

from einvoice_cli.batch.pool import WorkerError, WorkerPool
from einvoice_cli.batch.settings import (
    DEFAULT_MEMORY_LIMIT,
    DEFAULT_TIMEOUT,
    BatchExecutor,
    BatchObserver,
    BatchSettings,
    DocumentValidator,
)
from einvoice_cli.batch.tally import BatchSummary, ContainerCount, RuleCount, ScenarioCount
from einvoice_cli.core.results import DocumentResult
from einvoice_cli.rulepacks.catalog import load_catalog
from einvoice_cli.rulepacks.scenarios import Scenario, find_scenario
from einvoice_cli.rulepacks.store import RuleStore
from einvoice_cli.validation.engine import RuleEngine
from einvoice_cli.validation.inputs import Input


def validate_batch(
    inputs: Iterable[Input],
    settings: BatchSettings,
    *,
    engine: RuleEngine | None = None,
    observer: BatchObserver | None = None,
    executor: BatchExecutor | None = None,
) -> Generator[DocumentResult, None, None]:
    """Validate the inputs and yield their results in input order.

    Documents are validated in this process when ``settings.jobs`` is 1 and there is no
    timeout, or when there is no timeout and at most one input (a worker would only add its
    start-up); ``engine`` is used there when given (an embedding application's, the test
    suite's), otherwise one is built. With ``settings.in_process`` false, one worker process
    validates those instead (the command line's choice: a signal then stops a long document at
    once). Otherwise worker processes validate them, each with its own engine built from
    ``settings.fetch``.

    A forced scenario that does not exist raises :class:`~einvoice_cli.errors.ScenarioError`
    here, before any document is read. Problems of the whole run (rules that cannot be
    installed) raise while iterating. Close the iterator to stop early: workers are killed.
    An ``executor`` (a cluster back end) validates them instead, with the same settings.
    """
    if executor is not None:
        _forced(settings, load_catalog().scenarios)
        return executor.validate(inputs, settings, observer)
    if settings.jobs > 1 or settings.timeout is not None:
        source = iter(inputs)
        head = list(islice(source, 2))
        if len(head) > 1 or settings.timeout is not None:
            _forced(settings, load_catalog().scenarios)  # fail before starting workers
            return WorkerPool(settings, observer).run(chain(head, source))
        inputs = head
    if not settings.in_process:
        source = iter(inputs)
        head = list(islice(source, 2))
        if len(head) > 1 or not all(_small(item) for item in head):
            # One worker, with no limits as in this process; waiting for it, this process
            # still takes Ctrl-C and SIGTERM (a transform here would hold it: saxonche keeps
            # the GIL). One small document stays here: a worker would double its start-up.
            _forced(settings, load_catalog().scenarios)
            alone = replace(settings, jobs=1, default_timeout=None, memory_limit=None)
            return WorkerPool(alone, observer).run(chain(head, source))
        inputs = head
    local = engine or RuleEngine(RuleStore(load_catalog(), settings.fetch))
    forced = _forced(settings, local.store.catalog.scenarios)
    return _validate_here(inputs, settings, local, forced, observer)


IN_PROCESS_MAX_BYTES = 1024 * 1024
"""The largest single document validated in this process when the caller prefers a worker
(``in_process=False``): its rules run in about a second, so Ctrl-C waits no longer, while a
worker's start-up would cost half a second more than the document."""


def _small(item: Input) -> bool:
    """Whether an input is known to be a small document: given bytes, or a regular file (not
    a pipe, which would block this process) of at most :data:`IN_PROCESS_MAX_BYTES`."""
    if item.data is not None:
        return len(item.data) <= IN_PROCESS_MAX_BYTES
    if item.path is None or item.problem is not None:
        return True  # nothing to validate: it fails at once, here as in a worker
    try:
        status = item.path.stat()
    except OSError:
        return True  # reading it fails at once, here as in a worker
    return stat.S_ISREG(status.st_mode) and status.st_size <= IN_PROCESS_MAX_BYTES


def _forced(settings: BatchSettings, scenarios: tuple[Scenario, ...]) -> Scenario | None:
    name = settings.validation.scenario
    return find_scenario(scenarios, name) if name else None


def _validate_here(
    inputs: Iterable[Input],
    settings: BatchSettings,
    engine: RuleEngine,
    forced: Scenario | None,
    observer: BatchObserver | None,
) -> Generator[DocumentResult, None, None]:
    for item in inputs:
        result = settings.validator(item, engine, settings.validation, forced)
        if observer is not None:
            observer.document_done(result)
        yield result


__all__ = [
    "DEFAULT_MEMORY_LIMIT",
    "DEFAULT_TIMEOUT",
    "BatchExecutor",
    "BatchObserver",
    "BatchSettings",
    "BatchSummary",
    "ContainerCount",
    "DocumentValidator",
    "RuleCount",
    "ScenarioCount",
    "WorkerError",
    "WorkerPool",
    "validate_batch",
]
