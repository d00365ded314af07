"""``einvoice serve``: the real server in a subprocess on a free loopback port, driven over HTTP.

One server (two workers, short limits) serves these tests; ``test_serve_lifecycle.py`` starts
its own to stop it (SIGTERM) and to demand a token. Workers are stopped (SIGSTOP) to make a
document hang and killed (SIGKILL) to make one crash, so no test hook exists in the service
itself. The page is tested in headless Chromium (Debian's ``chromium`` and ``chromium-driver``,
through Selenium).
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from lxml import etree

from einvoice_cli.core.verdict import Verdict
from einvoice_cli.report.kosit import report_schema
from einvoice_cli.rulepacks.catalog import load_catalog
from einvoice_cli.service.pool import PREFETCH
from einvoice_cli.validation.engine import RuleEngine
from einvoice_cli.validation.inputs import Input
from einvoice_cli.validation.pipeline import ValidationOptions, validate
from tests.conftest import CliRun
from tests.support.convert_support import visual_pdf
from tests.support.corpus import (
    MIRROR,
    REFERENCE,
    REPO,
    XRECHNUNG_TESTSUITE,
    ZUGFERD,
    files,
    require,
)
from tests.support.kosit import NS, assessment
from tests.support.pdfsamples import Embedded, build_pdf, flate_bomb, xmp_packet
from tests.support.server import RunningServer, start_server

TIMEOUT = 5
"""The server's per-document timeout (seconds)."""
BODY_TIMEOUT = 2
QUEUE = 2
XML = {"Content-Type": "application/xml"}
INVALID = REPO / "samples" / "invalid-invoice.xml"
STATUS = {Verdict.ACCEPT: 200, Verdict.REJECT: 406, Verdict.ERROR: 422}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, rules_cache: Path) -> Iterator[RunningServer]:
    log = tmp_path_factory.mktemp("serve") / "server.log"
    args = ["--workers", "2", "--timeout", str(TIMEOUT), "--queue", str(QUEUE)]
    running = start_server(log, rules_cache, require(MIRROR), [*args, "--body-timeout", "2"])
    yield running
    assert running.stop() == 0, running.log_text()


@pytest.fixture
def client(server: RunningServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=60) as http:
        yield http


def suite() -> list[Path]:
    return files(XRECHNUNG_TESTSUITE)


def our_verdict(path: Path, engine: RuleEngine) -> Verdict:
    [result] = validate([Input(str(path), path=path)], engine, ValidationOptions())
    return result.verdict


