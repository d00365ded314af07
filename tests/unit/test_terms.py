"""Business-term names: complete for EN 16931 and XRechnung, English taken from the model, and
every term the official rule messages mention named in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from einvoice_cli.core.findings import business_terms_in
from einvoice_cli.model.names import LANGUAGES, TERM_NAMES, TermName, model_term_names, term_name
from tests.support.corpus import MIRROR, require

SCHEMATRON = "{http://purl.oclc.org/dsdl/schematron}"

# The CEN and XRechnung Schematron sources the rule packs use (rules/ pins them by sha256).
RULE_SOURCES = (
    "raw.githubusercontent.com/ConnectingEurope/eInvoicing-EN16931/validation-1.3.15/ubl/"
    "schematron/preprocessed/EN16931-UBL-validation-preprocessed.sch",
    "raw.githubusercontent.com/ConnectingEurope/eInvoicing-EN16931/validation-1.3.15/cii/"
    "schematron/preprocessed/EN16931-CII-validation-preprocessed.sch",
    "raw.githubusercontent.com/itplr-kosit/xrechnung-schematron/v2.5.0/src/validation/"
    "schematron/ubl/XRechnung-UBL-validation.sch",
    "raw.githubusercontent.com/itplr-kosit/xrechnung-schematron/v2.5.0/src/validation/"
    "schematron/cii/XRechnung-CII-validation.sch",
    "raw.githubusercontent.com/OpenPEPPOL/peppol-bis-invoice-3/v3.0.19/rules/sch/"
    "PEPPOL-EN16931-UBL.sch",
    "raw.githubusercontent.com/OpenPEPPOL/peppol-bis-invoice-3/v3.0.19/rules/sch/"
    "PEPPOL-EN16931-CII.sch",
)


def terms_in_rule_messages(source: Path) -> set[str]:
    """The business terms the assert and report messages of a Schematron source name."""
    tree = etree.parse(str(source))
    found: set[str] = set()
    for element in tree.iter(f"{SCHEMATRON}assert", f"{SCHEMATRON}report"):
        found.update(business_terms_in("".join(element.itertext())))
    return found


@pytest.mark.parametrize("source", RULE_SOURCES, ids=lambda s: s.rsplit("/", 1)[-1])
def test_every_term_a_rule_message_names_has_both_names(source: str) -> None:
    terms = terms_in_rule_messages(require(MIRROR / source))
    assert terms, f"{source}: no business terms found; the message extraction is broken"
    unnamed = sorted(t for t in terms if t not in TERM_NAMES)
    assert unnamed == []


def test_all_en16931_terms_and_groups_are_named() -> None:
    expected = {f"BT-{n}" for n in range(1, 166) if n != 4}  # EN 16931-1 has no BT-4
    expected |= {f"BG-{n}" for n in range(1, 33)}
    expected |= {f"BT-DEX-00{n}" for n in range(1, 4)} | {f"BG-DEX-0{n}" for n in range(1, 10)}
    assert set(TERM_NAMES) == expected


def test_english_names_are_the_models() -> None:
    declared = model_term_names()
    for term, name in declared.items():
        assert TERM_NAMES[term].en == name
    # Only the unit-of-measure codes, which the model keeps inside a quantity, come from elsewhere.
    assert set(TERM_NAMES) - set(declared) == {"BT-130", "BT-150"}


def test_names_are_filled_and_german_differs() -> None:
    for term, name in TERM_NAMES.items():
        assert name.en.strip() == name.en and name.en, term
        assert name.de.strip() == name.de and name.de, term
    same = [t for t, n in TERM_NAMES.items() if n.en.casefold() == n.de.casefold()]
    assert same == []


def test_term_name_by_language() -> None:
    assert term_name("BT-10", "en") == "Buyer reference"
    assert term_name("BT-10", "de") == "Käuferreferenz"
    assert term_name("BG-4", "de") == "VERKÄUFER"
    assert term_name("BT-999", "de") is None
    assert LANGUAGES == ("en", "de")
    with pytest.raises(ValueError, match="no term names in language 'fr'"):
        TermName(en="Buyer reference", de="Käuferreferenz").in_language("fr")
