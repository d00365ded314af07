"""Report formatters: one module per output format, registered in :data:`FORMATTERS`.

Every formatter implements :class:`~einvoice_cli.report.base.Formatter`: ``begin()``, then
``document(result)`` for each result as it arrives, then ``end(summary)``. Formatters only
render; they never compute a verdict, filter findings or open files.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from einvoice_cli.report.base import Formatter, ReportOptions
from einvoice_cli.report.html import HtmlFormatter
from einvoice_cli.report.json import JsonFormatter
from einvoice_cli.report.jsonl import JsonlFormatter
from einvoice_cli.report.junit import JunitFormatter
from einvoice_cli.report.sarif import SarifFormatter
from einvoice_cli.report.text import TextFormatter

FORMATTERS: Mapping[str, type[Formatter]] = MappingProxyType(
    {
        "text": TextFormatter,
        "json": JsonFormatter,
        "jsonl": JsonlFormatter,
        "junit": JunitFormatter,
        "sarif": SarifFormatter,
        "html": HtmlFormatter,
    }
)
"""Output formats by the name ``--format`` takes."""

__all__ = ["FORMATTERS", "Formatter", "ReportOptions"]
