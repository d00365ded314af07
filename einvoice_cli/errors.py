"""The exception hierarchy of einvoice-cli.

Modules that call lxml, saxonche, pypdf or urllib catch that library's exception and raise one
of these ``from`` it. Every message is one line: what failed, for which file, and what to do.
``cli/main.py`` is the only place that turns an :class:`EinvoiceError` into ``error: ...``.
"""


class EinvoiceError(Exception):
    """Base class of every error this package raises on purpose."""


class InputError(EinvoiceError):
    """A document cannot be read: missing, unreadable, empty, too large, not XML, bad encoding.

    The pipeline turns it into a document with verdict ``error``; the batch goes on.
    """


class RulePackError(EinvoiceError):
    """A rule pack is not installed, incomplete, or a file's sha256 differs from its declaration."""


class FetchError(EinvoiceError):
    """A rule file could not be downloaded or read from a mirror."""


class SchematronCompileError(EinvoiceError):
    """A Schematron schema could not be compiled to XSLT, or Saxon refused the result."""


class RuleExecutionError(EinvoiceError):
    """Compiled rules failed while evaluating one document (a dynamic XPath error).

    It concerns that document only: the pipeline gives it verdict ``error`` and goes on.
    """


class ScenarioError(EinvoiceError):
    """A scenario asked for by name does not exist."""
