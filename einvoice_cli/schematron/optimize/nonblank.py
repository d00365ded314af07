"""Blank tests that need not read a long text: ``not(normalize-space())`` and a marker.

Peppol's rule against empty elements, in XRechnung's rules as
``//*[not(*) and not(normalize-space())]``, reads the text of every leaf of a document. An
invoice with a PDF attached carries megabytes of base64 in one leaf, and SaxonC copies text at
about 14 ns a character: a 420 kB invoice spent 6 ms in this one rule, half of XRechnung's time
on an average document of the XRechnung test suite.

So two things happen, together or not at all:

- the compiler writes ``not(normalize-space())`` and ``not(normalize-space(.))`` of a schema
  that cannot see processing instructions (:func:`sees_instructions`) as
  ``((not(. instance of element()) or empty(processing-instruction()[name() eq $M])) and
  not(normalize-space()))``, and declares the parameter ``$M`` (``evsch:nonblank``; the
  empty string by default, which names no processing instruction) in every stylesheet of such
  a schema, whether it has a blank test or not;
- when every stylesheet a document goes through declares the parameter and one has a blank
  test, the pipeline hands Saxon
  the document with a processing instruction named ``M`` appended to each leaf whose text is long
  and not blank (:func:`long_texts`); ``M`` is random per process (``xml/saxon.py``), so a
  document cannot carry one of its own.

A marked element's text is not blank, so the rewritten test is false for it, as the original
is, without reading the text; for any other context item it is the original test. The marks
change nothing else a rule can see: an element's string value and every path over elements and
attributes ignore processing instructions; only ``node()`` and ``processing-instruction()`` on
an axis that can reach children or siblings, and copying or serialising nodes into the output,
could show them, and a schema with any of those (:func:`sees_instructions`) is compiled without
the rewrite. Locations and line numbers count elements only.
"""

from __future__ import annotations

import re

from einvoice_cli.schematron.optimize.literals import inside_literal, literal_spans
from einvoice_cli.xml.long_texts import LONG_TEXT as LONG_TEXT
from einvoice_cli.xml.long_texts import PARAMETER as PARAMETER
from einvoice_cli.xml.long_texts import PARAMETER_CLARK as PARAMETER_CLARK
from einvoice_cli.xml.long_texts import USE as USE
from einvoice_cli.xml.long_texts import long_texts as long_texts

DECLARATION = f'<xsl:param name="{PARAMETER}"'
"""How a compiled stylesheet that cannot see marks starts declaring the parameter."""
_SPACE = r"[ \t\r\n]*"
_BLANK_TEST = re.compile(
    rf"(?<![\w.:\-])not\({_SPACE}normalize-space\({_SPACE}\.?{_SPACE}\){_SPACE}\)"
)
_SEES = re.compile(
    r"(?<![\w.:\-])node\s*\("
    r"|(?:child|descendant|descendant-or-self|following|following-sibling|preceding"
    r"|preceding-sibling|self)\s*::\s*node\s*\("
    r"|processing-instruction\s*\("
    r"|copy-of|xsl:copy\b|serialize\s*\(|apply-templates"
)
"""A character that is not XML whitespace: what makes a text not blank for normalize-space()."""


def sees_instructions(schema_text: str) -> bool:
    """Whether anything in a schema's text could see a processing instruction in a document.

    Conservative: the whole text is searched, messages included, and a bare ``node()`` counts
    even as a type (``instance of node()``); ``parent::node()`` and ``ancestor::node()`` do not,
    as those axes never reach one."""
    return _SEES.search(schema_text) is not None


def rewrite(expression: str) -> str:
    """The expression with each blank test of the context item taking marks into account."""
    spans = literal_spans(expression)

    def marked(match: re.Match[str]) -> str:
        if inside_literal(spans, match.start()):
            return match.group(0)
        return (
            "((not(. instance of element()) or empty(processing-instruction()"
            f"{USE})) and {match.group(0)})"
        )

    return _BLANK_TEST.sub(marked, expression)
