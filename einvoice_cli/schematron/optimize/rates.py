"""Sums per VAT rate looked up in a key instead of searched for each VAT breakdown.

BR-S-08 (and BR-AF-08, BR-AG-08 for IGIC and IPSI) checks each VAT breakdown against the sum of
the lines and document-level allowances and charges of its category and rate, written as
``../../../cac:InvoiceLine[...category 'S'...][cac:Item/cac:ClassifiedTaxCategory/
xs:decimal(cbc:Percent) = $rate]``: every breakdown walks every line, the product of the two
counts (issue 14 item 3). This rewrite turns such a filter into

    (if ($rate instance of xs:decimal)
     then key('evsch:kN', $rate) | key('evsch:kN', 'odd') else PATH)[P1]...[Pn]

with ``<xsl:key name="evsch:kN" match="PATH as a pattern" use="evsch:kN(.)"/>``, where the
function gives, for one node of ``PATH``, the decimal values its rate comparison reads when all
its other conditions hold, nothing when one of them is false, and ``'odd'`` when anything is
unusual: a condition or the value raises an error, a value is not an ``xs:decimal``.

Why the result is the same: the predicates stay as written, applied to a subsequence of
``PATH`` in document order; they are non-positional (each is a comparison, ``and`` or ``or``,
so a boolean), so dropping a node from the sequence changes nothing for the others. A node is
dropped only when evaluating its conditions and values raised no error and the comparison
``VALUES = $rate`` (general comparison of decimals: some value equal to the rate) or another
condition is false; that is the key's answer, as keys compare decimals by value (``7``,
``7.0`` and ``7.00`` alike). Odd nodes go through the predicates as before, errors included.
When ``$rate`` is not a single decimal the original path is used.

``PATH`` must be a path of element name steps from the document (``/``, ``//``) or from the
rule context's ancestors (``../../..``) where the rule context is an absolute path that makes
that ancestor the document element or the document, so it can be written as a pattern.
"""

from __future__ import annotations

import re

from einvoice_cli.schematron.optimize.keys import (
    NAME_TEST,
    NCNAME,
    Keys,
    depths,
    predicate_list,
    split_top,
)

_RATE = re.compile(rf"(?<![!<>:])=[ \t\r\n]*\$(?P<var>{NCNAME}(?::{NCNAME})?)(?![\w.\-:])")
_PATH = re.compile(
    rf"(?P<anchor>//|/|(?:\.\.(?:/\.\.)*)/)(?P<rest>{NAME_TEST}(?:(?://|/){NAME_TEST})*)[ \t\r\n]*$"
)
"""A path of name steps that ends where the predicates start, with its anchor."""
_CONTEXT_STEP = re.compile(rf"[ \t\r\n]*{NAME_TEST}(?:\[.*\])?[ \t\r\n]*", re.DOTALL)
_COMPARISON = re.compile(r"!=|<=|>=|=|<|>|\b(?:eq|ne|lt|le|gt|ge|and|or)\b")
_UNSAFE = re.compile(
    r"\$|current\(\)|position\(\)|last\(\)|\b(?:if|for|let|some|every|return|satisfies)\b"
)
"""What makes a condition depend on more than its node, or not a plain boolean."""
_STEP_OPERAND = re.compile(r"[/!][ \t\r\n]*\(|!")


def rewrite_rates(expression: str, context: str, keys: Keys) -> str:
    """The expression with each recognised per-rate filter as a key lookup."""
    for _ in range(64):  # one filter at a time; the rule sets hold at most a dozen per test
        rewritten = _rewrite_one(expression, context, keys)
        if rewritten is None:
            return expression
        expression = rewritten
    return expression


def _rewrite_one(expression: str, context: str, keys: Keys) -> str | None:
    levels = depths(expression)
    if levels is None or "function" in expression:
        return None
    for match in _RATE.finditer(expression):
        if levels[match.start()].endswith("'") or not levels[match.start()].endswith("["):
            continue
        if not _decimal_binding(expression, match.group("var")):
            continue  # a lookup that would never be taken: leave the filter as written
        found = _filter(expression, levels, match.start())
        if found is None:
            continue
        start, first, end = found
        rewritten = _rewritten(expression, levels, (start, first, end), match, context, keys)
        if rewritten is not None:
            return rewritten
    return None


def _filter(expression: str, levels: list[str], inside: int) -> tuple[int, int, int] | None:
    """(start of the path, its first ``[``, end of its last predicate) around a position."""
    depth = levels[inside]
    opening = max(i for i in range(inside) if expression[i] == "[" and levels[i] == depth[:-1])
    # Back over the predicates before this one, to the path.
    first = opening
    while first > 0:
        before = first - 1
        if expression[before] == "]" and levels[before] == depth[:-1]:
            first = max(
                i for i in range(before) if expression[i] == "[" and levels[i] == depth[:-1]
            )
            continue
        break
    end = opening
    while end < len(expression) and not (
        expression[end] == "]" and levels[end] == depth[:-1] and end > opening
    ):
        end += 1
    while end + 1 < len(expression) and expression[end + 1] == "[":
        close = end + 2
        while not (expression[close] == "]" and levels[close] == depth[:-1]):
            close += 1
        end = close
    path = _PATH.search(expression, 0, first)
    if path is None:
        return None
    start = path.start()
    left = expression[:start].rstrip()
    if left and (left[-1] in "/!])@$.:" or left[-1].isalnum() or left[-1] == "_"):
        return None  # the path continues to the left: not one this rewrite knows
    return start, first, end + 1


