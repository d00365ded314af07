"""einvoice-cli: validate and convert structured e-invoices with the official rules.

The package is a library first: :func:`einvoice_cli.pipeline.validate` yields one
:class:`einvoice_cli.results.DocumentResult` per input and works without the command line.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("einvoice-cli")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
