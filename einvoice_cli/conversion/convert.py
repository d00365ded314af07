"""Conversion: an invoice in one syntax in, the same invoice in another out, checked both ways.

:func:`convert_document` is the one entry point (the command line and library users call it):

1. the input is validated as ``einvoice validate`` would (a PDF with its PDF-side rules); an
   input that is not accepted is refused unless ``force``;
2. the invoice XML (a PDF's embedded one) is read into the EN 16931 semantic model and written
   in the target syntax (``model/``); the specification identifier (BT-24) goes with it, so an
   XRechnung stays an XRechnung. A UBL document becomes a UBL Invoice or CreditNote by its type
   code (BT-3). XML already in the target syntax is taken unchanged;
3. for ``facturx`` the CII is embedded into the given visual PDF (``hybrid/facturx.py``);
4. every element the model did not take from the input and every business term the target
   cannot hold is a :class:`~einvoice_cli.model.loss.Loss`; with ``strict`` any loss refuses the
   conversion;
5. the output is validated too; an output the validator rejects is reported (and with
   ``strict`` refused). A Factur-X PDF must also give back, extracted, the XML put into it.

Refusals are outcomes, not exceptions, so a caller sees the losses and verdicts behind them.
Exceptions are kept for what makes a conversion impossible: an unreadable input or visual PDF
(:class:`~einvoice_cli.errors.InputError`), an invoice with no Factur-X profile, a failed write.
Nothing here prints or writes files.

Example::

    from einvoice_cli.conversion.convert import ConversionOptions, Target, convert_document
    conversion = convert_document(data, "rechnung.xml", Target.CII, ConversionOptions(), engine)
    if conversion.document is not None:
        Path("rechnung-cii.xml").write_bytes(conversion.document)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from types import MappingProxyType

from lxml import etree

from einvoice_cli.core.detect import Syntax
from einvoice_cli.core.results import DocumentResult
from einvoice_cli.core.verdict import Verdict
from einvoice_cli.errors import EinvoiceError
from einvoice_cli.model import Loss, preferred_ubl_syntax, read_invoice, write_invoice
from einvoice_cli.validation.engine import RuleEngine
from einvoice_cli.validation.inputs import Input
from einvoice_cli.validation.pipeline import PreparedDocument, ValidationOptions, check_input
from einvoice_cli.xml.parser import ParseSettings, parse_xml


class Target(StrEnum):
    """What to convert into; ``.value`` is the ``--to`` spelling."""

    UBL = "ubl"
    CII = "cii"
    FACTURX = "facturx"


class Outcome(StrEnum):
    """How a conversion ended; ``.value`` is the JSON spelling."""

    CONVERTED = "converted"
    """The output is there, and the validator accepts it."""
    OUTPUT_REJECTED = "output-rejected"
    """The output is there (``document`` is ``None`` under ``strict``), but the validator
    rejects it."""
    INPUT_REJECTED = "input-rejected"
    """Refused: the validator rejects the input, and ``force`` was not given."""
    LOSSES_REFUSED = "losses-refused"
    """Refused under ``strict``: something in the input would not be carried over."""


_UNCHANGED: Mapping[Target, str] = MappingProxyType(
    {
        Target.UBL: "taken unchanged",
        Target.CII: "taken unchanged",
        Target.FACTURX: "embedded unchanged",
    }
)


class ConversionError(EinvoiceError):
    """A conversion cannot be carried out at all (an input that cannot be validated, a Factur-X
    PDF that does not give back its XML)."""


@dataclass(frozen=True, slots=True)
class ConversionOptions:
    """How a document is converted."""

    strict: bool = False
    """Refuse the conversion when anything would be lost, or when the output is rejected."""
    force: bool = False
    """Convert an input the validator rejects (it is still validated and reported)."""
    visual_pdf: bytes | None = None
    """The visual PDF a ``facturx`` output embeds the invoice into; ``None``: the invoice's
    own rendering (``rendering/``, PDF/A-3b) in :attr:`visual_lang`."""
    visual_lang: str = "de"
    """The language of the rendering made when no visual PDF is given (``de`` or ``en``)."""
    visual_pdf_name: str = "visual PDF"
    output_name: str | None = None
    """How reports name the output (its path, or ``-``); a name derived from the input's when
    ``None``."""
    validation: ValidationOptions = field(default_factory=ValidationOptions)
    """Limits and settings for reading and validating the input and the output."""


@dataclass(frozen=True, slots=True)
class Conversion:
    """One conversion: what came in, what goes out, what was lost, and both verdicts."""

    name: str
    target: Target
    outcome: Outcome
    input: DocumentResult
    """The input's validation, as ``einvoice validate`` reports it."""
    source_syntax: Syntax | None = None
    """The syntax of the input's invoice XML; ``None`` when it was refused before reading."""
    target_syntax: Syntax | None = None
    """The syntax of the invoice XML written (inside the PDF for ``facturx``)."""
    specification: str | None = None
    """The specification identifier (BT-24), the same in input and output."""
    losses: tuple[Loss, ...] = ()
    """Input elements the model did not take, then business terms the target cannot hold."""
    notes: tuple[str, ...] = ()
    """Further facts for the user (XML taken unchanged, a replaced invoice file, PDF/A)."""
    output: DocumentResult | None = None
    """The output's validation; ``None`` when the conversion was refused before it."""
    document: bytes | None = None
    """The converted document to write; ``None`` when refused."""

    @property
    def written(self) -> bool:
        """Whether there is a document to write."""
        return self.document is not None


