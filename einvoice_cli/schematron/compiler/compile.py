"""ISO Schematron (``queryBinding`` xslt2/xslt3) compiled to XSLT 3.0 text for Saxon.

This module owns the translation: reading a trusted ``.sch`` file, choosing the phase and
writing the stylesheet; ``expand.py`` resolves includes and abstract patterns and rules first.
Running the stylesheet is ``run.py``'s job, reading its SVRL ``svrl.py``'s, and the disk cache of
the text belongs to the engine (keyed by a fingerprint of the compiler's source, ``version.py``).

The firing semantics are those of the ISO skeleton (DESIGN.md "Schematron compiler"): every
active pattern visits the document node, then every element and attribute in document order
(text nodes are not visited); in each pattern a node is the context of the first rule, in
document order, whose context pattern matches it; ``let`` at schema, phase and pattern level is
a global variable evaluated against the document node (declared only for the chosen phase and
the active patterns, as by the skeleton), ``let`` in a rule a local variable evaluated against
the rule's context node, in scope for what follows it in the rule. Empty ``id``, ``flag`` and
``role`` attributes are left out of the SVRL, as the skeleton leaves them out.

The stylesheet is shaped for Saxon's compile time and per-document speed. It writes only
``svrl:failed-assert`` and ``svrl:successful-report`` (no fired rules or active patterns) and
does not walk the document in the default mode: each pattern is one mode applied to the
document's node list, built once. Every compiled instruction costs compile time, so an assert or
report whose message is plain text becomes one ``if`` in an XPath sequence of the numbers of the
checks that fire, and one named template writes their SVRL from a constant table; only messages
with ``value-of``, ``name`` or diagnostics are written in place. A rule with many asserts of
the form ``not(PATH)`` decides those with one walk below its context node (``absence.py``), and
a code-list test ``contains(' A B ', concat(' ', X, ' '))`` becomes a map lookup (``tokens.py``)
and ``ends-with(name(), 'X')`` tests the local name (``names.py``); ``not(normalize-space())`` can
skip a long text the pipeline marked as not blank (``nonblank.py``).
The stylesheet's first element, which Saxon ignores, lists the element names whose text the
rules can read (``atomize.py``, ``reads.py``), so the pipeline may shorten the other long texts.
Locations are the skeleton's ``schematron-select-full-path`` strings, computed by one function.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from einvoice_cli.errors import SchematronCompileError
from einvoice_cli.evidence.rule_terms import terms_of_check
from einvoice_cli.evidence.terms_table import terms_table_text
from einvoice_cli.schematron.compiler.expand import expand_schema, schematron_parser
from einvoice_cli.schematron.elements import SCH_NS, children, namespace_of, sch
from einvoice_cli.schematron.optimize import nonblank
from einvoice_cli.schematron.optimize.absence import FOUND, WALK_FUNCTION, AbsenceTable
from einvoice_cli.schematron.optimize.ancestors import rewrite_pattern
from einvoice_cli.schematron.optimize.atomize import analyse
from einvoice_cli.schematron.optimize.keys import Keys
from einvoice_cli.schematron.optimize.names import local_name_suffixes
from einvoice_cli.schematron.optimize.rates import rewrite_rates
from einvoice_cli.schematron.optimize.tokens import TokenLists
from einvoice_cli.schematron.runtime.svrl import SVRL_NS, SvrlKind

XSL_NS = "http://www.w3.org/1999/XSL/Transform"
XS_NS = "http://www.w3.org/2001/XMLSchema"
OWN_NS = "urn:x-einvoice-cli:schematron"
"""Namespace of the stylesheet's own names (functions, templates, modes, variables)."""
TERMS_ELEMENT = f"{{{OWN_NS}}}terms"
"""The stylesheet's data element that lists each rule id's business terms, which Saxon ignores
(one line per rule: ``BR-CO-15 BT-112 BT-109 BT-110``)."""

_RESERVED: dict[str | None, str] = {"xsl": XSL_NS, "svrl": SVRL_NS, "xs": XS_NS, "evsch": OWN_NS}
_QUERY_BINDINGS = frozenset(("", "xslt", "xslt2", "xslt3", "xpath", "xpath2", "xpath3", "xpath31"))
_TOP_LEVEL_XSL = frozenset(("function", "key", "param", "variable"))
_SCOPE_CHILDREN = frozenset(
    ("title", "p", "ns", "phase", "pattern", "diagnostics", "let", "active", "rule", "param")
)
"""Schematron elements a schema, phase or pattern may hold (each is checked where it is used)."""

