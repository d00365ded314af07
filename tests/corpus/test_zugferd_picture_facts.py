"""Picture vs XML on the ZUGFeRD corpus: every PDF under correct/ is compared, and the
committed table of what was found is what the code finds."""

from __future__ import annotations

import pytest

from einvoice_cli.checks.consistency import FactStatus, PictureComparison
from scripts import zugferd_picture_facts
from tests.support.corpus import ZUGFERD, require


@pytest.fixture(scope="module")
def comparisons() -> list[tuple[str, PictureComparison]]:
    require(ZUGFERD)
    return zugferd_picture_facts.corpus_comparisons()


def test_the_committed_table_is_current(comparisons: list[tuple[str, PictureComparison]]) -> None:
    expected = zugferd_picture_facts.render(comparisons)
    assert zugferd_picture_facts.TABLE.read_text(encoding="utf-8") == expected, (
        "docs/zugferd-picture-facts.md is stale: run python scripts/zugferd_picture_facts.py"
    )


def test_every_correct_pdf_is_compared(comparisons: list[tuple[str, PictureComparison]]) -> None:
    pdfs = {str(p.relative_to(ZUGFERD)) for p in ZUGFERD.rglob("*.pdf") if "correct" in p.parts}
    assert len(pdfs) == 20
    assert {path for path, _ in comparisons} == pdfs
    assert all(c.has_text for _, c in comparisons)


def test_the_factur_x_examples_show_their_facts(
    comparisons: list[tuple[str, PictureComparison]],
) -> None:
    # FNFE's examples print exactly the invoice they carry, in French number and date formats.
    fnfe = [c for path, c in comparisons if "FNFE-factur-x-examples" in path]
    assert len(fnfe) == 7
    for comparison in fnfe:
        assert {f.status for f in comparison.facts} <= {FactStatus.FOUND, FactStatus.NOT_IN_XML}
