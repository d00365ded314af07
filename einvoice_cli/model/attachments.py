"""Additional supporting documents (BG-24) that an invoice carries inside itself, base64-encoded.

EN 16931 lets an invoice embed each supporting document as an attached document (BT-125)
with a MIME code (BT-125-1) and a file name (BT-125-2). Where each syntax keeps them is one row
of :data:`_LOCATIONS`; this module only decodes them. Writing them to disk is the CLI's job
(``einvoice extract --all``) with the names made safe by ``core/outputs.py``.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from lxml import etree

from einvoice_cli.core.detect import Syntax, detect
from einvoice_cli.errors import InputError

_CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
_CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
_RAM_100 = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
_RAM_12 = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:12"


@dataclass(frozen=True, slots=True)
class _Location:
    namespaces: Mapping[str, str]
    binary_object: str
    """XPath of the attached document elements (BT-125)."""
    reference: str
    """XPath, relative to the attached document, of the supporting document reference
    (BT-122)."""


_UBL = _Location(
    namespaces=MappingProxyType({"cac": _CAC, "cbc": _CBC}),
    binary_object="/*/cac:AdditionalDocumentReference/cac:Attachment/cbc:EmbeddedDocumentBinaryObject",
    reference="../../cbc:ID",
)


def _cii(ram: str) -> _Location:
    return _Location(
        namespaces=MappingProxyType({"ram": ram}),
        binary_object="//ram:AdditionalReferencedDocument/ram:AttachmentBinaryObject",
        reference="../ram:IssuerAssignedID",
    )


_LOCATIONS: Mapping[Syntax, _Location] = MappingProxyType(
    {
        Syntax.UBL_INVOICE: _UBL,
        Syntax.UBL_CREDITNOTE: _UBL,
        Syntax.CII: _cii(_RAM_100),
        Syntax.ZUGFERD_1: _cii(_RAM_12),
    }
)


@dataclass(frozen=True, slots=True)
class SupportingDocument:
    """One supporting document embedded in an invoice."""

    position: int
    """1-based position among the embedded documents, in document order."""
    reference: str | None
    """The supporting document reference (BT-122)."""
    filename: str | None
    """The file name the invoice gives (BT-125-2); untrusted, sanitise before use."""
    mime_code: str | None
    """The MIME code the invoice gives (BT-125-1)."""
    data: bytes


def supporting_documents(tree: etree._ElementTree, name: str) -> tuple[SupportingDocument, ...]:
    """The supporting documents embedded in an invoice, decoded, in document order.

    ``name`` names the document in errors: a document whose content is not base64 raises
    :class:`InputError`.
    """
    syntax = detect(tree).syntax
    location = _LOCATIONS.get(syntax) if syntax is not None else None
    if location is None:
        return ()
    namespaces = dict(location.namespaces)
    found = tree.xpath(location.binary_object, namespaces=namespaces)
    out = []
    for position, element in enumerate(_elements(found), start=1):
        filename = element.get("filename")
        try:
            data = base64.b64decode("".join((element.text or "").split()), validate=True)
        except (binascii.Error, ValueError) as e:
            label = f" ({filename})" if filename else ""
            raise InputError(
                f"{name}: supporting document {position}{label} is not valid base64"
            ) from e
        references = _elements(element.xpath(location.reference, namespaces=namespaces))
        reference = (references[0].text or "").strip() or None if references else None
        out.append(
            SupportingDocument(
                position=position,
                reference=reference,
                filename=filename,
                mime_code=element.get("mimeCode"),
                data=data,
            )
        )
    return tuple(out)


def _elements(found: object) -> list[etree._Element]:
    if not isinstance(found, list):
        return []
    return [item for item in found if isinstance(item, etree._Element)]
