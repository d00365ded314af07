"""A parser of XPath 3.0 expressions into a small syntax tree, for analysing rules (``reads.py``).

It reads what Schematron rules are written in: paths with axes, name and kind tests and
predicates, function calls, variables, the operators, ``if``, ``for``, ``let``, ``some`` and
``every``, ``instance of``, ``treat as``, ``cast(able) as``, ``!`` and ``=>``. What it does not
read (inline functions, function references, dynamic calls, maps and arrays in constructor
syntax, lookups) raises :class:`XPathSyntaxError`; so does anything that is not XPath. A caller
that analyses rules treats such an expression as one it cannot reason about.

Nodes are tuples whose first item says what they are:

- ``("literal", value)``: a string (``value`` without its quotes) or a number (``value`` None);
  ``("context",)`` ``.``; ``("root",)`` a leading ``/``
- ``("var", name)`` a variable reference, the name as written (``prefix:local`` or ``local``)
- ``("step", axis, test)``: ``test`` is ``("name", prefix, local)`` (``*`` for a wildcard part,
  ``prefix`` None without one) or ``("kind", kind, args)`` (``node``, ``text``, ``element``,
  ...; ``args`` the name tests inside the parentheses)
- ``("path", left, right, descendant)``: ``left/right``, or ``left//right`` when ``descendant``
- ``("filter", base, predicate)``; ``("call", name, args)`` (name as written);
  ``("seq", items)`` a parenthesised expression or a comma sequence
- ``("binary", operator, left, right)``; ``("unary", operator, operand)``;
  ``("type", operator, operand)`` for ``instance of``/``treat as``/``castable as``/``cast as``
- ``("if", condition, then, else)``; ``("bind", keyword, ((var, expression), ...), body)`` for
  ``for``, ``let``, ``some`` and ``every``; ``("map", left, right)`` for ``!``
"""

from __future__ import annotations

import re
from typing import Any

from einvoice_cli.errors import EinvoiceError

Node = tuple[Any, ...]


class XPathSyntaxError(EinvoiceError):
    """An expression this parser cannot read (not XPath, or a construct it does not know)."""


_NAME_START = r"A-Za-z_\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD"  # noqa: E501
_NCNAME = rf"[{_NAME_START}][{_NAME_START}\-.0-9\u00B7\u0300-\u036F\u203F-\u2040]*"
_TOKEN = re.compile(
    rf"""
    (?P<space>\s+)
  | (?P<string>"(?:[^"]|"")*"|'(?:[^']|'')*')
  | (?P<number>(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<name>Q\{{[^{{}}]*\}}{_NCNAME}|\*:{_NCNAME}|{_NCNAME}:\*|{_NCNAME}(?::{_NCNAME})?)
  | (?P<op>//|::|:=|\.\.|!=|<=|>=|<<|>>|=>|\|\||[/()\[\],.@$=<>|!+\-*?{{}}#:])
    """,
    re.VERBOSE,
)

AXES = frozenset(
    (
        "ancestor",
        "ancestor-or-self",
        "attribute",
        "child",
        "descendant",
        "descendant-or-self",
        "following",
        "following-sibling",
        "namespace",
        "parent",
        "preceding",
        "preceding-sibling",
        "self",
    )
)
KIND_TESTS = frozenset(
    (
        "node",
        "text",
        "comment",
        "processing-instruction",
        "element",
        "attribute",
        "document-node",
        "schema-element",
        "schema-attribute",
        "namespace-node",
    )
)
_TYPE_ONLY = frozenset(("item", "empty-sequence", "function", "map", "array"))
_COMPARISONS = ("=", "!=", "<", "<=", ">", ">=", "eq", "ne", "lt", "le", "gt", "ge")
_INFIX: dict[str, int] = {
    "or": 10,
    "and": 20,
    **{c: 30 for c in (*_COMPARISONS, "is", "<<", ">>")},
    "||": 35,
    "to": 40,
    "+": 50,
    "-": 50,
    "*": 60,
    "div": 60,
    "idiv": 60,
    "mod": 60,
    "union": 70,
    "|": 70,
    "intersect": 80,
    "except": 80,
    "instance": 90,
    "treat": 91,
    "castable": 92,
    "cast": 93,
    "=>": 95,
    "!": 110,
    "/": 120,
    "//": 120,
    "[": 130,
}
_UNARY = 100


