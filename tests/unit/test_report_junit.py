"""``--format junit``: exact output on fixed results, validity against the JUnit XML schema, and
text from documents that cannot break the XML."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tests.support.report_results import HOSTILE, HOSTILE_TEXT, RUN, render

SCHEMA = Path(__file__).resolve().parents[1] / "schemas" / "junit.xsd"

EXPECTED = """\
<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="einvoice validate" tests="3" failures="1" errors="1" skipped="0">
  <testsuite name="einvoice validate" tests="3" failures="1" errors="1" skipped="0">
    <testcase name="in/a/rechnung.xml" classname="EN16931 XRechnung (UBL Invoice)">
      <failure message="rejected: 1 error" type="reject">BR-DE-15 (error) · line 2 · at /Invoice
    [BR-DE-15] Das Element "Buyer reference" (BT-10) muss übermittelt werden.
    BT-10 Buyer reference
</failure>
      <system-out>BR-DE-21 (warning) · at /Invoice/AccountingSupplierParty
    [BR-DE-21] Seller (BG-4) should name a contact.
    BG-4 SELLER
PEPPOL-EN16931-R002 (information) · outside the verdict: the XML Schema check failed
    No more than one note is allowed on document level.
</system-out>
    </testcase>
    <testcase name="in/b/rechnung.xml" classname="EN16931 XRechnung (UBL Invoice)"/>
    <testcase name="scan.pdf" classname="(no scenario)">
      <error message="scan.pdf: the PDF has no embedded invoice" type="error">\
scan.pdf: the PDF has no embedded invoice</error>
    </testcase>
  </testsuite>
</testsuites>
"""


def junit_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def test_exact_output(capsys: pytest.CaptureFixture[str]) -> None:
    output, _ = render("junit", RUN)
    assert output == EXPECTED
    assert capsys.readouterr() == ("", "")


def test_business_term_names_follow_the_language() -> None:
    output, _ = render("junit", RUN, lang="de")
    assert "BT-10 Käuferreferenz" in output
    assert "BG-4 VERKÄUFER" in output
    # The rule message is not translated.
    assert '[BR-DE-15] Das Element "Buyer reference" (BT-10) muss übermittelt werden.' in output


def test_output_is_valid_junit() -> None:
    output, _ = render("junit", RUN)
    schema = junit_schema()
    document = etree.fromstring(output.encode("utf-8"))
    assert schema.validate(document), schema.error_log
    suite = document.find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == [r.path for r in RUN]
    assert [c.get("classname") for c in cases] == [
        "EN16931 XRechnung (UBL Invoice)",
        "EN16931 XRechnung (UBL Invoice)",
        "(no scenario)",
    ]
    assert [[child.tag for child in c] for c in cases] == [["failure", "system-out"], [], ["error"]]


def test_an_empty_run_is_valid_junit() -> None:
    output, _ = render("junit", ())
    assert junit_schema().validate(etree.fromstring(output.encode("utf-8")))
    assert 'tests="0" failures="0" errors="0"' in output


def test_document_text_stays_text() -> None:
    output, _ = render("junit", (HOSTILE,))
    document = etree.fromstring(output.encode("utf-8"))
    assert junit_schema().validate(document)
    case = document.find("testsuite/testcase")
    assert case is not None
    assert case.get("name") == HOSTILE.path
    assert [element.tag for element in document.iter()] == [
        "testsuites",
        "testsuite",
        "testcase",
        "failure",
    ]
    failure = case.find("failure")
    assert failure is not None and failure.text is not None
    # The bell character cannot be in XML 1.0; it is replaced, the rest is kept as text.
    assert HOSTILE_TEXT.replace("\x07", "\ufffd") in failure.text
