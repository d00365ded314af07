"""The PDF-side rules of ZUGFeRD/Factur-X, applied to one extracted invoice.

The XML inside a hybrid invoice is validated like any XML; what only exists for PDFs is checked
here: the XMP metadata names the same file, document type, version and conformance level as
the XML's profile; the PDF identifies itself as PDF/A-3; the invoice file is associated from
the catalog's /AF with an allowed ``AFRelationship`` and MIME type ``text/xml``; and a PDF with
several invoice files says which one counts. Each rule has a stable id (:data:`RULES`, listed
in the README; the table is ``hybrid/rules.py``'s) and every finding names the clause of the
standard it rests on. The pipeline reaches this through ``hybrid/inspection.py``.
"""

from __future__ import annotations

from collections.abc import Iterator

from einvoice_cli.core.findings import Finding
from einvoice_cli.core.languages import Language
from einvoice_cli.hybrid.messages import PDF_WORDS, PdfWords, took
from einvoice_cli.hybrid.pdf import Attachment, PdfInvoice
from einvoice_cli.hybrid.profiles import (
    INVOICE_RELATIONSHIPS,
    Family,
    FamilySpec,
    expected_file_name,
    expected_xmp_versions,
    family_for_file_name,
    family_for_namespace,
    family_spec,
    profile_for,
)
from einvoice_cli.hybrid.rules import RULES, PdfRule, pdf_finding

__all__ = ["RULES", "PdfRule", "check_pdf_invoice"]

_ISO_PDFA_ID = "ISO 19005-3 §6.6.4"
_ISO_METADATA = "ISO 19005-3 §6.6.2.1"
_ISO_ENCRYPT = "ISO 19005-3 §6.1.3"
_ISO_ACTIONS = "ISO 19005-3 §6.6.1"
_ISO_EMBEDDED = "ISO 19005-3 §6.8"
_PDFA_CONFORMANCE = ("A", "B", "U")


def check_pdf_invoice(
    invoice: PdfInvoice, specification: str | None, lang: Language = Language.EN
) -> tuple[Finding, ...]:
    """The PDF-side findings for an extracted invoice whose XML declares ``specification``,
    worded in ``lang``."""
    return tuple(_Checker(invoice, specification, PDF_WORDS[lang]).run())


