"""``einvoice rules``: list, install and mirror the official rule packs."""

from __future__ import annotations

import json
from pathlib import Path

import click

from einvoice_cli.cli.command_words import command_words
from einvoice_cli.cli.localized import LocalizedGroup
from einvoice_cli.cli.options import RulesOptions, cache_options, mirror_option
from einvoice_cli.rulepacks.catalog import RulePack
from einvoice_cli.rulepacks.fetch import copy_to_mirror
from einvoice_cli.rulepacks.store import PackState, RuleStore


@click.group(cls=LocalizedGroup)
def rules() -> None:
    """Manage the official rule packs (XSD and Schematron files) einvoice-cli validates with.

    Files are declared by official URL and sha256 and kept in a per-user cache; a file whose
    sha256 differs is never used. Air-gapped sites install from a mirror directory or URL.
    """


def _select(store: RuleStore, names: tuple[str, ...]) -> list[RulePack]:
    packs = list(store.catalog.packs.values())
    if not names:
        return packs
    chosen = []
    for name in names:
        found = [p for p in packs if name in (p.key, p.id)]
        if not found:
            known = ", ".join(p.key for p in packs)
            raise click.UsageError(f"unknown rule pack {name!r}; known packs: {known}")
        chosen += [p for p in found if p not in chosen]
    return chosen


def _state_json(state: PackState) -> dict[str, object]:
    pack = state.pack
    return {
        "id": pack.id,
        "version": pack.version,
        "title": pack.title,
        "licence": pack.licence,
        "homepage": pack.homepage,
        "embedded": pack.package is not None,
        "installed": state.installed,
        "location": state.location,
        "installed_from": list(state.record.installed_from) if state.record else [],
        "installed_at": state.record.installed_at if state.record else None,
        "files": len(pack.files),
    }


@rules.command("list")
@click.option(
    "--format",
    "-f",
    "output_format",
    type=click.Choice(["text", "json"], case_sensitive=False),
    default="text",
    show_default=True,
)
@cache_options
def list_packs(output_format: str, cache_dir: Path, offline: bool) -> None:
    """Show each rule pack and version, whether it is installed, and from where.

    \b
    Example:
      einvoice rules list --format json
    """
    store = RulesOptions(cache_dir, None, offline).store()
    states = [store.state(pack) for pack in store.catalog.packs.values()]
    if output_format == "json":
        click.echo(json.dumps({"packs": [_state_json(s) for s in states]}, indent=2))
        return
    words = command_words()
    for state in states:
        pack = state.pack
        if pack.package is not None:
            status = words.embedded if state.installed else words.altered
        elif state.installed:
            origin = ", ".join(state.record.installed_from) if state.record else words.unknown
            status = words.installed_from.format(origin=origin)
        else:
            status = words.not_installed
        click.echo(f"{pack.key:<32} {status}")
        click.echo(f"{'':<32} {pack.title}; {words.licence} {pack.licence}")
    click.echo(f"{words.cache}: {cache_dir}", err=True)


@rules.command("install")
@click.argument("packs", nargs=-1, metavar="[PACK[@VERSION]]...")
@mirror_option("--from")
@cache_options
def install(packs: tuple[str, ...], mirror: str | None, cache_dir: Path, offline: bool) -> None:
    """Download and verify rule packs into the cache (all of them by default).

    \b
    Examples:
      einvoice rules install
      einvoice rules install --from /srv/einvoice-rules-mirror
      einvoice rules install --from https://intranet.example/rules xrechnung
    """
    store = RulesOptions(cache_dir, mirror, offline).store()
    words = command_words()
    for pack in _select(store, packs):
        if pack.package is not None:
            store.install(pack)
            click.echo(
                words.embedded_verified.format(pack=pack.key, package=pack.package), err=True
            )
            continue
        record = store.install(pack)
        origin = ", ".join(record.installed_from) or words.already_cached
        verified = words.files_verified.format(pack=pack.key, count=len(pack.files), origin=origin)
        click.echo(verified, err=True)


@rules.command("mirror")
@click.argument("destination", type=click.Path(file_okay=False, path_type=Path))
@click.argument("packs", nargs=-1, metavar="[PACK[@VERSION]]...")
@cache_options
def mirror(destination: Path, packs: tuple[str, ...], cache_dir: Path, offline: bool) -> None:
    """Write a mirror of rule packs to DESTINATION (layout HOST/PATH): the installed ones, or
    the PACKs named (installed first when they are not).

    One machine with internet access installs the rules and writes a mirror; others install
    from it with `einvoice rules install --from DESTINATION`.

    \b
    Example:
      einvoice rules mirror /srv/einvoice-rules-mirror
    """
    store = RulesOptions(cache_dir, None, offline).store()
    chosen = [pack for pack in _select(store, packs) if pack.package is None]
    # Validation installs only the packs it needs: without names, what is installed is
    # mirrored and the rest named; a pack named is installed first (issue 13: the mirror
    # failed half-way after normal use). Nothing is written before every pack is there.
    left_out = []
    for pack in chosen:
        if store.state(pack).installed:
            continue
        if packs:
            store.install(pack)
        else:
            left_out.append(pack)
    mirrored = [pack for pack in chosen if pack not in left_out]
    count = 0
    for pack in mirrored:
        for item in pack.files:
            copy_to_mirror(store.settings, item.location, item.sha256, destination)
            count += 1
    words = command_words()
    click.echo(words.mirror_written.format(count=count, destination=destination), err=True)
    names = ", ".join(p.key for p in mirrored) or words.none
    click.echo(words.mirrored.format(names=names), err=True)
    if left_out:
        click.echo(words.left_out.format(names=", ".join(p.key for p in left_out)), err=True)
