"""Which texts of a document a schema's rules can read (``reads.py``); Saxon need not get the rest.

An invoice with a PDF attached carries hundreds of kilobytes of base64 in one leaf, and SaxonC
takes about 9 ns a character to build its copy of the document: on the XRechnung test suite,
the documents with attachments spend most of their Saxon time on that one text. When no rule
of any stylesheet a document goes through can read it, the pipeline hands Saxon the document
with that text shortened (``xml/saxon.py``): to its first characters after leading whitespace,
so it stays not blank.

What "can read" means. A rule sees a text only through the string value of a node: of the
text node, of its element, or of an ancestor of that element, or of the document node. XPath
takes a node's string value when it atomizes it: in a comparison, arithmetic, a cast, a
``value-of``, and in any function argument that is not a node (``string``, ``contains``,
``normalize-space`` ...), including zero-argument functions that use the context item. It
does not when it only navigates from a node, tests whether there is one (``exists``,
``count``, a predicate or condition that is a path), or asks for its name or position.

So the analysis (:func:`analyse`) evaluates every expression of the compiled schema
abstractly: each yields the set of element names its nodes may have (name tests give their
name, wildcards and ``node()`` any name, and a predicate ``ends-with(name(), 'S')`` keeps the
names ending with ``S``), the names of the parents of its text nodes, and whether it may hold
the document node; each place that atomizes such a set adds those names to what the schema
reads (the document node: everything). Variables carry
their sets, a user function is analysed with the sets of its arguments, and ``xsl:function``
bodies are read instruction by instruction. What the analysis cannot follow makes the schema
read everything: an expression the parser does not know (``xpath.py``), an unknown variable
or function, an instruction not listed here.

One exception keeps Peppol's rule against empty elements from reading everything: a test
whether a node's string value is blank (``normalize-space(X)`` used as a condition, or
compared with ``''``) gives the same answer after the shortening, because a shortened text
is not blank and was not blank, and neither are its ancestors' string values. Nothing else
about a text survives the shortening: its length and characters change.

The result, :class:`Reads`, is written into the stylesheet as a data element that Saxon
ignores (:data:`ELEMENT`) and read back when it is compiled (``validation/engine.py``). At run time
a long text is shortened only when neither its element nor any ancestor has a name the schema
reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from lxml import etree

from einvoice_cli.schematron.elements import children, namespace_of, sch
from einvoice_cli.schematron.optimize.xpath import Node, XPathSyntaxError, parse, split_name
from einvoice_cli.xml.long_texts import ALL_TEXT, ANY, Pattern, Reads

XSL_NS = "http://www.w3.org/1999/XSL/Transform"
XS_NS = "http://www.w3.org/2001/XMLSchema"
FN_NS = "http://www.w3.org/2005/xpath-functions"
MATH_NS = "http://www.w3.org/2005/xpath-functions/math"


class _Unsupported(Exception):
    """Something the analysis cannot follow: the schema may read everything."""


@dataclass(frozen=True, slots=True)
class Nodes:
    """What nodes of the validated document a value may hold."""

    names: frozenset[Pattern] = frozenset()
    """Names its elements may have."""
    document: bool = False
    text: frozenset[Pattern] = frozenset()
    """Names the parents of its text nodes may have."""
    others: bool = False
    """Attributes, comments, processing instructions or namespace nodes: their string values
    are not shortened, but paths lead from them to elements."""

    def __or__(self, other: Nodes) -> Nodes:
        return Nodes(
            self.names | other.names,
            self.document or other.document,
            self.text | other.text,
            self.others or other.others,
        )

    def __bool__(self) -> bool:
        return bool(self.names) or self.document or bool(self.text) or self.others


NONE = Nodes()
"""No node of the validated document: atomic values, or nodes the rules built or loaded
(paths from those never reach the validated document)."""
_OTHERS = Nodes(others=True)
_ANY = frozenset((ANY,))
TOP = Nodes(_ANY, document=True, text=_ANY, others=True)
"""Any node."""
_ELEMENTS = Nodes(_ANY)
_BELOW = Nodes(_ANY, text=_ANY)
"""Any descendant."""


@dataclass(frozen=True, slots=True)
class _Scope:
    context: Nodes
    current: Nodes
    variables: Mapping[str, Nodes]
    namespaces: Mapping[str | None, str]


_EQUALITY = frozenset(("=", "!=", "eq", "ne"))
_SET_OPERATORS = frozenset(("|", "union", "intersect", "except"))
_NODE_COMPARISONS = frozenset(("is", "<<", ">>"))
_NAVIGATING = frozenset(
    (
        "exists",
        "empty",
        "count",
        "name",
        "local-name",
        "namespace-uri",
        "node-name",
        "generate-id",
        "has-children",
        "nilled",
        "base-uri",
        "document-uri",
        "path",
    )
)
"""Functions that take nodes without atomizing them (their result is atomic)."""
_PASSING = frozenset(
    (
        "reverse",
        "exactly-one",
        "one-or-more",
        "zero-or-one",
        "unordered",
        "head",
        "tail",
        "innermost",
        "outermost",
        "copy-of",
        "snapshot",
    )
)
"""Functions whose result holds nodes of their first argument, which they do not atomize."""
_CONTEXT_STRING = frozenset(("string", "data", "normalize-space", "string-length", "number"))
"""Functions that atomize the context item when called without an argument."""
_CONSTANT = frozenset(("position", "last", "true", "false", "current-date", "current-dateTime"))
_FOREIGN = frozenset(
    (
        "doc",
        "document",
        "collection",
        "unparsed-text",
        "unparsed-text-lines",
        "parse-xml",
        "parse-xml-fragment",
        "json-to-xml",
    )
)
"""Functions whose nodes are not the validated document's (an invoice is never a resource
the rules may load: Saxon is configured to open no URI)."""
_UNSUPPORTED = frozenset(
    (
        "current-group",
        "current-grouping-key",
        "accumulator-before",
        "accumulator-after",
        "function-lookup",
        "apply",
        "for-each",
        "filter",
        "fold-left",
        "fold-right",
        "for-each-pair",
        "sort",
        "load-xquery-module",
        "transform",
        "current-merge-group",
    )
)
_STEP_AXES_DOWN = frozenset(
    ("child", "descendant", "following", "preceding", "following-sibling", "preceding-sibling")
)
_STEP_AXES_UP = frozenset(("parent", "ancestor"))
_ROUNDS = 32
"""Rounds after which sets that should settle (global variables, recursion) are given up on."""


@dataclass(slots=True)
class _Analysis:
    functions: dict[tuple[str, str, int], etree._Element]
    namespaces: Mapping[str | None, str]
    """The stylesheet's namespaces (an XSLT declaration adds its own)."""
    keys: dict[str, Nodes] = field(default_factory=dict)
    read: set[Pattern] = field(default_factory=set)
    everything: bool = False
    globals: dict[str, Nodes] = field(default_factory=dict)
    """The global variables' sets (while they settle: as far as they have)."""
    _done: dict[tuple[int, tuple[Nodes, ...]], Nodes] = field(default_factory=dict)
    _assumed: dict[tuple[int, tuple[Nodes, ...]], Nodes] = field(default_factory=dict)

    # What atomizes

    def forget_calls(self) -> None:
        """Drop what is known of function calls (the global variables they see changed)."""
        self._done.clear()

    def sink(self, value: Nodes) -> None:
        if value.document:
            self.everything = True
        self.read |= value.names | value.text

    def expression(self, text: str | None, scope: _Scope) -> Nodes:
        """The nodes an expression's value may hold (recording what it atomizes)."""
        if text is None:
            return NONE
        try:
            tree = parse(text)
        except XPathSyntaxError as e:
            raise _Unsupported(str(e)) from e
        return self.value(tree, scope)

    def condition(self, text: str | None, scope: _Scope) -> None:
        """An expression whose effective boolean value is taken (a test)."""
        if text is None:
            return
        try:
            tree = parse(text)
        except XPathSyntaxError as e:
            raise _Unsupported(str(e)) from e
        self.boolean(tree, scope)

    def atomized(self, text: str | None, scope: _Scope) -> None:
        self.sink(self.expression(text, scope))

    def avt(self, text: str | None, scope: _Scope) -> None:
        """An attribute value template: each ``{expression}`` is atomized."""
        for part in _avt_expressions(text or ""):
            self.atomized(part, scope)

    # XPath

    def boolean(self, node: Node, scope: _Scope) -> None:
        """Evaluate for an effective boolean value: nodes are not atomized, and a blank test
        of a node's string value does not count as reading it (see the module docstring)."""
        kind = node[0]
        if kind == "call":
            local, arguments = self._builtin(node[1], scope), node[2]
            if local == "normalize-space" and len(arguments) <= 1:
                for argument in arguments:
                    self.value(argument, scope)
                return
            if local in ("not", "boolean") and len(arguments) == 1:
                self.boolean(arguments[0], scope)
                return
        if kind == "binary":
            operator, left, right = node[1], node[2], node[3]
            if operator in ("and", "or"):
                self.boolean(left, scope)
                self.boolean(right, scope)
                return
            if operator in _EQUALITY:
                blank = _blank_comparison(left, right) or _blank_comparison(right, left)
                if blank is not None and self._builtin(blank[1], scope) == "normalize-space":
                    for argument in blank[2]:
                        self.value(argument, scope)
                    return
        if kind == "seq" and len(node[1]) == 1:
            self.boolean(node[1][0], scope)
            return
        self.value(node, scope)

    def value(self, node: Node, scope: _Scope) -> Nodes:
        kind = node[0]
        if kind == "literal":
            return NONE
        if kind == "context":
            return scope.context
        if kind == "root":
            return Nodes(document=True)
        if kind == "var":
            return scope.variables.get(node[1], TOP)
        if kind == "step":
            return self._step(scope.context, node[1], node[2], scope)
        if kind == "path":
            left = self.value(node[1], scope)
            if node[3] and left:
                left = left | _BELOW
            return self.value(node[2], replace(scope, context=left))
        if kind == "map":
            left = self.value(node[1], scope)
            return self.value(node[2], replace(scope, context=left))
        if kind == "filter":
            base = self.value(node[1], scope)
            self.boolean(node[2], replace(scope, context=base))
            for suffix in self._name_suffixes(node[2], scope):
                base = _with_suffix(base, suffix)
            return base
        if kind == "seq":
            found = NONE
            for item in node[1]:
                found = found | self.value(item, scope)
            return found
        if kind == "if":
            self.boolean(node[1], scope)
            return self.value(node[2], scope) | self.value(node[3], scope)
        if kind == "bind":
            return self._binding(node, scope)
        if kind == "type":
            operand = self.value(node[2], scope)
            if node[1] == "treat":
                return operand
            if node[1] in ("cast", "castable"):
                self.sink(operand)
            return NONE
        if kind == "unary":
            self.sink(self.value(node[2], scope))
            return NONE
        if kind == "binary":
            return self._binary(node, scope)
        if kind == "call":
            return self._call(node, scope)
        raise _Unsupported(f"expression {kind}")

    def _name_suffixes(self, predicate: Node, scope: _Scope) -> list[str]:
        """The suffixes ``S`` of the conjuncts ``ends-with(name(), 'S')`` (or ``local-name()``)
        of a predicate, where ``S`` has no colon: the local names of the nodes it keeps end
        with each (the nodes are elements or attributes: other nodes have no name)."""
        if predicate[0] == "binary" and predicate[1] == "and":
            return self._name_suffixes(predicate[2], scope) + self._name_suffixes(
                predicate[3], scope
            )
        if predicate[0] == "seq" and len(predicate[1]) == 1:
            return self._name_suffixes(predicate[1][0], scope)
        if predicate[0] != "call" or self._builtin(predicate[1], scope) != "ends-with":
            return []
        arguments = predicate[2]
        if len(arguments) != 2 or arguments[0][0] != "call" or arguments[1][0] != "literal":
            return []
        name, suffix = arguments[0], arguments[1][1]
        if self._builtin(name[1], scope) not in ("name", "local-name"):
            return []
        if name[2] not in ((), (("context",),)) or not suffix or ":" in suffix:
            return []
        return [suffix]

    def _binary(self, node: Node, scope: _Scope) -> Nodes:
        operator, left, right = node[1], node[2], node[3]
        if operator in ("and", "or"):
            self.boolean(left, scope)
            self.boolean(right, scope)
            return NONE
        if operator in _SET_OPERATORS:
            return self.value(left, scope) | self.value(right, scope)
        if operator in _NODE_COMPARISONS:
            self.value(left, scope)
            self.value(right, scope)
            return NONE
        self.sink(self.value(left, scope))
        self.sink(self.value(right, scope))
        return NONE

    def _binding(self, node: Node, scope: _Scope) -> Nodes:
        keyword, bindings, body = node[1], node[2], node[3]
        variables = dict(scope.variables)
        for name, expression in bindings:
            variables[name] = self.value(expression, replace(scope, variables=variables))
        inner = replace(scope, variables=variables)
        if keyword in ("some", "every"):
            self.boolean(body, inner)
            return NONE
        return self.value(body, inner)

    def _step(self, context: Nodes, axis: str, test: Node, scope: _Scope) -> Nodes:
        if not context:
            return NONE
        if axis in ("attribute", "namespace"):
            return _OTHERS
        down = axis in _STEP_AXES_DOWN or axis == "descendant-or-self"
        up = axis in _STEP_AXES_UP or axis == "ancestor-or-self"
        selves = axis in ("self", "ancestor-or-self", "descendant-or-self")
        if test[0] == "name":
            return Nodes(frozenset((self._name(test[1], test[2], scope),)))
        kind = test[1]
        if kind in ("element", "schema-element"):
            names = [self._name(t[1], t[2], scope) for t in test[2] if t[0] == "name"]
            return Nodes(frozenset(names[:1] or [ANY]))
        if kind == "node":
            found = _BELOW if down else Nodes(_ANY, document=True) if up else NONE
            if axis == "child":
                found = Nodes(_ANY, text=context.names)
            return found | context if selves else found
        if kind == "text":
            if axis == "child":
                return Nodes(text=context.names)
            return Nodes(text=_ANY if down else context.text if selves else frozenset())
        if kind == "document-node":
            return Nodes(document=up or (selves and context.document))
        if kind in ("comment", "processing-instruction", "attribute", "namespace-node"):
            return _OTHERS
        raise _Unsupported(f"{kind}() on {axis}")

    def _name(self, prefix: str | None, local: str, scope: _Scope) -> Pattern:
        if prefix == "*" or prefix is None:
            # Unprefixed: no namespace, or the default one; either, for the analysis.
            namespace = None
        elif prefix.startswith("{"):
            namespace = prefix[1:-1]
        elif prefix in scope.namespaces:
            namespace = scope.namespaces[prefix]
        else:
            raise _Unsupported(f"prefix {prefix!r}")
        return (namespace, None if local == "*" else local)

    def _function_namespace(self, name: str, scope: _Scope) -> tuple[str, str]:
        prefix, local = split_name(name)
        if prefix is None:
            return FN_NS, local
        if prefix.startswith("{"):
            return prefix[1:-1], local
        if prefix not in scope.namespaces:
            raise _Unsupported(f"prefix {prefix!r}")
        return scope.namespaces[prefix], local

    def _builtin(self, name: str, scope: _Scope) -> str | None:
        """The local name of a call to a standard function, else None."""
        namespace, local = self._function_namespace(name, scope)
        return local if namespace == FN_NS else None

    def _call(self, node: Node, scope: _Scope) -> Nodes:
        namespace, local = self._function_namespace(node[1], scope)
        arguments: tuple[Node, ...] = node[2]
        if namespace in (XS_NS, MATH_NS):
            for argument in arguments:
                self.sink(self.value(argument, scope))
            return NONE
        if namespace != FN_NS:
            definition = self.functions.get((namespace, local, len(arguments)))
            if definition is None:
                raise _Unsupported(f"function {node[1]}")
            values = tuple(self.value(argument, scope) for argument in arguments)
            return self._function(definition, values, scope)
        if local in _UNSUPPORTED:
            raise _Unsupported(f"function {local}")
        if local in ("not", "boolean") and len(arguments) == 1:
            self.boolean(arguments[0], scope)
            return NONE
        if local in _NAVIGATING or local in _CONSTANT:
            for argument in arguments:
                self.value(argument, scope)
            return NONE
        if local == "root":
            for argument in arguments:
                self.value(argument, scope)
            return Nodes(document=True)
        if local == "current" and not arguments:
            return scope.current
        if local in _CONTEXT_STRING and not arguments:
            self.sink(scope.context)
            return NONE
        found = [self.value(argument, scope) for argument in arguments]
        if local in _PASSING and found:
            return found[0]
        if local in ("subsequence", "remove", "trace") and found:
            for value in found[1:]:
                self.sink(value)
            return found[0]
        if local == "insert-before" and len(found) == 3:
            self.sink(found[1])
            return found[0] | found[2]
        if local == "lang" and found:
            self.sink(found[0])
            return NONE
        for value in found:
            self.sink(value)
        if local in ("id", "idref", "element-with-id"):
            return _ELEMENTS
        if local == "key":
            return self.keys.get(_literal_of(arguments[0]) or "", TOP) if arguments else TOP
        if local in _FOREIGN:
            return NONE  # nodes of another document
        return NONE  # an atomic result

    # XSLT

    def _function(
        self, definition: etree._Element, arguments: tuple[Nodes, ...], scope: _Scope
    ) -> Nodes:
        """The nodes a call of a user function may return. Its body sees the global
        variables and its parameters only; a recursive call with the same argument sets
        returns what has been found so far, repeated until that no longer grows."""
        key = (id(definition), arguments)
        if key in self._done:
            return self._done[key]
        if key in self._assumed:
            return self._assumed[key]
        variables = dict(self.globals)
        parameters = [c for c in children(definition) if c.tag == _xsl("param")]
        for parameter, argument in zip(parameters, arguments, strict=True):
            if _atomic(parameter.get("as")):
                self.sink(argument)  # the function conversion rules atomize it
                argument = NONE
            variables[parameter.get("name") or ""] = argument
        inner = _Scope(NONE, NONE, variables, {**self.namespaces, **definition.nsmap})
        body = [c for c in children(definition) if c.tag != _xsl("param")]
        self._assumed[key] = NONE
        try:
            for _ in range(_ROUNDS):
                result = self.instructions(body, inner)
                if _atomic(definition.get("as")):
                    self.sink(result)
                    result = NONE
                assumed = self._assumed[key]
                if result | assumed == assumed:
                    break
                self._assumed[key] = assumed | result
            else:
                raise _Unsupported(f"function {definition.get('name')} does not settle")
        finally:
            del self._assumed[key]
        self._done[key] = result
        return result

    def instructions(self, elements: Iterable[etree._Element], scope: _Scope) -> Nodes:
        """A sequence constructor: the nodes of the validated document it may return."""
        found = NONE
        for element in elements:
            if not isinstance(element.tag, str):
                continue  # a comment or processing instruction in the stylesheet
            scope = replace(scope, namespaces={**scope.namespaces, **element.nsmap})
            if namespace_of(element) != XSL_NS:
                for attribute in element.attrib.values():
                    self.avt(attribute, scope)
                self.sink(self.instructions(children(element), scope))  # copied
                continue
            local = etree.QName(element).localname
            if local in ("variable", "param"):
                value = self.variable(element, scope)
                scope = replace(
                    scope, variables={**scope.variables, element.get("name") or "": value}
                )
            elif local == "sequence":
                found = found | self.expression(element.get("select"), scope)
                found = found | self.instructions(children(element), scope)
            else:
                found = found | self._instruction(element, local, scope)
        return found

    def variable(self, element: etree._Element, scope: _Scope) -> Nodes:
        """The value of an ``xsl:variable`` or ``xsl:param`` (or a ``let`` with content)."""
        select = element.get("select")
        if select is not None:
            value = self.expression(select, scope)
        else:
            value = self.instructions(children(element), scope)
            if element.get("as") is None:
                self.sink(value)  # content without "as": a new tree holding copies
                value = NONE
        if _atomic(element.get("as")):
            self.sink(value)
            return NONE
        return value

    def _instruction(self, element: etree._Element, local: str, scope: _Scope) -> Nodes:
        """An instruction other than a variable or ``xsl:sequence``: the nodes of the
        validated document it may return (only a branch or loop returns any: what the
        others build holds copies, so what goes into them is atomized)."""
        inner = children(element)
        if local == "text":
            return NONE
        if local in ("value-of", "copy-of", "message", "comment", "processing-instruction"):
            self.atomized(element.get("select"), scope)
            self.avt(element.get("separator"), scope)
            self.avt(element.get("name"), scope)
            self.sink(self.instructions(inner, scope))
            return NONE
        if local in ("attribute", "element", "namespace"):
            self.avt(element.get("name"), scope)
            self.avt(element.get("namespace"), scope)
            self.atomized(element.get("select"), scope)
            self.sink(self.instructions(inner, scope))
            return NONE
        if local == "if":
            self.condition(element.get("test"), scope)
            return self.instructions(inner, scope)
        if local == "choose":
            found = NONE
            for branch in inner:
                if branch.tag == _xsl("when"):
                    self.condition(branch.get("test"), scope)
                elif branch.tag != _xsl("otherwise"):
                    raise _Unsupported(f"xsl:choose holds {branch.tag!r}")
                found = found | self.instructions(children(branch), scope)
            return found
        if local == "for-each":
            selected = self.expression(element.get("select"), scope)
            each = replace(scope, context=selected, current=selected)
            for sort in (c for c in inner if c.tag == _xsl("sort")):
                self.atomized(sort.get("select"), each)
            return self.instructions([c for c in inner if c.tag != _xsl("sort")], each)
        if local == "analyze-string":
            self.atomized(element.get("select"), scope)
            self.avt(element.get("regex"), scope)
            self.avt(element.get("flags"), scope)
            found = NONE
            for branch in inner:
                found = found | self.instructions(children(branch), replace(scope, context=NONE))
            return found
        raise _Unsupported(f"xsl:{local}")


