"""The one entry point the pipeline calls for a PDF: the invoice out, the PDF side checked.

:func:`inspect_pdf` takes PDF bytes and gives the invoice XML (bytes and parsed tree), the
chosen attachment, the profile and the PDF-side findings. Reading the PDF is the ``pdf``
package's job, the PDF-side rules ``hybrid/conformance.py``'s, the profile table
``hybrid/profiles.py``'s, the XML's validation the pipeline's.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from einvoice_cli.core.detect import detect
from einvoice_cli.core.findings import Finding
from einvoice_cli.core.languages import Language
from einvoice_cli.hybrid.conformance import check_pdf_invoice
from einvoice_cli.hybrid.pdf import PdfInvoice, PdfSettings, extract_invoice
from einvoice_cli.hybrid.profiles import Profile, profile_for
from einvoice_cli.xml.parser import ParseSettings, parse_xml

__all__ = ["PdfInspection", "check_pdf_invoice", "inspect_pdf", "specification_of"]


@dataclass(frozen=True, slots=True)
class PdfInspection:
    """What the pipeline needs from a PDF: the invoice XML, its profile, the PDF's findings."""

    invoice: PdfInvoice
    tree: etree._ElementTree
    """The invoice XML, parsed once by ``safexml``; the pipeline validates this tree."""
    specification: str | None
    """The guideline identifier (BT-24) of the XML."""
    profile: Profile | None
    """The profile BT-24 names; ``None`` when it names none (see PDF-PRF-01)."""
    findings: tuple[Finding, ...]
    """PDF-side findings, source ``pdf``."""

    @property
    def xml(self) -> bytes:
        """The invoice XML exactly as embedded."""
        return self.invoice.xml

    @property
    def attachment_name(self) -> str:
        """The name of the embedded file the XML came from."""
        return self.invoice.attachment.name


def inspect_pdf(
    data: bytes, name: str, settings: PdfSettings, lang: Language = Language.EN
) -> PdfInspection:
    """Take the invoice out of a PDF, recognise its profile and check the PDF side.

    Raises :class:`~einvoice_cli.errors.InputError` when there is no usable invoice: not a PDF,
    damaged, encrypted with a password, no invoice XML, over a size limit, or an invoice XML
    that is not well-formed. The PDF-side findings are worded in ``lang``.
    """
    invoice = extract_invoice(data, name, settings)
    tree = parse_xml(
        invoice.xml,
        f"{name} ({invoice.attachment.name})",
        ParseSettings(max_bytes=settings.max_attachment_bytes),
    )
    specification = specification_of(tree)
    return PdfInspection(
        invoice=invoice,
        tree=tree,
        specification=specification,
        profile=profile_for(specification),
        findings=check_pdf_invoice(invoice, specification, lang),
    )


def specification_of(tree: etree._ElementTree) -> str | None:
    """The guideline identifier (BT-24) of an invoice XML.

    Taken from ``detect``; the ZUGFeRD release candidate (2013) has a root element ``detect``
    does not know, and keeps BT-24 where ZUGFeRD 1.0 does, so it is looked up by local names.
    """
    detection = detect(tree)
    if detection.syntax is not None:
        return detection.specification
    found = tree.xpath(
        "/*/*[local-name()='SpecifiedExchangedDocumentContext']"
        "/*[local-name()='GuidelineSpecifiedDocumentContextParameter']/*[local-name()='ID']"
    )
    if isinstance(found, list) and found and isinstance(found[0], etree._Element):
        return (found[0].text or "").strip() or None
    return None
