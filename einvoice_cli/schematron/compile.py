"""ISO Schematron (``queryBinding`` xslt2/xslt3) compiled to XSLT 3.0 text for Saxon.

This module owns the translation only: reading a trusted ``.sch`` file, resolving its includes,
expanding abstract patterns and rules, choosing the phase, and writing the stylesheet. Running
the stylesheet is ``run.py``'s job, reading its SVRL ``svrl.py``'s, and the disk cache of the
text belongs to the engine (keyed by :data:`COMPILER_VERSION`).

The firing semantics are those of the ISO skeleton (DESIGN.md "Schematron compiler"): every
active pattern visits the document node, then every element and attribute in document order
(text nodes are not visited); in each pattern a node is the context of the first rule, in
document order, whose context pattern matches it; ``let`` at schema, phase and pattern level is
a global variable evaluated against the document node, ``let`` in a rule a local variable
evaluated against the rule's context node. Unlike the skeleton, the stylesheet writes only
``svrl:failed-assert`` and ``svrl:successful-report`` (no fired rules, no active patterns) and
does not walk the document in the default mode; each pattern is one mode applied to the
document's node list, built once. Locations are the skeleton's ``schematron-select-full-path``
strings, computed by one function.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

from einvoice_cli.errors import SchematronCompileError

COMPILER_VERSION = "1"
"""Version of the generated XSLT; part of the disk-cache key, bumped whenever the output changes."""

SCH_NS = "http://purl.oclc.org/dsdl/schematron"
XSL_NS = "http://www.w3.org/1999/XSL/Transform"
SVRL_NS = "http://purl.oclc.org/dsdl/svrl"
XS_NS = "http://www.w3.org/2001/XMLSchema"
OWN_NS = "urn:x-einvoice-cli:schematron"
"""Namespace of the stylesheet's own names (location function, modes, node list)."""

_RESERVED: dict[str | None, str] = {"xsl": XSL_NS, "svrl": SVRL_NS, "xs": XS_NS, "evsch": OWN_NS}
_QUERY_BINDINGS = {"", "xslt", "xslt2", "xslt3", "xpath", "xpath2", "xpath3", "xpath31"}
_TOP_LEVEL_XSL = {"function", "key", "param", "variable"}
_MAX_INCLUDE_DEPTH = 16
_SCOPE_CHILDREN = frozenset(
    ("title", "p", "ns", "phase", "pattern", "diagnostics", "let", "active", "rule", "param")
)
"""Schematron elements a schema, phase or pattern may hold (each is checked where it is used)."""

# Names a pattern parameter is replaced in (ISO 19757-3 abstract patterns).
_PARAM_ATTRIBUTES = ("context", "test", "select", "path", "value", "subject")

_LOCATION_FUNCTION = f"""
<xsl:function xmlns:xsl="{XSL_NS}" xmlns:xs="{XS_NS}" xmlns:evsch="{OWN_NS}" name="evsch:location"
    as="xs:string">
  <xsl:param name="node" as="node()"/>
  <xsl:sequence select="string-join((
    for $e in ($node/ancestor-or-self::*, $node[. instance of document-node()]/*)
    return concat('/',
      if (namespace-uri($e) = '') then name($e)
      else concat('*:', local-name($e), '[namespace-uri()=''', namespace-uri($e), ''']'),
      '[', 1 + count($e/preceding-sibling::*[local-name() = local-name($e)
                                              and namespace-uri() = namespace-uri($e)]), ']'),
    for $a in $node[. instance of attribute()]
    return if (namespace-uri($a) = '') then concat('/@', name($a))
      else concat('/@*[local-name()=''', local-name($a), ''' and namespace-uri()=''',
                  namespace-uri($a), ''']')), '')"/>
</xsl:function>
"""
"""The skeleton's location path: ``/*:local[namespace-uri()='uri'][n]`` per element (``/name[n]``
without a namespace), then ``/@name`` or ``/@*[local-name()='x' and namespace-uri()='y']``; the
document node is located at its root element, as the skeleton's built-in template has it."""


def _sch(local: str) -> str:
    return f"{{{SCH_NS}}}{local}"


def _xsl(local: str) -> str:
    return f"{{{XSL_NS}}}{local}"


def _svrl(local: str) -> str:
    return f"{{{SVRL_NS}}}{local}"


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
    )


def load_schematron(path: Path) -> etree._ElementTree:
    """Parse a trusted Schematron file: no network, no DTD; the tree keeps the file's URL."""
    try:
        return etree.parse(str(path), _parser())
    except OSError as e:
        raise SchematronCompileError(f"{path}: cannot read the Schematron file: {e}") from e
    except etree.XMLSyntaxError as e:
        raise SchematronCompileError(f"{path}: not well-formed XML: {e}") from e


