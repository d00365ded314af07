"""The text report's findings on a terminal: long messages wrapped and indented under the
message's first word, the detail lines indented below."""

from __future__ import annotations

import io
import re
from dataclasses import replace

from einvoice_cli.core.languages import Language
from einvoice_cli.report.interface import ReportOptions
from einvoice_cli.report.text import TextFormatter
from tests.support.report_results import REJECTED

ANSI = re.compile(r"\x1b\[[0-9;]*m")
LONG = (
    "[BR-DE-18] Skonto Zeilen in ubl:Invoice müssen diesem regulärem Ausdruck entsprechen: "
    "(^|\\r?\\n)#(SKONTO)#TAGE=([0-9]+#PROZENT=[0-9]+\\.[0-9]{2})#$. Die Informationen zur "
    "Gewährung von Skonto müssen wie folgt im Element Payment terms (BT-20) übermittelt werden."
)


def _terminal(width: int, *, verbose: bool = False) -> list[str]:
    finding = replace(REJECTED.findings[0], rule="BR-DE-18", message=LONG, business_terms=())
    stream = io.StringIO()
    options = ReportOptions(color=True, width=width, lang=Language.EN, verbose=verbose)
    formatter = TextFormatter(stream, options)
    formatter.begin()
    formatter.document(replace(REJECTED, findings=(finding,)))
    return [ANSI.sub("", line) for line in stream.getvalue().splitlines()]


def test_long_messages_wrap_under_their_first_word_on_a_terminal() -> None:
    lines = _terminal(72)
    start = next(i for i, line in enumerate(lines) if line.startswith("      BR-DE-18  "))
    message = [lines[start]]
    for line in lines[start + 1 :]:
        if not line.startswith(" " * 16) or line.startswith(" " * 10 + "at "):
            break
        message.append(line)
    assert len(message) > 2
    assert all(len(line) <= 72 for line in message)
    assert all(line.startswith(" " * 16) and line[16] != " " for line in message[1:])
    text = " ".join(line.strip() for line in message)
    assert text == "BR-DE-18  " + LONG.replace(
        "(^|\\r?\\n)#(SKONTO)#TAGE=([0-9]+#PROZENT=[0-9]+\\.[0-9]{2})#$",
        "[regular expression: see --verbose]",
    )
    verbose = " ".join(line.strip() for line in _terminal(72, verbose=True))
    assert "(^|\\r?\\n)#(SKONTO)" in verbose
