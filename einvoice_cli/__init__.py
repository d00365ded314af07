"""einvoice-cli: validate and convert structured e-invoices with the official rules.

The package is a library first: :func:`einvoice_cli.validation.pipeline.validate` yields one
:class:`einvoice_cli.core.results.DocumentResult` per input and works without the command line.
"""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # ``__version__`` is looked up on use: importlib.metadata costs ~0.1 s at start-up, which
    # every shell call of `einvoice validate` would pay although few reports print it.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("einvoice-cli")
        except PackageNotFoundError:  # a source tree that was never installed
            return "0.0.0+unknown"
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["__version__"]