def _tokens(expression: str) -> list[tuple[str, str]]:
    """(kind, text) of each token; comments ``(: ... :)`` (nested) are dropped."""
    found: list[tuple[str, str]] = []
    position = 0
    length = len(expression)
    while position < length:
        if expression.startswith("(:", position):
            depth, position = 1, position + 2
            while depth and position < length:
                if expression.startswith("(:", position):
                    depth, position = depth + 1, position + 2
                elif expression.startswith(":)", position):
                    depth, position = depth - 1, position + 2
                else:
                    position += 1
            if depth:
                raise XPathSyntaxError("an unclosed comment")
            continue
        match = _TOKEN.match(expression, position)
        if match is None:
            raise XPathSyntaxError(f"unexpected {expression[position : position + 10]!r}")
        kind = match.lastgroup or ""
        if kind != "space":
            found.append((kind, match.group()))
        position = match.end()
    return found


def parse(expression: str) -> Node:
    """The syntax tree of an XPath expression (see the module docstring)."""
    parser = _Parser(_tokens(expression))
    tree = parser.expression()
    if parser.peek() is not None:
        raise XPathSyntaxError(f"unexpected {parser.peek()!r} after the expression")
    return tree


def split_name(name: str) -> tuple[str | None, str]:
    """``prefix:local`` as (prefix, local); ``local`` as (None, local); an EQName
    ``Q{uri}local`` as (``{uri}``, local)."""
    if name.startswith("Q{"):
        uri, _, local = name[2:].partition("}")
        return "{" + uri + "}", local
    prefix, colon, local = name.partition(":")
    return (prefix, local) if colon else (None, name)


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self._tokens = tokens
        self._index = 0

    def peek(self, ahead: int = 0) -> tuple[str, str] | None:
        index = self._index + ahead
        return self._tokens[index] if index < len(self._tokens) else None

    def _is(self, text: str, ahead: int = 0) -> bool:
        token = self.peek(ahead)
        return token is not None and token[1] == text and token[0] in ("op", "name")

    def _next(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise XPathSyntaxError("the expression ends too early")
        self._index += 1
        return token

    def _expect(self, text: str) -> None:
        token = self._next()
        if token[1] != text:
            raise XPathSyntaxError(f"expected {text!r}, found {token[1]!r}")

    def expression(self) -> Node:
        """Expr: single expressions separated by commas."""
        items = [self.single()]
        while self._is(","):
            self._next()
            items.append(self.single())
        return items[0] if len(items) == 1 else ("seq", tuple(items))

    def single(self) -> Node:
        """ExprSingle: for, let, some, every, if, or an operator expression."""
        token = self.peek()
        if token is not None and token[0] == "name":
            word = token[1]
            if word in ("for", "let", "some", "every") and self._is("$", 1):
                return self._binding(word)
            if word == "if" and self._is("(", 1):
                self._next()
                self._expect("(")
                condition = self.expression()
                self._expect(")")
                self._expect("then")
                then = self.single()
                self._expect("else")
                return ("if", condition, then, self.single())
        return self._operators(0)

    def _binding(self, keyword: str) -> Node:
        self._next()
        bindings = []
        while True:
            self._expect("$")
            name = self._next()
            if name[0] != "name":
                raise XPathSyntaxError("a variable name is missing")
            self._expect(":=" if keyword == "let" else "in")
            bindings.append((name[1], self.single()))
            if not self._is(","):
                break
            self._next()
        self._expect({"for": "return", "let": "return"}.get(keyword, "satisfies"))
        return ("bind", keyword, tuple(bindings), self.single())

    def _operators(self, bound: int) -> Node:
        left = self._prefix()
        while True:
            token = self.peek()
            if token is None:
                return left
            power = _INFIX.get(token[1]) if token[0] in ("op", "name") else None
            if power is None or power <= bound:
                return left
            left = self._infix(left, token[1], power)

    def _infix(self, left: Node, operator: str, power: int) -> Node:
        self._next()
        if operator == "[":
            predicate = self.expression()
            self._expect("]")
            return ("filter", left, predicate)
        if operator in ("/", "//"):
            return ("path", left, self._operators(power), operator == "//")
        if operator == "!":
            return ("map", left, self._operators(power))
        if operator in ("instance", "treat", "castable", "cast"):
            self._expect("as" if operator != "instance" else "of")
            self._sequence_type()
            return ("type", operator, left)
        if operator == "=>":
            name = self._next()
            if name[0] != "name" or not self._is("("):
                raise XPathSyntaxError("=> needs a function name and arguments")
            return ("call", name[1], (left, *self._arguments()))
        return ("binary", operator, left, self._operators(power))

    def _sequence_type(self) -> None:
        """Skips a sequence type: a name or kind test, then an occurrence indicator."""
        token = self._next()
        if token[0] != "name":
            raise XPathSyntaxError(f"a type is expected, found {token[1]!r}")
        if self._is("("):
            self._skip_parentheses()
        if self.peek() is not None and self.peek() in (("op", "?"), ("op", "*"), ("op", "+")):
            self._next()

    def _skip_parentheses(self) -> None:
        depth = 0
        while True:
            token = self._next()
            if token == ("op", "("):
                depth += 1
            elif token == ("op", ")"):
                depth -= 1
                if depth == 0:
                    return

    def _arguments(self) -> tuple[Node, ...]:
        self._expect("(")
        if self._is(")"):
            self._next()
            return ()
        arguments = [self.single()]
        while self._is(","):
            self._next()
            arguments.append(self.single())
        self._expect(")")
        return tuple(arguments)

    def _starts_step(self) -> bool:
        token = self.peek()
        if token is None:
            return False
        kind, text = token
        return kind in ("name", "string", "number") or text in ("*", "@", ".", "..", "$", "(")

    def _prefix(self) -> Node:
        kind, text = self._next()
        if kind == "number":
            return ("literal", None)
        if kind == "string":
            return ("literal", text[1:-1].replace(text[0] * 2, text[0]))
        if kind == "name":
            return self._named(text)
        if text in ("-", "+"):
            return ("unary", text, self._operators(_UNARY))
        if text == "(":
            if self._is(")"):
                self._next()
                return ("seq", ())
            inner = self.expression()
            self._expect(")")
            return ("seq", (inner,))
        if text == ".":
            return ("context",)
        if text == "..":
            return ("step", "parent", ("kind", "node", ()))
        if text == "$":
            name = self._next()
            if name[0] != "name":
                raise XPathSyntaxError("a variable name is missing")
            return ("var", name[1])
        if text == "@":
            return ("step", "attribute", self._node_test())
        if text == "*":
            return ("step", "child", ("name", "*", "*"))
        if text == "/":
            if self._starts_step():
                return ("path", ("root",), self._operators(_INFIX["/"]), False)
            return ("root",)
        if text == "//":
            return ("path", ("root",), self._operators(_INFIX["//"]), True)
        raise XPathSyntaxError(f"unexpected {text!r}")

    def _named(self, name: str) -> Node:
        if self._is("::"):
            if name not in AXES:
                raise XPathSyntaxError(f"no axis {name!r}")
            self._next()
            return ("step", name, self._node_test())
        if self._is("#"):
            raise XPathSyntaxError("function references are not supported")
        if self._is("("):
            if name in KIND_TESTS:
                test = self._kind_test(name)
                axis = "attribute" if name in ("attribute", "schema-attribute") else "child"
                return ("step", axis, test)
            if name in _TYPE_ONLY or name in ("if", "switch", "typeswitch"):
                raise XPathSyntaxError(f"{name}(...) is not supported")
            return ("call", name, self._arguments())
        return ("step", "child", self._name_test(name))

    def _node_test(self) -> Node:
        kind, text = self._next()
        if text == "*" and kind == "op":
            return ("name", "*", "*")
        if kind != "name":
            raise XPathSyntaxError(f"a node test is expected, found {text!r}")
        if self._is("(") and text in KIND_TESTS:
            return self._kind_test(text)
        return self._name_test(text)

    def _kind_test(self, kind: str) -> Node:
        self._expect("(")
        arguments: list[Node] = []
        while not self._is(")"):
            token = self._next()
            if token[0] == "name" and token[1] not in KIND_TESTS:
                arguments.append(self._name_test(token[1]))
            elif token == ("op", "*"):
                arguments.append(("name", "*", "*"))
            elif token[0] == "name":  # document-node(element(x))
                arguments.append(self._kind_test(token[1]))
                continue
            elif token[0] == "string":  # processing-instruction('name')
                continue
            elif token not in (("op", ","), ("op", "?")):
                raise XPathSyntaxError(f"unexpected {token[1]!r} in {kind}()")
        self._next()
        return ("kind", kind, tuple(arguments))

    @staticmethod
    def _name_test(name: str) -> Node:
        prefix, local = split_name(name)
        return ("name", prefix, local)