_MAP = "Q{http://www.w3.org/2005/xpath-functions/map}"
_LIBRARY = f"""
<xsl:function name="evsch:numbers" as="map(xs:string, xs:integer)" cache="yes">
  <xsl:param name="parent" as="node()"/>
  <xsl:sequence select="fold-left($parent/*, [map{{}}, map{{}}], function($state, $e) {{
      let $n := ($state(1)(node-name($e)), 0)[1] + 1
      return [{_MAP}put($state(1), node-name($e), $n), {_MAP}put($state(2), generate-id($e), $n)]
    }})(2)"/>
</xsl:function>
<xsl:function name="evsch:location" as="xs:string">
  <xsl:param name="node" as="node()"/>
  <xsl:sequence select="string-join((
    for $e in ($node/ancestor-or-self::*, $node[. instance of document-node()]/*)
    return concat('/',
      if (namespace-uri($e) = '') then name($e)
      else concat('*:', local-name($e), '[namespace-uri()=''', namespace-uri($e), ''']'),
      '[', if ($e/..) then evsch:numbers($e/..)(generate-id($e)) else 1, ']'),
    for $a in $node[. instance of attribute()]
    return if (namespace-uri($a) = '') then concat('/@', name($a))
      else concat('/@*[local-name()=''', local-name($a), ''' and namespace-uri()=''',
                  namespace-uri($a), ''']')), '')"/>
</xsl:function>
<xsl:template name="evsch:report">
  <xsl:param name="checks" as="xs:integer*"/>
  <xsl:if test="exists($checks)">
    <xsl:variable name="location" select="evsch:location(.)"/>
    <xsl:for-each select="$checks">
      <xsl:variable name="check" select="$evsch:checks(.)"/>
      <xsl:element name="svrl:{{$check[1]}}" namespace="{SVRL_NS}">
        <xsl:if test="$check[2]"><xsl:attribute name="id" select="$check[2]"/></xsl:if>
        <xsl:if test="$check[3]"><xsl:attribute name="flag" select="$check[3]"/></xsl:if>
        <xsl:if test="$check[4]"><xsl:attribute name="role" select="$check[4]"/></xsl:if>
        <xsl:attribute name="location" select="$location"/>
        <xsl:attribute name="test" select="$check[5]"/>
        <svrl:text><xsl:value-of select="$check[6]"/></svrl:text>
      </xsl:element>
    </xsl:for-each>
  </xsl:if>
</xsl:template>
"""
"""``evsch:location`` is the skeleton's location path: ``/*:local[namespace-uri()='uri'][n]``
per element (``/name[n]`` without a namespace), then ``/@name`` or
``/@*[local-name()='x' and namespace-uri()='y']``; the document node is located at its root
element, as the skeleton's built-in template has it. The skeleton counts the preceding
siblings of the same name for each step of each location, which costs the square of the
number of siblings when each of thousands of lines fails a rule (issue 13);
``evsch:numbers`` numbers all children of a parent in one pass, once per parent and
transformation (a memo function, ``cache="yes"``), with the same numbers. ``evsch:report``
writes the SVRL of the plain-text checks whose numbers it is given, from the table
``$evsch:checks``."""


def _xsl(local: str) -> str:
    return f"{{{XSL_NS}}}{local}"


def _svrl(local: str) -> str:
    return f"{{{SVRL_NS}}}{local}"


def _declarations(text: str, declared: dict[str | None, str] = _RESERVED) -> list[etree._Element]:
    """XSLT declarations written with the reserved prefixes (or those ``declared``)."""
    namespaces = " ".join(
        f'xmlns:{prefix}="{uri}"' for prefix, uri in declared.items() if prefix is not None
    )
    return children(etree.fromstring(f"<xsl:stylesheet {namespaces}>{text}</xsl:stylesheet>"))


def load_schematron(path: Path) -> etree._ElementTree:
    """Parse a trusted Schematron file: no network, no DTD; the tree keeps the file's URL."""
    try:
        return etree.parse(str(path), schematron_parser())
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
    if root.tag != sch("schema"):
        raise SchematronCompileError(f"{label}: the root element is not an ISO Schematron schema")
    binding = (root.get("queryBinding") or "").lower()
    if binding not in _QUERY_BINDINGS:
        raise SchematronCompileError(f"{label}: queryBinding {binding!r} is not supported")
    expand_schema(root, base, label)
    return _Writer(root, label).write(phase)


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


