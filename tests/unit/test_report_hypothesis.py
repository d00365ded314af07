"""Properties of the JUnit, SARIF and HTML reports for any text a document could put into a
result: the output always parses, and the text comes back as text, never as markup."""

from __future__ import annotations

import json
from dataclasses import replace

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree, html

from einvoice_cli.core.findings import Finding, Severity, Source
from einvoice_cli.report.html_assets import SCRIPT
from einvoice_cli.report.junit import xml_text
from tests.support.html_index import index_rows
from tests.support.report_results import REJECTED, render
from tests.support.report_schemas import sarif_schema

texts = st.text(min_size=1, max_size=60)

HTML_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "p", "main", "section",
    "h2", "span", "dl", "dt", "dd", "code", "ul", "li", "h3", "table", "thead", "tr", "th",
    "tbody", "td", "wbr", "br", "nav", "fieldset", "legend", "label", "input", "a", "footer",
    "script", "div", "button", "svg", "rect", "ol", "noscript", "time",
}  # fmt: skip


def finding(rule: str, message: str, location: str) -> Finding:
    return Finding(
        rule=rule,
        severity=Severity.ERROR,
        flag="fatal",
        source=Source.EN16931,
        location=location,
        message=message,
        business_terms=("BT-1",),
        line=3,
    )


@given(path=texts, rule=texts, message=texts, location=texts)
@settings(max_examples=60, deadline=None)
def test_junit_always_parses(path: str, rule: str, message: str, location: str) -> None:
    result = replace(REJECTED, path=path, findings=(finding(rule, message, location),))
    output, _ = render("junit", (result,))
    document = etree.fromstring(output.encode("utf-8"))
    case = document.find("testsuite/testcase")
    assert case is not None
    assert case.get("name") == xml_text(path)
    failure = case.find("failure")
    assert failure is not None and failure.text is not None
    assert xml_text(message) in failure.text


@given(path=texts, rule=texts, message=texts, location=texts)
@settings(max_examples=40, deadline=None)
def test_sarif_always_parses_and_validates(
    path: str, rule: str, message: str, location: str
) -> None:
    result = replace(REJECTED, path=path, findings=(finding(rule, message, location),))
    log = json.loads(render("sarif", (result,))[0])
    jsonschema.Draft4Validator(sarif_schema()).validate(log)
    sarif_result = log["runs"][0]["results"][0]
    assert (sarif_result["ruleId"], sarif_result["message"]["text"]) == (rule, message)
    logical = sarif_result["locations"][0]["logicalLocations"][0]
    assert logical["fullyQualifiedName"] == location


@given(path=texts, rule=texts, message=texts, location=texts)
@settings(max_examples=60, deadline=None)
def test_html_text_never_becomes_markup(path: str, rule: str, message: str, location: str) -> None:
    result = replace(REJECTED, path=path, findings=(finding(rule, message, location),))
    output, _ = render("html", (result,))
    page = html.document_fromstring(output)
    assert {element.tag for element in page.iter() if isinstance(element.tag, str)} <= HTML_TAGS
    assert [s.text for s in page.cssselect("script:not([type])")] == [SCRIPT]
    rows = index_rows(page)
    assert [(r.path, r.rules, r.messages) for r in rows] == [(path, (rule,), (message,))]
    assert len(page.cssselect("td.message")) == 1
    assert len(page.cssselect("section.document")) == 1
