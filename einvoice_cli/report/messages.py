"""A rule message as a report shows it: as the official rules word it, but for a regular
expression some XRechnung messages quote (BR-DE-18's about 100 characters of ``(^|\\r?\\n)#...``),
which only ``--verbose`` shows; the rest of the message says in words what it requires."""

from __future__ import annotations

import re

_REGEX = re.compile(r"\(\^\|\S*?\$(?=[.,;]?(?:\s|$))")
"""A quoted pattern: from ``(^|`` to the ``$`` that ends it."""


def shown_message(message: str, *, verbose: bool, hidden: str) -> str:
    """``message`` with any quoted regular expression replaced by ``hidden`` (a pointer to
    ``--verbose`` in the report's language), unless ``verbose``."""
    return message if verbose else _REGEX.sub(hidden, message)
