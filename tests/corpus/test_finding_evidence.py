"""Findings on the corpora: the values they show are the document's, and the rules that fire
carry business terms.

Two measurements over every document of the shared corpora (the XRechnung test suite, the CEN
examples and unit tests, the Peppol BIS examples and the ZUGFeRD corpus, XML and PDF):

- every finding on the XRechnung test suite and the CEN unit tests shows, for each business term
  it names, the value lxml reads at that term's path (evidence/bindings.toml) in the document;
- at least 95% of the distinct official rules that fire (Schematron and XML Schema) carry at
  least one business term; the test prints the share and lists the rest with the reason.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from einvoice_cli.core.detect import Syntax
from einvoice_cli.core.findings import Finding, Source
from einvoice_cli.evidence.bindings import (
    FAMILY_OF_SYNTAX,
    PREFIXES,
    TERM_BINDINGS,
    absolute_path,
    chain,
)
from einvoice_cli.evidence.places import value_text
from einvoice_cli.rules_info.hints import HINTS
from einvoice_cli.validation.engine import RuleEngine
from einvoice_cli.validation.inputs import Input
from einvoice_cli.validation.pipeline import ValidationOptions, validate
from tests.corpus.test_en16931_unit import SCENARIO_BY_ROOT, UNIT_TESTS
from tests.support.corpus import CORPUS, EN16931, PEPPOL, XRECHNUNG_TESTSUITE, ZUGFERD, files

OFFICIAL = frozenset({Source.XSD, Source.EN16931, Source.XRECHNUNG, Source.PEPPOL, Source.FACTURX})
"""Findings of the official rule files. The others (scenario, PDF, input) are the tool's own
checks of the container and the configuration, about no business term."""

WITHOUT_TERMS: dict[str, str] = {
    "FX-NOID-7ED811BA": "Factur-X BASIC: the BasisAmount of a line's gross-price discount, "
    "an element EN 16931 has no term for (BT-147 is its amount only)",
    "FX-NOID-A2220815": "Factur-X BASIC: the CalculationPercent of a line's gross-price "
    "discount, an element EN 16931 has no term for",
    "FX-NOID-92851A90": "Factur-X MINIMUM: a seller tax registration of a scheme other than "
    "VA and FC, which no term takes",
    "FX-NOID-ADED97A7": "Factur-X MINIMUM: the buyer's tax registration element, which "
    "encloses BT-48's ID but is no term itself",
}
"""Official rules that fire on the corpora with no business term, and why: each other rule's
context or test reads an element of a term, or its nearest enclosing one. The Factur-X reports
of elements "not used" in a profile have no official id, so each has a generated one
(``schematron/generated_ids.py``) and is counted apart."""


@dataclass(frozen=True)
class Validated:
    corpus: str
    document: bytes | Path
    findings: tuple[Finding, ...]
    syntax: str | None


def _all(engine: RuleEngine) -> Iterator[Validated]:
    folders = {
        "xrechnung": XRECHNUNG_TESTSUITE,
        "en16931": EN16931,
        "peppol": PEPPOL,
        "zugferd": ZUGFERD,
    }
    for name, folder in folders.items():
        paths = [
            p
            for pattern in ("*.xml", "*.pdf")
            for p in (files(folder, pattern) if pattern == "*.xml" or name == "zugferd" else [])
            if "Invoice-unit-UBL" not in p.parts
        ]
        inputs = [Input(str(p.relative_to(CORPUS)), path=p) for p in paths]
        for path, result in zip(paths, validate(inputs, engine, ValidationOptions()), strict=True):
            syntax = result.syntax.value if result.syntax else None
            yield Validated(name, path, result.findings, syntax)
    for unit in UNIT_TESTS:
        options = ValidationOptions(scenario=SCENARIO_BY_ROOT[unit.root], all_rules=True)
        [result] = validate([Input(unit.id, data=unit.document)], engine, options)
        syntax = result.syntax.value if result.syntax else None
        yield Validated("en16931-unit", unit.document, result.findings, syntax)


@pytest.fixture(scope="module")
def validated(engine: RuleEngine) -> list[Validated]:
    return list(_all(engine))


def _repeated(term: str) -> bool:
    """Whether the term sits in a group that can occur more than once (a line, a VAT breakdown):
    its value at a finding then depends on where the finding is."""
    return any(step.cardinality.endswith("n") for step in chain(term))


def test_values_are_the_documents(validated: list[Validated]) -> None:
    checked = 0
    for item in validated:
        if item.corpus not in ("xrechnung", "en16931-unit") or item.syntax is None:
            continue
        binding = FAMILY_OF_SYNTAX.get(Syntax(item.syntax))
        if binding is None:
            continue
        data = item.document.read_bytes() if isinstance(item.document, Path) else item.document
        tree = etree.ElementTree(etree.fromstring(data))
        for finding in item.findings:
            values = dict(finding.values)
            for term in finding.business_terms:
                known = TERM_BINDINGS.get(term)
                if known is None or known.is_group:
                    continue
                nodes = tree.xpath(absolute_path(term, binding), namespaces=dict(PREFIXES[binding]))
                assert isinstance(nodes, list)
                in_document = {value_text(n) for n in nodes if isinstance(n, str | etree._Element)}
                if term in values:
                    parts = set(values[term].split("; "))
                    assert parts <= in_document, (finding.rule, term, values[term])
                    checked += 1
                elif in_document and not _repeated(term) and finding.source is not Source.XSD:
                    pytest.fail(f"{finding.rule}: {term} is in the document but has no value")
    print(f"\n{checked} values checked against lxml")
    assert checked > 1000


def test_rules_that_fire_carry_business_terms(validated: list[Validated]) -> None:
    documents: dict[str, int] = defaultdict(int)
    with_terms: set[str] = set()
    bare = [f for item in validated for f in item.findings if f.source in OFFICIAL]
    bare_rules = sorted({f.rule for f in bare if not f.business_terms})
    for item in validated:
        for rule in {f.rule for f in item.findings if f.source in OFFICIAL}:
            documents[rule] += 1
        with_terms |= {f.rule for f in item.findings if f.source in OFFICIAL and f.business_terms}
    without = sorted(set(documents) - with_terms)
    share = len(with_terms) / len(documents)
    print(
        f"\n{len(with_terms)} of {len(documents)} distinct official rules that fire on the "
        f"corpora carry a business term ({share:.1%})"
    )
    for rule in without:
        print(f"  {rule} ({documents[rule]} documents): {WITHOUT_TERMS.get(rule, '?')}")
    unnamed = sum(1 for f in bare if not f.business_terms)
    print(
        f"{len(bare) - unnamed} of {len(bare)} official findings name a term; those that do "
        f"not are of {', '.join(bare_rules) or 'no rule'}"
    )
    assert share >= 0.95
    assert without == sorted(WITHOUT_TERMS)


def test_the_rules_that_fire_most_have_hints(validated: list[Validated]) -> None:
    """The hint table (rules_info/hints.toml) covers the 40 Schematron rules that fire on the
    most documents of the corpora, and every rule tied with the 40th."""
    documents: dict[str, int] = defaultdict(int)
    for item in validated:
        schematron = {f.rule for f in item.findings if f.source in OFFICIAL - {Source.XSD}}
        for rule in schematron:
            documents[rule] += 1
    ranked = sorted(documents.items(), key=lambda item: (-item[1], item[0]))
    fortieth = ranked[39][1]
    most = [rule for rule, count in ranked if count >= fortieth]
    print(f"\nthe 40 most frequent rules fire on {ranked[0][1]} to {fortieth} documents")
    assert [rule for rule in most if rule not in HINTS] == []
