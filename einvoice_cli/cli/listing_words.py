"""The words of ``einvoice rules`` and ``einvoice scenarios``, in English and German.

These commands have no ``--lang``: they follow the locale (``cli/localized.py``). Pack keys,
titles, licences, syntaxes and specification ids are names and stay as they are.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import click

from einvoice_cli.cli.localized import language_of
from einvoice_cli.core.languages import Language


@dataclass(frozen=True, slots=True)
class ListingWords:
    """The words of the rule pack and scenario listings in one language."""

    embedded: str
    altered: str
    installed_from: str
    """With ``{origin}``."""
    unknown: str
    not_installed: str
    licence: str
    cache: str
    embedded_verified: str
    """With ``{pack}`` and ``{package}``."""
    files_verified: str
    """With ``{pack}``, ``{count}`` and ``{origin}``."""
    already_cached: str
    mirror_written: str
    """With ``{count}`` and ``{destination}``."""
    mirrored: str
    """With ``{names}``."""
    none: str
    left_out: str
    """With ``{names}``."""
    syntax: str
    """With ``{syntax}``, then the specification ids' heading."""
    specification_id: str
    specification_ids: str
    rules: str


_EN = ListingWords(
    embedded="embedded",
    altered="embedded, ALTERED: reinstall einvoice-cli",
    installed_from="installed from {origin}",
    unknown="unknown",
    not_installed="not installed",
    licence="licence",
    cache="cache",
    embedded_verified="{pack}: embedded in {package}, verified",
    files_verified="{pack}: {count} files verified ({origin})",
    already_cached="already in the cache",
    mirror_written="{count} files written to {destination}",
    mirrored="mirrored: {names}",
    none="none",
    left_out="not installed, not mirrored: {names} (name them to install them)",
    syntax="syntax {syntax}",
    specification_id="specification id",
    specification_ids="specification ids",
    rules="rules",
)

_DE = ListingWords(
    embedded="eingebettet",
    altered="eingebettet, VERÄNDERT: einvoice-cli neu installieren",
    installed_from="installiert aus {origin}",
    unknown="unbekannt",
    not_installed="nicht installiert",
    licence="Lizenz",
    cache="Cache",
    embedded_verified="{pack}: eingebettet in {package}, geprüft",
    files_verified="{pack}: {count} Dateien geprüft ({origin})",
    already_cached="schon im Cache",
    mirror_written="{count} Dateien nach {destination} geschrieben",
    mirrored="gespiegelt: {names}",
    none="keine",
    left_out="nicht installiert, nicht gespiegelt: {names} (zum Installieren benennen)",
    syntax="Syntax {syntax}",
    specification_id="Spezifikationskennung",
    specification_ids="Spezifikationskennungen",
    rules="Regeln",
)

LISTING_WORDS: Mapping[Language, ListingWords] = MappingProxyType(
    {Language.EN: _EN, Language.DE: _DE}
)
"""The listing words by language."""


def listing_words() -> ListingWords:
    """The words in the language of the running command (its locale)."""
    return LISTING_WORDS[language_of(click.get_current_context(silent=True))]
