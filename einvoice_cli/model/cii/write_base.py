"""The state and helpers every part of the CII writer shares."""

from __future__ import annotations

from datetime import date

from einvoice_cli.model.cii.syntax import DATE_FORMAT, INVOICED_OBJECT, PREFIXES, VAT, format_date
from einvoice_cli.model.loss import Loss
from einvoice_cli.model.semantic import Contact, Identifier, Invoice, Percentage, PostalAddress
from einvoice_cli.model.xmlwrite import Builder, Element


class CiiWriting:
    """One document being written: the invoice and the losses so far."""

    def __init__(self, invoice: Invoice) -> None:
        self.inv = invoice
        self.b = Builder(PREFIXES)
        self.losses: list[Loss] = []

    def date_at(
        self, parent: Element, name: str, value: date | None, data_type: str = "udt"
    ) -> None:
        """``<name><udt:DateTimeString format="102">CCYYMMDD</…></name>``."""
        if value is not None:
            wrapper = self.b.add(parent, name)
            self.b.add(
                wrapper, f"{data_type}:DateTimeString", format_date(value), format=DATE_FORMAT
            )

    def identifier_party(self, party: Element, identifier: Identifier | None) -> None:
        """A party identifier: ``ram:GlobalID`` with its scheme, ``ram:ID`` without one."""
        if identifier is None:
            return
        if identifier.scheme_id is None:
            self.b.add(party, "ram:ID", identifier.value)
        else:
            self.b.identifier(party, "ram:GlobalID", identifier)

    def tax_registration(self, party: Element, value: str | None, scheme: str) -> None:
        """A ``ram:SpecifiedTaxRegistration`` with the given ``schemeID`` (VA or FC)."""
        if value is not None:
            self.b.add(
                self.b.add(party, "ram:SpecifiedTaxRegistration"), "ram:ID", value, schemeID=scheme
            )

    def address(self, party: Element, address: PostalAddress | None) -> None:
        """A postal address group as ``ram:PostalTradeAddress``."""
        if address is None:
            return
        b = self.b
        element = b.add(party, "ram:PostalTradeAddress")
        b.text(element, "ram:PostcodeCode", address.post_code)
        b.text(element, "ram:LineOne", address.line1)
        b.text(element, "ram:LineTwo", address.line2)
        b.text(element, "ram:LineThree", address.line3)
        b.text(element, "ram:CityName", address.city)
        b.text(element, "ram:CountryID", address.country_code)
        b.text(element, "ram:CountrySubDivisionName", address.subdivision)

    def contact(self, party: Element, contact: Contact | None) -> None:
        """A contact group as ``ram:DefinedTradeContact`` (BT-41/BT-56 as ``ram:PersonName``)."""
        if contact is None:
            return
        b = self.b
        element = b.add(party, "ram:DefinedTradeContact")
        b.text(element, "ram:PersonName", contact.point)
        if contact.telephone is not None:
            b.add(
                b.add(element, "ram:TelephoneUniversalCommunication"),
                "ram:CompleteNumber",
                contact.telephone,
            )
        if contact.email is not None:
            b.add(b.add(element, "ram:EmailURIUniversalCommunication"), "ram:URIID", contact.email)

    def electronic_address(self, party: Element, address: Identifier | None) -> None:
        """BT-34 or BT-49 as ``ram:URIUniversalCommunication/ram:URIID``."""
        if address is not None:
            self.b.identifier(
                self.b.add(party, "ram:URIUniversalCommunication"), "ram:URIID", address
            )

    def trade_tax(
        self, parent: Element, name: str, category: str | None, rate: Percentage | None
    ) -> None:
        """A line or allowance/charge VAT category: type VAT, category code, rate."""
        b = self.b
        tax = b.add(parent, name)
        b.add(tax, "ram:TypeCode", VAT)
        b.text(tax, "ram:CategoryCode", category)
        b.amount(tax, "ram:RateApplicablePercent", rate)

    def invoiced_object(self, reference: Element, identifier: Identifier) -> None:
        """BT-18 or BT-128: type code 130, the scheme in ``ram:ReferenceTypeCode``."""
        b = self.b
        b.add(reference, "ram:IssuerAssignedID", identifier.value)
        b.add(reference, "ram:TypeCode", INVOICED_OBJECT)
        b.text(reference, "ram:ReferenceTypeCode", identifier.scheme_id)