def metric(client: httpx.Client, line: str) -> float:
    """The value of one metric line (name with labels), 0 when absent."""
    text = client.get("/metrics").text
    found = re.search(rf"^{re.escape(line)} (\S+)$", text, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


def wait_for(condition: Callable[[], bool], seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.05)


# The KoSIT daemon's route


def test_kosit_posts_get_the_status_and_report_our_verdict_gives(
    client: httpx.Client, engine: RuleEngine
) -> None:
    schema = report_schema(engine)
    documents = [*suite(), INVALID]
    seen = set()
    with ThreadPoolExecutor(2) as executor:  # as many as the server has workers
        answers = [
            executor.submit(
                client.post, f"/some/folder/{p.name}", content=p.read_bytes(), headers=XML
            )
            for p in documents
        ]
        verdicts = [our_verdict(path, engine) for path in documents]
    for path, verdict, pending in zip(documents, verdicts, answers, strict=True):
        seen.add(verdict)
        answer = pending.result()
        assert answer.status_code == STATUS[verdict], (path, answer.text[:300])
        assert answer.headers["content-type"].startswith("application/xml")
        report = etree.fromstring(answer.content)
        assert schema.validate(report), (path, schema.error_log)
        assert assessment(report) == verdict.value, path
        [reference] = report.xpath("//rep:documentReference", namespaces=NS)
        assert reference.text.strip() == path.name  # the last path segment names the input
    assert seen == {Verdict.ACCEPT, Verdict.REJECT}


def test_large_documents_under_concurrency_are_all_answered(
    client: httpx.Client, server: RunningServer
) -> None:
    # The largest invoices of the suite make reports larger than a pipe's buffer: a busy
    # worker writing one must never wait for the server, which must not be blocked sending
    # it the next document. Each worker takes its next document however large it is, so it
    # never idles while that one waits in the server's queue.
    largest = sorted(suite(), key=lambda p: p.stat().st_size)[-2 * PREFETCH :]
    assert all(p.stat().st_size > 200_000 for p in largest)
    wait_for(lambda: metric(client, 'einvoice_workers{state="prepared"}') == 2, 60)
    server.signal_workers(signal.SIGSTOP)
    try:
        with ThreadPoolExecutor(len(largest)) as executor:  # two each, none queued
            answers = [
                executor.submit(client.post, f"/{p.name}", content=p.read_bytes(), timeout=60)
                for p in largest
            ]
            wait_for(lambda: metric(client, 'einvoice_workers{state="busy"}') == 2)
            time.sleep(0.5)  # the last requests' bodies arrive
            assert metric(client, "einvoice_queue_depth") == 0
            server.signal_workers(signal.SIGCONT)
            statuses = [a.result(timeout=90).status_code for a in answers]
            # A held document's clock ran while its worker was stopped (see the 503 test).
            assert statuses.count(200) >= PREFETCH and set(statuses) <= {200, 504}, statuses
    finally:
        server.signal_workers(signal.SIGCONT)


def test_kosit_route_answers_422_with_a_report_for_what_cannot_be_processed(
    client: httpx.Client, engine: RuleEngine
) -> None:
    answer = client.post("/", content=b"this is not XML", headers=XML)
    assert answer.status_code == 422
    report = etree.fromstring(answer.content)
    assert report_schema(engine).validate(report)
    assert assessment(report) == "reject"
    [reference] = report.xpath("//rep:documentReference", namespaces=NS)
    assert re.fullmatch(r"supplied_instance_\d+", reference.text.strip())


def test_kosit_route_refuses_what_the_daemon_refuses(client: httpx.Client) -> None:
    empty = client.post("/invoice.xml", content=b"", headers=XML)
    assert (empty.status_code, empty.text.strip()) == (400, "No content supplied")
    multipart = client.post("/", files={"file": ("a.xml", INVALID.read_bytes())})
    assert multipart.status_code == 400
    assert client.put("/invoice.xml", content=b"<x/>").status_code == 405
    assert client.delete("/").status_code == 405
    assert client.get("/invoice.xml").status_code == 405


def test_health_and_config_as_the_daemon_documents_them(client: httpx.Client) -> None:
    daemon_xsd = require(REFERENCE / "kosit-validator-1.6.3-docs" / "daemon.xsd")
    health = client.get("/server/health")
    assert health.status_code == 200
    document = etree.fromstring(health.content)
    assert etree.XMLSchema(etree.parse(str(daemon_xsd))).validate(document)
    assert document.findtext("{*}status") == "UP"
    config = etree.fromstring(client.get("/server/config").content)
    names = [e.text for e in config.iterfind("{*}scenario/{*}name")]
    assert names == [s.name for c in load_catalog().configurations for s in c.scenarios]


# The JSON API


def without_paths(report: dict[str, object]) -> list[dict[str, object]]:
    documents = report["documents"]
    assert isinstance(documents, list)
    return [{k: v for k, v in d.items() if k != "path"} for d in documents]


def test_json_api_results_equal_the_cli_json(
    client: httpx.Client, run_cli: CliRun, without_buyer_reference: Path
) -> None:
    paths = [*suite()[:4], INVALID, without_buyer_reference]
    answer = client.post(
        "/api/v1/validate", files=[("file", (p.name, p.read_bytes())) for p in paths]
    )
    assert answer.status_code == 200
    served = answer.json()
    cli = run_cli(["validate", "--format", "json", *map(str, paths)])
    expected = json.loads(cli.stdout)
    assert [d["path"] for d in served["documents"]] == [p.name for p in paths]
    assert without_paths(served) == without_paths(expected)
    assert served["summary"] == expected["summary"]


def test_json_api_report_formats(client: httpx.Client) -> None:
    body = INVALID.read_bytes()
    sarif = client.post("/api/v1/validate?format=sarif&name=bad.xml", content=body).json()
    rules = {r["ruleId"] for r in sarif["runs"][0]["results"]}
    assert {"BR-DE-15", "BR-CO-15"} <= rules
    junit = etree.fromstring(client.post("/api/v1/validate?format=junit", content=body).content)
    assert junit.xpath("count(//failure)") >= 1
    html = client.post("/api/v1/validate?format=html&lang=de", content=body)
    assert html.headers["content-type"].startswith("text/html")
    assert "Käuferreferenz" in html.text
    kosit = client.post("/api/v1/validate?format=kosit", content=body)
    assert kosit.status_code == 200  # the API reports; the verdict is inside
    assert assessment(etree.fromstring(kosit.content)) == "reject"
    two = client.post("/api/v1/validate?format=kosit", files=[("file", ("a.xml", body))] * 2)
    assert two.status_code == 400
    assert client.post("/api/v1/validate?format=pdf", content=body).status_code == 400


def test_json_api_runs_our_own_checks_when_asked(client: httpx.Client) -> None:
    """?check= takes the command line's names; our findings stay out of the verdict."""
    findings: dict[str, list[str]] = {}
    for path in suite()[:12]:
        answer = client.post(
            f"/api/v1/validate?check=leitweg&name={path.name}", content=path.read_bytes()
        )
        assert answer.status_code == 200, answer.text
        (document,) = answer.json()["documents"]
        assert document["verdict"] == "accept"
        ours = [f for f in document["findings"] if f["source"] == "einvoice"]
        assert all(not f["in_verdict"] and f["rule"].startswith("EINV-") for f in ours)
        findings[path.name] = [f["rule"] for f in ours]
    assert any("EINV-LEITWEG" in rules for rules in findings.values()), findings
    plain = client.post("/api/v1/validate", content=suite()[0].read_bytes()).json()
    assert not [f for f in plain["documents"][0]["findings"] if f["source"] == "einvoice"]
    assert client.post("/api/v1/validate?check=nonsense", content=b"<x/>").status_code == 400


def test_json_api_forced_scenario(client: httpx.Client) -> None:
    body = INVALID.read_bytes()
    forced = client.post("/api/v1/validate?scenario=EN16931 (UBL Invoice)", content=body).json()
    [document] = forced["documents"]
    assert document["scenario"] == "EN16931 (UBL Invoice)"
    assert "BR-DE-15" not in {f["rule"] for f in document["findings"]}
    unknown = client.post("/api/v1/validate?scenario=nonesuch", content=body)
    assert unknown.status_code == 400


def test_convert_ubl_to_cii(client: httpx.Client) -> None:
    source = next(p for p in suite() if p.name.endswith("_ubl.xml"))
    answer = client.post(f"/api/v1/convert?to=cii&name={source.name}", content=source.read_bytes())
    assert answer.status_code == 200, answer.text
    assert etree.QName(etree.fromstring(answer.content)).localname == "CrossIndustryInvoice"
    assert answer.headers["x-einvoice-input-verdict"] == "accept"
    assert answer.headers["x-einvoice-outcome"] in {"converted", "output-rejected"}
    assert client.post("/api/v1/convert?to=pdf", content=b"<x/>").status_code == 400


def test_convert_to_a_facturx_pdf_that_the_kosit_route_accepts(client: httpx.Client) -> None:
    source = require(ZUGFERD / "XML-Rechnung" / "CII" / "XRECHNUNG_Einfach.cii.xml")
    files = {
        "invoice": (source.name, source.read_bytes()),
        "pdf": ("rechnung.pdf", visual_pdf()),
    }
    made = client.post("/api/v1/convert?to=facturx", files=files)
    assert made.status_code == 200, made.text
    assert made.headers["content-type"] == "application/pdf"
    assert made.content.startswith(b"%PDF-")
    assert made.headers["x-einvoice-output-verdict"] == "accept"
    checked = client.post("/hybrid.pdf", content=made.content)
    assert checked.status_code == 200
    assert assessment(etree.fromstring(checked.content)) == "accept"
    without = client.post("/api/v1/convert?to=facturx", files={"invoice": files["invoice"]})
    assert without.status_code == 400


def test_view_renders_for_people_with_the_verdict(client: httpx.Client) -> None:
    """/api/v1/view: the official visualization as one page, or a PDF/A-3b; a rejected invoice
    is rendered with its verdict; what cannot be rendered is a one-line 422."""
    source = next(p for p in suite() if p.name.endswith("_ubl.xml"))
    number = etree.parse(source).findtext(
        "{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}ID"
    )
    page = client.post(
        f"/api/v1/view?format=html&lang=en&name={source.name}", content=source.read_bytes()
    )
    assert page.status_code == 200, page.text
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["x-einvoice-verdict"] == "accept"
    assert number is not None and number in page.text
    printed = client.post("/api/v1/view?format=pdf", content=source.read_bytes())
    assert printed.status_code == 200
    assert printed.content.startswith(b"%PDF-")
    rejected = client.post(
        "/api/v1/view", content=(REPO / "samples" / "invalid-invoice.xml").read_bytes()
    )
    assert (rejected.status_code, rejected.headers["x-einvoice-verdict"]) == (200, "reject")
    broken = client.post("/api/v1/view", content=b"<Invoice>")
    assert broken.status_code == 422 and "not well-formed" in broken.text
    assert client.post("/api/v1/view?format=docx", content=b"<x/>").status_code == 400


def test_openapi_document(client: httpx.Client) -> None:
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.")
    paths = {"/api/v1/validate", "/api/v1/convert", "/api/v1/view", "/server/health"}
    assert paths <= set(document["paths"])


# Bad input: the documented status, and the server stays up


def test_bad_input_gets_its_status_and_the_server_stays_up(
    client: httpx.Client, server: RunningServer
) -> None:
    huge = client.post("/huge.xml", content=b"<a>" + b" " * (30 * 1024**2) + b"</a>")
    assert huge.status_code == 413
    bomb = build_pdf(
        [Embedded("factur-x.xml", b"", encoded=flate_bomb(64 * 1024**2))], xmp=xmp_packet()
    )
    answer = client.post("/api/v1/validate?name=bomb.pdf", content=bomb)
    [document] = answer.json()["documents"]
    assert (document["verdict"], document["error_kind"]) == ("error", "too-large")
    assert client.post("/bomb.pdf", content=bomb).status_code == 422
    assert client.post("/api/v1/validate", content=b"").status_code == 400
    # A client that sends part of its body and then nothing: 408 after the body timeout.
    host, port = urlsplit(server.url).hostname, urlsplit(server.url).port
    assert host is not None and port is not None
    with socket.create_connection((host, port), timeout=BODY_TIMEOUT + 10) as slow:
        slow.sendall(b"POST /slow.xml HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n<Inv")
        started = time.monotonic()
        head = slow.recv(4096)
        assert head.startswith(b"HTTP/1.1 408"), head
        assert BODY_TIMEOUT - 0.5 <= time.monotonic() - started < BODY_TIMEOUT + 5
    assert client.get("/server/health").status_code == 200
    assert client.post("/ok.xml", content=suite()[0].read_bytes()).status_code == 200


def test_no_request_makes_the_server_read_a_local_file(client: httpx.Client) -> None:
    evil = REPO / "tests" / "evil"
    secret = (evil / "secret.txt").read_text().strip()
    text = (evil / "xxe-local-file.xml").read_text(encoding="utf-8")
    body = text.replace('"secret.txt"', f'"{(evil / "secret.txt").as_uri()}"').encode()
    kosit = client.post("/xxe.xml", content=body)
    assert kosit.status_code == 422
    assert secret not in kosit.text
    [document] = client.post("/api/v1/validate", content=body).json()["documents"]
    assert document["error_kind"] == "forbidden-doctype"
    assert secret not in json.dumps(document)


# Hangs, crashes and a full queue


def test_a_hung_worker_answers_504_and_a_fresh_one_takes_over(
    client: httpx.Client, server: RunningServer
) -> None:
    body = suite()[0].read_bytes()
    before = metric(client, 'einvoice_worker_restarts_total{reason="timeout"}')
    server.signal_workers(signal.SIGSTOP)
    try:
        started = time.monotonic()
        hung = client.post("/hung.xml", content=body)
        assert hung.status_code == 504
        assert TIMEOUT <= time.monotonic() - started < TIMEOUT + 10
    finally:
        server.signal_workers(signal.SIGCONT)
    assert client.post("/next.xml", content=body).status_code == 200
    assert metric(client, 'einvoice_worker_restarts_total{reason="timeout"}') == before + 1


def test_a_killed_worker_gives_one_500_and_the_next_request_succeeds(
    client: httpx.Client, server: RunningServer
) -> None:
    body = suite()[0].read_bytes()
    stopped = server.signal_workers(signal.SIGSTOP)
    with ThreadPoolExecutor(1) as executor:
        pending = executor.submit(client.post, "/crash.xml", content=body)
        wait_for(lambda: metric(client, 'einvoice_workers{state="busy"}') == 1)
        for pid in stopped:
            os.kill(pid, signal.SIGKILL)
        assert pending.result(timeout=30).status_code == 500
    assert client.post("/after.xml", content=body).status_code == 200
    assert client.get("/server/health").status_code == 200


def test_a_full_queue_answers_503_with_retry_after(
    client: httpx.Client, server: RunningServer
) -> None:
    body = suite()[0].read_bytes()
    wait_for(lambda: metric(client, 'einvoice_workers{state="prepared"}') == 2, 60)
    server.signal_workers(signal.SIGSTOP)
    held = 2 * PREFETCH + QUEUE  # each worker holds PREFETCH documents, then the queue fills
    try:
        with ThreadPoolExecutor(held) as executor:
            pending: list[Future[httpx.Response]] = [
                executor.submit(client.post, f"/q{i}.xml", content=body) for i in range(held)
            ]
            wait_for(lambda: metric(client, "einvoice_queue_depth") == QUEUE)
            full = client.post("/one-too-many.xml", content=body)
            assert full.status_code == 503
            assert full.headers["retry-after"] == "1"
            server.signal_workers(signal.SIGCONT)
            statuses = [p.result(timeout=30).status_code for p in pending]
            # The queued documents' clocks start only now; the held ones' ran while their
            # workers were stopped, so on a slow machine they may have timed out (504).
            assert statuses.count(200) >= QUEUE and set(statuses) <= {200, 504}, statuses
    finally:
        server.signal_workers(signal.SIGCONT)


# Metrics and the access log


def test_metrics_and_one_access_log_line_per_request(
    client: httpx.Client, server: RunningServer
) -> None:
    body = INVALID.read_bytes()
    names = [f"logged-{i}.xml" for i in range(3)]
    for name in names:
        assert client.post(f"/{name}", content=body).status_code == 406
    text = client.get("/metrics").text
    assert re.search(r'^einvoice_requests_total\{route="kosit",status="406"\} \d+$', text, re.M)
    assert re.search(r'^einvoice_documents_total\{verdict="reject"\} \d+$', text, re.M)
    assert re.search(
        r'^einvoice_request_duration_seconds_bucket\{route="kosit",le="\+Inf"\} \d+$', text, re.M
    )
    assert re.search(r"^einvoice_queue_depth 0$", text, re.M)
    log = server.log_text()
    for name in names:
        lines = [line for line in log.splitlines() if f"/{name}" in line]
        assert len(lines) == 1, lines
        assert re.search(rf'"POST /{name}" 406 \d+ [\d.]+ms$', lines[0])
    assert "Traceback" not in log
    assert "BuyerReference" not in log and "<?xml" not in log  # no invoice content


# The web page in a real browser


def line_of_rule(server: RunningServer, rule: str) -> int:
    """The line the JSON API gives for a rule's finding in the invalid sample."""
    answer = httpx.post(server.url + "/api/v1/validate", content=INVALID.read_bytes())
    [line] = [f["line"] for f in answer.json()["documents"][0]["findings"] if f["rule"] == rule]
    assert isinstance(line, int)
    return line


def test_the_page_in_headless_chromium(server: RunningServer, tmp_path: Path) -> None:
    from tests.support.browser import chromium_driver

    accepted = suite()[0]
    with chromium_driver(tmp_path / "profile") as driver:
        driver.get(server.url + "/?lang=de")
        assert driver.find_element("id", "title").text == "E-Rechnungen prüfen"
        upload = driver.find_element("id", "files")
        upload.send_keys(f"{INVALID}\n{accepted}")
        wait_for(lambda: len(driver.find_elements("css selector", "section.document")) == 2, 30)
        sections = driver.find_elements("css selector", "section.document")
        verdicts = [s.find_element("css selector", ".verdict").text for s in sections]
        assert verdicts == ["Ablehnen", "Annehmen"]
        rejected = sections[0].text
        assert "Fehler (3)" in rejected
        assert '[BR-DE-15] Das Element "Buyer reference" (BT-10) muss übermittelt werden.' in (
            rejected
        )
        assert "BT-10 Käuferreferenz" in rejected
        assert f"Stelle: /Invoice (Zeile {line_of_rule(server, 'BR-DE-15')})" in rejected
        link = sections[0].find_element("css selector", "a.download")
        assert link.get_attribute("download") == "invalid-invoice.xml-report.json"
        assert (link.get_attribute("href") or "").startswith("blob:")
        driver.find_element("css selector", "#lang button[data-lang=en]").click()
        assert driver.find_element("css selector", "section.document .verdict").text == "Reject"
        assert "BT-10 Buyer reference" in driver.find_element("id", "doc-1").text
        target = tmp_path / "serve-page.png"
        driver.set_window_size(1000, 900)
        driver.save_screenshot(str(target))
        assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
