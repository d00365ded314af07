"""Help pages and usage errors in the language of the person reading them.

click writes help and usage errors in English. Its own words go through :mod:`gettext`,
which needs compiled message catalogues installed for a text domain and the process's
locale; ``--lang`` could not choose them. So the commands here take a context whose help
formatter translates while it writes: our help texts, click's headings and option notes
(``[default: ...]``), and the usage errors click and our commands raise. The German texts
are in ``help_de.toml``, keyed by their English text: an English help text changed without
its German is a test failure (``tests/unit/test_help_language.py``), never a stale page.

The language is the ``--lang`` given on the command line (also with ``--help``, which click
handles before it reads any other option), else the locale's (LC_ALL, LC_MESSAGES, LANG).
English pages and errors are click's own, untouched.
"""

from __future__ import annotations

import inspect
import os
import re
import textwrap
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import IO, Any

import click

from einvoice_cli.core.languages import LANGUAGES, Language, locale_language

_LANG_META = "einvoice.lang"
"""The ``ctx.meta`` key of the chosen language (shared by a command and its group)."""


@dataclass(frozen=True, slots=True)
class HelpWords:
    """What a help page and a usage error say in one language other than click's English."""

    texts: Mapping[str, str]
    """Our help texts: English (as click shows it, ``inspect.cleandoc``-ed) to translation."""
    words: Mapping[str, str]
    """click's own words: headings, option notes, the frame of a usage error."""
    defaults: Mapping[str, str]
    """Defaults that are words (``show_default="the number of CPU cores"``)."""
    messages: Sequence[tuple[re.Pattern[str], str]]
    """Usage error phrases (click's and ours) and their translation, applied in order."""

    def text(self, english: str) -> str:
        """The translation of one of our help texts, or the text itself when it has none
        (a test keeps that from happening for any text of ours)."""
        return self.texts.get(english, english)

    def definition(self, english: str) -> str:
        """An option's help line: its help text, then click's notes in brackets."""
        help_text, notes = english, ""
        if english.endswith("]") and (at := english.rfind("[")) >= 0:
            help_text, notes = english[:at].rstrip(), english[at:]
        for english_default, translated in self.defaults.items():
            notes = notes.replace(english_default, translated)
        for word in ("default", "required", "env var"):
            notes = notes.replace(word, self.words[word])
        translated = self.text(help_text) if help_text else ""
        return f"{translated}  {notes}".strip() if notes else translated

    def message(self, english: str) -> str:
        """A usage error's message, phrase by phrase; a phrase not in the table stays English."""
        for pattern, replacement in self.messages:
            english = pattern.sub(replacement, english)
        return english


@cache
def german() -> HelpWords:
    """The German help words (read on first use: English pages never load them)."""
    text = resources.files("einvoice_cli.cli").joinpath("help_de.toml").read_text("utf-8")
    data = tomllib.loads(text)
    return HelpWords(
        texts={inspect.cleandoc(t["en"]): inspect.cleandoc(t["de"]) for t in data["text"]},
        words=dict(data["words"]),
        defaults=dict(data["defaults"]),
        messages=tuple((re.compile(m["en"]), m["de"]) for m in data["message"]),
    )


_WORDS: Mapping[Language, Callable[[], HelpWords]] = {Language.DE: german}
"""The help words by language; English has none (click's own)."""


def help_words(language: Language) -> HelpWords | None:
    """The words to translate into, or None for English."""
    loader = _WORDS.get(language)
    return loader() if loader is not None else None


def language_of(ctx: click.Context | None) -> Language:
    """The language chosen on the command line, else the locale's."""
    chosen = ctx.meta.get(_LANG_META) if ctx is not None else None
    return chosen if isinstance(chosen, Language) else locale_language(os.environ)


def argv_language(args: Iterable[str]) -> Language:
    """The language of a command line: its ``--lang``, else the locale's (for what is said
    before or after a command runs, when there is no context)."""
    return _language_in(args) or locale_language(os.environ)


