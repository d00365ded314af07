"""Business terms in one document: their elements, their values and where a missing one belongs.

A term is looked up through the binding table (``evidence/bindings.py``) relative to the innermost
group element that contains a finding's context node: on an invoice line, BT-131 is that line's
net amount; at the root, it is every line's.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from einvoice_cli.core.findings import Place
from einvoice_cli.evidence.bindings import (
    PREFIXES,
    TERM_BINDINGS,
    UBL_ROOT_ORDER,
    SyntaxFamily,
    TermBinding,
    chain,
)

Element = etree._Element

MAX_VALUE_CHARS = 120
"""Values longer than this (an embedded attachment) are shortened, with ``…`` at the end."""


def value_text(node: Element | str) -> str:
    """A node's value as a report shows it: whitespace-normalised, long ones shortened."""
    text = node if isinstance(node, str) else "".join(node.itertext())
    text = " ".join(text.split())
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1] + "…"


def split_steps(path: str) -> list[str]:
    """A relative XPath's location steps (a ``/`` inside a predicate does not split)."""
    steps, depth, current = [], 0, ""
    for char in path:
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        if char == "/" and depth == 0:
            steps.append(current)
            current = ""
        else:
            current += char
    steps.append(current)
    return [s for s in steps if s and s != "."]


class DocumentPlaces:
    """Finds business terms in one parsed document of one binding."""

    def __init__(self, tree: etree._ElementTree, binding: SyntaxFamily) -> None:
        """``binding`` is the document's syntax binding (UBL or CII)."""
        self.root = tree.getroot()
        self.binding = binding
        self._ns = dict(PREFIXES[binding])
        self._prefix_of = {uri: prefix for prefix, uri in self._ns.items()}
        self._groups: dict[str, list[Element]] = {}
        self._members: dict[str, set[Element]] = {}
        self._terms_of: dict[Element, str] | None = None

    def _xpath(self, context: Element, path: str) -> list[Element | str]:
        found = context.xpath(path, namespaces=self._ns)
        assert isinstance(found, list)
        return [n for n in found if isinstance(n, Element | str)]

    def group_elements(self, group: str) -> list[Element]:
        """Every element of business group ``group`` in the document, in document order."""
        cached = self._groups.get(group)
        if cached is not None:
            return cached
        parents = [self.root]
        for step in chain(group):
            relative = step.path(self.binding)
            parents = [
                e
                for p in parents
                for e in ([p] if relative == "." else self._xpath(p, relative))
                if isinstance(e, Element)
            ]
        self._groups[group] = parents
        self._members[group] = set(parents)
        return parents

    def _scope(self, term: TermBinding, context: Element) -> tuple[list[Element], list[str]]:
        """The elements to look ``term`` up from, and its path below them, as steps' paths."""
        groups = chain(term.term)[:-1]
        ancestors = list(context.iterancestors())
        ancestors.insert(0, context)
        for index in range(len(groups) - 1, -1, -1):
            self.group_elements(groups[index].term)
            members = self._members[groups[index].term]
            for node in ancestors:
                if node in members:
                    below = [g.path(self.binding) for g in groups[index + 1 :]]
                    return [node], [*below, term.path(self.binding)]
        if not groups:
            return [self.root], [term.path(self.binding)]
        return self.group_elements(groups[-1].term), [term.path(self.binding)]

    def nodes(self, term: str, context: Element) -> list[Element | str]:
        """The elements (or attribute values) of ``term`` in scope of ``context``."""
        binding = TERM_BINDINGS.get(term)
        if binding is None:
            return []
        scope, paths = self._scope(binding, context)
        for relative in paths:
            scope_next: list[Element | str] = []
            for node in scope:
                if relative == ".":
                    scope_next.append(node)
                else:
                    scope_next.extend(self._xpath(node, relative))
            if relative is paths[-1]:
                return scope_next
            scope = [n for n in scope_next if isinstance(n, Element)]
        return list(scope)

    def values(self, terms: Sequence[str], context: Element) -> dict[str, str]:
        """The value of each business term (not group) present in scope of ``context``."""
        out: dict[str, str] = {}
        for term in terms:
            binding = TERM_BINDINGS.get(term)
            if binding is None or binding.is_group:
                continue
            found = self.nodes(term, context)
            if found:
                out[term] = "; ".join(value_text(n) for n in found)
        return out

    def term_of(self, element: Element) -> str | None:
        """The business term (or group) whose element ``element`` is, if any."""
        if self._terms_of is None:
            self._terms_of = {}
            for term, binding in TERM_BINDINGS.items():
                if binding.path(self.binding) == ".":
                    continue  # a group that is the root itself (BG-2 in UBL) names nothing
                nodes = self.group_elements(term) if binding.is_group else None
                for node in nodes if nodes is not None else self.nodes(term, self.root):
                    if isinstance(node, Element):
                        self._terms_of.setdefault(node, term)
        return self._terms_of.get(element)

    def place(self, term: str, context: Element) -> Place | None:
        """Where ``term`` is below ``context`` (or ``context`` itself), or where it belongs
        there when it is missing; ``None`` when it is elsewhere or has no single place."""
        binding = TERM_BINDINGS.get(term)
        if binding is None or binding.is_group:
            return None
        found = self.nodes(term, context)
        if found:
            first = found[0]
            element = first if isinstance(first, Element) else _owner(first)
            if element is None or not _within(element, context):
                return None
            suffix = "" if isinstance(first, Element) else f"/@{_attribute_name(first)}"
            return Place(self.path_of(element) + suffix, True, element.sourceline)
        scope, paths = self._scope(binding, context)
        if len(scope) != 1:
            return None  # the group itself is missing, or there are several: no single place
        current = scope[0]
        steps = [s for relative in paths for s in split_steps(relative.split("|")[0])]
        for index, step in enumerate(steps):
            if step.startswith("@"):
                break
            if step == "..":
                parent = current.getparent()
                if parent is None:
                    return None
                current = parent
                continue
            children = [n for n in self._xpath(current, step) if isinstance(n, Element)]
            if not children:
                if not _within(current, context):
                    return None
                missing = [_without_predicates(s) for s in steps[index:]]
                path = "/".join([self.path_of(current), *missing])
                return Place(path, False, self._line_before(current, missing[0]))
            current = children[0]
        return None

    def _line_before(self, parent: Element, missing: str) -> int | None:
        """The line of the sibling a missing child of ``parent`` belongs before, if known."""
        if parent is self.root and self.binding is SyntaxFamily.UBL:
            local = missing.split(":")[-1]
            if local in UBL_ROOT_ORDER:
                rank = UBL_ROOT_ORDER.index(local)
                for child in parent:
                    name = etree.QName(child).localname if isinstance(child.tag, str) else None
                    if name in UBL_ROOT_ORDER and UBL_ROOT_ORDER.index(name) > rank:
                        return child.sourceline
        return parent.sourceline

    def path_of(self, element: Element) -> str:
        """A prefixed XPath naming ``element``, positions only where a name repeats."""
        steps = []
        current: Element | None = element
        while current is not None:
            qname = etree.QName(current)
            prefix = self._prefix_of.get(qname.namespace or "")
            if prefix is None and current is self.root:
                prefix = _root_prefix(qname.namespace)
            name = f"{prefix}:{qname.localname}" if prefix else qname.localname
            parent = current.getparent()
            if parent is not None:
                same = [c for c in parent if c.tag == current.tag]
                if len(same) > 1:
                    name += f"[{same.index(current) + 1}]"
            steps.append(name)
            current = parent
        return "/" + "/".join(reversed(steps))


def _root_prefix(namespace: str | None) -> str | None:
    """``ubl`` or ``cn`` for a UBL root (both bindings name the root by that prefix)."""
    for prefix, uri in PREFIXES[SyntaxFamily.UBL].items():
        if uri == namespace:
            return prefix
    return None


def _within(element: Element, context: Element) -> bool:
    return element is context or any(a is context for a in element.iterancestors())


def _owner(value: str) -> Element | None:
    """The element an attribute value that lxml returned belongs to."""
    getparent = getattr(value, "getparent", None)
    parent = getparent() if getparent is not None else None
    return parent if isinstance(parent, Element) else None


def _attribute_name(value: str) -> str:
    name = getattr(value, "attrname", None)
    return str(name) if name else "?"


def _without_predicates(step: str) -> str:
    depth, out = 0, ""
    for char in step:
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif depth == 0:
            out += char
    return out