def _with_suffix(nodes: Nodes, suffix: str) -> Nodes:
    """The nodes of ``nodes`` whose local name ends with ``suffix`` (a local name starting
    with ``*`` stands for the names ending with the rest): elements and attributes; the
    document node and text nodes have no name."""
    names: set[Pattern] = set()
    for namespace, local in nodes.names:
        if local is None:
            names.add((namespace, "*" + suffix))
        elif not local.startswith("*"):
            if local.endswith(suffix):
                names.add((namespace, local))
        elif local.endswith(suffix):
            names.add((namespace, local))
        elif suffix.endswith(local[1:]):
            names.add((namespace, "*" + suffix))
    return Nodes(frozenset(names), others=nodes.others)  # attributes have names too


def _xsl(local: str) -> str:
    return f"{{{XSL_NS}}}{local}"


_NODE_TYPES = (
    "item(",
    "node(",
    "element(",
    "attribute(",
    "document-node(",
    "text(",
    "comment(",
    "processing-instruction(",
    "namespace-node(",
    "schema-element(",
    "schema-attribute(",
)


def _atomic(declared: str | None) -> bool:
    """Whether an ``as`` type atomizes what is bound to it: any type but a node type or
    ``item()`` (a type that is neither counts as atomizing, which can only add reads)."""
    if declared is None:
        return False
    return not "".join(declared.split()).startswith(_NODE_TYPES)


