"""Expansion of a Schematron schema before compilation: includes, abstract patterns and rules.

The result is one self-contained ``schema`` element in which every ``include`` (and
``extends href``) is replaced by what it points at, every ``pattern is-a`` by its abstract
pattern with the parameters substituted, and every ``extends rule`` by the abstract rule's
content, as ISO 19757-3 (and the skeleton's ``iso_dsdl_include``/``iso_abstract_expand`` steps)
define them. Writing the stylesheet is ``compile.py``'s job.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

from einvoice_cli.errors import SchematronCompileError
from einvoice_cli.schematron.elements import SCH_NS, children, namespace_of, sch

_MAX_DEPTH = 16
"""Deepest nesting of includes, or of abstract rules extending each other (cycles stop here)."""

_PARAM_ATTRIBUTES = ("context", "test", "select", "path", "value", "subject")
"""Attributes an abstract pattern's parameters are substituted in."""


def schematron_parser() -> etree.XMLParser:
    """A parser for trusted Schematron files: no network, no DTD, no comments."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
    )


def expand_schema(root: etree._Element, base: Path, label: str) -> None:
    """Resolve includes (relative to ``base``), then abstract patterns, then abstract rules."""
    _Includes(label).expand(root, base.resolve(), 0)
    _expand_abstract_patterns(root, label)
    _expand_abstract_rules(root, label)


class _Includes:
    """Replaces ``include`` (and ``extends href``) by the elements they point at."""

    def __init__(self, label: str) -> None:
        self._label = label
        self._documents: dict[Path, etree._Element] = {}

    def expand(self, element: etree._Element, base: Path, depth: int) -> None:
        for child in children(element):
            href = child.get("href")
            if child.tag == sch("include") or (child.tag == sch("extends") and href):
                if depth >= _MAX_DEPTH:
                    raise SchematronCompileError(f"{self._label}: includes nest too deep")
                target, target_base = self._target(href, base)
                if child.tag == sch("include"):
                    replacements = [copy.deepcopy(target)]
                else:
                    replacements = [copy.deepcopy(c) for c in children(target)]
                for replacement in replacements:
                    child.addprevious(replacement)
                    self.expand(replacement, target_base, depth + 1)
                element.remove(child)
            else:
                self.expand(child, base, depth)

    def _target(self, href: str | None, base: Path) -> tuple[etree._Element, Path]:
        if not href:
            raise SchematronCompileError(f"{self._label}: an include has no href")
        parts = urlsplit(href)
        if parts.scheme not in ("", "file") or parts.netloc:
            raise SchematronCompileError(f"{self._label}: include {href!r} is not a local file")
        path = (base.parent / unquote(parts.path)).resolve() if parts.path else base
        document = self._documents.get(path)
        if document is None:
            try:
                document = etree.parse(str(path), schematron_parser()).getroot()
            except (OSError, etree.XMLSyntaxError) as e:
                raise SchematronCompileError(
                    f"{self._label}: include {href!r} cannot be read from {path}: {e}"
                ) from e
            self._documents[path] = document
        if parts.fragment:
            found = [e for e in document.iter(f"{{{SCH_NS}}}*") if e.get("id") == parts.fragment]
            if not found:
                raise SchematronCompileError(f"{self._label}: include {href!r} finds no element")
            target = found[0]
        elif namespace_of(document) == SCH_NS:
            target = document
        else:
            raise SchematronCompileError(f"{self._label}: include {href!r} is not Schematron")
        if target.tag in (sch("schema"), sch("include")):
            raise SchematronCompileError(
                f"{self._label}: include {href!r} points at a schema or an include"
            )
        return target, path


def _expand_abstract_patterns(root: etree._Element, label: str) -> None:
    patterns = [p for p in children(root) if p.tag == sch("pattern")]
    abstract = {p.get("id"): p for p in patterns if p.get("abstract") == "true"}
    for pattern in patterns:
        is_a = pattern.get("is-a")
        if is_a is None:
            continue
        source = abstract.get(is_a)
        if source is None:
            raise SchematronCompileError(
                f"{label}: pattern is-a {is_a!r}: no such abstract pattern"
            )
        params = {}
        for param in children(pattern):
            if param.tag == sch("param"):
                params[param.get("name") or ""] = param.get("value") or ""
        concrete = copy.deepcopy(source)
        del concrete.attrib["abstract"]
        for key in ("id", "documents"):
            concrete.attrib.pop(key, None)
        if pattern.get("id") is not None:
            concrete.set("id", pattern.get("id") or "")
        for element in concrete.iter():
            for attribute in _PARAM_ATTRIBUTES:
                value = element.get(attribute)
                if value is not None:
                    element.set(attribute, _substitute(value, params))
        root.replace(pattern, concrete)
    for pattern in abstract.values():
        root.remove(pattern)


def _substitute(text: str, params: dict[str, str]) -> str:
    for name, value in params.items():
        # A parameter reference ends where an XPath name would: "$a" is not a prefix of "$ab".
        pattern = re.compile(r"\$" + re.escape(name) + r"(?![\w.\-])")
        text = pattern.sub(_literal(value), text)
    return text


def _literal(value: str) -> Callable[[re.Match[str]], str]:
    """A regex replacement that inserts ``value`` as is (no backslash escapes)."""

    def replace(_match: re.Match[str]) -> str:
        return value

    return replace


def _expand_abstract_rules(root: etree._Element, label: str) -> None:
    abstract = [r for r in root.iter(sch("rule")) if r.get("abstract") == "true"]
    for rule in list(root.iter(sch("rule"))):
        if rule.get("abstract") != "true":
            _expand_extends(rule, abstract, label, 0)
    for rule in abstract:
        parent = rule.getparent()
        if parent is not None:
            parent.remove(rule)


def _expand_extends(
    rule: etree._Element, abstract: list[etree._Element], label: str, depth: int
) -> None:
    """Replace each ``extends rule`` by the abstract rule's content; as the skeleton does, an
    abstract rule of the same pattern wins over one elsewhere in the schema."""
    if depth > _MAX_DEPTH:
        raise SchematronCompileError(f"{label}: abstract rules extend each other in a cycle")
    for child in children(rule):
        if child.tag != sch("extends"):
            continue
        wanted = child.get("rule")
        candidates = [r for r in abstract if r.get("id") == wanted]
        local = [r for r in candidates if r.getparent() is rule.getparent()]
        if not candidates:
            raise SchematronCompileError(f"{label}: extends rule {wanted!r}: no such abstract rule")
        expanded = copy.deepcopy((local or candidates)[0])
        _expand_extends(expanded, abstract, label, depth + 1)
        for part in children(expanded):
            child.addprevious(part)
        rule.remove(child)
