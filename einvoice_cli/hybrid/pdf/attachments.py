"""The embedded files of a PDF: the catalog's EmbeddedFiles name tree and its /AF array.

A hybrid invoice names its files in the EmbeddedFiles name tree and, as PDF/A-3 asks, lists
their file specifications in the catalog's /AF array. Both are walked here, each file
specification once, under the limits on their number and on the name tree's depth; what a file
specification says becomes an :class:`Attachment`. Decoding the files' content is
``reading.py``'s job.
"""

from __future__ import annotations

from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, NumberObject, StreamObject

from einvoice_cli.errors import BrokenPdf, InputTooLarge
from einvoice_cli.hybrid.pdf.objects import (
    as_array,
    as_dict,
    as_name,
    as_relationship,
    as_text,
    identity,
    resolve,
    uncached_stream,
)
from einvoice_cli.hybrid.profiles import AFRelationship
from einvoice_cli.hybrid.settings import PdfSettings


@dataclass(frozen=True, slots=True)
class Attachment:
    """One embedded file of the PDF, as its file specification describes it."""

    name: str
    """The file name: the file specification's /UF, else /F, else its name-tree key. It may
    contain anything; sanitise it before using it as a path (``outfiles.safe_file_name``)."""
    key: str | None
    """Its key in the EmbeddedFiles name tree; ``None`` when only /AF references it."""
    mime_type: str | None
    """The embedded file stream's /Subtype (a MIME type such as ``text/xml``), if present."""
    relationship: AFRelationship | None
    """The /AFRelationship; ``None`` when absent or not one of PDF 2.0's values."""
    relationship_name: str | None
    """The /AFRelationship as written (without the slash), for messages; ``None`` if absent."""
    in_name_tree: bool
    in_af: bool
    """Whether the catalog's /AF array references this file specification."""
    declared_size: int | None
    """The /Params /Size the PDF declares (not trusted for limits)."""
    description: str | None = None

    def has_name(self, name: str) -> bool:
        """Whether its name or name-tree key is ``name``, ignoring case."""
        wanted = name.casefold()
        return self.name.casefold() == wanted or (
            self.key is not None and self.key.casefold() == wanted
        )


@dataclass(frozen=True, slots=True)
class EmbeddedFile:
    """An attachment and where its content is."""

    attachment: Attachment
    stream: object
    """The reference to its embedded file stream (not the stream), ``None`` if it has none."""


_Found = dict[object, tuple[str | None, DictionaryObject]]
"""File specifications by identity, each with its name-tree key (``None`` if only in /AF)."""


def find_attachments(
    reader: PdfReader, catalog: DictionaryObject, pdf_name: str, settings: PdfSettings
) -> tuple[EmbeddedFile, ...]:
    """Every embedded file: name-tree order first, then the files only /AF references.

    Raises :class:`InputError` past ``settings.max_attachments`` files or
    ``settings.max_name_tree_depth`` levels of /Kids.
    """
    found: _Found = {}
    names = as_dict(catalog.get("/Names"))
    if names is not None:
        _walk_name_tree(names.get("/EmbeddedFiles"), 0, set(), found, pdf_name, settings)
    af_ids: set[object] = set()
    af = as_array(catalog.get("/AF"))
    for item in af or ():
        spec = as_dict(item)
        if spec is None:
            continue
        spec_id = identity(item, spec)
        af_ids.add(spec_id)
        found.setdefault(spec_id, (None, spec))
        _check_count(len(found), pdf_name, settings)
    return tuple(
        _embedded_file(reader, key, spec, spec_id in af_ids)
        for spec_id, (key, spec) in found.items()
    )


def _walk_name_tree(
    node_ref: object,
    depth: int,
    seen: set[object],
    found: _Found,
    pdf_name: str,
    settings: PdfSettings,
) -> None:
    node = as_dict(node_ref)
    if node is None:
        return
    node_id = identity(node_ref, node)
    if node_id in seen:
        return  # a /Kids cycle
    seen.add(node_id)
    if depth > settings.max_name_tree_depth:
        raise BrokenPdf(
            f"{pdf_name}: the EmbeddedFiles name tree is nested deeper than "
            f"{settings.max_name_tree_depth} levels; refusing the PDF"
        )
    pairs = as_array(node.get("/Names")) or ArrayObject()
    for index in range(0, len(pairs) - 1, 2):
        key = as_text(pairs[index])
        spec_ref = pairs[index + 1]
        spec = as_dict(spec_ref)
        if spec is None:
            continue
        found.setdefault(identity(spec_ref, spec), (key, spec))
        _check_count(len(found), pdf_name, settings)
    for kid in as_array(node.get("/Kids")) or ():
        _walk_name_tree(kid, depth + 1, seen, found, pdf_name, settings)


def _check_count(count: int, pdf_name: str, settings: PdfSettings) -> None:
    if count > settings.max_attachments:
        raise InputTooLarge(
            f"{pdf_name}: more than {settings.max_attachments} embedded files; refusing the PDF",
            limit=settings.max_attachments,
            limit_name="max_attachments",
        )


def _embedded_file(
    reader: PdfReader, key: str | None, spec: DictionaryObject, in_af: bool
) -> EmbeddedFile:
    reference = _embedded_reference(spec)
    stream = uncached_stream(reader, reference)
    name = as_text(spec.get("/UF")) or as_text(spec.get("/F")) or key or ""
    relationship_name = as_name(spec.get("/AFRelationship"))
    mime_type = as_name(stream.get("/Subtype")) if stream is not None else None
    params = as_dict(stream.get("/Params")) if stream is not None else None
    size = params.get("/Size") if params is not None else None
    attachment = Attachment(
        name=name,
        key=key,
        mime_type=mime_type,
        relationship=as_relationship(relationship_name),
        relationship_name=relationship_name,
        in_name_tree=key is not None,
        in_af=in_af,
        declared_size=int(size) if isinstance(size, NumberObject) else None,
        description=as_text(spec.get("/Desc")),
    )
    return EmbeddedFile(attachment, reference)


def _embedded_reference(spec: DictionaryObject) -> object:
    files = as_dict(spec.get("/EF"))
    if files is None:
        return None
    for key in ("/UF", "/F"):
        if key in files and isinstance(resolve(files.raw_get(key)), StreamObject):
            return files.raw_get(key)
    return None
