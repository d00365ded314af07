"""The Peppol Standard Business Document Header (SBDH): an envelope around an invoice.

Peppol access points exchange business documents wrapped in an SBDH (UN/CEFACT Standard
Business Document Header 1.3, profiled by the Peppol Envelope Specification 2.0). The
envelope is not part of the invoice: the pipeline unwraps it before detection and validates
the payload exactly as if it had come alone; the result records the envelope.
"""

from __future__ import annotations

import copy

from lxml import etree

from einvoice_cli.core.results import Envelope
from einvoice_cli.errors import InputError

SBDH_NAMESPACE = "http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader"
_NS = {"sh": SBDH_NAMESPACE}
_ROOT = f"{{{SBDH_NAMESPACE}}}StandardBusinessDocument"
_HEADER = f"{{{SBDH_NAMESPACE}}}StandardBusinessDocumentHeader"


def is_sbdh(tree: etree._ElementTree) -> bool:
    """True when the document is a Standard Business Document (an envelope)."""
    return tree.getroot().tag == _ROOT


def unwrap_sbdh(tree: etree._ElementTree, name: str) -> tuple[etree._ElementTree, Envelope]:
    """The payload of an SBDH as a document of its own, and the envelope's facts.

    Raises :class:`InputError` when the envelope does not carry exactly one payload element.
    """
    root = tree.getroot()
    payloads = [c for c in root if isinstance(c.tag, str) and c.tag != _HEADER]
    if len(payloads) != 1:
        raise InputError(
            f"{name}: the SBDH envelope carries {len(payloads)} documents; one is expected"
        )
    # A copy detached from the envelope: namespace declarations of the envelope that the
    # payload uses are carried over, and rule locations start at the payload's root.
    payload = etree.ElementTree(copy.deepcopy(payloads[0]))
    return payload, Envelope(
        sender=_party(root, "Sender"),
        receiver=_party(root, "Receiver"),
        document_type=_scope(root, "DOCUMENTID"),
        process=_scope(root, "PROCESSID"),
        instance=_text(
            root,
            "sh:StandardBusinessDocumentHeader/sh:DocumentIdentification/sh:InstanceIdentifier",
        ),
    )


def _text(root: etree._Element, path: str) -> str | None:
    found = root.xpath(f"string({path})", namespaces=_NS)
    text = str(found).strip() if isinstance(found, str) else ""
    return text or None


def _party(root: etree._Element, role: str) -> str | None:
    path = f"sh:StandardBusinessDocumentHeader/sh:{role}/sh:Identifier"
    identifier = _text(root, path)
    if identifier is None:
        return None
    authority = _text(root, f"{path}/@Authority")
    return f"{authority}::{identifier}" if authority else identifier


def _scope(root: etree._Element, scope_type: str) -> str | None:
    return _text(
        root,
        "sh:StandardBusinessDocumentHeader/sh:BusinessScope/sh:Scope"
        f"[normalize-space(sh:Type) = '{scope_type}']/sh:InstanceIdentifier",
    )
