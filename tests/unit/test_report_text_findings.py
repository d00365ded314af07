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


def test_detail_lines_wrap_under_their_own_start_on_a_terminal() -> None:
    """A long place or hint stays under its finding instead of running back to column 0."""
    deep = "/ubl:Invoice/cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount"
    finding = replace(REJECTED.findings[0], location=deep, line=4711, business_terms=())
    stream = io.StringIO()
    options = ReportOptions(color=True, width=60, lang=Language.EN, verbose=False)
    formatter = TextFormatter(stream, options)
    formatter.begin()
    formatter.document(replace(REJECTED, findings=(finding,)))
    lines = [ANSI.sub("", line) for line in stream.getvalue().splitlines()]
    start = next(i for i, line in enumerate(lines) if line.startswith(" " * 10 + "at "))
    assert (
        lines[start] == " " * 10 + "at /ubl:Invoice/cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount"
    )
    assert lines[start + 1] == " " * 12 + "line 4711"
    hint = next(i for i, line in enumerate(lines) if line.startswith(" " * 10 + "hint: "))
    assert all(len(line) <= 60 for line in lines[hint : hint + 2])
    assert lines[hint + 1].startswith(" " * 12) and lines[hint + 1][12] != " "


def test_a_failures_kind_is_said_once_in_german() -> None:
    """The German kind before a reason replaces the English words the reason starts with; the
    library's detail stays; English reports are unchanged."""
    from einvoice_cli.core.verdict import Verdict
    from einvoice_cli.errors import ErrorKind

    cases = [
        (ErrorKind.NOT_WELL_FORMED, "x.xml: not well-formed XML: Premature end of data, line 3",
         "kein wohlgeformtes XML: x.xml: Premature end of data, line 3"),
        (ErrorKind.EMPTY, "x.xml: the file is empty", "leer: x.xml"),
        (ErrorKind.NOT_A_PDF, "x.pdf: not a PDF (no %PDF- header)",
         "kein PDF: x.pdf: no %PDF- header"),
        (ErrorKind.UNREADABLE, "x.xml: no such file or directory",
         "nicht lesbar: x.xml: no such file or directory"),
    ]  # fmt: skip
    for kind, reason, german in cases:
        result = replace(
            REJECTED, verdict=Verdict.ERROR, findings=(), error=reason, error_kind=kind
        )
        for lang, expected in ((Language.DE, german), (Language.EN, reason)):
            stream = io.StringIO()
            formatter = TextFormatter(stream, ReportOptions(color=False, width=200, lang=lang))
            formatter.begin()
            formatter.document(result)
            assert expected in stream.getvalue(), (lang, stream.getvalue())
