"""``--output-dir DIR --report-format json|html|kosit|csv``: one report file per document, and
an index.

Each document's report is named after the input with the format's extension appended
(``rechnung.xml`` -> ``rechnung.xml.json``, ``rechnung.pdf`` -> ``rechnung.pdf.html``; standard
input is ``stdin.json``); a KoSIT report is named as the KoSIT validator names it, the input's
name without extension and ``-report.xml`` (``rechnung-report.xml``). When two
inputs of one run have the same name (``a/rechnung.xml`` and ``b/rechnung.xml``; case is ignored,
as Windows and macOS do), the later one gets ``~`` and the folders of its path nearest the file
that tell it apart from the earlier one (``rechnung.xml~b.json``; ``2025/standard/x.xml`` after
``2024/standard/x.xml``: ``x.xml~2025_standard.json``, ``core/input_names.py``), else more of its
folders, else a hash of its path, so names are deterministic and no report of the run replaces
another. A report from an earlier run with the
same name is replaced. Every file is written to a temporary file in the folder and moved into
place in one step (:func:`einvoice_cli.core.outputs.write_file`), so a reader never sees half a
file.

A JSON report is DESIGN.md's JSON contract for that one document (``tool``, ``documents`` with
one entry, ``summary``), so the schema and parsers of ``--format json`` read it as well. HTML
reports are pages of :mod:`~einvoice_cli.report.html`; :meth:`ReportWriter.close` writes
``index.html`` linking them all, with the summary, search, sorting, filters and all findings as
CSV. KoSIT reports are those of :mod:`~einvoice_cli.report.kosit`. A CSV report is
``--format csv``'s table for that one document.
"""

from __future__ import annotations

import fcntl
import hashlib
import io
from pathlib import Path
from typing import IO, TYPE_CHECKING
from urllib.parse import quote

from einvoice_cli.core.contract import document_to_json, dumps, summary_to_json, tool_info
from einvoice_cli.core.input_names import MARK, distinguishing_folders, input_name, path_parts
from einvoice_cli.core.outputs import safe_file_name, write_file
from einvoice_cli.core.printable import without_surrogates
from einvoice_cli.core.results import DocumentResult, Summary
from einvoice_cli.errors import EinvoiceError, OutputError
from einvoice_cli.report.interface import ReportOptions

if TYPE_CHECKING:
    from einvoice_cli.rendering import Renderer
    from einvoice_cli.report.html import RunIndex

REPORT_FORMATS: tuple[str, ...] = ("json", "html", "kosit", "csv")
"""The formats ``--report-format`` takes."""

_NAMING: dict[str, tuple[bool, str]] = {
    "json": (False, ".json"),
    "html": (False, ".html"),
    # As the KoSIT validator names its reports: the input's name without its extension.
    "kosit": (True, "-report.xml"),
    "csv": (False, ".csv"),
}
"""Per format: whether the input's extension is dropped, and what is appended."""

INDEX_NAME = "index.html"
"""The index of an HTML report folder."""


