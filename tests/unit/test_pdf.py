"""Taking the invoice out of PDFs: the ZUGFeRD corpus, and hostile or broken PDFs built here."""

from __future__ import annotations

import logging
import tracemalloc
from pathlib import Path

import pytest
from lxml import etree

from einvoice_cli.errors import BrokenPdf, ErrorKind, InputError
from einvoice_cli.hybrid.inspection import inspect_pdf
from einvoice_cli.hybrid.pdf import (
    Choice,
    PdfSettings,
    extract_attachments,
    extract_invoice,
    list_attachments,
)
from einvoice_cli.hybrid.profiles import AFRelationship, Family, ProfileId
from einvoice_cli.hybrid.xmp import read_xmp
from einvoice_cli.xml.parser import ParseSettings, parse_xml
from tests.support.corpus import ZUGFERD, files, ident, require
from tests.support.pdfsamples import (
    FX_NAMESPACE,
    Embedded,
    build_pdf,
    en16931_xml,
    encrypted,
    facturx_pdf,
    flate_bomb,
    huge_pdf,
    xmp_packet,
)

SETTINGS = PdfSettings()

# What each PDF of the corpus's correct/ folders carries: the embedded invoice file and the
# profile its guideline identifier (BT-24) names. The three Mustang files of 2014 are ZUGFeRD
# release candidates (guideline urn:ferd:invoice:rc:comfort).
CORRECT: dict[str, tuple[str, ProfileId]] = {
    "ZUGFeRDv1/correct/4s4u/additional-data-sample-1.pdf": (
        "ZUGFeRD-invoice.xml",
        ProfileId.ZUGFERD_1_EXTENDED,
    ),
    "ZUGFeRDv1/correct/Konik/acme_invoice-42_ZUGFeRD.pdf": (
        "ZUGFeRD-invoice.xml",
        ProfileId.ZUGFERD_1_BASIC,
    ),
    **{
        f"ZUGFeRDv1/correct/Mustangproject/MustangGnuaccountingBeispielRE-{stem}.pdf": (
            "ZUGFeRD-invoice.xml",
            profile,
        )
        for stem, profile in (
            ("20140519_499", ProfileId.ZUGFERD_1_RC_COMFORT),
            ("20140522_501", ProfileId.ZUGFERD_1_RC_COMFORT),
            ("20140703_502", ProfileId.ZUGFERD_1_RC_COMFORT),
            ("20150613_503", ProfileId.ZUGFERD_1_COMFORT),
            ("20151008_504", ProfileId.ZUGFERD_1_COMFORT),
            ("20151008_504new", ProfileId.ZUGFERD_1_EXTENDED),
            ("20170509_505", ProfileId.ZUGFERD_1_EXTENDED),
        )
    },
    **{
        f"ZUGFeRDv2/correct/FNFE-factur-x-examples/{stem}.pdf": ("factur-x.xml", profile)
        for stem, profile in (
            ("Avoir_FR_type381_BASIC", ProfileId.BASIC),
            ("Facture_DOM_BASICWL", ProfileId.BASIC_WL),
            ("Facture_DOM_MINIMUM", ProfileId.MINIMUM),
            ("Facture_FR_BASICWL", ProfileId.BASIC_WL),
            ("Facture_FR_MINIMUM", ProfileId.MINIMUM),
            ("Facture_UE_BASICWL", ProfileId.BASIC_WL),
            ("Facture_UE_MINIMUM", ProfileId.MINIMUM),
        )
    },
    "ZUGFeRDv2/correct/Mustangproject/MustangGnuaccountingBeispielRE-20190610_507.pdf": (
        "zugferd-invoice.xml",
        ProfileId.EN16931,
    ),
    "ZUGFeRDv2/correct/Mustangproject/MustangGnuaccountingBeispielRE-20201121_508.pdf": (
        "factur-x.xml",
        ProfileId.EN16931,
    ),
    "ZUGFeRDv2/correct/Mustangproject/MustangGnuaccountingBeispielRE-20201121_508_withBOM.pdf": (
        "factur-x.xml",
        ProfileId.EN16931,
    ),
    "ZUGFeRDv2/correct/PHP_@gpFacturX/sample_inofficial_20190125_atgp_factur-x_v_1_0.pdf": (
        "factur-x.xml",
        ProfileId.EN16931,
    ),
}

