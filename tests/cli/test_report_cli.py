"""``einvoice validate --format junit|sarif|html`` on the samples and a file that is not there:
the whole output validates against its schema, and every document is in it."""

from __future__ import annotations

import json

import jsonschema
import pytest
from lxml import etree, html

from tests.cli.test_golden import REPO, SAMPLES
from tests.conftest import CliRun
from tests.support.report_schemas import sarif_schema
from tests.unit.test_report_junit import junit_schema

MISSING = "samples/not-there.xml"


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


@pytest.mark.usefixtures("in_repo")
def test_junit(run_cli: CliRun) -> None:
    result = run_cli(["validate", "--format", "junit", *SAMPLES, MISSING])
    assert result.exit_code == 2
    document = etree.fromstring(result.stdout.encode("utf-8"))
    schema = junit_schema()
    assert schema.validate(document), schema.error_log
    suite = document.find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("5", "1", "1")
    outcomes = {c.get("name"): [child.tag for child in c] for c in suite.iter("testcase")}
    assert outcomes == {
        "samples/invalid-invoice.xml": ["failure"],
        "samples/xrechnung-cii-invoice.xml": [],
        "samples/xrechnung-ubl-creditnote.xml": [],
        "samples/xrechnung-ubl-invoice.xml": [],
        MISSING: ["error"],
    }


@pytest.mark.usefixtures("in_repo")
def test_sarif(run_cli: CliRun) -> None:
    result = run_cli(["validate", "--format", "sarif", *SAMPLES, MISSING])
    assert result.exit_code == 2
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(sarif_schema()).validate(log)
    run = log["runs"][0]
    assert [a["location"]["uri"] for a in run["artifacts"]] == [*SAMPLES, MISSING]
    assert [a["properties"]["verdict"] for a in run["artifacts"]] == [
        "reject",
        "accept",
        "accept",
        "accept",
        "error",
    ]
    assert sorted({r["ruleId"] for r in run["results"]}) == ["BR-CO-15", "BR-DE-15", "BR-DE-18"]
    notifications = run["invocations"][0]["toolExecutionNotifications"]
    assert [
        n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for n in notifications
    ] == [MISSING]


@pytest.mark.usefixtures("in_repo")
def test_html(run_cli: CliRun) -> None:
    result = run_cli(["validate", "--format", "html", *SAMPLES, MISSING])
    assert result.exit_code == 2
    page = html.document_fromstring(result.stdout)
    sections = page.cssselect("section.document")
    assert [s.cssselect("span.path")[0].text for s in sections] == [*SAMPLES, MISSING]
    assert [s.get("data-verdict") for s in sections] == [
        "reject",
        "accept",
        "accept",
        "accept",
        "error",
    ]
    assert result.stderr == "5 documents: 3 accepted, 1 rejected, 1 in error\n"
