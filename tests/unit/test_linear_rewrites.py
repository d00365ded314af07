"""The rewrites that keep the cost of the compiled rules linear in the size of an invoice
(issue 13 item 3, issue 14 item 3): what they rewrite in the official rules, and what they
leave alone because the result could differ. ``tests/corpus/test_linear_rules.py`` proves
that what they rewrite fires as before."""

from __future__ import annotations

import re

import pytest

from einvoice_cli.schematron.compiler.compile import compile_schematron, load_schematron
from einvoice_cli.schematron.optimize.ancestors import rewrite_pattern
from einvoice_cli.schematron.optimize.keys import Keys
from einvoice_cli.schematron.optimize.rates import rewrite_rates
from tests.support.corpus import MIRROR, require

CEN = MIRROR / "raw.githubusercontent.com/ConnectingEurope/eInvoicing-EN16931/validation-1.3.15"
PEPPOL_UBL = (
    MIRROR / "raw.githubusercontent.com/OpenPEPPOL/peppol-bis-invoice-3/v3.0.19/rules/sch"
    "/PEPPOL-EN16931-UBL.sch"
)
CONTEXT = "/*/cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory[normalize-space(cbc:ID) = 'S']"
BINDING = "every $rate in xs:decimal(cbc:Percent) satisfies "
LINES = (
    BINDING
    + "sum(../../../cac:InvoiceLine[cac:Item/cac:ClassifiedTaxCategory/normalize-space(cbc:ID)"
    "='S'][cac:Item/cac:ClassifiedTaxCategory/xs:decimal(cbc:Percent) =$rate]"
    "/xs:decimal(cbc:LineExtensionAmount))"
)


@pytest.mark.parametrize(
    "sch",
    [
        "ubl/schematron/preprocessed/EN16931-UBL-validation-preprocessed.sch",
        "cii/schematron/preprocessed/EN16931-CII-validation-preprocessed.sch",
    ],
)
def test_every_per_rate_scan_of_cens_rules_is_a_key_lookup(sch: str) -> None:
    path = require(CEN / sch)
    source = path.read_text(encoding="utf-8")
    text = compile_schematron(load_schematron(path), path)
    # Each filter ``...[... = $rate]`` of the official text runs as one lookup.
    filters = len(re.findall(r"\$rate\s*\]", source))
    assert filters >= 9
    assert text.count("instance of xs:decimal) then key(") == filters
    used = set(re.findall(r"then key\('(evsch:k\d+)'", text))
    assert used == set(re.findall(r'<xsl:key name="(evsch:k\d+)"[^>]*use="evsch:kf', text))


def test_line_period_rules_decide_the_invoice_predicate_once() -> None:
    path = require(PEPPOL_UBL)
    text = compile_schematron(load_schematron(path), path)
    matches = re.findall(
        r'match="([^"]*cac:InvoiceLine/cac:InvoicePeriod/cbc:StartDate[^"]*)"', text
    )
    assert matches
    for match in matches:
        assert "[cac:InvoicePeriod/cbc:StartDate]" not in match
        assert "ubl-invoice:Invoice[key('evsch:k" in match


def test_rate_sum_becomes_a_lookup_that_keeps_its_predicates() -> None:
    keys = Keys("evsch:k")
    rewritten = rewrite_rates(LINES, CONTEXT, keys)
    assert rewritten == BINDING + (
        "sum((if ($rate instance of xs:decimal) then key('evsch:k1', $rate) | "
        "key('evsch:k1', 'odd') else ../../../cac:InvoiceLine)"
        "[cac:Item/cac:ClassifiedTaxCategory/normalize-space(cbc:ID)='S']"
        "[cac:Item/cac:ClassifiedTaxCategory/xs:decimal(cbc:Percent) =$rate]"
        "/xs:decimal(cbc:LineExtensionAmount))"
    )
    (key,) = keys.declared()
    assert key.match == "/*/cac:InvoiceLine"
    assert "xsl:try" in keys.functions()


@pytest.mark.parametrize(
    ("expression", "context"),
    [
        # ``..`` from a context at no fixed depth: no pattern names where it leads
        (LINES, "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory"),
        (LINES, "//cac:TaxSubtotal/cac:TaxCategory"),
        (LINES, "/*/cac:TaxTotal | /*/cac:TaxSubtotal/cac:TaxCategory"),
        # ``..`` that climbs from another node than the rule context
        (LINES.replace("sum(", "cac:X[sum(", 1) + "]", CONTEXT),
        (LINES.replace("sum(", "cac:X/(sum(", 1) + ")", CONTEXT),
        # a rate that is not bound to decimals
        (LINES.replace("xs:decimal(cbc:Percent) satisfies", "cbc:Percent satisfies", 1), CONTEXT),
        # a positional predicate, or one that reads another variable
        (LINES.replace("[cac:Item/", "[1][cac:Item/", 1), CONTEXT),
        (LINES.replace("normalize-space(cbc:ID)='S'", "normalize-space(cbc:ID)=$code"), CONTEXT),
        (LINES.replace("normalize-space(cbc:ID)='S'", "position() = 2"), CONTEXT),
        # the rate on the left, or compared with something else than equality
        (
            LINES.replace("xs:decimal(cbc:Percent) =$rate", "xs:decimal(cbc:Percent) <= $rate"),
            CONTEXT,
        ),
        # a path that does not start at the document or at the context's ancestors
        (LINES.replace("../../../cac:InvoiceLine", "$lines/cac:InvoiceLine"), CONTEXT),
    ],
)
def test_rate_filters_that_could_differ_stay_as_written(expression: str, context: str) -> None:
    keys = Keys("evsch:k")
    assert rewrite_rates(expression, context, keys) == expression
    assert not keys.declared()


def test_absolute_rate_filters_need_no_context() -> None:
    expression = (
        "some $rate in ../cbc:Percent/xs:decimal(.) satisfies "
        "exists(//cac:AllowanceCharge[cac:TaxCategory/xs:decimal(cbc:Percent) = $rate])"
    )
    keys = Keys("evsch:k")
    assert "key('evsch:k1', $rate)" in rewrite_rates(expression, "cac:AnyWhere", keys)
    assert keys.declared()[0].match == "//cac:AllowanceCharge"


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("a[b/c]/d/e", "a[key('evsch:k1', generate-id())]/d/e"),
        ("/a[b]//d[x]", "/a[key('evsch:k1', generate-id())]//d[x]"),
        ("a[b] | c[d]/e", "a[b] | c[key('evsch:k1', generate-id())]/e"),
        ("a[$flag]/b", "a[$flag]/b"),
        ("a[1]/b", "a[1]/b"),
        ("a[current()/x]/b", "a[current()/x]/b"),
        ("(a[b] | c)/d", "(a[b] | c)/d"),
        ("@a[b]/c", "@a[b]/c"),
        ("a[b = '/x[y]/z']", "a[b = '/x[y]/z']"),
    ],
)
def test_ancestor_predicates(pattern: str, expected: str) -> None:
    assert rewrite_pattern(pattern, Keys("evsch:k")) == expected
