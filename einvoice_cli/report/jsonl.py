"""``--format jsonl``: one document object per line, written as soon as it is known.

Each line is the same object as an entry of ``documents`` in the JSON format; there is no
header or summary line, so every line parses on its own (the summary goes to stderr).
"""

from __future__ import annotations

from einvoice_cli.core.contract import document_to_json, dumps
from einvoice_cli.core.results import DocumentResult, Summary
from einvoice_cli.report.interface import Formatter


class JsonlFormatter(Formatter):
    """Writes one JSON object per line and flushes it."""

    def begin(self) -> None:
        """Nothing precedes the first line."""

    def document(self, result: DocumentResult) -> None:
        """Write one line for one document."""
        self.stream.write(dumps(document_to_json(result)) + "\n")
        self.stream.flush()

    def end(self, summary: Summary) -> None:
        """Nothing follows the last line."""
        self.stream.flush()
