"""A rule message as a report shows it: as the official rules word it, but for a regular
expression some XRechnung messages quote (BR-DE-18's about 100 characters of ``(^|\\r?\\n)#...``),
which only ``--verbose`` shows; the rest of the message says in words what it requires. The
same holds for the list of known specification ids (some 700 characters) after a document no
scenario takes: the message says what the document is; ``--verbose`` lists the ids."""

from __future__ import annotations

import re

from einvoice_cli.validation.scenario_words import SCENARIO_WORDS

_REGEX = re.compile(r"\(\^\|\S*?\$(?=[.,;]?(?:\s|$))")
"""A quoted pattern: from ``(^|`` to the ``$`` that ends it."""


_KNOWN_IDS = re.compile(
    "(" + "|".join(re.escape(words.known_ids) for words in SCENARIO_WORDS.values()) + ").+$"
)
"""The list of known specification ids that ends a SCENARIO-UNKNOWN-SPECIFICATION message."""


def shown_message(message: str, *, verbose: bool, hidden: str) -> str:
    """``message`` with any quoted regular expression replaced by ``hidden`` (a pointer to
    ``--verbose`` in the report's language) and a list of known specification ids cut short,
    unless ``verbose``."""
    if verbose:
        return message
    return _KNOWN_IDS.sub(r"\1… (--verbose)", _REGEX.sub(hidden, message))
