"""One error shape for every JSON error, and a request-size guard.

Every JSON error is ``{"ok": false, "error": "<what happened>", "status": <code>}``
(validation errors add ``"detail"``: the fields at fault).  Pages get the same
message in an HTML error page with the same status.  Nothing user-supplied ever
makes a 500: bad input is a 4xx raised on purpose, and a genuine bug is still
answered in the same shape (and logged) rather than as a bare traceback.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from rasd.errors import InputError, RasdError, RecordError, StoreError

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class WebError(RasdError):
    """A request that cannot be answered, with the HTTP status that says why.

    ``message`` is the English the JSON API answers; ``ar`` what the Arabic pages
    show instead (None: the page says what the status means, in Arabic).
    """

    def __init__(self, status: int, message: str, ar: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.ar = ar


def message_ar(exc: RasdError, status: int) -> str:
    """What an Arabic page says about a library error: its own Arabic, else its status's."""
    from rasd.web.arabic import status_ar

    return getattr(exc, "ar", None) or status_ar(status)


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


def header(scope: Scope, name: bytes) -> str | None:
    """A request header (first of its name), or None."""
    for key, value in scope.get("headers") or ():
        if key == name:
            return bytes(value).decode("latin-1")
    return None


def wants_html(scope: Scope) -> bool:
    """A browser navigation (pages get HTML errors; the API and other clients JSON)."""
    path = str(scope.get("path", ""))
    return not path.startswith("/api/") and path != "/api" and "text/html" in (header(scope, b"accept") or "")


async def send_error(scope: Scope, send: Send, status: int, message: str, *, more_body: bool = False) -> None:
    """The error shape (JSON, or the HTML error page for a browser), closing the connection.

    With ``more_body`` every byte of the answer is sent but the response is left open,
    so that the caller can read the rest of the request before finishing it.
    """
    if wants_html(scope):
        from rasd.web.render import error_page_html

        body = error_page_html(status, message).encode("utf-8")
        ctype = b"text/html; charset=utf-8"
    else:
        body = json.dumps(error_body(status, message), ensure_ascii=False).encode("utf-8")
        ctype = b"application/json"
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", ctype), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close"), (b"cache-control", b"no-store")]})
    await send({"type": "http.response.body", "body": body, "more_body": more_body})


class BodyLimit:
    """ASGI middleware: refuse request bodies over ``max_bytes`` with 413, and make sure
    the client can read that answer.

    A declared ``Content-Length`` over the limit is refused before any byte is read;
    a chunked body is counted as it streams and refused once it passes the limit,
    even when a framework inside catches the error (its own answer is replaced).
    The refusal is sent whole, and then up to ``drain_bytes`` more of the body (for
    at most ``drain_seconds``) are read and dropped before the connection is closed:
    a client that writes its whole request before reading (most do) would otherwise
    meet a reset connection instead of the 413.  (A client that announced
    ``Expect: 100-continue`` sends no body, so none is read.)  This runs outside
    FastAPI so that no route ever sees or buffers an oversized body.
    """

    def __init__(self, app: ASGIApp, max_bytes: int, drain_bytes: int = 64 * 1024 * 1024,
                 drain_seconds: float = 10.0) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.drain_bytes = drain_bytes
        self.drain_seconds = drain_seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = header(scope, b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > self.max_bytes
            except ValueError:
                await send_error(scope, send, 400, "Content-Length is not a number")
                return
            if too_big:
                await self._refuse(scope, receive, send)
                return
        state = {"seen": 0, "over": False, "started": False, "refused": False, "ended": False}

        async def counted_receive() -> Message:
            if state["over"]:
                raise BodyTooLarge
            message = await receive()
            if message["type"] == "http.request":
                state["seen"] += len(message.get("body", b""))
                state["ended"] = not message.get("more_body", False)
                if state["seen"] > self.max_bytes:
                    state["over"] = True
                    raise BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            if state["over"] and not state["started"]:
                # a route or framework caught BodyTooLarge and answers (FastAPI's form
                # parser says 400): the answer is 413, whatever it says
                if not state["refused"]:
                    state["refused"] = True
                    await self._refuse(scope, receive, send, bool(state["ended"]))
                return
            if message["type"] == "http.response.start":
                state["started"] = True
            await send(message)

        try:
            await self.app(scope, counted_receive, guarded_send)
        except BodyTooLarge:
            if not state["started"] and not state["refused"]:
                await self._refuse(scope, receive, send, bool(state["ended"]))

    def _too_large(self) -> str:
        return (f"request body is larger than {self.max_bytes // 1024} KiB; "
                "send one article at a time, as plain text or HTML")

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, ended: bool = False) -> None:
        """Answer 413, then read what is left of the body (``ended``: nothing is)."""
        await send_error(scope, send, 413, self._too_large(), more_body=True)
        if not ended and (header(scope, b"expect") or "").lower() != "100-continue":
            await self._drain(receive)
        await send({"type": "http.response.body", "body": b"", "more_body": False})

    async def _drain(self, receive: Receive) -> None:
        """Read and drop the rest of the body, within the drain bounds."""
        drained = 0
        try:
            async with asyncio.timeout(self.drain_seconds):
                while drained <= self.drain_bytes:
                    message = await receive()
                    if message["type"] != "http.request":
                        return
                    drained += len(message.get("body", b""))
                    if not message.get("more_body", False):
                        return
        except TimeoutError:
            return
