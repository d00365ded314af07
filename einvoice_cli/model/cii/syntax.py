"""What the CII reader and writer share: namespaces, dates and the constants of the binding."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from types import MappingProxyType

RSM = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
QDT = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"
UDT = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"

PREFIXES: Mapping[str, str] = MappingProxyType({"rsm": RSM, "ram": RAM, "qdt": QDT, "udt": UDT})
"""The prefixes of the EN 16931 CII Schematron, used in names and reported locations."""

ROOT = f"{{{RSM}}}CrossIndustryInvoice"

VAT = "VAT"
"""``ram:TypeCode`` of every EN 16931 trade tax."""

VAT_IDENTIFIER_SCHEME = "VA"
"""``schemeID`` of the ``ram:SpecifiedTaxRegistration`` holding a VAT identifier."""

TAX_REGISTRATION_SCHEME = "FC"
"""``schemeID`` of the ``ram:SpecifiedTaxRegistration`` holding BT-32."""

SUPPORTING_DOCUMENT = "916"
TENDER_OR_LOT = "50"
INVOICED_OBJECT = "130"
"""``ram:TypeCode`` of an additional referenced document: BG-24, BT-17 and BT-18 (BT-128)."""

PROJECT_NAME = "Project reference"
"""``ram:SpecifiedProcuringProject/ram:Name`` is mandatory in CII but has no business term (BT-11
is the project's identifier). The CEN examples and the XRechnung test suite write this text;
the writer does too, and the reader reports any other name as not carried."""

DATE_FORMAT = "102"
"""UNTDID 2379 code of ``CCYYMMDD``, the only date format EN 16931 allows in CII."""

# BT-8 is coded from UNTDID 2005 in the model (and UBL) but from UNTDID 2475 in CII; these are
# the pairs EN 16931-3-3 maps (BR-CL-06 in the UBL and CII Schematron).
VAT_POINT_CODE_TO_CII: Mapping[str, str] = MappingProxyType({"3": "5", "35": "29", "432": "72"})
VAT_POINT_CODE_FROM_CII: Mapping[str, str] = MappingProxyType(
    {cii: model for model, cii in VAT_POINT_CODE_TO_CII.items()}
)

_DATE = re.compile(r"[0-9]{8}")


def parse_date(text: str) -> date:
    """Parse a CII date of format 102 (``CCYYMMDD``); raise :class:`ValueError` otherwise."""
    stripped = text.strip()
    if not _DATE.fullmatch(stripped):
        raise ValueError(f"not a date of the form CCYYMMDD: {text!r}")
    return date(int(stripped[:4]), int(stripped[4:6]), int(stripped[6:]))


def format_date(value: date) -> str:
    """A date as CII format 102 (``CCYYMMDD``)."""
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"
