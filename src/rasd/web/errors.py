"""One error shape for every JSON error, and a request-size guard.

Every JSON error is ``{"ok": false, "error": "<what happened>", "status": <code>}``
(validation errors add ``"detail"``: the fields at fault).  Pages get the same
message in an HTML error page with the same status.  Nothing user-supplied ever
makes a 500: bad input is a 4xx raised on purpose, and a genuine bug is still
answered in the same shape (and logged) rather than as a bare traceback.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from rasd.errors import InputError, RasdError, RecordError, StoreError

log = logging.getLogger("rasd.web")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class WebError(RasdError):
    """A request that cannot be answered, with the HTTP status that says why."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def error_body(status: int, message: str, detail: Any = None) -> dict[str, Any]:
    """The one JSON error shape."""
    body: dict[str, Any] = {"ok": False, "error": message, "status": status}
    if detail is not None:
        body["detail"] = detail
    return body


def status_for(exc: RasdError) -> int:
    """The HTTP status a library error maps to."""
    if isinstance(exc, WebError):
        return exc.status
    if isinstance(exc, InputError | RecordError):
        return 422
    if isinstance(exc, StoreError):
        return 503
    if type(exc).__name__ == "QueryError":  # rasd.store.query.QueryError: a query that matches nothing
        return 400
    return 400


class BodyTooLarge(Exception):
    """Raised inside ``receive`` when a streamed body passes the limit."""


class BodyLimit:
    """ASGI middleware: refuse request bodies over ``max_bytes`` with 413 (JSON shape).

    A declared ``Content-Length`` over the limit is refused before any byte is read;
    a chunked body is counted as it streams and cut off at the limit.  This runs
    outside FastAPI so that no route ever sees (or buffers) an oversized body.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers") or ():
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    await self._reject(scope, send, 400, "Content-Length is not a number")
                    return
                if declared > self.max_bytes:
                    await self._reject(scope, send, 413, self._too_large())
                    return
        seen = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise BodyTooLarge
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, tracked_send)
        except BodyTooLarge:
            if not started:
                await self._reject(scope, send, 413, self._too_large())

    def _too_large(self) -> str:
        return (f"request body is larger than {self.max_bytes // 1024} KiB; "
                "send one article at a time, as plain text or HTML")

    async def _reject(self, scope: Scope, send: Send, status: int, message: str) -> None:
        path = str(scope.get("path", ""))
        if path.startswith("/api/") or not _wants_html(scope):
            body = json.dumps(error_body(status, message), ensure_ascii=False).encode("utf-8")
            ctype = b"application/json"
        else:
            from rasd.web.render import error_page_html

            body = error_page_html(status, message).encode("utf-8")
            ctype = b"text/html; charset=utf-8"
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", ctype), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


def _wants_html(scope: Scope) -> bool:
    for name, value in scope.get("headers") or ():
        if name == b"accept":
            return b"text/html" in value
    return False
