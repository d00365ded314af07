"""The XRechnung + Peppol merge on the official sources in the rules mirror.

Expectations come from ``reference/xrechnung-2.5.0-peppol-merge.md`` (strings copied from it)
and from the Peppol source itself, computed here with XPath independently of the module.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from einvoice_cli.errors import SchematronCompileError
from einvoice_cli.schematron.compiler.compile import compile_schematron
from einvoice_cli.schematron.merge.xrechnung_peppol import (
    PEPPOL_WHITELIST,
    MergeSyntax,
    XRechnungMerge,
    merge_xrechnung_peppol,
)
from einvoice_cli.schematron.runtime.svrl import SvrlMessage, parse_svrl
from einvoice_cli.xml.parser import ParseSettings, parse_xml
from einvoice_cli.xml.saxon import SaxonProcessor, Stylesheet
from tests.support.corpus import MIRROR, XRECHNUNG_TESTSUITE, files, ident, require

XRECHNUNG_DIR = (
    MIRROR
    / "raw.githubusercontent.com/itplr-kosit/xrechnung-schematron/v2.5.0/src/validation/schematron"
)
PEPPOL_DIR = MIRROR / "raw.githubusercontent.com/OpenPEPPOL/peppol-bis-invoice-3/v3.0.19/rules/sch"

SCH = "http://purl.oclc.org/dsdl/schematron"
XSL = "http://www.w3.org/1999/XSL/Transform"
NS = {"sch": SCH, "xsl": XSL}

# The reference's "Whitelist" (all with the prefix PEPPOL-EN16931-).
WHITELIST = frozenset(
    f"PEPPOL-EN16931-R{n:03d}"
    for n in (1, 5, 8, 10, 20, 40, 41, 42, 43, 44, 46, 53, 54, 55, 61, 101, 110, 111, 120, 121, 130)
)

TITLES = {
    MergeSyntax.UBL: (
        "Schematron Version 2.5.0 - XRechnung 3.0.2 compatible - UBL - Invoice / Creditnote"
    ),
    MergeSyntax.CII: "Schematron Version 2.5.0 - XRechnung 3.0.2 compatible - CII",
}

PATTERN_IDS = {
    MergeSyntax.UBL: [
        "peppol-ubl-pattern-1",
        "peppol-ubl-pattern-2",
        "ubl-pattern",
        "ubl-extension-pattern",
        "ubl-cvd-pattern",
    ],
    MergeSyntax.CII: [
        "peppol-cii-pattern-1",
        "peppol-cii-pattern-0-a",
        "peppol-cii-pattern-0-b",
        "cii-pattern",
        "cii-extension-pattern",
        "cii-cvd-pattern",
    ],
}

ACTIVE_PATTERNS = {
    MergeSyntax.UBL: [
        "variable-pattern",
        "ubl-pattern",
        "ubl-extension-pattern",
        "ubl-cvd-pattern",
        "peppol-ubl-pattern-1",
        "peppol-ubl-pattern-2",
    ],
    MergeSyntax.CII: [
        "variable-pattern",
        "cii-pattern",
        "cii-extension-pattern",
        "cii-cvd-pattern",
        "peppol-cii-pattern-0-a",
        "peppol-cii-pattern-0-b",
        "peppol-cii-pattern-1",
    ],
}

SLACK_VALUE = "if($documentCurrencyCode = 'HUF') then 0.5 else 0.02"

R120_TEST = (
    "u:slack($lineExtensionAmount, ($quantity * ($priceAmount div $baseQuantity)) + $chargesTotal"
    " - $allowancesTotal, $slackValue)"
)


@dataclass(frozen=True)
class Expected:
    """What the reference says a copied assert becomes (None: as in the Peppol source)."""

    test: str | None = None
    text: str | None = None
    flag: str | None = None


REWRITES: dict[MergeSyntax, dict[str, Expected]] = {
    MergeSyntax.UBL: {
        "PEPPOL-EN16931-R040": Expected(
            test="not(cbc:MultiplierFactorNumeric and cbc:BaseAmount) or u:slack(if (cbc:Amount) then cbc:Amount else 0, (xs:decimal(cbc:BaseAmount) * xs:decimal(cbc:MultiplierFactorNumeric)) div 100, $slackValue)"  # noqa: E501
        ),
        "PEPPOL-EN16931-R120": Expected(test=R120_TEST, flag="warning"),
    },
    MergeSyntax.CII: {
        "PEPPOL-EN16931-R053": Expected(
            test="count(ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:TaxTotalAmount[@currencyID = $documentCurrencyCode]) <=1",  # noqa: E501
            text="No more than one tax total amount must be provided where currency id equals document currency code.",  # noqa: E501
        ),
        "PEPPOL-EN16931-R054": Expected(
            text="Only one tax total amount must be provided where currency id equals tax currency code, if tax currency code (BT-6) is provided."  # noqa: E501
        ),
        "PEPPOL-EN16931-R101": Expected(
            text="Element Additional referenced document can only be used for Invoice line object."
        ),
        "PEPPOL-EN16931-R055": Expected(
            test="not(/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:TaxCurrencyCode and ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:TaxTotalAmount[@currencyID = $documentCurrencyCode]) or (ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:TaxTotalAmount[@currencyID = $taxCurrencyCode] < 0 and ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:TaxTotalAmount[@currencyID = $documentCurrencyCode] < 0) or (ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:TaxTotalAmount[@currencyID = $taxCurrencyCode] >= 0 and ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:TaxTotalAmount[@currencyID = $documentCurrencyCode] >= 0)"  # noqa: E501
        ),
        "PEPPOL-EN16931-R040": Expected(
            test="not(ram:CalculationPercent and ram:BasisAmount) or u:slack(if (ram:ActualAmount) then ram:ActualAmount else 0, (xs:decimal(ram:BasisAmount) * xs:decimal(ram:CalculationPercent)) div 100, $slackValue)"  # noqa: E501
        ),
        "PEPPOL-EN16931-R120": Expected(test=R120_TEST, flag="warning"),
    },
}

CII_BASE_QUANTITY = "if (ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:BasisQuantity and xs:decimal(ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:BasisQuantity) != 0) then xs:decimal(ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:BasisQuantity) else if (ram:SpecifiedLineTradeAgreement/ram:GrossPriceProductTradePrice/ram:BasisQuantity and xs:decimal(ram:SpecifiedLineTradeAgreement/ram:GrossPriceProductTradePrice/ram:BasisQuantity) != 0) then xs:decimal(ram:SpecifiedLineTradeAgreement/ram:GrossPriceProductTradePrice/ram:BasisQuantity) else 1"  # noqa: E501

# Step 5: (pattern id, rule context, [(assert id, flag, test, text)]).
CII_NEW_PATTERNS = [
    (
        "peppol-cii-pattern-0-a",
        "//*[not(name() = 'ram:ApplicableHeaderTradeDelivery') and not(*) and not(normalize-space())]",  # noqa: E501
        [
            (
                "PEPPOL-EN16931-R008",
                "fatal",
                "false()",
                "Document MUST not contain empty elements.",
            )
        ],
    ),
    (
        "peppol-cii-pattern-0-b",
        "rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem/ram:SpecifiedLineTradeAgreement/ram:GrossPriceProductTradePrice",
        [
            (
                "PEPPOL-EN16931-R044",
                "fatal",
                "not(ram:AppliedTradeAllowanceCharge/ram:ActualAmount) or ram:AppliedTradeAllowanceCharge/ram:ChargeIndicator/udt:Indicator = 'false'",  # noqa: E501
                "Charge on price level is NOT allowed. Only value 'false' allowed.",
            ),
            (
                "PEPPOL-EN16931-R046",
                "fatal",
                "not(ram:ChargeAmount) or xs:decimal(../ram:NetPriceProductTradePrice/ram:ChargeAmount) = xs:decimal(ram:ChargeAmount) - u:decimalOrZero(ram:AppliedTradeAllowanceCharge/ram:ActualAmount[1])",  # noqa: E501
                "Item net price MUST equal (Gross price - Allowance amount) when gross price is provided.",  # noqa: E501
            ),
        ],
    ),
]

SYNTAXES = [MergeSyntax.UBL, MergeSyntax.CII]


def xrechnung_path(syntax: MergeSyntax) -> Path:
    return require(
        XRECHNUNG_DIR / syntax.value / f"XRechnung-{syntax.value.upper()}-validation.sch"
    )


def peppol_path(syntax: MergeSyntax) -> Path:
    return require(PEPPOL_DIR / f"PEPPOL-EN16931-{syntax.value.upper()}.sch")


def parse(path: Path) -> etree._ElementTree:
    return etree.parse(str(path), etree.XMLParser(no_network=True, resolve_entities=False))


def merged(syntax: MergeSyntax) -> etree._ElementTree:
    return merge_xrechnung_peppol(
        parse(xrechnung_path(syntax)),
        parse(peppol_path(syntax)),
        XRechnungMerge(syntax=syntax, schematron_version="2.5.0", xrechnung_version="3.0.2"),
    )


def children(tree: etree._ElementTree) -> list[etree._Element]:
    """The schema's element children (no comments)."""
    return [c for c in tree.getroot() if isinstance(c.tag, str)]


