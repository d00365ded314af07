"""The one hardened XML parser: untrusted bytes in, an lxml tree out, or a clear error.

Documents are untrusted. They are parsed once, here, by lxml with DTD loading, entity
resolution and network access off, ``huge_tree`` off and a size limit checked before parsing.
libxml2 without ``huge_tree`` also refuses a text node over 10 MB, which a valid invoice with
one attachment of more than about 7.5 MiB has (base64): such a document, and only such a one,
is parsed again with ``huge_tree``, after making sure that our own limits hold without
libxml2's: the size limit, no DOCTYPE anywhere in the bytes (so no entity can be declared, let
alone expanded) and no element nested deeper than :data:`MAX_DEPTH`.
A document that carries a document type declaration is refused, as the official validator's
parser does (KoSIT ``impl/xml/ProcessorProvider.java`` sets ``disallow-doctype-decl``), so
neither an external entity nor an entity bomb is ever expanded. Handing the tree to Saxon is
``xml/saxon.py``'s job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from einvoice_cli.errors import (
    EmptyInput,
    EncodingProblem,
    ForbiddenDoctype,
    InputTooLarge,
    NotWellFormed,
)

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
"""Default size limit: OZG-RE accepts invoices up to 15 MB with their attachments, and base64
embedding grows binary attachments by a third; 64 MiB leaves ample room."""


MAX_DEPTH = 256
"""Elements nested deeper than this are refused (libxml2's own limit without ``huge_tree``)."""


@dataclass(frozen=True, slots=True)
class ParseSettings:
    """Limits for parsing untrusted documents."""

    max_bytes: int = DEFAULT_MAX_BYTES
    """Documents larger than this are refused before parsing."""


def _parser(*, huge_tree: bool = False) -> etree.XMLParser:
    # A fresh parser per call: lxml parsers keep an error log and are not re-entrant.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=huge_tree,
        remove_comments=False,
        collect_ids=False,
    )


def parse_xml(data: bytes, name: str, settings: ParseSettings) -> etree._ElementTree:
    """Parse untrusted bytes into an lxml tree, or raise :class:`InputError` saying why not."""
    if len(data) > settings.max_bytes:
        raise InputTooLarge(
            f"{name}: {len(data):,} bytes is over the size limit of {settings.max_bytes:,} bytes",
            limit=settings.max_bytes,
        )
    if not data.strip():
        raise EmptyInput(f"{name}: the file is empty")
    if _declares_doctype(data):
        raise ForbiddenDoctype(_DOCTYPE_REFUSED.format(name=name))
    try:
        tree = etree.ElementTree(etree.fromstring(data, _parser()))
    except etree.XMLSyntaxError as e:
        message = one_line(str(e))
        if _TOO_DEEP in message:
            raise NotWellFormed(_DEPTH_REFUSED.format(name=name)) from e
        if _HUGE_HINT in message:
            tree = _parse_huge(data, name)
        elif _ENCODING_PROBLEM.search(message):
            raise EncodingProblem(f"{name}: not in the encoding it declares: {message}") from e
        else:
            raise NotWellFormed(f"{name}: not well-formed XML: {message}") from e
    except ValueError as e:  # e.g. a str with an encoding declaration; not reachable for bytes
        raise NotWellFormed(f"{name}: cannot be parsed as XML: {one_line(str(e))}") from e
    docinfo = tree.docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise ForbiddenDoctype(_DOCTYPE_REFUSED.format(name=name))
    return tree


def _parse_huge(data: bytes, name: str) -> etree._ElementTree:
    """Parse a document that holds a text too long for libxml2's default limits, keeping
    ours: no DOCTYPE in any encoding libxml2 detects by itself, and the depth limit."""
    if any(marker in data for marker in _DOCTYPE_MARKERS):
        raise ForbiddenDoctype(_DOCTYPE_REFUSED.format(name=name))
    try:
        tree = etree.ElementTree(etree.fromstring(data, _parser(huge_tree=True)))
    except etree.XMLSyntaxError as e:
        raise NotWellFormed(f"{name}: not well-formed XML: {one_line(str(e))}") from e
    if _DEEPER_THAN_LIMIT(tree):
        raise NotWellFormed(_DEPTH_REFUSED.format(name=name))
    return tree


_HUGE_HINT = "XML_PARSE_HUGE"
"""In libxml2's message for each limit that ``huge_tree`` lifts."""
_TOO_DEEP = "Excessive depth in document"
_DEPTH_REFUSED = f"{{name}}: elements are nested deeper than {MAX_DEPTH} levels"
_DOCTYPE_MARKERS = tuple(
    {
        "<!DOCTYPE".encode(codec)
        for codec in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "cp037", "cp500")
    }
)
# Whether some element sits below MAX_DEPTH others: one XPath step per level, in C.
_DEEPER_THAN_LIMIT = etree.XPath("boolean(" + "/*" * (MAX_DEPTH + 1) + ")")
_ENCODING_PROBLEM = re.compile(
    r"not proper UTF-8|[Ee]ncoding error|Unsupported encoding|Invalid bytes in character encoding"
    r"|Document labelled UTF-16 but has UTF-8|Input is not proper"
)
"""libxml2's words for bytes that do not match the declared (or default UTF-8) encoding."""

_DOCTYPE_REFUSED = "{name}: document type declarations (<!DOCTYPE ...>) are not allowed in invoices"

# The prolog: an optional BOM, XML declaration, comments, processing instructions, whitespace.
_PROLOG_ITEM = re.compile(rb"\s+|<\?.*?\?>|<!--.*?-->", re.DOTALL)
_PROLOG_SCAN_BYTES = 1 << 16


def _declares_doctype(data: bytes) -> bool:
    """Whether the prolog holds a DOCTYPE, found before libxml2 looks at any entity in it.

    libxml2 refuses an entity bomb by itself, but with a message about amplification factors;
    the official validator refuses every DOCTYPE, and so do we, with one clear message.
    """
    head = data[:_PROLOG_SCAN_BYTES]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    head = head.removeprefix(b"\xef\xbb\xbf")
    position = 0
    while match := _PROLOG_ITEM.match(head, position):
        position = match.end()
    return head.startswith(b"<!DOCTYPE", position)


def one_line(text: str) -> str:
    """A library's message on one line: every run of whitespace becomes one space, and the
    position lxml appends a second time (``(<string>, line 3)``) is left out."""
    return _REPEATED_POSITION.sub("", re.sub(r"\s+", " ", text).strip())


_REPEATED_POSITION = re.compile(r"\s*\(<string>, line \d+\)$")
