"""Write the parties of an invoice as CII: BG-4 to BG-15 (EN 16931-3-3)."""

from __future__ import annotations

from einvoice_cli.model.cii.syntax import TAX_REGISTRATION_SCHEME, VAT_IDENTIFIER_SCHEME
from einvoice_cli.model.cii.write_base import CiiWriting
from einvoice_cli.model.semantic import Buyer, Seller, SellerTaxRepresentative
from einvoice_cli.model.xmlwrite import Element, has_any


class CiiPartiesWriting(CiiWriting):
    """Seller, buyer, tax representative and delivery (the payee is in the settlement)."""

    def seller(self, party: Element, seller: Seller) -> None:
        """BG-4: ``ram:ID``s (no scheme) before ``ram:GlobalID``s, as the XSD orders them."""
        b = self.b
        for identifier in sorted(seller.identifiers, key=lambda i: i.scheme_id is not None):
            self.identifier_party(party, identifier)
        b.text(party, "ram:Name", seller.name)
        b.text(party, "ram:Description", seller.additional_legal_information)
        if has_any(seller.legal_registration, seller.trading_name):
            legal = b.add(party, "ram:SpecifiedLegalOrganization")
            b.identifier(legal, "ram:ID", seller.legal_registration)
            b.text(legal, "ram:TradingBusinessName", seller.trading_name)
        self.contact(party, seller.contact)
        self.address(party, seller.postal_address)
        self.electronic_address(party, seller.electronic_address)
        self.tax_registration(party, seller.vat_identifier, VAT_IDENTIFIER_SCHEME)
        self.tax_registration(party, seller.tax_registration, TAX_REGISTRATION_SCHEME)

    def buyer(self, party: Element, buyer: Buyer) -> None:
        """BG-7 as ``ram:BuyerTradeParty``."""
        b = self.b
        self.identifier_party(party, buyer.identifier)
        b.text(party, "ram:Name", buyer.name)
        if has_any(buyer.legal_registration, buyer.trading_name):
            legal = b.add(party, "ram:SpecifiedLegalOrganization")
            b.identifier(legal, "ram:ID", buyer.legal_registration)
            b.text(legal, "ram:TradingBusinessName", buyer.trading_name)
        self.contact(party, buyer.contact)
        self.address(party, buyer.postal_address)
        self.electronic_address(party, buyer.electronic_address)
        self.tax_registration(party, buyer.vat_identifier, VAT_IDENTIFIER_SCHEME)

    def tax_representative(self, party: Element, representative: SellerTaxRepresentative) -> None:
        """BG-11 as ``ram:SellerTaxRepresentativeTradeParty``."""
        self.b.text(party, "ram:Name", representative.name)
        self.address(party, representative.postal_address)
        self.tax_registration(party, representative.vat_identifier, VAT_IDENTIFIER_SCHEME)

    def delivery(self, element: Element) -> None:
        """BG-13 and BG-15 in the header trade delivery (BG-14 is in the settlement)."""
        inv, b = self.inv, self.b
        delivery = inv.delivery
        if delivery is not None and has_any(
            delivery.party_name, delivery.location_identifier, delivery.address
        ):
            party = b.add(element, "ram:ShipToTradeParty")
            self.identifier_party(party, delivery.location_identifier)
            b.text(party, "ram:Name", delivery.party_name)
            self.address(party, delivery.address)
        if delivery is not None and delivery.actual_date is not None:
            event = b.add(element, "ram:ActualDeliverySupplyChainEvent")
            self.date_at(event, "ram:OccurrenceDateTime", delivery.actual_date)
        for name, value in (
            ("ram:DespatchAdviceReferencedDocument", inv.despatch_advice_reference),
            ("ram:ReceivingAdviceReferencedDocument", inv.receiving_advice_reference),
        ):
            if value is not None:
                b.add(b.add(element, name), "ram:IssuerAssignedID", value)
