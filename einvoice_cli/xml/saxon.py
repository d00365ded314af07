"""The one Saxon processor, and the compiled stylesheets and documents it holds.

Saxon (saxonche, which has no type information; this is its one wrapping module) never sees
the raw bytes: it gets the document re-serialised from the lxml tree that ``xml/parser.py``
built, and it may not open any URI at all (``allowedProtocols`` is empty), so a stylesheet
cannot read local files either. The one exception is a processor made for the official renderings
(``stylesheet_files=True``): the KoSIT visualization is several stylesheet files that import each
other and read their localisation, CSS and JS beside them, so that processor may open ``file:``
URIs; those reads are fixed names in stylesheets we install and verify, never a URI taken from a
document (the documents still come re-serialised from lxml). Nor may a stylesheet write anything
or reach outside XSLT: Saxon runs with external functions off (which also refuses
``xsl:result-document``), and :func:`refuse_active_content` refuses, before compiling, every
stylesheet that holds a result document, an extension instruction, a Saxon or Java extension
function, ``fn:transform`` or ``fn:load-xquery-module`` (issue 14: an edited cache entry wrote
a file during ``validate``). What Saxon writes to stderr while it compiles or transforms is
captured: a failure is one line, with Saxon's whole text as its cause (shown by ``--debug``).
Which long texts its copy shortens or marks is decided in ``xml/long_texts.py``.
"""

from __future__ import annotations

import os
import re
import secrets
import sys
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Protocol

from lxml import etree
from saxonche import PySaxonApiError, PySaxonProcessor

from einvoice_cli.errors import InputError, RuleExecutionError, SchematronCompileError
from einvoice_cli.xml import long_texts
from einvoice_cli.xml.long_texts import ALL_TEXT, SHORTENED, Reads
from einvoice_cli.xml.parser import one_line


class _Executable(Protocol):
    """The part of saxonche's ``PyXsltExecutable`` this module uses."""

    def transform_to_string(self, *, xdm_node: object) -> str | None: ...

    def set_parameter(self, name: str, value: object) -> None: ...

    def clear_parameters(self) -> None: ...


class SaxonDocument:
    """A document as Saxon holds it, built from an already parsed lxml tree."""

    __slots__ = ("_node",)

    def __init__(self, node: object) -> None:
        self._node = node


class Stylesheet:
    """A compiled XSLT stylesheet, reusable for any number of documents."""

    __slots__ = ("_executable", "name", "reads", "reads_marks", "takes_marks")

    def __init__(
        self,
        executable: _Executable,
        name: str,
        *,
        takes_marks: bool = False,
        reads_marks: bool = False,
        reads: Reads = ALL_TEXT,
    ) -> None:
        self._executable = executable
        self.name = name
        self.takes_marks = takes_marks
        """Whether documents may carry the marks of long texts
        (``schematron/optimize/nonblank.py``)."""
        self.reads_marks = reads_marks
        """Whether it has a blank test that skips marked texts."""
        self.reads = reads
        """What text of a document it may read (``xml/long_texts.py``): only our compiled
        Schematron says; any other stylesheet may read all."""

    def transform(
        self, document: SaxonDocument, parameters: Mapping[str, SaxonDocument] | None = None
    ) -> str:
        """Run the stylesheet on a document and return the serialised result.

        ``parameters`` are stylesheet parameters by name, each a document (the KoSIT report
        stylesheet takes the invoice as ``input-document``); they hold for this call only, so
        a stylesheet that takes marks (whose marks' name is a parameter too) takes no others."""
        if parameters and self.takes_marks:
            raise ValueError(f"{self.name}: a stylesheet that takes marks takes no parameters")
        try:
            for name, value in (parameters or {}).items():
                self._executable.set_parameter(name, value._node)
            with _diagnostics_captured() as diagnostics:
                try:
                    result = self._executable.transform_to_string(xdm_node=document._node)
                except PySaxonApiError as e:
                    raise RuleExecutionError(
                        f"{self.name}: the rules failed on this document: {one_line(str(e))}"
                    ) from SaxonDiagnostics(diagnostics.text() or str(e))
        finally:
            if parameters:
                # Parameters stay on the executable; a later call must not see this document.
                self._executable.clear_parameters()
        if result is None:
            raise RuleExecutionError(f"{self.name}: the rules produced no output")
        return str(result)


