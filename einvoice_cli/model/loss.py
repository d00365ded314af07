"""What a conversion does not carry over, named so that a user can act on it.

A reader reports each element or attribute of its input that the semantic model did not take
(its location is an XPath in the input document); a writer reports each business term of the
model that the target syntax cannot hold (its location is the term's path in the model, e.g.
``BG-3[2]/BT-25``). "Ours never loses a business term without saying so": a converter shows
every loss as a warning, and refuses to write anything under ``--strict``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Loss:
    """One piece of a document that does not survive a conversion step."""

    location: str
    """An XPath in the input document (readers) or a term path in the model (writers)."""
    term: str | None
    """The business term or group concerned (``BT-25``, ``BG-DEX-01``), where known."""
    message: str
    """Why it is lost, in one line."""

    def __str__(self) -> str:
        term = f" ({self.term})" if self.term else ""
        return f"{self.location}{term}: {self.message}"
