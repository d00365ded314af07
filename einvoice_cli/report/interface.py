"""The formatter interface every report format implements, and the options it is given.

The JSON shape of a result, which several formats share, is ``report/contract.py``'s.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import TextIO

from einvoice_cli.core.results import DocumentResult, Summary


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
    verbose: bool = False
    """Show rule messages in full: the regular expressions some quote are left out otherwise."""


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
