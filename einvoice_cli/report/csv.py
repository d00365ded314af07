"""``--format csv``: one row per finding, for spreadsheets, written as results arrive.

Columns: document, verdict, scenario, rule, severity, source, in_verdict, business terms,
message, location, line. The header is in the report's language (``--lang``); the values are
the JSON contract's spellings (``reject``, ``error``, ``true``), so a filter works whatever the
language. A document without findings has one row with the finding columns empty, so every
document of the run is in the file; a document that could not be validated has one row whose
message says why.

The dialect (:class:`~einvoice_cli.report.interface.CsvDialect`) is ``excel`` by default:
UTF-8 with a byte-order mark and ``;`` between fields, which German Excel opens directly with
umlauts intact; ``rfc4180`` writes RFC 4180 (``,``, no byte-order mark). Both end lines with
CRLF, as RFC 4180 says. Documents are untrusted, so in the ``excel`` dialect a cell that a
spreadsheet would take for a formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return) is prefixed with ``'`` (OWASP, "CSV Injection").

:class:`CsvArchive` keeps the same CSV compressed while a run goes on, for the HTML report
to carry as a download.
"""

from __future__ import annotations

import base64
import csv
import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from types import MappingProxyType
from typing import TextIO

from einvoice_cli.core.printable import without_surrogates
from einvoice_cli.core.results import DocumentResult, Summary
from einvoice_cli.report.catalogue import Messages, messages
from einvoice_cli.report.interface import CsvDialect, Formatter, ReportOptions


@dataclass(frozen=True, slots=True)
class _DialectSpec:
    delimiter: str
    byte_order_mark: bool
    neutralise_formulas: bool


_DIALECTS = MappingProxyType(
    {
        CsvDialect.EXCEL: _DialectSpec(";", byte_order_mark=True, neutralise_formulas=True),
        CsvDialect.RFC4180: _DialectSpec(",", byte_order_mark=False, neutralise_formulas=False),
    }
)

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_rows(result: DocumentResult) -> Iterator[list[str]]:
    """The rows of one document, as the columns of the module docstring list them."""
    # A file name's bytes that are not UTF-8 are shown as \xNN (CSV is text, UTF-8).
    head = [without_surrogates(result.path), result.verdict.value, result.scenario or ""]
    if not result.findings:
        yield [*head, "", "", "", "", "", result.error or "", "", ""]
        return
    for finding in result.findings:
        yield [
            *head,
            finding.rule,
            finding.severity.value,
            finding.source.value,
            "true" if finding.in_verdict else "false",
            " ".join(finding.business_terms),
            finding.message,
            finding.location or "",
            "" if finding.line is None else str(finding.line),
        ]


class CsvTable:
    """Writes the header and the rows of documents to a text stream in one dialect."""

    def __init__(self, stream: TextIO, dialect: CsvDialect, words: Messages) -> None:
        self._spec = _DIALECTS[dialect]
        self._stream = stream
        self._writer = csv.writer(
            stream, delimiter=self._spec.delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL
        )
        self._words = words

    def header(self) -> None:
        """The byte-order mark (``excel``) and the header row."""
        if self._spec.byte_order_mark:
            self._stream.write("\ufeff")
        self._writer.writerow(self._words.csv_columns)

    def document(self, result: DocumentResult) -> None:
        """The rows of one document."""
        for row in csv_rows(result):
            if self._spec.neutralise_formulas:
                row = [f"'{cell}" if cell.startswith(_FORMULA_STARTS) else cell for cell in row]
            self._writer.writerow(row)


class CsvFormatter(Formatter):
    """Writes the CSV table, flushing after each document so a pipe sees it at once."""

    _table: CsvTable

    def begin(self) -> None:
        """Write the header."""
        self._table = CsvTable(self.stream, self.options.csv_dialect, messages(self.options.lang))
        self._table.header()

    def document(self, result: DocumentResult) -> None:
        """Write the rows of one document."""
        self._table.document(result)
        self.stream.flush()

    def end(self, summary: Summary) -> None:
        """Nothing follows the last row (the summary goes to stderr)."""
        self.stream.flush()


class CsvArchive:
    """The CSV of a run, compressed (zlib) as documents arrive, so memory stays small.

    :meth:`finish` gives it base64-encoded: what the HTML report embeds and its script
    inflates (``DecompressionStream("deflate")``) when the download link is used.
    """

    def __init__(self, options: ReportOptions) -> None:
        self._buffer = io.StringIO()
        self._table = CsvTable(self._buffer, options.csv_dialect, messages(options.lang))
        self._compressor = zlib.compressobj(9)
        self._parts: list[bytes] = []
        self._table.header()
        self._flush()

    def add(self, result: DocumentResult) -> None:
        """Append the rows of one document."""
        self._table.document(result)
        self._flush()

    def finish(self) -> str:
        """The whole CSV, zlib-compressed and base64-encoded; the archive is spent after."""
        self._parts.append(self._compressor.flush())
        data = base64.b64encode(b"".join(self._parts)).decode("ascii")
        self._parts = []
        return data

    def _flush(self) -> None:
        text = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        self._parts.append(self._compressor.compress(text.encode("utf-8")))