class _Checker:
    """The checks of one PDF; every finding names its rule and the clause it rests on."""

    def __init__(self, invoice: PdfInvoice, specification: str | None, words: PdfWords) -> None:
        self.words = words
        self.invoice = invoice
        self.xmp = invoice.xmp
        self.attachment: Attachment = invoice.attachment
        self.specification = specification
        self.profile = profile_for(specification)
        self.xmp_family = family_for_namespace(self.xmp.namespace) if self.xmp.namespace else None
        self.family = self._family()

    def _family(self) -> FamilySpec:
        """The generation of the standard the expectations come from.

        The XMP's, when it can carry the profile; else the one the file name implies; else the
        profile's first. Without a profile: the XMP's, the name's, or Factur-X.
        """
        by_name = family_for_file_name(self.attachment.name)
        candidates = [c for c in (self.xmp_family, by_name) if c is not None]
        if self.profile is None:
            return candidates[0] if candidates else family_spec(Family.FACTURX)
        for candidate in candidates:
            if candidate.family in self.profile.families:
                return candidate
        return family_spec(self.profile.families[0])

    def run(self) -> Iterator[Finding]:
        yield from self._profile()
        yield from self._pdfa()
        yield from self._xmp_properties()
        yield from self._association()
        yield from self._invoice_file()

    def _profile(self) -> Iterator[Finding]:
        if self.profile is None:
            yield pdf_finding(
                "PDF-PRF-01",
                self.words.no_profile.format(
                    specification=repr(self.specification), level=repr(self.xmp.conformance_level)
                ),
                self.family.clauses.xmp,
                _BT24,
            )

    # -- PDF/A -------------------------------------------------------------------------------

    def _pdfa(self) -> Iterator[Finding]:
        clause = f"{_ISO_PDFA_ID}; {self.family.clauses.pdfa}"
        if self.invoice.encrypted:
            yield pdf_finding(
                "PDF-A-03",
                self.words.encrypted,
                f"{_ISO_ENCRYPT}; {self.family.clauses.pdfa}",
                _TRAILER,
            )
        if self.invoice.active_content:
            yield pdf_finding(
                "PDF-A-04",
                self.words.active_content.format(
                    kinds=self.words.and_.join(
                        self.words.action.format(kind=kind) for kind in self.invoice.active_content
                    )
                ),
                f"{_ISO_ACTIONS}; {self.family.clauses.pdfa}",
                _CATALOG,
            )
        if not self.xmp.present or self.xmp.problem is not None:
            return  # PDF-XMP-01 says why; there is no identification to check
        if self.xmp.pdfa_part != "3":
            yield pdf_finding(
                "PDF-A-01",
                self.words.not_pdfa3 + self._was("pdfaid:part", self.xmp.pdfa_part, "3"),
                clause,
                _XMP,
            )
        if self.xmp.pdfa_conformance not in _PDFA_CONFORMANCE:
            yield pdf_finding(
                "PDF-A-02",
                self.words.no_conformance
                + self._was(
                    "pdfaid:conformance", self.xmp.pdfa_conformance, "A, B" + self.words.or_ + "U"
                ),
                clause,
                _XMP,
            )

    # -- XMP ---------------------------------------------------------------------------------

    def _xmp_properties(self) -> Iterator[Finding]:
        clauses = self.family.clauses
        if not self.xmp.present:
            yield pdf_finding(
                "PDF-XMP-01",
                self.words.no_xmp,
                f"{_ISO_METADATA}; {clauses.xmp}",
                _XMP,
            )
            return
        if self.xmp.problem is not None:
            yield pdf_finding(
                "PDF-XMP-01",
                self.words.xmp_unreadable.format(problem=self.xmp.problem),
                f"{_ISO_METADATA}; {clauses.xmp}",
                _XMP,
            )
            return
        if self.xmp_family is None:
            words = self.words
            template = words.xmp_namespace_other if self.xmp.namespace else words.xmp_namespace_none
            yield pdf_finding(
                "PDF-XMP-02",
                template.format(namespace=self.xmp.namespace, expected=self.family.xmp_namespace),
                clauses.xmp,
                _XMP,
            )
            if not self.xmp.namespace:
                return
        elif self.profile is not None and self.xmp_family.family not in self.profile.families:
            yield pdf_finding(
                "PDF-XMP-03",
                self.words.xmp_family.format(
                    family=self.xmp_family.title, profile=self.profile.title
                ),
                clauses.xmp,
                _XMP,
            )
        yield from self._xmp_values()

    def _xmp_values(self) -> Iterator[Finding]:
        clause = self.family.clauses.xmp
        if self.xmp.document_file_name != self.attachment.name:
            yield pdf_finding(
                "PDF-XMP-04",
                self.words.file_not_named
                + self._was("DocumentFileName", self.xmp.document_file_name, self.attachment.name),
                clause,
                _XMP,
            )
        if self.xmp.document_type != self.family.document_type:
            yield pdf_finding(
                "PDF-XMP-05",
                self._was(
                    self.words.document_type, self.xmp.document_type, self.family.document_type
                ),
                clause,
                _XMP,
            )
        if self.profile is None:
            return  # PDF-PRF-01 says why
        versions = expected_xmp_versions(self.family, self.specification)
        if self.xmp.version not in versions:
            yield pdf_finding(
                "PDF-XMP-06",
                self._was(self.words.version, self.xmp.version, self.words.or_.join(versions))
                + self.words.version_for.format(
                    profile=self.profile.title, family=self.family.title
                ),
                clause,
                _XMP,
            )
        if self.xmp.conformance_level != self.profile.conformance_level:
            yield pdf_finding(
                "PDF-XMP-07",
                self._was(
                    self.words.conformance_level,
                    self.xmp.conformance_level,
                    self.profile.conformance_level,
                )
                + self.words.level_of.format(specification=self.specification),
                clause,
                _XMP,
            )

    # -- the invoice file's association -----------------------------------------------------

    def _association(self) -> Iterator[Finding]:
        clauses = self.family.clauses
        name = self.attachment.name
        location = _file_location(self.attachment)
        if not self.attachment.in_af:
            yield pdf_finding(
                "PDF-AF-01",
                self.words.not_in_af.format(name=name),
                f"{_ISO_EMBEDDED}; {clauses.embedding}",
                location,
            )
        relationship = self.attachment.relationship
        if self.attachment.relationship_name is None:
            yield pdf_finding(
                "PDF-AF-02",
                self.words.no_relationship.format(name=name),
                f"{_ISO_EMBEDDED}; {clauses.relationship}",
                location,
            )
        elif relationship not in INVOICE_RELATIONSHIPS:
            yield pdf_finding(
                "PDF-AF-03",
                self.words.bad_relationship.format(
                    name=name, relationship=self.attachment.relationship_name
                ),
                clauses.relationship,
                location,
            )
        elif self.profile is not None and relationship not in self.profile.af_relationships:
            designated = self.words.or_.join(r.value for r in self.profile.af_relationships)
            yield pdf_finding(
                "PDF-AF-04",
                self.words.not_designated.format(
                    name=name,
                    relationship=self.attachment.relationship_name,
                    profile=self.profile.title,
                    designated=designated,
                ),
                clauses.relationship,
                location,
            )
        if self.attachment.mime_type != self.family.mime_type:
            yield pdf_finding(
                "PDF-AF-05",
                self._was(
                    self.words.mime_type.format(name=name), self.attachment.mime_type, "text/xml"
                ),
                f"{_ISO_EMBEDDED}; {clauses.embedding}",
                location,
            )

    # -- the invoice file and others ---------------------------------------------------------

    def _invoice_file(self) -> Iterator[Finding]:
        clause = self.family.clauses.embedding
        named = len(self.invoice.others) + 1
        reason = took(self.words, self.invoice.choice, self.attachment.name, named)
        if self.profile is not None:
            expected = expected_file_name(self.profile, self.family)
            if self.attachment.name != expected:
                yield pdf_finding(
                    "PDF-INV-01",
                    self.words.file_name.format(
                        name=self.attachment.name,
                        profile=self.profile.title,
                        family=self.family.title,
                        expected=expected,
                    ),
                    clause,
                    _file_location(self.attachment),
                )
        for other in self.invoice.others:
            if other.same_as_chosen:
                yield pdf_finding(
                    "PDF-INV-02",
                    self.words.second_identical.format(
                        other=other.attachment.name,
                        other_where=self._where(other.attachment),
                        name=self.attachment.name,
                        where=self._where(self.attachment),
                        reason=reason,
                    ),
                    clause,
                    _file_location(other.attachment),
                )
            else:
                yield pdf_finding(
                    "PDF-INV-03",
                    self.words.second_differs.format(
                        other=other.attachment.name, name=self.attachment.name, reason=reason
                    ),
                    clause,
                    _file_location(other.attachment),
                )

    def _where(self, attachment: Attachment) -> str:
        """Where the PDF references an embedded file."""
        places = [
            place
            for place, on in (
                (self.words.name_tree, attachment.in_name_tree),
                ("/AF", attachment.in_af),
            )
            if on
        ]
        return self.words.and_.join(places) or self.words.unreferenced

    def _was(self, what: str, actual: str | None, expected: str) -> str:
        """A value compared with the expected one."""
        if actual is None:
            return self.words.missing.format(what=what, expected=expected)
        return self.words.value.format(what=what, actual=repr(actual), expected=expected)


_CATALOG = "PDF /Root (document catalog)"
_TRAILER = "PDF trailer"
_XMP = "PDF /Root/Metadata (XMP)"
_BT24 = "/*/*/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID"


def _file_location(attachment: Attachment) -> str:
    if attachment.key is not None:
        return f"PDF /Root/Names/EmbeddedFiles ({attachment.key})"
    return f"PDF /Root/AF ({attachment.name})"
