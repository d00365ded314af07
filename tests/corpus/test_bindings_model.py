"""The binding table reads the same values as the semantic model's readers.

Findings take their values through ``evidence/bindings.toml``; the converter reads documents through
``model/ubl`` and ``model/cii``. On every UBL and CII document of the XRechnung test suite, each
business term the model reads outside repeated groups (codes, identifiers, texts, amounts,
quantities) has the same value through the table. Dates are left out (the model holds them
as dates, CII writes CCYYMMDD), and BT-8, whose CII code the model maps to UNTDID 2005.
"""

from __future__ import annotations

from datetime import date

from lxml import etree

from einvoice_cli.core.detect import detect
from einvoice_cli.evidence.bindings import FAMILY_OF_SYNTAX, TERM_BINDINGS
from einvoice_cli.evidence.places import DocumentPlaces, value_text
from einvoice_cli.model import read_invoice
from einvoice_cli.model.fields import iter_terms
from tests.support.corpus import XRECHNUNG_TESTSUITE, files


def test_the_table_reads_what_the_model_reads() -> None:
    compared = 0
    differ = []
    for path in files(XRECHNUNG_TESTSUITE):
        tree = etree.parse(str(path))
        syntax = detect(tree).syntax
        family = FAMILY_OF_SYNTAX.get(syntax) if syntax is not None else None
        if family is None:
            continue
        places = DocumentPlaces(tree, family)
        for term in iter_terms(read_invoice(tree).invoice):
            skip = isinstance(term.value, date | bytes) or term.term == "BT-8"
            if "[" in term.path or term.term not in TERM_BINDINGS or skip:
                continue
            model = value_text(term.text if term.text is not None else str(term.value))
            ours = places.values([term.term], places.root).get(term.term)
            compared += 1
            if ours != model and model not in (ours or "").split("; "):
                differ.append((path.name, term.term, model, ours))
    print(f"\n{compared} values compared")
    assert differ == []
    assert compared > 3000
