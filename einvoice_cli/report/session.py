"""One reporting session: results in, every report written whole, whatever happens.

A run's results go to the formatter on stdout and, with ``--output-dir``, to the report writer,
and are tallied for the summary. :class:`ReportSession` owns that loop, so each front door (the
command line today) only builds the parts: it stops early on Ctrl-C without losing what is done
(the formatter still closes its report, so a JSON report stays valid, and the index of the
report folder is written), and the tally counts exactly the documents that were reported.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass

from einvoice_cli.batch.tally import BatchSummary
from einvoice_cli.core.results import DocumentResult
from einvoice_cli.errors import OutputError, Terminated
from einvoice_cli.report.files import ReportWriter
from einvoice_cli.report.interface import Formatter


@dataclass(frozen=True, slots=True)
class SessionOutcome:
    """How a reporting session ended."""

    tally: BatchSummary
    """Counts over the documents that were reported."""
    interrupted: bool
    """True when Ctrl-C stopped the run; the reports hold the documents done before it."""
    terminated: bool = False
    """True when it was SIGTERM, not Ctrl-C."""
    unwritten: tuple[str, ...] = ()
    """Why report files could not be written (disk full, a read-only folder), one line each;
    the report on stdout and the other files are whole."""


class ReportSession:
    """Feeds results to a formatter and, optionally, a report writer, and tallies them."""

    def __init__(self, formatter: Formatter, writer: ReportWriter | None = None) -> None:
        self.formatter = formatter
        self.writer = writer

    def run(self, results: Generator[DocumentResult, None, None]) -> SessionOutcome:
        """Report every result; on Ctrl-C stop the run (``results.close()``) and finish the
        reports of what is done."""
        tally = BatchSummary()
        interrupted = terminated = False
        unwritten: list[str] = []
        self.formatter.begin()
        try:
            for result in results:
                # Written to every report before it is counted: the summary never counts a
                # document a report lacks.
                self.formatter.document(result)
                try:
                    if self.writer is not None:
                        _write(self.writer, result, unwritten)
                finally:
                    # Counted once it is on stdout, even when Ctrl-C comes while its file is
                    # written (issue 14: the JSON had one document more than its summary).
                    tally.add(result)
        except KeyboardInterrupt as e:
            interrupted, terminated = True, isinstance(e, Terminated)
            results.close()
        self.formatter.end(tally.summary)
        if self.writer is not None:
            try:
                self.writer.close(tally.summary)
            except OutputError as e:
                unwritten.append(str(e))
        return SessionOutcome(tally, interrupted, terminated, tuple(unwritten))


def _write(writer: ReportWriter, result: DocumentResult, unwritten: list[str]) -> None:
    """Write one report file; one that cannot be written is noted and the run goes on
    (issue 14: it stopped the batch and left the report on stdout unfinished)."""
    try:
        writer.write(result)
    except OutputError as e:
        unwritten.append(str(e))
