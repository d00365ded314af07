"""Typed access to pypdf's objects: resolve a reference, take a value only if it has the right type.

A damaged or hostile PDF may put anything anywhere; these helpers answer ``None`` for a value of
the wrong type instead of raising, so the callers state only what they look for.
"""

from __future__ import annotations

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    PdfObject,
    StreamObject,
)

from einvoice_cli.hybrid.profiles import AFRelationship


def resolve(value: object) -> object:
    """The object a reference points at; any other value as it is."""
    return value.get_object() if isinstance(value, PdfObject) else value


def as_dict(value: object) -> DictionaryObject | None:
    """The value, resolved, if it is a dictionary."""
    resolved = resolve(value)
    return resolved if isinstance(resolved, DictionaryObject) else None


def as_array(value: object) -> ArrayObject | None:
    """The value, resolved, if it is an array."""
    resolved = resolve(value)
    return resolved if isinstance(resolved, ArrayObject) else None


def identity(reference: object, resolved: object) -> object:
    """Identity of a PDF object: its object number when indirect, else the Python object."""
    if isinstance(reference, IndirectObject):
        return ("ref", reference.idnum, reference.generation)
    return ("direct", id(resolved))


def as_text(value: object) -> str | None:
    """The value, resolved, if it is a string (bytes decoded as UTF-8, damage replaced)."""
    resolved = resolve(value)
    if isinstance(resolved, ByteStringObject):
        return bytes(resolved).decode("utf-8", errors="replace")
    if isinstance(resolved, str):
        return str(resolved)
    return None


def as_name(value: object) -> str | None:
    """A PDF name (``/text#2Fxml`` arrives decoded as ``/text/xml``) without its slash."""
    resolved = resolve(value)
    if isinstance(resolved, NameObject):
        return str(resolved)[1:] or None
    if isinstance(resolved, str):  # a string where a name belongs: still say what it is
        return str(resolved) or None
    return None


def as_relationship(name: str | None) -> AFRelationship | None:
    """The /AFRelationship named ``name``; ``None`` when absent or not one of PDF 2.0's values."""
    if name is None:
        return None
    try:
        return AFRelationship(name)
    except ValueError:
        return None


def uncached_stream(reader: PdfReader, reference: object) -> StreamObject | None:
    """The stream a reference points at, read now and not kept in pypdf's object cache.

    pypdf keeps every object it has read, stream data included; dropping embedded file
    streams after use keeps memory at one stream's size, not the sum of all of them.
    """
    stream = resolve(reference)
    if isinstance(reference, IndirectObject):
        reader.resolved_objects.pop((reference.generation, reference.idnum), None)
    return stream if isinstance(stream, StreamObject) else None
