"""The cluster path as a library, on a LocalCluster of two worker processes started here:
faults (a document that kills its worker, one that hangs), the workers' rule-pack check, and
``einvoice_cli.dask.validate_bag``. Results are compared with this process's own."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import dask.bag
import pytest
from distributed import Client, Worker

from einvoice_cli.api import Validator
from einvoice_cli.cluster import ClusterAddress, ClusterSettings, open_client
from einvoice_cli.cluster.executor import prepare_cluster, validate_on_cluster
from einvoice_cli.cluster.plugin import ChunkJob
from einvoice_cli.cluster.tasks import engine_plugin, validate_chunk
from einvoice_cli.core.contract import document_to_json
from einvoice_cli.core.verdict import Verdict
from einvoice_cli.dask import validate_bag
from einvoice_cli.errors import ClusterError, ErrorKind
from einvoice_cli.rulepacks.fetch import FetchSettings
from einvoice_cli.validation.engine import RuleEngine
from einvoice_cli.validation.inputs import Input
from einvoice_cli.validation.pipeline import ValidationOptions, validate_input
from tests.support.batch_hooks import misbehaving
from tests.support.corpus import EN16931, MIRROR, XRECHNUNG_TESTSUITE, require

STANDARD = XRECHNUNG_TESTSUITE / "business-cases" / "standard"
UBL = STANDARD / "01.01a-INVOICE_ubl.xml"
CII = STANDARD / "01.01a-INVOICE_uncefact.xml"
EN_UBL = EN16931 / "ubl" / "examples" / "ubl-tc434-example1.xml"
TIMEOUT = 4.0
"""Rules are prepared off a document's clock: the timeout only has to cover validating."""


@pytest.fixture(scope="module")
def client(rules_cache: Path) -> Iterator[Client]:
    """Two workers whose own rules cache and mirror (their environment) are the session's."""
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv("EINVOICE_CACHE_DIR", str(rules_cache))
        environment.setenv("EINVOICE_RULES_MIRROR", str(require(MIRROR)))
        environment.setenv("EINVOICE_OFFLINE", "1")
        with open_client(ClusterAddress(None, 2), 2) as client:
            yield client


def _local(paths: list[Path], engine: RuleEngine) -> list[object]:
    return [validate_input(Input(str(p), path=p), engine, ValidationOptions(), None) for p in paths]


def test_a_document_that_kills_workers_and_one_that_hangs_become_errors(
    client: Client, fetch_settings: FetchSettings, engine: RuleEngine, tmp_path: Path
) -> None:
    killer = tmp_path / "exit-now.xml"
    hanger = tmp_path / "hang-forever.xml"
    for copy in (killer, hanger):
        shutil.copy(require(UBL), copy)
    paths = [require(UBL), killer, require(CII), hanger, require(EN_UBL), require(UBL)]
    settings = ClusterSettings(
        fetch=fetch_settings, timeout=TIMEOUT, chunk_size=3, warm=False, validator=misbehaving
    )
    inputs = [Input(str(p), path=p) for p in paths]
    results = list(validate_on_cluster(inputs, settings, client))
    assert [r.path for r in results] == [str(p) for p in paths]
    crashed, timed_out = results[1], results[3]
    assert crashed.verdict is Verdict.ERROR
    assert crashed.error == f"{killer}: worker crashed (2 Dask workers died validating it)"
    assert timed_out.verdict is Verdict.ERROR
    assert timed_out.error == f"{hanger}: timed out after {TIMEOUT:g} s"
    assert (crashed.error_kind, timed_out.error_kind) == (
        ErrorKind.WORKER_CRASHED,
        ErrorKind.TIMEOUT,
    )
    good = [0, 2, 4, 5]
    assert [results[i] for i in good] == _local([paths[i] for i in good], engine)


def test_a_worker_with_other_rules_refuses_work(
    client: Client, fetch_settings: FetchSettings
) -> None:
    settings = ClusterSettings(fetch=fetch_settings, warm=False)
    digest = prepare_cluster(client, settings)
    item = Input(str(UBL), path=require(UBL))
    job = ChunkJob(settings.plugin_name, "0" * 64, ((0, item),), ValidationOptions(), None)
    with pytest.raises(ClusterError, match="rule packs differ"):
        client.submit(validate_chunk, job, pure=False).result()
    (seq, result), *_ = client.submit(
        validate_chunk,
        ChunkJob(settings.plugin_name, digest, ((0, item),), ValidationOptions(), None),
        pure=False,
    ).result()
    assert seq == 0 and result.verdict is Verdict.ACCEPT


def _plugin_identity(name: str, dask_worker: Worker) -> int:
    return id(engine_plugin(name, dask_worker))


def test_a_second_run_keeps_the_workers_engines(
    client: Client, fetch_settings: FetchSettings
) -> None:
    settings = ClusterSettings(fetch=fetch_settings)
    inputs = [Input(str(UBL), path=require(UBL)), Input(str(CII), path=require(CII))]
    first = list(validate_on_cluster(inputs, settings, client))
    engines = client.run(_plugin_identity, settings.plugin_name)
    second = list(validate_on_cluster(inputs, settings, client))
    assert client.run(_plugin_identity, settings.plugin_name) == engines
    assert second == first


def test_a_bag_of_paths_and_bytes_gives_a_bag_of_result_dicts(
    client: Client, fetch_settings: FetchSettings, engine: RuleEngine
) -> None:
    ubl, cii = require(UBL), require(CII)
    items = [str(ubl), ("cii.xml", cii.read_bytes()), str(require(EN_UBL))]
    bag = dask.bag.from_sequence(items, npartitions=2)
    settings = ClusterSettings(fetch=fetch_settings, warm=False)
    reports = validate_bag(bag, settings, client=client).compute()
    options = ValidationOptions()
    expected = [
        validate_input(Input(str(ubl), path=ubl), engine, options, None),
        validate_input(Input("cii.xml", data=cii.read_bytes()), engine, options, None),
        validate_input(Input(str(EN_UBL), path=EN_UBL), engine, options, None),
    ]
    assert reports == [document_to_json(r) for r in expected]


def test_validate_many_takes_a_dask_client(client: Client, engine: RuleEngine) -> None:
    paths = [require(UBL), require(CII), require(EN_UBL)]
    validator = Validator(engine=engine)
    on_cluster = list(validator.validate_many(paths, executor=client))
    assert on_cluster == [validator.validate(p) for p in paths]
    assert [r.verdict for r in on_cluster] == [Verdict.ACCEPT] * 3
