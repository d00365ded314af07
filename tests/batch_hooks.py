"""Document validators for batch tests: they misbehave on purpose when a document's file
name says so, and otherwise validate as the pipeline does. Workers import them by name."""

from __future__ import annotations

import os
import signal
import time
from pathlib import PurePath

from einvoice_cli.engine import RuleEngine
from einvoice_cli.errors import RulePackError
from einvoice_cli.inputs import Input
from einvoice_cli.pipeline import ValidationOptions, validate_input
from einvoice_cli.results import DocumentResult
from einvoice_cli.scenarios import Scenario

HOG_BYTES = 768 * 1024**2


def misbehaving(
    item: Input, engine: RuleEngine, options: ValidationOptions, forced: Scenario | None
) -> DocumentResult:
    """Hang on ``hang*``, exit on ``exit*``, segfault on ``segv*``, hog memory on ``hog*``,
    fail the run on ``fail*``; validate anything else."""
    stem = PurePath(item.name).name
    if stem.startswith("hang"):
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