def _blank_comparison(call: Node, other: Node) -> Node | None:
    """``call`` when ``call = other`` compares a ``normalize-space`` call with ``''``."""
    if call[0] == "call" and len(call[2]) <= 1 and other == ("literal", ""):
        return call
    return None


def _literal_of(node: Node) -> str | None:
    return node[1] if node[0] == "literal" else None


_AVT_PART = re.compile(r"\{\{|\}\}|\{((?:[^{}'\"]|'[^']*'|\"[^\"]*\")*)\}")


def _avt_expressions(text: str) -> list[str]:
    return [m.group(1) for m in _AVT_PART.finditer(text) if m.group(1) is not None]


def analyse(
    namespaces: Mapping[str | None, str],
    scopes: list[etree._Element],
    patterns: list[etree._Element],
    diagnostics: Mapping[str, etree._Element],
) -> Reads:
    """What the compiled schema can read: its top-level lets and XSLT declarations (of
    ``scopes``: the schema, the chosen phase, the active patterns) and the rules of
    ``patterns``."""
    functions: dict[tuple[str, str, int], etree._Element] = {}
    declarations = [
        child
        for scope in scopes
        for child in children(scope)
        if namespace_of(child) == XSL_NS or child.tag == sch("let")
    ]
    for declaration in declarations:
        if declaration.tag == _xsl("function"):
            prefix, local = split_name(declaration.get("name") or "")
            namespace = {**namespaces, **declaration.nsmap}.get(prefix) if prefix else None
            if namespace is None:
                return ALL_TEXT
            arity = sum(1 for c in children(declaration) if c.tag == _xsl("param"))
            functions[(namespace, local, arity)] = declaration
    analysis = _Analysis(functions, namespaces)
    try:
        _analyse(analysis, namespaces, declarations, patterns, diagnostics)
    except (_Unsupported, RecursionError):
        return ALL_TEXT
    if analysis.everything or ANY in analysis.read:
        return ALL_TEXT
    return Reads(frozenset(analysis.read))


