"""Factur-X / ZUGFeRD output: which PDF a CII invoice becomes, decided from the profile tables.

The invoice's specification identifier (BT-24) names its profile (``hybrid/profiles.py``); the
profile and the first generation of the standard that carries it say everything the PDF must state:
the embedded file's name (``factur-x.xml``, or ``xrechnung.xml`` for XRECHNUNG), the XMP ``Version``
and ``ConformanceLevel``, and the designated ``AFRelationship`` (Data for MINIMUM and BASIC WL,
Alternative above). These are exactly the facts ``hybrid/conformance.py`` checks, taken from the
same table, so a PDF written here passes the PDF-side rules. Writing the PDF is
``hybrid/embed.py``'s job; reading the visual PDF's embedded files is the ``pdf`` package's.

Files the visual PDF already embeds are carried over, except an invoice file (a file with a
standard invoice name), which the new invoice replaces; each such replacement is a note.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from einvoice_cli.core.outputs import unique_names
from einvoice_cli.errors import EinvoiceError
from einvoice_cli.hybrid.embed import (
    DocumentInfo,
    ExtraFile,
    InvoiceFile,
    embed_invoice,
    inspect_visual,
)
from einvoice_cli.hybrid.pdf import PdfSettings, extract_attachments
from einvoice_cli.hybrid.pdf.reading import OpenPdf
from einvoice_cli.hybrid.profiles import (
    INVOICE_FILE_NAMES,
    PROFILES,
    AFRelationship,
    Family,
    Profile,
    ProfileId,
    expected_file_name,
    expected_xmp_versions,
    family_spec,
    profile_for,
)
from einvoice_cli.model.semantic import Invoice

GENERATOR_LEVELS: Mapping[ProfileId, str] = MappingProxyType(
    {
        ProfileId.MINIMUM: "minimum",
        ProfileId.BASIC_WL: "basicwl",
        ProfileId.BASIC: "basic",
        ProfileId.EN16931: "en16931",
        ProfileId.EXTENDED: "extended",
        # XRECHNUNG is a CIUS of EN 16931: the generator writes that level, and hybrid/embed.py
        # then sets the XRECHNUNG facts (file name, Version, ConformanceLevel).
        ProfileId.XRECHNUNG: "en16931",
    }
)
"""The profiles a Factur-X PDF can be written for, with the level the generator is asked for.
ZUGFeRD 1.0 is not among them: its XML is not CII D16B, and the generator refuses it."""

_EXTRA_RELATIONSHIPS = (AFRelationship.SUPPLEMENT, AFRelationship.UNSPECIFIED)
_DOCUMENT_KINDS: Mapping[str, str] = MappingProxyType(
    {"381": "Credit note", "384": "Corrected invoice", "389": "Self-billed invoice"}
)


class FacturXError(EinvoiceError):
    """The invoice cannot become a Factur-X/ZUGFeRD PDF (its BT-24 names no such profile)."""


@dataclass(frozen=True, slots=True)
class HybridPdf:
    """A Factur-X/ZUGFeRD PDF made from a visual PDF and a CII invoice."""

    data: bytes
    profile: Profile
    file_name: str
    """The name of the embedded invoice file."""
    notes: tuple[str, ...]
    """What the user should know about the result: replaced invoice files, a visual PDF that
    does not identify itself as PDF/A."""


def facturx_profile(invoice: Invoice) -> Profile:
    """The profile a Factur-X PDF of this invoice is written for, named by its BT-24."""
    control = invoice.process_control
    specification = control.specification if control is not None else None
    profile = profile_for(specification)
    if profile is None or profile.id not in GENERATOR_LEVELS:
        known = ", ".join(
            f"{p.conformance_level} ({p.guideline_ids[0]})"
            for p in PROFILES
            if p.id in GENERATOR_LEVELS
        )
        raise FacturXError(
            f"the specification identifier (BT-24) {specification!r} names no Factur-X/ZUGFeRD "
            f"2.x profile, so there is no Factur-X PDF for it; profiles: {known}"
        )
    return profile


def make_hybrid_pdf(
    xml: bytes, invoice: Invoice, visual: bytes, visual_name: str, settings: PdfSettings
) -> HybridPdf:
    """Embed the CII invoice ``xml`` (whose model is ``invoice``) into the visual PDF.

    Raises :class:`FacturXError` for an invoice of no Factur-X profile or a visual PDF with
    JavaScript or Launch actions, :class:`~einvoice_cli.errors.InputError` for an unusable
    visual PDF (not a PDF, damaged, encrypted) and
    :class:`~einvoice_cli.hybrid.embed.PdfWriteError` when writing fails.
    """
    profile = facturx_profile(invoice)
    family = family_spec(profile.families[0])
    if family.family is not Family.FACTURX:
        raise FacturXError(f"{profile.title}: the factur-x package writes Factur-X PDFs only")
    extras, notes = _carried_files(visual, visual_name, settings)
    facts = inspect_visual(visual, visual_name)
    if facts.encrypted:
        raise FacturXError(
            f"{visual_name}: the PDF is encrypted; PDF/A-3 forbids encryption "
            "(ISO 19005-3 §6.1.3), so it cannot carry a Factur-X invoice"
        )
    visual_pdf = OpenPdf(visual, visual_name, settings)
    with visual_pdf.guarded():
        active = visual_pdf.active_content()
    if active:
        # The result declares PDF/A-3B, which forbids them (issue 14: they were copied over).
        raise FacturXError(
            f"{visual_name}: the PDF holds {' and '.join(active)} actions, which PDF/A-3 "
            "forbids (ISO 19005-3 §6.6.1), so it cannot carry a Factur-X invoice; remove them "
            "from the visual PDF"
        )
    if facts.xmp.pdfa_part is None:
        notes.append(
            f"{visual_name} does not identify itself as PDF/A; the result declares PDF/A-3B, "
            "as Factur-X requires, and is as conformant as the visual PDF is (embedded fonts, "
            "colour profile): produce the visual PDF as PDF/A for a conforming file"
        )
    specification = invoice.process_control.specification if invoice.process_control else None
    file_name = expected_file_name(profile, family)
    invoice_file = InvoiceFile(
        xml=xml,
        file_name=file_name,
        relationship=profile.af_relationships[0],
        xmp_namespace=family.xmp_namespace,
        version=expected_xmp_versions(family, specification)[0],
        conformance_level=profile.conformance_level,
        generator_level=GENERATOR_LEVELS[profile.id],
    )
    data = embed_invoice(visual, visual_name, invoice_file, document_info(invoice), extras)
    return HybridPdf(data=data, profile=profile, file_name=file_name, notes=tuple(notes))


def document_info(invoice: Invoice) -> DocumentInfo:
    """Title, author, subject and keywords of the PDF, from the invoice."""
    seller = (invoice.seller.name if invoice.seller else None) or "unknown seller"
    kind = _DOCUMENT_KINDS.get((invoice.type_code or "").strip(), "Invoice")
    number = invoice.number or "(no number)"
    dated = f" dated {invoice.issue_date.isoformat()}" if invoice.issue_date else ""
    return DocumentInfo(
        title=f"{seller}: {kind} {number}",
        author=seller,
        subject=f"{kind} {number}{dated} issued by {seller}",
        keywords=f"{kind}, Factur-X, ZUGFeRD",
    )


def _carried_files(
    visual: bytes, visual_name: str, settings: PdfSettings
) -> tuple[list[ExtraFile], list[str]]:
    """The visual PDF's embedded files to keep, and a note for each invoice file replaced."""
    kept: list[tuple[str, bytes, str, AFRelationship]] = []
    notes: list[str] = []
    for attachment, data in extract_attachments(visual, visual_name, settings):
        if any(attachment.has_name(standard) for standard in INVOICE_FILE_NAMES):
            notes.append(
                f"{visual_name} already embeds the invoice file {attachment.name}; "
                "it is replaced by the new invoice"
            )
            continue
        relationship = attachment.relationship
        if relationship not in _EXTRA_RELATIONSHIPS:
            relationship = AFRelationship.UNSPECIFIED
        kept.append((attachment.name, data, attachment.description or "", relationship))
    names = unique_names(name or "attachment" for name, _, _, _ in kept)
    extras = [
        ExtraFile(name=unique, data=data, description=description, relationship=relationship)
        for unique, (_, data, description, relationship) in zip(names, kept, strict=True)
    ]
    return extras, notes
