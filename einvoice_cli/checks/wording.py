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
        """The message in ``lang`` (German for ``de``, English otherwise), filled in; whole
        numbers are grouped in thousands as each language writes them (15,000,000 and
        15.000.000)."""
        german = lang == "de"
        template = self.de if german else self.en
        shown = {
            key: _grouped(value, german) if type(value) is int else value
            for key, value in values.items()
        }
        return template.format(**shown)


def _grouped(number: int, german: bool) -> str:
    text = f"{number:,}"
    return text.replace(",", ".") if german else text
