"""`einvoice scenarios` lists what documents can be validated with, as text and JSON."""

from __future__ import annotations

import json

from tests.conftest import CliRun

XR = "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"
PEPPOL = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"


def test_scenarios_json(run_cli: CliRun) -> None:
    result = run_cli(["scenarios", "--format", "json"])
    assert result.exit_code == 0
    scenarios = {s["name"]: s for s in json.loads(result.stdout)["scenarios"]}
    xr = scenarios["EN16931 XRechnung (UBL Invoice)"]
    assert xr["syntax"] == "ubl-invoice"
    assert xr["specification_ids"] == [XR]
    assert xr["configuration"] == "xrechnung-2026-01-31"
    assert xr["packs"] == [
        "ubl@2.1",
        "cen-en16931@1.3.15",
        "xrechnung@2.5.0",
        "peppol-bis-billing@3.0.19",
    ]
    assert xr["custom_levels"] == {
        "BR-CL-23": "warning",
        "BR-CL-21": "warning",
        "UBL-CR-646": "error",
    }
    assert scenarios["Peppol BIS Billing 3.0 (CII)"]["specification_ids"] == [PEPPOL]
    configurations = [s["configuration"] for s in scenarios.values()]
    assert configurations.count("xrechnung-2026-01-31") == 11
    assert configurations.count("peppol-bis-billing-3.0.19") == 3
    assert configurations.count("en16931-embedded") == 2


def test_scenarios_json_lists_every_spelling_a_scenario_takes(run_cli: CliRun) -> None:
    scenarios = {
        s["name"]: s for s in json.loads(run_cli(["scenarios", "-f", "json"]).stdout)["scenarios"]
    }
    assert scenarios["Factur-X 1.0 / ZUGFeRD 2.x BASIC"]["specification_ids"] == [
        "urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic",
        "urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:basic",
        "urn:cen.eu:en16931:2017:compliant:factur-x.eu:1p0:basic",
        "urn:cen.eu:en16931:2017#compliant#urn:zugferd.de:2p0:basic",
    ]
    assert scenarios["Factur-X 1.0 / ZUGFeRD 2.x MINIMUM"]["specification_ids"] == [
        "urn:factur-x.eu:1p0:minimum",
        "urn:zugferd.de:2p0:minimum",
    ]


def test_scenarios_text(run_cli: CliRun) -> None:
    result = run_cli(["scenarios"])
    assert result.exit_code == 0
    assert (
        "Validator Configuration XRechnung 3.0.2 (2026-01-31) (xrechnung-2026-01-31)"
        in result.stdout
    )
    assert "  EN16931 XRechnung CVD (CII)" in result.stdout