class SaxonProcessor:
    """The process's Saxon processor, locked down: no URI may be opened by any stylesheet.

    With ``stylesheet_files`` it may open ``file:`` URIs, for stylesheets compiled from their
    installed files (:meth:`compile_stylesheet_file`); the validation engine never uses such a
    processor.
    """

    def __init__(self, *, stylesheet_files: bool = False) -> None:
        self._processor = PySaxonProcessor(license=False)
        self._processor.set_configuration_property(
            "http://saxon.sf.net/feature/allowedProtocols", "file" if stylesheet_files else ""
        )
        self._processor.set_configuration_property(
            "http://saxon.sf.net/feature/allow-external-functions", "false"
        )
        self._xslt = self._processor.new_xslt30_processor()
        self._marker = f"evsch-{secrets.token_hex(16)}"
        """The name of this process's marks of long texts: random, so no document has one."""

    @property
    def version(self) -> str:
        """Saxon's product name and version."""
        return str(self._processor.version)

    def compile_stylesheet(
        self, xslt_text: str, name: str, *, takes_marks: bool = False, reads: Reads = ALL_TEXT
    ) -> Stylesheet:
        """Compile XSLT text; ``name`` says which rules it is in error messages. With
        ``takes_marks`` (only for stylesheets our Schematron compiler wrote with the marks'
        parameter) the stylesheet is told the name of this process's marks. ``reads`` is what
        text it may read (only our compiler says, ``xml/long_texts.py``)."""
        refuse_active_content(xslt_text, name)
        with _diagnostics_captured() as diagnostics:
            try:
                executable = self._xslt.compile_stylesheet(stylesheet_text=xslt_text)
            except PySaxonApiError as e:
                raise SchematronCompileError(
                    f"{name}: Saxon cannot compile the stylesheet: {one_line(str(e))}"
                ) from SaxonDiagnostics(diagnostics.text() or str(e))
        if executable is None:
            raise SchematronCompileError(f"{name}: Saxon cannot compile the stylesheet")
        if takes_marks:
            marker = self._processor.make_string_value(self._marker)
            executable.set_parameter(long_texts.PARAMETER_CLARK, marker)
        reads_marks = takes_marks and long_texts.USE in xslt_text
        return Stylesheet(
            executable, name, takes_marks=takes_marks, reads_marks=reads_marks, reads=reads
        )

    def compile_stylesheet_file(self, path: Path, name: str) -> Stylesheet:
        """Compile the stylesheet at ``path``; its imports and the files it reads resolve
        relative to it. Needs a processor made with ``stylesheet_files``. The file itself is
        checked as :func:`refuse_active_content` checks stylesheet text (external functions
        are off for whatever it imports)."""
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise SchematronCompileError(f"{name}: cannot read {path}: {e}") from e
        refuse_active_content(text, name)
        with _diagnostics_captured() as diagnostics:
            try:
                executable = self._xslt.compile_stylesheet(stylesheet_file=str(path))
            except PySaxonApiError as e:
                raise SchematronCompileError(
                    f"{name}: Saxon cannot compile {path}: {one_line(str(e))}"
                ) from SaxonDiagnostics(diagnostics.text() or str(e))
        if executable is None:
            raise SchematronCompileError(f"{name}: Saxon cannot compile {path}")
        return Stylesheet(executable, name)

    def transform(
        self, stylesheet: Stylesheet, document: SaxonDocument, parameters: Mapping[str, str]
    ) -> str:
        """Run a stylesheet with string parameters (set for this call) on a document."""
        for key, value in parameters.items():
            stylesheet._executable.set_parameter(key, self._processor.make_string_value(value))
        return stylesheet.transform(document)

    def result_document(self, text: str, name: str) -> SaxonDocument:
        """A stylesheet's XML output as input for the next stylesheet of a chain (it is our
        stylesheets' output, not a user's file, so it needs no second lxml pass)."""
        try:
            return SaxonDocument(self._processor.parse_xml(xml_text=text))
        except PySaxonApiError as e:
            raise RuleExecutionError(
                f"{name}: Saxon cannot read the stylesheet's output: {one_line(str(e))}"
            ) from e

    def document(
        self, tree: etree._ElementTree, *, marks: bool = False, reads: Reads = ALL_TEXT
    ) -> SaxonDocument:
        """Hand a parsed document to Saxon (re-serialised from the tree, never the raw file).

        SaxonC reads a string about twice as fast when it is pure ASCII (4.6 against 7.2 ms for
        a 420 kB invoice whose only non-ASCII characters were 18 umlauts), and most invoices hold
        a few, so lxml writes every non-ASCII character as a character reference where that is
        the same document: in text and attribute values. In a comment or a processing
        instruction a reference would be literal text, so a document with either keeps its
        characters; in a name it is not well-formed: Saxon refuses it, and gets the characters.
        (CDATA sections do not survive parsing: ``parse_xml`` makes them text.)

        A leaf with a long text that is not blank is shortened in Saxon's copy when ``reads``
        (what the stylesheets that will run may read, ``xml/long_texts.py``) does not cover
        it: to its first :data:`SHORTENED` characters after leading whitespace, so it stays not
        blank. With ``marks``, each other such leaf carries this process's mark in Saxon's copy,
        for stylesheets that take marks (``schematron/optimize/nonblank.py``). The lxml tree is left
        as it was."""
        root = tree.getroot()
        references = not _ANNOTATED(root)
        short: list[etree._Element] = []
        marked: list[etree._Element] = []
        for element in long_texts.long_texts(tree) if marks or not reads.everything else []:
            if not reads.covers(element):
                short.append(element)
            elif marks:
                marked.append(element)
        if references:
            try:
                text = self._serialised(root, marked, short, ascii=True)
                return SaxonDocument(self._processor.parse_xml(xml_text=text))
            except PySaxonApiError:
                pass  # a name with non-ASCII characters: a reference is no name character
        try:
            serialised = self._serialised(root, marked, short, ascii=False)
            node = self._processor.parse_xml(xml_text=serialised)
        except PySaxonApiError as e:
            raise InputError(f"Saxon cannot read the document: {one_line(str(e))}") from e
        return SaxonDocument(node)

    def _serialised(
        self,
        root: etree._Element,
        marked: list[etree._Element],
        short: list[etree._Element],
        *,
        ascii: bool,
    ) -> str:
        """The element as text (ASCII with character references, or as it is), with this
        process's mark on each of ``marked`` and the text of each of ``short`` shortened
        meanwhile."""
        added = [etree.ProcessingInstruction(self._marker) for _ in marked]
        texts = [element.text or "" for element in short]
        for element, mark in zip(marked, added, strict=True):
            element.append(mark)
        for element, text in zip(short, texts, strict=True):
            element.text = text.lstrip(" \t\r\n")[:SHORTENED]
        try:
            if ascii:
                return etree.tostring(root, encoding="ascii").decode("ascii")
            return etree.tostring(root, encoding="unicode")
        finally:
            for element, mark in zip(marked, added, strict=True):
                element.remove(mark)
            for element, text in zip(short, texts, strict=True):
                element.text = text


