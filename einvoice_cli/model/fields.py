"""How the model's fields name their business terms, and generic walking over them.

Every field of a model class declares the EN 16931 business term (``BT-10``) or business group
(``BG-4``) it holds, with the term's name from EN 16931-1, through :func:`bt` and :func:`bg`.
Code that must name terms (loss reports, model comparison, a later rendering) walks the model
with :func:`iter_terms` instead of knowing its classes.

Sub-terms follow EN 16931-1's own numbering: the scheme of an identifier is ``BT-29-1``, the
scheme version of BT-158 is ``BT-158-2``, the MIME code and file name of BT-125 are
``BT-125-1`` and ``BT-125-2``; the unit of a quantity is the business term the field declares
(BT-130 for BT-129, BT-150 for BT-149).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TypeVar

from einvoice_cli.model.values import Amount, BinaryObject, Identifier, Percentage, Quantity

T = TypeVar("T")

_TERM = "term"
_NAME = "name"
_UNIT = "unit_term"
_GROUP = "group"


def bt(term: str, name: str, default: T, *, unit: str | None = None) -> T:
    """A dataclass field holding business term ``term``; ``default`` is ``None`` or ``()``.

    ``unit`` names the business term of a quantity's unit of measure code.
    """
    metadata = {_TERM: term, _NAME: name, _UNIT: unit, _GROUP: False}
    return dataclasses.field(default=default, metadata=metadata)


def bg(group: str, name: str, default: T) -> T:
    """A dataclass field holding business group ``group``; ``default`` is ``None`` or ``()``."""
    metadata = {_TERM: group, _NAME: name, _UNIT: None, _GROUP: True}
    return dataclasses.field(default=default, metadata=metadata)


@dataclass(frozen=True, slots=True)
class TermField:
    """What a model field declares about itself."""

    attribute: str
    """The Python attribute name."""
    term: str
    """``BT-…``, ``BG-…``, ``BT-DEX-…`` or ``BG-DEX-…``."""
    name: str
    """The term's name in EN 16931-1 or the XRechnung specification."""
    unit_term: str | None
    is_group: bool


def term_fields(model_class: type) -> tuple[TermField, ...]:
    """The business-term fields of a model class, in declaration order."""
    out = []
    for f in dataclasses.fields(model_class):
        term = f.metadata.get(_TERM)
        if isinstance(term, str):
            out.append(
                TermField(
                    attribute=f.name,
                    term=term,
                    name=str(f.metadata.get(_NAME, "")),
                    unit_term=f.metadata.get(_UNIT),
                    is_group=bool(f.metadata.get(_GROUP)),
                )
            )
    return tuple(out)


def terms_of(model_class: type) -> dict[str, str]:
    """Attribute name to business term, e.g. ``{"amount": "BT-92", ...}`` for BG-20."""
    return {tf.attribute: tf.term for tf in term_fields(model_class)}


TermScalar = str | Decimal | date | bytes


@dataclass(frozen=True, slots=True)
class TermValue:
    """One business term's value at one place in an invoice."""

    path: str
    """Where it is, e.g. ``BG-25[2]/BG-29/BT-146``; repeated items are numbered from 1."""
    term: str
    value: TermScalar
    text: str | None = None
    """For decimals, the lexical form the value was read from, where known."""


def iter_terms(model: object, prefix: str = "") -> Iterator[TermValue]:
    """Every business term that has a value in ``model`` (an invoice or any group of it)."""
    for tf in term_fields(type(model)):
        value = getattr(model, tf.attribute)
        items = value if isinstance(value, tuple) else (value,)
        for index, item in enumerate(items, start=1):
            if item is None:
                continue
            step = f"{tf.term}[{index}]" if isinstance(value, tuple) else tf.term
            path = f"{prefix}{step}"
            if tf.is_group:
                yield from iter_terms(item, path + "/")
            else:
                yield from _leaf_values(path, tf, item)


def _leaf_values(path: str, tf: TermField, item: object) -> Iterator[TermValue]:
    match item:
        case Amount() | Percentage():
            yield TermValue(path, tf.term, item.value, item.text)
        case Quantity():
            yield TermValue(path, tf.term, item.value, item.text)
            if item.unit_code is not None and tf.unit_term is not None:
                yield TermValue(f"{path}/{tf.unit_term}", tf.unit_term, item.unit_code)
        case Identifier():
            yield TermValue(path, tf.term, item.value)
            if item.scheme_id is not None:
                yield TermValue(f"{path}/{tf.term}-1", f"{tf.term}-1", item.scheme_id)
            if item.scheme_version is not None:
                yield TermValue(f"{path}/{tf.term}-2", f"{tf.term}-2", item.scheme_version)
        case BinaryObject():
            yield TermValue(path, tf.term, item.content)
            if item.mime_code is not None:
                yield TermValue(f"{path}/{tf.term}-1", f"{tf.term}-1", item.mime_code)
            if item.filename is not None:
                yield TermValue(f"{path}/{tf.term}-2", f"{tf.term}-2", item.filename)
        case str() | date():
            yield TermValue(path, tf.term, item)
        case _:
            raise TypeError(f"{path}: {type(item).__name__} is not a business term value")
