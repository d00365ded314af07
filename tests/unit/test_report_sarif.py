"""``--format sarif``: exact content on fixed results, validity against the official SARIF 2.1.0
JSON schema, and URIs and texts from untrusted documents kept intact."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest

from einvoice_cli import __version__
from einvoice_cli.report.sarif import SARIF_SCHEMA, artifact_uri
from tests.support.report_results import HOSTILE, HOSTILE_TEXT, ROOT, RUN, XRECHNUNG, render
from tests.support.report_schemas import sarif_schema

RULES = [
    "XML Schema: ubl@2.1:invoice-xsd",
    "Schematron rules for EN16931 (UBL): cen-en16931@1.3.15:ubl-schematron",
]
SUPPLIER = (
    f"{ROOT}/*:AccountingSupplierParty"
    "[namespace-uri()='urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2'][1]"
)
A = {"uri": "in/a/rechnung.xml", "index": 0}

EXPECTED: dict[str, Any] = {
    "$schema": SARIF_SCHEMA,
    "version": "2.1.0",
    "runs": [
        {
            "results": [
                {
                    "ruleId": "BR-DE-15",
                    "ruleIndex": 0,
                    "level": "error",
                    "message": {
                        "text": '[BR-DE-15] Das Element "Buyer reference" (BT-10) muss '
                        "übermittelt werden."
                    },
                    "locations": [
                        {
                            "physicalLocation": {"artifactLocation": A, "region": {"startLine": 2}},
                            "logicalLocations": [
                                {"name": "/Invoice", "fullyQualifiedName": ROOT, "kind": "element"}
                            ],
                        }
                    ],
                    "properties": {
                        "severity": "error",
                        "flag": "fatal",
                        "source": "xrechnung",
                        "business_terms": ["BT-10"],
                        "in_verdict": True,
                        "values": {},
                        "expected": {},
                    },
                },
                {
                    "ruleId": "BR-DE-21",
                    "ruleIndex": 1,
                    "level": "warning",
                    "message": {"text": "[BR-DE-21] Seller (BG-4) should name a contact."},
                    "locations": [
                        {
                            "physicalLocation": {"artifactLocation": A},
                            "logicalLocations": [
                                {
                                    "name": "/Invoice/AccountingSupplierParty",
                                    "fullyQualifiedName": SUPPLIER,
                                    "kind": "element",
                                }
                            ],
                        }
                    ],
                    "properties": {
                        "severity": "warning",
                        "flag": "warning",
                        "source": "xrechnung",
                        "business_terms": ["BG-4"],
                        "in_verdict": True,
                        "values": {},
                        "expected": {},
                    },
                },
                {
                    "ruleId": "PEPPOL-EN16931-R002",
                    "ruleIndex": 2,
                    "level": "note",
                    "message": {"text": "No more than one note is allowed on document level."},
                    "locations": [{"physicalLocation": {"artifactLocation": A}}],
                    "properties": {
                        "severity": "information",
                        "flag": "information",
                        "source": "peppol",
                        "business_terms": [],
                        "in_verdict": False,
                        "values": {},
                        "expected": {},
                    },
                },
            ],
            "artifacts": [
                {
                    "location": {"uri": "in/a/rechnung.xml"},
                    "properties": {
                        "verdict": "reject",
                        "scenario": "EN16931 XRechnung (UBL Invoice)",
                        "container": "xml",
                        "syntax": "ubl-invoice",
                        "specification": XRECHNUNG,
                        "rules": RULES,
                    },
                },
                {
                    "location": {"uri": "in/b/rechnung.xml"},
                    "properties": {
                        "verdict": "accept",
                        "scenario": "EN16931 XRechnung (UBL Invoice)",
                        "container": "xml",
                        "syntax": "ubl-invoice",
                        "specification": XRECHNUNG,
                        "rules": RULES,
                    },
                },
                {
                    "location": {"uri": "scan.pdf"},
                    "properties": {
                        "verdict": "error",
                        "scenario": None,
                        "container": "pdf",
                        "syntax": None,
                        "specification": None,
                        "rules": [],
                    },
                },
            ],
            "tool": {
                "driver": {
                    "name": "einvoice-cli",
                    "version": __version__,
                    "rules": [
                        {
                            "id": "BR-DE-15",
                            "shortDescription": {
                                "text": '[BR-DE-15] Das Element "Buyer reference" (BT-10) muss '
                                "übermittelt werden."
                            },
                            "properties": {
                                "business_terms": ["BT-10"],
                                "business_term_names": {"BT-10": "Buyer reference"},
                                "source": "xrechnung",
                            },
                        },
                        {
                            "id": "BR-DE-21",
                            "shortDescription": {
                                "text": "[BR-DE-21] Seller (BG-4) should name a contact."
                            },
                            "properties": {
                                "business_terms": ["BG-4"],
                                "business_term_names": {"BG-4": "SELLER"},
                                "source": "xrechnung",
                            },
                        },
                        {
                            "id": "PEPPOL-EN16931-R002",
                            "shortDescription": {
                                "text": "No more than one note is allowed on document level."
                            },
                            "properties": {
                                "business_terms": [],
                                "business_term_names": {},
                                "source": "peppol",
                            },
                        },
                    ],
                }
            },
            "invocations": [
                {
                    "executionSuccessful": False,
                    "toolExecutionNotifications": [
                        {
                            "level": "error",
                            "message": {"text": "scan.pdf: the PDF has no embedded invoice"},
                            "locations": [
                                {"physicalLocation": {"artifactLocation": {"uri": "scan.pdf"}}}
                            ],
                        }
                    ],
                }
            ],
        }
    ],
}


def validate(log: object) -> None:
    validator = jsonschema.Draft4Validator(sarif_schema())
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert [f"{list(e.absolute_path)}: {e.message}" for e in errors] == []


def test_exact_output(capsys: pytest.CaptureFixture[str]) -> None:
    output, _ = render("sarif", RUN)
    assert json.loads(output) == EXPECTED
    lines = output.splitlines()
    # One result per line, as they arrive; the run's closing members on the last line.
    assert lines[0].endswith('"runs": [{"results": [')
    assert [json.loads(line.rstrip(","))["ruleId"] for line in lines[1:4]] == [
        "BR-DE-15",
        "BR-DE-21",
        "PEPPOL-EN16931-R002",
    ]
    assert lines[4].startswith('], "artifacts": ')
    assert len(lines) == 5
    assert capsys.readouterr() == ("", "")


def test_output_is_valid_sarif() -> None:
    validate(json.loads(render("sarif", RUN)[0]))


def test_an_empty_run_is_valid_sarif() -> None:
    log = json.loads(render("sarif", ())[0])
    validate(log)
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["invocations"] == [{"executionSuccessful": True}]


def test_a_rule_seen_twice_is_described_once() -> None:
    log = json.loads(render("sarif", (RUN[0], RUN[0]))[0])
    run = log["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == [
        "BR-DE-15",
        "BR-DE-21",
        "PEPPOL-EN16931-R002",
    ]
    assert [r["ruleIndex"] for r in run["results"]] == [0, 1, 2, 0, 1, 2]
    assert [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["index"] for r in run["results"]
    ] == [0, 0, 0, 1, 1, 1]


def test_business_term_names_follow_the_language() -> None:
    log = json.loads(render("sarif", RUN, lang="de")[0])
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert rules[0]["properties"]["business_term_names"] == {"BT-10": "Käuferreferenz"}


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("rechnung.xml", "rechnung.xml"),
        ("eingang/2024 März/rechnung #1.xml", "eingang/2024%20M%C3%A4rz/rechnung%20%231.xml"),
        ("/srv/eingang/a.pdf", "file:///srv/eingang/a.pdf"),
        ("eingang\\a.xml", "eingang/a.xml"),
        ("-", "-"),
    ],
)
def test_artifact_uri(path: str, uri: str) -> None:
    assert artifact_uri(path) == uri


def test_document_text_stays_text() -> None:
    log = json.loads(render("sarif", (HOSTILE,))[0])
    validate(log)
    run = log["runs"][0]
    assert run["results"][0]["message"]["text"] == HOSTILE_TEXT
    assert run["artifacts"][0]["location"]["uri"] == "evil/%3Cb%3E%22x%22%3C/b%3E%26.xml"
    assert run["artifacts"][0]["properties"]["scenario"] == HOSTILE.scenario