def _analyse(
    analysis: _Analysis,
    namespaces: Mapping[str | None, str],
    declarations: list[etree._Element],
    patterns: list[etree._Element],
    diagnostics: Mapping[str, etree._Element],
) -> None:
    document = Nodes(document=True)
    # Global variables may refer to each other in any order: their sets grow to a fixed point.
    variables = analysis.globals
    variables.update(
        (d.get("name") or "", NONE)
        for d in declarations
        if d.tag in (sch("let"), _xsl("variable"), _xsl("param"))
    )
    for _ in range(_ROUNDS):
        before = dict(variables)
        analysis.forget_calls()
        for declaration in declarations:
            namespaces_here = _declaration_namespaces(declaration, namespaces)
            scope = _Scope(document, document, variables, namespaces_here)
            name = declaration.get("name") or ""
            if declaration.tag == sch("let"):
                if declaration.get("value") is not None:
                    variables[name] = analysis.expression(declaration.get("value"), scope)
                else:
                    variables[name] = analysis.variable(declaration, scope)
            elif declaration.tag in (_xsl("variable"), _xsl("param")):
                variables[name] = analysis.variable(declaration, scope)
            elif declaration.tag == _xsl("key"):
                matched = analysis.expression(declaration.get("match"), replace(scope, context=TOP))
                keyed = replace(scope, context=matched, current=matched)
                analysis.atomized(declaration.get("use"), keyed)
                analysis.sink(analysis.instructions(children(declaration), keyed))
                analysis.keys[name] = matched
        if variables == before:
            break
    else:
        raise _Unsupported("global variables do not settle")
    globals_ = dict(variables)
    for pattern in patterns:
        for rule in (r for r in children(pattern) if r.tag == sch("rule")):
            scope = _Scope(TOP, TOP, globals_, namespaces)
            context = analysis.expression(rule.get("context"), scope)
            scope = _Scope(context, context, dict(globals_), namespaces)
            analysis.expression(rule.get("subject"), scope)
            for child in children(rule):
                scope = _rule_child(analysis, child, scope, diagnostics)


