"""Read the parties of a UBL invoice: BG-4 to BG-15 (EN 16931-3-2)."""

from __future__ import annotations

from typing import TypeVar

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
from einvoice_cli.model.ubl.read_base import UblReading
from einvoice_cli.model.ubl.syntax import CREDITOR_SCHEME, VAT
from einvoice_cli.model.xmlread import Element, element_text, group

_Address = TypeVar("_Address", bound=PostalAddress)
_Contact = TypeVar("_Contact", bound=Contact)


class UblPartiesReading(UblReading):
    """Seller, buyer, payee, tax representative and delivery."""

    def party_identifiers(self, party: Element | None) -> list[Identifier]:
        """``cac:PartyIdentification/cbc:ID``s; one with scheme SEPA is BT-90, kept aside."""
        identifiers = []
        for element in self.r.peek(party, "cac:PartyIdentification"):
            found = self.r.peek_path(element, "cbc:ID")
            scheme = None if found is None else found.get("schemeID")
            if (
                found is not None
                and scheme is not None
                and scheme.strip().upper() == CREDITOR_SCHEME
            ):
                if self.creditor_identifier is None:
                    self.r.use(element)
                    self.r.use(found)
                    self.r.attribute(found, "schemeID")
                    self.creditor_identifier = element_text(found).strip()
                continue
            identifier = self.r.identifier(self.r.one(self.r.use(element), "cbc:ID"))
            if identifier is not None:
                identifiers.append(identifier)
        return identifiers

    def tax_schemes(self, party: Element | None, *, other: bool) -> tuple[str | None, str | None]:
        """The VAT identifier and, where ``other``, the tax registration identifier (BT-32):
        the ``cac:PartyTaxScheme`` whose scheme is VAT, and one whose scheme is anything else."""
        r = self.r
        vat: str | None = None
        registration: str | None = None
        for element in r.peek(party, "cac:PartyTaxScheme"):
            scheme = self.r.peek_path(element, "cac:TaxScheme", "cbc:ID")
            is_vat = scheme is not None and element_text(scheme).strip() == VAT
            if is_vat and vat is None:
                vat = r.code(r.use(element), "cbc:CompanyID")
                r.one(element, "cac:TaxScheme", "cbc:ID")
            elif not is_vat and other and registration is None and scheme is not None:
                registration = r.code(r.use(element), "cbc:CompanyID")
                r.one(element, "cac:TaxScheme", "cbc:ID")
        return vat, registration

    def address(self, element: Element | None, cls: type[_Address]) -> _Address | None:
        """A postal address group (BG-5, BG-8, BG-12, BG-15)."""
        r = self.r
        return group(
            cls,
            line1=r.text(element, "cbc:StreetName"),
            line2=r.text(element, "cbc:AdditionalStreetName"),
            line3=r.text(element, "cac:AddressLine", "cbc:Line"),
            city=r.text(element, "cbc:CityName"),
            post_code=r.text(element, "cbc:PostalZone"),
            subdivision=r.text(element, "cbc:CountrySubentity"),
            country_code=r.code(element, "cac:Country", "cbc:IdentificationCode"),
        )

    def contact(self, element: Element | None, cls: type[_Contact]) -> _Contact | None:
        """A contact group (BG-6, BG-9)."""
        r = self.r
        return group(
            cls,
            point=r.text(element, "cbc:Name"),
            telephone=r.text(element, "cbc:Telephone"),
            email=r.text(element, "cbc:ElectronicMail"),
        )

    def seller(self, party: Element | None) -> Seller | None:
        """BG-4 from ``cac:AccountingSupplierParty/cac:Party``."""
        r = self.r
        legal = r.one(party, "cac:PartyLegalEntity")
        vat, registration = self.tax_schemes(party, other=True)
        return group(
            Seller,
            name=r.text(legal, "cbc:RegistrationName"),
            trading_name=r.text(party, "cac:PartyName", "cbc:Name"),
            identifiers=tuple(self.party_identifiers(party)),
            legal_registration=r.identifier(r.one(legal, "cbc:CompanyID")),
            vat_identifier=vat,
            tax_registration=registration,
            additional_legal_information=r.text(legal, "cbc:CompanyLegalForm"),
            electronic_address=r.identifier(r.one(party, "cbc:EndpointID")),
            postal_address=self.address(r.one(party, "cac:PostalAddress"), SellerPostalAddress),
            contact=self.contact(r.one(party, "cac:Contact"), SellerContact),
        )

    def buyer(self, party: Element | None) -> Buyer | None:
        """BG-7 from ``cac:AccountingCustomerParty/cac:Party``."""
        r = self.r
        legal = r.one(party, "cac:PartyLegalEntity")
        vat, _ = self.tax_schemes(party, other=False)
        return group(
            Buyer,
            name=r.text(legal, "cbc:RegistrationName"),
            trading_name=r.text(party, "cac:PartyName", "cbc:Name"),
            identifier=r.identifier(r.one(party, "cac:PartyIdentification", "cbc:ID")),
            legal_registration=r.identifier(r.one(legal, "cbc:CompanyID")),
            vat_identifier=vat,
            electronic_address=r.identifier(r.one(party, "cbc:EndpointID")),
            postal_address=self.address(r.one(party, "cac:PostalAddress"), BuyerPostalAddress),
            contact=self.contact(r.one(party, "cac:Contact"), BuyerContact),
        )

    def payee(self, party: Element | None) -> Payee | None:
        """BG-10 from ``cac:PayeeParty``."""
        r = self.r
        identifiers = self.party_identifiers(party)
        if len(identifiers) > 1:  # BT-60 occurs once; give the others back to be reported
            for element in r.peek(party, "cac:PartyIdentification")[1:]:
                r.reject(element, "BT-60", "a second Payee identifier is not carried")
        return group(
            Payee,
            name=r.text(party, "cac:PartyName", "cbc:Name"),
            identifier=identifiers[0] if identifiers else None,
            legal_registration=r.identifier(r.one(party, "cac:PartyLegalEntity", "cbc:CompanyID")),
        )

    def tax_representative(self, party: Element | None) -> SellerTaxRepresentative | None:
        """BG-11 from ``cac:TaxRepresentativeParty``."""
        vat, _ = self.tax_schemes(party, other=False)
        return group(
            SellerTaxRepresentative,
            name=self.r.text(party, "cac:PartyName", "cbc:Name"),
            vat_identifier=vat,
            postal_address=self.address(
                self.r.one(party, "cac:PostalAddress"), TaxRepresentativePostalAddress
            ),
        )

    def delivery(self, root: Element) -> Delivery | None:
        """BG-13 from ``cac:Delivery``; the invoicing period (BG-14) is ``cac:InvoicePeriod``."""
        r = self.r
        element = r.one(root, "cac:Delivery")
        period = r.one(root, "cac:InvoicePeriod")
        location = r.one(element, "cac:DeliveryLocation")
        return group(
            Delivery,
            party_name=r.text(element, "cac:DeliveryParty", "cac:PartyName", "cbc:Name"),
            location_identifier=r.identifier(r.one(location, "cbc:ID")),
            actual_date=self.date_at(element, "cbc:ActualDeliveryDate", "BT-72"),
            invoicing_period=group(
                InvoicingPeriod,
                start=self.date_at(period, "cbc:StartDate", "BT-73"),
                end=self.date_at(period, "cbc:EndDate", "BT-74"),
            ),
            address=self.address(r.one(location, "cac:Address"), DeliverToAddress),
        )
