"""``einvoice explain``: a rule or a business term, as the official rules and EN 16931 define it."""

from __future__ import annotations

from pathlib import Path

import click

from einvoice_cli.cli.localized import LocalizedCommand
from einvoice_cli.cli.options import RulesOptions, cache_options, mirror_option
from einvoice_cli.cli.validate_run import default_language
from einvoice_cli.core.languages import LANGUAGES
from einvoice_cli.evidence.bindings import SyntaxFamily
from einvoice_cli.model.names import term_name
from einvoice_cli.report.explain_words import ExplainWords, explain_words
from einvoice_cli.rules_info.explain import (
    RuleExplanation,
    RuleLibrary,
    TermExplanation,
    is_term,
)


@click.command(cls=LocalizedCommand)
@click.argument("identifier", metavar="RULE|TERM")
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES, case_sensitive=False),
    help="Language of the explanation and of business-term names.",
    show_default="de under a German locale, else en",
)
@mirror_option("--rules-mirror")
@cache_options
def explain(
    identifier: str, lang: str | None, mirror: str | None, cache_dir: Path, offline: bool
) -> None:
    """Explain a rule (BR-CO-15) or a business term (BT-10).

    For a rule: its message, the severity it has in each scenario (after the scenario's
    customLevel), its business terms with their names, its context and test as the official
    rule file writes them, and a hint. For a business term or group: its name, cardinality,
    where it is in UBL and CII, and the rules that name it.

    \b
    Examples:
      einvoice explain BR-CO-15
      einvoice explain --lang de BR-DE-15
      einvoice explain BT-10
    """
    language = lang or default_language()
    words = explain_words(language)
    library = RuleLibrary(
        RulesOptions(cache_dir=cache_dir, mirror=mirror, offline=offline).engine()
    )
    if is_term(identifier):
        _print_term(library.explain_term(identifier.upper()), words, language)
    else:
        _print_rule(library.explain_rule(identifier), words, language)


def _print_rule(rule: RuleExplanation, words: ExplainWords, lang: str) -> None:
    click.echo(rule.rule)
    for check in rule.checks:
        click.echo(f"  {words.message}: {check.message}")
        click.echo(f"  {words.rule_file}: {check.artifact}")
        click.echo(f"  {words.context}: {check.context}")
        click.echo(f"  {words.test}: {check.test}")
        click.echo(f"  {words.flag}: {check.flag or '-'}")
    click.echo(f"  {words.severity_per_scenario}:")
    for level in rule.levels:
        note = f" ({words.custom_level})" if level.custom_level else ""
        click.echo(f"    {level.scenario}: {words.severity[level.severity]}{note}")
    if rule.terms:
        click.echo(f"  {words.terms}:")
        for term in rule.terms:
            click.echo(f"    {term} {term_name(term, lang) or ''}".rstrip())
    if rule.hint:
        click.echo(f"  {words.hint}: {rule.hint[lang]}")
    if rule.unavailable:
        click.echo(f"  {words.not_searched}: {', '.join(rule.unavailable)}")


def _print_term(term: TermExplanation, words: ExplainWords, lang: str) -> None:
    name = term.name.in_language(lang) if term.name else ""
    click.echo(f"{term.term} {name}".rstrip())
    if term.cardinality:
        click.echo(f"  {words.cardinality}: {term.cardinality}")
    group = term.group or words.document
    click.echo(f"  {words.group}: {group} {term_name(group, lang) or ''}".rstrip())
    for binding in SyntaxFamily:
        path = term.paths.get(binding)
        if path:
            click.echo(f"  {words.path[binding]}: {path}")
    if term.rules:
        click.echo(f"  {words.rules} ({len(term.rules)}): {', '.join(term.rules)}")