CORRECT_PDFS = files(ZUGFERD / "ZUGFeRDv1" / "correct", "*.pdf") + files(
    ZUGFERD / "ZUGFeRDv2" / "correct", "*.pdf"
)


def _rel(path: Path) -> str:
    return path.relative_to(ZUGFERD).as_posix()


def test_the_manifest_covers_every_correct_pdf() -> None:
    assert sorted(_rel(p) for p in CORRECT_PDFS) == sorted(CORRECT)


@pytest.mark.parametrize("path", CORRECT_PDFS, ids=ident)
def test_every_correct_pdf_yields_its_invoice_and_profile(path: Path) -> None:
    attachment, profile = CORRECT[_rel(path)]
    inspection = inspect_pdf(path.read_bytes(), _rel(path), SETTINGS)
    assert inspection.attachment_name == attachment
    assert inspection.profile is not None
    assert inspection.profile.id is profile
    assert inspection.invoice.xml.lstrip(b"\xef\xbb\xbf").lstrip().startswith(b"<")


FX_PDFS = files(ZUGFERD / "XML-Rechnung" / "FX", "*.pdf")


def _canonical(data: bytes, name: str) -> bytes:
    return etree.tostring(parse_xml(data, name, ParseSettings()), method="c14n")


@pytest.mark.parametrize("path", FX_PDFS, ids=ident)
def test_factur_x_samples_embed_the_published_cii(path: Path) -> None:
    cii = require(ZUGFERD / "XML-Rechnung" / "CII" / f"{path.stem}.cii.xml")
    invoice = extract_invoice(path.read_bytes(), path.name, SETTINGS)
    extracted = _canonical(invoice.xml, path.name)
    published = _canonical(cii.read_bytes(), cii.name)
    if path.stem.startswith("EN16931_"):
        assert invoice.attachment.name == "factur-x.xml"
        assert extracted == published
    else:
        # The CII folder holds the XRECHNUNG samples of the ZUGFeRD 2.3 package (XRechnung
        # 3.0); the PDFs are those of ZUGFeRD 2.2 (XRechnung 2.1). Same invoices, other edition.
        assert path.stem.startswith("XRECHNUNG_")
        assert invoice.attachment.name == "xrechnung.xml"
        assert b"kosit:standard:xrechnung_2.1</ram:ID>" in extracted
        assert b"kosit:xrechnung_3.0</ram:ID>" in published


