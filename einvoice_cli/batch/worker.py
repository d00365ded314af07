"""The worker process of a batch: one rule engine, many documents.

A worker builds its :class:`~einvoice_cli.validation.engine.RuleEngine` once (Saxon started, XML
Schemas parsed and stylesheets compiled on first use) and then validates the documents the parent
sends it, one at a time and in the order sent, answering each with a :class:`Done` message.
It tells the parent when it starts and stops preparing rules (installing a pack, parsing a
schema, compiling a stylesheet), so that time is not counted against a document's timeout
(:class:`AnnouncingEngine`; a Dask worker's engine, ``cluster/plugin.py``, uses it too).

It ignores SIGINT: on Ctrl-C the parent decides what happens, and stops the workers itself.
It exits when the parent sends ``None`` or goes away (end of file on the connection).
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Protocol

from lxml import etree

from einvoice_cli.batch.settings import BatchSettings
from einvoice_cli.core.results import DocumentResult
from einvoice_cli.errors import EinvoiceError
from einvoice_cli.rulepacks.catalog import RulePack, load_catalog
from einvoice_cli.rulepacks.fetch import FetchSettings
from einvoice_cli.rulepacks.scenarios import ArtifactRef, find_scenario
from einvoice_cli.rulepacks.store import RuleStore
from einvoice_cli.validation.engine import RuleEngine
from einvoice_cli.validation.inputs import Input
from einvoice_cli.xml.saxon import Stylesheet


@dataclass(frozen=True, slots=True)
class Task:
    """Parent to worker: validate this input."""

    seq: int
    """The input's position in the batch."""
    item: Input
    kind: str = ""
    """The parent's guess of the rules it needs (``affinity.py``); the worker ignores it."""


@dataclass(frozen=True, slots=True)
class Preparing:
    """Worker to parent: preparing rules; the document's clock stops."""


@dataclass(frozen=True, slots=True)
class Ready:
    """Worker to parent: rules prepared (or the worker started); the clock runs again."""

    resident_bytes: int | None
    """The worker's resident memory now, where the platform tells."""


@dataclass(frozen=True, slots=True)
class Done:
    """Worker to parent: one document validated."""

    seq: int
    result: DocumentResult
    resident_bytes: int | None
    """The worker's resident memory after the document, where the platform tells."""


@dataclass(frozen=True, slots=True)
class Failed:
    """Worker to parent: a problem of the whole run (rules that cannot be installed, or an
    unexpected exception under ``--debug``); the worker exits after sending it."""

    seq: int | None
    error: BaseException


Message = Preparing | Ready | Done | Failed


def resident_bytes(pid: int | None = None) -> int | None:
    """Resident memory of a process (this one by default), or ``None`` where unknown.

    Linux reports current residency in ``/proc``; on other POSIX systems only this process's
    peak is known (``getrusage``: bytes on macOS), which is what matters for deciding to
    replace a worker; Windows reports nothing here.
    """
    try:
        statm = Path("/proc", str(pid) if pid is not None else "self", "statm")
        return int(statm.read_bytes().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        pass
    if pid is not None or sys.platform == "win32":
        return None
    import resource  # POSIX only

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


class Preparation(Protocol):
    """Told when rules are prepared, so a document's clock can stop meanwhile."""

    def preparing(self) -> AbstractContextManager[None]:
        """A context for preparing rules; nested contexts count as the outermost one."""
        ...


class _Announcer:
    """Sends :class:`Preparing` / :class:`Ready` around the outermost preparation step."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._depth = 0

    @contextmanager
    def preparing(self) -> Iterator[None]:
        if self._depth == 0:
            self._connection.send(Preparing())
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            if self._depth == 0:
                self._connection.send(Ready(resident_bytes()))


class AnnouncingStore(RuleStore):
    """A rule store that announces the first use of each pack (verifying or installing it)."""

    def __init__(self, settings: FetchSettings, announcer: Preparation) -> None:
        super().__init__(load_catalog(), settings)
        self._announcer = announcer
        self._announced: set[str] = set()

    def ensure(self, pack: RulePack) -> None:
        """Install or verify the pack, announced the first time."""
        if pack.key in self._announced:
            return super().ensure(pack)
        with self._announcer.preparing():
            super().ensure(pack)
        self._announced.add(pack.key)


class AnnouncingEngine(RuleEngine):
    """A rule engine that announces the first use of each XML Schema and stylesheet."""

    def __init__(self, store: RuleStore, announcer: Preparation) -> None:
        super().__init__(store)
        self._announcer = announcer
        self._announced: set[ArtifactRef] = set()

    def schema(self, ref: ArtifactRef) -> etree.XMLSchema:
        """The XML Schema, its parsing announced."""
        if ref in self._announced:
            return super().schema(ref)
        with self._announcer.preparing():
            schema = super().schema(ref)
        self._announced.add(ref)
        return schema

    def stylesheet(self, ref: ArtifactRef) -> Stylesheet:
        """The compiled stylesheet, its compiling announced."""
        if ref in self._announced:
            return super().stylesheet(ref)
        with self._announcer.preparing():
            stylesheet = super().stylesheet(ref)
        self._announced.add(ref)
        return stylesheet


def _portable(error: BaseException) -> BaseException:
    """The exception as the parent can receive it, with the worker's traceback as a note."""
    error.add_note("in a validation worker:\n" + "".join(traceback.format_exception(error)))
    try:
        pickle.dumps(error)
    except (pickle.PicklingError, TypeError, AttributeError):  # keep its text at least
        portable = EinvoiceError(f"{type(error).__name__}: {error}")
        portable.__notes__ = getattr(error, "__notes__", [])
        return portable
    return error


def _exit_with_parent() -> None:
    """End this worker as soon as its parent process ends, even in the middle of a document
    (a parent killed by SIGKILL or SIGTERM cannot stop its workers itself)."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        wait([parent.sentinel])
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def serve(connection: Connection, settings: BatchSettings) -> None:
    """The worker's main function: prepare, then validate what the parent sends."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with_parent()
    announcer = _Announcer(connection)
    try:
        with announcer.preparing():
            engine = AnnouncingEngine(AnnouncingStore(settings.fetch, announcer), announcer)
            engine.saxon  # noqa: B018 - start Saxon now, not on the first document's clock
            name = settings.validation.scenario
            forced = find_scenario(engine.store.catalog.scenarios, name) if name else None
    except Exception as e:  # noqa: BLE001 - the parent raises it and stops the run
        connection.send(Failed(None, _portable(e)))
        return
    while True:
        try:
            task = connection.recv()
        except EOFError:
            return  # the parent went away
        if task is None:
            return
        assert isinstance(task, Task)
        try:
            result = settings.validator(task.item, engine, settings.validation, forced)
        except Exception as e:  # noqa: BLE001 - a problem of the run: the parent raises it
            connection.send(Failed(task.seq, _portable(e)))
            return
        connection.send(Done(task.seq, result, resident_bytes()))
