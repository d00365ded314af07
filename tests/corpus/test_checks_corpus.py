"""Our Leitweg-ID check on the official XRechnung test suite: it names exactly the suite's
fictional buyer references that are no Leitweg-IDs, and nothing else."""

from __future__ import annotations

from einvoice_cli.checks.document import CheckedDocument
from einvoice_cli.checks.run import run_checks
from einvoice_cli.checks.settings import CheckSettings
from einvoice_cli.core.detect import detect
from einvoice_cli.core.results import Container
from einvoice_cli.xml.parser import ParseSettings, parse_xml
from tests.support.corpus import XRECHNUNG_TESTSUITE, files

NOT_LEITWEG_IDS = {
    "04011000-12345-34",  # check digits should be 03
    "90000000-03083-72",  # 90 is no Land code
    "99000000-01944-98",  # check digits should be 56
    "99000000-05676-98",  # check digits should be 15
    "Leitweg-ID",
}


def test_the_suites_buyer_references() -> None:
    settings = CheckSettings.from_names(["leitweg"])
    flagged: dict[str, str] = {}
    paths = files(XRECHNUNG_TESTSUITE)
    for path in paths:
        data = path.read_bytes()
        tree = parse_xml(data, path.name, ParseSettings())
        document = CheckedDocument(path.name, tree, data, Container.XML, detect(tree).specification)
        for finding in run_checks(document, settings):
            assert finding.rule == "EINV-LEITWEG"
            flagged[path.name] = finding.message.split("'")[1]
    assert set(flagged.values()) == NOT_LEITWEG_IDS
    assert (len(paths), len(flagged)) == (86, 42)
