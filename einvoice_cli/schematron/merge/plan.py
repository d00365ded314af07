"""What the XRechnung + Peppol merge does, as tables: the whitelist and the facts per syntax.

``merge.py`` performs the steps of ``reference/xrechnung-2.5.0-peppol-merge.md`` ("the
reference"); the values they use are here: the whitelisted Peppol rule ids, the names the merge
adds (namespace ``u``, ``let slackValue``), the title placeholders, and per syntax
(:class:`SyntaxMerge`) where the Peppol patterns go, the patterns the XRechnung rule set writes
itself, and the asserts and ``let`` values it rewrites. A new syntax or release is a new row, not
a branch in the steps.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

PEPPOL_WHITELIST: tuple[str, ...] = (
    "PEPPOL-EN16931-R001",
    "PEPPOL-EN16931-R005",
    "PEPPOL-EN16931-R008",
    "PEPPOL-EN16931-R010",
    "PEPPOL-EN16931-R020",
    "PEPPOL-EN16931-R040",
    "PEPPOL-EN16931-R041",
    "PEPPOL-EN16931-R042",
    "PEPPOL-EN16931-R043",
    "PEPPOL-EN16931-R044",
    "PEPPOL-EN16931-R046",
    "PEPPOL-EN16931-R053",
    "PEPPOL-EN16931-R054",
    "PEPPOL-EN16931-R055",
    "PEPPOL-EN16931-R061",
    "PEPPOL-EN16931-R101",
    "PEPPOL-EN16931-R110",
    "PEPPOL-EN16931-R111",
    "PEPPOL-EN16931-R120",
    "PEPPOL-EN16931-R121",
    "PEPPOL-EN16931-R130",
)
"""The Peppol rule ids the XRechnung rule set takes over (the reference, "Whitelist")."""

UTILS_PREFIX = "u"
UTILS_URI = "utils"

TITLE_SCHEMATRON_VERSION = "@xr-schematron.version.full@"
TITLE_XRECHNUNG_VERSION = "@xrechnung.version@"

SLACK_VALUE_LET = "slackValue"
SLACK_VALUE = "if($documentCurrencyCode = 'HUF') then 0.5 else 0.02"
DOCUMENT_CURRENCY_LET = "documentCurrencyCode"


class MergeSyntax(StrEnum):
    """The syntax of the XRechnung schema being merged; ``.value`` names its patterns."""

    UBL = "ubl"
    CII = "cii"


@dataclass(frozen=True, slots=True)
class NewAssert:
    """An assert the merge writes itself (the reference, step 5)."""

    id: str
    test: str
    text: str
    flag: str = "fatal"


@dataclass(frozen=True, slots=True)
class NewPattern:
    """A pattern with one rule that the merge writes itself (the reference, step 5)."""

    id: str
    context: str
    asserts: tuple[NewAssert, ...]


@dataclass(frozen=True, slots=True)
class Rewrite:
    """A new test, text and/or flag for one copied assert (the reference, step 7)."""

    id: str
    test: str | None = None
    text: str | None = None
    flag: str | None = None


@dataclass(frozen=True, slots=True)
class LetValue:
    """A new value for a rule-level ``let`` copied from Peppol (the reference, step 8)."""

    name: str
    value: str


@dataclass(frozen=True, slots=True)
class SyntaxMerge:
    """What the merge does differently for one syntax."""

    anchor_pattern: str
    """The XRechnung pattern before which the Peppol patterns go (step 4)."""
    pattern_prefix: str
    """Id of the N-th inserted Peppol pattern: this prefix and N (step 4)."""
    new_patterns: tuple[NewPattern, ...]
    rewrites: tuple[Rewrite, ...]
    let_values: tuple[LetValue, ...]


_R120_TEST = (
    "u:slack($lineExtensionAmount, ($quantity * ($priceAmount div $baseQuantity))"
    " + $chargesTotal - $allowancesTotal, $slackValue)"
)

_UBL = SyntaxMerge(
    anchor_pattern="ubl-pattern",
    pattern_prefix="peppol-ubl-pattern-",
    new_patterns=(),
    rewrites=(
        Rewrite(
            id="PEPPOL-EN16931-R040",
            test=(
                "not(cbc:MultiplierFactorNumeric and cbc:BaseAmount) or u:slack(if (cbc:Amount)"
                " then cbc:Amount else 0, (xs:decimal(cbc:BaseAmount)"
                " * xs:decimal(cbc:MultiplierFactorNumeric)) div 100, $slackValue)"
            ),
        ),
        Rewrite(id="PEPPOL-EN16931-R120", test=_R120_TEST, flag="warning"),
    ),
    let_values=(),
)

_CII_TAX_TOTAL = "ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:TaxTotalAmount"
_CII_BASIS_QUANTITY = "ram:SpecifiedLineTradeAgreement/ram:{price}/ram:BasisQuantity"

_CII = SyntaxMerge(
    anchor_pattern="cii-pattern",
    pattern_prefix="peppol-cii-pattern-",
    new_patterns=(
        NewPattern(
            id="peppol-cii-pattern-0-a",
            context=(
                "//*[not(name() = 'ram:ApplicableHeaderTradeDelivery') and not(*)"
                " and not(normalize-space())]"
            ),
            asserts=(
                NewAssert(
                    id="PEPPOL-EN16931-R008",
                    test="false()",
                    text="Document MUST not contain empty elements.",
                ),
            ),
        ),
        NewPattern(
            id="peppol-cii-pattern-0-b",
            context=(
                "rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem"
                "/ram:SpecifiedLineTradeAgreement/ram:GrossPriceProductTradePrice"
            ),
            asserts=(
                NewAssert(
                    id="PEPPOL-EN16931-R044",
                    test=(
                        "not(ram:AppliedTradeAllowanceCharge/ram:ActualAmount) or"
                        " ram:AppliedTradeAllowanceCharge/ram:ChargeIndicator/udt:Indicator"
                        " = 'false'"
                    ),
                    text="Charge on price level is NOT allowed. Only value 'false' allowed.",
                ),
                NewAssert(
                    id="PEPPOL-EN16931-R046",
                    test=(
                        "not(ram:ChargeAmount) or"
                        " xs:decimal(../ram:NetPriceProductTradePrice/ram:ChargeAmount)"
                        " = xs:decimal(ram:ChargeAmount)"
                        " - u:decimalOrZero(ram:AppliedTradeAllowanceCharge/ram:ActualAmount[1])"
                    ),
                    text=(
                        "Item net price MUST equal (Gross price - Allowance amount) when gross"
                        " price is provided."
                    ),
                ),
            ),
        ),
    ),
    rewrites=(
        Rewrite(
            id="PEPPOL-EN16931-R053",
            test=f"count({_CII_TAX_TOTAL}[@currencyID = $documentCurrencyCode]) <=1",
            text=(
                "No more than one tax total amount must be provided where currency id equals"
                " document currency code."
            ),
        ),
        Rewrite(
            id="PEPPOL-EN16931-R054",
            text=(
                "Only one tax total amount must be provided where currency id equals tax"
                " currency code, if tax currency code (BT-6) is provided."
            ),
        ),
        Rewrite(
            id="PEPPOL-EN16931-R101",
            text="Element Additional referenced document can only be used for Invoice line object.",
        ),
        Rewrite(
            id="PEPPOL-EN16931-R055",
            test=(
                "not(/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction"
                "/ram:ApplicableHeaderTradeSettlement/ram:TaxCurrencyCode and"
                f" {_CII_TAX_TOTAL}[@currencyID = $documentCurrencyCode])"
                f" or ({_CII_TAX_TOTAL}[@currencyID = $taxCurrencyCode] < 0"
                f" and {_CII_TAX_TOTAL}[@currencyID = $documentCurrencyCode] < 0)"
                f" or ({_CII_TAX_TOTAL}[@currencyID = $taxCurrencyCode] >= 0"
                f" and {_CII_TAX_TOTAL}[@currencyID = $documentCurrencyCode] >= 0)"
            ),
        ),
        Rewrite(
            id="PEPPOL-EN16931-R040",
            test=(
                "not(ram:CalculationPercent and ram:BasisAmount) or u:slack(if (ram:ActualAmount)"
                " then ram:ActualAmount else 0, (xs:decimal(ram:BasisAmount)"
                " * xs:decimal(ram:CalculationPercent)) div 100, $slackValue)"
            ),
        ),
        Rewrite(id="PEPPOL-EN16931-R120", test=_R120_TEST, flag="warning"),
    ),
    let_values=(
        LetValue(
            name="baseQuantity",
            value=(
                "if ({net} and xs:decimal({net}) != 0) then xs:decimal({net})"
                " else if ({gross} and xs:decimal({gross}) != 0) then xs:decimal({gross})"
                " else 1"
            ).format(
                net=_CII_BASIS_QUANTITY.format(price="NetPriceProductTradePrice"),
                gross=_CII_BASIS_QUANTITY.format(price="GrossPriceProductTradePrice"),
            ),
        ),
    ),
)

SYNTAX_MERGES: dict[MergeSyntax, SyntaxMerge] = {MergeSyntax.UBL: _UBL, MergeSyntax.CII: _CII}
