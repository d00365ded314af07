"""Official checks without an id (the Factur-X rules' "marked as not used" reports) get a stable
generated id (issue 13 item 10): ``FX-NOID-<8 hex>`` from the check's kind, rule context and
test. Every report format carries it where "(no id)" stood, and ``einvoice explain`` knows it;
the KoSIT report keeps what KoSIT writes (``UNSPECIFIC``)."""

from __future__ import annotations

import csv
import io
import json
import re

from lxml import etree

from einvoice_cli.core.findings import Source
from einvoice_cli.schematron.generated_ids import generated_id, is_generated_id
from tests.conftest import CliRun
from tests.support.corpus import ZUGFERD, require

BASICWL = ZUGFERD / "ZUGFeRDv2" / "correct" / "FNFE-factur-x-examples" / "Facture_FR_BASICWL.pdf"
CURRENCY_ON_TAX = "FX-NOID-0B49E66D"
"""The BASIC WL report that BT-117 carries a currencyID, which that profile does not use."""
CONTEXT = (
    "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction"
    "/ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax/ram:CalculatedAmount"
)
GENERATED = re.compile(r"^FX-NOID-[0-9A-F]{8}$")


def test_the_id_depends_only_on_the_check() -> None:
    # Written out: a change of the recipe would rename every generated id users may filter on.
    assert generated_id(Source.FACTURX, "successful-report", CONTEXT, "@currencyID") == (
        CURRENCY_ON_TAX
    )
    spaced = generated_id(Source.FACTURX, "successful-report", f"  {CONTEXT}\n", " @currencyID")
    assert spaced == CURRENCY_ON_TAX
    assert generated_id(Source.FACTURX, "failed-assert", CONTEXT, "@currencyID") != (
        CURRENCY_ON_TAX
    )
    assert generated_id(Source.EN16931, "failed-assert", None, "x").startswith("EN16931-NOID-")
    assert is_generated_id(CURRENCY_ON_TAX)
    assert not is_generated_id("FX-SCH-A-000026")
    assert not is_generated_id("(no id)")


def test_json_and_sarif_carry_the_generated_id(run_cli: CliRun) -> None:
    document = json.loads(run_cli(["validate", "-f", "json", str(require(BASICWL))]).stdout)
    rules = [f["rule"] for f in document["documents"][0]["findings"] if f["source"] == "facturx"]
    assert rules and all(GENERATED.match(rule) for rule in rules), rules
    assert CURRENCY_ON_TAX in rules
    sarif = json.loads(run_cli(["validate", "-f", "sarif", str(require(BASICWL))]).stdout)
    [run] = sarif["runs"]
    ids = {result["ruleId"] for result in run["results"]}
    assert "(no id)" not in ids
    assert set(rules) <= ids
    assert set(rules) <= {rule["id"] for rule in run["tool"]["driver"]["rules"]}


def test_text_csv_and_html_carry_it(run_cli: CliRun) -> None:
    path = str(require(BASICWL))
    assert f"{CURRENCY_ON_TAX}  Attribute @currencyID" in run_cli(["validate", path]).stdout
    table = run_cli(["validate", "-f", "csv", path]).stdout.lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(table), delimiter=";"))
    assert CURRENCY_ON_TAX in {row["rule"] for row in rows}
    assert "(no id)" not in {row["rule"] for row in rows}
    assert CURRENCY_ON_TAX in run_cli(["validate", "-f", "html", path]).stdout


def test_explain_knows_the_generated_id(run_cli: CliRun) -> None:
    result = run_cli(["explain", CURRENCY_ON_TAX])
    assert result.exit_code == 0
    assert "Attribute @currencyID' marked as not used in the given context." in result.stdout
    assert "facturx@1.09.2:basicwl-schematron" in result.stdout
    assert f"context: {CONTEXT}" in result.stdout
    assert "test: @currencyID" in result.stdout


def test_explain_knows_factur_x_rules_with_an_id(run_cli: CliRun) -> None:
    # The ISO skeleton writes an id as an xsl:attribute, not as an attribute of the output.
    result = run_cli(["explain", "FX-SCH-A-000026"])
    assert result.exit_code == 0
    assert "Value of 'ram:ID' is not allowed." in result.stdout
    assert "facturx@1.09.2:basic-schematron" in result.stdout


def test_the_kosit_report_keeps_unspecific(run_cli: CliRun) -> None:
    result = run_cli(["validate", "-f", "kosit", str(require(BASICWL))])
    report = etree.fromstring(result.stdout.encode("utf-8"))
    codes = {m.get("code") for m in report.iter("{http://www.xoev.de/de/validator/varl/1}message")}
    assert "UNSPECIFIC" in codes
    assert not any(code and is_generated_id(code) for code in codes)
