"""The public Python API: validate and convert e-invoices without the command line.

The command line, the HTTP service and the cluster path are clients of this module. A
:class:`Validator` holds one warm rule engine (rules installed and compiled once, on first use)
and validates any number of documents with it::

    import einvoice_cli

    validator = einvoice_cli.Validator()
    result = validator.validate("rechnung.xml")
    print(result.verdict, [f.rule for f in result.findings])

Results are :class:`~einvoice_cli.core.results.DocumentResult` values; ``result.to_json()`` is
the document object of the JSON contract (DESIGN.md "Output contract").
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from einvoice_cli.batch import (
    DEFAULT_MEMORY_LIMIT,
    DEFAULT_TIMEOUT,
    BatchExecutor,
    BatchObserver,
    BatchSettings,
    validate_batch,
)
from einvoice_cli.checks.settings import CheckSettings
from einvoice_cli.core.results import DocumentResult
from einvoice_cli.rulepacks.catalog import Catalog, load_catalog
from einvoice_cli.rulepacks.scenarios import Scenario, find_scenario
from einvoice_cli.rulepacks.store import RuleStore
from einvoice_cli.settings import Settings
from einvoice_cli.validation.engine import RuleEngine
from einvoice_cli.validation.inputs import Input, InputSelection, collect_inputs
from einvoice_cli.validation.pipeline import validate_input

if TYPE_CHECKING:
    from distributed import Client

    from einvoice_cli.conversion.convert import Conversion, Target

Document = str | os.PathLike[str] | bytes | BinaryIO
"""A document to validate: a path, its bytes, or a binary file object to read."""


class Validator:
    """Validates documents with the official rules, as ``einvoice validate`` does.

    ``settings`` defaults to :meth:`Settings.from_environment` (the command line's environment
    variables); the keyword arguments replace single settings. An unknown ``scenario`` raises
    :class:`~einvoice_cli.errors.ScenarioError` here, not per document. The rule engine is built
    on first use and reused for every document after that; pass ``engine`` to share one that
    exists already.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        cache_dir: str | os.PathLike[str] | None = None,
        mirror: str | None = None,
        offline: bool | None = None,
        scenario: str | None = None,
        all_rules: bool | None = None,
        max_bytes: int | None = None,
        max_pdf_bytes: int | None = None,
        shorten_texts: bool | None = None,
        checks: CheckSettings | None = None,
        engine: RuleEngine | None = None,
    ) -> None:
        chosen = settings if settings is not None else Settings.from_environment(os.environ)
        if cache_dir is not None:
            chosen = replace(chosen, cache_dir=Path(cache_dir))
        if mirror is not None:
            chosen = replace(chosen, mirror=mirror)
        if offline is not None:
            chosen = replace(chosen, offline=offline)
        if scenario is not None:
            chosen = replace(chosen, scenario=scenario)
        if all_rules is not None:
            chosen = replace(chosen, all_rules=all_rules)
        if max_bytes is not None:
            chosen = replace(chosen, max_bytes=max_bytes)
        if max_pdf_bytes is not None:
            chosen = replace(chosen, max_pdf_bytes=max_pdf_bytes)
        if shorten_texts is not None:
            chosen = replace(chosen, shorten_texts=shorten_texts)
        if checks is not None:
            chosen = replace(chosen, checks=checks)
        self.settings: Settings = chosen
        """The settings every document is validated with."""
        self._engine = engine
        catalog = engine.store.catalog if engine is not None else load_catalog()
        self._catalog: Catalog = catalog
        name = self.settings.scenario
        self._forced: Scenario | None = find_scenario(catalog.scenarios, name) if name else None

    @property
    def engine(self) -> RuleEngine:
        """This validator's rule engine (built on first use)."""
        if self._engine is None:
            self._engine = RuleEngine(RuleStore(self._catalog, self.settings.fetch_settings()))
        return self._engine

    def validate(self, document: Document, *, name: str | None = None) -> DocumentResult:
        """Validate one document (XML, or a ZUGFeRD/Factur-X PDF) and return its result.

        A document that cannot be validated (unreadable, not XML, too large, ...) is a result
        with verdict ``error`` and an ``error_kind``; problems of the run itself (rules that
        cannot be installed) raise :class:`~einvoice_cli.errors.EinvoiceError`.
        """
        item = self._input(document, name)
        return validate_input(item, self.engine, self.settings.validation_options(), self._forced)

    def validate_many(
        self,
        documents: Iterable[Document | Input],
        *,
        jobs: int = 1,
        timeout: float | None = None,
        default_timeout: float | None = DEFAULT_TIMEOUT,
        worker_memory: int | None = DEFAULT_MEMORY_LIMIT,
        selection: InputSelection | None = None,
        observer: BatchObserver | None = None,
        executor: BatchExecutor | Client | None = None,
        in_process: bool = True,
    ) -> Generator[DocumentResult, None, None]:
        """Validate many documents and yield their results in input order.

        A path to a folder contributes its ``*.xml`` and ``*.pdf`` files, recursively (see
        ``selection``). ``jobs`` worker processes validate in parallel, each with its own
        warm engine; with one job and no ``timeout`` documents are validated in this process
        with :attr:`engine`, unless ``in_process`` is false: then in one worker process, which
        Ctrl-C or SIGTERM stops at once (a Saxon transform in this process holds it until the
        transform ends; the command line does this). In worker processes a document may take
        ``default_timeout`` seconds when no ``timeout`` is given (``None``: no limit).
        ``executor`` hands the documents to another back end (a cluster): a Dask
        ``distributed.Client`` validates them on its workers, each with the rules of its own
        cache (:class:`~einvoice_cli.cluster.executor.DaskExecutor` says more).
        Close the iterator to stop early.
        """
        if executor is not None and not isinstance(executor, BatchExecutor):
            from einvoice_cli.cluster.executor import DaskExecutor

            executor = DaskExecutor(executor)
        settings = replace(
            self._batch_settings(jobs, timeout, worker_memory),
            default_timeout=default_timeout,
            in_process=in_process,
        )
        inputs = self._inputs(documents, selection or InputSelection())
        local = self.engine if jobs == 1 and timeout is None and in_process else self._engine
        return validate_batch(inputs, settings, engine=local, observer=observer, executor=executor)

    def _batch_settings(
        self, jobs: int, timeout: float | None, worker_memory: int | None
    ) -> BatchSettings:
        return BatchSettings(
            fetch=self.settings.fetch_settings(),
            validation=self.settings.validation_options(),
            jobs=jobs,
            timeout=timeout,
            memory_limit=worker_memory,
        )

    def convert(
        self,
        document: Document,
        to: str | Target,
        *,
        name: str | None = None,
        visual_pdf: bytes | None = None,
        strict: bool = False,
        force: bool = False,
    ) -> Conversion:
        """Convert a document into UBL, CII or a Factur-X PDF (``to``: ``ubl``, ``cii``,
        ``facturx``), checked both ways: the result holds the converted document (or why it
        was refused), every loss, and the verdicts on input and output."""
        # Imported on use: the converter and the model cost start-up time a validation need not pay.
        from einvoice_cli.conversion.convert import ConversionOptions, Target, convert_document

        item = self._input(document, name)
        data = item.read(max(self.settings.max_bytes, self.settings.max_pdf_bytes))
        options = ConversionOptions(
            strict=strict,
            force=force,
            visual_pdf=visual_pdf,
            validation=self.settings.validation_options(),
        )
        return convert_document(data, item.name, Target(to), options, self.engine)

    def _input(self, document: Document | Input, name: str | None) -> Input:
        if isinstance(document, Input):
            return document
        if isinstance(document, bytes):
            return Input(name or "<bytes>", data=document)
        if isinstance(document, str | os.PathLike):
            path = Path(document)
            return Input(name or os.fsdecode(document), path=path)
        limit = max(self.settings.max_bytes, self.settings.max_pdf_bytes)
        # One byte over the limit is enough for the pipeline to refuse it as too large.
        label = name or str(getattr(document, "name", "<stream>"))
        return Input(label, data=document.read(limit + 1))

    def _inputs(
        self, documents: Iterable[Document | Input], selection: InputSelection
    ) -> Iterator[Input]:
        for position, document in enumerate(documents, start=1):
            if isinstance(document, str | os.PathLike):
                yield from collect_inputs([os.fsdecode(document)], None, selection)
            elif isinstance(document, bytes):
                yield Input(f"<bytes {position}>", data=document)
            else:
                yield self._input(document, None)


def convert(
    document: Document,
    to: str | Target,
    *,
    validator: Validator | None = None,
    name: str | None = None,
    visual_pdf: bytes | None = None,
    strict: bool = False,
    force: bool = False,
) -> Conversion:
    """Convert one document with ``validator`` (a new one with default settings if ``None``;
    pass one to reuse its warm engine). See :meth:`Validator.convert`."""
    return (validator or Validator()).convert(
        document, to, name=name, visual_pdf=visual_pdf, strict=strict, force=force
    )
