"""zugferd-corpus/XML-Rechnung holds the same invoices as CII and as UBL (made from the CII by
Mustang with the CII-to-UBL converter en16931-cii2ubl, see its README). Read through the model,
each UBL twin must equal its CII twin, and so must the document our converter makes from
either: every difference is listed here with its reason. Where a twin differs in content, the
difference is a fact of the corpus, and asserted as such, file by file."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from einvoice_cli.core.detect import Syntax
from einvoice_cli.model.compare import Difference, diff_invoices
from einvoice_cli.model.semantic import Invoice, PriceDetails
from tests.support.corpus import ZUGFERD, files, ident
from tests.support.model_support import convert, read_file

TWINS = ZUGFERD / "XML-Rechnung"


@dataclass(frozen=True)
class CorpusFact:
    """A way in which a UBL twin (left) differs from its CII twin (right)."""

    reason: str
    applies: Callable[[Difference, Invoice, Invoice], bool]


def _line_price(invoice: Invoice, path: str) -> PriceDetails | None:
    match = re.match(r"BG-25\[(\d+)\]/", path)
    assert match is not None
    return invoice.lines[int(match.group(1)) - 1].price


def _peppol_ids(d: Difference, ubl: Invoice, cii: Invoice) -> bool:
    return (
        d.path in ("BG-2/BT-23", "BG-2/BT-24")
        and isinstance(d.left, str)
        and d.left.startswith(
            (
                "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0",
                "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0",
            )
        )
    )


def _trading_name_copied(d: Difference, ubl: Invoice, cii: Invoice) -> bool:
    names = {
        "BG-4/BT-28": ubl.seller and ubl.seller.name,
        "BG-7/BT-45": ubl.buyer and ubl.buyer.name,
    }
    return d.path in names and d.right is None and d.left == names[d.path]


def _schemeless_ids_dropped(d: Difference, ubl: Invoice, cii: Invoice) -> bool:
    if not d.path.startswith("BG-4/BT-29[") or ubl.seller is None or cii.seller is None:
        return False
    return ubl.seller.identifiers == tuple(i for i in cii.seller.identifiers if i.scheme_id)


def _gross_price_dropped(d: Difference, ubl: Invoice, cii: Invoice) -> bool:
    return (
        re.fullmatch(r"BG-25\[\d+\]/BG-29/BT-148", d.path) is not None
        and d.left is None
        and d.right is not None
    )


def _zero_discount(d: Difference, ubl: Invoice, cii: Invoice) -> bool:
    if not re.fullmatch(r"BG-25\[\d+\]/BG-29/BT-147", d.path) or d.left != Decimal(0):
        return False
    price = _line_price(cii, d.path)
    return d.right is None and price is not None and price.gross_price is not None


CORPUS_FACTS = {
    "peppol-ids": CorpusFact(
        "the converter writes Peppol BIS Billing 3.0's ProfileID and CustomizationID, not the "
        "CII's business process (BT-23) and guideline (BT-24)",
        _peppol_ids,
    ),
    "trading-name-copied": CorpusFact(
        "the converter repeats the party's name (BT-27/BT-44) as trading name in cac:PartyName",
        _trading_name_copied,
    ),
    "schemeless-ids-dropped": CorpusFact(
        "the converter keeps only the seller identifiers with a scheme (ram:GlobalID) and drops "
        "ram:ID, so the identifiers (BT-29) shift",
        _schemeless_ids_dropped,
    ),
    "gross-price-dropped": CorpusFact(
        "the converter drops the gross price (BT-148), keeping only a discount (BT-147)",
        _gross_price_dropped,
    ),
    "zero-discount": CorpusFact(
        "the converter writes a gross price with a discount of 0, as UBL requires cbc:Amount in "
        "cac:Price/cac:AllowanceCharge (our UBL writer does the same)",
        _zero_discount,
    ),
    "empty-dropped": CorpusFact(
        "the CII twin has an empty element, which the converter leaves out",
        lambda d, ubl, cii: d.left is None and d.right == "",
    ),
    "empty-order-reference": CorpusFact(
        "the converter writes an empty cac:OrderReference/cbc:ID (BT-13) where the CII has none",
        lambda d, ubl, cii: d.path == "BT-13" and d.left == "" and d.right is None,
    ),
    "embedded-file-uri": CorpusFact(
        "the CII twin points with '#ef=' to a file embedded in the Factur-X PDF (BT-124); the "
        "converter leaves the URI out",
        lambda d, ubl, cii: (
            re.fullmatch(r"BG-24\[\d+\]/BT-124", d.path) is not None
            and d.left is None
            and isinstance(d.right, str)
            and d.right.startswith("#ef=")
        ),
    ),
}

# The README: this file "is taken from the Eigor-Part of https://github.com/AgID/EeISI-mapper/
# and converted to CII and UBL" separately; its twins differ in amounts (1000 against 100.00),
# and the UBL has no payment instructions (BG-16), VAT point date code (BT-8), payee legal
# registration (BT-61) or rounding amount (BT-114).
EEISI = "not_validating_full_invoice_based_onTest_EeISI_300_CENfullmodel"
EEISI_DIFFERENCES = {
    *("BG-20[1]/BT-93", "BG-21[1]/BT-100", "BG-22/BT-110", "BG-22/BT-111", "BG-22/BT-114"),
    *("BG-23[1]/BT-116", "BG-23[1]/BT-117", "BG-23[2]/BT-116", "BG-25[1]/BT-131"),
    *("BG-25[1]/BG-27[1]/BT-137", "BG-25[1]/BG-28[1]/BT-142", "BG-25[2]/BT-131", "BT-8"),
    *("BG-10/BT-61", "BG-10/BT-61/BT-61-1", "BG-16/BT-81", "BG-16/BT-82", "BG-16/BT-83"),
    *("BG-16/BG-17[1]/BT-84", "BG-16/BG-17[1]/BT-85", "BG-16/BG-18/BT-87"),
    *("BG-16/BG-18/BT-88", "BG-16/BG-19/BT-89", "BG-16/BG-19/BT-90", "BG-16/BG-19/BT-91"),
}

_FROM_CII = ("peppol-ids", "trading-name-copied")
_IDS = (*_FROM_CII, "schemeless-ids-dropped")
EXPECTED_FACTS: dict[str, set[str]] = {
    "EN16931_1_Teilrechnung": {*_IDS, "gross-price-dropped", "empty-dropped"},
    "EN16931_2_Teilrechnung": {*_IDS, "gross-price-dropped", "empty-dropped"},
    "EN16931_AbweichenderZahlungsempf": {*_IDS, "gross-price-dropped"},
    "EN16931_Betriebskostenabrechnung": {*_FROM_CII},
    "EN16931_Einfach": {*_IDS, "gross-price-dropped"},
    "EN16931_Einfach_DueDate": {*_IDS, "gross-price-dropped"},
    "EN16931_Einfach_negativePaymentDue": {*_IDS, "gross-price-dropped"},
    "EN16931_Elektron": {
        *_FROM_CII,
        "empty-order-reference",
        "embedded-file-uri",
        "gross-price-dropped",
    },
    "EN16931_ElektronischeAdresse": {*_IDS},
    "EN16931_Gutschrift": {*_IDS, "gross-price-dropped"},
    "EN16931_Haftpflichtversicherung_Versicherungssteuer": {*_FROM_CII, "gross-price-dropped"},
    "EN16931_Innergemeinschaftliche_Lieferungen": {*_FROM_CII, "gross-price-dropped"},
    "EN16931_Kraftfahrversicherung_Bruttopreise": {*_FROM_CII, "gross-price-dropped"},
    "EN16931_Miete": {*_IDS},
    "EN16931_OEPNV": {*_FROM_CII, "empty-dropped"},
    "EN16931_Physiotherapeut": {*_FROM_CII, "empty-dropped"},
    "EN16931_Rabatte": {*_FROM_CII, "gross-price-dropped", "empty-dropped"},
    "EN16931_RechnungsUebertragung": {*_IDS},
    "EN16931_Rechnungskorrektur": {*_IDS, "gross-price-dropped"},
    "EN16931_Reisekostenabrechnung": {*_IDS, "embedded-file-uri", "gross-price-dropped"},
    "EN16931_SEPA_Prenotification": {*_IDS, "gross-price-dropped"},
    "EN16931_Sachversicherung_berechneter_Steuersatz": {*_IDS, "gross-price-dropped"},
    "XRECHNUNG_Betriebskostenabrechnung": set(),
    "XRECHNUNG_Einfach": {"zero-discount"},
    "XRECHNUNG_Elektron": {"zero-discount", "empty-order-reference"},
    "XRECHNUNG_Reisekostenabrechnung": {"zero-discount"},
    EEISI: {"peppol-ids", "eeisi"},
}


def twin_name(cii: Path) -> str:
    return cii.name.removesuffix(".cii.xml")


def explain(difference: Difference, ubl: Invoice, cii: Invoice, name: str) -> str | None:
    """The corpus fact behind a difference between the UBL (left) and CII (right) models."""
    if name == EEISI and difference.path in EEISI_DIFFERENCES:
        return "eeisi"
    return next((k for k, f in CORPUS_FACTS.items() if f.applies(difference, ubl, cii)), None)


CII_TWINS = files(TWINS / "CII")


def test_every_twin_is_listed() -> None:
    assert {twin_name(p) for p in CII_TWINS} == set(EXPECTED_FACTS)
    ubl_only = {p.name for p in files(TWINS / "UBL")} - {
        f"{twin_name(p)}.ubl.xml" for p in CII_TWINS
    }
    assert ubl_only == {"ubl-tc434-creditnote1.xml"}  # a CEN example without a CII twin


@pytest.mark.parametrize("cii_path", CII_TWINS, ids=ident)
def test_twins_read_to_the_same_invoice(cii_path: Path) -> None:
    name = twin_name(cii_path)
    ubl = read_file(TWINS / "UBL" / f"{name}.ubl.xml").invoice
    cii = read_file(cii_path).invoice
    facts = set()
    for difference in diff_invoices(ubl, cii):
        fact = explain(difference, ubl, cii, name)
        assert fact is not None, f"unexplained difference between the twins: {difference}"
        facts.add(fact)
    assert facts == EXPECTED_FACTS[name]


@pytest.mark.parametrize("cii_path", CII_TWINS, ids=ident)
def test_converting_either_twin_gives_the_other(cii_path: Path) -> None:
    """Conversion adds no difference to those between the twins, except what the target syntax
    forces: a UBL price discount without gross price does not fit CII (reported as a loss), and
    a CII gross price without discount gets a discount of 0 in UBL."""
    name = twin_name(cii_path)
    ubl_result = read_file(TWINS / "UBL" / f"{name}.ubl.xml")
    ubl, cii = ubl_result.invoice, read_file(cii_path).invoice
    between_twins = set(diff_invoices(ubl, cii))

    written_cii, from_ubl = convert(ubl, Syntax.CII)
    lost = {loss.location for loss in written_cii.losses}
    assert {loss.term for loss in written_cii.losses} <= {"BT-147"}
    added = set(diff_invoices(from_ubl.invoice, cii)) - between_twins
    assert all(d.path in lost for d in added), added
    assert between_twins - set(diff_invoices(from_ubl.invoice, cii)) <= {
        d for d in between_twins if d.path in lost
    }

    written_ubl, from_cii = convert(cii, ubl_result.syntax)
    assert written_ubl.losses == ()
    changed = set(diff_invoices(ubl, from_cii.invoice)) ^ between_twins
    for difference in changed:
        assert re.fullmatch(r"BG-25\[\d+\]/BG-29/BT-147", difference.path), difference
        price = _line_price(cii, difference.path)
        assert price is not None and price.gross_price is not None and price.discount is None
