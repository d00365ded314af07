"""Where the string literals of an XPath expression are, so rewrites leave their text alone."""

from __future__ import annotations


def literal_spans(expression: str) -> list[tuple[int, int]]:
    """(start, end) of each string literal, quotes included, in order.

    A literal opens with ``'`` or ``"`` and closes at the next lone quote of the same kind (a
    doubled quote is one quote character inside it). An unclosed literal runs to the end.
    """
    spans: list[tuple[int, int]] = []
    index = 0
    length = len(expression)
    while index < length:
        quote = expression[index]
        if quote not in "'\"":
            index += 1
            continue
        end = index + 1
        while end < length:
            if expression[end] == quote:
                if end + 1 < length and expression[end + 1] == quote:
                    end += 2
                    continue
                break
            end += 1
        spans.append((index, min(end + 1, length)))
        index = end + 1
    return spans


def inside_literal(spans: list[tuple[int, int]], position: int) -> bool:
    """Whether ``position`` falls within one of the literals ``literal_spans`` found."""
    return any(start <= position < end for start, end in spans)
