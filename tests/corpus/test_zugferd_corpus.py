"""ZUGFeRD / Factur-X end to end on the corpus: every correct/ file gets a verdict with a
recognised profile; the committed verdict table is what the code produces; every correct/ file
we do not accept and every fail/ file we accept is explained; the XML-Rechnung twins agree; the
Factur-X rules with their code lists inlined fire exactly what the shipped stylesheets fire."""

from __future__ import annotations

import collections
from pathlib import Path

import facturx
import pytest
from lxml import etree
from saxonche import PySaxonProcessor

from einvoice_cli.core.findings import Severity
from einvoice_cli.core.results import DocumentResult
from einvoice_cli.core.verdict import Verdict
from einvoice_cli.rulepacks.scenarios import ArtifactRef
from einvoice_cli.schematron.runtime.svrl import parse_svrl
from einvoice_cli.validation.engine import RuleEngine
from einvoice_cli.xml.parser import ParseSettings, parse_xml
from scripts import zugferd_verdicts
from tests.support.corpus import ZUGFERD, files, ident, require


@pytest.fixture(scope="module")
def corpus(engine: RuleEngine) -> list[tuple[str, DocumentResult]]:
    require(ZUGFERD)
    return zugferd_verdicts.corpus_results(engine)


def test_the_committed_verdict_table_is_current(corpus: list[tuple[str, DocumentResult]]) -> None:
    expected = zugferd_verdicts.render(corpus, zugferd_verdicts.load_notes())
    assert zugferd_verdicts.TABLE.read_text(encoding="utf-8") == expected, (
        "docs/zugferd-corpus-verdicts.md is stale: run python scripts/zugferd_verdicts.py"
    )


def test_every_correct_pdf_gets_a_verdict_and_a_profile(
    corpus: list[tuple[str, DocumentResult]],
) -> None:
    pdfs = [(p, r) for p, r in corpus if "/correct/" in p and p.endswith(".pdf")]
    assert len(pdfs) == 20
    for path, result in pdfs:
        assert result.verdict in (Verdict.ACCEPT, Verdict.REJECT), (path, result.error)
        assert result.container.value == "pdf"
        assert result.profile is not None, path
        assert result.attachment is not None


def test_every_surprise_is_explained_by_a_finding_and_a_note(
    corpus: list[tuple[str, DocumentResult]],
) -> None:
    notes = zugferd_verdicts.load_notes()
    surprises = {p for p, r in corpus if zugferd_verdicts.surprising(p, r)}
    assert surprises, "the corpus has files whose verdict differs from their folder"
    assert surprises <= set(notes), f"unexplained: {sorted(surprises - set(notes))}"
    assert set(notes) <= surprises, f"notes for files that need none: {set(notes) - surprises}"
    for path, result in corpus:
        if path in surprises and result.verdict is not Verdict.ACCEPT:
            errors = {f.rule for f in result.findings if f.severity is Severity.ERROR}
            assert errors, f"{path} is rejected without an error finding"


TWINS = files(ZUGFERD / "XML-Rechnung" / "FX", "*.pdf")


@pytest.mark.parametrize("pdf", TWINS, ids=ident)
def test_pdf_and_its_cii_twin(pdf: Path, corpus: list[tuple[str, DocumentResult]]) -> None:
    results = dict(corpus)
    cii = ZUGFERD / "XML-Rechnung" / "CII" / (pdf.stem + ".cii.xml")
    from_pdf = results[str(pdf.relative_to(ZUGFERD))]
    from_xml = results[str(require(cii).relative_to(ZUGFERD))]
    if pdf.name.startswith("XRECHNUNG_"):
        # The corpus pairs ZUGFeRD 2.2 PDFs (XRechnung 2.1) with 2.3 CII files (XRechnung 3.0):
        # different documents, so different verdicts (the retired 2.1 has no scenario).
        assert from_pdf.specification != from_xml.specification
        assert from_pdf.verdict is Verdict.REJECT
        assert from_xml.verdict is Verdict.ACCEPT
        return
    assert from_pdf.verdict is from_xml.verdict
    assert from_pdf.profile == from_xml.profile == "en16931"


FACTURX_XSLT = {
    "minimum": "facturx-minimum/Factur-X_1.09_MINIMUM.xsl",
    "basicwl": "facturx-basicwl/FACTUR-X_BASIC-WL.xslt",
    "basic": "facturx-basic/Factur-X_1.09_BASIC.xsl",
    "en16931": "facturx-en16931/FACTUR-X_EN16931.xslt",
    "extended": "facturx-extended/FACTUR-X_EXTENDED.xslt",
}


def test_inlined_code_lists_fire_what_the_shipped_stylesheets_fire(engine: RuleEngine) -> None:
    # The shipped stylesheets read their code lists from disk: run them on a processor of
    # their own that may open files, and compare with ours (which may not).
    base = Path(facturx.__file__).parent / "xsd_and_schematron"
    plain = PySaxonProcessor(license=False)
    compiler = plain.new_xslt30_processor()
    documents = [
        parse_xml(p.read_bytes(), str(p), ParseSettings())
        for p in files(ZUGFERD / "ZUGFeRDv2", "*.xml") + files(ZUGFERD / "XML-Rechnung" / "CII")
    ]
    compared = 0
    for profile, relative in FACTURX_XSLT.items():
        shipped = compiler.compile_stylesheet(stylesheet_file=str(base / relative))
        ours = engine.stylesheet(ArtifactRef("facturx", "1.09.2", f"{profile}-schematron"))
        for tree in documents:
            text = etree.tostring(tree, encoding="unicode")
            expected = parse_svrl(
                shipped.transform_to_string(xdm_node=plain.parse_xml(xml_text=text))
            )
            actual = parse_svrl(ours.transform(engine.saxon.document(tree)))
            key = lambda m: (m.rule_id, m.flag, m.location, m.text)  # noqa: E731
            assert collections.Counter(map(key, actual)) == collections.Counter(map(key, expected))
            compared += 1
    assert compared == 5 * len(documents)
