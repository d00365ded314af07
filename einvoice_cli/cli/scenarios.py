"""``einvoice scenarios``: the scenarios documents are validated with."""

from __future__ import annotations

import json

import click

from einvoice_cli.cli.command_words import command_words
from einvoice_cli.cli.localized import LocalizedCommand
from einvoice_cli.rulepacks.catalog import load_catalog


@click.command(cls=LocalizedCommand)
@click.option(
    "--format",
    "-f",
    "output_format",
    type=click.Choice(["text", "json"], case_sensitive=False),
    default="text",
    show_default=True,
)
def scenarios(output_format: str) -> None:
    """List the scenarios: which specification ids they take and which rules they run.

    A document is validated under the one scenario whose match expression it satisfies
    (normally its specification identifier, BT-24); `einvoice validate --scenario NAME`
    forces one.

    \b
    Example:
      einvoice scenarios --format json
    """
    catalog = load_catalog()
    if output_format == "json":
        items = []
        for scenario in catalog.scenarios:
            packs = [p.key for p in catalog.packs_for(scenario)]
            items.append(
                {
                    "name": scenario.name,
                    "configuration": scenario.configuration,
                    "pack": packs[-1] if packs else None,
                    "packs": packs,
                    "syntax": scenario.syntax.value,
                    "specification_ids": list(scenario.specification_ids),
                    "xsd": str(scenario.xsd),
                    "schematron": [
                        {"name": s.name, "source": s.source.value, "rules": str(s.rules)}
                        for s in scenario.schematron
                    ],
                    "custom_levels": {k: v.value for k, v in scenario.custom_levels.items()},
                }
            )
        click.echo(json.dumps({"scenarios": items}, indent=2))
        return
    words = command_words()
    for configuration in catalog.configurations:
        click.echo(f"{configuration.title} ({configuration.id})")
        for scenario in configuration.scenarios:
            click.echo(f"  {scenario.name}")
            ids = scenario.specification_ids
            heading = words.specification_ids if len(ids) > 1 else words.specification_id
            click.echo(f"      {words.syntax.format(syntax=scenario.syntax.value)}; {heading}")
            for spec in ids:
                click.echo(f"      {spec}")
            steps = ", ".join(str(s.rules) for s in scenario.schematron)
            click.echo(f"      {words.rules}: {scenario.xsd}, {steps}")
