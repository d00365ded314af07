"""The EN 16931 semantic model of an invoice, and its UBL 2.1 and UN/CEFACT CII D16B bindings.

:func:`read_invoice` turns a parsed document (see :func:`einvoice_cli.xml.saxon.parse_xml`) into
an :class:`~einvoice_cli.model.semantic.Invoice`; :func:`write_invoice` writes one in a syntax.
Both report, as :class:`~einvoice_cli.model.loss.Loss` values, whatever did not make it: what
the model could not take from the document, what the target syntax cannot hold. Neither prints,
validates or decides anything; a converter shows the losses and applies ``--strict``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from lxml import etree

from einvoice_cli.core.detect import Syntax, detect
from einvoice_cli.errors import NotAnInvoice
from einvoice_cli.model.cii import read_cii, write_cii
from einvoice_cli.model.loss import Loss
from einvoice_cli.model.semantic import Invoice
from einvoice_cli.model.ubl import read_ubl, write_ubl
from einvoice_cli.model.ubl.syntax import CREDIT_NOTE_TYPE_CODES, UBL_CREDIT_NOTE, UBL_INVOICE

__all__ = [
    "Invoice",
    "Loss",
    "ReadResult",
    "WriteResult",
    "preferred_ubl_syntax",
    "read_invoice",
    "write_invoice",
]

Reader = Callable[[etree._ElementTree], tuple[Invoice, tuple[Loss, ...]]]
Writer = Callable[[Invoice], tuple[etree._ElementTree, tuple[Loss, ...]]]


@dataclass(frozen=True, slots=True)
class Binding:
    """How one syntax is read into the model and written from it."""

    syntax: Syntax
    read: Reader
    write: Writer


BINDINGS: tuple[Binding, ...] = (
    Binding(Syntax.UBL_INVOICE, read_ubl, partial(write_ubl, document=UBL_INVOICE)),
    Binding(Syntax.UBL_CREDITNOTE, read_ubl, partial(write_ubl, document=UBL_CREDIT_NOTE)),
    Binding(Syntax.CII, read_cii, write_cii),
)
"""The syntaxes the model binds to. ZUGFeRD 1.0 is not among them (it predates EN 16931)."""


@dataclass(frozen=True, slots=True)
class ReadResult:
    """A document read into the model."""

    syntax: Syntax
    invoice: Invoice
    losses: tuple[Loss, ...]
    """Every element or attribute of the document the model did not take, with its XPath."""


@dataclass(frozen=True, slots=True)
class WriteResult:
    """The model written in a syntax."""

    syntax: Syntax
    tree: etree._ElementTree
    losses: tuple[Loss, ...]
    """Every business term the syntax could not hold, with its path in the model."""

    def to_bytes(self) -> bytes:
        """The document as UTF-8 XML with a declaration, indented for reading."""
        return etree.tostring(self.tree, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _binding(syntax: Syntax | None) -> Binding | None:
    return next((b for b in BINDINGS if b.syntax is syntax), None)


def read_invoice(tree: etree._ElementTree) -> ReadResult:
    """Read a UBL Invoice, UBL CreditNote or CII document, recognised by its root element.

    Raises :class:`~einvoice_cli.errors.InputError` for any other document.
    """
    detection = detect(tree)
    binding = _binding(detection.syntax)
    if binding is None:
        raise NotAnInvoice(
            f"not a UBL 2.1 or UN/CEFACT CII D16B invoice (root element {detection.root})"
        )
    invoice, losses = binding.read(tree)
    return ReadResult(binding.syntax, invoice, losses)


def write_invoice(invoice: Invoice, syntax: Syntax) -> WriteResult:
    """Write the invoice in ``syntax``; :class:`ValueError` for a syntax the model cannot write."""
    binding = _binding(syntax)
    if binding is None:
        raise ValueError(f"the semantic model cannot be written as {syntax.value}")
    tree, losses = binding.write(invoice)
    return WriteResult(syntax, tree, losses)


def preferred_ubl_syntax(invoice: Invoice) -> Syntax:
    """The UBL document type for an invoice: CreditNote for a credit note type code (BT-3)."""
    code = (invoice.type_code or "").strip()
    return Syntax.UBL_CREDITNOTE if code in CREDIT_NOTE_TYPE_CODES else Syntax.UBL_INVOICE
