"""Validation inside a user's own Dask pipeline: ``validate_bag(bag)``.

A thin front over :mod:`einvoice_cli.cluster` (the ``dask`` extra)::

    import dask.bag as db
    from einvoice_cli.dask import validate_bag

    paths = db.from_sequence(["s3://archive/2024/a.xml", "/srv/in/b.pdf"], npartitions=8)
    reports = validate_bag(paths).filter(lambda d: d["verdict"] != "accept").compute()

Each partition is validated on a worker's warm engine (the engine plugin is registered on the
client's cluster first, and the workers' rule packs are checked against this installation's).
A result dict is one entry of ``documents`` in the JSON report. Dask's own rules apply to a
partition whose worker dies (it is computed again elsewhere, up to the scheduler's
``allowed-failures``); the per-document isolation of ``einvoice validate --cluster`` is not
applied inside a bag.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

import dask.bag
from distributed import Client, get_client

from einvoice_cli.cluster.executor import prepare_cluster
from einvoice_cli.cluster.plugin import ChunkJob
from einvoice_cli.cluster.settings import ClusterSettings
from einvoice_cli.cluster.sources import RemoteInput, is_url
from einvoice_cli.cluster.tasks import validate_chunk
from einvoice_cli.core.contract import JsonValue, document_to_json
from einvoice_cli.validation.inputs import Input
from einvoice_cli.validation.pipeline import ValidationOptions

BagItem = str | bytes | tuple[str, bytes]
"""A path or URL (read on the worker), a document's bytes, or a name and the bytes."""


def validate_bag(
    bag: dask.bag.Bag,
    settings: ClusterSettings | None = None,
    *,
    client: Client | None = None,
) -> dask.bag.Bag:
    """A bag of result dicts (JSON ``documents`` entries), one per item, in the bag's order.

    ``bag`` holds paths or URLs (workers read them), bytes, or ``(name, bytes)`` pairs. The
    client defaults to the current one (:func:`distributed.get_client`); its workers get the
    engine plugin now, so building the bag already waits for their rules to be ready.
    """
    settings = settings or ClusterSettings()
    client = client or get_client()
    digest = prepare_cluster(client, settings)
    results: dask.bag.Bag = bag.map_partitions(
        _validate_partition, settings.plugin_name, digest, settings.validation, settings.timeout
    )
    return results


def _as_input(item: BagItem) -> Input | RemoteInput:
    if isinstance(item, tuple):
        name, data = item
        return Input(name=name, data=data)
    if isinstance(item, bytes):
        return Input(name=f"bytes:sha256:{hashlib.sha256(item).hexdigest()[:16]}", data=item)
    if is_url(item):
        return RemoteInput(name=item, url=item)
    return Input(name=item, path=Path(item))


def _validate_partition(
    items: Iterable[BagItem],
    plugin: str,
    digest: str,
    validation: ValidationOptions,
    timeout: float | None,
) -> list[dict[str, JsonValue]]:
    job = ChunkJob(
        plugin=plugin,
        fingerprint=digest,
        items=tuple(enumerate(_as_input(item) for item in items)),
        validation=validation,
        timeout=timeout,
    )
    return [document_to_json(result) for _, result in validate_chunk(job)]


__all__ = ["BagItem", "validate_bag"]
