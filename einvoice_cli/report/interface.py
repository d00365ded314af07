"""The formatter interface every report format implements, and the options it is given.

The JSON shape of a result, which several formats share, is ``core/contract.py``'s.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TextIO

from einvoice_cli.core.results import DocumentResult, Summary
from einvoice_cli.errors import ErrorKind


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """How a report is rendered."""

    color: bool = False
    """Use colour (only ever true on a terminal and without NO_COLOR)."""
    width: int | None = None
    """Terminal width for text output; ``None`` lets the formatter decide."""
    lang: str = "en"
    """Language of the report's own words and of business-term names (``en`` or ``de``, see
    :data:`einvoice_cli.model.names.LANGUAGES`); rule messages stay as the rules word them."""
    tips: Mapping[ErrorKind, str] = field(default_factory=dict)
    """What a reader can do about a document in error, by kind (the command line names its
    options here; the core's messages name none)."""


class Formatter(ABC):
    """Renders results to a stream as they arrive."""

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