def compile_schematron(
    schema: etree._ElementTree, base: Path, *, phase: str | None = None, name: str = ""
) -> str:
    """Compile a Schematron schema to XSLT 3.0 text that writes SVRL.

    ``base`` is the file the schema came from: ``include`` hrefs resolve against it. ``phase``
    picks a phase by id, or ``#ALL``; without it the schema's ``defaultPhase`` applies, else all
    patterns. Unsupported constructs and broken sources raise :class:`SchematronCompileError`.
    """
    label = name or str(base)
    root = copy.deepcopy(schema.getroot())
    if root.tag != _sch("schema"):
        raise SchematronCompileError(f"{label}: the root element is not an ISO Schematron schema")
    binding = (root.get("queryBinding") or "").lower()
    if binding not in _QUERY_BINDINGS:
        raise SchematronCompileError(f"{label}: queryBinding {binding!r} is not supported")
    _Includes(label).expand(root, base.resolve(), 0)
    _expand_abstract_patterns(root, label)
    _expand_abstract_rules(root, label)
    return _Writer(root, label).write(phase)


def _children(element: etree._Element) -> list[etree._Element]:
    return [child for child in element if isinstance(child.tag, str)]


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def _namespace(element: etree._Element) -> str | None:
    return etree.QName(element).namespace


class _Includes:
    """Replaces ``include`` (and ``extends href``) by the elements they point at."""

    def __init__(self, label: str) -> None:
        self._label = label
        self._documents: dict[Path, etree._Element] = {}

    def expand(self, element: etree._Element, base: Path, depth: int) -> None:
        for child in _children(element):
            href = child.get("href")
            if child.tag == _sch("include") or (child.tag == _sch("extends") and href):
                if depth >= _MAX_INCLUDE_DEPTH:
                    raise SchematronCompileError(f"{self._label}: includes nest too deep")
                target, target_base = self._target(href, base)
                if child.tag == _sch("include"):
                    replacements = [copy.deepcopy(target)]
                else:
                    replacements = [copy.deepcopy(c) for c in _children(target)]
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
                document = etree.parse(str(path), _parser()).getroot()
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
        elif _namespace(document) == SCH_NS:
            target = document
        else:
            raise SchematronCompileError(f"{self._label}: include {href!r} is not Schematron")
        if target.tag in (_sch("schema"), _sch("include")):
            raise SchematronCompileError(f"{self._label}: include {href!r} is a whole schema")
        return target, path


def _expand_abstract_patterns(root: etree._Element, label: str) -> None:
    patterns = [p for p in _children(root) if p.tag == _sch("pattern")]
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
        for param in _children(pattern):
            if param.tag == _sch("param"):
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
    abstract: dict[str, etree._Element] = {}
    for rule in root.iter(_sch("rule")):
        if rule.get("abstract") == "true":
            abstract.setdefault(rule.get("id") or "", rule)
    for rule in list(root.iter(_sch("rule"))):
        if rule.get("abstract") != "true":
            _expand_extends(rule, abstract, label, 0)
    for rule in abstract.values():
        parent = rule.getparent()
        if parent is not None:
            parent.remove(rule)


def _expand_extends(
    rule: etree._Element, abstract: dict[str, etree._Element], label: str, depth: int
) -> None:
    if depth > _MAX_INCLUDE_DEPTH:
        raise SchematronCompileError(f"{label}: abstract rules extend each other in a cycle")
    for child in _children(rule):
        if child.tag != _sch("extends"):
            continue
        source = abstract.get(child.get("rule") or "")
        if source is None:
            raise SchematronCompileError(
                f"{label}: extends rule {child.get('rule')!r}: no such abstract rule"
            )
        expanded = copy.deepcopy(source)
        _expand_extends(expanded, abstract, label, depth + 1)
        for part in _children(expanded):
            child.addprevious(part)
        rule.remove(child)


