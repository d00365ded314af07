"""The ``xsl:key`` declarations (and their helper functions) that rewrites add to a stylesheet,
and the bracket-aware scanning those rewrites share.

Saxon builds the index of a key once per document, on its first use, and looks values up in
constant time; a rewrite that turns a search repeated for each of many nodes into a key lookup
makes that cost linear (issues 13 and 14: ``ancestors.py``, ``rates.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from einvoice_cli.schematron.optimize.literals import literal_spans

_OPEN = {"(": ")", "[": "]", "{": "}"}
_CLOSE = frozenset(_OPEN.values())


NCNAME = r"[A-Za-z_][\w.\-]*"
"""A name without prefix, as the official rules write them (ASCII only)."""
NAME_TEST = rf"(?:\*|\*:{NCNAME}|{NCNAME}:\*|{NCNAME}(?::{NCNAME})?)"
"""A step's name test: ``*``, ``*:name``, ``prefix:*``, ``name`` or ``prefix:name``."""


@dataclass(frozen=True, slots=True)
class Key:
    """One ``xsl:key``: its name, match pattern and use expression."""

    name: str
    match: str
    use: str


class Keys:
    """The keys and functions one stylesheet's rewrites need, each declared once."""

    def __init__(self, prefix: str) -> None:
        self._prefix = prefix
        self._keys: dict[tuple[str, str], Key] = {}
        self._functions: dict[str, str] = {}

    def key(self, match: str, use: str) -> str:
        """The name of the key with this match pattern and use expression (declared once)."""
        found = self._keys.get((match, use))
        if found is None:
            found = Key(f"{self._prefix}{len(self._keys) + 1}", match, use)
            self._keys[(match, use)] = found
        return found.name

    def function(self, make: Callable[[str], str]) -> str:
        """The name of an ``xsl:function`` that ``make`` writes (XSLT text with the
        stylesheet's prefixes) given its name; one declaration for the same text."""
        name = f"{self._prefix}f{len(self._functions) + 1}"
        text = make(name)
        for known, declared in self._functions.items():
            if declared == make(known):
                return known
        self._functions[name] = text
        return name

    def declared(self) -> tuple[Key, ...]:
        """The keys, in the order they were first asked for."""
        return tuple(self._keys.values())

    def functions(self) -> str:
        """The functions' XSLT text, in the order they were declared."""
        return "\n".join(self._functions.values())


def depths(expression: str) -> list[str] | None:
    """For each character, the brackets open around it (outermost first, as one string of
    ``(``, ``[`` and ``{``); a quote character and the text of a string literal get ``'``.
    None when the brackets do not balance."""
    inside: list[str] = [""] * len(expression)
    for start, end in literal_spans(expression):
        for index in range(start, end):
            inside[index] = "'"
    stack: list[str] = []
    result: list[str] = []
    for index, char in enumerate(expression):
        if inside[index] == "'":
            result.append("'")
            continue
        if char in _CLOSE:
            if not stack or _OPEN[stack[-1]] != char:
                return None
            stack.pop()
            result.append("".join(stack))
            continue
        result.append("".join(stack))
        if char in _OPEN:
            stack.append(char)
    return result if not stack else None


def split_top(expression: str, separator: str) -> list[str] | None:
    """The parts of an expression between the separators that are outside every bracket and
    literal (``separator`` is a word such as ``and`` or a symbol such as ``|``); None when
    the brackets do not balance."""
    levels = depths(expression)
    if levels is None:
        return None
    parts: list[str] = []
    start = 0
    index = 0
    word = separator[0].isalpha()
    while index < len(expression):
        if levels[index] == "" and expression.startswith(separator, index):
            before = expression[index - 1] if index else " "
            after_index = index + len(separator)
            after = expression[after_index] if after_index < len(expression) else " "
            lone = not word or (not _name_char(before) and not _name_char(after))
            if separator == "|" and after == "|":
                lone = False  # the string concatenation operator ``||``
            if separator == "|" and before == "|":
                lone = False
            if lone:
                parts.append(expression[start:index])
                start = index = after_index
                continue
        index += 1
    parts.append(expression[start:])
    return parts


def predicate_list(text: str) -> list[str] | None:
    """The inside of each ``[...]`` of a step's predicate list, or None if it is not one."""
    levels = depths(text)
    if levels is None:
        return None
    parts: list[str] = []
    start = -1
    for index, char in enumerate(text):
        if levels[index] == "" and char == "[":
            start = index + 1
        elif char == "]" and levels[index] == "" and start >= 0:
            parts.append(text[start:index])
            start = -1
        elif levels[index] == "" and start < 0:
            return None  # text between predicates
    return parts


def _name_char(char: str) -> bool:
    return char.isalnum() or char in "_-.:$"
