"""Reading a document while keeping account of every element and attribute used.

A syntax reader asks a :class:`Reading` for the elements and attributes it maps to the model;
the reading marks each one it hands out. Whatever is left unmarked when the reader is done is,
by construction, something the model did not carry, and :meth:`Reading.losses` lists it: the
check is generic, so an element no one thought of is reported just like a known one. Comments,
processing instructions, namespace declarations and ``xsi:`` attributes are not content.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from typing import TypeVar

from lxml import etree

from einvoice_cli.model.loss import Loss
from einvoice_cli.model.values import Amount, BinaryObject, Identifier, Percentage, Quantity

_XSI = "http://www.w3.org/2001/XMLSchema-instance"

Element = etree._Element
_N = TypeVar("_N", Amount, Percentage)
_G = TypeVar("_G")
DateParser = Callable[[str], date]


def group(cls: Callable[..., _G], **values: object) -> _G | None:
    """Build a business group, or ``None`` when none of its terms has a value.

    Both syntax readers build every group through this, so that an empty container element
    in one syntax and a mandatory container in the other both read as "no group".
    """
    if all(v is None or v == () for v in values.values()):
        return None
    return cls(**values)


def present(items: Iterable[_G | None]) -> tuple[_G, ...]:
    """The items that are not ``None``, as a tuple."""
    return tuple(item for item in items if item is not None)


_A = TypeVar("_A")
_C = TypeVar("_C")


def split_by_indicator(
    elements: Iterable[Element],
    indicator: Callable[[Element], bool | None],
    allowance: Callable[[Element], _A | None],
    charge: Callable[[Element], _C | None],
) -> tuple[tuple[_A, ...], tuple[_C, ...]]:
    """Allowances and charges, told apart by their charge indicator (true: a charge).

    Both syntaxes keep allowances and charges in one element kind at document and line
    level; an element whose indicator is missing or unreadable is neither (the reading
    leaves it unused, so it is reported as a loss).
    """
    allowances: list[_A | None] = []
    charges: list[_C | None] = []
    for element in elements:
        flag = indicator(element)
        if flag is True:
            charges.append(charge(element))
        elif flag is False:
            allowances.append(allowance(element))
    return present(allowances), present(charges)


class Reading:
    """One reading of one document: hands out elements and remembers which were used."""

    def __init__(self, root: Element, prefixes: Mapping[str, str]) -> None:
        """``prefixes`` maps prefix to namespace, for names like ``cbc:ID`` and for locations."""
        self.root = root
        self._ns = dict(prefixes)
        self._prefix_of = {uri: prefix for prefix, uri in prefixes.items()}
        self._used: set[Element] = {root}
        self._used_attributes: set[tuple[Element, str]] = set()
        self._rejected: dict[Element, Loss] = {}

    # -- elements ---------------------------------------------------------------------------

    def clark(self, name: str) -> str:
        """``cbc:ID`` as ``{namespace}ID``."""
        prefix, _, local = name.partition(":")
        return f"{{{self._ns[prefix]}}}{local}"

    def peek(self, parent: Element | None, name: str) -> list[Element]:
        """The children called ``name``, without marking them used."""
        if parent is None:
            return []
        tag = self.clark(name)
        return [child for child in parent if child.tag == tag]

    def use(self, element: Element) -> Element:
        """Mark an element used and return it."""
        self._used.add(element)
        return element

    def is_used(self, element: Element) -> bool:
        """Whether the element was handed out (or explicitly rejected)."""
        return element in self._used or element in self._rejected

    def one(self, parent: Element | None, *path: str) -> Element | None:
        """The first element along ``path`` below ``parent``, each step marked used."""
        current = parent
        for name in path:
            if current is None:
                return None
            found = self.peek(current, name)
            current = self.use(found[0]) if found else None
        return current

    def peek_path(self, parent: Element | None, *path: str) -> Element | None:
        """The first element along ``path`` below ``parent``, without marking anything."""
        current = parent
        for name in path:
            found = self.peek(current, name)
            current = found[0] if found else None
        return current

    def first_of(
        self,
        parents: list[Element],
        *path: str,
        term: str,
        attributes: tuple[str, ...] = (),
    ) -> Element | None:
        """The element along ``path`` in the first of ``parents`` that has one, marked used.

        For a business term that a syntax repeats in several places (the payment means code
        in every UBL ``cac:PaymentMeans``, the tax point date in every CII trade tax): where
        another place has the same text and the same ``attributes`` it is marked used too; a
        different value is rejected as a further, conflicting occurrence of ``term``.
        """
        chosen: Element | None = None
        for parent in parents:
            found = self.peek_path(parent, *path)
            if found is None:
                continue
            if chosen is None:
                chosen = found
            same = element_text(found) == element_text(chosen) and all(
                found.get(name) == chosen.get(name) for name in attributes
            )
            if same:
                self.one(parent, *path)
                if found is not chosen:
                    for name in attributes:
                        self.attribute(found, name)
            else:
                self.one(parent, *path[:-1])
                self.reject(found, term, f"differs from the {term} taken from the first occurrence")
        return chosen

    def every(self, parent: Element | None, name: str) -> list[Element]:
        """All children called ``name``, marked used."""
        if parent is None:
            return []
        return [self.use(child) for child in self.peek(parent, name)]

    def reject(self, element: Element, term: str | None, message: str) -> None:
        """Report an element as not carried, with a specific reason."""
        self._rejected[element] = Loss(self.location(element), term, message)

    # -- values -----------------------------------------------------------------------------

    def text(self, parent: Element | None, *path: str) -> str | None:
        """The text of the element along ``path`` (``""`` when empty), or ``None`` if absent."""
        element = self.one(parent, *path)
        return None if element is None else element_text(element)

    def code(self, parent: Element | None, *path: str) -> str | None:
        """Like :meth:`text`, but whitespace-trimmed: for identifiers, codes and document
        references, whose surrounding whitespace is no part of the value (their XSD types
        are tokens in CII, and the EN 16931 rules compare them normalized)."""
        value = self.text(parent, *path)
        return None if value is None else value.strip()

    def attribute(self, element: Element | None, name: str) -> str | None:
        """An attribute's value, marked used; ``None`` when absent."""
        if element is None:
            return None
        value = element.get(name)
        if value is not None:
            self._used_attributes.add((element, name))
        return None if value is None else value.strip()

    def attribute_equal(self, element: Element, name: str, expected: str | None) -> None:
        """Mark an attribute used when its value is the one the model implies.

        For example a UBL ``currencyID`` that repeats the invoice currency (BT-5) carries
        nothing of its own; a different value does, and stays unmarked so it is reported.
        """
        value = element.get(name)
        if value is not None and expected is not None and value.strip() == expected.strip():
            self._used_attributes.add((element, name))

    def fixed(self, parent: Element | None, path: tuple[str, ...], expected: str) -> bool:
        """Use the element along ``path`` only if its text is ``expected`` (a syntax constant)."""
        current = parent
        chain = []
        for name in path:
            if current is None:
                return False
            found = self.peek(current, name)
            current = found[0] if found else None
            if current is not None:
                chain.append(current)
        if current is None or element_text(current).strip() != expected:
            return False
        for element in chain:
            self.use(element)
        return True

    def amount(self, element: Element | None, term: str) -> Amount | None:
        """An amount; a malformed one is rejected (reported) and read as absent."""
        return self._parsed(element, term, Amount.parse)

    def percentage(self, element: Element | None, term: str) -> Percentage | None:
        """A percentage; a malformed one is rejected (reported) and read as absent."""
        return self._parsed(element, term, Percentage.parse)

    def quantity(self, element: Element | None, term: str) -> Quantity | None:
        """A quantity with its ``unitCode``; a malformed one is rejected and read as absent."""
        if element is None:
            return None
        try:
            value = Quantity.parse(element_text(element), element.get("unitCode"))
        except ValueError as e:
            self.reject(element, term, str(e))
            return None
        self.use(element)
        self.attribute(element, "unitCode")
        return value

    def identifier(
        self, element: Element | None, scheme: str = "schemeID", version: str | None = None
    ) -> Identifier | None:
        """An identifier with its scheme (and scheme version) attributes."""
        if element is None:
            return None
        self.use(element)
        return Identifier(
            element_text(element).strip(),
            self.attribute(element, scheme),
            self.attribute(element, version) if version else None,
        )

    def binary(self, element: Element | None, term: str) -> BinaryObject | None:
        """Base64 content with ``mimeCode`` and ``filename``; malformed content is rejected."""
        if element is None:
            return None
        try:
            content = decode_base64(element_text(element))
        except ValueError as e:
            self.reject(element, term, str(e))
            return None
        self.use(element)
        return BinaryObject(
            content, self.attribute(element, "mimeCode"), self.attribute(element, "filename")
        )

    def read_date(self, element: Element | None, term: str, parse: DateParser) -> date | None:
        """A date parsed by the syntax's ``parse``; a malformed one is rejected."""
        if element is None:
            return None
        try:
            value = parse(element_text(element))
        except ValueError as e:
            self.reject(element, term, str(e))
            return None
        self.use(element)
        return value

    def _parsed(self, element: Element | None, term: str, parse: Callable[[str], _N]) -> _N | None:
        if element is None:
            return None
        try:
            value = parse(element_text(element))
        except ValueError as e:
            self.reject(element, term, str(e))
            return None
        self.use(element)
        return value

    # -- what is left -----------------------------------------------------------------------

    def losses(self) -> tuple[Loss, ...]:
        """Every element and attribute not used, in document order, outermost only."""
        return tuple(self._walk(self.root))

    def _walk(self, element: Element) -> Iterator[Loss]:
        rejected = self._rejected.get(element)
        if rejected is not None:
            yield rejected
            return
        if element not in self._used:
            yield Loss(self.location(element), None, "not carried by the semantic model")
            return
        for name in element.attrib:
            if name.startswith(f"{{{_XSI}}}") or (element, name) in self._used_attributes:
                continue
            yield Loss(
                f"{self.location(element)}/@{self._qualified(name)}",
                None,
                f"attribute value {element.get(name)!r} not carried by the semantic model",
            )
        for child in element:
            if isinstance(child.tag, str):
                yield from self._walk(child)

    # -- locations --------------------------------------------------------------------------

    def location(self, element: Element) -> str:
        """An XPath naming the element, with the usual prefixes and positions where needed."""
        steps = []
        current: Element | None = element
        while current is not None:
            name = self._qualified(str(current.tag))
            parent = current.getparent()
            if parent is not None:
                same = [c for c in parent if c.tag == current.tag]
                if len(same) > 1:
                    name += f"[{same.index(current) + 1}]"
            steps.append(name)
            current = parent
        return "/" + "/".join(reversed(steps))

    def _qualified(self, clark: str) -> str:
        if not clark.startswith("{"):
            return clark
        uri, _, local = clark[1:].partition("}")
        prefix = self._prefix_of.get(uri)
        return f"{prefix}:{local}" if prefix else f"*[local-name()='{local}']"


def element_text(element: Element) -> str:
    """The element's own character content (comments inside it are skipped)."""
    parts = [element.text or ""]
    for child in element:
        if not isinstance(child.tag, str):  # a comment or processing instruction
            parts.append(child.tail or "")
    return "".join(parts)


def decode_base64(text: str) -> bytes:
    """Decode xs:base64Binary (whitespace allowed anywhere); raise :class:`ValueError` if bad."""
    compact = "".join(text.split())
    try:
        return base64.b64decode(compact, validate=True)
    except binascii.Error as e:
        raise ValueError(f"not base64 content: {e}") from e
