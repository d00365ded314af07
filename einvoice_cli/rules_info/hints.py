"""Short hints, in English and German, for the rules that fire most: the table ``hints.toml``."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from importlib import resources
from types import MappingProxyType

from einvoice_cli.core.languages import LANGUAGES


def _load() -> Mapping[str, Mapping[str, str]]:
    text = resources.files("einvoice_cli.rules_info").joinpath("hints.toml").read_text("utf-8")
    rows = tomllib.loads(text)["hint"]
    out: dict[str, Mapping[str, str]] = {}
    for rule, row in rows.items():
        missing = [lang for lang in LANGUAGES if not str(row.get(lang, "")).strip()]
        if missing:
            raise RuntimeError(f"hints.toml: {rule} has no hint in {', '.join(missing)}")
        out[rule] = MappingProxyType({lang: str(row[lang]) for lang in LANGUAGES})
    return MappingProxyType(out)


HINTS: Mapping[str, Mapping[str, str]] = _load()
"""Rule id -> language -> one sentence saying what to change."""


def hint_for(rule: str, lang: str) -> str | None:
    """The hint for ``rule`` in ``lang``, if the table has one."""
    row = HINTS.get(rule)
    return None if row is None else row.get(lang)
