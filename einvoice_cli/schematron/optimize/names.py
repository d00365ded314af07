"""Name-suffix tests ``ends-with(name(), 'Amount')`` as ``ends-with(local-name(), 'Amount')``.

CEN's rules pick elements by the end of their name in generic contexts such as
``//ram:*[ends-with(name(), 'TradeTax')]``, which Saxon tests on every element of a document.
``name()`` builds the prefixed name anew each time; ``local-name()`` does not, and CEN's CII
rules run about 10% faster with it.

The result is the same whenever the suffix holds no colon: ``name()`` is the local name, or a
prefix, a colon and the local name. A suffix no longer than the local name compares with the end
of the local name in both; a longer one would have to contain the colon (or more than the name)
to match ``name()``, and never matches the local name. Only ``name()`` and ``name(.)`` are
taken, outside string literals.
"""

from __future__ import annotations

import re

from einvoice_cli.schematron.optimize.literals import inside_literal, literal_spans

_SPACE = r"[ \t\r\n]*"
_ENDS_WITH_NAME = re.compile(
    rf"(?<![\w.:\-])ends-with\({_SPACE}name\({_SPACE}(\.?){_SPACE}\)"
    rf"({_SPACE},{_SPACE}'[^':]*'{_SPACE}\))"
)


def local_name_suffixes(expression: str) -> str:
    """The expression with each ``ends-with(name(), 'suffix')`` on the local name instead."""
    spans = literal_spans(expression)

    def local(match: re.Match[str]) -> str:
        if inside_literal(spans, match.start()):
            return match.group(0)
        return f"ends-with(local-name({match.group(1)}){match.group(2)}"

    return _ENDS_WITH_NAME.sub(local, expression)
