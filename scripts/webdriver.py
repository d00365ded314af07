"""A small W3C WebDriver client for headless Chromium through Debian's ``chromedriver``.

Enough to open a page, click what a person clicks, type, read back what the page shows and
take a screenshot; used by the browser tests and ``benchmarks/html_report_scale.py``. It speaks
the protocol over ``urllib`` to a ``chromedriver`` it starts on a free port of 127.0.0.1 and
stops again (https://www.w3.org/TR/webdriver2/).
"""

from __future__ import annotations

import base64
import json
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import cast

from scripts.html_screenshot import CHROMIUM, HEADLESS

CHROMEDRIVER = Path("/usr/bin/chromedriver")
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"
"""The key of an element reference in the protocol."""

JsonValue = str | int | float | bool | None | list["JsonValue"] | dict[str, "JsonValue"]


class WebDriverError(RuntimeError):
    """The driver answered a command with an error."""


class Browser:
    """One browser session."""

    def __init__(self, base: str, session: str) -> None:
        self._base = f"{base}/session/{session}"

    def _call(self, method: str, path: str, body: JsonValue = None) -> JsonValue:
        return _request(method, self._base + path, body)

    def open(self, url: str) -> None:
        """Load ``url`` and wait for it (its scripts have run)."""
        self._call("POST", "/url", {"url": url})

    def run(self, script: str, *args: JsonValue) -> JsonValue:
        """Run a function body in the page and return its value (WebDriver runs it outside
        the page's Content-Security-Policy, as developer tools do)."""
        return self._call("POST", "/execute/sync", {"script": script, "args": list(args)})

    def execute_async(self, script: str, *args: JsonValue) -> JsonValue:
        """Run a function body that reports its value by calling its last argument."""
        return self._call("POST", "/execute/async", {"script": script, "args": list(args)})

    def find(self, selector: str) -> list[str]:
        """The references of the elements a CSS selector finds."""
        found = self._call("POST", "/elements", {"using": "css selector", "value": selector})
        assert isinstance(found, list)
        return [str(cast(dict[str, JsonValue], e)[ELEMENT]) for e in found]

    def click(self, selector: str) -> None:
        """Click the first element the selector finds, as a person would (scrolled into view)."""
        elements = self.find(selector)
        if not elements:
            raise WebDriverError(f"nothing on the page matches {selector!r}")
        self._call("POST", f"/element/{elements[0]}/click", {})

    def type(self, selector: str, text: str) -> None:
        """Type ``text`` into the first element the selector finds."""
        elements = self.find(selector)
        if not elements:
            raise WebDriverError(f"nothing on the page matches {selector!r}")
        self._call("POST", f"/element/{elements[0]}/value", {"text": text})

    def texts(self, selector: str) -> list[str]:
        """The rendered text of every element the selector finds (hidden ones give "")."""
        value = self.run(
            "return Array.from(document.querySelectorAll(arguments[0]))"
            ".map(function (e) { return e.innerText.replace(/\\s+/g, ' ').trim(); });",
            selector,
        )
        assert isinstance(value, list)
        return [str(v) for v in value]

    def wait_for(self, script: str, timeout: float = 10.0) -> JsonValue:
        """Run ``script`` until it returns something truthy, and return that."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.run(script)
            if value:
                return value
            if time.monotonic() > deadline:
                raise WebDriverError(f"timed out waiting for: {script}")
            time.sleep(0.05)

    def screenshot(self, target: Path) -> None:
        """A PNG of the window."""
        data = self._call("GET", "/screenshot")
        assert isinstance(data, str)
        target.write_bytes(base64.b64decode(data))


@contextmanager
def browser(
    profile: Path, size: tuple[int, int] = (1200, 900), extra: Sequence[str] = ()
) -> Iterator[Browser]:
    """Start chromedriver and a headless Chromium with a fresh profile; stop both after."""
    for program in (CHROMIUM, CHROMEDRIVER):
        if not program.is_file():
            raise FileNotFoundError(
                f"{program} is missing: install Debian's chromium and chromium-driver packages"
            )
    port = _free_port()
    driver = subprocess.Popen(
        [str(CHROMEDRIVER), f"--port={port}", "--allowed-ips=127.0.0.1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_ready(base)
        args = [*HEADLESS, f"--user-data-dir={profile}", f"--window-size={size[0]},{size[1]}"]
        capabilities: JsonValue = {
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": {"binary": str(CHROMIUM), "args": [*args, *extra]},
                }
            }
        }
        session = _request("POST", f"{base}/session", capabilities)
        assert isinstance(session, dict)
        session_id = str(session["sessionId"])
        try:
            yield Browser(base, session_id)
        finally:
            _request("DELETE", f"{base}/session/{session_id}")
    finally:
        driver.terminate()
        driver.wait(timeout=10)


def _request(method: str, url: str, body: JsonValue = None) -> JsonValue:
    data = None if method in ("GET", "DELETE") else json.dumps(body or {}).encode("utf-8")
    request = urllib.request.Request(
        url, data=data, method=method, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            answer = json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as e:
        raise WebDriverError(e.read().decode("utf-8", "replace")[:2000]) from e
    return cast(dict[str, JsonValue], answer).get("value")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_ready(base: str) -> None:
    deadline = time.monotonic() + 20
    while True:
        try:
            status = _request("GET", f"{base}/status")
            if isinstance(status, dict) and status.get("ready"):
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise WebDriverError(f"chromedriver at {base} did not start")
        time.sleep(0.1)
