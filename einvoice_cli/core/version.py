"""The version of this installation, as reports and ``--version`` show it."""

from __future__ import annotations

from functools import cache


# Read once per process: the code that runs does not change while it runs, and reading the
# distribution's metadata parses its METADATA file (milliseconds), which the service would
# otherwise pay for every JSON report and health answer. A constant, not mutable state.
@cache
def tool_version() -> str:
    """The installed distribution's version (``0.0.0+unknown`` in a source tree that was never
    installed). importlib.metadata is imported here, on use: it costs about 0.1 s of start-up
    that few calls need."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("einvoice-cli")
    except PackageNotFoundError:
        return "0.0.0+unknown"
