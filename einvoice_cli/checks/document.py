"""The document our checks look at: its invoice XML, the bytes it came in, what it claims.

Built by the pipeline once the official verdict is known; each check reads what it needs
and returns findings. The semantic model is read once, on first use, and shared.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from lxml import etree

from einvoice_cli.core.results import Container
from einvoice_cli.errors import InputError
from einvoice_cli.model import read_invoice
from einvoice_cli.model.semantic import Invoice


# Not slotted: cached_property keeps the model in the instance dictionary.
@dataclass(frozen=True)
class CheckedDocument:
    """One validated document, as our checks see it."""

    name: str
    tree: etree._ElementTree
    """The invoice XML (for a PDF: its embedded invoice; for an SBDH: its payload)."""
    data: bytes
    """The bytes as submitted: the PDF, the envelope or the XML file."""
    container: Container
    specification: str | None
    """The specification identifier (BT-24) the invoice claims."""

    @cached_property
    def invoice(self) -> Invoice | None:
        """The invoice in the EN 16931 model, read on first use (several checks share it);
        ``None`` for a syntax the model does not read (ZUGFeRD 1.0)."""
        try:
            return read_invoice(self.tree).invoice
        except InputError:
            return None