def local(element: etree._Element) -> str:
    return etree.QName(element).localname


def xpath_elements(node: etree._Element, path: str) -> list[etree._Element]:
    found = node.xpath(path, namespaces=NS)
    assert isinstance(found, list)
    return [e for e in found if isinstance(e, etree._Element)]


def xpath_number(node: etree._Element, path: str) -> int:
    found = node.xpath(path, namespaces=NS)
    assert isinstance(found, float)
    return int(found)


def pattern(tree: etree._ElementTree, pattern_id: str) -> etree._Element:
    (found,) = xpath_elements(tree.getroot(), f"sch:pattern[@id = '{pattern_id}']")
    return found


def context_of(assert_: etree._Element) -> str:
    rule = assert_.getparent()
    assert rule is not None
    return rule.get("context", "")


def text_of(element: etree._Element) -> str:
    return "".join(element.itertext())


def expected_peppol_patterns(
    syntax: MergeSyntax,
) -> list[list[tuple[str, str, etree._Element]]]:
    """Per Peppol pattern with a whitelisted assert: (rule context, merged id, source assert).

    The -K suffix is computed with XPath: the id repeats among the pattern's asserts, and K is
    1 + the number of asserts with that id before it in the document.
    """
    source = parse(peppol_path(syntax)).getroot()
    expected = []
    for source_pattern in xpath_elements(source, "sch:pattern"):
        kept = []
        for assert_ in xpath_elements(source_pattern, "sch:rule/sch:assert"):
            assert_id = assert_.get("id", "")
            if assert_id not in WHITELIST:
                continue
            same = f"[@id = '{assert_id}']"
            if xpath_number(source_pattern, f"count(sch:rule/sch:assert{same})") > 1:
                k = xpath_number(assert_, f"count(preceding::sch:assert{same})") + 1
                assert_id = f"{assert_id}-{k}"
            kept.append((context_of(assert_), assert_id, assert_))
        if kept:
            expected.append(kept)
    return expected


