"""The library and the command line give the same verdict and findings: on every document of the
XRechnung test suite, ``Validator().validate(path).to_json()`` equals the document object of
``einvoice validate --format json``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from einvoice_cli import Validator
from einvoice_cli.core.contract import JsonValue
from einvoice_cli.validation.engine import RuleEngine
from tests.conftest import CliRun
from tests.support.corpus import XRECHNUNG_TESTSUITE, files, ident

DOCUMENTS = files(XRECHNUNG_TESTSUITE)


@pytest.fixture(scope="module")
def cli_documents(engine: RuleEngine) -> dict[str, JsonValue]:
    result = CliRun(engine)(["validate", "-f", "json", "-j", "1", *map(str, DOCUMENTS)])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    return {document["path"]: document for document in report["documents"]}


@pytest.mark.parametrize("path", DOCUMENTS, ids=ident)
def test_the_api_reports_what_the_cli_reports(
    path: Path, engine: RuleEngine, cli_documents: dict[str, JsonValue]
) -> None:
    document = Validator(engine=engine).validate(path).to_json()
    assert document["verdict"] == "accept"
    assert document == cli_documents[str(path)]
