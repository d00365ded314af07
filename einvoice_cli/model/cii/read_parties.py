"""Read the parties of a CII invoice: BG-4 to BG-15 (EN 16931-3-3)."""

from __future__ import annotations

from typing import TypeVar

from einvoice_cli.model.cii.read_base import CiiReading
from einvoice_cli.model.cii.syntax import TAX_REGISTRATION_SCHEME, VAT_IDENTIFIER_SCHEME
from einvoice_cli.model.semantic import (
    Buyer,
    BuyerContact,
    BuyerPostalAddress,
    Contact,
    DeliverToAddress,
    Delivery,
    Identifier,
    InvoicingPeriod,
    Payee,
    PostalAddress,
    Seller,
    SellerContact,
    SellerPostalAddress,
    SellerTaxRepresentative,
    TaxRepresentativePostalAddress,
)
from einvoice_cli.model.xmlread import Element, element_text, group

_Address = TypeVar("_Address", bound=PostalAddress)
_Contact = TypeVar("_Contact", bound=Contact)


class CiiPartiesReading(CiiReading):
    """Seller, buyer, payee, tax representative and delivery."""

    def party_identifiers(self, party: Element | None) -> list[Identifier]:
        """``ram:ID`` (no scheme) and ``ram:GlobalID`` (with ``schemeID``), in that order."""
        ids = [Identifier(element_text(e).strip()) for e in self.r.every(party, "ram:ID")]
        globals_ = [self.r.identifier(e) for e in self.r.every(party, "ram:GlobalID")]
        return ids + [g for g in globals_ if g is not None]

    def single_identifier(self, party: Element | None, term: str) -> Identifier | None:
        """A party identifier that occurs once (BT-46, BT-60, BT-71): the first one."""
        candidates = self.r.peek(party, "ram:ID") + self.r.peek(party, "ram:GlobalID")
        for extra in candidates[1:]:
            self.r.reject(extra, term, f"{term} occurs once; a further identifier is not carried")
        if not candidates:
            return None
        return self.r.identifier(self.r.use(candidates[0]))

    def tax_registration(self, party: Element | None, scheme: str) -> str | None:
        """The ``ram:SpecifiedTaxRegistration/ram:ID`` with ``schemeID`` ``scheme``."""
        for element in self.r.peek(party, "ram:SpecifiedTaxRegistration"):
            found = self.r.peek_path(element, "ram:ID")
            if found is not None and (found.get("schemeID") or "").strip() == scheme:
                self.r.use(element)
                self.r.attribute(found, "schemeID")
                return self.r.code(element, "ram:ID")
        return None

    def address(self, element: Element | None, cls: type[_Address]) -> _Address | None:
        """A postal address group (BG-5, BG-8, BG-12, BG-15)."""
        r = self.r
        return group(
            cls,
            line1=r.text(element, "ram:LineOne"),
            line2=r.text(element, "ram:LineTwo"),
            line3=r.text(element, "ram:LineThree"),
            city=r.text(element, "ram:CityName"),
            post_code=r.text(element, "ram:PostcodeCode"),
            subdivision=r.text(element, "ram:CountrySubDivisionName"),
            country_code=r.code(element, "ram:CountryID"),
        )

    def contact(self, element: Element | None, cls: type[_Contact]) -> _Contact | None:
        """BT-41/BT-56 is ``ram:PersonName`` or else ``ram:DepartmentName`` (CII-SR-465/466)."""
        r = self.r
        point = r.text(element, "ram:PersonName")
        if point is None:
            point = r.text(element, "ram:DepartmentName")
        return group(
            cls,
            point=point,
            telephone=r.text(element, "ram:TelephoneUniversalCommunication", "ram:CompleteNumber"),
            email=r.text(element, "ram:EmailURIUniversalCommunication", "ram:URIID"),
        )

    def electronic_address(self, party: Element | None) -> Identifier | None:
        """BT-34 or BT-49: ``ram:URIUniversalCommunication/ram:URIID``."""
        return self.r.identifier(self.r.one(party, "ram:URIUniversalCommunication", "ram:URIID"))

    def seller(self, party: Element | None) -> Seller | None:
        """BG-4 from ``ram:SellerTradeParty``."""
        r = self.r
        legal = r.one(party, "ram:SpecifiedLegalOrganization")
        return group(
            Seller,
            name=r.text(party, "ram:Name"),
            trading_name=r.text(legal, "ram:TradingBusinessName"),
            identifiers=tuple(self.party_identifiers(party)),
            legal_registration=r.identifier(r.one(legal, "ram:ID")),
            vat_identifier=self.tax_registration(party, VAT_IDENTIFIER_SCHEME),
            tax_registration=self.tax_registration(party, TAX_REGISTRATION_SCHEME),
            additional_legal_information=r.text(party, "ram:Description"),
            electronic_address=self.electronic_address(party),
            postal_address=self.address(
                r.one(party, "ram:PostalTradeAddress"), SellerPostalAddress
            ),
            contact=self.contact(r.one(party, "ram:DefinedTradeContact"), SellerContact),
        )

    def buyer(self, party: Element | None) -> Buyer | None:
        """BG-7 from ``ram:BuyerTradeParty``."""
        r = self.r
        legal = r.one(party, "ram:SpecifiedLegalOrganization")
        return group(
            Buyer,
            name=r.text(party, "ram:Name"),
            trading_name=r.text(legal, "ram:TradingBusinessName"),
            identifier=self.single_identifier(party, "BT-46"),
            legal_registration=r.identifier(r.one(legal, "ram:ID")),
            vat_identifier=self.tax_registration(party, VAT_IDENTIFIER_SCHEME),
            electronic_address=self.electronic_address(party),
            postal_address=self.address(r.one(party, "ram:PostalTradeAddress"), BuyerPostalAddress),
            contact=self.contact(r.one(party, "ram:DefinedTradeContact"), BuyerContact),
        )

    def payee(self, party: Element | None) -> Payee | None:
        """BG-10 from ``ram:PayeeTradeParty``."""
        r = self.r
        return group(
            Payee,
            name=r.text(party, "ram:Name"),
            identifier=self.single_identifier(party, "BT-60"),
            legal_registration=r.identifier(
                r.one(party, "ram:SpecifiedLegalOrganization", "ram:ID")
            ),
        )

    def tax_representative(self, party: Element | None) -> SellerTaxRepresentative | None:
        """BG-11 from ``ram:SellerTaxRepresentativeTradeParty``."""
        return group(
            SellerTaxRepresentative,
            name=self.r.text(party, "ram:Name"),
            vat_identifier=self.tax_registration(party, VAT_IDENTIFIER_SCHEME),
            postal_address=self.address(
                self.r.one(party, "ram:PostalTradeAddress"), TaxRepresentativePostalAddress
            ),
        )

    def delivery(self, delivery: Element | None, settlement: Element | None) -> Delivery | None:
        """BG-13 from the header trade delivery; the invoicing period (BG-14) is settlement."""
        r = self.r
        party = r.one(delivery, "ram:ShipToTradeParty")
        period = r.one(settlement, "ram:BillingSpecifiedPeriod")
        return group(
            Delivery,
            party_name=r.text(party, "ram:Name"),
            location_identifier=self.single_identifier(party, "BT-71"),
            actual_date=self.date_time(
                r.one(delivery, "ram:ActualDeliverySupplyChainEvent"),
                "ram:OccurrenceDateTime",
                "BT-72",
            ),
            invoicing_period=group(
                InvoicingPeriod,
                start=self.date_time(period, "ram:StartDateTime", "BT-73"),
                end=self.date_time(period, "ram:EndDateTime", "BT-74"),
            ),
            address=self.address(r.one(party, "ram:PostalTradeAddress"), DeliverToAddress),
        )