def test_whitelist_is_the_references() -> None:
    assert set(PEPPOL_WHITELIST) == WHITELIST
    assert len(PEPPOL_WHITELIST) == len(WHITELIST)


@pytest.mark.parametrize("syntax", SYNTAXES, ids=str)
def test_patterns_are_the_expected_ones_in_order(syntax: MergeSyntax) -> None:
    tree = merged(syntax)
    ids = [p.get("id") for p in xpath_elements(tree.getroot(), "sch:pattern")]
    assert ids == PATTERN_IDS[syntax]
    numbered = [i for i in ids if i is not None and i[-1].isdigit() and "peppol" in i]
    assert len(numbered) == len(expected_peppol_patterns(syntax))


@pytest.mark.parametrize("syntax", SYNTAXES, ids=str)
def test_copied_patterns_hold_exactly_the_whitelisted_asserts(syntax: MergeSyntax) -> None:
    tree = merged(syntax)
    rewrites = REWRITES[syntax]
    for n, kept in enumerate(expected_peppol_patterns(syntax), start=1):
        copied = pattern(tree, f"peppol-{syntax.value}-pattern-{n}")
        actual = [
            (context_of(assert_), assert_.get("id", ""))
            for assert_ in xpath_elements(copied, "sch:rule/sch:assert")
        ]
        assert actual == [(context, assert_id) for context, assert_id, _ in kept]
        # Rules without a whitelisted assert are gone; the others keep their lets.
        assert len(xpath_elements(copied, "sch:rule")) == len({c for c, _, _ in kept})
        for assert_, (_, _, source) in zip(
            xpath_elements(copied, "sch:rule/sch:assert"), kept, strict=True
        ):
            if source.get("id") in rewrites:
                continue
            assert assert_.get("test") == source.get("test")
            assert assert_.get("flag") == source.get("flag")
            assert text_of(assert_) == text_of(source)


