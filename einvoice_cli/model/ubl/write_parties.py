"""Write the parties of an invoice as UBL: BG-4 to BG-15 (EN 16931-3-2)."""

from __future__ import annotations

from einvoice_cli.model.semantic import (
    Buyer,
    Contact,
    Delivery,
    Identifier,
    Payee,
    PostalAddress,
    Seller,
    SellerTaxRepresentative,
)
from einvoice_cli.model.ubl.syntax import CREDITOR_SCHEME, TAX_REGISTRATION_SCHEME, VAT
from einvoice_cli.model.ubl.write_base import UblWriting
from einvoice_cli.model.xmlwrite import Element, has_any, iso_date


class UblPartiesWriting(UblWriting):
    """Seller, buyer, payee, tax representative and delivery."""

    def creditor_identifier(self) -> str | None:
        """BT-90, which UBL puts into a party identifier with scheme SEPA."""
        payment = self.inv.payment_instructions
        debit = None if payment is None else payment.direct_debit
        return None if debit is None else debit.creditor_identifier

    def party_identification(self, party: Element, identifier: Identifier | None) -> None:
        """A ``cac:PartyIdentification/cbc:ID`` with its scheme."""
        if identifier is not None:
            self.b.identifier(self.b.add(party, "cac:PartyIdentification"), "cbc:ID", identifier)

    def address(self, parent: Element, name: str, address: PostalAddress | None) -> None:
        """A postal address group as ``name`` (``cac:PostalAddress``, ``cac:Address``)."""
        if address is None:
            return
        b = self.b
        element = b.add(parent, name)
        b.text(element, "cbc:StreetName", address.line1)
        b.text(element, "cbc:AdditionalStreetName", address.line2)
        b.text(element, "cbc:CityName", address.city)
        b.text(element, "cbc:PostalZone", address.post_code)
        b.text(element, "cbc:CountrySubentity", address.subdivision)
        if address.line3 is not None:
            b.add(b.add(element, "cac:AddressLine"), "cbc:Line", address.line3)
        if address.country_code is not None:
            b.add(b.add(element, "cac:Country"), "cbc:IdentificationCode", address.country_code)

    def party_tax_scheme(self, party: Element, company_id: str | None, scheme: str) -> None:
        """A ``cac:PartyTaxScheme`` with the company id and the scheme."""
        if company_id is not None:
            element = self.b.add(party, "cac:PartyTaxScheme")
            self.b.add(element, "cbc:CompanyID", company_id)
            self.b.add(self.b.add(element, "cac:TaxScheme"), "cbc:ID", scheme)

    def contact(self, party: Element, contact: Contact | None) -> None:
        """A contact group as ``cac:Contact``."""
        if contact is None:
            return
        element = self.b.add(party, "cac:Contact")
        self.b.text(element, "cbc:Name", contact.point)
        self.b.text(element, "cbc:Telephone", contact.telephone)
        self.b.text(element, "cbc:ElectronicMail", contact.email)

    def seller(self, parent: Element, seller: Seller | None) -> None:
        """BG-4 as ``cac:Party``, with BT-90 unless there is a payee to hold it."""
        b = self.b
        party = b.add(parent, "cac:Party")
        seller = seller or Seller()
        b.identifier(party, "cbc:EndpointID", seller.electronic_address)
        for identifier in seller.identifiers:
            self.party_identification(party, identifier)
        creditor = self.creditor_identifier()
        if creditor is not None and self.inv.payee is None:
            self.party_identification(party, Identifier(creditor, CREDITOR_SCHEME))
        if seller.trading_name is not None:
            b.add(b.add(party, "cac:PartyName"), "cbc:Name", seller.trading_name)
        self.address(party, "cac:PostalAddress", seller.postal_address)
        self.party_tax_scheme(party, seller.vat_identifier, VAT)
        self.party_tax_scheme(party, seller.tax_registration, TAX_REGISTRATION_SCHEME)
        if has_any(seller.name, seller.legal_registration, seller.additional_legal_information):
            legal = b.add(party, "cac:PartyLegalEntity")
            b.text(legal, "cbc:RegistrationName", seller.name)
            b.identifier(legal, "cbc:CompanyID", seller.legal_registration)
            b.text(legal, "cbc:CompanyLegalForm", seller.additional_legal_information)
        self.contact(party, seller.contact)

    def buyer(self, parent: Element, buyer: Buyer | None) -> None:
        """BG-7 as ``cac:Party``."""
        b = self.b
        party = b.add(parent, "cac:Party")
        buyer = buyer or Buyer()
        b.identifier(party, "cbc:EndpointID", buyer.electronic_address)
        self.party_identification(party, buyer.identifier)
        if buyer.trading_name is not None:
            b.add(b.add(party, "cac:PartyName"), "cbc:Name", buyer.trading_name)
        self.address(party, "cac:PostalAddress", buyer.postal_address)
        self.party_tax_scheme(party, buyer.vat_identifier, VAT)
        if has_any(buyer.name, buyer.legal_registration):
            legal = b.add(party, "cac:PartyLegalEntity")
            b.text(legal, "cbc:RegistrationName", buyer.name)
            b.identifier(legal, "cbc:CompanyID", buyer.legal_registration)
        self.contact(party, buyer.contact)

    def payee(self, party: Element, payee: Payee) -> None:
        """BG-10 as ``cac:PayeeParty``, with BT-90."""
        b = self.b
        self.party_identification(party, payee.identifier)
        creditor = self.creditor_identifier()
        if creditor is not None:
            self.party_identification(party, Identifier(creditor, CREDITOR_SCHEME))
        if payee.name is not None:
            b.add(b.add(party, "cac:PartyName"), "cbc:Name", payee.name)
        if payee.legal_registration is not None:
            b.identifier(
                b.add(party, "cac:PartyLegalEntity"), "cbc:CompanyID", payee.legal_registration
            )

    def tax_representative(self, party: Element, representative: SellerTaxRepresentative) -> None:
        """BG-11 as ``cac:TaxRepresentativeParty``."""
        b = self.b
        if representative.name is not None:
            b.add(b.add(party, "cac:PartyName"), "cbc:Name", representative.name)
        self.address(party, "cac:PostalAddress", representative.postal_address)
        self.party_tax_scheme(party, representative.vat_identifier, VAT)

    def delivery(self, element: Element, delivery: Delivery) -> None:
        """BG-13 and BG-15 as ``cac:Delivery``."""
        b = self.b
        if delivery.actual_date is not None:
            b.add(element, "cbc:ActualDeliveryDate", iso_date(delivery.actual_date))
        if has_any(delivery.location_identifier, delivery.address):
            location = b.add(element, "cac:DeliveryLocation")
            b.identifier(location, "cbc:ID", delivery.location_identifier)
            self.address(location, "cac:Address", delivery.address)
        if delivery.party_name is not None:
            b.add(
                b.path(element, "cac:DeliveryParty", "cac:PartyName"),
                "cbc:Name",
                delivery.party_name,
            )
