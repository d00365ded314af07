"""The data types of EN 16931-1 (clause 6.5) as the semantic model holds them.

Amounts, quantities and percentages keep their :class:`~decimal.Decimal` value and the text
they were read from, so a converter writes ``100.00`` back as ``100.00`` and never as ``100``;
equality compares values only (``100.00 == 100.0``), which is what "the same business term"
means. Identifiers carry their scheme, binary objects their MIME code and file name. Codes are
plain strings: checking them against code lists is the validator's job, not the model's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

# xs:decimal's lexical space (XML Schema Part 2, 3.2.3.1): no exponent, no NaN or Infinity.
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


def parse_decimal(text: str) -> Decimal:
    """Parse xs:decimal text (surrounding whitespace allowed), or raise :class:`ValueError`."""
    stripped = text.strip()
    if not _DECIMAL.fullmatch(stripped):
        raise ValueError(f"not a decimal number: {text!r}")
    try:
        return Decimal(stripped)
    except InvalidOperation as e:  # unreachable after the pattern check; kept for safety
        raise ValueError(f"not a decimal number: {text!r}") from e


@dataclass(frozen=True, slots=True)
class Amount:
    """A monetary amount (EN 16931 "Amount" and "Unit Price Amount"), without currency.

    The currency of every amount is the invoice currency (BT-5), except BT-111, whose currency
    is the VAT accounting currency (BT-6); the syntax writers add the attribute from there.
    """

    value: Decimal
    text: str | None = field(default=None, compare=False)
    """The lexical form read (whitespace-trimmed); ``None`` for a value built in code."""

    @classmethod
    def parse(cls, text: str) -> Amount:
        """An amount from xs:decimal text; raises :class:`ValueError` for anything else."""
        return cls(parse_decimal(text), text.strip())

    def lexical(self) -> str:
        """The text to write: as read, or the plain decimal notation of the value."""
        return self.text if self.text is not None else format(self.value, "f")


@dataclass(frozen=True, slots=True)
class Percentage:
    """A percentage (EN 16931 "Percentage"), e.g. a VAT rate: ``19`` means 19 %."""

    value: Decimal
    text: str | None = field(default=None, compare=False)
    """The lexical form read (whitespace-trimmed); ``None`` for a value built in code."""

    @classmethod
    def parse(cls, text: str) -> Percentage:
        """A percentage from xs:decimal text; raises :class:`ValueError` for anything else."""
        return cls(parse_decimal(text), text.strip())

    def lexical(self) -> str:
        """The text to write: as read, or the plain decimal notation of the value."""
        return self.text if self.text is not None else format(self.value, "f")


@dataclass(frozen=True, slots=True)
class Quantity:
    """A quantity with its unit of measure code (UN/ECE Recommendation 20 / 21)."""

    value: Decimal
    unit_code: str | None = None
    """The unit of measure code; a business term of its own (BT-130, BT-150)."""
    text: str | None = field(default=None, compare=False)
    """The lexical form read (whitespace-trimmed); ``None`` for a value built in code."""

    @classmethod
    def parse(cls, text: str, unit_code: str | None) -> Quantity:
        """A quantity from xs:decimal text; raises :class:`ValueError` for anything else."""
        return cls(parse_decimal(text), unit_code, text.strip())

    def lexical(self) -> str:
        """The text to write: as read, or the plain decimal notation of the value."""
        return self.text if self.text is not None else format(self.value, "f")


@dataclass(frozen=True, slots=True)
class Identifier:
    """An identifier with the identification scheme it belongs to (EN 16931 "Identifier")."""

    value: str
    scheme_id: str | None = None
    """The scheme identifier (``BT-29-1`` and the like); for BT-158 the list identifier."""
    scheme_version: str | None = None
    """The scheme version identifier; only BT-158 has one (``BT-158-2``)."""


@dataclass(frozen=True, slots=True)
class BinaryObject:
    """An attached document (BT-125): its decoded content, MIME code and file name."""

    content: bytes
    mime_code: str | None = None
    """BT-125-1, e.g. ``application/pdf``."""
    filename: str | None = None
    """BT-125-2."""


VALUE_TYPES: tuple[type, ...] = (Amount, Percentage, Quantity, Identifier, BinaryObject)
"""The composite value types; every other dataclass in the model is a business group."""