@pytest.mark.parametrize("syntax", SYNTAXES, ids=str)
def test_every_whitelisted_rule_is_present(syntax: MergeSyntax) -> None:
    tree = merged(syntax)
    peppol_ids = [
        a.get("id", "")
        for a in xpath_elements(
            tree.getroot(), "sch:pattern[starts-with(@id, 'peppol-')]//sch:assert"
        )
    ]
    assert {i for i in peppol_ids if i in WHITELIST} | {
        i.rsplit("-", 1)[0] for i in peppol_ids if i not in WHITELIST
    } == WHITELIST
    if syntax is MergeSyntax.CII:
        assert "PEPPOL-EN16931-R043-1" in peppol_ids
        assert "PEPPOL-EN16931-R043-2" in peppol_ids
        assert "PEPPOL-EN16931-R043" not in peppol_ids
    else:
        assert sorted(peppol_ids) == sorted(WHITELIST)


@pytest.mark.parametrize("syntax", SYNTAXES, ids=str)
def test_rewritten_asserts(syntax: MergeSyntax) -> None:
    tree = merged(syntax)
    for assert_id, expected in REWRITES[syntax].items():
        (assert_,) = xpath_elements(
            tree.getroot(),
            f"sch:pattern[starts-with(@id, 'peppol-')]//sch:assert[@id = '{assert_id}']",
        )
        if expected.test is not None:
            assert assert_.get("test") == expected.test
        if expected.text is not None:
            assert text_of(assert_) == expected.text
        if expected.flag is not None:
            assert assert_.get("flag") == expected.flag
    flags = {
        a.get("id"): a.get("flag")
        for a in xpath_elements(
            tree.getroot(), "sch:pattern[starts-with(@id, 'peppol-')]//sch:assert"
        )
    }
    assert {i for i, flag in flags.items() if flag != "fatal"} == {"PEPPOL-EN16931-R120"}
    assert flags["PEPPOL-EN16931-R120"] == "warning"


def test_cii_patterns_0a_0b() -> None:
    tree = merged(MergeSyntax.CII)
    for pattern_id, context, asserts in CII_NEW_PATTERNS:
        (rule,) = xpath_elements(pattern(tree, pattern_id), "sch:rule")
        assert rule.get("context") == context
        actual = [
            (a.get("id"), a.get("flag"), a.get("test"), text_of(a))
            for a in xpath_elements(rule, "sch:assert")
        ]
        assert actual == asserts


