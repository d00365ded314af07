"""Factur-X output: each CII invoice of zugferd-corpus/XML-Rechnung, embedded into a visual PDF
made here, gives a PDF that the validator accepts with its PDF-side rules (not even a warning),
whose XMP, file name and AFRelationship are the profile's, and which gives back the same XML.

Two of the corpus's CII files are rejected as they are (their buyer's electronic address has
scheme 9958, not in the EAS code list of these rules): they are refused, and when forced, the
PDF has no PDF-side finding and only the XML's own errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from einvoice_cli.conversion.convert import ConversionOptions, Outcome, Target, convert_document
from einvoice_cli.core.findings import Finding, Severity, Source
from einvoice_cli.core.results import Container
from einvoice_cli.core.verdict import Verdict
from einvoice_cli.errors import InputError
from einvoice_cli.hybrid.facturx import FacturXError
from einvoice_cli.hybrid.pdf import PdfSettings, extract_attachments, extract_invoice
from einvoice_cli.hybrid.profiles import AFRelationship
from einvoice_cli.validation.engine import RuleEngine
from tests.support.convert_support import canonical, visual_pdf
from tests.support.corpus import PEPPOL, XRECHNUNG_TESTSUITE, ZUGFERD, files, ident, require

TWINS_CII = files(ZUGFERD / "XML-Rechnung" / "CII")
REJECTED_AS_GIVEN = {
    "EN16931_ElektronischeAdresse.cii.xml": {"FX-SCH-A-000571"},
    "EN16931_RechnungsUebertragung.cii.xml": {"FX-SCH-A-000571"},
}
"""The corpus files the validator rejects before any conversion, and the rules that reject the
XML inside the PDF (the Factur-X EN 16931 rules' code list check of the scheme, BT-49-1)."""

FNFE = ZUGFERD / "ZUGFeRDv2" / "correct" / "FNFE-factur-x-examples"


@pytest.fixture(scope="module")
def blank() -> bytes:
    return visual_pdf()


def pdf_findings(findings: tuple[Finding, ...]) -> list[Finding]:
    return [f for f in findings if f.source is Source.PDF]


@pytest.mark.parametrize("path", TWINS_CII, ids=ident)
def test_cii_becomes_an_accepted_facturx_pdf(path: Path, blank: bytes, engine: RuleEngine) -> None:
    xml = path.read_bytes()
    rejected_by = REJECTED_AS_GIVEN.get(path.name)
    options = ConversionOptions(visual_pdf=blank, force=rejected_by is not None)
    conversion = convert_document(xml, path.name, Target.FACTURX, options, engine)

    output = conversion.output
    assert output is not None and conversion.document is not None
    assert output.container is Container.PDF
    assert pdf_findings(output.findings) == []
    errors = {f.rule for f in output.findings if f.severity is Severity.ERROR}
    if rejected_by is None:
        assert conversion.outcome is Outcome.CONVERTED
        assert output.verdict is Verdict.ACCEPT
    else:
        assert conversion.input.verdict is Verdict.REJECT
        assert errors == rejected_by
    assert conversion.losses == ()

    invoice = extract_invoice(conversion.document, "out.pdf", PdfSettings())
    assert canonical(invoice.xml) == canonical(xml)
    xrechnung = path.name.startswith("XRECHNUNG_")
    assert output.profile == ("xrechnung" if xrechnung else "en16931")
    assert invoice.attachment.name == ("xrechnung.xml" if xrechnung else "factur-x.xml")
    assert invoice.attachment.relationship is AFRelationship.ALTERNATIVE
    assert invoice.attachment.mime_type == "text/xml"
    assert invoice.attachment.in_af and invoice.attachment.in_name_tree
    xmp = invoice.xmp
    assert xmp.namespace == "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#"
    assert xmp.document_file_name == invoice.attachment.name
    assert xmp.document_type == "INVOICE"
    assert (xmp.version, xmp.conformance_level) == (
        ("3.0", "XRECHNUNG") if xrechnung else ("1.0", "EN 16931")
    )
    assert (xmp.pdfa_part, xmp.pdfa_conformance) == ("3", "B")


def test_the_corpus_rejects_exactly_the_listed_files(engine: RuleEngine, blank: bytes) -> None:
    for name in REJECTED_AS_GIVEN:
        path = require(ZUGFERD / "XML-Rechnung" / "CII" / name)
        options = ConversionOptions(visual_pdf=blank)
        refused = convert_document(path.read_bytes(), name, Target.FACTURX, options, engine)
        assert refused.outcome is Outcome.INPUT_REJECTED
        assert refused.document is None


def test_ubl_is_converted_to_cii_and_embedded(engine: RuleEngine, blank: bytes) -> None:
    path = require(XRECHNUNG_TESTSUITE / "business-cases" / "standard" / "01.01a-INVOICE_ubl.xml")
    options = ConversionOptions(visual_pdf=blank)
    conversion = convert_document(path.read_bytes(), path.name, Target.FACTURX, options, engine)
    assert conversion.outcome is Outcome.CONVERTED
    assert conversion.output is not None and conversion.document is not None
    assert conversion.output.scenario == "EN16931 XRechnung (CII)"
    assert conversion.output.attachment == "xrechnung.xml"
    assert pdf_findings(conversion.output.findings) == []
    invoice = extract_invoice(conversion.document, "out.pdf", PdfSettings())
    assert (invoice.xmp.version, invoice.xmp.conformance_level) == ("3.0", "XRECHNUNG")


@pytest.mark.parametrize(
    ("name", "level"),
    [("Facture_FR_MINIMUM.pdf", "MINIMUM"), ("Facture_UE_BASICWL.pdf", "BASIC WL")],
)
def test_minimum_and_basic_wl_are_embedded_as_data(
    name: str, level: str, engine: RuleEngine, blank: bytes
) -> None:
    # FNFE's examples break today's Factur-X rules in their XML, so they are forced; the PDF
    # side is what this test is about.
    path = require(FNFE / name)
    options = ConversionOptions(visual_pdf=blank, force=True)
    conversion = convert_document(path.read_bytes(), name, Target.FACTURX, options, engine)
    assert conversion.output is not None and conversion.document is not None
    assert pdf_findings(conversion.output.findings) == []
    invoice = extract_invoice(conversion.document, "out.pdf", PdfSettings())
    assert invoice.attachment.relationship is AFRelationship.DATA
    assert invoice.xmp.conformance_level == level


def test_files_of_the_visual_pdf_are_kept_and_an_old_invoice_replaced(
    engine: RuleEngine,
) -> None:
    old = require(ZUGFERD / "XML-Rechnung" / "CII" / "EN16931_Miete.cii.xml").read_bytes()
    visual = visual_pdf([("factur-x.xml", old), ("Leistungsnachweis.txt", b"42 hours")])
    path = require(ZUGFERD / "XML-Rechnung" / "CII" / "EN16931_Einfach.cii.xml")
    options = ConversionOptions(visual_pdf=visual, visual_pdf_name="visual.pdf")
    conversion = convert_document(path.read_bytes(), path.name, Target.FACTURX, options, engine)
    assert conversion.outcome is Outcome.CONVERTED and conversion.document is not None
    assert (
        "visual.pdf already embeds the invoice file factur-x.xml; it is replaced by the new "
        "invoice" in conversion.notes
    )
    embedded = dict(
        (attachment.name, data)
        for attachment, data in extract_attachments(conversion.document, "out", PdfSettings())
    )
    assert embedded == {"Leistungsnachweis.txt": b"42 hours", "factur-x.xml": path.read_bytes()}


def test_a_visual_pdf_that_is_not_pdfa_is_noted(engine: RuleEngine, blank: bytes) -> None:
    path = require(ZUGFERD / "XML-Rechnung" / "CII" / "EN16931_Einfach.cii.xml")
    pdfa = require(ZUGFERD / "XML-Rechnung" / "FX" / "EN16931_Miete.pdf").read_bytes()
    for visual, noted in ((blank, True), (pdfa, False)):
        options = ConversionOptions(visual_pdf=visual, visual_pdf_name="visual.pdf")
        conversion = convert_document(path.read_bytes(), path.name, Target.FACTURX, options, engine)
        assert any("does not identify itself as PDF/A" in n for n in conversion.notes) is noted


def test_an_encrypted_visual_pdf_is_refused(engine: RuleEngine) -> None:
    path = require(ZUGFERD / "XML-Rechnung" / "CII" / "EN16931_Einfach.cii.xml")
    readable = ConversionOptions(visual_pdf=visual_pdf(user_password=""))
    with pytest.raises(FacturXError, match="encrypted"):
        convert_document(path.read_bytes(), path.name, Target.FACTURX, readable, engine)
    locked = ConversionOptions(visual_pdf=visual_pdf(user_password="secret"))
    with pytest.raises(InputError, match="encrypted"):
        convert_document(path.read_bytes(), path.name, Target.FACTURX, locked, engine)


def test_a_visual_that_is_not_a_pdf_is_an_input_error(engine: RuleEngine) -> None:
    path = require(ZUGFERD / "XML-Rechnung" / "CII" / "EN16931_Einfach.cii.xml")
    options = ConversionOptions(visual_pdf=b"GIF89a", visual_pdf_name="logo.gif")
    with pytest.raises(InputError, match=r"logo\.gif: not a PDF"):
        convert_document(path.read_bytes(), path.name, Target.FACTURX, options, engine)


def test_an_invoice_of_no_facturx_profile_is_refused(engine: RuleEngine, blank: bytes) -> None:
    path = require(PEPPOL / "rules" / "examples" / "base-example.xml")
    options = ConversionOptions(visual_pdf=blank)
    with pytest.raises(FacturXError, match=r"\(BT-24\) .*peppol.* names no Factur-X"):
        convert_document(path.read_bytes(), path.name, Target.FACTURX, options, engine)
