"""The documents of a cluster run taken from its input and not sent yet, by kind, and the chunk
an idle worker gets next.

Kinds: a worker prepares the rules of a kind of document (``batch/affinity.py``: the root
element, or ``pdf``) when a first document of that kind comes to it. As in the local pool, a
chunk holds documents of one kind and goes to a worker that has had that kind, so with two
workers and a mix of UBL and CII each compiles the rules of one syntax only. A kind no worker
has had goes to the next idle worker; a worker whose kinds have nothing waiting takes the kind
of the oldest waiting document, so no worker waits while documents do. The kind is read from
the first bytes of a document here (as the local pool's parent does); a document that a worker
reads from a URL has no kind (``''``). It is a hint only: a worker detects and validates every
document in full.

Sizes: while the input goes on, chunks have :data:`MAX_CHUNK` documents; once all of it is
taken, the documents still waiting are cut by :func:`chunk_size_for` (a few chunks per worker),
so the last chunks are smaller and the workers finish close together, but not below
:data:`MIN_CHUNK` (a task's round trip costs about as much as validating a few documents).
"""

from __future__ import annotations

from collections import deque

from einvoice_cli.batch.affinity import kind_of
from einvoice_cli.cluster.settings import MAX_CHUNK, chunk_size_for
from einvoice_cli.cluster.sources import RemoteInput
from einvoice_cli.validation.inputs import Input

MIN_CHUNK = 10
"""Documents per chunk at least, unless fewer wait."""

Item = Input | RemoteInput
Chunk = tuple[tuple[int, Item], ...]
"""Documents of one task, with their positions in the run."""


class Waiting:
    """Documents waiting to be sent, by kind, and the kinds each worker has had."""

    def __init__(self, chunk_size: int | None = None) -> None:
        self._chunk_size = chunk_size
        """A fixed number of documents per chunk; ``None``: as the module docstring says."""
        self._by_kind: dict[str, deque[tuple[int, Item]]] = {}
        self._count = 0
        self._kinds_of: dict[str, set[str]] = {}
        """The kinds each worker was sent: it has prepared their rules, or will."""
        self.complete = False
        """All of the run's input is taken."""

    def __len__(self) -> int:
        return self._count

    def add(self, seq: int, item: Item) -> None:
        """A document taken from the input, at position ``seq``."""
        kind = kind_of(item) if isinstance(item, Input) else ""
        self._by_kind.setdefault(kind, deque()).append((seq, item))
        self._count += 1

    def chunk_for(self, worker: str, workers: int) -> Chunk | None:
        """The next chunk for ``worker`` (one of ``workers``), or ``None`` when nothing waits."""
        if not self._by_kind:
            return None
        kind = self._kind_for(worker)
        queue = self._by_kind[kind]
        chunk = tuple(queue.popleft() for _ in range(min(self._size(workers), len(queue))))
        if not queue:
            del self._by_kind[kind]
        self._count -= len(chunk)
        self._kinds_of.setdefault(worker, set()).add(kind)
        return chunk

    def forget(self, worker: str) -> None:
        """A worker left: its kinds are nobody's now."""
        self._kinds_of.pop(worker, None)

    def _kind_for(self, worker: str) -> str:
        had = self._kinds_of.get(worker, set())
        own = [kind for kind in self._by_kind if kind in had]
        if own:
            return self._oldest(own)
        claimed = set().union(*self._kinds_of.values())
        new = [kind for kind in self._by_kind if kind not in claimed]
        return self._oldest(new or list(self._by_kind))

    def _oldest(self, kinds: list[str]) -> str:
        """The kind whose first waiting document came first in the input."""
        return min(kinds, key=lambda kind: self._by_kind[kind][0][0])

    def _size(self, workers: int) -> int:
        if self._chunk_size is not None:
            return self._chunk_size
        if not self.complete:
            return MAX_CHUNK
        return max(chunk_size_for(self._count, workers), min(self._count, MIN_CHUNK))