# What each PDF of the corpus's fail/ folders gives: most fail on their XML's content, which is
# the validator's business, and extract like correct ones.
FAIL: dict[str, tuple[str, ProfileId | None]] = {
    # BT-24 misspelt "komfort": no profile (PDF-PRF-01)
    "ZUGFeRDv1/fail/Mustangproject/fail1.pdf": ("ZUGFeRD-invoice.xml", None),
    "ZUGFeRDv1/fail/Mustangproject/fail2.pdf": ("ZUGFeRD-invoice.xml", ProfileId.ZUGFERD_1_COMFORT),
    # BT-24 is an order's (urn:ferd:CrossIndustryDocument:order:1p0:extended): no profile
    "ZUGFeRDv1/fail/Mustangproject/fail3.pdf": ("ZUGFeRD-invoice.xml", None),
    **{
        f"ZUGFeRDv2/fail/FNFE-factur-x-examples/{stem}.pdf": ("factur-x.xml", profile)
        for stem, profile in (
            ("Avoir_FR_type380_BASIC", ProfileId.BASIC),
            ("Avoir_FR_type380_EN16931", ProfileId.EN16931),
            ("Avoir_FR_type380_MINIMUM", ProfileId.MINIMUM),
            ("Avoir_FR_type381_BASICWL", ProfileId.BASIC_WL),
            ("Avoir_FR_type381_EN16931", ProfileId.EN16931),
            ("Avoir_FR_type381_MINIMUM", ProfileId.MINIMUM),
            ("Facture_DOM_BASIC", ProfileId.BASIC),
            ("Facture_DOM_EN16931", ProfileId.EN16931),
            ("Facture_FR_BASIC", ProfileId.BASIC),
            ("Facture_FR_EN16931", ProfileId.EN16931),
            ("Facture_UE_BASIC", ProfileId.BASIC),
            ("Facture_UE_EN16931", ProfileId.EN16931),
        )
    },
    # Carries factur-x.xml and ZUGFeRD-invoice.xml; the XMP names factur-x.xml (PDF-INV-03).
    # Both 2017 Mustang files spell EXTENDED's id with ':' for '#': no profile (issue 13).
    "ZUGFeRDv2/fail/MustangRE-20171118_506_ZUGFeRD1and2.pdf": ("factur-x.xml", None),
    "ZUGFeRDv2/fail/Mustangproject/MustangGnuaccountingBeispielRE-20171118_506.pdf": (
        "factur-x.xml",
        None,
    ),
    "ZUGFeRDv2/fail/Mustangproject/MustangGnuaccountingBeispielRE-20190610_507a.pdf": (
        "zugferd-invoice.xml",
        ProfileId.EN16931,
    ),
    "ZUGFeRDv2/fail/Mustangproject/MustangGnuaccountingBeispielRE-20190610_507b.pdf": (
        "zugferd-invoice.xml",
        ProfileId.EN16931,
    ),
    "ZUGFeRDv2/fail/ZUGFeRD_2.0_fully_compliant_complete.pdf": ("factur-x.xml", ProfileId.EN16931),
    "ZUGFeRDv2/fail/ZUGFeRD_2_fully_compliant_complete.pdf": ("factur-x.xml", ProfileId.EN16931),
    # Name tree and /AF reference two file specifications of factur-x.xml (PDF-AF-01, -INV-02)
    "ZUGFeRDv2/fail/python-factur-x/python-factur-x.pdf": ("factur-x.xml", ProfileId.BASIC),
}
NOT_WELL_FORMED = "ZUGFeRDv2/fail/Mustangproject/factur-x-invalid-xml-encoding-attribute.pdf"
FAIL_PDFS = files(ZUGFERD / "ZUGFeRDv1" / "fail", "*.pdf") + files(
    ZUGFERD / "ZUGFeRDv2" / "fail", "*.pdf"
)


def test_the_manifest_covers_every_failing_pdf() -> None:
    assert sorted(_rel(p) for p in FAIL_PDFS) == sorted([*FAIL, NOT_WELL_FORMED])


@pytest.mark.parametrize("path", [p for p in FAIL_PDFS if _rel(p) in FAIL], ids=ident)
def test_failing_pdfs_still_yield_their_invoice(path: Path) -> None:
    attachment, profile = FAIL[_rel(path)]
    inspection = inspect_pdf(path.read_bytes(), _rel(path), SETTINGS)
    assert inspection.attachment_name == attachment
    assert (inspection.profile.id if inspection.profile else None) is profile


def test_an_invoice_with_an_illegal_encoding_name_is_extracted_but_not_parsed() -> None:
    path = require(ZUGFERD / NOT_WELL_FORMED)
    invoice = extract_invoice(path.read_bytes(), path.name, SETTINGS)
    assert invoice.xml.startswith(b'<?xml version="1.0" encoding="UTF-8-W/O-BOM"?>')
    with pytest.raises(InputError, match=r"\(factur-x\.xml\): not well-formed XML"):
        inspect_pdf(path.read_bytes(), path.name, SETTINGS)


def test_the_hybrid_zugferd_1_and_2_pdf_takes_the_file_its_xmp_names() -> None:
    path = require(ZUGFERD / "ZUGFeRDv2/fail/MustangRE-20171118_506_ZUGFeRD1and2.pdf")
    invoice = extract_invoice(path.read_bytes(), path.name, SETTINGS)
    assert invoice.choice is Choice.XMP_NAMED
    assert invoice.reason == "took factur-x.xml: the XMP metadata names it as DocumentFileName"
    [other] = invoice.others
    assert other.attachment.name == "ZUGFeRD-invoice.xml"
    assert not other.same_as_chosen


