"""Helpers for the rendering tests: what a person should read (the values taken from the XML,
formatted as the official visualization formats them in English), the text of a PDF as
pdftotext extracts it, and a headless Chromium driven over WebDriver (chromedriver), so a page's
text is read as Chromium shows it (``innerText``: what CSS hides is not there).

Needs Debian's ``chromium``, ``chromium-driver`` and ``poppler-utils``; without them the tests
fail and say so, they are never skipped.
"""

from __future__ import annotations

import json
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType

import pytest
from lxml import etree

from einvoice_cli.core.detect import Syntax, detect
from scripts.html_screenshot import CHROMIUM, HEADLESS

CHROMEDRIVER = Path("/usr/bin/chromedriver")
PDFTOTEXT = Path("/usr/bin/pdftotext")

_UBL = {
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
}
_CII = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
}
_UBL_PATHS = {
    "BT-1": "/*/cbc:ID",
    "BT-2": "/*/cbc:IssueDate",
    "BT-112": "/*/cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount",
    "BT-115": "/*/cac:LegalMonetaryTotal/cbc:PayableAmount",
}
_CII_SUMMATION = (
    "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement"
    "/ram:SpecifiedTradeSettlementHeaderMonetarySummation"
)
_CII_PATHS = {
    "BT-1": "/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:ID",
    "BT-2": "/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString",
    "BT-112": f"{_CII_SUMMATION}/ram:GrandTotalAmount",
    "BT-115": f"{_CII_SUMMATION}/ram:DuePayableAmount",
}
PATHS: Mapping[Syntax, tuple[Mapping[str, str], Mapping[str, str]]] = MappingProxyType(
    {
        Syntax.UBL_INVOICE: (_UBL, _UBL_PATHS),
        Syntax.UBL_CREDITNOTE: (_UBL, _UBL_PATHS),
        Syntax.CII: (_CII, _CII_PATHS),
    }
)
"""Where BT-1, BT-2, BT-112 and BT-115 are in each syntax."""


def english_amount(text: str) -> str:
    """An amount as the visualization shows it in English: ``###,##0.00``, or all its decimals
    (``###,##0.####``) when it has more than two."""
    lexical = text.strip()
    value = Decimal(lexical)
    decimals = lexical.partition(".")[2]
    if len(decimals) > 2:
        shown = f"{value:,f}"
        return shown.rstrip("0").rstrip(".") if "." in shown else shown
    return f"{value:,.2f}"


def english_date(text: str) -> str:
    """A date (``2024-01-31`` or CII's ``20240131``) as ``2024-01-31``."""
    digits = text.strip().replace("-", "")
    return f"{digits[:4]}-{digits[4:6]}-{digits[6:8]}"


def expected_values(xml: bytes) -> dict[str, str]:
    """BT-1, the issue date, BT-112 and BT-115 as the English rendering shows them; a term the
    document lacks (some fail/ files of the ZUGFeRD corpus) is left out. BT-1 must be there."""
    tree = etree.ElementTree(etree.fromstring(xml, etree.XMLParser(resolve_entities=False)))
    syntax = detect(tree).syntax
    assert syntax is not None and syntax in PATHS, f"not a renderable invoice: {syntax}"
    namespaces, paths = PATHS[syntax]
    formats: Mapping[str, Callable[[str], str]] = {
        "BT-1": str.strip,
        "BT-2": english_date,
        "BT-112": english_amount,
        "BT-115": english_amount,
    }
    values = {}
    for term, path in paths.items():
        found = tree.xpath(f"string({path})", namespaces=dict(namespaces))
        if isinstance(found, str) and found.strip():
            values[term] = formats[term](found)
    assert "BT-1" in values, "the invoice has no number (BT-1)"
    return values


def compact(text: str) -> str:
    """Text without whitespace: a table cell may wrap a long value onto two lines."""
    return "".join(text.split())


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF as ``pdftotext -layout`` extracts it."""
    if not PDFTOTEXT.is_file():
        pytest.fail(f"{PDFTOTEXT} is missing: apt-get install -y poppler-utils", pytrace=False)
    done = subprocess.run(
        [str(PDFTOTEXT), "-enc", "UTF-8", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
        timeout=60,
    )
    return done.stdout.decode("utf-8")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Browser:
    """One headless Chromium session, driven over WebDriver by chromedriver on 127.0.0.1."""

    def __init__(self, process: subprocess.Popen[bytes], base: str, session: str) -> None:
        self._process = process
        self._base = base
        self._session = session

    def _call(self, method: str, path: str, payload: object | None = None) -> object:
        data = json.dumps(payload).encode() if payload is not None else None
        request = urllib.request.Request(
            f"{self._base}{path}",
            data=data,
            method=method,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            answer = json.loads(response.read())
        assert isinstance(answer, dict)
        return answer.get("value")

    def open(self, url: str) -> None:
        """Load a page and wait until its scripts' onload has run."""
        self._call("POST", f"/session/{self._session}/url", {"url": url})

    def run(self, script: str) -> object:
        """Run a script in the page and return its result."""
        return self._call(
            "POST", f"/session/{self._session}/execute/sync", {"script": script, "args": []}
        )

    def close(self) -> None:
        """End the session and stop chromedriver."""
        try:
            self._call("DELETE", f"/session/{self._session}")
        finally:
            self._process.terminate()
            self._process.wait(timeout=30)


def start_browser(profile: Path) -> Browser:
    """Start chromedriver on a free local port and open one headless Chromium session."""
    for program, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not program.is_file():
            pytest.fail(f"{program} is missing: apt-get install -y {package}", pytrace=False)
    port = _free_port()
    process = subprocess.Popen(
        [str(CHROMEDRIVER), f"--port={port}", "--allowed-ips=127.0.0.1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    options = {
        "binary": str(CHROMIUM),
        "args": [*HEADLESS, f"--user-data-dir={profile}"],
    }
    capabilities = {"capabilities": {"alwaysMatch": {"goog:chromeOptions": options}}}
    deadline = time.monotonic() + 30
    while True:
        try:
            request = urllib.request.Request(
                f"{base}/session",
                data=json.dumps(capabilities).encode(),
                method="POST",
                headers={"Content-Type": "application/json"},
            )
            with urllib.request.urlopen(request, timeout=60) as response:
                answer = json.loads(response.read())
            break
        except OSError:
            if time.monotonic() > deadline:
                process.terminate()
                raise
            time.sleep(0.1)
    session = answer["value"]["sessionId"]
    return Browser(process, base, str(session))


def browser_session() -> Iterator[Browser]:
    """A browser for a test module (use as a module-scoped fixture's body)."""
    with tempfile.TemporaryDirectory() as folder:
        browser = start_browser(Path(folder) / "profile")
        try:
            yield browser
        finally:
            browser.close()