@pytest.mark.parametrize("syntax", SYNTAXES, ids=str)
def test_base_quantity_let(syntax: MergeSyntax) -> None:
    tree = merged(syntax)
    (let,) = xpath_elements(
        tree.getroot(),
        "sch:pattern[starts-with(@id, 'peppol-')]/sch:rule/sch:let[@name = 'baseQuantity']",
    )
    if syntax is MergeSyntax.CII:
        assert let.get("value") == CII_BASE_QUANTITY
    else:
        (source,) = xpath_elements(
            parse(peppol_path(syntax)).getroot(), "//sch:rule/sch:let[@name = 'baseQuantity']"
        )
        assert let.get("value") == source.get("value")


@pytest.mark.parametrize("syntax", SYNTAXES, ids=str)
def test_namespace_and_global_lets_follow_the_last_ns(syntax: MergeSyntax) -> None:
    original = children(parse(xrechnung_path(syntax)))
    last_ns = max(i for i, c in enumerate(original) if local(c) == "ns")
    peppol_lets = [c.get("name") for c in children(parse(peppol_path(syntax))) if local(c) == "let"]
    at = peppol_lets.index("documentCurrencyCode") + 1
    expected_lets = [*peppol_lets[:at], "slackValue", *peppol_lets[at:]]

    tree = children(merged(syntax))
    utils = tree[last_ns + 1]
    assert (local(utils), utils.get("prefix"), utils.get("uri")) == ("ns", "u", "utils")
    lets = tree[last_ns + 2 : last_ns + 2 + len(expected_lets)]
    assert [(local(c), c.get("name")) for c in lets] == [("let", n) for n in expected_lets]
    assert [c.get("name") for c in tree if local(c) == "let"] == expected_lets
    (slack,) = [c for c in lets if c.get("name") == "slackValue"]
    assert slack.get("value") == SLACK_VALUE


@pytest.mark.parametrize("syntax", SYNTAXES, ids=str)
def test_functions_come_right_before_the_include(syntax: MergeSyntax) -> None:
    peppol_functions = [
        f.get("name")
        for f in xpath_elements(parse(peppol_path(syntax)).getroot(), "//xsl:function")
    ]
    assert len(peppol_functions) >= 12
    tree = children(merged(syntax))
    (include_at,) = [i for i, c in enumerate(tree) if local(c) == "include"]
    assert tree[include_at].get("href") == "../common.sch"
    before = tree[include_at - len(peppol_functions) : include_at]
    assert [(c.tag, c.get("name")) for c in before] == [
        (f"{{{XSL}}}function", name) for name in peppol_functions
    ]
    assert not [c for c in tree[include_at:] if c.tag == f"{{{XSL}}}function"]
    # The XRechnung schema's own functions stay where they were.
    own = [
        f.get("name")
        for f in xpath_elements(parse(xrechnung_path(syntax)).getroot(), "xsl:function")
    ]
    functions = [c.get("name") for c in tree if c.tag == f"{{{XSL}}}function"]
    assert functions == [*own, *peppol_functions]


@pytest.mark.parametrize("syntax", SYNTAXES, ids=str)
def test_phase_activates_the_inserted_patterns(syntax: MergeSyntax) -> None:
    tree = merged(syntax)
    (phase,) = xpath_elements(tree.getroot(), "sch:phase")
    assert [a.get("pattern") for a in xpath_elements(phase, "sch:active")] == ACTIVE_PATTERNS[
        syntax
    ]
    assert tree.getroot().get("defaultPhase") is None


@pytest.mark.parametrize("syntax", SYNTAXES, ids=str)
def test_title_is_filled(syntax: MergeSyntax) -> None:
    (title,) = xpath_elements(merged(syntax).getroot(), "sch:title")
    assert title.text == TITLES[syntax]


@pytest.mark.parametrize("syntax", SYNTAXES, ids=str)
def test_inputs_are_unchanged(syntax: MergeSyntax) -> None:
    xrechnung = parse(xrechnung_path(syntax))
    peppol = parse(peppol_path(syntax))
    before = (etree.tostring(xrechnung), etree.tostring(peppol))
    result = merge_xrechnung_peppol(xrechnung, peppol, XRechnungMerge(syntax, "2.5.0", "3.0.2"))
    assert (etree.tostring(xrechnung), etree.tostring(peppol)) == before
    assert result.getroot() is not xrechnung.getroot()


