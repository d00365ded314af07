"""The long-text policy: which texts of a document Saxon's copy may shorten or mark.

What text a compiled schema may read (``schematron/optimize/atomize.py`` finds it out):

A :class:`Reads` is written into each stylesheet the Schematron compiler writes, as a data
element Saxon ignores (:data:`ELEMENT`), and read back when the engine compiles the stylesheet
(:func:`reads_of_stylesheet`), so a process that finds its stylesheets in the cache need not
analyse anything. The pipeline shortens a long text in Saxon's copy of a document only when no
stylesheet the document goes through may read it (``xml/saxon.py``).

Marks: ``schematron/optimize/nonblank.py`` explains why a long leaf text that is not blank may
carry a processing instruction in Saxon's copy; the names and the choice of leaves that both the
compiler and ``xml/saxon.py`` need are here (:func:`long_texts`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

PARAMETER = "evsch:nonblank"
"""The stylesheet parameter with the marker's name (prefix ``evsch``, the compiler's own)."""
PARAMETER_CLARK = "{urn:x-einvoice-cli:schematron}nonblank"
"""The same name as SaxonC takes it when the parameter is set."""
USE = f"[name() eq ${PARAMETER}]"
"""Text only a blank test that skips marked texts has."""
LONG_TEXT = 1024
"""Characters from which a leaf's text is marked: shorter texts are read as fast as a mark."""

SHORTENED = 16
"""Characters a long text no stylesheet may read keeps in Saxon's copy of a document."""

_NOT_BLANK = re.compile(r"[^ \t\r\n]")


ELEMENT = "evsch:reads"
"""The stylesheet's data element (``evsch`` is the compiler's own namespace) that lists the
names whose text it may read."""
EVERYTHING = "#all"
"""The data element's text for a schema that may read any text."""

Pattern = tuple[str | None, str | None]
"""An element name a node may have: (namespace, local name), ``None`` for any; a local name
``*S`` stands for the names that end with ``S``."""
ANY: Pattern = (None, None)


@dataclass(frozen=True, slots=True)
class Reads:
    """The element names whose string value (and so every text below them) a schema may read;
    ``None``: any text."""

    names: frozenset[Pattern] | None

    @property
    def everything(self) -> bool:
        """Whether the schema may read any text."""
        return self.names is None

    def text(self) -> str:
        """The data element's text (:func:`parse_reads` reads it back)."""
        if self.names is None:
            return EVERYTHING
        return " ".join(sorted(_pattern_text(p) for p in self.names))

    def covers(self, element: etree._Element) -> bool:
        """Whether the rules may read the text of ``element``: its name or an ancestor's is
        one they read."""
        names = self.names
        if names is None or ANY in names:
            return True
        node: etree._Element | None = element
        while node is not None:
            name = etree.QName(node)
            namespace = name.namespace or ""
            if any(_matches(pattern, namespace, name.localname) for pattern in names):
                return True
            node = node.getparent()
        return False

    def __or__(self, other: Reads) -> Reads:
        if self.names is None or other.names is None:
            return Reads(None)
        return Reads(self.names | other.names)


ALL_TEXT = Reads(None)
NO_TEXT = Reads(frozenset())


def _pattern_text(pattern: Pattern) -> str:
    namespace, local = pattern
    if namespace is None:
        return "*" if local is None else f"*:{local}"
    return f"Q{{{namespace}}}{local or '*'}"


_PATTERN = re.compile(r"Q\{([^{}]*)\}(\S+)|\*:(\S+)|(\*)")


def parse_reads(text: str) -> Reads:
    """A :class:`Reads` from the data element's text (what :meth:`Reads.text` wrote)."""
    if text.strip() == EVERYTHING:
        return ALL_TEXT
    names: set[Pattern] = set()
    for part in text.split():
        match = _PATTERN.fullmatch(part)
        if match is None:
            return ALL_TEXT
        namespace, local, any_namespace, wildcard = match.groups()
        if wildcard:
            names.add(ANY)
        elif any_namespace:
            names.add((None, any_namespace))
        else:
            names.add((namespace, None if local == "*" else local))
    return Reads(frozenset(names))


_DATA_ELEMENT = re.compile(r"<evsch:reads(?:\s[^>]*)?>([^<]*)</evsch:reads>|<evsch:reads\s*/>")


def reads_of_stylesheet(xslt_text: str) -> Reads:
    """What a stylesheet our compiler wrote says it reads; everything when it says nothing."""
    match = _DATA_ELEMENT.search(xslt_text)
    if match is None:
        return ALL_TEXT
    return parse_reads(match.group(1) or "")


def _matches(pattern: Pattern, namespace: str, local: str) -> bool:
    want_namespace, want_local = pattern
    if want_namespace is not None and want_namespace != namespace:
        return False
    if want_local is None:
        return True
    if want_local.startswith("*"):
        return local.endswith(want_local[1:])
    return want_local == local


def long_texts(tree: etree._ElementTree) -> list[etree._Element]:
    """The leaves (elements with no element child) whose text before any comment or processing
    instruction is at least :data:`LONG_TEXT` characters and not blank, in document order.

    Marking only some leaves with a long text that is not blank is as exact as marking all:
    a leaf not marked has its text read, as without marks. This is the cheap test (0.1 ms for
    an average invoice against 0.5 ms for one that joins a leaf's text around comments)."""
    found = []
    for element in tree.getroot().iter(tag=etree.Element):
        text = element.text
        if (
            text is not None
            and len(text) >= LONG_TEXT
            and _NOT_BLANK.search(text) is not None
            and not any(isinstance(child.tag, str) for child in element)
        ):
            found.append(element)
    return found
