"""The parts of the cluster path that need no cluster: chunk sizes, cluster addresses, the rule
packs' fingerprint, and documents named by fsspec URLs (read from local files with file://)."""

from __future__ import annotations

from pathlib import Path

import pytest

from einvoice_cli.cluster import (
    ClusterAddress,
    RemoteInput,
    chunk_size_for,
    collect_cluster_inputs,
    parse_address,
)
from einvoice_cli.cluster.plugin import UNAVAILABLE, differences, pack_fingerprint
from einvoice_cli.cluster.sources import read_remote, remote_of
from einvoice_cli.cluster.waiting import Waiting
from einvoice_cli.core.verdict import Verdict
from einvoice_cli.errors import ClusterError
from einvoice_cli.rulepacks.catalog import load_catalog
from einvoice_cli.rulepacks.fetch import FetchSettings
from einvoice_cli.rulepacks.store import RuleStore
from einvoice_cli.validation.engine import RuleEngine
from einvoice_cli.validation.inputs import Input, InputSelection
from einvoice_cli.validation.pipeline import ValidationOptions, validate_input
from einvoice_cli.xml.parser import ParseSettings
from tests.support.corpus import XRECHNUNG_TESTSUITE, files, require

STANDARD = XRECHNUNG_TESTSUITE / "business-cases" / "standard"


@pytest.mark.parametrize(
    ("documents", "workers", "size"),
    [(1, 2, 1), (66, 2, 9), (2000, 2, 200), (2000, 40, 13), (10**6, 64, 200), (None, 8, 200)],
)
def test_chunks_are_a_few_per_worker_and_at_most_two_hundred(
    documents: int | None, workers: int, size: int
) -> None:
    assert chunk_size_for(documents, workers) == size


def test_cluster_addresses() -> None:
    assert parse_address("local") == ClusterAddress(None)
    assert parse_address("local:3") == ClusterAddress(None, 3)
    assert parse_address("tcp://10.0.0.5:8786") == ClusterAddress("tcp://10.0.0.5:8786")
    for bad in ("local:0", "local:x", " "):
        with pytest.raises(ClusterError):
            parse_address(bad)


def test_installed_rules_have_the_fingerprint_their_declarations_give(
    fetch_settings: FetchSettings,
) -> None:
    catalog = load_catalog()
    declared = pack_fingerprint(catalog)
    installed = pack_fingerprint(catalog, RuleStore(catalog, fetch_settings))
    assert declared == installed
    assert differences(declared, installed) == []
    other = {**installed, "xrechnung@2.5.0": "0" * 64}
    assert differences(declared, other) == ["xrechnung@2.5.0"]
    # A pack a worker cannot install is no difference: its documents fail as they would here.
    assert differences(declared, {**installed, "xrechnung@2.5.0": UNAVAILABLE}) == []


def test_a_pack_a_worker_cannot_install_is_unavailable(tmp_path: Path) -> None:
    catalog = load_catalog()
    offline = FetchSettings(cache_dir=tmp_path, mirror=None, allow_network=False)
    fingerprint = pack_fingerprint(catalog, RuleStore(catalog, offline))
    assert fingerprint["xrechnung@2.5.0"] == UNAVAILABLE
    # Packs that come with a Python package need nothing installed.
    assert fingerprint["facturx@1.09.2"] == pack_fingerprint(catalog)["facturx@1.09.2"]


def test_a_folder_url_lists_its_documents_in_order_with_the_folder_rules(tmp_path: Path) -> None:
    folder = require(STANDARD)
    found = list(collect_cluster_inputs([folder.as_uri() + "/"]))
    assert found == [Input(p.as_uri()) for p in files(folder)]
    assert [remote_of(i) for i in found] == [
        RemoteInput(p.as_uri(), p.as_uri()) for p in files(folder)
    ]
    only_ubl = InputSelection(include=("*_ubl.xml",))
    names = [i.name for i in collect_cluster_inputs([folder.as_uri()], selection=only_ubl)]
    assert names == [p.as_uri() for p in files(folder, "*_ubl.xml")]
    missing = (tmp_path / "nothing-here").as_uri()
    assert list(collect_cluster_inputs([missing])) == [
        Input(name=missing, problem="no such file or directory")
    ]


def test_paths_travel_as_absolute_paths_and_keep_their_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(require(STANDARD).parent)
    (item,) = collect_cluster_inputs(["standard/01.01a-INVOICE_ubl.xml"])
    assert item == Input(
        name="standard/01.01a-INVOICE_ubl.xml", path=STANDARD / "01.01a-INVOICE_ubl.xml"
    )


