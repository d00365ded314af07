"""The HTML rendering: the official visualization's page, made safe and told what it lacks.

The page is the KoSIT visualization's output, unchanged in content. We add, around it:

- a banner when validation rejected the invoice, with the errors that decided it;
- the elements the visualization does not show, and the attachments left out of the page;
- a highlight on the fields (``data-title="BT-.."``) that findings name.

And we neutralise what a hostile document could turn into script: the visualization writes a
supporting document's reference, MIME code and file name into an ``onclick`` handler and a
document's external location into an ``href``. An event handler that is not exactly one of the
visualization's own (string arguments without quotes or backslashes) is dropped, and so is a
link whose scheme is not http(s), mailto or ftp. Text is escaped by Saxon's HTML output method.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree, html

from einvoice_cli.core.findings import Finding, Severity
from einvoice_cli.core.results import DocumentResult
from einvoice_cli.core.verdict import Verdict
from einvoice_cli.errors import RenderingError
from einvoice_cli.rendering.pack import Language
from einvoice_cli.rendering.source import RenderSource
from einvoice_cli.rendering.words import word

_SAFE_HANDLERS = (
    re.compile(r"show\(this\);?"),
    re.compile(r"downloadData\('[^'\\]*', '[^'\\]*', '[^'\\]*'\)"),
)
"""The visualization's own event handlers; any other is dropped."""

_SAFE_LINK = re.compile(r"(?i)\s*(https?:|mailto:|ftp:|#)")
"""Links that cannot run script when followed."""

_LINK_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href")

MAX_BANNER_FINDINGS = 10
"""The banner names at most this many errors; the rest are counted."""

_STYLE = """
.einvoice-banner { margin: 0.5em 1em; padding: 0.6em 1em; border: 2px solid #b00020;
  background: #fdecee; color: #5f0010; font-family: sans-serif; }
.einvoice-banner h2 { margin: 0 0 0.3em 0; font-size: 1.1em; }
.einvoice-notice { margin: 0.5em 1em; padding: 0.5em 1em; border: 1px solid #a77b00;
  background: #fff8e1; font-family: sans-serif; font-size: 0.9em; }
.einvoice-notice ul, .einvoice-banner ul { margin: 0.3em 0 0 1.2em; padding: 0; }
.einvoice-highlight { outline: 2px solid #b00020; background: #fdecee !important; }
"""


def finish_page(
    official: str,
    source: RenderSource,
    lang: Language,
    result: DocumentResult | None,
    failure: str | None = None,
) -> html.HtmlElement:
    """The official page with our additions, as an lxml tree. ``failure`` is why the official
    stylesheets could not render the document itself (the page shows its EN 16931 model)."""
    page = html.document_fromstring(official)
    _neutralise(page)
    head = page.find("head")
    if head is not None:
        style = etree.SubElement(head, "style")
        style.text = _STYLE
    notes = [*_banner(result, lang), *_notices(source, lang)]
    if failure is not None:
        notes.insert(0, _notice(word("model-shown", lang, reason=failure), ()))
    terms = _named_terms(result)
    highlighted = _highlight(page, terms)
    if highlighted:
        notes.append(_notice(word("highlighted", lang, terms=", ".join(highlighted)), ()))
    container = _main(page)
    for position, note in enumerate(notes):
        container.insert(position, note)
    return page


def page_bytes(page: html.HtmlElement) -> bytes:
    """The page as UTF-8 HTML with a doctype."""
    return html.tostring(page, doctype="<!DOCTYPE html>", encoding="utf-8", method="html")


def _main(page: html.HtmlElement) -> html.HtmlElement:
    """Where our notes go: the top of the visualization's main region (or of the body)."""
    found = page.xpath("//div[@role='main']")
    if found and isinstance(found[0], html.HtmlElement):
        return found[0]
    body = page.body
    if body is None:
        raise RenderingError("the official visualization produced a page without a body")
    return body


def _neutralise(page: html.HtmlElement) -> None:
    for element in page.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in list(element.attrib):
            value = element.attrib[attribute]
            name = attribute.lower()
            if name.startswith("on"):
                if not any(p.fullmatch(value.strip()) for p in _SAFE_HANDLERS):
                    del element.attrib[attribute]
            elif name in _LINK_ATTRIBUTES and not _SAFE_LINK.match(value):
                del element.attrib[attribute]


def _banner(result: DocumentResult | None, lang: Language) -> list[html.HtmlElement]:
    if result is None or result.verdict is not Verdict.REJECT:
        return []
    errors = [f for f in result.findings if f.severity is Severity.ERROR and f.in_verdict]
    banner = html.Element("div", {"class": "einvoice-banner", "role": "alert"})
    heading = etree.SubElement(banner, "h2")
    heading.text = word("rejected", lang)
    if result.scenario:
        scenario = etree.SubElement(banner, "p")
        scenario.text = word("rejected-scenario", lang, scenario=result.scenario)
    listing = etree.SubElement(banner, "ul")
    for finding in errors[:MAX_BANNER_FINDINGS]:
        item = etree.SubElement(listing, "li")
        item.text = _describe(finding)
    if len(errors) > MAX_BANNER_FINDINGS:
        more = etree.SubElement(listing, "li")
        more.text = word("more-findings", lang, count=len(errors) - MAX_BANNER_FINDINGS)
    return [banner]


def _describe(finding: Finding) -> str:
    terms = f" ({', '.join(finding.business_terms)})" if finding.business_terms else ""
    return f"[{finding.rule}]{terms} {finding.message}"


def _notices(source: RenderSource, lang: Language) -> list[html.HtmlElement]:
    notices = []
    if source.not_shown:
        lines = (str(loss) for loss in source.not_shown)
        notices.append(_notice(word("not-shown", lang, count=len(source.not_shown)), lines))
    if source.omitted:
        lines = (
            f"{a.filename or '?'} ({a.mime_code or '?'}, {a.size:,} bytes)" for a in source.omitted
        )
        notices.append(_notice(word("omitted", lang), lines))
    return notices


def _notice(title: str, lines: Iterable[str]) -> html.HtmlElement:
    notice = html.Element("div", {"class": "einvoice-notice", "role": "note"})
    items = list(lines)
    if not items:
        notice.text = title
        return notice
    details = etree.SubElement(notice, "details")
    summary = etree.SubElement(details, "summary")
    summary.text = title
    listing = etree.SubElement(details, "ul")
    for line in items:
        item = etree.SubElement(listing, "li")
        item.text = line
    return notice


def _named_terms(result: DocumentResult | None) -> tuple[str, ...]:
    """The business terms that errors and warnings name, in order, each once."""
    if result is None:
        return ()
    terms: dict[str, None] = {}
    for finding in result.findings:
        if finding.severity in (Severity.ERROR, Severity.WARNING):
            for term in finding.business_terms:
                terms.setdefault(term, None)
    return tuple(terms)


def _highlight(page: html.HtmlElement, terms: tuple[str, ...]) -> tuple[str, ...]:
    wanted = set(terms)
    found: dict[str, None] = {}
    for element in page.iter():
        if not isinstance(element.tag, str):
            continue
        title = element.get("data-title")
        if title in wanted:
            element.set("class", f"{element.get('class', '')} einvoice-highlight".strip())
            found.setdefault(title, None)
    return tuple(t for t in terms if t in found)
