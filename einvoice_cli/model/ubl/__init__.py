"""The UBL 2.1 binding of the semantic model (EN 16931-3-2): Invoice and CreditNote."""

from einvoice_cli.model.ubl.reader import read_ubl
from einvoice_cli.model.ubl.writer import write_ubl

__all__ = ["read_ubl", "write_ubl"]
