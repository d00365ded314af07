"""``--format json``: one JSON object on stdout, exactly DESIGN.md's contract.

It is streamed: the documents array is written element by element, so memory stays flat
however many documents a run has, and the output is one valid JSON object at the end.
"""

from __future__ import annotations

from einvoice_cli.core.contract import document_to_json, dumps, summary_to_json, tool_info
from einvoice_cli.core.results import DocumentResult, Summary
from einvoice_cli.report.interface import Formatter


class JsonFormatter(Formatter):
    """Writes ``{"tool": ..., "documents": [...], "summary": ...}``."""

    _first = True

    def begin(self) -> None:
        """Open the object and the documents array."""
        self._first = True
        self.stream.write('{"tool": ' + dumps(tool_info()))
        self.stream.write(', "documents": [')

    def document(self, result: DocumentResult) -> None:
        """Append one document to the array."""
        separator = "\n  " if self._first else ",\n  "
        self._first = False
        self.stream.write(separator + dumps(document_to_json(result)))

    def end(self, summary: Summary) -> None:
        """Close the array and write the summary."""
        closing = "]" if self._first else "\n]"
        self.stream.write(closing + ', "summary": ' + dumps(summary_to_json(summary)) + "}\n")
        self.stream.flush()
