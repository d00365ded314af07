"""The formatter interface every report format implements, and the options it is given.

The JSON shape of a result, which several formats share, is ``core/contract.py``'s.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, ClassVar, TextIO

from einvoice_cli.core.languages import Language
from einvoice_cli.core.results import DocumentResult, Summary
from einvoice_cli.errors import ErrorKind

if TYPE_CHECKING:
    from einvoice_cli.validation.engine import RuleEngine


class CsvDialect(StrEnum):
    """How a CSV report is written; ``.value`` is what ``--csv-dialect`` takes."""

    EXCEL = "excel"
    """UTF-8 with a byte-order mark and ``;`` between fields: German Excel opens it directly."""
    RFC4180 = "rfc4180"
    """RFC 4180: UTF-8 without a byte-order mark, ``,`` between fields."""


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """How a report is rendered."""

    color: bool = False
    """Use colour (only ever true on a terminal and without NO_COLOR)."""
    width: int | None = None
    """Terminal width for text output; ``None`` lets the formatter decide."""
    lang: Language = Language.EN
    """Language of the report's own words and of business-term names (``en`` or ``de``, see
    :data:`einvoice_cli.model.names.LANGUAGES`); rule messages stay as the rules word them."""
    verbose: bool = False
    """Show rule messages in full: the regular expressions some quote are left out otherwise."""
    tips: Mapping[ErrorKind, str] = field(default_factory=dict)
    """What a reader can do about a document in error, by kind (the command line names its
    options here; the core's messages name none)."""
    engine: RuleEngine | None = None
    """The rule engine for formats that run official stylesheets (the KoSIT report); formats
    whose :attr:`Formatter.needs_report_input` is false never use it."""
    csv_dialect: CsvDialect = CsvDialect.EXCEL
    """The dialect of CSV reports (``--format csv`` and the CSV the HTML report carries)."""


class Formatter(ABC):
    """Renders results to a stream as they arrive."""

    needs_report_input: ClassVar[bool] = False
    """Whether the format needs results validated with ``keep_report_input`` and a rule
    engine in its options (the KoSIT report)."""

    def __init__(self, stream: TextIO, options: ReportOptions) -> None:
        self.stream = stream
        self.options = options

    @abstractmethod
    def begin(self) -> None:
        """Called once before the first document."""

    @abstractmethod
    def document(self, result: DocumentResult) -> None:
        """Called for each document, in input order."""

    @abstractmethod
    def end(self, summary: Summary) -> None:
        """Called once after the last document."""