_ANNOTATED = etree.XPath("boolean(descendant::comment() | descendant::processing-instruction())")
"""Whether an element holds a comment or a processing instruction."""


_XSL = "http://www.w3.org/1999/XSL/Transform"
_EXTENSION_NAMESPACES = ("http://saxon.sf.net/", "java:", "http://saxonica.com/")
_EXTENSION_PREFIXES = ("extension-element-prefixes", f"{{{_XSL}}}extension-element-prefixes")
_FORBIDDEN_CALL = re.compile(r"(?<![\w.:}-])(?:fn:)?(transform|load-xquery-module)\s*\(")
_PREFIXED_CALL = re.compile(r"(?<![\w.:-])([A-Za-z_][\w.-]*):[A-Za-z_][\w.-]*\s*\(")
_EQNAME_CALL = re.compile(r"Q\{([^}]*)\}[A-Za-z_][\w.-]*\s*\(")
_TRUSTED_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True
)


def _is_extension(namespace: str | None) -> bool:
    return namespace is not None and namespace.startswith(_EXTENSION_NAMESPACES)


def _active_content(root: etree._Element) -> str | None:
    """What in a stylesheet could write, run other code or call an extension, if anything."""
    for element in root.iter(etree.Element):
        qname = etree.QName(element)
        if qname.namespace == _XSL and qname.localname == "result-document":
            return "writes a result document (xsl:result-document)"
        if _is_extension(qname.namespace):
            return f"uses the extension element {qname.localname}"
        for name, value in element.attrib.items():
            if name in _EXTENSION_PREFIXES and value.strip():
                return "declares extension instructions"
            if match := _FORBIDDEN_CALL.search(value):
                return f"calls fn:{match.group(1)}"
            for prefix in _PREFIXED_CALL.findall(value):
                if _is_extension(element.nsmap.get(prefix)):
                    return f"calls the extension function {prefix}:..."
            if any(_is_extension(uri) for uri in _EQNAME_CALL.findall(value)):
                return "calls an extension function"
    return None


