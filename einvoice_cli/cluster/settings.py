"""What a cluster run is told: where workers find rules, how documents are validated, limits.

Everything here travels to Dask workers by pickling, so it holds plain values and module-level
functions only, and imports nothing from Dask (this module works without the ``dask`` extra).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from einvoice_cli.batch.settings import DocumentValidator
from einvoice_cli.rulepacks.fetch import FetchSettings
from einvoice_cli.validation.pipeline import ValidationOptions, validate_input

MAX_CHUNK = 200
"""Documents per task at most: enough that scheduling costs little per document (a task costs
the scheduler about a millisecond), few enough that a lost worker costs little work."""
CHUNKS_PER_WORKER = 4
"""Chunks per worker a run is cut into when it is small, so all workers get work and the last
chunks finish close together."""


@dataclass(frozen=True, slots=True)
class ClusterSettings:
    """How documents are validated on a Dask cluster."""

    fetch: FetchSettings | None = None
    """Where workers find rule packs. ``None``: each worker's own cache and mirror, from its
    environment (``EINVOICE_CACHE_DIR``, ``EINVOICE_RULES_MIRROR``, ``EINVOICE_OFFLINE``); a
    worker on another machine cannot use this machine's paths."""
    validation: ValidationOptions = field(default_factory=ValidationOptions)
    timeout: float | None = None
    """Seconds a document may take on a worker; over that it gets verdict ``error`` and the
    worker continues with a fresh engine (built before its next document, off the clock). The
    clock stops while the worker prepares rules a document is the first to need, so compiling
    never counts."""
    chunk_size: int | None = None
    """Documents per task; ``None``: from the number of documents and of workers
    (:func:`chunk_size_for`)."""
    warm: bool = False
    """Prepare every scenario's rules when a worker joins (a long-lived cluster that will see
    every kind of document). Otherwise a worker prepares a scenario's rules when a first
    document needs them, and keeps them: it compiles only what its documents use."""
    validator: DocumentValidator = validate_input
    """The per-document function workers call (the test suite passes one that misbehaves)."""

    def __post_init__(self) -> None:
        if self.timeout is not None and self.timeout <= 0:
            raise ValueError(f"timeout must be positive, not {self.timeout}")
        if self.chunk_size is not None and self.chunk_size < 1:
            raise ValueError(f"chunk_size must be at least 1, not {self.chunk_size}")

    @property
    def plugin_name(self) -> str:
        """The name the workers' engine plugin is registered under: one per set of engine
        settings, so a second run with the same settings reuses the warm engines."""
        validator = f"{self.validator.__module__}.{self.validator.__qualname__}"
        key = "\n".join([repr(self.fetch), validator, str(self.warm)])
        return "einvoice-engine-" + hashlib.sha256(key.encode()).hexdigest()[:16]


def chunk_size_for(documents: int | None, workers: int) -> int:
    """Documents per task: :data:`CHUNKS_PER_WORKER` chunks per worker for a run of known
    size, at most :data:`MAX_CHUNK` (also for a run whose size is not known yet)."""
    if documents is None:
        return MAX_CHUNK
    per_chunk = -(-documents // (max(1, workers) * CHUNKS_PER_WORKER))
    return max(1, min(MAX_CHUNK, per_chunk))
