"""What a batch run is told: how many workers, the limits, and how documents are validated.

Everything here crosses into worker processes by pickling, so it holds plain values and
module-level functions only.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from einvoice_cli.core.results import DocumentResult
from einvoice_cli.rulepacks.fetch import FetchSettings
from einvoice_cli.rulepacks.scenarios import Scenario
from einvoice_cli.validation.engine import RuleEngine
from einvoice_cli.validation.inputs import Input
from einvoice_cli.validation.pipeline import ValidationOptions, validate_input

DocumentValidator = Callable[
    [Input, RuleEngine, ValidationOptions, Scenario | None], DocumentResult
]
"""Validates one input with a process's engine;
:func:`~einvoice_cli.validation.pipeline.validate_input` unless a caller (the test suite)
substitutes its own module-level function."""

DEFAULT_MEMORY_LIMIT = 1024**3
DEFAULT_TIMEOUT = 120.0
"""Seconds a document may take in a worker unless told otherwise: one document (an invoice
with thousands of VAT rates, say) must not hold a worker for hours."""
"""A worker whose resident memory passes this after a document is replaced by a fresh one.

Measured on Linux x86-64 (CPython 3.11, SaxonC-HE 13): a worker holding the rules of one
scenario family (e.g. XRechnung UBL) settles at about 300 MB; one that has compiled every
scenario's rules (XRechnung, EN 16931, Peppol, all ZUGFeRD/Factur-X profiles) at 350-450 MB.
1 GiB leaves room for large documents while catching slow growth."""


class BatchObserver(Protocol):
    """Listens to a batch run (the CLI's progress bar); the run itself prints nothing."""

    def document_done(self, result: DocumentResult) -> None:
        """A document is validated. Called in the order documents finish, which with several
        workers is not always input order (results are yielded in input order)."""


@runtime_checkable
class BatchExecutor(Protocol):
    """A back end that validates a batch elsewhere (a cluster): documents in, results out in
    input order, exactly one result per input."""

    def validate(
        self,
        inputs: Iterable[Input],
        settings: BatchSettings,
        observer: BatchObserver | None,
    ) -> Generator[DocumentResult, None, None]:
        """Validate the inputs as ``settings`` say and yield their results in input order."""
        ...


@dataclass(frozen=True, slots=True)
class BatchSettings:
    """How a batch is validated."""

    fetch: FetchSettings
    """Where the rules are (workers build their own engine from these)."""
    validation: ValidationOptions = field(default_factory=ValidationOptions)
    jobs: int = 1
    """Worker processes at most. 1 without a timeout validates in this process (see
    ``in_process``)."""
    timeout: float | None = None
    """Seconds a document may take in a worker; over that, the worker is stopped and the
    document gets verdict ``error``. Loading and compiling rules does not count. Setting it
    always uses a worker process, also with ``jobs=1``."""
    default_timeout: float | None = DEFAULT_TIMEOUT
    """The timeout of documents in workers when ``timeout`` is not set (it does not make the
    batch use workers); ``None``: no limit."""
    memory_limit: int | None = DEFAULT_MEMORY_LIMIT
    """Resident bytes per worker: over this after a document, the worker is replaced; over
    twice this while validating, having grown by more than this during the document
    (measured where the platform allows), it is stopped and the document gets verdict
    ``error``. ``None``: no limit."""
    in_process: bool = True
    """Whether a run that needs no worker (one job, or one document, and no ``timeout``) is
    validated in this process. ``False``: in one worker process instead, with no limits (as
    here), so that Ctrl-C and SIGTERM stop it at once: a Saxon transform holds this process's
    main thread until it ends (saxonche keeps the GIL and cannot cancel one), minutes on a
    large document (issue 14)."""
    validator: DocumentValidator = validate_input
    """The per-document function workers call (the test suite passes one that hangs or
    crashes on purpose)."""

    def __post_init__(self) -> None:
        if self.jobs < 1:
            raise ValueError(f"jobs must be at least 1, not {self.jobs}")
        for limit in (self.timeout, self.default_timeout):
            if limit is not None and not (0 < limit < math.inf):
                raise ValueError(f"timeout must be positive and finite, not {limit}")

    @property
    def worker_timeout(self) -> float | None:
        """The seconds a document may take in a worker, if limited."""
        return self.timeout if self.timeout is not None else self.default_timeout
