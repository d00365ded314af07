"""Read the list of documents an HTML report carries (``report/html_index.py``) back into rows,
as the page's script resolves them, so tests can assert what the list shows."""

from __future__ import annotations

import base64
import json
import zlib
from dataclasses import dataclass

from lxml import html


@dataclass(frozen=True, slots=True)
class IndexRow:
    """One document of the list."""

    href: str
    path: str
    verdict: str
    scenario: str | None
    reason: str | None
    container: str
    errors: int
    warnings: int
    information: int
    first: tuple[str, str | None, str] | None
    """(severity, rule or None, message) of the first error, else the first warning."""
    rules: tuple[str, ...]
    other_rules: tuple[str, ...]
    terms: tuple[str, ...]
    messages: tuple[str, ...]


def index_data(page: html.HtmlElement) -> dict[str, object]:
    """The JSON block of the list."""
    block = page.get_element_by_id("index-data")
    assert block.tag == "script" and block.get("type") == "application/json"
    data: dict[str, object] = json.loads(block.text or "")
    return data


def index_rows(page: html.HtmlElement) -> list[IndexRow]:
    """The rows of the list, in input order."""
    data = index_data(page)
    strings = data["strings"]
    assert isinstance(strings, list)

    def text(number: int) -> str | None:
        return None if number < 0 else str(strings[number])

    def texts(numbers: list[int]) -> tuple[str, ...]:
        return tuple(str(strings[n]) for n in numbers)

    rows = data["rows"]
    assert isinstance(rows, list)
    out = []
    for r in rows:
        first = None if r[9] is None else (r[9][0], text(r[9][1]), str(text(r[9][2])))
        out.append(
            IndexRow(
                href=r[0],
                path=r[1],
                verdict=r[2],
                scenario=text(r[3]),
                reason=text(r[4]),
                container=r[5],
                errors=r[6],
                warnings=r[7],
                information=r[8],
                first=first,
                rules=texts(r[10]),
                other_rules=texts(r[11]),
                terms=texts(r[12]),
                messages=texts(r[13]),
            )
        )
    return out


def embedded_csv(page: html.HtmlElement) -> str:
    """The CSV the page offers for download, decoded as its script decodes it."""
    block = page.get_element_by_id("csv-data")
    assert block.tag == "script" and block.get("type") == "application/octet-stream"
    return zlib.decompress(base64.b64decode(block.text or "")).decode("utf-8")
