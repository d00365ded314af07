"""Transformations of rule sources before compiling, by the name ``rules/packs.toml`` gives them
(``merge = "..."``): the XRechnung + Peppol merge, inlining the documents a stylesheet reads, and
inlining a stylesheet's ``xsl:import`` (the KoSIT report stylesheets).

:data:`MERGES` is the registry the rule engine looks a pack's merge up in. The modules that do
the work are imported only when a merge runs, which is once per rule-pack version, before the
disk cache holds the result: a process that validates with cached rules (every ``einvoice``
call after the first) does not pay for importing them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType

from lxml import etree

from einvoice_cli.errors import RulePackError

Merge = Callable[[etree._ElementTree, etree._ElementTree, Path, str], etree._ElementTree]
"""A transformation of a rule source before compiling: (source, the other artifact, the
other artifact's path, the source's pack version) -> new source."""

# The XRechnung Schematron release each pack version belongs to, for the titles the merge
# fills in (../shared/reference/xrechnung-2.5.0-peppol-merge.md, last paragraph).
_XRECHNUNG_VERSION_OF_SCHEMATRON: Mapping[str, str] = MappingProxyType({"2.5.0": "3.0.2"})


def _xrechnung_merge(syntax: str) -> Merge:
    def merge(
        xrechnung: etree._ElementTree, peppol: etree._ElementTree, _: Path, version: str
    ) -> etree._ElementTree:
        from einvoice_cli.schematron.merge.xrechnung_peppol import (
            MergeSyntax,
            XRechnungMerge,
            merge_xrechnung_peppol,
        )

        try:
            xrechnung_version = _XRECHNUNG_VERSION_OF_SCHEMATRON[version]
        except KeyError:
            raise RulePackError(
                f"no XRechnung version is known for XRechnung Schematron {version}"
            ) from None
        return merge_xrechnung_peppol(
            xrechnung, peppol, XRechnungMerge(MergeSyntax(syntax), version, xrechnung_version)
        )

    return merge


def _inline_codedb(
    xslt: etree._ElementTree, codedb: etree._ElementTree, path: Path, _: str
) -> etree._ElementTree:
    from einvoice_cli.schematron.merge.inline import inline_document

    return inline_document(xslt, codedb, path.name)


def _xsl_import(
    xslt: etree._ElementTree, imported: etree._ElementTree, path: Path, _: str
) -> etree._ElementTree:
    from einvoice_cli.xml.xsl_imports import inline_import

    return inline_import(xslt, imported, path.name)


MERGES: Mapping[str, Merge] = MappingProxyType(
    {
        "xrechnung-peppol-ubl": _xrechnung_merge("ubl"),
        "xrechnung-peppol-cii": _xrechnung_merge("cii"),
        "inline-codedb": _inline_codedb,
        "xsl-import": _xsl_import,
    }
)
"""Named transformations that ``rules/packs.toml`` may apply before compiling (``merge =``)."""


__all__ = ["MERGES", "Merge"]
