"""ASGI middleware of the service: the access log and the bearer token.

Both are plain ASGI callables (no per-request task or body buffering, as Starlette's
``BaseHTTPMiddleware`` would add).
"""

from __future__ import annotations

import hmac
import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

ACCESS_LOG = logging.getLogger("einvoice.serve.access")


class AccessLog:
    """One line per request: client, method, path, status, bytes sent, milliseconds.

    The path names the input (the KoSIT daemon's convention); no header, query value or body
    byte is logged, so no invoice content reaches the log.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on and log its answer."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.monotonic()
        status = 0
        sent = 0

        async def watch(message: Message) -> None:
            nonlocal status, sent
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                sent += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, watch)
        finally:
            client = scope.get("client")
            ACCESS_LOG.info(
                '%s "%s %s" %d %d %.1fms',
                f"{client[0]}:{client[1]}" if client else "-",
                scope["method"],
                scope["path"],
                status,
                sent,
                (time.monotonic() - started) * 1000,
            )


class BearerToken:
    """Demands ``Authorization: Bearer TOKEN`` on every route but the open ones.

    An open route is ``(method, path)``; a method of ``None`` opens the path to every method.
    """

    def __init__(
        self, app: ASGIApp, token: str | None, open_routes: tuple[tuple[str | None, str], ...]
    ) -> None:
        self.app = app
        self._expected = f"Bearer {token}".encode() if token else None
        self._open = open_routes

    def _is_open(self, scope: Scope) -> bool:
        return any(
            path == scope["path"] and method in (None, scope["method"])
            for method, path in self._open
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer 401 without the token; pass the request on with it."""
        if self._expected is None or scope["type"] != "http" or self._is_open(scope):
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(b"authorization", b"")
        if hmac.compare_digest(given, self._expected):
            await self.app(scope, receive, send)
            return
        await send(
            {
                "type": "http.response.start",
                "status": 401,
                "headers": [
                    (b"content-type", b"text/plain; charset=utf-8"),
                    (b"www-authenticate", b"Bearer"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": b"a bearer token is required\n"})
