"""What the worker pool answers: per document an :class:`Answer`, and its own state.

Kept apart from ``pool.py`` so the routes and the metrics read these values without the
process machinery.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from einvoice_cli.core.results import DocumentResult
from einvoice_cli.errors import EinvoiceError


class QueueFull(EinvoiceError):
    """Every worker is busy and the queue holds as many documents as it may."""


class Outcome(StrEnum):
    """How a document left its worker."""

    DONE = "done"
    TIMEOUT = "timeout"
    """It ran past the timeout; the worker was killed and replaced."""
    CRASHED = "crashed"
    """The worker died (or failed) with it; a fresh worker took its place."""


@dataclass(frozen=True, slots=True)
class Answer:
    """The answer for one document."""

    outcome: Outcome
    result: DocumentResult
    seconds: float
    """From submission to answer (queue wait included)."""


@dataclass(frozen=True, slots=True)
class PoolState:
    """What the pool does right now (for metrics and health)."""

    workers: int
    prepared: int
    busy: int
    queued: int
    restarts: dict[str, int]
    """Workers replaced, by reason (``crash``, ``timeout``, ``memory``)."""
