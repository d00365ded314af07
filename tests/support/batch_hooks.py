"""Document validators for batch tests: they misbehave on purpose when a document's file
name says so, and otherwise validate as the pipeline does. Workers import them by name.

``python -m tests.support.batch_hooks validate ...`` runs the real ``einvoice`` command with this
validator in its workers, for tests that need a process of their own (Ctrl-C).
"""

from __future__ import annotations

import dataclasses
import os
import signal
import sys
import time
from pathlib import Path, PurePath

from einvoice_cli.core.results import DocumentResult
from einvoice_cli.errors import RulePackError
from einvoice_cli.rulepacks.scenarios import Scenario
from einvoice_cli.validation.engine import RuleEngine
from einvoice_cli.validation.inputs import Input
from einvoice_cli.validation.pipeline import ValidationOptions, validate_input

HOG_BYTES = 768 * 1024**2


def misbehaving(
    item: Input, engine: RuleEngine, options: ValidationOptions, forced: Scenario | None
) -> DocumentResult:
    """Hang on ``hang*``, exit on ``exit*``, segfault on ``segv*``, hog memory on ``hog*``,
    fail the run on ``fail*``; validate anything else."""
    stem = PurePath(item.name).name
    if stem.startswith("hang"):
        if item.path is not None:  # tell the test which process hangs
            Path(f"{item.path}.pid").write_text(str(os.getpid()), encoding="utf-8")
        time.sleep(3600)
    if stem.startswith("exit"):
        os._exit(3)
    if stem.startswith("segv"):
        os.kill(os.getpid(), signal.SIGSEGV)
    if stem.startswith("hog"):
        hog = bytearray(HOG_BYTES)  # resident: bytearray zero-fills
        time.sleep(3600)
        del hog
    if stem.startswith("fail"):
        raise RulePackError("rule pack example is not installed; run `einvoice rules install`")
    return validate_input(item, engine, options, forced)


def main(argv: list[str]) -> None:
    """Run ``einvoice`` with :func:`misbehaving` as the workers' validator."""
    from einvoice_cli.api import Validator
    from einvoice_cli.batch import BatchSettings
    from einvoice_cli.cli.main import main as einvoice

    settings_of = Validator._batch_settings

    def with_misbehaving(
        self: Validator, jobs: int, timeout: float | None, worker_memory: int | None
    ) -> BatchSettings:
        settings = settings_of(self, jobs, timeout, worker_memory)
        return dataclasses.replace(settings, validator=misbehaving)

    Validator._batch_settings = with_misbehaving  # type: ignore[method-assign]  # the test hook
    sys.argv = ["einvoice", *argv]
    einvoice()


if __name__ == "__main__":
    from tests.support.batch_hooks import main as run  # so workers find the validator by its module

    run(sys.argv[1:])