def _language_in(args: Iterable[str]) -> Language | None:
    """``--lang X`` or ``--lang=X`` among the arguments (before ``--``), if it is a language
    the tool speaks."""
    items = list(args)
    for at, arg in enumerate(items):
        if arg == "--":
            break
        value = arg.partition("=")[2] if arg.startswith("--lang=") else None
        if arg == "--lang" and at + 1 < len(items):
            value = items[at + 1]
        if value is not None and value.lower() in LANGUAGES:
            return Language(value.lower())
    return None


class LocalizedFormatter(click.HelpFormatter):
    """click's help formatter, translating as it writes."""

    def __init__(self, words: HelpWords, *, width: int | None, max_width: int | None) -> None:
        super().__init__(width=width, max_width=max_width)
        self.help_words = words

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        """The usage line, with the translated ``Usage:``."""
        usage = self.help_words.words["usage"]
        super().write_usage(prog, args, f"{usage} " if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        """A section heading (``Options``, ``Commands``)."""
        super().write_heading(self.help_words.words.get(heading, heading))

    def write_text(self, text: str) -> None:
        """A command's help text."""
        super().write_text(self.help_words.text(text))

    def write_dl(
        self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        """Options and commands with their help."""
        translated = [(term, self.help_words.definition(text)) for term, text in rows]
        super().write_dl(translated, col_max, col_spacing)


class LocalizedContext(click.Context):
    """A context whose help pages are in the chosen language."""

    def make_formatter(self) -> click.HelpFormatter:
        """A translating formatter, or click's own for English."""
        words = help_words(language_of(self))
        if words is None:
            return super().make_formatter()
        return LocalizedFormatter(
            words, width=self.terminal_width, max_width=self.max_content_width
        )


class LocalizedUsageError(click.UsageError):
    """A usage error shown in a language other than English."""

    def __init__(self, message: str, ctx: click.Context | None, words: HelpWords) -> None:
        super().__init__(message, ctx)
        self.help_words = words

    def show(self, file: IO[Any] | None = None) -> None:
        """The usage line, where to get help, and the error, as click shows them."""
        words = self.help_words.words
        if self.ctx is not None:
            hint = ""
            if self.ctx.command.get_help_option(self.ctx) is not None:
                command, option = self.ctx.command_path, self.ctx.help_option_names[0]
                hint = words["try"].format(command=command, option=option) + "\n"
            click.echo(f"{self.ctx.get_usage()}\n{hint}", file=file, err=True)
        click.echo(words["error"].format(message=self.format_message()), file=file, err=True)


def localize(error: click.UsageError, ctx: click.Context) -> click.UsageError:
    """The usage error in the chosen language (itself for English or when already done)."""
    words = help_words(language_of(ctx))
    if words is None or isinstance(error, LocalizedUsageError):
        return error
    return LocalizedUsageError(words.message(error.format_message()), error.ctx, words)


def short_help(text: str, limit: int) -> str:
    """The first sentence of a help text, shortened at a word to ``limit`` characters, as click
    shortens a command's help for its group's list."""
    words = text.partition("\n\n")[0].split()
    for at, word in enumerate(words):
        if word.endswith(".") and (at == len(words) - 1 or not words[at + 1][0].islower()):
            words = words[: at + 1]
            break
    return textwrap.shorten(" ".join(words), max(limit, 3), placeholder="...")


class LocalizedCommand(click.Command):
    """A command whose help page and usage errors are in the chosen language."""

    context_class = LocalizedContext

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Note ``--lang`` before click parses (``--help`` answers first), then parse."""
        if (language := _language_in(args)) is not None:
            ctx.meta[_LANG_META] = language
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as e:
            raise localize(e, ctx) from e

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; a usage error it raises is shown in the chosen language."""
        try:
            return super().invoke(ctx)
        except click.UsageError as e:
            raise localize(e, ctx) from e

    def get_short_help_str(self, limit: int = 45) -> str:
        """The command's line in its group's list."""
        words = help_words(language_of(click.get_current_context(silent=True)))
        if words is None or self.short_help or not self.help:
            return super().get_short_help_str(limit)
        return short_help(words.text(inspect.cleandoc(self.help).partition("\f")[0]), limit)


class LocalizedGroup(LocalizedCommand, click.Group):
    """A group of localized commands."""

    command_class = LocalizedCommand
    group_class = type
