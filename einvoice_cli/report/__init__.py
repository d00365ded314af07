"""Report formatters: one module per output format, registered in :data:`FORMATTERS`.

Every formatter implements :class:`~einvoice_cli.report.interface.Formatter`: ``begin()``, then
``document(result)`` for each result as it arrives, then ``end(summary)``. Formatters only
render; they never compute a verdict, filter findings or open files.
"""

from __future__ import annotations

import importlib
import io
from collections.abc import Iterable, Iterator, Mapping

from einvoice_cli.core.results import DocumentResult, Summary
from einvoice_cli.report.interface import CsvDialect, Formatter, ReportOptions

_FORMATTER_CLASSES = {
    "text": "einvoice_cli.report.text:TextFormatter",
    "json": "einvoice_cli.report.json:JsonFormatter",
    "jsonl": "einvoice_cli.report.jsonl:JsonlFormatter",
    "junit": "einvoice_cli.report.junit:JunitFormatter",
    "sarif": "einvoice_cli.report.sarif:SarifFormatter",
    "html": "einvoice_cli.report.html:HtmlFormatter",
    "kosit": "einvoice_cli.report.kosit:KositFormatter",
    "csv": "einvoice_cli.report.csv:CsvFormatter",
}


class _Formatters(Mapping[str, type[Formatter]]):
    """Formatter classes by format name, each module imported on first use (the HTML
    formatter loads the business-term table and the semantic model; a JSON run need not)."""

    def __getitem__(self, name: str) -> type[Formatter]:
        module_name, _, class_name = _FORMATTER_CLASSES[name].partition(":")
        formatter = getattr(importlib.import_module(module_name), class_name)
        if not (isinstance(formatter, type) and issubclass(formatter, Formatter)):
            raise TypeError(f"{_FORMATTER_CLASSES[name]} is not a Formatter")
        return formatter

    def __iter__(self) -> Iterator[str]:
        return iter(_FORMATTER_CLASSES)

    def __len__(self) -> int:
        return len(_FORMATTER_CLASSES)


FORMATTERS: Mapping[str, type[Formatter]] = _Formatters()
"""Output formats by the name ``--format`` takes."""


def render_report(
    results: Iterable[DocumentResult], output: str, options: ReportOptions | None = None
) -> str:
    """The whole report of ``results`` in format ``output`` (a :data:`FORMATTERS` name) with
    their summary, as ``einvoice validate --format OUTPUT`` writes it, as text."""
    stream = io.StringIO()
    formatter = FORMATTERS[output](stream, options or ReportOptions())
    formatter.begin()
    summary = Summary()
    for result in results:
        formatter.document(result)
        summary = summary.add(result)
    formatter.end(summary)
    return stream.getvalue()


__all__ = ["FORMATTERS", "CsvDialect", "Formatter", "ReportOptions", "render_report"]