@dataclass(frozen=True, slots=True)
class _Check:
    """One assert or report with a plain-text message: a row of ``$evsch:checks``."""

    kind: SvrlKind
    id: str
    flag: str
    role: str
    test: str
    text: str

    def row(self) -> str:
        fields = (self.kind.value, self.id, self.flag, self.role, self.test, self.text)
        return "(" + ", ".join(_string_literal(f) for f in fields) + ")"


class _Writer:
    """Writes the stylesheet for one expanded schema."""

    def __init__(self, root: etree._Element, label: str) -> None:
        self._root = root
        self._label = label
        self._diagnostics = {
            d.get("id") or "": d
            for block in children(root)
            if block.tag == sch("diagnostics")
            for d in children(block)
            if d.tag == sch("diagnostic")
        }
        self._globals: set[str] = set()
        self._checks: list[_Check] = []
        self._terms: dict[str, dict[str, None]] = {}
        """Rule id -> the business terms its checks are about (``evidence/rule_terms.py``)."""
        self._namespaces = self._declared_namespaces()
        self._absence_tables: list[str] = []
        self._tokens = TokenLists("evsch:codes")
        self._keys = Keys("evsch:k")
        self._marks = not nonblank.sees_instructions(etree.tostring(root, encoding="unicode"))
        """Whether blank tests may use marks of long texts (``nonblank.py``)."""

    def _executable(self, expression: str, context: str | None = None) -> str:
        """An XPath expression as the stylesheet runs it: code lists as lookups (``tokens.py``),
        name suffixes on the local name (``names.py``), sums per VAT rate from keys
        (``rates.py``, given the rule ``context`` it runs in) and, where the schema cannot see
        marks, blank tests that skip marked texts (``nonblank.py``); the same results, faster."""
        rewritten = local_name_suffixes(self._tokens.rewrite(expression))
        if context is not None:
            rewritten = rewrite_rates(rewritten, context, self._keys)
        if self._marks:
            rewritten = nonblank.rewrite(rewritten)
        return rewritten

    def _fail(self, message: str) -> SchematronCompileError:
        return SchematronCompileError(f"{self._label}: {message}")

    def write(self, phase: str | None) -> str:
        root = self._root
        chosen, patterns = self._active(phase or root.get("defaultPhase") or "#ALL")
        style = etree.Element(_xsl("stylesheet"), nsmap=self._namespaces)
        style.set("version", "3.0")
        style.set("exclude-result-prefixes", "#all")
        scopes = [root, *([chosen] if chosen is not None else []), *patterns]
        # First, so the engine finds it at once; a data element, which Saxon ignores.
        reads = analyse(self._namespaces, scopes, patterns, self._diagnostics)
        etree.SubElement(style, f"{{{OWN_NS}}}reads").text = reads.text()
        terms = etree.SubElement(style, TERMS_ELEMENT)
        etree.SubElement(style, _xsl("output"), method="xml", encoding="UTF-8", indent="no")
        style.extend(_declarations(_LIBRARY))
        for scope in scopes:
            self._top_level(scope, style)
        entry = etree.SubElement(style, _xsl("template"), match="/")
        output = etree.SubElement(entry, _svrl("schematron-output"))
        title = root.find(sch("title"))
        if title is not None:
            output.set("title", _avt(_normalise_space("".join(title.itertext()))))
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
        # Static: built once when Saxon compiles, not again for every document a check fails on.
        table = etree.SubElement(style, _xsl("variable"), name="evsch:checks", static="yes")
        table.set("select", "[" + ",\n".join(check.row() for check in self._checks) + "]")
        for number, trie in enumerate(self._absence_tables, start=1):
            # Static: built once when Saxon compiles, not again for every document.
            paths = etree.SubElement(style, _xsl("variable"), name=f"evsch:paths{number}")
            paths.set("static", "yes")
            paths.set("select", trie)
        if self._absence_tables:
            style.extend(_declarations(WALK_FUNCTION))
        for name, select in self._tokens.declarations():
            etree.SubElement(style, _xsl("variable"), name=name, static="yes", select=select)
        for key in self._keys.declared():
            etree.SubElement(style, _xsl("key"), name=key.name, match=key.match, use=key.use)
        style.extend(_declarations(self._keys.functions(), self._namespaces))
        if self._marks:
            # Declared by every schema that cannot see the marks: the engine marks a document's
            # long texts when all its stylesheets declare it and one has a blank test.
            parameter = etree.SubElement(style, _xsl("param"), name=nonblank.PARAMETER)
            parameter.set("as", "xs:string")
            parameter.set("select", "''")
        terms.text = terms_table_text(self._terms)
        return etree.tostring(style, encoding="unicode")

    def _declared_namespaces(self) -> dict[str | None, str]:
        namespaces: dict[str | None, str] = dict(_RESERVED)
        for ns in children(self._root):
            if ns.tag != sch("ns"):
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
        patterns = [p for p in children(self._root) if p.tag == sch("pattern")]
        if phase == "#ALL":
            return None, patterns
        phases = [p for p in children(self._root) if p.tag == sch("phase")]
        chosen = next((p for p in phases if p.get("id") == phase), None)
        if chosen is None:
            raise self._fail(f"no phase {phase!r}")
        active = {a.get("pattern") for a in children(chosen) if a.tag == sch("active")}
        unknown = active - {p.get("id") for p in patterns}
        if unknown:
            raise self._fail(f"phase {phase!r} names unknown patterns {sorted(map(str, unknown))}")
        return chosen, [p for p in patterns if p.get("id") in active]

    def _top_level(self, scope: etree._Element, style: etree._Element) -> None:
        """Global variables from ``let``, and the XSLT declarations embedded in the schema."""
        for child in children(scope):
            if child.tag == sch("let"):
                name = child.get("name") or ""
                if name in self._globals:
                    raise self._fail(f"let {name!r} is declared twice at the top level")
                self._globals.add(name)
                self._variable(child, style)
            elif namespace_of(child) == XSL_NS:
                if _local(child) not in _TOP_LEVEL_XSL:
                    raise self._fail(f"xsl:{_local(child)} is not supported in a schema")
                _copy_with_namespaces(child, style)
            elif namespace_of(child) == SCH_NS and _local(child) not in _SCOPE_CHILDREN:
                raise self._fail(f"{_local(child)} is not supported here")

    def _variable(
        self, let: etree._Element, parent: etree._Element, context: str | None = None
    ) -> None:
        name, value = let.get("name"), let.get("value")
        if not name:
            raise self._fail("a let has no name")
        variable = etree.SubElement(parent, _xsl("variable"), name=name)
        if value is not None:
            variable.set("select", self._executable(value, context))
            return
        variable.text = let.text
        for part in children(let):
            _copy_with_namespaces(part, variable).tail = part.tail

    def _pattern(self, pattern: etree._Element, mode: str, style: etree._Element) -> None:
        if pattern.get("documents") is not None:
            raise self._fail("pattern/@documents is not supported")
        rules = [r for r in children(pattern) if r.tag == sch("rule")]
        for position, rule in enumerate(rules):
            context = rule.get("context")
            if not context:
                raise self._fail("a rule has no context")
            template = etree.SubElement(
                style,
                _xsl("template"),
                match=rewrite_pattern(self._executable(context), self._keys),
                mode=mode,
            )
            template.set("priority", str(len(rules) - position))
            self._rule(rule, template)

    def _rule(self, rule: etree._Element, template: etree._Element) -> None:
        """The rule's lets and checks, in order, so each let is in scope for what follows it.

        With enough ``not(PATH)`` asserts, one walk decides those (``absence.py``): their
        failing numbers are taken from :data:`FOUND` in runs, in place, so the SVRL keeps the
        rule's order."""
        plain = [c for c in children(rule) if c.tag == sch("assert") and self._plain_check(c, rule)]
        absence = AbsenceTable.of(plain, self._namespaces)
        pending: list[str] = []
        for child in children(rule):
            tag = child.tag
            check = (
                self._plain_check(child, rule) if tag in (sch("assert"), sch("report")) else None
            )
            if tag in (sch("assert"), sch("report")):
                self._note_terms(child, rule)
            if check is not None:
                self._checks.append(check)
                number = len(self._checks)
                if absence is not None and absence.add(child, number, pending):
                    continue
                test = self._executable(child.get("test") or "", rule.get("context"))
                if tag == sch("assert"):
                    pending.append(f"if ({test}) then () else {number}")
                else:
                    pending.append(f"if ({test}) then {number} else ()")
                continue
            _report(pending, template, absence)
            if tag == sch("let"):
                self._variable(child, template, rule.get("context"))
            elif tag in (sch("assert"), sch("report")):
                self._check_in_place(child, rule, template)
            elif tag == _xsl("variable"):
                _copy_with_namespaces(child, template)
            elif namespace_of(child) in (SCH_NS, XSL_NS) and tag not in (sch("title"), sch("p")):
                raise self._fail(f"{_local(child)} is not supported in a rule")
        _report(pending, template, absence)
        if absence is not None:
            self._absence_tables.append(absence.literal())
            found = etree.Element(_xsl("variable"), name=FOUND)
            found.set("select", absence.found(f"evsch:paths{len(self._absence_tables)}"))
            template.insert(0, found)

    def _note_terms(self, check: etree._Element, rule: etree._Element) -> None:
        rule_id = check.get("id")
        if not rule_id:
            return
        message = "".join(check.itertext())
        terms = terms_of_check(rule.get("context") or "", check.get("test") or "", message)
        self._terms.setdefault(rule_id, {}).update(dict.fromkeys(terms))

    def _validated(self, check: etree._Element) -> str:
        test = check.get("test")
        if not test:
            raise self._fail(f"an {_local(check)} has no test")
        if check.get("properties") is not None:
            raise self._fail("properties are not supported")
        return test

    def _plain_check(self, check: etree._Element, rule: etree._Element) -> _Check | None:
        """The table row of a check whose SVRL is constant but for the location, if it is."""
        test = self._validated(check)
        text = _plain_text(check)
        if text is None or check.get("diagnostics") or check.get("subject") or rule.get("subject"):
            return None
        return _Check(
            kind=_kind(check),
            id=check.get("id") or "",
            flag=check.get("flag") or "",
            role=check.get("role") or "",
            test=_normalise_space(test),
            text=text,
        )

    def _check_in_place(
        self, check: etree._Element, rule: etree._Element, template: etree._Element
    ) -> None:
        test = self._validated(check)
        kind = _kind(check)
        condition = etree.SubElement(template, _xsl("if"))
        executed = self._executable(test, rule.get("context"))
        condition.set("test", f"not(({executed}))" if kind is SvrlKind.FAILED_ASSERT else executed)
        result = etree.SubElement(condition, _svrl(kind.value))
        for attribute in ("id", "flag", "role"):
            value = check.get(attribute)
            if value:
                result.set(attribute, _avt(value))
        subject = check.get("subject") or rule.get("subject")
        where = f"(({subject}), .)[1]" if subject else "."
        result.set("location", f"{{evsch:location({where})}}")
        result.set("test", _avt(_normalise_space(test)))
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
        for child in children(source):
            tag = child.tag
            if tag == sch("value-of"):
                etree.SubElement(target, _xsl("value-of"), select=child.get("select") or ".")
            elif tag == sch("name"):
                path = child.get("path") or "."
                etree.SubElement(target, _xsl("value-of"), select=f"name({path})")
            elif tag in _INLINE:
                self._text(child, target)
            elif namespace_of(child) == SCH_NS:
                raise self._fail(f"{_local(child)} is not supported in a message")
            else:
                _append_text(target, "".join(child.itertext()))
            _append_text(target, child.tail)


