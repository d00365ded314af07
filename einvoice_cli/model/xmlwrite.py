"""Building a document element by element, in the order the syntax's XSD sequence demands.

The writers call :class:`Builder` in XSD order and skip every value that is ``None``; they never
invent a business term. Where a syntax insists on an element that has no business term of its
own (UBL's ``cbc:NetworkID``, CII's project name), the writer puts the documented placeholder
there and the reader of that syntax takes the placeholder back as empty.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from datetime import date

from lxml import etree

from einvoice_cli.model.values import Amount, BinaryObject, Identifier, Percentage, Quantity

Element = etree._Element


class Builder:
    """Creates elements named with the syntax's usual prefixes (``cbc:ID``, ``ram:Name``)."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        """``prefixes`` maps prefix to namespace."""
        self._ns = dict(prefixes)

    def clark(self, name: str) -> str:
        """``cbc:ID`` as ``{namespace}ID``."""
        prefix, _, local = name.partition(":")
        return f"{{{self._ns[prefix]}}}{local}"

    def root(self, name: str, nsmap: Mapping[str | None, str]) -> Element:
        """The document element, declaring ``nsmap``."""
        return etree.Element(self.clark(name), nsmap=dict(nsmap))

    def detached(self, name: str) -> Element:
        """An element without a parent yet (appended later, in XSD order)."""
        return etree.Element(self.clark(name))

    def add(
        self, parent: Element, name: str, text: str | None = None, /, **attrs: str | None
    ) -> Element:
        """Append a child; attributes whose value is ``None`` are left out."""
        child = etree.SubElement(parent, self.clark(name))
        if text is not None:
            child.text = text
        for key, value in attrs.items():
            if value is not None:
                child.set(key, value)
        return child

    def path(self, parent: Element, *names: str) -> Element:
        """Append a chain of nested children and return the innermost."""
        current = parent
        for name in names:
            current = self.add(current, name)
        return current

    def text(self, parent: Element, name: str, value: str | None, /, **attrs: str | None) -> None:
        """Append ``<name>value</name>`` if there is a value."""
        if value is not None:
            self.add(parent, name, value, **attrs)

    def amount(
        self,
        parent: Element,
        name: str,
        value: Amount | Percentage | None,
        /,
        **attrs: str | None,
    ) -> None:
        """Append an amount or percentage, keeping the text it was read from."""
        if value is not None:
            self.add(parent, name, value.lexical(), **attrs)

    def quantity(self, parent: Element, name: str, value: Quantity | None) -> None:
        """Append a quantity with its ``unitCode``."""
        if value is not None:
            self.add(parent, name, value.lexical(), unitCode=value.unit_code)

    def identifier(
        self,
        parent: Element,
        name: str,
        value: Identifier | None,
        scheme: str = "schemeID",
        version: str = "schemeVersionID",
    ) -> None:
        """Append an identifier with its scheme (and scheme version) attributes."""
        if value is not None:
            self.add(
                parent,
                name,
                value.value,
                **{scheme: value.scheme_id, version: value.scheme_version},
            )

    def binary(self, parent: Element, name: str, value: BinaryObject | None) -> None:
        """Append base64 content with ``mimeCode`` and ``filename``."""
        if value is not None:
            text = base64.b64encode(value.content).decode("ascii")
            self.add(parent, name, text, mimeCode=value.mime_code, filename=value.filename)


def has_any(*values: object) -> bool:
    """Whether any of the values is present (not ``None``, not an empty tuple)."""
    return any(v is not None and v != () for v in values)


def iso_date(value: date) -> str:
    """A date as xs:date (``YYYY-MM-DD``)."""
    return value.isoformat()
