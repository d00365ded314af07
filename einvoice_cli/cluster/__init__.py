"""Validating on a Dask cluster (the ``dask`` extra): the same results as a local batch, from
worker processes on many machines.

- ``settings.py``: :class:`ClusterSettings` and the chunk size (no Dask import);
- ``sources.py``: paths and fsspec URLs that workers read themselves;
- ``plugin.py``: the worker plugin holding one warm rule engine per worker process, and the
  rule packs' fingerprint;
- ``tasks.py``: the functions tasks run on workers;
- ``executor.py``: the client side: chunks, order, faults;
- ``connect.py``: ``local[:N]`` or a scheduler address, and the missing-extra message.

Only ``settings``, ``sources`` and ``connect`` import without Dask installed; the rest is
imported when a run uses a cluster.
"""

from __future__ import annotations

from einvoice_cli.cluster.connect import (
    MISSING_EXTRA,
    ClusterAddress,
    open_client,
    parse_address,
    require_dask,
)
from einvoice_cli.cluster.settings import ClusterSettings, chunk_size_for
from einvoice_cli.cluster.sources import RemoteInput, collect_cluster_inputs, is_url

__all__ = [
    "MISSING_EXTRA",
    "ClusterAddress",
    "ClusterSettings",
    "RemoteInput",
    "chunk_size_for",
    "collect_cluster_inputs",
    "is_url",
    "open_client",
    "parse_address",
    "require_dask",
]
