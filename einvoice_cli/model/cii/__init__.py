"""The UN/CEFACT CII D16B binding of the semantic model (EN 16931-3-3)."""

from einvoice_cli.model.cii.reader import read_cii
from einvoice_cli.model.cii.writer import write_cii

__all__ = ["read_cii", "write_cii"]
