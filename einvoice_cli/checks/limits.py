"""The submission portals, their channels, and the limits they publish.

The limits are data, not code: ``portal_limits.toml`` holds each one with the page that states
it and the dates; :func:`load_limits` reads it into typed values. ``checks/portal.py`` checks a
document against them.
"""

from __future__ import annotations

import importlib.resources
import tomllib
from dataclasses import dataclass
from enum import StrEnum

from einvoice_cli.checks.content import FileKind


class Portal(StrEnum):
    """Submission portals with published limits; ``.value`` is the ``--portal`` name."""

    ZRE = "zre"
    """Zentraler Rechnungseingang des Bundes."""
    OZG_RE = "ozg-re"
    """OZG-konformer Rechnungseingang (Bund and several Länder)."""
    PEPPOL = "peppol"
    """Delivery over the Peppol network."""


class Channel(StrEnum):
    """How an invoice reaches a portal; ``.value`` is the ``--channel`` name."""

    UPLOAD = "upload"
    WEB = "web"
    """Typed into the portal's web form (only attachments are uploaded)."""
    EMAIL = "email"
    DE_MAIL = "de-mail"
    PEPPOL = "peppol"


@dataclass(frozen=True, slots=True)
class LimitSource:
    """Where a limit is published."""

    url: str
    title: str
    stated: str
    """The date the page gives for its statement (ISO 8601), or empty."""
    consulted: str
    """The date the entry was taken from the page (ISO 8601), or empty."""

    def cite(self) -> str:
        """The source in one parenthesis-ready phrase."""
        parts = [self.title]
        if self.url:
            parts.append(self.url)
        if self.stated:
            parts.append(self.stated)
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class SizeLimit:
    """The largest submission a portal takes over one channel."""

    portal: Portal
    channel: Channel
    max_bytes: int
    source: LimitSource


@dataclass(frozen=True, slots=True)
class AttachmentRules:
    """What a portal accepts as embedded attachments."""

    max_count: int
    count_source: LimitSource
    types: frozenset[FileKind]
    types_source: LimitSource
    extension_types: frozenset[FileKind]
    """Further types accepted in an invoice under the XRechnung Extension."""
    extension_types_source: LimitSource
    unique_names: bool
    unique_names_source: LimitSource
    external_large: tuple[int, int] | None
    """Sizes between which attachments travel outside the invoice (OZG-RE), or ``None``."""
    external_large_source: LimitSource | None


@dataclass(frozen=True, slots=True)
class PortalLimits:
    """The whole table of ``portal_limits.toml``."""

    sizes: tuple[SizeLimit, ...]
    attachments: tuple[tuple[Portal, AttachmentRules], ...]
    """Each portal's attachment rules (pairs, so that settings holding the table pickle to
    batch workers)."""

    def attachment_rules(self, portal: Portal) -> AttachmentRules | None:
        """The attachment rules of ``portal``, if the table has any."""
        return dict(self.attachments).get(portal)

    def size_limit(self, portal: Portal, channel: Channel | None) -> SizeLimit | None:
        """The size limit of ``portal`` over ``channel`` (default: the portal's first)."""
        own = [s for s in self.sizes if s.portal is portal]
        if channel is None:
            return own[0] if own else None
        return next((s for s in own if s.channel is channel), None)

    def channels(self, portal: Portal) -> tuple[Channel, ...]:
        """The channels the table knows for ``portal``."""
        return tuple(s.channel for s in self.sizes if s.portal is portal)


def load_limits() -> PortalLimits:
    """Read ``portal_limits.toml`` from the package."""
    text = (importlib.resources.files("einvoice_cli.checks") / "portal_limits.toml").read_text(
        encoding="utf-8"
    )
    raw = tomllib.loads(text)
    sources = {key: LimitSource(**value) for key, value in raw["sources"].items()}
    sizes = tuple(
        SizeLimit(Portal(s["portal"]), Channel(s["channel"]), s["bytes"], sources[s["source"]])
        for s in raw["size"]
    )
    attachments = {}
    for name, a in raw["attachments"].items():
        large = a.get("external_large")
        attachments[Portal(name)] = AttachmentRules(
            max_count=a["max_count"],
            count_source=sources[a["count_source"]],
            types=frozenset(FileKind(t) for t in a["types"]),
            types_source=sources[a["types_source"]],
            extension_types=frozenset(FileKind(t) for t in a["extension_types"]),
            extension_types_source=sources[a["extension_types_source"]],
            unique_names=a["unique_names"],
            unique_names_source=sources[a["unique_names_source"]],
            external_large=(large[0], large[1]) if large else None,
            external_large_source=sources[a["external_large_source"]] if large else None,
        )
    return PortalLimits(sizes, tuple(attachments.items()))
