"""Options shared by several commands, as decorators, and the objects they build."""

from __future__ import annotations

import math
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import click

from einvoice_cli.errors import InputTooLarge
from einvoice_cli.hybrid.settings import DEFAULT_MAX_PDF_BYTES, PdfSettings
from einvoice_cli.rulepacks.catalog import load_catalog
from einvoice_cli.rulepacks.fetch import FetchSettings, default_cache_dir
from einvoice_cli.rulepacks.store import RuleStore
from einvoice_cli.validation.engine import RuleEngine
from einvoice_cli.validation.inputs import Input
from einvoice_cli.xml.parser import DEFAULT_MAX_BYTES, ParseSettings

F = TypeVar("F", bound=Callable[..., object])


@dataclass(frozen=True, slots=True)
class RulesOptions:
    """Where rules are cached and where missing ones may come from."""

    cache_dir: Path
    mirror: str | None
    offline: bool

    def fetch_settings(self) -> FetchSettings:
        """The settings ``rulepacks/fetch.py`` works with."""
        return FetchSettings(
            cache_dir=self.cache_dir, mirror=self.mirror, allow_network=not self.offline
        )

    def store(self) -> RuleStore:
        """A rule store over the rule-pack definitions shipped with this release."""
        return RuleStore(load_catalog(), self.fetch_settings())

    def engine(self) -> RuleEngine:
        """A rule engine for this process."""
        return RuleEngine(self.store())


def cache_options(function: F) -> F:
    """``--cache-dir`` and ``--offline``, with their environment variables."""
    function = click.option(
        "--offline",
        is_flag=True,
        envvar="EINVOICE_OFFLINE",
        help="Never download rule files (a mirror directory still works). Env: EINVOICE_OFFLINE.",
    )(function)
    function = click.option(
        "--cache-dir",
        type=click.Path(file_okay=False, path_type=Path),
        envvar="EINVOICE_CACHE_DIR",
        default=default_cache_dir,
        show_default="the per-user cache directory",
        help="Where installed rule files and compiled rules are kept. Env: EINVOICE_CACHE_DIR.",
    )(function)
    return function


def mirror_option(*names: str) -> Callable[[F], F]:
    """The mirror to install rule files from, under the given option names."""
    return click.option(
        *names,
        "mirror",
        metavar="DIR|URL",
        envvar="EINVOICE_RULES_MIRROR",
        help=(
            "Install missing rule files from this mirror (a directory or http(s) base URL laid "
            "out as HOST/PATH) instead of the official URLs. Env: EINVOICE_RULES_MIRROR."
        ),
    )


def shared_engine(ctx: click.Context) -> RuleEngine | None:
    """The rule engine an embedding application (or the test suite) handed over, if any.

    It comes in the context object, so stylesheets compiled once serve many invocations.
    """
    shared = ctx.obj.get("engine") if isinstance(ctx.obj, dict) else None
    return shared if isinstance(shared, RuleEngine) else None


def size_options(*, max_size_help: str, max_pdf_size_help: str) -> Callable[[F], F]:
    """``--max-size`` (XML documents and embedded invoices) and ``--max-pdf-size`` (PDFs).

    Each command words the help for what it reads; :func:`size_limits` turns the values into
    the settings the core takes.
    """

    def decorate(function: F) -> F:
        function = click.option(
            "--max-pdf-size",
            type=ByteSize(),
            default=DEFAULT_MAX_PDF_BYTES,
            show_default="128MiB",
            help=max_pdf_size_help,
        )(function)
        function = click.option(
            "--max-size",
            type=ByteSize(),
            default=DEFAULT_MAX_BYTES,
            show_default="64MiB",
            help=max_size_help,
        )(function)
        return function

    return decorate


def size_limits(max_size: int, max_pdf_size: int) -> tuple[ParseSettings, PdfSettings]:
    """The limits of ``--max-size`` and ``--max-pdf-size``: an embedded invoice, like any XML
    document, may be at most ``--max-size``."""
    return (
        ParseSettings(max_bytes=max_size),
        PdfSettings(max_pdf_bytes=max_pdf_size, max_attachment_bytes=max_size),
    )


def use_color(stream_is_terminal: bool) -> bool:
    """Colour on a terminal, or anywhere when FORCE_COLOR is set (to anything but ``0``, as
    https://force-color.org has it); never when NO_COLOR is set (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    forced = os.environ.get("FORCE_COLOR")
    return stream_is_terminal or (forced is not None and forced not in ("", "0"))


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 1000, "m": 1000**2, "g": 1000**3}


class Seconds(click.ParamType[float]):
    """A duration in seconds: a finite number, positive, or 0 for "no limit" (``nan`` and
    ``inf`` are refused: neither is a duration a clock can reach)."""

    name = "seconds"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        """Parse seconds."""
        try:
            seconds = float(str(value))
        except ValueError:
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        if (
            not math.isfinite(seconds)
            or seconds < 0
            or (seconds == 0 and math.copysign(1, seconds) < 0)
        ):
            self.fail(f"{value!r} is not a finite number of seconds, 0 or more", param, ctx)
        return seconds


class ByteSize(click.ParamType[int]):
    """A size such as ``64MiB``, ``15MB`` or ``1000000``."""

    name = "size"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> int:
        """Parse a size into bytes."""
        if isinstance(value, int):
            return value
        match = _SIZE.match(str(value))
        if match is None:
            self.fail(f"{value!r} is not a size (examples: 64MiB, 15MB, 1000000)", param, ctx)
        unit = (match.group(2) or "").lower()
        factor = _UNITS[unit[0]] if unit and unit != "b" else 1
        if "i" in unit:
            factor = {"k": 1024, "m": 1024**2, "g": 1024**3}[unit[0]]
        return int(float(match.group(1)) * factor)


def read_document(path: str, max_bytes: int) -> bytes:
    """The bytes of a file or of standard input (``-``), read no further than one byte past
    ``max_bytes`` and refused past it (:class:`InputTooLarge`; ``cli/main.py`` names the option
    that raises the limit)."""
    if path != "-":
        return Input(path, path=Path(path)).read(max_bytes)
    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputTooLarge(
            f"-: standard input is over the size limit of {max_bytes:,} bytes", limit=max_bytes
        )
    return data