def test_supporting_files_are_listed_and_extracted() -> None:
    path = require(ZUGFERD / "XML-Rechnung" / "FX" / "EN16931_Elektron.pdf")
    data = path.read_bytes()
    listed = list_attachments(data, path.name, SETTINGS)
    extracted = dict(
        (a.name, content) for a, content in extract_attachments(data, path.name, SETTINGS)
    )
    assert (
        [a.name for a in listed]
        == list(extracted)
        == [
            "EN16931_Elektron_Aufmass.png",
            "EN16931_Elektron_ElektronRapport.pdf",
            "factur-x.xml",
        ]
    )
    assert extracted["EN16931_Elektron_Aufmass.png"].startswith(b"\x89PNG")
    assert extracted["EN16931_Elektron_ElektronRapport.pdf"].startswith(b"%PDF-")
    invoice = next(a for a in listed if a.name == "factur-x.xml")
    assert invoice.relationship is AFRelationship.ALTERNATIVE
    assert invoice.mime_type == "text/xml"
    assert invoice.in_af and invoice.in_name_tree


# -- choosing the invoice ------------------------------------------------------------------


def test_a_standard_name_is_taken_when_the_xmp_names_nothing() -> None:
    pdf = build_pdf([Embedded("factur-x.xml", en16931_xml())])
    invoice = extract_invoice(pdf, "plain.pdf", SETTINGS)
    assert invoice.choice is Choice.STANDARD_NAME
    assert not invoice.xmp.present


def test_the_only_invoice_xml_is_taken_under_any_name() -> None:
    pdf = build_pdf(
        [
            Embedded("notes.xml", b"<notes/>"),
            Embedded("rechnung-4711.xml", en16931_xml()),
            Embedded("logo.png", b"\x89PNG", mime="image/png"),
        ],
        xmp=xmp_packet(file_name=None),
    )
    invoice = extract_invoice(pdf, "other-name.pdf", SETTINGS)
    assert invoice.choice is Choice.ONLY_INVOICE
    assert invoice.attachment.name == "rechnung-4711.xml"
    assert "only embedded XML that is an invoice" in invoice.reason


def test_two_invoices_under_other_names_are_refused() -> None:
    pdf = build_pdf([Embedded("a.xml", en16931_xml()), Embedded("b.xml", en16931_xml())])
    with pytest.raises(
        InputError, match=r"two.pdf: 2 embedded XMLs are invoices .*\(a.xml, b.xml\)"
    ):
        extract_invoice(pdf, "two.pdf", SETTINGS)


def test_the_xmp_may_name_a_file_with_another_name() -> None:
    pdf = build_pdf(
        [Embedded("factur-x.xml", en16931_xml()), Embedded("invoice.xml", en16931_xml())],
        xmp=xmp_packet(file_name="invoice.xml"),
    )
    invoice = extract_invoice(pdf, "x.pdf", SETTINGS)
    assert invoice.attachment.name == "invoice.xml"
    assert invoice.choice is Choice.XMP_NAMED
    [other] = invoice.others
    assert other.attachment.name == "factur-x.xml" and other.same_as_chosen


def test_a_file_only_af_references_is_found() -> None:
    pdf = build_pdf([Embedded("factur-x.xml", en16931_xml(), in_tree=False)])
    [attachment] = list_attachments(pdf, "x.pdf", SETTINGS)
    assert attachment.in_af and not attachment.in_name_tree and attachment.key is None


def test_a_nested_name_tree_is_followed() -> None:
    pdf = build_pdf([Embedded("factur-x.xml", en16931_xml(), in_af=False)], tree_depth=3)
    assert extract_invoice(pdf, "x.pdf", SETTINGS).attachment.key == "factur-x.xml"


