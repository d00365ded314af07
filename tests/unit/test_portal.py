"""Portal pre-flight: each published limit, exceeded by a generated invoice, gives exactly
its finding; the official test-suite documents and Peppol examples give none."""

from __future__ import annotations

from pathlib import Path

import pytest

from einvoice_cli.checks.content import FileKind, sniff
from einvoice_cli.checks.document import CheckedDocument
from einvoice_cli.checks.limits import load_limits
from einvoice_cli.checks.run import run_checks
from einvoice_cli.checks.settings import Channel, CheckSettings, Portal
from einvoice_cli.core.detect import detect
from einvoice_cli.core.findings import Severity, Source
from einvoice_cli.core.results import Container
from einvoice_cli.xml.parser import ParseSettings, parse_xml
from tests.support.checks import Attached, csv, pdf, with_attachments, xlsx
from tests.support.corpus import PEPPOL, XRECHNUNG_TESTSUITE, files, ident

PDF_MIME = "application/pdf"
CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def preflight(data: bytes, portal: Portal, channel: Channel | None = None) -> list[str]:
    """The rule ids our portal check reports for ``data``."""
    tree = parse_xml(data, "generated.xml", ParseSettings(max_bytes=64 << 20))
    document = CheckedDocument(
        "generated.xml", tree, data, Container.XML, detect(tree).specification
    )
    findings = run_checks(document, CheckSettings(portal=portal, channel=channel))
    assert all(f.source is Source.EINVOICE and not f.in_verdict for f in findings)
    return [f.rule for f in findings]


def test_the_generated_invoice_passes_as_it_is() -> None:
    data = with_attachments(
        [Attached("liste.csv", CSV_MIME, csv()), Attached("a.pdf", PDF_MIME, pdf())]
    )
    assert preflight(data, Portal.ZRE) == []


