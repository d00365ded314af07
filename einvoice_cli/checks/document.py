"""The document our checks look at: its invoice XML, the bytes it came in, what it claims.

Built by the pipeline once the official verdict is known; each check reads what it needs
(by XPath on the tree, without building the semantic model) and returns findings.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from einvoice_cli.core.results import Container


@dataclass(frozen=True, slots=True)
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
