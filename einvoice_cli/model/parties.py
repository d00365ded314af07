"""The parties of an invoice: BG-4 to BG-12 of EN 16931-1 and their addresses and contacts.

Addresses and contacts have the same shape wherever they occur but different business terms
(the seller's city is BT-37, the buyer's BT-52), so each occurrence is a subclass that only
re-declares the terms; syntax readers and writers work on the shared base class.
"""

# RUF009: bt() and bg() return dataclasses.field(...) with term metadata, not a shared
# mutable default; ruff only recognises field() itself.
# ruff: noqa: RUF009

from __future__ import annotations

from dataclasses import dataclass

from einvoice_cli.model.fields import bg, bt
from einvoice_cli.model.values import Identifier


@dataclass(frozen=True, slots=True)
class PostalAddress:
    """The shape every postal address group shares; use one of the subclasses."""

    line1: str | None = None
    line2: str | None = None
    line3: str | None = None
    city: str | None = None
    post_code: str | None = None
    subdivision: str | None = None
    country_code: str | None = None


@dataclass(frozen=True, slots=True)
class SellerPostalAddress(PostalAddress):
    """BG-5 SELLER POSTAL ADDRESS."""

    line1: str | None = bt("BT-35", "Seller address line 1", None)
    line2: str | None = bt("BT-36", "Seller address line 2", None)
    line3: str | None = bt("BT-162", "Seller address line 3", None)
    city: str | None = bt("BT-37", "Seller city", None)
    post_code: str | None = bt("BT-38", "Seller post code", None)
    subdivision: str | None = bt("BT-39", "Seller country subdivision", None)
    country_code: str | None = bt("BT-40", "Seller country code", None)


@dataclass(frozen=True, slots=True)
class BuyerPostalAddress(PostalAddress):
    """BG-8 BUYER POSTAL ADDRESS."""

    line1: str | None = bt("BT-50", "Buyer address line 1", None)
    line2: str | None = bt("BT-51", "Buyer address line 2", None)
    line3: str | None = bt("BT-163", "Buyer address line 3", None)
    city: str | None = bt("BT-52", "Buyer city", None)
    post_code: str | None = bt("BT-53", "Buyer post code", None)
    subdivision: str | None = bt("BT-54", "Buyer country subdivision", None)
    country_code: str | None = bt("BT-55", "Buyer country code", None)


@dataclass(frozen=True, slots=True)
class TaxRepresentativePostalAddress(PostalAddress):
    """BG-12 SELLER TAX REPRESENTATIVE POSTAL ADDRESS."""

    line1: str | None = bt("BT-64", "Tax representative address line 1", None)
    line2: str | None = bt("BT-65", "Tax representative address line 2", None)
    line3: str | None = bt("BT-164", "Tax representative address line 3", None)
    city: str | None = bt("BT-66", "Tax representative city", None)
    post_code: str | None = bt("BT-67", "Tax representative post code", None)
    subdivision: str | None = bt("BT-68", "Tax representative country subdivision", None)
    country_code: str | None = bt("BT-69", "Tax representative country code", None)


@dataclass(frozen=True, slots=True)
class DeliverToAddress(PostalAddress):
    """BG-15 DELIVER TO ADDRESS."""

    line1: str | None = bt("BT-75", "Deliver to address line 1", None)
    line2: str | None = bt("BT-76", "Deliver to address line 2", None)
    line3: str | None = bt("BT-165", "Deliver to address line 3", None)
    city: str | None = bt("BT-77", "Deliver to city", None)
    post_code: str | None = bt("BT-78", "Deliver to post code", None)
    subdivision: str | None = bt("BT-79", "Deliver to country subdivision", None)
    country_code: str | None = bt("BT-80", "Deliver to country code", None)


@dataclass(frozen=True, slots=True)
class Contact:
    """The shape both contact groups share; use one of the subclasses."""

    point: str | None = None
    telephone: str | None = None
    email: str | None = None


@dataclass(frozen=True, slots=True)
class SellerContact(Contact):
    """BG-6 SELLER CONTACT."""

    point: str | None = bt("BT-41", "Seller contact point", None)
    telephone: str | None = bt("BT-42", "Seller contact telephone number", None)
    email: str | None = bt("BT-43", "Seller contact email address", None)


@dataclass(frozen=True, slots=True)
class BuyerContact(Contact):
    """BG-9 BUYER CONTACT."""

    point: str | None = bt("BT-56", "Buyer contact point", None)
    telephone: str | None = bt("BT-57", "Buyer contact telephone number", None)
    email: str | None = bt("BT-58", "Buyer contact email address", None)


@dataclass(frozen=True, slots=True)
class Seller:
    """BG-4 SELLER."""

    name: str | None = bt("BT-27", "Seller name", None)
    trading_name: str | None = bt("BT-28", "Seller trading name", None)
    identifiers: tuple[Identifier, ...] = bt("BT-29", "Seller identifier", ())
    legal_registration: Identifier | None = bt(
        "BT-30", "Seller legal registration identifier", None
    )
    vat_identifier: str | None = bt("BT-31", "Seller VAT identifier", None)
    tax_registration: str | None = bt("BT-32", "Seller tax registration identifier", None)
    additional_legal_information: str | None = bt(
        "BT-33", "Seller additional legal information", None
    )
    electronic_address: Identifier | None = bt("BT-34", "Seller electronic address", None)
    postal_address: SellerPostalAddress | None = bg("BG-5", "SELLER POSTAL ADDRESS", None)
    contact: SellerContact | None = bg("BG-6", "SELLER CONTACT", None)


@dataclass(frozen=True, slots=True)
class Buyer:
    """BG-7 BUYER."""

    name: str | None = bt("BT-44", "Buyer name", None)
    trading_name: str | None = bt("BT-45", "Buyer trading name", None)
    identifier: Identifier | None = bt("BT-46", "Buyer identifier", None)
    legal_registration: Identifier | None = bt("BT-47", "Buyer legal registration identifier", None)
    vat_identifier: str | None = bt("BT-48", "Buyer VAT identifier", None)
    electronic_address: Identifier | None = bt("BT-49", "Buyer electronic address", None)
    postal_address: BuyerPostalAddress | None = bg("BG-8", "BUYER POSTAL ADDRESS", None)
    contact: BuyerContact | None = bg("BG-9", "BUYER CONTACT", None)


@dataclass(frozen=True, slots=True)
class Payee:
    """BG-10 PAYEE."""

    name: str | None = bt("BT-59", "Payee name", None)
    identifier: Identifier | None = bt("BT-60", "Payee identifier", None)
    legal_registration: Identifier | None = bt("BT-61", "Payee legal registration identifier", None)


@dataclass(frozen=True, slots=True)
class SellerTaxRepresentative:
    """BG-11 SELLER TAX REPRESENTATIVE PARTY."""

    name: str | None = bt("BT-62", "Seller tax representative name", None)
    vat_identifier: str | None = bt("BT-63", "Seller tax representative VAT identifier", None)
    postal_address: TaxRepresentativePostalAddress | None = bg(
        "BG-12", "SELLER TAX REPRESENTATIVE POSTAL ADDRESS", None
    )
