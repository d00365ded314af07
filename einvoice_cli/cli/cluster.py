"""``einvoice validate --cluster``: the inputs and the executor of a run on a Dask cluster.

The command's reporting is the same as for a local batch; only where documents are validated
differs. Dask is imported only when ``--cluster`` is given.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from typing import TYPE_CHECKING, BinaryIO

from einvoice_cli.batch import BatchExecutor
from einvoice_cli.cluster import collect_cluster_inputs, open_client, parse_address, require_dask
from einvoice_cli.validation.inputs import Input

if TYPE_CHECKING:
    from einvoice_cli.cli.validate_run import ValidateCommand


def enter_cluster(
    run: ExitStack, command: ValidateCommand, paths: Iterable[str], stdin: BinaryIO | None
) -> tuple[Iterator[Input], BatchExecutor]:
    """Connect to (or start) the cluster of ``--cluster`` for the length of ``run``; return the
    run's inputs (URLs listed for the workers to read) and the executor that validates them.

    A local cluster's workers use this process's rules cache and mirror; a remote cluster's
    workers their own (from their environment), checked against this installation's.
    """
    assert command.cluster is not None
    require_dask(command.lang)
    from einvoice_cli.cluster.executor import DaskExecutor

    address = parse_address(command.cluster)
    workers = command.jobs or _default_jobs()
    client = run.enter_context(open_client(address, workers))
    executor = DaskExecutor(client, rules_from_client=address.scheduler is None)
    return collect_cluster_inputs(paths, stdin, command.selection), executor


def _default_jobs() -> int:
    from einvoice_cli.cli.validate_run import default_jobs

    return default_jobs()
