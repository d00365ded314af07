"""Which cluster a run uses: ``local[:N]`` (a LocalCluster on this machine) or a scheduler's
address (``tcp://HOST:8786``), and what to say when Dask is not installed."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

from einvoice_cli.errors import ClusterError

if TYPE_CHECKING:
    from distributed import Client

MISSING_EXTRA = MappingProxyType(
    {
        "en": "validating on a Dask cluster needs the dask extra: pip install 'einvoice-cli[dask]'",
        "de": "für die Prüfung auf einem Dask-Cluster fehlt das Extra dask: "
        "pip install 'einvoice-cli[dask]'",
    }
)
"""The one line a run on a cluster says when ``distributed`` is not installed, by language."""

CONNECT_SECONDS = 30.0
LOCAL_ALLOWED_FAILURES = 0
"""A local cluster's scheduler gives a task up after its first dead worker, so a document that
kills workers is found after two deaths (see ``executor.py``)."""


@dataclass(frozen=True, slots=True)
class ClusterAddress:
    """Where to run: a local cluster of ``workers`` processes, or a scheduler's address."""

    scheduler: str | None
    """The scheduler's address; ``None`` for a local cluster."""
    workers: int | None = None
    """Worker processes of a local cluster; ``None``: one per CPU core."""


def parse_address(spec: str) -> ClusterAddress:
    """``local``, ``local:N`` or a scheduler address (``tcp://HOST:PORT``, ``HOST:PORT``)."""
    if spec == "local":
        return ClusterAddress(None)
    if spec.startswith("local:"):
        count = spec.removeprefix("local:")
        if not count.isdigit() or int(count) < 1:
            raise ClusterError(f"cluster {spec!r}: local:N needs a number of workers N >= 1")
        return ClusterAddress(None, int(count))
    if not spec.strip():
        raise ClusterError("the cluster address is empty")
    return ClusterAddress(spec)


def require_dask(lang: str = "en") -> None:
    """Raise :class:`ClusterError` with the install line when ``distributed`` is missing."""
    try:
        import distributed  # noqa: F401 - only whether it can be imported
    except ImportError as e:
        raise ClusterError(MISSING_EXTRA.get(lang, MISSING_EXTRA["en"])) from e


@contextmanager
def open_client(address: ClusterAddress, default_workers: int) -> Iterator[Client]:
    """A Dask client for the address, closed (with its local cluster) on exit. Dask is
    imported only here, when a run uses it."""
    import dask
    from distributed import Client, LocalCluster

    if address.scheduler is None:
        with (
            dask.config.set({"distributed.scheduler.allowed-failures": LOCAL_ALLOWED_FAILURES}),
            LocalCluster(
                n_workers=address.workers or default_workers,
                threads_per_worker=1,
                processes=True,
                # Loopback only, on free ports: a local run opens nothing to the network.
                host="127.0.0.1",
                dashboard_address="127.0.0.1:0",
                silence_logs=logging.CRITICAL,  # the run reports what concerns a document
            ) as cluster,
            Client(cluster) as client,
        ):
            yield client
        return
    try:
        client = Client(address.scheduler, timeout=CONNECT_SECONDS)
    except OSError as e:
        raise ClusterError(f"cannot reach the Dask scheduler at {address.scheduler} ({e})") from e
    with client:
        yield client
