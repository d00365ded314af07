"""Exit statuses, decided in one place from a run's summary (KoSIT ``cmd/ReturnValue.java``).

Unlike KoSIT's validator, whose exit status counts rejected documents (and so wraps around
at 256), the status here is one of a few fixed values, whatever the size of the batch.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum

from einvoice_cli.core.results import Summary


class ExitCode(IntEnum):
    """Exit statuses (DESIGN.md "Output contract")."""

    OK = 0
    """Every document accepted."""
    REJECTED = 1
    """At least one document rejected (or, with ``--fail-on warning``, with a warning), none
    in error."""
    ERROR = 2
    """A document in error, or a usage error."""
    INTERRUPTED = 130
    """Stopped by Ctrl-C (SIGINT), as shells report it (128 + 2)."""
    BROKEN_PIPE = 141
    """The reader of standard output went away (``| head``), as shells report SIGPIPE
    (128 + 13); nothing is printed about it."""
    TERMINATED = 143
    """Stopped by SIGTERM (128 + 15), after finishing the reports of what was done."""


class FailOn(StrEnum):
    """The least severe finding that makes the exit status 1 (``--fail-on``)."""

    ERROR = "error"
    """A rejected document (the default, KoSIT's accept rule)."""
    WARNING = "warning"
    """Also an accepted document with a warning."""


def exit_code(
    summary: Summary, fail_on: FailOn = FailOn.ERROR, *, strict_checks: bool = False
) -> ExitCode:
    """The exit status of a validation run. Our own checks count only with
    ``strict_checks`` (DESIGN.md "Official vs our own")."""
    if summary.errors:
        return ExitCode.ERROR
    if summary.rejected:
        return ExitCode.REJECTED
    if fail_on is FailOn.WARNING and summary.with_warnings:
        return ExitCode.REJECTED
    if strict_checks and summary.with_check_findings:
        return ExitCode.REJECTED
    return ExitCode.OK
