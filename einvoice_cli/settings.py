"""The settings of the public API: the same choices the command line offers, as one value.

:class:`Settings` is what :class:`einvoice_cli.Validator` takes. The command line builds one from
its options; a library caller builds one directly, or takes :meth:`Settings.from_environment`,
which reads the same environment variables as the command line. That method is the only place
outside ``cli/`` that reads the environment, and only when a caller asks for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from einvoice_cli.checks.settings import CheckSettings
from einvoice_cli.core.languages import Language
from einvoice_cli.hybrid.settings import DEFAULT_MAX_PDF_BYTES, PdfSettings
from einvoice_cli.rulepacks.fetch import FetchSettings, default_cache_dir
from einvoice_cli.validation.pipeline import DEFAULT_MAX_FINDINGS_PER_RULE, ValidationOptions
from einvoice_cli.xml.parser import DEFAULT_MAX_BYTES, ParseSettings

ENVIRONMENT = {
    "cache_dir": "EINVOICE_CACHE_DIR",
    "mirror": "EINVOICE_RULES_MIRROR",
    "offline": "EINVOICE_OFFLINE",
    "shorten_texts": "EINVOICE_SHORTEN_TEXTS",
}
"""The environment variable of each setting :meth:`Settings.from_environment` reads."""

_FALSE = frozenset({"", "0", "false", "no", "off"})


@dataclass(frozen=True, slots=True)
class Settings:
    """How documents are validated and where the official rules come from."""

    cache_dir: Path = field(default_factory=default_cache_dir)
    """Where installed rule files and compiled rules are kept (the per-user cache)."""
    mirror: str | None = None
    """Install missing rule files from this mirror (a directory or an http(s) base URL laid out
    as ``HOST/PATH``) instead of the official URLs."""
    offline: bool = False
    """Never download rule files (a mirror directory still works)."""
    scenario: str | None = None
    """Validate every document with this scenario (by name) instead of the one its
    specification identifier selects."""
    all_rules: bool = False
    """Run the business rules even when the XML Schema check fails; those findings are marked
    as outside the verdict, which stays the official one."""
    max_bytes: int = DEFAULT_MAX_BYTES
    """Largest XML document (and embedded invoice) accepted, in bytes."""
    max_pdf_bytes: int = DEFAULT_MAX_PDF_BYTES
    """Largest PDF accepted, in bytes."""
    shorten_texts: bool = True
    """Give Saxon only the start of long texts no rule can read (attachments); the findings
    are the same either way. ``False`` hands Saxon every text whole."""
    debug: bool = False
    """Let unexpected exceptions through instead of reporting a document in error."""
    lang: Language = Language.EN
    """The language of our own findings' messages (the PDF side, the scenario's choice);
    official rule messages are quoted as published."""
    checks: CheckSettings = field(default_factory=CheckSettings)
    """Our own checks beyond the official rules (Leitweg-ID, portal pre-flight, picture vs
    XML); none by default. Their findings never change the verdict."""
    keep_report_input: bool = False
    """Keep in each result the invoice XML and the SVRL of each Schematron step, which the
    KoSIT report (``einvoice_cli.report.kosit``) is built from."""
    max_findings_per_rule: int = DEFAULT_MAX_FINDINGS_PER_RULE
    """Findings reported per rule and document (0: all); a finding of our own
    (``EINV-FINDINGS-OMITTED``) says how many more there were. The verdict counts them all."""

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> Settings:
        """Settings from the environment variables the command line reads too
        (:data:`ENVIRONMENT`); every other setting keeps its default."""
        settings = cls()
        if cache := environ.get(ENVIRONMENT["cache_dir"]):
            settings = replace(settings, cache_dir=Path(cache))
        if mirror := environ.get(ENVIRONMENT["mirror"]):
            settings = replace(settings, mirror=mirror)
        if (offline := environ.get(ENVIRONMENT["offline"])) is not None:
            settings = replace(settings, offline=_flag(offline))
        if (shorten := environ.get(ENVIRONMENT["shorten_texts"])) is not None:
            settings = replace(settings, shorten_texts=_flag(shorten))
        return settings

    def fetch_settings(self) -> FetchSettings:
        """Where the rule store finds and installs rule files."""
        return FetchSettings(
            cache_dir=self.cache_dir, mirror=self.mirror, allow_network=not self.offline
        )

    def validation_options(self) -> ValidationOptions:
        """How the pipeline validates each document. An embedded invoice, like any XML
        document, may be at most :attr:`max_bytes`."""
        return ValidationOptions(
            parse=ParseSettings(max_bytes=self.max_bytes),
            pdf=PdfSettings(max_pdf_bytes=self.max_pdf_bytes, max_attachment_bytes=self.max_bytes),
            scenario=self.scenario,
            all_rules=self.all_rules,
            debug=self.debug,
            shorten_texts=self.shorten_texts,
            checks=self.checks,
            lang=self.lang,
            keep_report_input=self.keep_report_input,
            max_findings_per_rule=self.max_findings_per_rule,
        )


def _flag(value: str) -> bool:
    return value.strip().lower() not in _FALSE