def _rewritten(
    expression: str,
    levels: list[str],
    span: tuple[int, int, int],
    rate: re.Match[str],
    context: str,
    keys: Keys,
) -> str | None:
    start, first, end = span
    path = _PATH.search(expression, start, first)
    assert path is not None
    pattern = _pattern(path.group("anchor"), path.group("rest"), context)
    if pattern is None:
        return None
    if path.group("anchor").startswith("..") and levels[start] != levels[start].replace("[", ""):
        return None  # relative to another node than the rule's context
    predicates = predicate_list(expression[first:end])
    if predicates is None:
        return None
    conditions: list[str] = []
    values: str | None = None
    for predicate in predicates:
        conjuncts = split_top(predicate, "and") or [predicate]
        if f"${rate.group('var')}" not in predicate:
            conditions.append(predicate)
            continue
        for conjunct in conjuncts:
            compared = _RATE.search(conjunct)
            if compared is None or compared.group("var") != rate.group("var"):
                conditions.append(conjunct)
            elif values is None and conjunct[compared.end() :].strip() == "":
                values = conjunct[: compared.start()]
            else:
                return None
    if values is None or _UNSAFE.search(values):
        return None
    for condition in conditions:
        if _UNSAFE.search(condition) or not _boolean(condition):
            return None
    if path.group("anchor").startswith("..") and _STEP_OPERAND.search(expression):
        return None  # ``x/(...)`` or ``x ! ...`` could make another node the context
    name = keys.function(lambda name: _function(name, values, conditions))
    key = keys.key(pattern, f"{name}(.)")
    variable = f"${rate.group('var')}"
    lookup = (
        f"(if ({variable} instance of xs:decimal) then "
        f"key('{key}', {variable}) | key('{key}', 'odd') "
        f"else {expression[start:first].strip()})"
    )
    return expression[:start] + lookup + expression[first:]


def _decimal_binding(expression: str, variable: str) -> bool:
    """Whether ``every``, ``some`` or ``for`` binds the variable to decimals (``xs:decimal``
    ends its range), as the rate of each VAT breakdown is bound."""
    binding = re.compile(
        rf"\b(?:every|some|for)[ \t\r\n]+\${re.escape(variable)}[ \t\r\n]+in[ \t\r\n]"
        r"[^$]*?xs:decimal\([^$]*?\)[ \t\r\n]+(?:satisfies|return)\b"
    )
    return binding.search(expression) is not None


def _function(name: str, values: str, conditions: list[str]) -> str:
    holds = " and ".join(f"boolean({c})" for c in conditions) or "true()"
    return (
        f'<xsl:function name="{name}" as="item()*">'
        '<xsl:param name="node" as="node()"/>'
        f'<xsl:try select="$node ! (let $values := data({_attribute(values)}) return '
        "if (some $value in $values satisfies not($value instance of xs:decimal)) then 'odd' "
        f'else if ({_attribute(holds)}) then distinct-values($values) else ())">'
        "<xsl:catch select=\"'odd'\"/></xsl:try></xsl:function>"
    )


def _attribute(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _pattern(anchor: str, rest: str, context: str) -> str | None:
    """The path as an XSLT pattern, if the rule context fixes where ``..`` steps lead."""
    if anchor in ("/", "//"):
        return anchor + rest
    up = anchor.count("..")
    branches = split_top(context, "|")
    if branches is None or len(branches) != 1 or not context.strip().startswith("/"):
        return None
    steps = context.strip()[1:]
    levels = depths(steps)
    if levels is None:
        return None
    cuts = [i for i, char in enumerate(steps) if char == "/" and levels[i] == ""]
    parts = [steps[a + 1 : b] for a, b in zip([-1, *cuts], [*cuts, len(steps)], strict=True)]
    if any(not _CONTEXT_STEP.fullmatch(part) for part in parts):
        return None  # ``//``, an axis, a function step: the depth is not fixed
    if up == len(parts):
        return "/" + rest
    if up == len(parts) - 1:
        return "/*/" + rest
    return None


def _boolean(condition: str) -> bool:
    """Whether a condition is a comparison, ``and`` or ``or`` at its top level (so a boolean,
    never a position), and not a sequence."""
    levels = depths(condition)
    if levels is None:
        return False
    top = "".join(char if levels[i] == "" else " " for i, char in enumerate(condition))
    if "," in top:
        return False
    stripped = top.replace("=>", "  ")
    return _COMPARISON.search(stripped) is not None