class _Writer:
    """Writes the stylesheet for one expanded schema."""

    def __init__(self, root: etree._Element, label: str) -> None:
        self._root = root
        self._label = label
        self._diagnostics = {
            d.get("id") or "": d
            for block in _children(root)
            if block.tag == _sch("diagnostics")
            for d in _children(block)
            if d.tag == _sch("diagnostic")
        }
        self._globals: set[str] = set()

    def _fail(self, message: str) -> SchematronCompileError:
        return SchematronCompileError(f"{self._label}: {message}")

    def write(self, phase: str | None) -> str:
        root = self._root
        chosen, patterns = self._active(phase or root.get("defaultPhase") or "#ALL")
        style = etree.Element(_xsl("stylesheet"), nsmap=self._namespaces())
        style.set("version", "3.0")
        style.set("exclude-result-prefixes", "#all")
        etree.SubElement(style, _xsl("output"), method="xml", encoding="UTF-8", indent="no")
        style.append(etree.fromstring(_LOCATION_FUNCTION))
        for scope in (root, *([chosen] if chosen is not None else []), *patterns):
            self._top_level(scope, style)
        entry = etree.SubElement(style, _xsl("template"), match="/")
        output = etree.SubElement(entry, _svrl("schematron-output"))
        title = root.find(_sch("title"))
        if title is not None:
            output.set("title", _avt(" ".join("".join(title.itertext()).split())))
        if chosen is not None:
            output.set("phase", _avt(chosen.get("id") or ""))
        nodes = etree.SubElement(output, _xsl("variable"), name="evsch:nodes")
        nodes.set("select", "(., descendant::*/(. | @*))")
        modes = [f"evsch:p{index}" for index in range(len(patterns))]
        for mode, pattern in zip(modes, patterns, strict=True):
            etree.SubElement(style, _xsl("mode"), name=mode, attrib={"on-no-match": "deep-skip"})
            etree.SubElement(output, _xsl("apply-templates"), select="$evsch:nodes", mode=mode)
            self._pattern(pattern, mode, style)
        if modes:
            # deep-skip still descends from a document node (XSLT 3.0, 6.7.1); the skeleton
            # visits every node once per pattern, so an unmatched document node must stop here.
            stop = etree.SubElement(style, _xsl("template"), match="document-node()")
            stop.set("mode", " ".join(modes))
            stop.set("priority", "-1")
        return etree.tostring(style, encoding="unicode")

    def _namespaces(self) -> dict[str | None, str]:
        namespaces: dict[str | None, str] = dict(_RESERVED)
        for ns in _children(self._root):
            if ns.tag != _sch("ns"):
                continue
            prefix, uri = ns.get("prefix"), ns.get("uri")
            if not prefix or uri is None:
                raise self._fail("an ns element needs prefix and uri")
            if namespaces.get(prefix, uri) != uri:
                raise self._fail(f"ns prefix {prefix!r} is bound twice, or is reserved")
            namespaces[prefix] = uri
        return namespaces

    def _active(self, phase: str) -> tuple[etree._Element | None, list[etree._Element]]:
        """The chosen phase (none for ``#ALL``) and the active patterns, in schema order."""
        patterns = [p for p in _children(self._root) if p.tag == _sch("pattern")]
        if phase == "#ALL":
            return None, patterns
        phases = [p for p in _children(self._root) if p.tag == _sch("phase")]
        chosen = next((p for p in phases if p.get("id") == phase), None)
        if chosen is None:
            raise self._fail(f"no phase {phase!r}")
        active = {a.get("pattern") for a in _children(chosen) if a.tag == _sch("active")}
        unknown = active - {p.get("id") for p in patterns}
        if unknown:
            raise self._fail(f"phase {phase!r} names unknown patterns {sorted(map(str, unknown))}")
        return chosen, [p for p in patterns if p.get("id") in active]

    def _top_level(self, scope: etree._Element, style: etree._Element) -> None:
        """Global variables from ``let``, and the XSLT declarations embedded in the schema."""
        for child in _children(scope):
            if child.tag == _sch("let"):
                name = child.get("name") or ""
                if name in self._globals:
                    raise self._fail(f"let {name!r} is declared twice at the top level")
                self._globals.add(name)
                self._variable(child, style)
            elif _namespace(child) == XSL_NS:
                if _local(child) not in _TOP_LEVEL_XSL:
                    raise self._fail(f"xsl:{_local(child)} is not supported in a schema")
                _copy_with_namespaces(child, style)
            elif _namespace(child) == SCH_NS and _local(child) not in _SCOPE_CHILDREN:
                raise self._fail(f"{_local(child)} is not supported here")

    def _variable(self, let: etree._Element, parent: etree._Element) -> None:
        name, value = let.get("name"), let.get("value")
        if not name:
            raise self._fail("a let has no name")
        variable = etree.SubElement(parent, _xsl("variable"), name=name)
        if value is not None:
            variable.set("select", value)
            return
        variable.text = let.text
        for part in _children(let):
            _copy_with_namespaces(part, variable).tail = part.tail

    def _pattern(self, pattern: etree._Element, mode: str, style: etree._Element) -> None:
        if pattern.get("documents") is not None:
            raise self._fail("pattern/@documents is not supported")
        rules = [r for r in _children(pattern) if r.tag == _sch("rule")]
        for position, rule in enumerate(rules):
            context = rule.get("context")
            if not context:
                raise self._fail("a rule has no context")
            template = etree.SubElement(style, _xsl("template"), match=context, mode=mode)
            template.set("priority", str(len(rules) - position))
            self._rule(rule, template)

    def _rule(self, rule: etree._Element, template: etree._Element) -> None:
        for child in _children(rule):
            tag = child.tag
            if tag == _sch("let"):
                self._variable(child, template)
            elif tag in (_sch("assert"), _sch("report")):
                self._check(child, rule, template)
            elif tag == _xsl("variable"):
                _copy_with_namespaces(child, template)
            elif _namespace(child) in (SCH_NS, XSL_NS) and tag not in (_sch("title"), _sch("p")):
                raise self._fail(f"{_local(child)} is not supported in a rule")

    def _check(self, check: etree._Element, rule: etree._Element, template: etree._Element) -> None:
        test = check.get("test")
        if not test:
            raise self._fail(f"an {_local(check)} has no test")
        if check.get("properties") is not None:
            raise self._fail("properties are not supported")
        is_assert = check.tag == _sch("assert")
        condition = etree.SubElement(template, _xsl("if"))
        condition.set("test", f"not(({test}))" if is_assert else test)
        result = etree.SubElement(
            condition, _svrl("failed-assert" if is_assert else "successful-report")
        )
        for attribute in ("id", "flag", "role"):
            value = check.get(attribute)
            if value is not None:
                result.set(attribute, _avt(value))
        subject = check.get("subject") or rule.get("subject")
        where = f"(({subject}), .)[1]" if subject else "."
        result.set("location", f"{{evsch:location({where})}}")
        result.set("test", _avt(" ".join(test.split())))
        self._text(check, etree.SubElement(result, _svrl("text")))
        for reference in (check.get("diagnostics") or "").split():
            diagnostic = self._diagnostics.get(reference)
            if diagnostic is None:
                raise self._fail(f"diagnostic {reference!r} is not declared")
            target = etree.SubElement(result, _svrl("diagnostic-reference"), diagnostic=reference)
            self._text(diagnostic, target)

    def _text(self, source: etree._Element, target: etree._Element) -> None:
        """Message content: text, value-of and name evaluated; emph, dir, span as their text."""
        _append_text(target, source.text)
        for child in _children(source):
            tag = child.tag
            if tag == _sch("value-of"):
                etree.SubElement(target, _xsl("value-of"), select=child.get("select") or ".")
            elif tag == _sch("name"):
                path = child.get("path") or "."
                etree.SubElement(target, _xsl("value-of"), select=f"name({path})")
            elif tag in (_sch("emph"), _sch("dir"), _sch("span")):
                self._text(child, target)
            elif _namespace(child) == SCH_NS:
                raise self._fail(f"{_local(child)} is not supported in a message")
            else:
                _append_text(target, "".join(child.itertext()))
            _append_text(target, child.tail)


