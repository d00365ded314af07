"""The words of ``einvoice rules``, ``einvoice scenarios`` and ``einvoice extract``, in English
and German.

``rules`` and ``scenarios`` have no ``--lang``: they follow the locale (``cli/localized.py``);
``extract`` takes ``--lang`` as well. Pack keys, titles, licences, syntaxes, specification ids and
file names are names and stay as they are.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import click

from einvoice_cli.cli.localized import language_of
from einvoice_cli.core.languages import Language


@dataclass(frozen=True, slots=True)
class CommandWords:
    """The words of the rule pack and scenario listings and of ``extract`` in one language."""

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
    warning: str
    also_embeds: str
    """With ``{pdf}``, ``{name}`` and ``{relation}``."""
    identical: str
    differs: str


_EN = CommandWords(
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
    warning="warning",
    also_embeds="{pdf} also embeds {name}, {relation}",
    identical="identical to it",
    differs="which differs from it",
)

_DE = CommandWords(
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
    warning="Warnung",
    also_embeds="{pdf} enthält auch {name}, {relation}",
    identical="identisch mit ihr",
    differs="die von ihr abweicht",
)

COMMAND_WORDS: Mapping[Language, CommandWords] = MappingProxyType(
    {Language.EN: _EN, Language.DE: _DE}
)
"""The listing words by language."""


def command_words() -> CommandWords:
    """The words in the language of the running command (its locale)."""
    return COMMAND_WORDS[language_of(click.get_current_context(silent=True))]