def _rename_anchor(xrechnung: etree._Element, peppol: etree._Element) -> None:
    for p in xpath_elements(xrechnung, "sch:pattern[@id = 'ubl-pattern' or @id = 'cii-pattern']"):
        p.set("id", "renamed-pattern")


def _drop_r001(xrechnung: etree._Element, peppol: etree._Element) -> None:
    for a in xpath_elements(peppol, "//sch:assert[@id = 'PEPPOL-EN16931-R001']"):
        parent = a.getparent()
        assert parent is not None
        parent.remove(a)


def _drop_currency_let(xrechnung: etree._Element, peppol: etree._Element) -> None:
    for let in xpath_elements(peppol, "sch:let[@name = 'documentCurrencyCode']"):
        peppol.remove(let)


def _drop_functions(xrechnung: etree._Element, peppol: etree._Element) -> None:
    for function in xpath_elements(peppol, "xsl:function"):
        peppol.remove(function)


def _drop_include(xrechnung: etree._Element, peppol: etree._Element) -> None:
    for include in xpath_elements(xrechnung, "sch:include"):
        xrechnung.remove(include)


def _drop_title_placeholder(xrechnung: etree._Element, peppol: etree._Element) -> None:
    (title,) = xpath_elements(xrechnung, "sch:title")
    title.text = "XRechnung"


def _drop_r120(xrechnung: etree._Element, peppol: etree._Element) -> None:
    # R120 is whitelisted and rewritten: without it both checks must refuse the source.
    for a in xpath_elements(peppol, "//sch:assert[@id = 'PEPPOL-EN16931-R120']"):
        a.set("id", "PEPPOL-EN16931-R999")


BROKEN_SOURCES: list[tuple[str, Callable[[etree._Element, etree._Element], None], str]] = [
    ("no-anchor-pattern", _rename_anchor, "-pattern"),
    ("no-whitelisted-R001", _drop_r001, "PEPPOL-EN16931-R001"),
    ("no-documentCurrencyCode", _drop_currency_let, "documentCurrencyCode"),
    ("no-functions", _drop_functions, "xsl:function"),
    ("no-include", _drop_include, "include"),
    ("no-title-placeholder", _drop_title_placeholder, "@xr-schematron.version.full@"),
    ("no-R120", _drop_r120, "PEPPOL-EN16931-R120"),
]


@pytest.mark.parametrize("syntax", SYNTAXES, ids=str)
@pytest.mark.parametrize(
    ("breakage", "expected"),
    [(b, e) for _, b, e in BROKEN_SOURCES],
    ids=[name for name, _, _ in BROKEN_SOURCES],
)
def test_a_source_without_the_needed_shape_is_refused(
    syntax: MergeSyntax,
    breakage: Callable[[etree._Element, etree._Element], None],
    expected: str,
) -> None:
    xrechnung = copy.deepcopy(parse(xrechnung_path(syntax)))
    peppol = copy.deepcopy(parse(peppol_path(syntax)))
    breakage(xrechnung.getroot(), peppol.getroot())
    with pytest.raises(SchematronCompileError) as caught:
        merge_xrechnung_peppol(xrechnung, peppol, XRechnungMerge(syntax, "2.5.0", "3.0.2"))
    message = str(caught.value)
    assert expected in message
    assert "\n" not in message


def test_a_source_without_ubl_pattern_is_refused() -> None:
    xrechnung = parse(xrechnung_path(MergeSyntax.UBL))
    _rename_anchor(xrechnung.getroot(), xrechnung.getroot())
    with pytest.raises(SchematronCompileError, match="ubl-pattern"):
        merge_xrechnung_peppol(
            xrechnung,
            parse(peppol_path(MergeSyntax.UBL)),
            XRechnungMerge(MergeSyntax.UBL, "2.5.0", "3.0.2"),
        )


