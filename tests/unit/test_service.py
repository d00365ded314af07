"""The service's pure parts: KoSIT input names, the metrics text, the health document, the page."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest
from lxml import etree, html

from einvoice_cli.cli.serve import bind_socket
from einvoice_cli.core.verdict import Verdict
from einvoice_cli.service.answers import PoolState
from einvoice_cli.service.daemon import InputNames, health_xml
from einvoice_cli.service.jobs import Job, JobResult, run_job
from einvoice_cli.service.metrics import Metrics
from einvoice_cli.service.page import WORDS, render_page
from einvoice_cli.validation.engine import RuleEngine
from einvoice_cli.validation.pipeline import ValidationOptions
from tests.conftest import CliRun
from tests.support.corpus import REFERENCE, require
from tests.unit.test_imports import modules_after_importing


def test_the_last_path_segment_names_the_input_as_kosit_does() -> None:
    names = InputNames()
    assert names.name("/myfile.xml") == "myfile.xml"
    assert names.name("/mypath/myfile.xml") == "myfile.xml"
    assert names.name("/mypath/my%20file.xml") == "my file.xml"
    assert names.name("/") == "supplied_instance_1"
    assert names.name("/folder/..") == "supplied_instance_2"
    assert names.name("/a/b%5Cc.xml") == "b_c.xml"


def test_metrics_are_prometheus_text() -> None:
    metrics = Metrics()
    metrics.request("kosit", 200, 0.004)
    metrics.request("kosit", 200, 0.03)
    metrics.request("kosit", 406, 7.0)
    metrics.verdict("accept")
    state = PoolState(
        workers=2, prepared=2, busy=1, queued=3, restarts={"crash": 1, "timeout": 0, "memory": 0}
    )
    text = metrics.render(state)
    lines = text.splitlines()
    assert 'einvoice_requests_total{route="kosit",status="200"} 2' in lines
    assert 'einvoice_requests_total{route="kosit",status="406"} 1' in lines
    assert 'einvoice_documents_total{verdict="accept"} 1' in lines
    assert 'einvoice_request_duration_seconds_bucket{route="kosit",le="0.005"} 1' in lines
    assert 'einvoice_request_duration_seconds_bucket{route="kosit",le="0.05"} 2' in lines
    assert 'einvoice_request_duration_seconds_bucket{route="kosit",le="+Inf"} 3' in lines
    assert 'einvoice_request_duration_seconds_count{route="kosit"} 3' in lines
    assert "einvoice_queue_depth 3" in lines
    assert 'einvoice_workers{state="busy"} 1' in lines
    assert 'einvoice_worker_restarts_total{reason="crash"} 1' in lines
    sample = re.compile(r'^[a-z_]+(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? [0-9.e+-]+$')
    for line in lines:
        assert line.startswith("# ") or sample.match(line), line


def test_health_is_valid_against_the_daemon_schema() -> None:
    schema = require(REFERENCE / "kosit-validator-1.6.3-docs" / "daemon.xsd")
    document = etree.fromstring(health_xml(up=False))
    assert etree.XMLSchema(etree.parse(str(schema))).validate(document)
    assert document.findtext("{*}status") == "DOWN"


def test_the_page_loads_nothing_from_elsewhere_and_speaks_both_languages() -> None:
    page = render_page()
    tree = html.document_fromstring(page)
    assert not tree.xpath("//*[@src] | //link | //img")
    assert not re.search(r"\b(?:src|href)=\"?https?:", page)
    assert set(WORDS) == {"en", "de"}
    assert WORDS["de"].title == "E-Rechnungen prüfen"
    data = tree.get_element_by_id("page-data").text_content()
    assert '"BT-10": {"de": "Käuferreferenz", "en": "Buyer reference"}' in data


@pytest.mark.parametrize("module", ["einvoice_cli.cli.main", "einvoice_cli.cli.validate"])
def test_other_commands_do_not_import_the_http_stack(module: str) -> None:
    loaded = modules_after_importing(module)
    assert module in loaded
    assert not {m for m in loaded if m.split(".")[0] in {"starlette", "uvicorn", "multipart"}}
    assert not {m for m in loaded if m.startswith("einvoice_cli.service")}


def test_the_listening_socket_sends_small_answers_at_once() -> None:
    # Without TCP_NODELAY on the accepted sockets (asyncio sets it only on sockets that name
    # IPPROTO_TCP), every answer on a kept-alive connection waited 40 ms for a delayed ACK.
    sock = bind_socket("127.0.0.1", 0)
    try:
        assert sock.proto == socket.IPPROTO_TCP
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
        sock.listen()
        with socket.create_connection(sock.getsockname()) as client:
            accepted, _ = sock.accept()
            with accepted:
                assert client.fileno() > 0
                assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
    finally:
        sock.close()


def test_the_version_is_read_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every JSON report and health answer names the version; reading the distribution's
    # metadata each time cost the service milliseconds per request.
    import importlib.metadata

    from einvoice_cli.core.version import tool_version

    reads: list[str] = []
    real = importlib.metadata.version

    def counted(name: str) -> str:
        reads.append(name)
        return real(name)

    monkeypatch.setattr(importlib.metadata, "version", counted)
    tool_version.cache_clear()
    try:
        assert tool_version() == tool_version() == real("einvoice-cli")
        assert reads == ["einvoice-cli"]
    finally:
        tool_version.cache_clear()


@pytest.mark.parametrize(("output", "lang"), [("json", "en"), ("sarif", "en"), ("text", "de")])
def test_a_worker_formats_a_one_document_report_as_the_command_line_does(
    engine: RuleEngine, run_cli: CliRun, without_buyer_reference: Path, output: str, lang: str
) -> None:
    # The server's event loop sends this report as it is; it must be the command line's.
    name = str(without_buyer_reference)
    job = Job(name=name, data=without_buyer_reference.read_bytes(), report=output, lang=lang)
    result = run_job(job, engine, ValidationOptions(), None)
    assert isinstance(result, JobResult)
    assert result.verdict is Verdict.REJECT
    assert result.report is not None
    cli = run_cli(["validate", "--format", output, "--lang", lang, name])
    assert result.report.decode("utf-8") == cli.stdout


def test_the_server_parses_with_httptools_on_uvloop() -> None:
    # Both are dependencies because every request passes through the server's one event loop:
    # uvicorn would fall back to its pure-Python parser and asyncio's loop without a word.
    import uvloop
    from starlette.applications import Starlette
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    from einvoice_cli.service.server import Server

    server = Server(Starlette(), grace=1, on_listening=lambda: None)
    server.config.load()
    assert server.config.http_protocol_class is HttpToolsProtocol
    assert server.config.get_loop_factory() is uvloop.new_event_loop
