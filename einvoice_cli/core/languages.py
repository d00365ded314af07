"""The languages reports and business-term names come in (``--lang``)."""

from __future__ import annotations

from enum import StrEnum


class Language(StrEnum):
    """A language everything einvoice-cli says to a person exists in; ``.value`` is the
    ``--lang`` spelling (ISO 639-1)."""

    EN = "en"
    DE = "de"


LANGUAGES: tuple[str, ...] = tuple(language.value for language in Language)
"""Language codes, English first (the default)."""