def _avt(text: str) -> str:
    """Literal text for an attribute value template."""
    return text.replace("{", "{{").replace("}", "}}")


def _append_text(target: etree._Element, text: str | None) -> None:
    """Append literal text; whitespace alone goes into ``xsl:text``, or XSLT would strip it."""
    if not text:
        return
    if not text.strip():
        etree.SubElement(target, _xsl("text")).text = text
    elif len(target):
        last = target[-1]
        last.tail = (last.tail or "") + text
    else:
        target.text = (target.text or "") + text


def _copy_with_namespaces(source: etree._Element, parent: etree._Element) -> etree._Element:
    """Copy an element with every namespace in scope at the source (QNames in attribute values,
    such as ``as="xs:decimal"``, need them), except the Schematron default namespace."""
    nsmap = {p: u for p, u in source.nsmap.items() if p is not None or u != SCH_NS}
    copied = etree.SubElement(parent, source.tag, attrib=dict(source.attrib), nsmap=nsmap)
    copied.text = source.text
    for child in source:
        if isinstance(child.tag, str):
            _copy_with_namespaces(child, copied).tail = child.tail
        else:
            _append_tail(copied, child.tail)
    return copied


def _append_tail(element: etree._Element, text: str | None) -> None:
    if not text:
        return
    if len(element):
        element[-1].tail = (element[-1].tail or "") + text
    else:
        element.text = (element.text or "") + text
