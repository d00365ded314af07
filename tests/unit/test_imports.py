"""Start-up cost: validating XML with cached rules does not import what it does not use.

Every `einvoice` call and every batch worker pays for its imports before the first document;
the PDF reader (pypdf) and the Schematron compiler (needed only until the disk cache holds the
compiled rules) are imported where they are used. Each check runs in a fresh interpreter, since
this test session has imported everything already.
"""

from __future__ import annotations

import subprocess
import sys

import pytest


def modules_after_importing(module: str) -> set[str]:
    """The module names a fresh interpreter holds after importing ``module``."""
    code = f"import sys, {module}; print('\\n'.join(sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return set(done.stdout.split())


@pytest.mark.parametrize(
    "module", ["einvoice_cli.validation.pipeline", "einvoice_cli.validation.engine"]
)
def test_the_validation_core_imports_neither_pypdf_nor_the_compiler(module: str) -> None:
    loaded = modules_after_importing(module)
    assert module in loaded
    assert not {m for m in loaded if m == "pypdf" or m.startswith("pypdf.")}
    assert "einvoice_cli.schematron.compiler.compile" not in loaded
    assert "einvoice_cli.schematron.merge.xrechnung_peppol" not in loaded


def test_pdf_limits_import_without_pypdf() -> None:
    loaded = modules_after_importing("einvoice_cli.hybrid.settings")
    assert "pypdf" not in loaded


def test_pdf_module_still_offers_its_limits() -> None:
    from einvoice_cli.hybrid import pdf
    from einvoice_cli.hybrid import settings as pdfsettings

    assert pdf.PdfSettings is pdfsettings.PdfSettings
    assert pdf.DEFAULT_MAX_PDF_BYTES == pdfsettings.DEFAULT_MAX_PDF_BYTES


@pytest.mark.parametrize(
    "module",
    ["einvoice_cli.validation.pipeline", "einvoice_cli.report.text", "einvoice_cli.cli.validate"],
)
def test_the_evidence_of_findings_loads_no_rule_term_reader(module: str) -> None:
    # Validating reads the stored terms table; the rule-term reader (with its index of every
    # term's path) is imported only for rules compiled elsewhere.
    assert "einvoice_cli.evidence.rule_terms" not in modules_after_importing(module)


def test_the_text_report_does_not_import_the_semantic_model() -> None:
    # Term names load the model; the text report imports them when a finding names a term.
    loaded = modules_after_importing("einvoice_cli.report.text")
    assert not {
        m for m in loaded if m == "einvoice_cli.model" or m.startswith("einvoice_cli.model.")
    }


def test_the_validate_command_imports_neither_the_model_nor_dask() -> None:
    """Our own checks and the cluster back end load on use, not with every `einvoice validate`."""
    loaded = modules_after_importing("einvoice_cli.cli.validate")
    assert "einvoice_cli.model.semantic" not in loaded
    assert "einvoice_cli.checks.run" not in loaded
    assert not {m for m in loaded if m.split(".")[0] in ("dask", "distributed")}
