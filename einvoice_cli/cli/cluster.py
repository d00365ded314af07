"""``einvoice validate --cluster``: the documents' results from a Dask cluster.

The command's reporting is the same as for a local batch; only where results come from
differs. Dask is imported only when ``--cluster`` is given.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, BinaryIO

from einvoice_cli.batch.settings import BatchObserver
from einvoice_cli.cluster import (
    ClusterSettings,
    collect_cluster_inputs,
    open_client,
    parse_address,
    require_dask,
)
from einvoice_cli.core.results import DocumentResult

if TYPE_CHECKING:
    from einvoice_cli.cli.validate import ValidateCommand


@contextmanager
def cluster_results(
    command: ValidateCommand,
    paths: Iterable[str],
    stdin: BinaryIO | None,
    local_workers: int,
    observer: BatchObserver | None,
) -> Iterator[Generator[DocumentResult, None, None]]:
    """The results of validating the paths on the cluster ``spec`` names, in input order.

    A local cluster's workers use this process's rules cache and mirror; a remote cluster's
    workers their own (from their environment), checked against this installation's.
    """
    assert command.cluster is not None
    require_dask(command.lang)
    from einvoice_cli.cluster.executor import validate_on_cluster

    address = parse_address(command.cluster)
    settings = ClusterSettings(
        fetch=command.rules.fetch_settings() if address.scheduler is None else None,
        validation=command.validation,
        timeout=command.timeout,
    )
    inputs = collect_cluster_inputs(paths, stdin, command.selection)
    with open_client(address, local_workers) as client:
        yield validate_on_cluster(inputs, settings, client, observer=observer)