class ReportWriter:
    """Writes one report file per document into a folder, as results arrive.

    Call it from one thread, in the order results are reported: names are given in that order
    (the first ``rechnung.xml`` keeps the plain name). Raises
    :class:`~einvoice_cli.core.outputs.OutputError` when the folder or a file cannot be written.
    """

    def __init__(self, directory: Path, report_format: str, options: ReportOptions) -> None:
        if report_format not in REPORT_FORMATS:
            raise ValueError(
                f"no per-document report format {report_format!r} "
                f"(known: {', '.join(REPORT_FORMATS)})"
            )
        self.directory = directory
        self.report_format = report_format
        self.options = options
        self._taken: set[str] = {INDEX_NAME.casefold()} if report_format == "html" else set()
        self._paths: dict[str, list[str]] = {}
        """The inputs reported so far, by their plain name (case-folded)."""
        self._renderer: Renderer | None = None  # HTML only, made on first use
        # HTML only: what index.html lists and counts; made now, so the run's start is now.
        self._run: RunIndex | None = None
        if report_format == "html":
            from einvoice_cli.report.html import RunIndex

            self._run = RunIndex(options)
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise OutputError(f"{directory}: cannot create the folder ({e.strerror or e})") from e
        self._lock = _lock_folder(directory)

    def write(self, result: DocumentResult) -> Path:
        """Write the report of one document and return its path."""
        name = self._unique_name(result.path)
        target = self.directory / name
        if self.report_format == "html":
            from einvoice_cli.report.html import document_page

            rendering = self._rendering(result, name)
            content = document_page(result, self.options, INDEX_NAME, rendering)
            if self._run is not None:
                self._run.add(result, quote(name))
        elif self.report_format == "kosit":
            from einvoice_cli.report.kosit import kosit_report

            if self.options.engine is None:
                raise ValueError("KoSIT reports need the rule engine in the report options")
            content = kosit_report(result, None, self.options.engine).decode("utf-8")
        elif self.report_format == "csv":
            from einvoice_cli.report.catalogue import messages
            from einvoice_cli.report.csv import CsvTable

            buffer = io.StringIO()
            table = CsvTable(buffer, self.options.csv_dialect, messages(self.options.lang))
            table.header()
            table.document(result)
            content = buffer.getvalue()
        else:
            single = Summary().add(result)
            report = {
                "tool": tool_info(),
                "documents": [document_to_json(result)],
                "summary": summary_to_json(single),
            }
            content = dumps(report, indent=2) + "\n"
        write_file(target, content.encode("utf-8"), overwrite=True)
        return target

    def _rendering(self, result: DocumentResult, name: str) -> tuple[str | None, str | None]:
        """Write the document's rendering (``einvoice view``, with the findings' fields
        highlighted) beside its HTML report: its href, or why there is none. Only a document
        read from a file can be rendered again; a document in error has no rendering."""
        path = Path(result.path)
        if self.options.engine is None or result.syntax is None or not path.is_file():
            return None, None
        # Imported here: only HTML report folders render documents.
        from einvoice_cli.rendering import Language, Renderer, RenderFormat, RenderOptions

        if self._renderer is None:
            self._renderer = Renderer(self.options.engine.store)
        options = RenderOptions(lang=Language(self.options.lang.value))
        try:
            data = path.read_bytes()
            page = self._renderer.render(data, result.path, RenderFormat.HTML, options, result)
        except (EinvoiceError, OSError) as e:
            return None, str(e)
        view_name = f"{name.removesuffix('.html')}.view.html"
        self._taken.add(view_name.casefold())  # no later report takes the rendering's name
        write_file(self.directory / view_name, page, overwrite=True)
        return quote(view_name), None

    def close(self, summary: Summary) -> None:
        """Finish the folder: for HTML, write ``index.html`` linking every report.

        The index counts the reports written; ``summary`` is the caller's count of the run.
        """
        if self.report_format == "html":
            from einvoice_cli.report.html import RunIndex, index_page

            page = index_page(self._run or RunIndex(self.options))  # closed twice: empty
            # A file name's bytes that are not UTF-8 show as \xNN in a page (UTF-8 text).
            page = without_surrogates(page)
            write_file(self.directory / INDEX_NAME, page.encode("utf-8"), overwrite=True)
        self._run = None
        # The folder is free for the next run; the lock file goes first, so a finished run
        # leaves only its reports.
        (self.directory / LOCK_NAME).unlink(missing_ok=True)
        self._lock.close()

    def _unique_name(self, path: str) -> str:
        stem, extension = _NAMING[self.report_format]
        digest = hashlib.sha256(path.encode("utf-8", "surrogateescape")).hexdigest()[:10]
        fallback = f"document~{digest}{extension}"
        name = input_name(path)
        if stem and "." in name.lstrip("."):
            name = name[: name.rindex(".")]
        base = safe_file_name(name, "document")
        earlier = self._paths.setdefault(base.casefold(), [])
        # The plain name; then the nearest folders that tell it from the earlier inputs of that name
        # (core/input_names.py); then ever more of its folders; then a hash of it.
        apart = "_".join(safe_file_name(f, "_") for f in distinguishing_folders(path, earlier))
        suffixes = (
            "",
            *((apart,) if earlier and apart else ()),
            *_folder_suffixes(path)[1:],
            digest,
        )
        for suffix in suffixes:
            candidate = safe_file_name(f"{base}{suffix and MARK + suffix}{extension}", fallback)
            if candidate.casefold() not in self._taken:
                break
        else:
            number = 2
            while candidate.casefold() in self._taken:
                candidate = safe_file_name(f"{base}{MARK}{digest}-{number}{extension}", fallback)
                number += 1
        earlier.append(path)
        self._taken.add(candidate.casefold())
        return candidate


def _folder_suffixes(path: str) -> tuple[str, ...]:
    """The name as is (``""``), then with ever more of its folders: ``b``, ``a_b``, ..."""
    folders = [safe_file_name(p, "_") for p in path_parts(path)[:-1]]
    return ("", *("_".join(folders[-n:]) for n in range(1, len(folders) + 1)))


LOCK_NAME = ".einvoice-lock"
"""The file a run holds locked in its report folder while it writes there."""


def _lock_folder(directory: Path) -> IO[bytes]:
    """Hold the report folder for this run: two runs writing one folder at once left a
    contradictory index (issue 14); the second is refused before it writes anything. The
    lock goes with the process, so a killed run leaves none behind."""
    try:
        handle = (directory / LOCK_NAME).open("ab")
    except OSError as e:
        raise OutputError(f"{directory}: cannot write here ({e.strerror or e})") from e
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as e:
        handle.close()
        raise OutputError(
            f"{directory}: the folder is in use by another einvoice run; nothing was written"
        ) from e
    return handle