_INLINE = frozenset((sch("emph"), sch("dir"), sch("span")))
_XML_SPACE = re.compile(r"[ \t\r\n]+")


def _kind(check: etree._Element) -> SvrlKind:
    """What an assert (when its test is false) or a report (when true) writes."""
    return SvrlKind.FAILED_ASSERT if check.tag == sch("assert") else SvrlKind.SUCCESSFUL_REPORT


def _plain_text(message: etree._Element) -> str | None:
    """A message's text if it has no ``value-of`` or ``name`` (nor anything unknown), else None."""
    parts = [message.text or ""]
    for child in children(message):
        if child.tag in _INLINE:
            inner = _plain_text(child)
            if inner is None:
                return None
            parts.append(inner)
        elif namespace_of(child) == SCH_NS:
            return None
        else:
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return "".join(parts)


def _report(pending: list[str], template: etree._Element, absence: AbsenceTable | None) -> None:
    """Call ``evsch:report`` with the numbers of the pending checks that fire, then forget them."""
    if absence is not None:
        absence.end_run(pending)
    if not pending:
        return
    call = etree.SubElement(template, _xsl("call-template"), name="evsch:report")
    select = "(" + ",\n".join(pending) + ")"
    etree.SubElement(call, _xsl("with-param"), name="checks", select=select)
    pending.clear()


def _normalise_space(text: str) -> str:
    """XPath's normalize-space(): only XML whitespace counts (a no-break space stays)."""
    return _XML_SPACE.sub(" ", text).strip(" ")


def _string_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


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
            _append_text_raw(copied, child.tail)
    return copied


def _append_text_raw(element: etree._Element, text: str | None) -> None:
    if not text:
        return
    if len(element):
        element[-1].tail = (element[-1].tail or "") + text
    else:
        element.text = (element.text or "") + text
