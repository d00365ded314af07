"""Inlining ``xsl:import`` on KoSIT's own report stylesheets: the importing stylesheet's named
templates win, the rest of the imported one is kept, each module keeps its own namespaces in
what it writes, and joins that could not keep import precedence are refused."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from lxml import etree

from einvoice_cli.errors import RulePackError
from einvoice_cli.xml.saxon import SaxonProcessor
from einvoice_cli.xml.xsl_imports import XSL_NS, inline_import
from tests.support.corpus import MIRROR, require

CONFIGURATION = (
    MIRROR / "raw.githubusercontent.com/itplr-kosit/validator-configuration-xrechnung/v2026-01-31"
)
XSL = f"{{{XSL_NS}}}"


def stylesheet(name: str) -> etree._ElementTree:
    return etree.parse(str(require(CONFIGURATION / "src" / name)))


def templates_named(root: etree._Element, name: str) -> list[etree._Element]:
    return [e for e in root if e.tag == f"{XSL}template" and e.get("name") == name]


@pytest.fixture
def joined() -> etree._Element:
    importing = stylesheet("xrechnung-report.xsl")
    return inline_import(
        importing, stylesheet("default-report.xsl"), "default-report.xsl"
    ).getroot()


def test_the_import_is_gone_and_the_overrides_win(joined: etree._Element) -> None:
    assert joined.find(f"{XSL}import") is None
    [document_data] = templates_named(joined, "documentData")
    assert document_data.find("{http://www.xoev.de/de/validator/varl/1}documentData") is not None
    [html_document_data] = templates_named(joined, "html:documentData")
    assert html_document_data.find("{http://www.w3.org/1999/xhtml}dl") is not None


def test_the_rest_of_the_imported_stylesheet_is_kept(joined: etree._Element) -> None:
    imported = stylesheet("default-report.xsl").getroot()
    rules = [e.get("match") for e in imported if e.tag == f"{XSL}template" and e.get("match")]
    joined_rules = [e.get("match") for e in joined if e.tag == f"{XSL}template" and e.get("match")]
    assert joined_rules == rules
    assert len([e for e in joined if e.tag == f"{XSL}function"]) == 1
    assert joined.find(f"{XSL}param[@name='input-document']") is not None


def test_each_module_writes_only_its_own_namespaces(joined: etree._Element) -> None:
    # The UBL and CII prefixes are the importing module's; the imported report element must not
    # carry them, as it does not under KoSIT's xsl:import.
    [entry] = [e for e in joined if e.get("match") == "in:createReportInput"]
    assert {"ubl", "cbc", "cac", "rsm", "ram", "udt"} <= set(
        entry.get("exclude-result-prefixes", "").split()
    )
    [document_data] = templates_named(joined, "documentData")
    assert "cbc" not in document_data.get("exclude-result-prefixes", "").split()


def test_the_joined_stylesheet_compiles(joined: etree._Element, saxon: SaxonProcessor) -> None:
    text = etree.tostring(joined, encoding="unicode")
    assert saxon.compile_stylesheet(text, "joined report stylesheet").name


def test_an_import_of_another_file_is_refused() -> None:
    with pytest.raises(RulePackError, match=r"must import other\.xsl"):
        inline_import(
            stylesheet("xrechnung-report.xsl"), stylesheet("default-report.xsl"), "other.xsl"
        )


def test_template_rules_in_the_importing_stylesheet_are_refused() -> None:
    importing = copy.deepcopy(stylesheet("xrechnung-report.xsl"))
    etree.SubElement(importing.getroot(), f"{XSL}template", match="in:createReportInput")
    with pytest.raises(RulePackError, match="template rules"):
        inline_import(importing, stylesheet("default-report.xsl"), "default-report.xsl")


def test_a_prefix_bound_differently_is_refused() -> None:
    imported = stylesheet("default-report.xsl")
    root = imported.getroot()
    clash = etree.Element(root.tag, nsmap={**root.nsmap, "rep": "urn:example:other"})
    clash.extend(copy.deepcopy(list(root)))
    with pytest.raises(RulePackError, match="prefix 'rep'"):
        inline_import(
            stylesheet("xrechnung-report.xsl"), etree.ElementTree(clash), "default-report.xsl"
        )


def test_the_inputs_are_not_changed(tmp_path: Path) -> None:
    importing = stylesheet("xrechnung-report.xsl")
    before = etree.tostring(importing)
    inline_import(importing, stylesheet("default-report.xsl"), "default-report.xsl")
    assert etree.tostring(importing) == before
