"""Our scenario table reproduces the official KoSIT XRechnung configuration (2026-01-31).

The official ``scenarios.xml`` is a release template; its placeholders are filled as DESIGN.md
lists. Every scenario's name, order, match expression, XML Schema, Schematron steps and
customLevel overrides must be the official ones.
"""

from __future__ import annotations

import pytest
from lxml import etree

from einvoice_cli.core.detect import Syntax
from einvoice_cli.rulepacks.catalog import Catalog, load_catalog
from tests.support.corpus import REFERENCE, require

S = "{http://www.xoev.de/de/validator/framework/1/scenarios}"
SPEC = "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"
PLACEHOLDERS = {
    "@xrechnung.spec.id@": SPEC,
    "@xrechnung.extension.id@": SPEC + "#conformant#urn:xeinkauf.de:kosit:extension:xrechnung_3.0",
    "@xrechnung.cvd.id@": SPEC + "#compliant#urn:xeinkauf.de:kosit:xrechnung:cvd_0.9",
}
# Official resource locations -> our artifacts (same files: UBL 2.1 XSDs, CII D16B XSD from
# the CEN repository, CEN 1.3.15 rules, XRechnung Schematron 2.5.0).
RESOURCES = {
    "resources/ubl/2.1/xsd/maindoc/UBL-Invoice-2.1.xsd": "ubl@2.1:invoice-xsd",
    "resources/ubl/2.1/xsd/maindoc/UBL-CreditNote-2.1.xsd": "ubl@2.1:creditnote-xsd",
    "resources/cii/16b/xsd/CrossIndustryInvoice_100pD16B.xsd": "cen-en16931@1.3.15:cii-xsd",
    "resources/ubl/2.1/xsl/EN16931-UBL-validation.xsl": "cen-en16931@1.3.15:ubl-schematron",
    "resources/cii/16b/xsl/EN16931-CII-validation.xsl": "cen-en16931@1.3.15:cii-schematron",
    "resources/xrechnung/@xrechnung.version@/xsl/XRechnung-UBL-validation.xsl": (
        "xrechnung@2.5.0:ubl-schematron"
    ),
    "resources/xrechnung/@xrechnung.version@/xsl/XRechnung-CII-validation.xsl": (
        "xrechnung@2.5.0:cii-schematron"
    ),
}


def fill(text: str) -> str:
    for placeholder, value in PLACEHOLDERS.items():
        text = text.replace(placeholder, value)
    return " ".join(text.split())


@pytest.fixture(scope="module")
def official() -> list[etree._Element]:
    path = require(
        REFERENCE / "kosit-validator-configuration-xrechnung-2026-01-31" / "scenarios.xml"
    )
    return list(etree.parse(str(path)).getroot().iter(S + "scenario"))


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def test_same_scenarios_in_the_same_order(official: list[etree._Element], catalog: Catalog) -> None:
    ours = next(c for c in catalog.configurations if c.id == "xrechnung-2026-01-31")
    assert [s.findtext(S + "name") for s in official] == [s.name for s in ours.scenarios]
    assert len(ours.scenarios) == 11


def test_each_scenario_matches_the_official_one(
    official: list[etree._Element], catalog: Catalog
) -> None:
    ours = {s.name: s for s in catalog.scenarios}
    for element in official:
        scenario = ours[str(element.findtext(S + "name"))]
        match = fill(str(element.findtext(S + "match")))
        assert match.startswith("exists(") and match.endswith(")")
        assert fill(scenario.match) == "boolean(" + match[len("exists(") :]
        assert scenario.specification in match
        schema = element.find(f"{S}validateWithXmlSchema/{S}resource/{S}location")
        assert schema is not None
        assert str(scenario.xsd) == RESOURCES[str(schema.text)]
        steps = element.findall(f"{S}validateWithSchematron/{S}resource/{S}location")
        assert [str(s.rules) for s in scenario.schematron] == [
            RESOURCES[str(e.text)] for e in steps
        ]
        names = element.findall(f"{S}validateWithSchematron/{S}resource/{S}name")
        assert [s.name for s in scenario.schematron] == [fill(str(n.text)) for n in names]
        levels = {str(e.text): str(e.get("level")) for e in element.iter(S + "customLevel")}
        assert {k: v.value for k, v in scenario.custom_levels.items()} == levels
        namespaces = {str(n.get("prefix")): str(n.text) for n in element.iter(S + "namespace")}
        for prefix, uri in scenario.namespaces.items():
            assert namespaces[prefix] == uri


def test_syntax_of_each_scenario_follows_its_match(catalog: Catalog) -> None:
    roots = {
        Syntax.UBL_INVOICE: "/invoice:Invoice",
        Syntax.UBL_CREDITNOTE: "/creditnote:CreditNote",
        Syntax.CII: "/rsm:CrossIndustryInvoice",
        Syntax.ZUGFERD_1: "/rsm:CrossIndustryDocument",
    }
    for scenario in catalog.scenarios:
        assert roots[scenario.syntax] in scenario.match, scenario.name
