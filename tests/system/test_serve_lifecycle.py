"""``einvoice serve`` with a token, stopped by SIGTERM while clients keep sending: a server of
its own (``test_serve.py`` has the shared one)."""

from __future__ import annotations

import signal
import threading
from pathlib import Path

import httpx
from lxml import etree

from tests.support.corpus import MIRROR, require
from tests.support.kosit import assessment
from tests.support.server import start_server
from tests.system.test_serve import XML, suite, wait_for


def test_token_and_a_graceful_stop_under_load(tmp_path: Path, rules_cache: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("s3cret-token\n")
    running = start_server(
        tmp_path / "server.log",
        rules_cache,
        require(MIRROR),
        ["--workers", "1", "--token-file", str(token_file)],
    )
    body = suite()[0].read_bytes()
    auth = {"Authorization": "Bearer s3cret-token", **XML}
    try:
        with httpx.Client(base_url=running.url, timeout=60) as http:
            assert http.get("/server/health").status_code == 200
            assert http.get("/").status_code == 200  # the page holds no data
            assert http.post("/a.xml", content=body, headers=XML).status_code == 401
            wrong = {"Authorization": "Bearer nope", **XML}
            assert http.post("/a.xml", content=body, headers=wrong).status_code == 401
            assert http.get("/metrics").status_code == 401
            assert http.post("/a.xml", content=body, headers=auth).status_code == 200
        answered: list[int] = []
        stop = threading.Event()

        def load() -> None:
            with httpx.Client(base_url=running.url, timeout=60) as http:
                while not stop.is_set():
                    try:
                        answer = http.post("/load.xml", content=body, headers=auth)
                    except httpx.TransportError:
                        return  # the server stopped listening: nothing was answered
                    report = etree.fromstring(answer.content)  # a whole report, not a cut one
                    answered.append(answer.status_code if assessment(report) else 0)

        threads = [threading.Thread(target=load) for _ in range(4)]
        for thread in threads:
            thread.start()
        wait_for(lambda: len(answered) >= 10, 30)
        running.process.send_signal(signal.SIGTERM)
        assert running.process.wait(30) == 0
        stop.set()
        for thread in threads:
            thread.join(30)
        assert answered and set(answered) == {200}
        assert "Traceback" not in running.log_text()
    finally:
        if running.process.poll() is None:
            running.process.kill()