# -- bad input: one clear error each ----------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", r"^x.pdf: the file is empty$"),
        (b"hello, world", r"^x.pdf: not a PDF \(no %PDF- header\)$"),
        (b"<?xml version='1.0'?><Invoice/>", r"^x.pdf: not a PDF"),
    ],
    ids=["empty", "text", "xml"],
)
def test_what_is_not_a_pdf_is_refused_in_one_line(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        extract_invoice(data, "x.pdf", SETTINGS)


def test_a_truncated_pdf_is_a_clear_error() -> None:
    pdf = facturx_pdf()
    with pytest.raises(InputError, match=r"^x.pdf: not a readable PDF \(damaged or truncated"):
        extract_invoice(pdf[: len(pdf) // 3], "x.pdf", SETTINGS)


def test_a_pdf_without_attachments_is_a_clear_error() -> None:
    with pytest.raises(InputError, match=r"x.pdf: the PDF has no embedded files"):
        extract_invoice(build_pdf(xmp=xmp_packet()), "x.pdf", SETTINGS)


def test_a_pdf_with_attachments_but_no_invoice_is_a_clear_error() -> None:
    pdf = build_pdf(
        [Embedded("logo.png", b"\x89PNG", mime="image/png"), Embedded("notes.xml", b"<n/>")]
    )
    with pytest.raises(
        InputError,
        match=r"^x.pdf: none of the 2 embedded files is an invoice XML \(logo.png, notes.xml\)$",
    ):
        extract_invoice(pdf, "x.pdf", SETTINGS)


def test_a_password_protected_pdf_is_refused() -> None:
    pdf = encrypted(facturx_pdf(), user_password="secret")
    with pytest.raises(InputError, match=r"^x.pdf: the PDF is encrypted with a password"):
        extract_invoice(pdf, "x.pdf", SETTINGS)


def test_a_pdf_encrypted_without_user_password_is_read_and_flagged() -> None:
    pdf = encrypted(facturx_pdf(), user_password="")
    inspection = inspect_pdf(pdf, "x.pdf", SETTINGS)
    assert inspection.invoice.encrypted
    assert inspection.xml == en16931_xml()
    assert [f.rule for f in inspection.findings] == ["PDF-A-03"]


def test_a_decompression_bomb_is_refused_within_its_limit() -> None:
    settings = PdfSettings(max_attachment_bytes=4 * 1024 * 1024)
    pdf = build_pdf(
        [Embedded("factur-x.xml", b"", encoded=flate_bomb(64 * 1024 * 1024))],
        xmp=xmp_packet(),
    )
    assert len(pdf) < 100_000
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match=r"factur-x.xml decompresses to more than the limit"):
            extract_invoice(pdf, "bomb.pdf", settings)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 3 * settings.max_attachment_bytes


@pytest.mark.parametrize(
    ("length", "reason"),
    [
        ("{self} 0 R", "an object refers to itself, such as a stream whose /Length is a reference"),
        ("200000000", "a stream's /Length declares more bytes than the whole file holds"),
        ("99999999999999999999", "a stream's /Length declares more bytes than the whole file"),
    ],
    ids=["self-reference", "huge", "absurd"],
)
def test_a_broken_length_is_damage_not_a_bomb(length: str, reason: str) -> None:
    """A /Length that refers to its own stream, or declares more than the file holds, was
    reported as a decompression bomb (issue 14)."""
    pdf = build_pdf([Embedded("factur-x.xml", en16931_xml(), length=length)], xmp=xmp_packet())
    with pytest.raises(BrokenPdf) as raised:
        extract_invoice(pdf, "x.pdf", SETTINGS)
    message = str(raised.value)
    assert message.startswith("x.pdf: not a readable PDF (invalid: ")
    assert reason in message
    assert "decompress" not in message
    assert raised.value.kind is ErrorKind.BROKEN_PDF


def test_a_bomb_in_the_xmp_metadata_is_reported_not_expanded() -> None:
    settings = PdfSettings(max_attachment_bytes=2 * 1024 * 1024)
    pdf = build_pdf(
        [Embedded("factur-x.xml", en16931_xml())], xmp_encoded=flate_bomb(16 * 1024 * 1024)
    )
    invoice = extract_invoice(pdf, "x.pdf", settings)
    assert invoice.xmp.present
    assert invoice.xmp.problem == "the XMP metadata stream is too large"


def test_an_oversized_pdf_is_refused_before_parsing() -> None:
    with pytest.raises(InputError, match=r"x.pdf: 2,000 bytes is over the PDF size limit of 1,000"):
        extract_invoice(b"%PDF-1.7\n" + b"\0" * 1991, "x.pdf", PdfSettings(max_pdf_bytes=1000))


def test_too_many_attachments_are_refused() -> None:
    pdf = build_pdf([Embedded(f"f{n}.txt", b"x", mime="text/plain") for n in range(12)])
    with pytest.raises(InputError, match=r"more than 10 embedded files"):
        extract_invoice(pdf, "x.pdf", PdfSettings(max_attachments=10))


def test_a_name_tree_nested_too_deep_is_refused() -> None:
    pdf = build_pdf([Embedded("factur-x.xml", en16931_xml())], tree_depth=5)
    with pytest.raises(InputError, match=r"nested deeper than 3 levels"):
        extract_invoice(pdf, "x.pdf", PdfSettings(max_name_tree_depth=3))


def test_a_name_tree_cycle_ends() -> None:
    pdf = build_pdf(
        [Embedded("factur-x.xml", en16931_xml(), in_af=False)], tree_depth=2, tree_cycle=True
    )
    assert extract_invoice(pdf, "x.pdf", SETTINGS).attachment.name == "factur-x.xml"


def test_a_100_mb_pdf_is_read_in_about_its_own_size_of_memory() -> None:
    pdf = huge_pdf(100 * 1024 * 1024)
    tracemalloc.start()
    try:
        invoice = extract_invoice(pdf, "big.pdf", SETTINGS)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert invoice.xml == en16931_xml()
    # pypdf reads each stream's raw bytes once when it parses the object; nothing else grows
    assert peak < 1.2 * len(pdf)


def test_repairs_pypdf_makes_are_recorded_and_not_printed(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    pdf = facturx_pdf()
    head, _, tail = pdf.rpartition(b"startxref\n")
    broken = head + b"startxref\n" + b"%d" % (int(tail.split(b"\n")[0]) + 7) + b"\n%%EOF\n"
    with caplog.at_level(logging.WARNING):
        invoice = extract_invoice(broken, "x.pdf", SETTINGS)
    assert invoice.xml == en16931_xml()
    assert invoice.repairs
    assert not caplog.records
    assert capsys.readouterr().err == ""


def test_nothing_of_pypdfs_setup_outlives_a_call() -> None:
    logger = logging.getLogger("pypdf")
    before = (list(logger.handlers), logger.propagate)
    pending = extract_attachments(facturx_pdf(), "x.pdf", SETTINGS)
    attachment, content = next(pending)
    assert (list(logger.handlers), logger.propagate) == before
    assert attachment.name == "factur-x.xml" and content == en16931_xml()
    assert list(pending) == []


# -- XMP -------------------------------------------------------------------------------------


def _xmp(packet: bytes) -> etree._ElementTree:
    return parse_xml(packet, "xmp", ParseSettings())


def test_xmp_properties_are_read_from_elements_and_attributes() -> None:
    for as_attributes in (False, True):
        facts = read_xmp(_xmp(xmp_packet(as_attributes=as_attributes, level="BASIC WL")))
        assert facts.family is Family.FACTURX
        assert facts.namespace == FX_NAMESPACE
        assert (facts.document_file_name, facts.document_type, facts.version) == (
            "factur-x.xml",
            "INVOICE",
            "1.0",
        )
        assert facts.conformance_level == "BASIC WL"
        assert (facts.pdfa_part, facts.pdfa_conformance) == ("3", "B")


def test_an_unknown_xmp_namespace_is_reported_with_its_values() -> None:
    wrong = "urn:ferd:pdfa:crossindustrydocument:invoice:1p0#"  # lower case: not the schema's
    facts = read_xmp(_xmp(xmp_packet(namespace=wrong)))
    assert facts.family is None
    assert facts.namespace == wrong
    assert facts.conformance_level == "EN 16931"


def test_an_unreadable_xmp_is_a_fact_not_an_error() -> None:
    pdf = build_pdf([Embedded("factur-x.xml", en16931_xml())], xmp=b"<x:xmpmeta><oops")
    invoice = extract_invoice(pdf, "x.pdf", SETTINGS)
    assert invoice.xmp.present
    assert invoice.xmp.problem is not None and "not well-formed" in invoice.xmp.problem


def test_an_xmp_with_a_doctype_is_not_expanded() -> None:
    packet = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
    pdf = build_pdf([Embedded("factur-x.xml", en16931_xml())], xmp=packet)
    invoice = extract_invoice(pdf, "x.pdf", SETTINGS)
    assert invoice.xmp.problem is not None and "document type declarations" in invoice.xmp.problem
