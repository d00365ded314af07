"""The exception hierarchy of einvoice-cli: every error the package raises on purpose.

Modules that call lxml, saxonche, pypdf or urllib catch that library's exception and raise one
of these ``from`` it. Every message is one line: what failed and for which file. A core message
names no command-line option: the command line knows which of its options helps with which
error (``cli/main.py``), a library caller does not have them.

Scripts decide on the type, never on the text: each error of one document has an
:attr:`EinvoiceError.kind`, a member of :class:`ErrorKind`, which the JSON report carries as
``error_kind`` (DESIGN.md "Output contract", second wave).
"""

from __future__ import annotations

from enum import StrEnum


class ErrorKind(StrEnum):
    """Why a document could not be validated; ``.value`` is the JSON ``error_kind``."""

    TOO_LARGE = "too-large"
    NOT_WELL_FORMED = "not-well-formed"
    FORBIDDEN_DOCTYPE = "forbidden-doctype"
    ENCODING = "encoding"
    EMPTY = "empty"
    UNREADABLE = "unreadable"
    NOT_A_PDF = "not-a-pdf"
    BROKEN_PDF = "broken-pdf"
    NO_INVOICE_IN_PDF = "no-invoice-in-pdf"
    ENCRYPTED_PDF = "encrypted-pdf"
    NOT_AN_INVOICE = "not-an-invoice"
    SCENARIO_MISMATCH = "scenario-mismatch"
    RULES_UNAVAILABLE = "rules-unavailable"
    RULES_FAILED = "rules-failed"
    TIMEOUT = "timeout"
    WORKER_CRASHED = "worker-crashed"
    INTERNAL = "internal"


class EinvoiceError(Exception):
    """Base class of every error this package raises on purpose."""

    kind: ErrorKind = ErrorKind.INTERNAL
    """What kind of failure this is, for a document's ``error_kind``."""


class InputError(EinvoiceError):
    """A document cannot be read: missing, unreadable, empty, too large, not XML, bad encoding.

    The pipeline turns it into a document with verdict ``error``; the batch goes on. Raise the
    most specific subclass; a plain ``InputError`` says only that the input is unreadable.
    """

    kind = ErrorKind.UNREADABLE


class InputTooLarge(InputError):
    """The document (or a PDF, or an embedded file) is over its size limit."""

    kind = ErrorKind.TOO_LARGE

    def __init__(self, message: str, *, limit: int, limit_name: str = "max_bytes") -> None:
        super().__init__(message)
        self.limit = limit
        """The limit in bytes that was exceeded."""
        self.limit_name = limit_name
        """Which setting holds the limit (``max_bytes``, ``max_pdf_bytes``): the command line
        names the option that raises it."""


class NotWellFormed(InputError):
    """The bytes are not well-formed XML."""

    kind = ErrorKind.NOT_WELL_FORMED


class ForbiddenDoctype(InputError):
    """The document carries a document type declaration, which invoices may not."""

    kind = ErrorKind.FORBIDDEN_DOCTYPE


class EncodingProblem(InputError):
    """The bytes are not in the encoding the document declares."""

    kind = ErrorKind.ENCODING


class EmptyInput(InputError):
    """The file or stream is empty (or only whitespace)."""

    kind = ErrorKind.EMPTY


class NotAPdf(InputError):
    """A PDF was expected and the bytes are not one."""

    kind = ErrorKind.NOT_A_PDF


class BrokenPdf(InputError):
    """The PDF cannot be read: damaged, truncated, or beyond the reader's limits."""

    kind = ErrorKind.BROKEN_PDF


class EncryptedPdf(InputError):
    """The PDF is encrypted; a hybrid invoice (PDF/A-3) never is."""

    kind = ErrorKind.ENCRYPTED_PDF


class NoInvoiceInPdf(InputError):
    """The PDF carries no usable invoice XML."""

    kind = ErrorKind.NO_INVOICE_IN_PDF


class NotAnInvoice(InputError):
    """The document is XML, but no invoice of a syntax this tool knows."""

    kind = ErrorKind.NOT_AN_INVOICE


class ScenarioMismatch(InputError):
    """The document is not of the syntax of the scenario it was told to be validated with."""

    kind = ErrorKind.SCENARIO_MISMATCH


class RulePackError(EinvoiceError):
    """A rule pack is not installed, incomplete, or a file's sha256 differs from its declaration."""

    kind = ErrorKind.RULES_UNAVAILABLE


class FetchError(EinvoiceError):
    """A rule file could not be downloaded or read from a mirror."""

    kind = ErrorKind.RULES_UNAVAILABLE


class SchematronCompileError(EinvoiceError):
    """A Schematron schema could not be compiled to XSLT, or Saxon refused the result."""

    kind = ErrorKind.RULES_UNAVAILABLE


class RuleExecutionError(EinvoiceError):
    """Compiled rules failed while evaluating one document (a dynamic XPath error).

    It concerns that document only: the pipeline gives it verdict ``error`` and goes on.
    """

    kind = ErrorKind.RULES_FAILED


class RenderingError(EinvoiceError):
    """A document cannot be rendered for people: not an invoice syntax the official
    visualization reads, or its stylesheets failed on it. It concerns that document only."""

    kind = ErrorKind.RULES_FAILED


class ScenarioError(EinvoiceError):
    """A scenario asked for by name does not exist, or does not fit the document."""


class ClusterError(EinvoiceError):
    """A Dask cluster cannot be used: the ``dask`` extra is missing, the scheduler cannot be
    reached, or a worker's rule packs differ from this process's."""


class OutputError(EinvoiceError):
    """A file for the user cannot be written (exists, not writable, disk full)."""

    def __init__(self, message: str, *, exists: bool = False) -> None:
        super().__init__(message)
        self.exists = exists
        """Whether the target exists and was not replaced: the command line names the option
        that allows replacing it."""


class NoSpace(OutputError):
    """The files to write do not fit in the free space of the target's file system; nothing
    was written."""

    def __init__(self, message: str, *, needed: int, free: int) -> None:
        super().__init__(message)
        self.needed = needed
        """Bytes the files need."""
        self.free = free
        """Bytes free for this user on the file system when it was checked."""


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where Ctrl-C raises :class:`KeyboardInterrupt` (the command line
    installs the handler): a run stops the same way, finishing the reports of what is done."""


class UnknownRuleError(EinvoiceError):
    """No installed rule file has a rule with this id, and it is no business term or group
    (``einvoice explain``)."""
