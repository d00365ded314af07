"""``--quiet`` with the text format: one line per document, its verdict and its path.

The same verdict labels as the text report, nothing else: no scenario, no findings. Not a
``--format`` of its own (it is the text format, quieter), so it is not in ``FORMATTERS``.
"""

from __future__ import annotations

from einvoice_cli.core.printable import printable
from einvoice_cli.core.results import DocumentResult, Summary
from einvoice_cli.core.verdict import Verdict
from einvoice_cli.report.interface import Formatter

_LABELS = {Verdict.ACCEPT: "ACCEPT", Verdict.REJECT: "REJECT", Verdict.ERROR: "ERROR "}


class VerdictLineFormatter(Formatter):
    """Writes ``ACCEPT  path`` (or ``REJECT``, ``ERROR``) per document."""

    def begin(self) -> None:
        """Nothing precedes the first line."""

    def document(self, result: DocumentResult) -> None:
        """Write one line for one document."""
        self.stream.write(f"{_LABELS[result.verdict]}  {printable(result.path)}\n")

    def end(self, summary: Summary) -> None:
        """Nothing follows the last line."""
        self.stream.flush()
