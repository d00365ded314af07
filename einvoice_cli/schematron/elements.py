"""Schematron's elements by tag, and edits of an lxml tree that keep its layout.

The merge (``merge.py``) moves elements between two Schematron schemas; these helpers insert and
remove them so that each stays on its own line at its neighbours' indentation, which keeps the
merged schema readable and comparable with the one KoSIT's build writes.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence

from lxml import etree

from einvoice_cli.errors import SchematronCompileError

SCH_NS = "http://purl.oclc.org/dsdl/schematron"
XSL_NS = "http://www.w3.org/1999/XSL/Transform"

SCHEMA = f"{{{SCH_NS}}}schema"
TITLE = f"{{{SCH_NS}}}title"
NS = f"{{{SCH_NS}}}ns"
LET = f"{{{SCH_NS}}}let"
PHASE = f"{{{SCH_NS}}}phase"
ACTIVE = f"{{{SCH_NS}}}active"
INCLUDE = f"{{{SCH_NS}}}include"
PATTERN = f"{{{SCH_NS}}}pattern"
RULE = f"{{{SCH_NS}}}rule"
ASSERT = f"{{{SCH_NS}}}assert"
REPORT = f"{{{SCH_NS}}}report"
EXTENDS = f"{{{SCH_NS}}}extends"
XSL_FUNCTION = f"{{{XSL_NS}}}function"
XSL_STYLESHEET = f"{{{XSL_NS}}}stylesheet"


def sch(local: str) -> str:
    """The Clark name of a Schematron element."""
    return f"{{{SCH_NS}}}{local}"


def children(element: etree._Element) -> list[etree._Element]:
    """The child elements (no comments or processing instructions)."""
    return [child for child in element if isinstance(child.tag, str)]


def namespace_of(element: etree._Element) -> str | None:
    """The element's namespace URI."""
    return etree.QName(element).namespace


def single(elements: Sequence[etree._Element], what: str) -> etree._Element:
    """The only element of ``elements``; :class:`SchematronCompileError` if not exactly one."""
    if len(elements) != 1:
        raise SchematronCompileError(f"expected exactly one {what}, found {len(elements)}")
    return elements[0]


def copy_element(element: etree._Element) -> etree._Element:
    """A deep copy without the source's tail text; in-scope namespaces come along."""
    copied = copy.deepcopy(element)
    copied.tail = None
    return copied


def insert_after(anchor: etree._Element, elements: Sequence[etree._Element]) -> None:
    """Insert ``elements`` after ``anchor``, each on its own line at the anchor's indentation."""
    indent = _indentation(anchor.tail)
    for element in reversed(elements):
        element.tail = anchor.tail
        anchor.tail = indent
        anchor.addnext(element)


def insert_before(anchor: etree._Element, elements: Sequence[etree._Element]) -> None:
    """Insert ``elements`` before ``anchor``, each on its own line at the anchor's indentation."""
    indent = _indentation(anchor.tail)
    for element in elements:
        element.tail = indent
        anchor.addprevious(element)


def remove(element: etree._Element) -> None:
    """Remove ``element``, leaving the whitespace that followed it to its predecessor."""
    parent = element.getparent()
    if parent is None:
        return
    previous = element.getprevious()
    if previous is not None:
        previous.tail = element.tail
    else:
        parent.text = element.tail
    parent.remove(element)


def _indentation(tail: str | None) -> str:
    """A line break and the indentation of the next line, from the whitespace after an element."""
    if not tail or "\n" not in tail:
        return "\n"
    return "\n" + tail.rsplit("\n", 1)[1]
