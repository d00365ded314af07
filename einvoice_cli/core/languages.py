"""The languages reports and business-term names come in (``--lang``)."""

from __future__ import annotations

LANGUAGES: tuple[str, ...] = ("en", "de")
"""Language codes, English first (the default)."""
