"""The languages reports and business-term names come in (``--lang``)."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum


class Language(StrEnum):
    """A language everything einvoice-cli says to a person exists in; ``.value`` is the
    ``--lang`` spelling (ISO 639-1)."""

    EN = "en"
    DE = "de"


LANGUAGES: tuple[str, ...] = tuple(language.value for language in Language)
"""Language codes, English first (the default)."""


def locale_language(environ: Mapping[str, str]) -> Language:
    """The language of the locale: the first of LC_ALL, LC_MESSAGES and LANG that is set, as
    POSIX orders them (``de_DE.UTF-8`` -> German); English for ``C``, ``POSIX``, an unset locale
    or a language the tool does not speak."""
    name = next((v for n in ("LC_ALL", "LC_MESSAGES", "LANG") if (v := environ.get(n))), "")
    code = name.split(".", 1)[0].split("@", 1)[0].split("_", 1)[0].lower()
    return Language(code) if code in LANGUAGES else Language.EN
