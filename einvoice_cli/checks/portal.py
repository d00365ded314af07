"""Portal pre-flight: the limits submission portals publish, checked before submitting.

The limits are data, not code: ``portal_limits.toml`` holds each one with the page that
states it and the dates (``checks/limits.py`` reads it). Every finding names the limit and its
source. What is checked: the size of the submission per channel, the number of embedded
attachments (BG-24), their types by content against the declared MIME code (BT-125-1) and
file name (BT-125-2), unique file names, active content (PDF JavaScript or launch actions,
spreadsheet macros), and for the OZG-RE supporting documents referenced outside the invoice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from types import MappingProxyType

from lxml import etree

from einvoice_cli.checks.content import (
    EXTENSION_KINDS,
    MIME_KINDS,
    FileKind,
    active_content,
    sniff,
)
from einvoice_cli.checks.document import CheckedDocument
from einvoice_cli.checks.findings import check_finding
from einvoice_cli.checks.limits import AttachmentRules, Portal, PortalLimits
from einvoice_cli.checks.settings import CheckSettings
from einvoice_cli.checks.wording import Wording
from einvoice_cli.core.findings import Finding, Severity
from einvoice_cli.errors import InputError
from einvoice_cli.model.attachments import SupportingDocument, supporting_documents

EXTENSION_MARK = "urn:xeinkauf.de:kosit:extension:xrechnung"
"""The specification identifier of the XRechnung Extension contains this."""


RULE_SIZE = "EINV-PORTAL-SIZE"
RULE_COUNT = "EINV-PORTAL-ATTACHMENT-COUNT"
RULE_TYPE = "EINV-PORTAL-ATTACHMENT-TYPE"
RULE_CONTENT = "EINV-PORTAL-ATTACHMENT-CONTENT"
RULE_NAME = "EINV-PORTAL-ATTACHMENT-NAME"
RULE_ACTIVE = "EINV-PORTAL-ACTIVE-CONTENT"
RULE_EXTERNAL = "EINV-PORTAL-EXTERNAL"
RULE_UNREADABLE = "EINV-PORTAL-ATTACHMENTS-UNREADABLE"

_W = {
    RULE_SIZE: Wording(
        "the submission is {size} bytes; {portal} ({channel}) accepts at most {limit} bytes "
        "including embedded attachments (source: {source})",
        "die Einreichung ist {size} Bytes groß; {portal} ({channel}) nimmt höchstens "
        "{limit} Bytes einschließlich eingebetteter Anlagen an (Quelle: {source})",
    ),
    RULE_COUNT: Wording(
        "the invoice embeds {count} attachments; {portal} accepts at most {limit} "
        "(source: {source})",
        "die Rechnung bettet {count} Anlagen ein; {portal} nimmt höchstens {limit} an "
        "(Quelle: {source})",
    ),
    RULE_TYPE: Wording(
        "attachment {position} '{name}' is declared as {declared}; {portal} accepts only "
        "{allowed} (source: {source})",
        "Anlage {position} '{name}' ist als {declared} angegeben; {portal} nimmt nur {allowed} "
        "an (Quelle: {source})",
    ),
    RULE_CONTENT: Wording(
        "attachment {position} '{name}' is declared as {declared}, but its content is "
        "{actual}; {portal} checks the content (source: {source})",
        "Anlage {position} '{name}' ist als {declared} angegeben, ihr Inhalt ist aber "
        "{actual}; {portal} prüft den Inhalt (Quelle: {source})",
    ),
    RULE_NAME: Wording(
        "{count} attachments are named '{name}'; {portal} requires distinct file names "
        "(source: {source})",
        "{count} Anlagen heißen '{name}'; {portal} verlangt unterschiedliche Dateinamen "
        "(Quelle: {source})",
    ),
    RULE_ACTIVE: Wording(
        "attachment {position} '{name}' contains active content ({what}), which {portal} "
        "turns away",
        "Anlage {position} '{name}' enthält aktive Inhalte ({what}), die {portal} abweist",
    ),
    RULE_EXTERNAL: Wording(
        "supporting document '{reference}' is referenced outside the invoice ({location}); "
        "{portal} takes attachments of {low} to {high} bytes separately, not embedded "
        "(source: {source})",
        "das Dokument '{reference}' wird außerhalb der Rechnung referenziert ({location}); "
        "{portal} nimmt Anlagen von {low} bis {high} Bytes getrennt, nicht eingebettet, an "
        "(Quelle: {source})",
    ),
    RULE_UNREADABLE: Wording(
        "the embedded attachments cannot be read, so they were not checked: {error}",
        "die eingebetteten Anlagen sind nicht lesbar und wurden nicht geprüft: {error}",
    ),
}

_PORTAL_TITLES = {Portal.ZRE: "ZRE", Portal.OZG_RE: "OZG-RE", Portal.PEPPOL: "Peppol"}


def check_portal(
    document: CheckedDocument, settings: CheckSettings, limits: PortalLimits
) -> tuple[Finding, ...]:
    """The findings of the pre-flight for ``settings.portal``."""
    portal = settings.portal
    if portal is None:
        return ()
    title = _PORTAL_TITLES[portal]
    lang = settings.lang
    findings: list[Finding] = []
    size = limits.size_limit(portal, settings.channel)
    if size is not None and len(document.data) > size.max_bytes:
        message = _W[RULE_SIZE].say(
            lang,
            size=len(document.data),
            portal=title,
            channel=size.channel.value,
            limit=size.max_bytes,
            source=size.source.cite(),
        )
        findings.append(check_finding(settings, RULE_SIZE, Severity.ERROR, message))
    rules = limits.attachment_rules(portal)
    if rules is None:
        return tuple(findings)
    try:
        attachments = supporting_documents(document.tree, document.name)
    except InputError as e:
        message = _W[RULE_UNREADABLE].say(lang, error=str(e))
        findings.append(check_finding(settings, RULE_UNREADABLE, Severity.ERROR, message))
        return tuple(findings)
    if len(attachments) > rules.max_count:
        message = _W[RULE_COUNT].say(
            lang,
            count=len(attachments),
            portal=title,
            limit=rules.max_count,
            source=rules.count_source.cite(),
        )
        findings.append(
            check_finding(settings, RULE_COUNT, Severity.ERROR, message, business_terms=("BG-24",))
        )
    extension = EXTENSION_MARK in (document.specification or "")
    for attachment in attachments:
        findings.extend(_attachment_findings(attachment, rules, extension, title, settings))
    if rules.unique_names:
        findings.extend(_duplicate_names(attachments, rules, title, settings))
    if rules.external_large is not None and rules.external_large_source is not None:
        findings.extend(_external(document, rules, title, settings))
    return tuple(findings)


def _declared(attachment: SupportingDocument) -> tuple[FileKind | None, FileKind | None]:
    """The kinds the MIME code and the file name's extension declare (``None``: none
    given); an unknown declaration is :attr:`FileKind.UNKNOWN`."""
    mime = (attachment.mime_code or "").strip().lower()
    name = attachment.filename or ""
    by_mime = MIME_KINDS.get(mime, FileKind.UNKNOWN) if mime else None
    extension = name.rsplit(".", 1)[1].lower() if "." in name else ""
    by_name = EXTENSION_KINDS.get(extension, FileKind.UNKNOWN) if extension else None
    return by_mime, by_name


def _attachment_findings(
    attachment: SupportingDocument,
    rules: AttachmentRules,
    extension: bool,
    title: str,
    settings: CheckSettings,
) -> list[Finding]:
    lang = settings.lang
    allowed = rules.types | (rules.extension_types if extension else frozenset())
    name = attachment.filename or ""
    by_mime, by_name = _declared(attachment)
    declared = " / ".join(
        d for d in (attachment.mime_code, f".{name.rsplit('.', 1)[1]}" if "." in name else "") if d
    )
    findings: list[Finding] = []
    terms = ("BT-125",)
    if any(k is not None and k not in allowed for k in (by_mime, by_name)):
        source = (
            rules.types_source
            if by_mime in rules.types or not extension
            else (rules.extension_types_source)
        )
        message = _W[RULE_TYPE].say(
            lang,
            position=attachment.position,
            name=name,
            declared=declared or "?",
            portal=title,
            allowed=", ".join(sorted(k.value for k in allowed)),
            source=source.cite(),
        )
        findings.append(
            check_finding(settings, RULE_TYPE, Severity.ERROR, message, business_terms=terms)
        )
    actual = sniff(attachment.data)
    claimed = {k for k in (by_mime, by_name) if k is not None}
    if not findings and claimed and claimed != {actual}:
        message = _W[RULE_CONTENT].say(
            lang,
            position=attachment.position,
            name=name,
            declared=declared,
            actual=actual.value,
            portal=title,
            source=rules.types_source.cite(),
        )
        findings.append(
            check_finding(settings, RULE_CONTENT, Severity.ERROR, message, business_terms=terms)
        )
    active = active_content(attachment.data, actual)
    if active:
        message = _W[RULE_ACTIVE].say(
            lang, position=attachment.position, name=name, what=", ".join(active), portal=title
        )
        findings.append(
            check_finding(settings, RULE_ACTIVE, Severity.ERROR, message, business_terms=terms)
        )
    return findings


def _duplicate_names(
    attachments: tuple[SupportingDocument, ...],
    rules: AttachmentRules,
    title: str,
    settings: CheckSettings,
) -> list[Finding]:
    counts = Counter(a.filename for a in attachments if a.filename)
    return [
        check_finding(
            settings,
            RULE_NAME,
            Severity.ERROR,
            _W[RULE_NAME].say(
                settings.lang,
                count=count,
                name=name,
                portal=title,
                source=rules.unique_names_source.cite(),
            ),
            business_terms=("BT-125",),
        )
        for name, count in counts.items()
        if count > 1
    ]


# Supporting documents (BG-24) that name an external location (BT-124) and embed nothing.
# UBL's AdditionalDocumentReference with type code 130 and CII's AdditionalReferencedDocument
# with a type code other than 916 carry other terms (BT-17, BT-18), not BG-24.
_EXTERNAL: Mapping[str, tuple[Mapping[str, str], str, str, str]] = MappingProxyType(
    {
        "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2": (
            MappingProxyType(
                {
                    "cac": "urn:oasis:names:specification:ubl:schema:xsd:"
                    "CommonAggregateComponents-2",
                    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
                }
            ),
            "/*/cac:AdditionalDocumentReference[cac:Attachment/cac:ExternalReference/cbc:URI]"
            "[not(cac:Attachment/cbc:EmbeddedDocumentBinaryObject)]"
            "[not(normalize-space(cbc:DocumentTypeCode) = '130')]",
            "string(cbc:ID)",
            "string(cac:Attachment/cac:ExternalReference/cbc:URI)",
        ),
        "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100": (
            MappingProxyType(
                {
                    "ram": "urn:un:unece:uncefact:data:standard:"
                    "ReusableAggregateBusinessInformationEntity:100"
                }
            ),
            "//ram:AdditionalReferencedDocument[ram:URIID][not(ram:AttachmentBinaryObject)]"
            "[normalize-space(ram:TypeCode) = '916']",
            "string(ram:IssuerAssignedID)",
            "string(ram:URIID)",
        ),
    }
)


def _external_references(document: CheckedDocument) -> list[tuple[str, str]]:
    """(reference BT-122, location BT-124) of each supporting document only referenced."""
    out = []
    for namespaces, path, reference, location in _EXTERNAL.values():
        ns = dict(namespaces)
        found = document.tree.xpath(path, namespaces=ns)
        for element in found if isinstance(found, list) else []:
            if isinstance(element, etree._Element):
                out.append(
                    (
                        str(element.xpath(reference, namespaces=ns)).strip(),
                        str(element.xpath(location, namespaces=ns)).strip(),
                    )
                )
    return out


def _external(
    document: CheckedDocument, rules: AttachmentRules, title: str, settings: CheckSettings
) -> list[Finding]:
    if rules.external_large is None or rules.external_large_source is None:
        return []
    low, high = rules.external_large
    return [
        check_finding(
            settings,
            RULE_EXTERNAL,
            Severity.INFORMATION,
            _W[RULE_EXTERNAL].say(
                settings.lang,
                reference=reference or "?",
                location=location,
                portal=title,
                low=low,
                high=high,
                source=rules.external_large_source.cite(),
            ),
            business_terms=("BT-124",),
        )
        for reference, location in _external_references(document)
    ]
