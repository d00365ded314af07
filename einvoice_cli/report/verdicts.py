"""``--quiet`` with the text format: one line per document, its verdict and its path.

The same verdict labels as the text report (in ``--lang``), nothing else: no scenario, no
findings. Not a
``--format`` of its own (it is the text format, quieter), so it is not in ``FORMATTERS``.
"""

from __future__ import annotations

from einvoice_cli.core.printable import printable
from einvoice_cli.core.results import DocumentResult, Summary
from einvoice_cli.report.interface import Formatter
from einvoice_cli.report.terminal_words import terminal_words


class VerdictLineFormatter(Formatter):
    """Writes ``ACCEPT  path`` (or ``REJECT``, ``ERROR``) per document."""

    def begin(self) -> None:
        """Nothing precedes the first line."""

    def document(self, result: DocumentResult) -> None:
        """Write one line for one document."""
        label = terminal_words(self.options.lang).verdict[result.verdict]
        self.stream.write(f"{label}  {printable(result.path)}\n")

    def end(self, summary: Summary) -> None:
        """Nothing follows the last line."""
        self.stream.flush()
