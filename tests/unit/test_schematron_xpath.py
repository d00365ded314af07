"""The XPath parser the rule analysis reads expressions with (``xpath.py``)."""

from __future__ import annotations

import pytest

from einvoice_cli.schematron.optimize.xpath import XPathSyntaxError, parse, split_name


def _step(name: str, axis: str = "child") -> tuple[object, ...]:
    prefix, local = split_name(name)
    return ("step", axis, ("name", prefix, local))


@pytest.mark.parametrize(
    ("expression", "tree"),
    [
        ("cbc:ID", _step("cbc:ID")),
        ("/", ("root",)),
        ("//cbc:ID", ("path", ("root",), _step("cbc:ID"), True)),
        ("cac:A/cbc:B", ("path", _step("cac:A"), _step("cbc:B"), False)),
        (
            "cac:A/cbc:B[1]",
            ("path", _step("cac:A"), ("filter", _step("cbc:B"), ("literal", None)), False),
        ),
        ("ancestor::cac:A", _step("cac:A", "ancestor")),
        ("@mimeCode", _step("mimeCode", "attribute")),
        ("..", ("step", "parent", ("kind", "node", ()))),
        ("text()", ("step", "child", ("kind", "text", ()))),
        ("*", ("step", "child", ("name", "*", "*"))),
        ("cbc:*", ("step", "child", ("name", "cbc", "*"))),
        ("*:ID", ("step", "child", ("name", "*", "ID"))),
        ("Q{urn:x}ID", ("step", "child", ("name", "{urn:x}", "ID"))),
        ("'it''s'", ("literal", "it's")),
        ('"a""b"', ("literal", 'a"b')),
        ("$x", ("var", "x")),
        (".", ("context",)),
        ("(: a comment (: nested :) :) .", ("context",)),
        ("f(., 1)", ("call", "f", (("context",), ("literal", None)))),
        ("a = 'x'", ("binary", "=", _step("a"), ("literal", "x"))),
        ("a and b or c", ("binary", "or", ("binary", "and", _step("a"), _step("b")), _step("c"))),
        (
            "1 + 2 * 3",
            (
                "binary",
                "+",
                ("literal", None),
                ("binary", "*", ("literal", None), ("literal", None)),
            ),
        ),
        ("-a", ("unary", "-", _step("a"))),
        ("a-b", _step("a-b")),
        ("a | b", ("binary", "|", _step("a"), _step("b"))),
        ("a instance of element()*", ("type", "instance", _step("a"))),
        (". castable as xs:date", ("type", "castable", ("context",))),
        ("if (a) then b else c", ("if", _step("a"), _step("b"), _step("c"))),
        (
            "for $i in a, $j in b return $i",
            ("bind", "for", (("i", _step("a")), ("j", _step("b"))), ("var", "i")),
        ),
        ("some $i in a satisfies $i", ("bind", "some", (("i", _step("a")),), ("var", "i"))),
        ("let $x := a return $x", ("bind", "let", (("x", _step("a")),), ("var", "x"))),
        ("a ! string()", ("map", _step("a"), ("call", "string", ()))),
        ("a => f(1)", ("call", "f", (_step("a"), ("literal", None)))),
        ("(a, b)", ("seq", (("seq", (_step("a"), _step("b"))),))),
        ("()", ("seq", ())),
    ],
)
def test_parses(expression: str, tree: tuple[object, ...]) -> None:
    assert parse(expression) == tree


@pytest.mark.parametrize(
    "expression",
    [
        "",
        "a[",
        "f(",
        "a b",
        "foo::x",
        "'open",
        "(: open",
        "f#1",
        "function($x) { $x }",
        "map { 'a': 1 }",
        "$m?a",
    ],
)
def test_refuses_what_it_does_not_read(expression: str) -> None:
    with pytest.raises(XPathSyntaxError):
        parse(expression)
