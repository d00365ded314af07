"""The ASGI server under the service: uvicorn, with a graceful stop that exits normally.

On SIGTERM or SIGINT uvicorn stops accepting connections, answers the requests in flight
(within a grace period) and returns. It then re-raises the signal, which would end the process
with the signal's status; a service stopped on purpose exits 0 instead, so that is left out.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from socket import socket

import uvicorn
from starlette.types import ASGIApp


class Server(uvicorn.Server):
    """uvicorn's server, telling when it accepts connections (see the module docstring)."""

    def __init__(self, app: ASGIApp, *, grace: float, on_listening: Callable[[], None]) -> None:
        config = uvicorn.Config(
            app,
            log_config=None,  # the command configures logging
            access_log=False,  # one line per request comes from service/middleware.py
            lifespan="off",
            timeout_graceful_shutdown=math.ceil(grace),
        )
        super().__init__(config)
        self._on_listening = on_listening

    async def startup(self, sockets: list[socket] | None = None) -> None:
        """Start listening, then say so."""
        await super().startup(sockets)
        if self.started:
            self._on_listening()

    @contextmanager
    def capture_signals(self) -> Iterator[None]:
        """uvicorn's signal handling, without re-raising the signal after the stop."""
        with super().capture_signals():
            yield
            self._captured_signals.clear()
