"""Every command has help with an example, and appears in README.md."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from einvoice_cli.cli.main import cli

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def commands(group: click.Group, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        assert command is not None, name
        path = (*prefix, name)
        yield path
        if isinstance(command, click.Group):
            yield from commands(command, path)


COMMANDS = list(commands(cli))


def test_all_commands_are_found() -> None:
    assert ("validate",) in COMMANDS
    assert ("rules", "install") in COMMANDS


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_command_has_help_and_is_in_the_readme(path: tuple[str, ...]) -> None:
    command: click.Command | None = cli
    for name in path:
        assert isinstance(command, click.Group)
        command = command.get_command(click.Context(command), name)
    assert command is not None
    assert command.help and len(command.help) > 40, f"einvoice {' '.join(path)} has no help"
    if not isinstance(command, click.Group):
        assert "Example" in command.help, f"einvoice {' '.join(path)} --help shows no example"
    assert f"einvoice {' '.join(path)}" in README, f"README.md does not mention {path}"
