"""Running one Schematron step on a document: stylesheet in, findings out.

The stylesheet comes compiled from the engine; the SVRL it writes is read by ``svrl.py``.
Severities here are the rule's own (flag, else role); the scenario's customLevel overrides are
applied by the pipeline, which also decides whether the step runs at all.
"""

from __future__ import annotations

from collections.abc import Mapping

from einvoice_cli.core.findings import Finding, Source, business_terms_in, severity_for_flag
from einvoice_cli.schematron.generated_ids import generated_id
from einvoice_cli.schematron.runtime.svrl import SvrlMessage, parse_svrl
from einvoice_cli.xml.saxon import SaxonDocument, Stylesheet


def finding_from_svrl(
    message: SvrlMessage,
    source: Source,
    *,
    in_verdict: bool,
    terms: Mapping[str, tuple[str, ...]] | None = None,
) -> Finding:
    """One finding for one failed assert or successful report.

    A check without an id gets a generated one (``schematron/generated_ids.py``). Its business
    terms are those the message names, then those the compiler found in the rule (``terms``, by
    rule id); for rules compiled elsewhere, those its location and test read."""
    flag = message.flag if message.flag is not None else message.role
    stored = terms.get(message.rule_id or "") if terms else None
    if stored is None:
        # Imported here: the binding table is needed only for rules compiled elsewhere.
        from einvoice_cli.evidence.rule_terms import terms_of_location

        stored = terms_of_location(message.location, message.test, "")
    named = business_terms_in(message.text)
    rule = message.rule_id or generated_id(
        source, message.kind.value, message.context, message.test
    )
    return Finding(
        rule=rule,
        severity=severity_for_flag(flag),
        flag=flag,
        source=source,
        location=message.location,
        message=message.text,
        business_terms=tuple(dict.fromkeys((*named, *stored))),
        in_verdict=in_verdict,
    )


def run_schematron(
    stylesheet: Stylesheet,
    document: SaxonDocument,
    source: Source,
    *,
    in_verdict: bool = True,
    terms: Mapping[str, tuple[str, ...]] | None = None,
) -> tuple[Finding, ...]:
    """Run a compiled Schematron stylesheet and return its findings in document order;
    ``terms`` is the compiler's table of each rule's business terms, where it stored one."""
    return run_schematron_step(stylesheet, document, source, in_verdict=in_verdict, terms=terms)[1]


def run_schematron_step(
    stylesheet: Stylesheet,
    document: SaxonDocument,
    source: Source,
    *,
    in_verdict: bool = True,
    terms: Mapping[str, tuple[str, ...]] | None = None,
) -> tuple[str, tuple[Finding, ...]]:
    """Run a compiled Schematron stylesheet; the SVRL it wrote, and its findings in document
    order (the KoSIT report carries the SVRL itself)."""
    svrl = stylesheet.transform(document)
    findings = tuple(
        finding_from_svrl(m, source, in_verdict=in_verdict, terms=terms) for m in parse_svrl(svrl)
    )
    return svrl, findings
