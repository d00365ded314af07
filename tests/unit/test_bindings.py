"""The binding table (evidence/bindings.toml): every term named, and the same elements as the
official KoSIT visualization, which maps UBL and CII to the XRechnung semantic model term by
term (its templates ``mode="BT-…"`` match the term's element)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from einvoice_cli.evidence.bindings import TERM_BINDINGS, SyntaxFamily, absolute_path, local_steps
from einvoice_cli.model.names import TERM_NAMES
from tests.support.corpus import MIRROR, require

VISUALIZATION = (
    MIRROR / "raw.githubusercontent.com/itplr-kosit/xrechnung-visualization/v2026-01-31/src/xsl"
)
XSL = "{http://www.w3.org/1999/XSL/Transform}"
ROOTS = {"Invoice", "CreditNote", "CrossIndustryInvoice"}


def test_every_term_of_the_table_has_names_in_both_languages() -> None:
    assert set(TERM_BINDINGS) <= set(TERM_NAMES)
    # The model's terms that the table leaves out are the sub line groups of XRechnung's
    # extension (BG-DEX-01..08): their elements are those of a line, one level down.
    missing = sorted(set(TERM_NAMES) - set(TERM_BINDINGS))
    assert missing == [f"BG-DEX-0{n}" for n in range(1, 9)]


@pytest.mark.parametrize("binding", list(SyntaxFamily))
def test_every_path_is_xpath(binding: SyntaxFamily) -> None:
    for term in TERM_BINDINGS:
        etree.XPath(absolute_path(term, binding), namespaces=_namespaces(binding))


def _namespaces(binding: SyntaxFamily) -> dict[str, str]:
    from einvoice_cli.evidence.bindings import PREFIXES

    return dict(PREFIXES[binding])


def _visualized(path: Path) -> dict[str, set[tuple[str, ...]]]:
    """Term -> the element names (below the root) its templates match."""
    out: dict[str, set[tuple[str, ...]]] = {}
    root = etree.parse(str(require(path))).getroot()
    for template in root.iter(f"{XSL}template"):
        mode, match = template.get("mode") or "", template.get("match") or ""
        if not re.fullmatch(r"BT-\d+", mode) or not match.startswith("/"):
            continue
        for alternative in match.split("|"):
            bare = re.sub(r"\[[^\[\]]*\]", "", re.sub(r"\[[^\[\]]*\]", "", alternative))
            names = tuple(step.split(":")[-1] for step in bare.strip().split("/") if step)
            if names and not names[-1].startswith("@"):
                out.setdefault(mode, set()).add(names[1:] if names[0] in ROOTS else names)
    return out


@pytest.mark.parametrize(
    ("file", "binding"),
    [("ubl-invoice-xr.xsl", SyntaxFamily.UBL), ("cii-xr.xsl", SyntaxFamily.CII)],
)
def test_the_table_agrees_with_the_official_visualization(file: str, binding: SyntaxFamily) -> None:
    visualized = _visualized(VISUALIZATION / file)
    assert len(visualized) > 100
    disagree = {}
    for term, paths in sorted(visualized.items()):
        if term not in TERM_BINDINGS:
            continue
        ours = {steps[1:] for steps in local_steps(term, binding)}
        if not ours & paths:
            disagree[term] = (sorted(ours), sorted(paths))
    assert disagree == {}


def test_the_prefixes_are_the_models() -> None:
    from einvoice_cli.evidence.bindings import PREFIXES
    from einvoice_cli.model.cii.syntax import PREFIXES as CII
    from einvoice_cli.model.ubl.syntax import PREFIXES as UBL

    assert dict(PREFIXES[SyntaxFamily.UBL]) == dict(UBL)
    assert dict(PREFIXES[SyntaxFamily.CII]) == dict(CII)