# The merged rules compiled and run: the XRechnung test suite's business cases raise no
# fatal or error finding (fatal/error is what rejects a document, DESIGN.md "Scenarios and
# the verdict"), and a document changed to break a copied Peppol rule fires it.

BUSINESS_CASES = XRECHNUNG_TESTSUITE / "business-cases" / "standard"
DOCUMENT_PATTERNS = {MergeSyntax.UBL: "*_ubl.xml", MergeSyntax.CII: "*_uncefact.xml"}
REJECTING_FLAGS = {"fatal", "error"}


@pytest.fixture(scope="module")
def stylesheets(saxon: SaxonProcessor) -> dict[MergeSyntax, tuple[SaxonProcessor, Stylesheet]]:
    """The merged XRechnung rules of each syntax, compiled once for this module."""
    compiled = {}
    for syntax in SYNTAXES:
        xslt = compile_schematron(merged(syntax), base=xrechnung_path(syntax))
        compiled[syntax] = (saxon, saxon.compile_stylesheet(xslt, f"merged {syntax}"))
    return compiled


def run_merged(
    stylesheets: dict[MergeSyntax, tuple[SaxonProcessor, Stylesheet]],
    syntax: MergeSyntax,
    document: etree._ElementTree,
) -> tuple[SvrlMessage, ...]:
    processor, stylesheet = stylesheets[syntax]
    return parse_svrl(stylesheet.transform(processor.document(document)))


def read_document(path: Path) -> etree._ElementTree:
    return parse_xml(path.read_bytes(), str(path), ParseSettings())


def business_cases() -> list[tuple[MergeSyntax, Path]]:
    return [
        (syntax, path)
        for syntax in SYNTAXES
        for path in files(BUSINESS_CASES, DOCUMENT_PATTERNS[syntax])
    ]


@pytest.mark.parametrize(
    ("syntax", "path"), business_cases(), ids=[ident(p) for _, p in business_cases()]
)
def test_merged_rules_accept_the_business_cases(
    stylesheets: dict[MergeSyntax, tuple[SaxonProcessor, Stylesheet]],
    syntax: MergeSyntax,
    path: Path,
) -> None:
    messages = run_merged(stylesheets, syntax, read_document(path))
    rejecting = [(m.rule_id, m.flag, m.location) for m in messages if m.flag in REJECTING_FLAGS]
    assert rejecting == []


# Per syntax: a business case, the element whose removal breaks R001, and the line amount
# whose change breaks R120.
BREAKABLE = {
    MergeSyntax.UBL: (
        "01.01a-INVOICE_ubl.xml",
        "/*/*[local-name() = 'ProfileID']",
        "/*/*[local-name() = 'InvoiceLine'][1]/*[local-name() = 'LineExtensionAmount']",
    ),
    MergeSyntax.CII: (
        "01.01a-INVOICE_uncefact.xml",
        "//*[local-name() = 'BusinessProcessSpecifiedDocumentContextParameter']",
        "(//*[local-name() = 'IncludedSupplyChainTradeLineItem'])[1]"
        "//*[local-name() = 'LineTotalAmount']",
    ),
}


@pytest.mark.parametrize("syntax", SYNTAXES, ids=str)
def test_merged_rules_fire_the_copied_peppol_rules(
    stylesheets: dict[MergeSyntax, tuple[SaxonProcessor, Stylesheet]], syntax: MergeSyntax
) -> None:
    name, profile_path, amount_path = BREAKABLE[syntax]
    document = read_document(require(BUSINESS_CASES / name))
    (profile,) = xpath_elements(document.getroot(), profile_path)
    parent = profile.getparent()
    assert parent is not None
    parent.remove(profile)
    (amount,) = xpath_elements(document.getroot(), amount_path)
    amount.text = str(float(amount.text or "0") + 1)

    fired = {(m.rule_id, m.flag) for m in run_merged(stylesheets, syntax, document)}
    assert ("PEPPOL-EN16931-R001", "fatal") in fired
    assert ("PEPPOL-EN16931-R120", "warning") in fired
