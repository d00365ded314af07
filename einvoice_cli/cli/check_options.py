"""The options of our own checks (``--check``, ``--portal``, ``--channel``,
``--check-severity``, ``--strict-checks``), shared by the commands that validate."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import click

from einvoice_cli.checks.settings import Channel, Check, CheckSettings, Portal
from einvoice_cli.core.findings import Severity

F = TypeVar("F", bound=Callable[..., object])


def check_options(function: F) -> F:
    """Add the options of our own checks to a command."""
    decorators = [
        click.option(
            "--check",
            "checks",
            multiple=True,
            metavar="NAME[,NAME]",
            help="Also run our own checks beyond the official rules: "
            + ", ".join(c.value for c in Check)
            + " (comma-separated or repeated). Their findings are marked as ours and do not "
            "change the verdict.",
        ),
        click.option(
            "--portal",
            type=click.Choice([p.value for p in Portal], case_sensitive=False),
            help="Pre-flight for a portal: its published limits on size and attachments "
            "(implies --check portal).",
        ),
        click.option(
            "--channel",
            type=click.Choice([c.value for c in Channel], case_sensitive=False),
            help="How the invoice reaches the --portal, for its size limit.",
            show_default="the portal's upload",
        ),
        click.option(
            "--check-severity",
            "check_severities",
            multiple=True,
            metavar="RULE=SEVERITY",
            help="Give findings of one of our rules (EINV-...) another severity: error, "
            "warning or information (repeatable).",
        ),
        click.option(
            "--strict-checks",
            is_flag=True,
            help="Let our own checks count for the exit status: 1 when one of them has a "
            "finding of severity error or warning.",
        ),
    ]
    for decorator in reversed(decorators):
        function = decorator(function)
    return function


def build_check_settings(
    checks: tuple[str, ...],
    portal: str | None,
    channel: str | None,
    severities: tuple[str, ...],
    lang: str,
) -> CheckSettings:
    """The check settings the options name; a usage error for an unknown name."""
    names = [n.strip() for item in checks for n in item.split(",") if n.strip()]
    overrides: dict[str, str] = {}
    for item in severities:
        rule, _, level = item.partition("=")
        if level not in {s.value for s in Severity}:
            raise click.BadParameter(
                f"{item!r}: give RULE=SEVERITY with error, warning or information",
                param_hint="--check-severity",
            )
        overrides[rule] = level
    try:
        return CheckSettings.from_names(
            names, portal=portal, channel=channel, severities=overrides, lang=lang
        )
    except ValueError as e:
        raise click.BadParameter(str(e)) from e
