"""einvoice-cli: validate and convert structured e-invoices with the official rules.

The package is a library first. Its public API is what this module exports (``__all__``);
everything in the subpackages is internal and may change::

    import einvoice_cli

    validator = einvoice_cli.Validator()
    result = validator.validate("rechnung.xml")     # a path, bytes or a binary file object
    result.verdict                                  # "accept" | "reject" | "error"
    result.to_json()                                # the JSON contract's document object

The command line (``einvoice``, or ``python -m einvoice_cli``) is a client of this API.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from einvoice_cli.api import Document, Validator, convert
    from einvoice_cli.checks import CheckSettings, LeitwegCheck, check_leitweg_id
    from einvoice_cli.conversion.convert import Conversion, Outcome, Target
    from einvoice_cli.core.findings import Finding, Severity, Source
    from einvoice_cli.core.results import Container, DocumentResult, Summary
    from einvoice_cli.core.verdict import Verdict
    from einvoice_cli.errors import (
        BrokenPdf,
        EinvoiceError,
        EmptyInput,
        EncodingProblem,
        EncryptedPdf,
        ErrorKind,
        FetchError,
        ForbiddenDoctype,
        InputError,
        InputTooLarge,
        NoInvoiceInPdf,
        NotAnInvoice,
        NotAPdf,
        NotWellFormed,
        OutputError,
        RulePackError,
        ScenarioError,
    )
    from einvoice_cli.settings import Settings

    __version__: str

_EXPORTS = {
    "einvoice_cli.api": ("Document", "Validator", "convert"),
    "einvoice_cli.checks": ("CheckSettings", "LeitwegCheck", "check_leitweg_id"),
    "einvoice_cli.conversion.convert": ("Conversion", "Outcome", "Target"),
    "einvoice_cli.core.findings": ("Finding", "Severity", "Source"),
    "einvoice_cli.core.results": ("Container", "DocumentResult", "Summary"),
    "einvoice_cli.core.verdict": ("Verdict",),
    "einvoice_cli.errors": (
        "BrokenPdf",
        "EinvoiceError",
        "EmptyInput",
        "EncodingProblem",
        "EncryptedPdf",
        "ErrorKind",
        "FetchError",
        "ForbiddenDoctype",
        "InputError",
        "InputTooLarge",
        "NoInvoiceInPdf",
        "NotAnInvoice",
        "NotAPdf",
        "NotWellFormed",
        "OutputError",
        "RulePackError",
        "ScenarioError",
    ),
    "einvoice_cli.settings": ("Settings",),
}
"""Where each public name is defined. They are imported on first use (PEP 562): the command
line imports this package too, and every shell call would otherwise pay for loading the
converter and the batch pool."""

_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}


def __getattr__(name: str) -> object:
    if name == "__version__":
        from einvoice_cli.core.version import tool_version

        return tool_version()
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "BrokenPdf",
    "CheckSettings",
    "Container",
    "Conversion",
    "Document",
    "DocumentResult",
    "EinvoiceError",
    "EmptyInput",
    "EncodingProblem",
    "EncryptedPdf",
    "ErrorKind",
    "FetchError",
    "Finding",
    "ForbiddenDoctype",
    "InputError",
    "InputTooLarge",
    "LeitwegCheck",
    "NoInvoiceInPdf",
    "NotAPdf",
    "NotAnInvoice",
    "NotWellFormed",
    "Outcome",
    "OutputError",
    "RulePackError",
    "ScenarioError",
    "Settings",
    "Severity",
    "Source",
    "Summary",
    "Target",
    "Validator",
    "Verdict",
    "__version__",
    "check_leitweg_id",
    "convert",
]