def refuse_active_content(xslt_text: str, name: str) -> None:
    """Raise :class:`SchematronCompileError` for a stylesheet that could write a file or call
    an extension; such a stylesheet is never compiled."""
    try:
        root = etree.fromstring(xslt_text.encode("utf-8"), _TRUSTED_PARSER)
    except etree.XMLSyntaxError as e:
        raise SchematronCompileError(
            f"{name}: the stylesheet is not XML: {one_line(str(e))}"
        ) from e
    reason = _active_content(root)
    if reason is not None:
        raise SchematronCompileError(
            f"{name}: stylesheet refused: it {reason}; the stylesheets run on documents may "
            "not write files or call extensions"
        )


class SaxonDiagnostics(Exception):
    """What Saxon wrote about a failure, whole: the cause of our one-line error, so that
    ``--debug`` shows it with the traceback and nothing else does."""


class _Captured:
    """What Saxon writes to file descriptor 2 while a block runs."""

    def __init__(self, sink: BinaryIO | None) -> None:
        self._sink = sink

    def text(self) -> str:
        """What was written so far (at most 64 KiB)."""
        if self._sink is None:
            return ""
        self._sink.seek(0)
        return self._sink.read(1 << 16).decode("utf-8", errors="replace").strip()


@contextmanager
def _diagnostics_captured() -> Iterator[_Captured]:
    """Send what Saxon writes to the process's stderr (its native code writes to file
    descriptor 2, past Python) into a temporary file while the block runs.

    Saxon's diagnostics are many lines that name the working directory and positions in our
    generated stylesheets (issue 13: 151 lines in one run, even with ``-q``); the error we
    raise says it in one line and keeps them as its cause. Python's own writes to stderr in
    that moment (a progress bar's refresh) are lost, and redrawn with the next refresh.
    """
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):
        yield _Captured(None)  # no file descriptor 2 to borrow
        return
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), 2)
        try:
            yield _Captured(sink)
        finally:
            os.dup2(saved, 2)
            os.close(saved)
