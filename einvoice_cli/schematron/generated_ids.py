"""Rule ids for official asserts and reports that have none.

Some official rules carry no ``id``: the Factur-X/ZUGFeRD Schematron's reports that an element
or attribute is "marked as not used" in a profile, for instance. A finding needs a rule id that
scripts, SARIF (``ruleId``) and ``einvoice explain`` can hold on to, so such a check is named
by what identifies it in the official file: its kind (assert or report), the context of its rule
and its test. The name is ``<PREFIX>-NOID-<8 hex digits>``: the prefix of the rule source
(``FX`` for Factur-X), then the start of the SHA-256 of those three, whitespace-normalised. It
is the same in every run and every version of einvoice-cli as long as the official file keeps
the check, and the same check in two profiles' files has the same name. Official outputs that
copy the rules' own SVRL (the KoSIT report, which writes ``UNSPECIFIC`` for a message without
an id) never see it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from types import MappingProxyType

from einvoice_cli.core.findings import Source

_PREFIXES: Mapping[Source, str] = MappingProxyType({Source.FACTURX: "FX"})
"""The prefix of a source's generated ids, where it is not the source's name in capitals; the
Factur-X rules' own ids start ``FX-`` too."""

MARK = "-NOID-"
"""What tells a generated id from an official one."""

_GENERATED = re.compile(r"^[A-Z0-9]+-NOID-[0-9A-F]{8}$")


def generated_id(source: Source, kind: str, context: str | None, test: str | None) -> str:
    """The rule id of an official check without one: ``kind`` is the SVRL element's local name
    (``failed-assert``, ``successful-report``), ``context`` its rule's context (``None`` when
    the stylesheet does not write it), ``test`` its XPath test."""
    key = "\n".join(" ".join((part or "").split()) for part in (kind, context, test))
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:8].upper()
    return f"{_PREFIXES.get(source, source.value.upper())}{MARK}{digest}"


def is_generated_id(rule: str) -> bool:
    """Whether ``rule`` is an id :func:`generated_id` made (not one the official rules give)."""
    return bool(_GENERATED.match(rule))
