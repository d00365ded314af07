"""Inlining an ``xsl:import``: one stylesheet text from a stylesheet and the one it imports.

Saxon compiles our stylesheets from text and may open no URI (``xml/saxon.py``), so a published
stylesheet that imports another (KoSIT's ``xrechnung-report.xsl`` imports
``default-report.xsl``) is joined with it first. The result keeps XSLT's import precedence
(XSLT 2.0 section 2.6.2): a named template, function, global variable, parameter or key of the
importing stylesheet replaces the imported one of the same name, and ``xsl:output`` attributes
of the importing stylesheet win. Where precedence cannot be kept by dropping declarations
(template rules in the importing stylesheet, which would compete with the imported ones by
priority instead), the join is refused rather than approximated.
"""

from __future__ import annotations

import copy
from pathlib import PurePosixPath

from lxml import etree

from einvoice_cli.errors import RulePackError

XSL_NS = "http://www.w3.org/1999/XSL/Transform"

_IMPORT = f"{{{XSL_NS}}}import"
_INCLUDE = f"{{{XSL_NS}}}include"
_TEMPLATE = f"{{{XSL_NS}}}template"
_OUTPUT = f"{{{XSL_NS}}}output"
_NAMED = frozenset(
    f"{{{XSL_NS}}}{name}" for name in ("template", "function", "variable", "param", "key")
)
"""Declarations that the importing stylesheet overrides by name."""
_ROOT_ATTRIBUTES_THAT_MAY_DIFFER = frozenset({"version", "exclude-result-prefixes"})


def inline_import(
    importing: etree._ElementTree, imported: etree._ElementTree, imported_name: str
) -> etree._ElementTree:
    """``importing`` with its ``xsl:import`` of the file called ``imported_name`` replaced by
    the declarations of ``imported`` that it does not override.

    Raises :class:`RulePackError` when the stylesheets need more than this join can keep
    (another import or include, template rules in the importing stylesheet, conflicting
    namespace prefixes or root attributes).
    """
    root = copy.deepcopy(importing.getroot())  # its xsl:output may take imported attributes
    other = imported.getroot()
    imports = [e for e in root if e.tag == _IMPORT]
    if [PurePosixPath(e.get("href", "")).name for e in imports] != [imported_name]:
        raise RulePackError(f"the stylesheet must import {imported_name} and nothing else")
    if any(e.tag == _INCLUDE for e in (*root, *other)) or any(e.tag == _IMPORT for e in other):
        raise RulePackError("cannot join stylesheets that include or import further files")
    if any(e.tag == _TEMPLATE and e.get("match") is not None for e in root):
        raise RulePackError("cannot join: the importing stylesheet has template rules")
    for prefix, uri in other.nsmap.items():
        if root.nsmap.get(prefix, uri) != uri:
            raise RulePackError(f"the stylesheets bind the prefix {prefix!r} differently")
    for name in set(root.attrib) | set(other.attrib):
        if name not in _ROOT_ATTRIBUTES_THAT_MAY_DIFFER and root.get(name) != other.get(name):
            raise RulePackError(f"the stylesheets differ in their attribute {name!r}")

    overridden = {_declared_name(e) for e in root if e.tag in _NAMED and e.get("name")}
    joined = etree.Element(root.tag, attrib=dict(root.attrib), nsmap={**other.nsmap, **root.nsmap})
    excluded = {*other.get("exclude-result-prefixes", "").split()}
    excluded |= {*root.get("exclude-result-prefixes", "").split()}
    if excluded:
        joined.set("exclude-result-prefixes", " ".join(sorted(excluded)))
    # A literal result element carries the namespaces in scope in its own module (XSLT 2.0
    # 11.1.3); in the joined text each module's declarations exclude the other module's extras.
    excluded_in_imported = _extra_prefixes(root, other)
    excluded_in_importing = _extra_prefixes(other, root)
    own_output = next((e for e in root if e.tag == _OUTPUT and e.get("name") is None), None)
    for element in other:
        if not isinstance(element.tag, str):
            continue  # comments and processing instructions of the imported file
        if element.tag in _NAMED and _declared_name(element) in overridden:
            continue
        if element.tag == _OUTPUT and element.get("name") is None and own_output is not None:
            # One unnamed output definition: the imported attributes the importing one keeps.
            for name, value in element.attrib.items():
                if own_output.get(name) is None:
                    own_output.set(name, value)
            continue
        joined.append(_excluding(copy.deepcopy(element), excluded_in_imported))
    for element in root:
        if element.tag != _IMPORT:
            joined.append(_excluding(copy.deepcopy(element), excluded_in_importing))
    return etree.ElementTree(joined)


def _extra_prefixes(module: etree._Element, other: etree._Element) -> set[str]:
    """Prefixes ``module`` declares on its root that ``other`` does not (``#default`` for a
    default namespace)."""
    return {prefix or "#default" for prefix in module.nsmap if prefix not in other.nsmap}


def _excluding(declaration: etree._Element, prefixes: set[str]) -> etree._Element:
    """A top-level declaration whose literal result elements leave out ``prefixes``."""
    if isinstance(declaration.tag, str) and prefixes:
        own = set(declaration.get("exclude-result-prefixes", "").split())
        declaration.set("exclude-result-prefixes", " ".join(sorted(own | prefixes)))
    return declaration


def _declared_name(element: etree._Element) -> tuple[str, str]:
    """The kind and expanded name of a named declaration (its prefix resolved)."""
    name = element.get("name", "")
    prefix, _, local = name.rpartition(":")
    uri = element.nsmap.get(prefix) if prefix else ""
    if prefix and uri is None:
        raise RulePackError(f"the declaration name {name!r} uses an unbound prefix")
    # Templates and functions share no namespace of names with variables (XSLT 2.0 3.5).
    return (str(element.tag), f"{{{uri}}}{local}")
