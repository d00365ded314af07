"""The PDF-side findings in German (issue 15 item 4, DESIGN.md "People read it in their
language"): on every PDF of the ZUGFeRD corpus, ``lang=de`` gives the same findings (rule,
severity, place, cited clause) as English, each worded in German."""

from __future__ import annotations

import re

from einvoice_cli.core.languages import Language
from einvoice_cli.errors import InputError
from einvoice_cli.hybrid.inspection import inspect_pdf
from einvoice_cli.hybrid.pdf import PdfSettings
from tests.support.corpus import ZUGFERD, files, require

ENGLISH = re.compile(r"\b(the|is|has|not|which|expected|missing|embeds|names)\b")
"""Words of the English messages that no German one has (names and clauses aside)."""


def _clause(english: str, german: str) -> str:
    """The clause both messages end with, in parentheses (it is a name: never translated)."""
    size = 0
    while size < min(len(english), len(german)) and english[-1 - size] == german[-1 - size]:
        size += 1
    common = english[len(english) - size :]
    return common[common.find(" (") :] if " (" in common else ""


def test_pdf_findings_are_the_same_in_german_and_worded_in_german() -> None:
    pdfs = files(require(ZUGFERD), "*.pdf")
    assert len(pdfs) > 50, "the ZUGFeRD corpus has fewer PDFs than expected"
    compared = 0
    for path in pdfs:
        data = path.read_bytes()
        try:
            english = inspect_pdf(data, path.name, PdfSettings(), Language.EN).findings
        except InputError:
            continue
        german = inspect_pdf(data, path.name, PdfSettings(), Language.DE).findings
        assert [(f.rule, f.severity, f.location) for f in german] == [
            (f.rule, f.severity, f.location) for f in english
        ], path
        for en, de in zip(english, german, strict=True):
            clause = _clause(en.message, de.message)
            assert clause.endswith(")") and len(clause) > 10, (path, en.message, de.message)
            text = de.message.removesuffix(clause)
            assert not ENGLISH.search(text.replace("DocumentFileName", "")), (path, de.message)
            assert de.business_terms == en.business_terms, path
            compared += 1
    assert compared >= 20, f"only {compared} PDF findings on the corpus"