def convert_document(
    data: bytes,
    name: str,
    target: Target,
    options: ConversionOptions,
    engine: RuleEngine,
) -> Conversion:
    """Convert one document (XML, or a hybrid PDF's invoice) into ``target``.

    ``name`` names the input in reports. Raises :class:`~einvoice_cli.errors.InputError` for an
    unreadable input or visual PDF, :class:`~einvoice_cli.hybrid.facturx.FacturXError` for an
    invoice with no Factur-X profile, and :class:`ConversionError` when the input cannot be
    validated.
    """
    # The input is read, taken out of its PDF and parsed once; validation and the model
    # reader share that tree.
    checked, prepared = _validated(data, name, options, engine)
    if checked.verdict is Verdict.REJECT and not options.force:
        return Conversion(name, target, Outcome.INPUT_REJECTED, checked)

    xml = prepared.xml
    read = read_invoice(prepared.tree)
    control = read.invoice.process_control
    syntax = Syntax.CII if target is not Target.UBL else preferred_ubl_syntax(read.invoice)
    conversion = Conversion(
        name,
        target,
        Outcome.CONVERTED,
        checked,
        source_syntax=read.syntax,
        specification=control.specification if control is not None else None,
    )
    if _same_family(read.syntax, syntax):
        # Already in the target syntax: rewriting it through the model could only lose.
        converted = xml
        conversion = replace(
            conversion,
            target_syntax=read.syntax,
            notes=(f"the invoice is already {read.syntax.value}; it is {_UNCHANGED[target]}",),
        )
    else:
        written = write_invoice(read.invoice, syntax)
        converted = written.to_bytes()
        conversion = replace(
            conversion, target_syntax=syntax, losses=(*read.losses, *written.losses)
        )
    if conversion.losses and options.strict:
        return replace(conversion, outcome=Outcome.LOSSES_REFUSED)

    document = converted
    if target is Target.FACTURX:
        visual, visual_name = _visual_pdf(converted, name, options, engine)
        # Imported here: the factur-x package (and requests) cost ~0.35 s of start-up that a
        # UBL <-> CII conversion does not need.
        from einvoice_cli.hybrid.facturx import make_hybrid_pdf

        hybrid = make_hybrid_pdf(
            converted,
            read.invoice,
            visual,
            visual_name,
            options.validation.pdf,
        )
        document = hybrid.data
        conversion = replace(conversion, notes=(*conversion.notes, *hybrid.notes))

    output, checked_output = _validated(
        document, options.output_name or f"{name} as {target.value}", options, engine
    )
    if target is Target.FACTURX:
        _check_extracts_back(checked_output.xml, converted, options)
    accepted = output.verdict is Verdict.ACCEPT
    return replace(
        conversion,
        outcome=Outcome.CONVERTED if accepted else Outcome.OUTPUT_REJECTED,
        output=output,
        document=document if accepted or not options.strict else None,
    )


def _visual_pdf(
    xml: bytes, name: str, options: ConversionOptions, engine: RuleEngine
) -> tuple[bytes, str]:
    """The visual PDF to embed into: the one given, or the invoice's own rendering."""
    if options.visual_pdf is not None:
        return options.visual_pdf, options.visual_pdf_name
    # Imported here: the renderer (and WeasyPrint) only load for a rendered visual PDF.
    from einvoice_cli.rendering import Language, Renderer, RenderFormat, RenderOptions

    rendering = RenderOptions(
        lang=Language(options.visual_lang),
        parse=options.validation.parse,
        pdf=options.validation.pdf,
    )
    pdf = Renderer(engine.store).render(xml, name, RenderFormat.PDF, rendering)
    return pdf, f"the rendering of {name}"


def _validated(
    data: bytes, name: str, options: ConversionOptions, engine: RuleEngine
) -> tuple[DocumentResult, PreparedDocument]:
    """The document's validation, and the document as read for it (a PDF's invoice taken out
    and parsed), for the model reader and the round-trip check to use."""
    result, prepared = check_input(Input(name, data=data), engine, options.validation, None)
    if result.verdict is Verdict.ERROR or prepared is None:
        raise ConversionError(result.error or f"{name}: cannot be validated")
    return result, prepared


def _same_family(source: Syntax, target: Syntax) -> bool:
    """Whether both are CII, or both UBL (an Invoice stays one whatever its BT-3 says)."""
    return (source is Syntax.CII) == (target is Syntax.CII)


def _check_extracts_back(embedded: bytes, xml: bytes, options: ConversionOptions) -> None:
    """The hybrid PDF's invoice, as validating the PDF took it out again, is the XML that was
    put in (byte for byte, or else in C14N)."""
    if embedded == xml:
        return
    limits = ParseSettings(max_bytes=options.validation.pdf.max_attachment_bytes)
    canonical = [
        etree.tostring(parse_xml(doc, "converted PDF", limits), method="c14n")
        for doc in (embedded, xml)
    ]
    if canonical[0] != canonical[1]:
        raise ConversionError("the written PDF does not give back the invoice XML embedded in it")