def test_a_document_read_from_a_url_is_validated_as_the_file_is(engine: RuleEngine) -> None:
    path = require(STANDARD / "01.01a-INVOICE_ubl.xml")
    options = ValidationOptions()
    remote = read_remote(RemoteInput(path.as_uri(), path.as_uri()), options.parse.max_bytes)
    from_url = validate_input(remote, engine, options, None)
    from_file = validate_input(Input(path.as_uri(), path=path), engine, options, None)
    assert from_url == from_file
    assert from_url.verdict is Verdict.ACCEPT


def test_a_url_over_the_size_limit_is_reported_as_a_file_is(engine: RuleEngine) -> None:
    path = require(STANDARD / "01.01a-INVOICE_ubl.xml")
    small = ValidationOptions(parse=ParseSettings(max_bytes=1000))
    remote = read_remote(RemoteInput(path.as_uri(), path.as_uri()), 1000)
    result = validate_input(remote, engine, small, None)
    assert result.verdict is Verdict.ERROR
    assert result.error is not None and "1,000" in result.error
    gone = read_remote(RemoteInput("file:///nonexistent/x.xml", "file:///nonexistent/x.xml"), 10)
    unreadable = validate_input(gone, engine, small, None)
    assert unreadable.verdict is Verdict.ERROR
    assert unreadable.error is not None and "cannot be read" in unreadable.error


def _seqs(chunk: tuple[tuple[int, object], ...] | None) -> list[int]:
    return [seq for seq, _ in chunk or ()]


def _alternating(waiting: Waiting, seqs: range) -> None:
    """UBL at even positions, CII at odd ones."""
    ubl = require(STANDARD / "01.01a-INVOICE_ubl.xml")
    cii = require(STANDARD / "01.01a-INVOICE_uncefact.xml")
    for seq in seqs:
        path = (ubl, cii)[seq % 2]
        waiting.add(seq, Input(str(path), path=path))


def test_chunks_hold_one_kind_for_the_workers_that_have_its_rules() -> None:
    waiting = Waiting()
    _alternating(waiting, range(60))
    # Input still to come: chunks of up to the largest size, of one kind.
    assert _seqs(waiting.chunk_for("a", 2)) == list(range(0, 60, 2))
    _alternating(waiting, range(60, 100))
    waiting.add(100, RemoteInput("file:///srv/a.xml", "file:///srv/a.xml"))
    waiting.complete = True
    # All input taken: a few chunks per worker of what is left (71 documents, 2 workers), at
    # least ten documents. A worker that has had no kind takes the oldest kind no worker has.
    assert _seqs(waiting.chunk_for("b", 2)) == list(range(1, 20, 2))
    assert _seqs(waiting.chunk_for("a", 2)) == list(range(60, 80, 2))
    # A document a worker reads from a URL has no kind here.
    assert _seqs(waiting.chunk_for("c", 2)) == [100]
    # Every kind has its worker: the oldest document's kind.
    assert _seqs(waiting.chunk_for("d", 2)) == list(range(21, 40, 2))
    assert len(waiting) == 40
    assert _seqs(waiting.chunk_for("a", 2)) == list(range(80, 100, 2))
    assert _seqs(waiting.chunk_for("b", 2)) == list(range(41, 60, 2))
    assert _seqs(waiting.chunk_for("b", 2)) == list(range(61, 80, 2))
    assert _seqs(waiting.chunk_for("b", 2)) == list(range(81, 100, 2))
    assert waiting.chunk_for("b", 2) is None
    assert len(waiting) == 0


def test_the_kinds_of_a_worker_that_left_are_nobodys() -> None:
    waiting = Waiting(chunk_size=1)
    _alternating(waiting, range(4))
    assert _seqs(waiting.chunk_for("a", 2)) == [0]
    assert _seqs(waiting.chunk_for("b", 2)) == [1]
    waiting.forget("b")
    assert _seqs(waiting.chunk_for("c", 2)) == [3]
    assert _seqs(waiting.chunk_for("c", 2)) == [2]


def test_a_fixed_chunk_size_is_kept() -> None:
    waiting = Waiting(chunk_size=3)
    _alternating(waiting, range(0, 10, 2))
    waiting.complete = True
    assert [len(waiting.chunk_for("a", 2) or ()) for _ in range(2)] == [3, 2]
