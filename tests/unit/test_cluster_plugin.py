"""A Dask worker's engine plugin without a cluster: the plugin is set up and given chunks in
this process, as a worker would. Its engine prepares rules when a first document needs them,
and a document's timeout never counts that preparing (as for a local ``--jobs`` worker)."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path, PurePath
from typing import cast

import pytest
from distributed import Worker

from einvoice_cli.cluster import ClusterSettings
from einvoice_cli.cluster.plugin import ChunkJob, DocumentClock, EnginePlugin
from einvoice_cli.core.results import DocumentResult
from einvoice_cli.core.verdict import Verdict
from einvoice_cli.errors import ErrorKind
from einvoice_cli.rulepacks.fetch import FetchSettings
from einvoice_cli.rulepacks.scenarios import ArtifactRef, Scenario
from einvoice_cli.validation.engine import RuleEngine
from einvoice_cli.validation.inputs import Input
from einvoice_cli.validation.pipeline import ValidationOptions, validate_input
from einvoice_cli.xml.saxon import Stylesheet
from tests.support.corpus import XRECHNUNG_TESTSUITE, require

STANDARD = XRECHNUNG_TESTSUITE / "business-cases" / "standard"
UBL = STANDARD / "01.01a-INVOICE_ubl.xml"
TIMEOUT = 2.0
SLOW_PREPARING = 2 * TIMEOUT
"""Each stylesheet takes this long to prepare here: more than a document may take."""


class _FakeTime:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_clock_stops_while_rules_are_prepared() -> None:
    now = _FakeTime()
    clock = DocumentClock(now)
    clock.start()
    now.now += 1.0
    with clock.preparing():
        now.now += 5.0
        with clock.preparing():  # nested: installing a pack while compiling its stylesheet
            now.now += 3.0
        now.now += 2.0
        assert clock.elapsed() == 1.0
    now.now += 0.5
    assert clock.elapsed() == 1.5
    clock.start()  # the next document
    now.now += 0.25
    assert clock.elapsed() == 0.25


def _slow_to_validate(
    item: Input, engine: RuleEngine, options: ValidationOptions, forced: Scenario | None
) -> DocumentResult:
    """Validates as the pipeline does, after taking longer than :data:`TIMEOUT` on a
    document named ``slow*``."""
    if PurePath(item.name).name.startswith("slow"):
        time.sleep(SLOW_PREPARING)
    return validate_input(item, engine, options, forced)


def test_a_timeout_counts_validating_but_not_preparing_rules(
    fetch_settings: FetchSettings,
    engine: RuleEngine,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    compile_stylesheet = RuleEngine.stylesheet
    prepared: set[tuple[int, ArtifactRef]] = set()

    def slowly_prepared(self: RuleEngine, ref: ArtifactRef) -> Stylesheet:
        if (id(self), ref) not in prepared:
            prepared.add((id(self), ref))
            time.sleep(SLOW_PREPARING)
        return compile_stylesheet(self, ref)

    monkeypatch.setattr(RuleEngine, "stylesheet", slowly_prepared)
    ubl = require(UBL)
    slow = tmp_path / "slow.xml"
    slow.write_bytes(ubl.read_bytes())
    settings = ClusterSettings(fetch=fetch_settings, timeout=TIMEOUT, validator=_slow_to_validate)
    plugin = EnginePlugin(settings)
    asyncio.run(plugin.setup(cast("Worker", object())))
    try:
        job = ChunkJob(
            plugin.name,
            plugin.digest,
            ((0, Input(str(ubl), path=ubl)), (1, Input(str(slow), path=slow))),
            ValidationOptions(),
            TIMEOUT,
        )
        first, late = plugin.validate(job)
        # The abandoned document's thread (still running) does not hold up the worker
        # process's exit.
        lanes = [t for t in threading.enumerate() if t.name.startswith("einvoice-engine")]
        assert [lane.daemon for lane in lanes] == [True]
    finally:
        plugin.teardown(cast("Worker", object()))
    # The first document waited for two stylesheets, each slower than the timeout, to compile.
    assert first == (
        0,
        validate_input(Input(str(ubl), path=ubl), engine, ValidationOptions(), None),
    )
    assert late[0] == 1
    assert late[1].verdict is Verdict.ERROR
    assert late[1].error_kind is ErrorKind.TIMEOUT
    assert late[1].error == f"{slow}: timed out after {TIMEOUT:g} s"