def _declaration_namespaces(
    declaration: etree._Element, namespaces: Mapping[str | None, str]
) -> Mapping[str | None, str]:
    if namespace_of(declaration) == XSL_NS:
        return {**namespaces, **declaration.nsmap}
    return namespaces


def _rule_child(
    analysis: _Analysis,
    child: etree._Element,
    scope: _Scope,
    diagnostics: Mapping[str, etree._Element],
) -> _Scope:
    if child.tag == sch("let"):
        name = child.get("name") or ""
        if child.get("value") is not None:
            value = analysis.expression(child.get("value"), scope)
        else:
            value = analysis.variable(child, scope)
        return replace(scope, variables={**scope.variables, name: value})
    if child.tag == _xsl("variable"):
        value = analysis.variable(
            child, replace(scope, namespaces={**scope.namespaces, **child.nsmap})
        )
        return replace(scope, variables={**scope.variables, child.get("name") or "": value})
    if child.tag in (sch("assert"), sch("report")):
        analysis.condition(child.get("test"), scope)
        analysis.expression(child.get("subject"), scope)
        _message(analysis, child, scope)
        for reference in (child.get("diagnostics") or "").split():
            diagnostic = diagnostics.get(reference)
            if diagnostic is not None:
                _message(analysis, diagnostic, scope)
    return scope


def _message(analysis: _Analysis, source: etree._Element, scope: _Scope) -> None:
    for child in children(source):
        if child.tag == sch("value-of"):
            analysis.atomized(child.get("select") or ".", scope)
        elif child.tag == sch("name"):
            analysis.expression(child.get("path") or ".", scope)
        elif child.tag in (sch("emph"), sch("dir"), sch("span")):
            _message(analysis, child, scope)
