"""Line numbers for the XPath locations Schematron reports.

Compiled Schematron names a node by a full path such as
``/*:Invoice[namespace-uri()='urn:...'][1]/*:AccountingSupplierParty[namespace-uri()='...'][1]``.
Walking that path through the lxml tree gives the line, which a person can jump to.
"""

from __future__ import annotations

import re

from lxml import etree

_STEP = re.compile(
    r"/(?:\*:(?P<local>[^\[/]+)\[namespace-uri\(\)='(?P<ns>[^']*)'\]|(?P<plain>[^\[/@*]+))"
    r"\[(?P<index>\d+)\]"
)


def line_of(tree: etree._ElementTree, location: str | None) -> int | None:
    """The source line of the element a location names (an attribute's element), if found."""
    node = element_at(tree, location)
    return node.sourceline if node is not None else None


def element_at(tree: etree._ElementTree, location: str | None) -> etree._Element | None:
    """The element a location names (an attribute's or text's element), if found."""
    if not location or not location.startswith("/"):
        return None
    node: etree._Element | None = None
    position = 0
    while position < len(location):
        step = _STEP.match(location, position)
        if step is None:
            break  # an attribute or text step: the element reached so far is the answer
        local = step.group("local") or step.group("plain")
        namespace = step.group("ns") if step.group("local") else ""
        index = int(step.group("index"))
        tag = f"{{{namespace}}}{local}" if namespace else local
        if node is None:
            root = tree.getroot()
            node = root if root.tag == tag and index == 1 else None
        else:
            matches = [child for child in node if child.tag == tag]
            node = matches[index - 1] if 0 < index <= len(matches) else None
        if node is None:
            return None
        position = step.end()
    return node


_NAMESPACED_STEP = re.compile(r"\*:([^\[/]+)\[namespace-uri\(\)='[^']*'\]")
_ATTRIBUTE_STEP = re.compile(r"@\*\[local-name\(\)='([^']*)' and namespace-uri\(\)='[^']*'\]")


def short_location(location: str) -> str:
    """A location for people: local names only, ``[1]`` left out.

    ``/*:Invoice[namespace-uri()='urn:...'][1]/*:InvoiceLine[namespace-uri()='...'][2]``
    becomes ``/Invoice/InvoiceLine[2]``.
    """
    text = _NAMESPACED_STEP.sub(r"\1", location)
    text = _ATTRIBUTE_STEP.sub(r"@\1", text)
    return text.replace("[1]", "")
