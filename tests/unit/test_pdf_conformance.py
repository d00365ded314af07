"""The PDF-side rules: every rule on a PDF built to break it, and the corpus's findings."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from einvoice_cli.core.findings import Severity, Source
from einvoice_cli.core.languages import Language
from einvoice_cli.hybrid.conformance import RULES, check_pdf_invoice
from einvoice_cli.hybrid.inspection import inspect_pdf
from einvoice_cli.hybrid.pdf import Attachment, Choice, OtherInvoice, PdfInvoice, PdfSettings
from einvoice_cli.hybrid.profiles import AFRelationship, Family, ProfileId
from einvoice_cli.hybrid.xmp import XmpFacts
from tests.support.corpus import ZUGFERD, files, ident
from tests.support.pdfsamples import ZF1_NAMESPACE, Embedded, build_pdf, en16931_xml, xmp_packet

EN16931 = "urn:cen.eu:en16931:2017"
MINIMUM = "urn:factur-x.eu:1p0:minimum"
XRECHNUNG_21 = "urn:cen.eu:en16931:2017#compliant#urn:xoev-de:kosit:standard:xrechnung_2.1"
ZF1_COMFORT = "urn:ferd:CrossIndustryDocument:invoice:1p0:comfort"
FX = "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#"

_ATTACHMENT = Attachment(
    name="factur-x.xml",
    key="factur-x.xml",
    mime_type="text/xml",
    relationship=AFRelationship.ALTERNATIVE,
    relationship_name="Alternative",
    in_name_tree=True,
    in_af=True,
    declared_size=None,
)
_XMP = XmpFacts(
    present=True,
    namespace=FX,
    family=Family.FACTURX,
    document_file_name="factur-x.xml",
    document_type="INVOICE",
    version="1.0",
    conformance_level="EN 16931",
    pdfa_part="3",
    pdfa_conformance="B",
)


def _attachment(
    *,
    name: str = "factur-x.xml",
    key: str | None = "factur-x.xml",
    mime_type: str | None = "text/xml",
    relationship: AFRelationship | None = AFRelationship.ALTERNATIVE,
    relationship_name: str | None = "Alternative",
    in_af: bool = True,
) -> Attachment:
    return dataclasses.replace(
        _ATTACHMENT,
        name=name,
        key=key,
        mime_type=mime_type,
        relationship=relationship,
        relationship_name=relationship_name,
        in_af=in_af,
    )


def _xmp(
    *,
    namespace: str | None = FX,
    family: Family | None = Family.FACTURX,
    document_file_name: str | None = "factur-x.xml",
    document_type: str | None = "INVOICE",
    version: str | None = "1.0",
    conformance_level: str | None = "EN 16931",
    pdfa_part: str | None = "3",
    pdfa_conformance: str | None = "B",
) -> XmpFacts:
    return XmpFacts(
        present=True,
        namespace=namespace,
        family=family,
        document_file_name=document_file_name,
        document_type=document_type,
        version=version,
        conformance_level=conformance_level,
        pdfa_part=pdfa_part,
        pdfa_conformance=pdfa_conformance,
    )


def _invoice(
    attachment: Attachment = _ATTACHMENT,
    *,
    xmp: XmpFacts = _XMP,
    others: tuple[OtherInvoice, ...] = (),
    encrypted: bool = False,
) -> PdfInvoice:
    """A correct Factur-X EN 16931 PDF, as extracted, with the given changes."""
    return PdfInvoice(
        name="x.pdf",
        xml=b"<x/>",
        attachment=attachment,
        attachments=(attachment,),
        choice=Choice.XMP_NAMED,
        reason="took factur-x.xml: the XMP metadata names it as DocumentFileName",
        xmp=xmp,
        others=others,
        encrypted=encrypted,
    )


def _rules(invoice: PdfInvoice, specification: str | None = EN16931) -> list[str]:
    return [f.rule for f in check_pdf_invoice(invoice, specification)]


def test_a_correct_factur_x_pdf_has_no_findings() -> None:
    assert _rules(_invoice()) == []


# Each case breaks one thing; the findings are exactly those listed.
CASES: list[tuple[str, PdfInvoice, str | None, list[str]]] = [
    ("no XMP", _invoice(xmp=XmpFacts(present=False)), EN16931, ["PDF-XMP-01"]),
    (
        "unreadable XMP",
        _invoice(xmp=XmpFacts(present=True, problem="XMP metadata: not well-formed XML")),
        EN16931,
        ["PDF-XMP-01"],
    ),
    (
        "no invoice properties",
        _invoice(xmp=XmpFacts(present=True, pdfa_part="3", pdfa_conformance="B")),
        EN16931,
        ["PDF-XMP-02"],
    ),
    (
        "unknown namespace",
        _invoice(xmp=_xmp(namespace="urn:factur-x:pdfa:crossindustrydocument:1p0#", family=None)),
        EN16931,
        ["PDF-XMP-02"],
    ),
    (
        "ZUGFeRD 1.0 schema around a Factur-X invoice",
        _invoice(xmp=_xmp(namespace=ZF1_NAMESPACE, family=Family.ZUGFERD_1)),
        EN16931,
        ["PDF-XMP-03"],
    ),
    (
        "other file name",
        _invoice(xmp=_xmp(document_file_name="invoice.xml")),
        EN16931,
        ["PDF-XMP-04"],
    ),
    ("no file name", _invoice(xmp=_xmp(document_file_name=None)), EN16931, ["PDF-XMP-04"]),
    ("an order", _invoice(xmp=_xmp(document_type="ORDER")), EN16931, ["PDF-XMP-05"]),
    ("version 2.0", _invoice(xmp=_xmp(version="2.0")), EN16931, ["PDF-XMP-06"]),
    ("level BASIC", _invoice(xmp=_xmp(conformance_level="BASIC")), EN16931, ["PDF-XMP-07"]),
    ("PDF/A-2", _invoice(xmp=_xmp(pdfa_part="2")), EN16931, ["PDF-A-01"]),
    ("no PDF/A part", _invoice(xmp=_xmp(pdfa_part=None)), EN16931, ["PDF-A-01"]),
    ("conformance X", _invoice(xmp=_xmp(pdfa_conformance="X")), EN16931, ["PDF-A-02"]),
    ("encrypted", _invoice(encrypted=True), EN16931, ["PDF-A-03"]),
    (
        "JavaScript",
        dataclasses.replace(_invoice(), active_content=("JavaScript",)),
        EN16931,
        ["PDF-A-04"],
    ),
    ("not in /AF", _invoice(_attachment(in_af=False)), EN16931, ["PDF-AF-01"]),
    (
        "no AFRelationship",
        _invoice(_attachment(relationship=None, relationship_name=None)),
        EN16931,
        ["PDF-AF-02"],
    ),
    (
        "AFRelationship Unspecified",
        _invoice(
            _attachment(relationship=AFRelationship.UNSPECIFIED, relationship_name="Unspecified")
        ),
        EN16931,
        ["PDF-AF-03"],
    ),
    (
        "a custom AFRelationship",
        _invoice(_attachment(relationship=None, relationship_name="Invoice")),
        EN16931,
        ["PDF-AF-03"],
    ),
    (
        "Data for EN 16931",
        _invoice(_attachment(relationship=AFRelationship.DATA, relationship_name="Data")),
        EN16931,
        ["PDF-AF-04"],
    ),
    (
        "Alternative for MINIMUM",
        _invoice(xmp=_xmp(conformance_level="MINIMUM")),
        MINIMUM,
        ["PDF-AF-04"],
    ),
    (
        "MIME application/xml",
        _invoice(_attachment(mime_type="application/xml")),
        EN16931,
        ["PDF-AF-05"],
    ),
    ("no MIME type", _invoice(_attachment(mime_type=None)), EN16931, ["PDF-AF-05"]),
    (
        "another file name",
        _invoice(
            _attachment(name="invoice.xml", key="invoice.xml"),
            xmp=_xmp(document_file_name="invoice.xml"),
        ),
        EN16931,
        ["PDF-INV-01"],
    ),
    (
        "XRECHNUNG as factur-x.xml",
        _invoice(xmp=_xmp(conformance_level="XRECHNUNG", version="2.1")),
        XRECHNUNG_21,
        ["PDF-INV-01"],
    ),
    (
        "XRECHNUNG with version 1.0",
        _invoice(
            _attachment(name="xrechnung.xml", key="xrechnung.xml"),
            xmp=_xmp(conformance_level="XRECHNUNG", document_file_name="xrechnung.xml"),
        ),
        XRECHNUNG_21,
        ["PDF-XMP-06"],
    ),
    (
        "an identical second invoice",
        _invoice(others=(OtherInvoice(dataclasses.replace(_ATTACHMENT, key=None), True),)),
        EN16931,
        ["PDF-INV-02"],
    ),
    (
        "a different second invoice",
        _invoice(
            others=(
                OtherInvoice(dataclasses.replace(_ATTACHMENT, name="ZUGFeRD-invoice.xml"), False),
            )
        ),
        EN16931,
        ["PDF-INV-03"],
    ),
    ("an unknown profile", _invoice(), "urn:example:komfort", ["PDF-PRF-01"]),
    ("no BT-24 at all", _invoice(), None, ["PDF-PRF-01"]),
]


@pytest.mark.parametrize(
    ("invoice", "specification", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_each_rule_fires_alone_on_what_it_checks(
    invoice: PdfInvoice, specification: str | None, expected: list[str]
) -> None:
    assert _rules(invoice, specification) == expected


def test_every_rule_has_a_case() -> None:
    covered = {rule for case in CASES for rule in case[3]}
    assert covered == {rule.id for rule in RULES}


def test_rule_ids_are_unique_and_stable_in_form() -> None:
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"PDF-[A-Z]+-\d\d", rule_id) for rule_id in ids)


@pytest.mark.parametrize(
    ("invoice", "specification", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_findings_cite_their_clause_and_carry_the_rules_severity(
    invoice: PdfInvoice, specification: str | None, expected: list[str]
) -> None:
    severities = {rule.id: rule.severity for rule in RULES}
    for finding in check_pdf_invoice(invoice, specification):
        assert finding.source is Source.PDF
        assert finding.severity is severities[finding.rule]
        assert finding.flag == finding.severity.value
        assert finding.location
        assert re.search(r"\((ISO 19005-3 §[\d.]+; )?(ZUGFeRD|Factur-X)[^)]*\)$", finding.message)
        assert "\n" not in finding.message


def test_severities_follow_the_standard() -> None:
    warnings = {rule.id for rule in RULES if rule.severity is Severity.WARNING}
    # A tolerated but not designated AFRelationship, and an identical duplicate, are warnings;
    # so is active content, which the official verdict does not look at.
    assert warnings == {"PDF-A-04", "PDF-AF-04", "PDF-INV-02"}


def test_zugferd_2_0_pdfs_are_judged_by_zugferd_2_0() -> None:
    invoice = _invoice(
        _attachment(name="zugferd-invoice.xml", key="zugferd-invoice.xml"),
        xmp=_xmp(
            namespace="urn:zugferd:pdfa:CrossIndustryDocument:invoice:2p0#",
            family=Family.ZUGFERD_2_0,
            document_file_name="zugferd-invoice.xml",
            version="2p0",
        ),
    )
    assert _rules(invoice) == []
    finding = check_pdf_invoice(
        dataclasses.replace(invoice, xmp=dataclasses.replace(invoice.xmp, version="3")), EN16931
    )[0]
    assert finding.message.startswith("the XMP Version is '3', expected 2p0 or 1.0")
    assert finding.message.endswith(
        "(ZUGFeRD 2.0 Technical Supplement Part A, PDF/A extension schema)"
    )


def test_zugferd_1_pdfs_are_judged_by_zugferd_1() -> None:
    invoice = _invoice(
        _attachment(name="ZUGFeRD-invoice.xml", key="ZUGFeRD-invoice.xml"),
        xmp=_xmp(
            namespace=ZF1_NAMESPACE,
            family=Family.ZUGFERD_1,
            document_file_name="ZUGFeRD-invoice.xml",
            conformance_level="COMFORT",
        ),
    )
    assert _rules(invoice, ZF1_COMFORT) == []
    data = dataclasses.replace(
        invoice,
        attachment=dataclasses.replace(
            invoice.attachment, relationship=AFRelationship.DATA, relationship_name="Data"
        ),
    )
    [finding] = check_pdf_invoice(data, ZF1_COMFORT)
    assert finding.rule == "PDF-AF-04"
    assert "ZUGFeRD 1.0 COMFORT designates Alternative" in finding.message


def test_a_message_says_what_was_found_and_what_is_expected() -> None:
    [finding] = check_pdf_invoice(_invoice(xmp=_xmp(conformance_level="BASIC")), EN16931)
    assert finding.message == (
        "the XMP ConformanceLevel is 'BASIC', expected EN 16931, the profile of the XML's "
        "guideline identifier (BT-24) urn:cen.eu:en16931:2017 "
        "(ZUGFeRD 2.1.1 Technical Supplement Part A §2.3)"
    )
    assert finding.business_terms == ("BT-24",)


# -- whole PDFs ------------------------------------------------------------------------------


def test_a_built_factur_x_pdf_passes_and_a_broken_one_fails_each_rule() -> None:
    good = build_pdf([Embedded("factur-x.xml", en16931_xml())], xmp=xmp_packet())
    inspection = inspect_pdf(good, "good.pdf", PdfSettings())
    assert inspection.profile is not None and inspection.profile.id is ProfileId.EN16931
    assert inspection.specification == EN16931
    assert inspection.findings == ()
    bad = build_pdf(
        [Embedded("factur-x.xml", en16931_xml(), mime=None, relationship="Data", in_af=False)],
        xmp=xmp_packet(version="2", level="BASIC", part="1", conformance=None),
    )
    found = [f.rule for f in inspect_pdf(bad, "bad.pdf", PdfSettings()).findings]
    assert found == [
        "PDF-A-01",
        "PDF-A-02",
        "PDF-XMP-06",
        "PDF-XMP-07",
        "PDF-AF-01",
        "PDF-AF-04",
        "PDF-AF-05",
    ]


# PDF-side findings of the corpus's PDFs; every PDF not listed has none.
CORPUS_FINDINGS: dict[str, list[str]] = {
    # Konik writes XMP Version "1p0" where ZUGFeRD 1.0 says "1.0"
    "ZUGFeRDv1/correct/Konik/acme_invoice-42_ZUGFeRD.pdf": ["PDF-XMP-06"],
    # The 2014 release-candidate files say ConformanceLevel BASIC for a COMFORT invoice
    "ZUGFeRDv1/correct/Mustangproject/MustangGnuaccountingBeispielRE-20140519_499.pdf": [
        "PDF-XMP-07"
    ],
    "ZUGFeRDv1/correct/Mustangproject/MustangGnuaccountingBeispielRE-20140522_501.pdf": [
        "PDF-XMP-07"
    ],
    "ZUGFeRDv1/correct/Mustangproject/MustangGnuaccountingBeispielRE-20140703_502.pdf": [
        "PDF-XMP-07"
    ],
    # No XMP ConformanceLevel at all
    "ZUGFeRDv1/correct/Mustangproject/MustangGnuaccountingBeispielRE-20170509_505.pdf": [
        "PDF-XMP-07"
    ],
    "ZUGFeRDv1/fail/Mustangproject/fail1.pdf": ["PDF-PRF-01"],
    "ZUGFeRDv1/fail/Mustangproject/fail3.pdf": ["PDF-PRF-01"],
    # The FNFE samples embed BASIC and EN 16931 invoices with AFRelationship Data
    **{
        f"ZUGFeRDv2/{folder}/FNFE-factur-x-examples/{stem}.pdf": ["PDF-AF-04"]
        for folder, stem in (
            ("correct", "Avoir_FR_type381_BASIC"),
            ("fail", "Avoir_FR_type380_BASIC"),
            ("fail", "Avoir_FR_type380_EN16931"),
            ("fail", "Avoir_FR_type381_EN16931"),
            ("fail", "Facture_DOM_BASIC"),
            ("fail", "Facture_DOM_EN16931"),
            ("fail", "Facture_FR_BASIC"),
            ("fail", "Facture_FR_EN16931"),
            ("fail", "Facture_UE_BASIC"),
            ("fail", "Facture_UE_EN16931"),
        )
    },
    "ZUGFeRDv2/correct/PHP_@gpFacturX/sample_inofficial_20190125_atgp_factur-x_v_1_0.pdf": [
        "PDF-AF-04"
    ],
    "ZUGFeRDv2/fail/ZUGFeRD_2.0_fully_compliant_complete.pdf": ["PDF-AF-04"],
    "ZUGFeRDv2/fail/ZUGFeRD_2_fully_compliant_complete.pdf": ["PDF-AF-04"],
    # Their guideline id spells EXTENDED's with ':' for '#', which names no profile (issue 13)
    "ZUGFeRDv2/fail/MustangRE-20171118_506_ZUGFeRD1and2.pdf": ["PDF-PRF-01", "PDF-INV-03"],
    "ZUGFeRDv2/fail/Mustangproject/MustangGnuaccountingBeispielRE-20171118_506.pdf": ["PDF-PRF-01"],
    "ZUGFeRDv2/fail/python-factur-x/python-factur-x.pdf": ["PDF-AF-01", "PDF-INV-02"],
}
# Its XML is not well-formed: inspect_pdf raises (tests/unit/test_pdf.py)
UNPARSABLE = "ZUGFeRDv2/fail/Mustangproject/factur-x-invalid-xml-encoding-attribute.pdf"
ALL_PDFS = [
    path
    for folder in ("ZUGFeRDv1", "ZUGFeRDv2", "XML-Rechnung/FX")
    for path in files(ZUGFERD / folder, "*.pdf")
    if path.relative_to(ZUGFERD).as_posix() != UNPARSABLE
]


@pytest.mark.parametrize("path", ALL_PDFS, ids=ident)
def test_corpus_pdfs_have_exactly_the_known_pdf_findings(path: Path) -> None:
    rel = path.relative_to(ZUGFERD).as_posix()
    inspection = inspect_pdf(path.read_bytes(), rel, PdfSettings())
    assert [f.rule for f in inspection.findings] == CORPUS_FINDINGS.get(rel, [])


GERMAN_ONLY = re.compile(r"\b(the|is|has|not|which|expected|missing|embeds|names|of)\b")
"""Words of the English messages no German message has (names and clauses aside)."""


@pytest.mark.parametrize(
    ("invoice", "specification", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_each_rule_speaks_german(
    invoice: PdfInvoice, specification: str | None, expected: list[str]
) -> None:
    """Every PDF-side rule has its German message: the same finding, the clause as cited."""
    english = check_pdf_invoice(invoice, specification)
    german = check_pdf_invoice(invoice, specification, Language.DE)
    assert [(f.rule, f.location, f.business_terms) for f in german] == [
        (f.rule, f.location, f.business_terms) for f in english
    ]
    for en, de in zip(english, german, strict=True):
        clause = re.search(r" \((ISO 19005-3 §[\d.]+; )?(ZUGFeRD|Factur-X)[^)]*\)$", en.message)
        assert clause is not None and de.message.endswith(clause.group())
        text = de.message.removesuffix(clause.group()).replace("DocumentFileName", "")
        if de.rule == "PDF-XMP-01":  # after the colon: the XML parser's reason, as it words it
            text = text.partition(": ")[0]
        assert de.message != en.message and not GERMAN_ONLY.search(text), de.message
