"""Exit statuses, decided in one place from a run's summary (KoSIT ``cmd/ReturnValue.java``)."""

from __future__ import annotations

from enum import IntEnum

from einvoice_cli.results import Summary


class ExitCode(IntEnum):
    """Exit statuses (DESIGN.md "Output contract")."""

    OK = 0
    """Every document accepted."""
    REJECTED = 1
    """At least one document rejected, none in error."""
    ERROR = 2
    """A document in error, or a usage error."""


def exit_code(summary: Summary) -> ExitCode:
    """The exit status of a validation run."""
    if summary.errors:
        return ExitCode.ERROR
    if summary.rejected:
        return ExitCode.REJECTED
    return ExitCode.OK