def test_over_the_upload_size() -> None:
    # Two CSV files of 5.75 MB are about 15.3 MB as base64 in the invoice: over ZRE's 15 MB
    # for uploads. (Two, because the parser refuses a single text node over 10 MB.)
    part = b"Position;Betrag\n" + b"1;1.00\n" * (5_750_000 // 7)
    data = with_attachments(
        [Attached("daten-1.csv", CSV_MIME, part), Attached("daten-2.csv", CSV_MIME, part)]
    )
    assert len(data) > 15_000_000
    assert preflight(data, Portal.ZRE) == ["EINV-PORTAL-SIZE"]
    assert preflight(data, Portal.ZRE, Channel.EMAIL) == ["EINV-PORTAL-SIZE"]
    tree = parse_xml(data, "big.xml", ParseSettings())
    document = CheckedDocument("big.xml", tree, data, Container.XML, detect(tree).specification)
    (english,) = run_checks(document, CheckSettings(portal=Portal.ZRE))
    (german,) = run_checks(document, CheckSettings(portal=Portal.ZRE, lang="de"))
    assert "ZRE (upload) accepts at most 15,000,000 bytes" in english.message
    assert "ZRE (upload) nimmt höchstens 15.000.000 Bytes" in german.message


def test_channel_limits_differ() -> None:
    # About 10.7 MB: too large for e-mail and web entry at the ZRE, fine for upload.
    part = b"1;1.00\n" * (4_000_000 // 7)
    data = with_attachments(
        [Attached("daten-1.csv", CSV_MIME, part), Attached("daten-2.csv", CSV_MIME, part)]
    )
    assert 10_000_000 < len(data) < 11_000_000
    assert preflight(data, Portal.ZRE, Channel.EMAIL) == ["EINV-PORTAL-SIZE"]
    assert preflight(data, Portal.ZRE, Channel.DE_MAIL) == ["EINV-PORTAL-SIZE"]
    assert preflight(data, Portal.ZRE, Channel.WEB) == []
    assert preflight(data, Portal.ZRE, Channel.UPLOAD) == []


def test_201_attachments() -> None:
    data = with_attachments([Attached(f"liste-{i}.csv", CSV_MIME, csv()) for i in range(201)])
    assert preflight(data, Portal.ZRE) == ["EINV-PORTAL-ATTACHMENT-COUNT"]
    ok = with_attachments([Attached(f"liste-{i}.csv", CSV_MIME, csv()) for i in range(200)])
    assert preflight(ok, Portal.ZRE) == []


def test_an_executable_declared_as_pdf() -> None:
    program = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64
    data = with_attachments([Attached("anlage.pdf", PDF_MIME, program)])
    assert preflight(data, Portal.ZRE) == ["EINV-PORTAL-ATTACHMENT-CONTENT"]


def test_a_type_the_portal_does_not_take() -> None:
    data = with_attachments([Attached("brief.docx", "application/msword", b"PK\x03\x04")])
    assert preflight(data, Portal.ZRE) == ["EINV-PORTAL-ATTACHMENT-TYPE"]


def test_duplicate_names() -> None:
    data = with_attachments(
        [Attached("daten.csv", CSV_MIME, csv(2)), Attached("daten.csv", CSV_MIME, csv(5))]
    )
    assert preflight(data, Portal.ZRE) == ["EINV-PORTAL-ATTACHMENT-NAME"]


def test_a_pdf_attachment_with_javascript() -> None:
    data = with_attachments([Attached("anlage.pdf", PDF_MIME, pdf("app.alert('Hallo');"))])
    assert preflight(data, Portal.ZRE) == ["EINV-PORTAL-ACTIVE-CONTENT"]


def test_a_spreadsheet_with_macros() -> None:
    data = with_attachments([Attached("liste.xlsx", XLSX_MIME, xlsx(macros=True))])
    assert preflight(data, Portal.ZRE) == ["EINV-PORTAL-ACTIVE-CONTENT"]
    clean = with_attachments([Attached("liste.xlsx", XLSX_MIME, xlsx(macros=False))])
    assert preflight(clean, Portal.ZRE) == []


def test_findings_name_the_limit_and_its_source() -> None:
    data = with_attachments([Attached(f"l-{i}.csv", CSV_MIME, csv()) for i in range(201)])
    tree = parse_xml(data, "generated.xml", ParseSettings())
    document = CheckedDocument("g.xml", tree, data, Container.XML, detect(tree).specification)
    for lang, word in (("en", "at most 200"), ("de", "höchstens 200")):
        (finding,) = run_checks(document, CheckSettings(portal=Portal.ZRE, lang=lang))
        assert word in finding.message
        assert "https://xrechnung.bund.de/prod/er_files/nutzungsbedingungen_technisch_de.jsp" in (
            finding.message
        )
        assert finding.severity is Severity.ERROR


def test_severity_can_be_changed() -> None:
    data = with_attachments([Attached("daten.csv", CSV_MIME, csv())] * 2)
    tree = parse_xml(data, "generated.xml", ParseSettings())
    document = CheckedDocument("g.xml", tree, data, Container.XML, detect(tree).specification)
    settings = CheckSettings(
        portal=Portal.ZRE, severities=(("EINV-PORTAL-ATTACHMENT-NAME", Severity.WARNING),)
    )
    (finding,) = run_checks(document, settings)
    assert finding.severity is Severity.WARNING


def test_every_limit_cites_a_source() -> None:
    limits = load_limits()
    assert {(s.portal, s.channel) for s in limits.sizes} >= {
        (Portal.ZRE, Channel.UPLOAD),
        (Portal.ZRE, Channel.WEB),
        (Portal.ZRE, Channel.EMAIL),
        (Portal.ZRE, Channel.DE_MAIL),
    }
    for size in limits.sizes:
        assert size.source.title and size.max_bytes > 0
    assert limits.size_limit(Portal.ZRE, None) == limits.size_limit(Portal.ZRE, Channel.UPLOAD)
    assert {portal for portal, _ in limits.attachments} == set(Portal)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n", FileKind.PDF),
        (b"\x89PNG\r\n\x1a\n....", FileKind.PNG),
        (b"\xff\xd8\xff\xe0", FileKind.JPEG),
        (b"MZ\x90\x00", FileKind.EXECUTABLE),
        (b"a;b\n1;2\n", FileKind.CSV),
        (b"<?xml version='1.0'?><a/>", FileKind.XML),
        (b"\x00\x01\x02", FileKind.UNKNOWN),
    ],
)
def test_sniff(data: bytes, kind: FileKind) -> None:
    assert sniff(data) is kind


def test_sniff_spreadsheets() -> None:
    assert sniff(xlsx(macros=False)) is FileKind.XLSX


TESTSUITE = [p for p in files(XRECHNUNG_TESTSUITE) if "INVOICE" in p.name or "CREDIT" in p.name]


@pytest.mark.parametrize("path", TESTSUITE, ids=ident)
def test_testsuite_documents_give_no_zre_findings(path: Path) -> None:
    assert preflight(path.read_bytes(), Portal.ZRE) == []


@pytest.mark.parametrize("path", TESTSUITE, ids=ident)
def test_testsuite_documents_at_the_ozg_re(path: Path) -> None:
    # The only note: supporting documents referenced by URL travel outside the invoice.
    rules = set(preflight(path.read_bytes(), Portal.OZG_RE))
    assert rules <= {"EINV-PORTAL-EXTERNAL"}


@pytest.mark.parametrize("path", files(PEPPOL), ids=ident)
def test_peppol_examples_give_no_findings(path: Path) -> None:
    assert preflight(path.read_bytes(), Portal.PEPPOL) == []


def test_xml_attachments_only_under_the_extension() -> None:
    xml = b"<?xml version='1.0' encoding='UTF-8'?><Stueckliste><Position/></Stueckliste>"
    attached = [Attached("stueckliste.xml", "application/xml", xml)]
    extension = XRECHNUNG_TESTSUITE / "business-cases" / "extension" / "04.01a-INVOICE_ubl.xml"
    assert preflight(with_attachments(attached, extension), Portal.ZRE) == []
    assert preflight(with_attachments(attached), Portal.ZRE) == ["EINV-PORTAL-ATTACHMENT-TYPE"]
