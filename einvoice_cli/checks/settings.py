"""Which of our own checks run, for which portal and channel, and in which language.

Our checks go beyond the official rules (DESIGN.md "Official vs our own"): they run only
when asked, after the official verdict is known, and never change it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from einvoice_cli.checks.limits import Channel, Portal, PortalLimits, load_limits
from einvoice_cli.core.findings import Severity

__all__ = ["Channel", "Check", "CheckSettings", "Portal"]


class Check(StrEnum):
    """Our own checks; ``.value`` is the name ``--check`` and the APIs take."""

    LEITWEG = "leitweg"
    """BT-10 of an XRechnung to a German public buyer is a valid Leitweg-ID."""
    PORTAL = "portal"
    """The published limits of a submission portal (size, attachments)."""
    CONSISTENCY = "consistency"
    """The visible pages of a hybrid PDF show the facts of its XML."""


@dataclass(frozen=True, slots=True)
class CheckSettings:
    """Our own checks for one run. The default runs none."""

    checks: frozenset[Check] = frozenset()
    portal: Portal | None = None
    """The portal whose limits apply (implies :attr:`Check.PORTAL`)."""
    channel: Channel | None = None
    """The channel whose size limit applies; ``None``: the portal's default channel."""
    severities: tuple[tuple[str, Severity], ...] = ()
    """Severity overrides by rule id (``EINV-...``), in place of each rule's default."""
    lang: str = "en"
    """Language of our findings' messages (``en`` or ``de``)."""
    limits: PortalLimits | None = None
    """The portals' published limits; ``None``: read from the package on each use. Settings
    built by :meth:`from_names` hold them, read once per run."""

    def portal_limits(self) -> PortalLimits:
        """The table of limits: the one held, or the package's."""
        return self.limits if self.limits is not None else load_limits()

    @classmethod
    def from_names(
        cls,
        checks: Iterable[str] = (),
        *,
        portal: str | None = None,
        channel: str | None = None,
        severities: Mapping[str, str] | None = None,
        lang: str = "en",
    ) -> CheckSettings:
        """Settings from the names the command line and the service take (``leitweg``,
        ``portal``, ``consistency``; ``zre``, ``ozg-re``, ``peppol``; ``upload``, ...).

        Raises :class:`ValueError` naming what is unknown.
        """
        known = {c.value: c for c in Check}
        unknown = [name for name in checks if name not in known]
        if unknown:
            raise ValueError(f"unknown check {', '.join(unknown)}; known: {', '.join(known)}")
        if channel is not None and portal is None:
            raise ValueError("a channel needs a portal")
        limits = load_limits() if portal is not None else None
        if limits is not None and portal is not None and channel is not None:
            channels = [c.value for c in limits.channels(Portal(portal))]
            if channel not in channels:
                raise ValueError(
                    f"no published size limit of {portal} for channel {channel}; "
                    f"known: {', '.join(channels)}"
                )
        overrides = []
        for rule, level in (severities or {}).items():
            if not rule.startswith("EINV-"):
                raise ValueError(f"{rule}: only our own rules (EINV-...) take another severity")
            overrides.append((rule, Severity(level)))
        return cls(
            checks=frozenset(known[name] for name in checks),
            portal=Portal(portal) if portal is not None else None,
            channel=Channel(channel) if channel is not None else None,
            severities=tuple(overrides),
            lang=lang,
            limits=limits,
        )

    @property
    def active(self) -> frozenset[Check]:
        """The checks that run: those asked for, plus the portal check when a portal is named."""
        return self.checks | ({Check.PORTAL} if self.portal is not None else frozenset())

    def severity(self, rule: str, default: Severity) -> Severity:
        """The severity of a finding of ``rule``: the override, else ``default``."""
        return dict(self.severities).get(rule, default)
