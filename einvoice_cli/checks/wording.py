"""Words our own checks say to a person, in English and German.

Each message is one :class:`Wording` with both languages, so a message missing in one
language is a type error, not a blank. The report language is chosen by the caller
(:class:`~einvoice_cli.checks.settings.CheckSettings`); official rule messages are never
translated, ours always are.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Wording:
    """One message in both languages; ``{name}`` placeholders are filled by :meth:`say`."""

    en: str
    de: str

    def say(self, lang: str, **values: object) -> str:
        """The message in ``lang`` (German for ``de``, English otherwise), filled in."""
        template = self.de if lang == "de" else self.en
        return template.format(**values)
