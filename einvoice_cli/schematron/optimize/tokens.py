"""Code-list tests of the form ``contains(' A B C ', concat(' ', X, ' '))`` as a map lookup.

The official rule sets check a code against its list with a string search: CEN's UBL and CII
rules hold about twenty of them, the longest (UN/ECE Recommendation 20 units) about 2,000 codes.
Saxon searches the string for every code it checks, which was a fifth of the time CEN's UBL
rules take per document. ``compile.py`` passes every XPath expression it writes through
:meth:`TokenLists.rewrite`, which turns each such test into a lookup in a map built once when
Saxon compiles the stylesheet (a static variable).

The rewrite keeps the result exactly. With the list written as ``' t1 t2 ... tn '`` (one space
before, between and after tokens that hold no space) and ``$v`` the string of ``X``:

- if ``$v`` holds no space, ``' $v '`` occurs in the list just where a whole token equals
  ``$v``: the match starts and ends at spaces with none between. That is the map lookup;
  ``$v = ''`` is not in the map, as ``'  '`` is not in the list;
- if ``$v`` holds a space (``'A B'`` is in ``' A B C '``), the original search runs.

``concat`` and ``string`` turn ``X`` into the same string (an empty sequence gives ``''``).
Lists in any other shape, a ``contains`` this module does not recognise, and text inside a
string literal stay as written.
"""

from __future__ import annotations

import re

from einvoice_cli.schematron.optimize.literals import inside_literal, literal_spans

_MAP_CONTAINS = "Q{http://www.w3.org/2005/xpath-functions/map}contains"
_MAP_MERGE = "Q{http://www.w3.org/2005/xpath-functions/map}merge"
_START = re.compile(
    r"(?<![\w.:\-])contains\([ \t\r\n]*'( (?:[^' ]+ )+)'[ \t\r\n]*,"
    r"[ \t\r\n]*concat\([ \t\r\n]*' '[ \t\r\n]*,"
)
"""``contains(`` a list literal, ``concat(' ',`` up to the operand."""
_END = re.compile(r"[ \t\r\n]*,[ \t\r\n]*' '[ \t\r\n]*\)[ \t\r\n]*\)")
"""After the operand: ``, ' ')`` closing ``concat``, then ``)`` closing ``contains``."""
_OPENING = frozenset("([{")
_CLOSING = frozenset(")]}")


class TokenLists:
    """The lists one stylesheet looks codes up in, each declared once as a static variable."""

    def __init__(self, prefix: str) -> None:
        self._prefix = prefix
        self._names: dict[str, str] = {}

    def rewrite(self, expression: str) -> str:
        """The expression with every recognised list test as a lookup (nested ones too)."""
        parts: list[str] = []
        position = 0
        spans = literal_spans(expression)
        for match in _START.finditer(expression):
            if match.start() < position or inside_literal(spans, match.start()):
                continue  # inside an operand already rewritten, or text in a string literal
            end = _operand_end(expression, match.end())
            tail = _END.match(expression, end) if end is not None else None
            if tail is None:
                continue
            operand = self.rewrite(expression[match.end() : end])
            parts.append(expression[position : match.start()])
            parts.append(self._lookup(match.group(1), operand))
            position = tail.end()
        parts.append(expression[position:])
        return "".join(parts)

    def declarations(self) -> list[tuple[str, str]]:
        """(variable name, ``select``) of each list's map, in the order first used.

        The map is built from the list's text by ``tokenize``: Saxon compiles that faster than
        a map constructor with one entry per code (0.13 s less for CEN's UBL rules)."""
        return [
            (
                name,
                f"{_MAP_MERGE}(for $token in tokenize('{literal.strip(' ')}', ' ')"
                " return map{$token: ()})",
            )
            for literal, name in self._names.items()
        ]

    def _lookup(self, literal: str, operand: str) -> str:
        name = self._names.setdefault(literal, f"{self._prefix}{len(self._names) + 1}")
        value = f"${self._prefix}value"
        return (
            f"(let {value} := string({operand}) return if (contains({value}, ' '))"
            f" then contains('{literal}', concat(' ', {value}, ' '))"
            f" else {_MAP_CONTAINS}(${name}, {value}))"
        )


def _operand_end(expression: str, start: int) -> int | None:
    """Index of the comma that ends the operand starting at ``start`` (brackets and string
    literals skipped), or None when a bracket closes first or the text ends."""
    depth = 0
    quote = ""
    for index in range(start, len(expression)):
        char = expression[index]
        if quote:
            if char == quote:
                quote = ""  # a doubled quote reopens at once: the same literal goes on
        elif char in "'\"":
            quote = char
        elif char in _OPENING:
            depth += 1
        elif char in _CLOSING:
            if depth == 0:
                return None
            depth -= 1
        elif char == "," and depth == 0:
            return index
    return None
