"""The functions Dask runs on workers. Each finds its worker's :class:`EnginePlugin` by name.

They are module-level functions, so a task carries only a reference to them and its chunk.
"""

from __future__ import annotations

from distributed import Worker, get_worker

from einvoice_cli.cluster.plugin import ChunkJob, EnginePlugin
from einvoice_cli.core.results import DocumentResult
from einvoice_cli.errors import ClusterError


def engine_plugin(name: str, worker: Worker | None = None) -> EnginePlugin:
    """The engine plugin called ``name`` of ``worker`` (by default the one running the task)."""
    plugin = (worker or get_worker()).plugins.get(name)
    if not isinstance(plugin, EnginePlugin):
        raise ClusterError(f"the Dask worker has no einvoice engine plugin {name!r}")
    return plugin


def worker_fingerprint(name: str, dask_worker: Worker) -> dict[str, str]:
    """The rule packs' fingerprint of a worker's engine plugin (``Client.run`` passes the
    worker as ``dask_worker``)."""
    return dict(engine_plugin(name, dask_worker).fingerprint)


def validate_chunk(job: ChunkJob) -> list[tuple[int, DocumentResult]]:
    """Validate a chunk on this worker; refuse it if the worker's rules differ from the
    client's."""
    plugin = engine_plugin(job.plugin)
    if plugin.digest != job.fingerprint:
        raise ClusterError(
            "a Dask worker's rule packs differ from this installation's (another einvoice-cli "
            "version, or other rule files); install the same release on every worker"
        )
    return plugin.validate(job)
